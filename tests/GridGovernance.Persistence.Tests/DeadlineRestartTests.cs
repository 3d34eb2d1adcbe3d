using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Grains;
using GridGovernance.Persistence.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace GridGovernance.Persistence.Tests;

/// <summary>
/// Deadlines survive the whole cluster being down: the cells' reminders are in PostgreSQL, the deadlines in
/// the entities' state, and the entity's own state makes the alert exactly-once.
/// </summary>
public sealed class DeadlineRestartTests(PostgresServer postgres)
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 11, 9, 0, 0, TimeSpan.FromHours(8)));

    [Fact]
    public async Task DeadlinePassesWhileClusterIsDown_ExactlyOneAlertAfterRestart_AndNoneAfterASecondRestart()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var grid = new TestGrid();
        var ids = Enumerable.Range(0, 5).Select(_ => new PropertyId(Guid.NewGuid())).ToList();
        await using (var first = await StartAsync(connectionString))
        {
            await grid.ImportAsync(first.Grains);
            foreach (var id in ids)
            {
                // ORANGE: the next visit is due 7 days after the last one.
                var outcome = await first.Grains.Property(id).RegisterAsync(
                    new RegisterProperty(grid.District, "岐关路3号", TestGrid.Centre(0, 1), new Landlord("房东", "1"), RiskGrade.Orange, _time.GetUtcNow()), "test");
                Assert.True(outcome.IsOk, outcome.Detail);
            }
        }

        // One durable reminder for the cell, not one per entity (the communities' reconciliation reminders aside).
        Assert.Equal([$"cell/cell:{grid.B1}|deadlines"], await MigrationTests.QueryAsync(dataSource, "SELECT grainid || '|' || remindername FROM orleans_reminders WHERE remindername <> 'reconcile'"));
        _time.Advance(TimeSpan.FromDays(8));
        // From here the fake clock runs at real speed (8 days ahead), so timers and reminders that follow the
        // injected clock tick as they would in production.
        using var running = new CancellationTokenSource();
        var clock = RunClockAsync(running.Token);

        await using (var second = await StartAsync(connectionString))
        {
            await Eventually.ReturnsAsync(() => AlertsRaisedAsync(dataSource), n => n == ids.Count, TimeSpan.FromSeconds(60), "an alert per property after the restart");
            await Task.Delay(TimeSpan.FromSeconds(5)); // a few more reminder ticks
        }

        Assert.Equal(ids.Count, await AlertsRaisedAsync(dataSource));
        Assert.Equal([ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)], await MigrationTests.QueryAsync(dataSource, "SELECT count(*) FROM journal WHERE event_type = 'deadline-missed'"));

        await using (var third = await StartAsync(connectionString))
        {
            await third.Grains.Cell(grid.B1).SweepAsync();
            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(ids.Count, await AlertsRaisedAsync(dataSource));
        Assert.Equal([ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)], await MigrationTests.QueryAsync(dataSource, "SELECT count(*) FROM journal WHERE event_type = 'deadline-missed'"));
        await running.CancelAsync();
        await clock;
    }

    private async Task RunClockAsync(CancellationToken cancellationToken)
    {
        var last = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            _time.Advance(System.Diagnostics.Stopwatch.GetElapsedTime(last, now));
            last = now;
        }
    }

    private Task<StorageCluster> StartAsync(string connectionString) =>
        StorageCluster.StartAsync(connectionString, "svc-deadlines", configure: silo =>
        {
            silo.Services.AddSingleton<TimeProvider>(_time);
            silo.Services.PostConfigure<GridRulesOptions>(o => o.SweepPeriod = TimeSpan.FromSeconds(2));
            silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });

    private static async Task<int> AlertsRaisedAsync(NpgsqlDataSource dataSource) =>
        int.Parse((await MigrationTests.QueryAsync(dataSource, "SELECT count(*) FROM journal WHERE event_type = 'alert-raised'"))[0], System.Globalization.CultureInfo.InvariantCulture);
}
