using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.CommandCentre;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Persistence.Tests.Infrastructure;
using Npgsql;

namespace GridGovernance.Persistence.Tests;

/// <summary>
/// Issue #6 item 2: the command centre's monthly alert counts are kept by the cells from their alerts' reports, summed
/// from memory by communities and the district, checked against the journal on each community's reminder, and kept
/// across a restart of the whole cluster.
/// </summary>
public sealed class ReconciliationTests(PostgresServer postgres)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task AReportTheCellMissed_IsRepairedFromTheJournal_Once_AndTheCountsSurviveARestart()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var grid = new TestGrid();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var month = AlertTally.MonthOf(DateTimeOffset.UtcNow);

        await using (var cluster = await StorageCluster.StartAsync(connectionString, "svc"))
        {
            await grid.ImportAsync(cluster.Grains);
            var property = cluster.Grains.Property(new PropertyId(Guid.NewGuid()));
            var registered = await property.RegisterAsync(
                new RegisterProperty(grid.District, "岐关路9号", TestGrid.Centre(1, 0), new Landlord("房东", "1"), RiskGrade.Orange, DateTimeOffset.UtcNow.AddDays(-8)), "officer:7");
            Assert.True(registered.IsOk, registered.Detail);
            await cluster.Grains.Cell(grid.A2).SweepAsync();

            var community = cluster.Grains.Community(grid.CommunityA);
            await Eventually.ReturnsAsync(() => community.GetOverviewAsync().AsTask(), o => o!.Alerts?.Raised == 1 && o.Overdue == 1, Wait, "the card counted from the cell's report");
            var clean = await community.ReconcileAsync();
            Assert.Equal((month, 1, 0), (clean.Month, clean.Cells, clean.Repaired));

            // An alert the journal has but the cell never heard of: its report was lost between the alert's write and
            // the cell (a silo lost at that instant). Written here as the alert grain's statement would write it.
            var lost = AlertKeys.For(new EntityRef(EntityKind.RentalProperty, Guid.NewGuid()), "visit:1");
            await using (var insert = dataSource.CreateCommand("""
                INSERT INTO journal (event_id, entity_type, entity_id, event_type, actor, occurred_at, cell, community, payload)
                VALUES (gen_random_uuid(), 'alert', @key, 'alert-raised', 'system', now(), @cell, @community, '{"level":"Yellow"}'),
                       (gen_random_uuid(), 'alert', @key, 'alert-resolved', 'worker:1', now(), @cell, @community, '{"onTime":true}')
                """))
            {
                insert.Parameters.AddWithValue("key", lost);
                insert.Parameters.AddWithValue("cell", grid.A2.Value);
                insert.Parameters.AddWithValue("community", grid.CommunityA.Value);
                await insert.ExecuteNonQueryAsync();
            }

            var repaired = await community.ReconcileAsync();
            Assert.Equal((1, 1), (repaired.Cells, repaired.Repaired));
            Assert.Equal(0, (await community.ReconcileAsync()).Repaired);

            var district = await Eventually.ReturnsAsync(() => cluster.Grains.District(grid.District).GetOverviewAsync().AsTask(),
                o => o.Communities.Single(c => c.Code == grid.CommunityA).Alerts?.Raised == 2, Wait, "the district sees the repaired count");
            var a = district.Communities.Single(c => c.Code == grid.CommunityA);
            Assert.Equal(new AlertTally(month, 2, 1, 1), a.Alerts);
            Assert.NotNull(a.Reconciled);

            // One reconciliation reminder per community, none per cell or entity.
            Assert.Equal(["2"], await MigrationTests.QueryAsync(dataSource, "SELECT count(*) FROM orleans_reminders WHERE remindername = 'reconcile'"));
        }

        await using (var restarted = await StorageCluster.StartAsync(connectionString, "svc"))
        {
            var overview = await Eventually.ReturnsAsync(() => restarted.Grains.Community(grid.CommunityA).GetOverviewAsync().AsTask(),
                o => o!.Alerts?.Raised == 2, Wait, "the counts after a restart of the whole cluster");
            Assert.Equal(new AlertTally(month, 2, 1, 1), overview!.Alerts);
            Assert.Equal(1, overview.Overdue);
        }
    }
}
