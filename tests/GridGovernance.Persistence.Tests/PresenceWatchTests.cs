using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Persistence.Tests.Infrastructure;
using Npgsql;

namespace GridGovernance.Persistence.Tests;

/// <summary>
/// GR-10 on a deployment whose cells got their workers before presence was watched (or whose one-way message to the
/// presence was lost): the cell's next activation wakes its presence, which starts watching (its reminder) by itself.
/// </summary>
public sealed class PresenceWatchTests(PostgresServer postgres)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ACellWithWorkers_WhosePresenceWasNeverWatched_StartsItsWatchOnTheCellsNextActivation()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var grid = new TestGrid();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        const string Reminders = "SELECT count(*) FROM orleans_reminders WHERE remindername = 'presence'";

        await using (var cluster = await StorageCluster.StartAsync(connectionString, "svc"))
        {
            await grid.ImportAsync(cluster.Grains);
            Assert.True((await cluster.Grains.Worker(new WorkerId(Guid.NewGuid())).RegisterAsync("网格员 周", [grid.A1], "test")).IsOk);
            await Eventually.ReturnsAsync(() => MigrationTests.QueryAsync(dataSource, Reminders), r => r.SequenceEqual(["1"]), Wait, "the presence watching after the assignment");
        }

        // As if presence had never existed when the worker was assigned: no presence state, no reminder.
        await using (var forget = dataSource.CreateCommand("DELETE FROM orleans_storage WHERE graintypestring LIKE 'cell-presence/%'; DELETE FROM orleans_reminders WHERE remindername = 'presence'"))
        {
            await forget.ExecuteNonQueryAsync();
        }

        await using (var restarted = await StorageCluster.StartAsync(connectionString, "svc"))
        {
            // Only the cell is called (as any visit, sweep or import would); the presence is not.
            Assert.Equal(1, (await restarted.Grains.Cell(grid.A1).GetSummaryAsync())!.Workers);
            await Eventually.ReturnsAsync(() => MigrationTests.QueryAsync(dataSource, Reminders), r => r.SequenceEqual(["1"]), Wait, "the presence watching again, woken by its cell");
            Assert.Equal(["1"], await MigrationTests.QueryAsync(dataSource, "SELECT count(*) FROM orleans_storage WHERE graintypestring LIKE 'cell-presence/%'"));
        }
    }
}
