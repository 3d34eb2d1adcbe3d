using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Persistence.Tests.Infrastructure;
using Npgsql;

namespace GridGovernance.Persistence.Tests;

/// <summary>
/// The journal is written by the grain-state statement itself (deploy/sql/0004): state and journal are
/// committed together or not at all, and an event id is journaled once however often it is written.
/// </summary>
public sealed class JournalTests(PostgresServer postgres)
{
    private static readonly WorkerId Worker = new(Guid.NewGuid());

    [Fact]
    public async Task Register_JournalsTheEventsWithEntityCellCommunityAndActor()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var cluster = await StorageCluster.StartAsync(connectionString, "svc");
        var grid = new TestGrid();
        await grid.ImportAsync(cluster.Grains);
        var id = new PropertyId(Guid.NewGuid());

        await cluster.Grains.Property(id).RegisterAsync(new RegisterProperty(grid.District, "岐关路1号", TestGrid.Centre(1, 1), new Landlord("房东", "1"), RiskGrade.Green, null), "officer:7");

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var rows = await MigrationTests.QueryAsync(dataSource,
            $"SELECT event_type || '|' || actor || '|' || coalesce(cell, '') || '|' || coalesce(community, '') FROM journal WHERE entity_id = '{id}' ORDER BY seq");
        Assert.Equal([$"placed|officer:7|{grid.B2}|{grid.CommunityB}", $"property-registered|officer:7|{grid.B2}|{grid.CommunityB}"], rows);
        Assert.Equal(["4"], await MigrationTests.QueryAsync(dataSource, "SELECT count(*) FROM journal WHERE event_type = 'cell-defined'"));
    }

    [Fact]
    public async Task Visit_SentThreeTimes_IsJournaledOnce()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var cluster = await StorageCluster.StartAsync(connectionString, "svc");
        var (property, id, location) = await RegisterAsync(cluster);
        var visit = new VisitCommand(Guid.NewGuid(), Worker, location, 5, DateTimeOffset.UtcNow, null);

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await property.RecordVisitAsync(visit, "worker:1")).Outcome.IsOk);
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(["1"], await MigrationTests.QueryAsync(dataSource, $"SELECT count(*) FROM journal WHERE entity_id = '{id}' AND event_type = 'visit-recorded'"));
    }

    [Fact]
    public async Task JournalInsertFails_StateIsNotWrittenEither_AndTheRetryWritesBothOnce()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var cluster = await StorageCluster.StartAsync(connectionString, "svc");
        var (property, id, location) = await RegisterAsync(cluster);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        // Break the journal half of the statement for visits only: the crash "between the two" made real.
        await MigrationTests.QueryAsync(dataSource, """
            CREATE FUNCTION fail_visits() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.event_type = 'visit-recorded' THEN RAISE EXCEPTION 'journal unavailable'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER fail_visits BEFORE INSERT ON journal FOR EACH ROW EXECUTE FUNCTION fail_visits();
            SELECT 1;
            """);
        var visit = new VisitCommand(Guid.NewGuid(), Worker, location, 5, DateTimeOffset.UtcNow, null);
        var versionBefore = await MigrationTests.QueryAsync(dataSource, "SELECT version FROM orleans_storage WHERE graintypestring = 'property/rental-property'");

        await Assert.ThrowsAnyAsync<Exception>(() => property.RecordVisitAsync(visit, "worker:1").AsTask());

        Assert.Equal(versionBefore, await MigrationTests.QueryAsync(dataSource, "SELECT version FROM orleans_storage WHERE graintypestring = 'property/rental-property'"));
        Assert.Null((await property.GetAsync())!.LastVisitedAt);

        await MigrationTests.QueryAsync(dataSource, "DROP TRIGGER fail_visits ON journal; SELECT 1;");
        var retried = await property.RecordVisitAsync(visit, "worker:1");

        Assert.True(retried.Outcome.IsOk, retried.Outcome.Detail);
        Assert.Equal(["1"], await MigrationTests.QueryAsync(dataSource, $"SELECT count(*) FROM journal WHERE entity_id = '{id}' AND event_type = 'visit-recorded'"));
        Assert.NotNull((await property.GetAsync())!.LastVisitedAt);
    }

    [Fact]
    public async Task Reimport_ChangedBoundaries_JournalKeepsOldAndNewBoundaryAndTheMove()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var cluster = await StorageCluster.StartAsync(connectionString, "svc");
        var grid = new TestGrid();
        await grid.ImportAsync(cluster.Grains);
        var id = new PropertyId(Guid.NewGuid());
        var point = new GeoPoint(TestGrid.West + 0.75 * TestGrid.Size, TestGrid.South + 0.5 * TestGrid.Size);
        await cluster.Grains.Property(id).RegisterAsync(new RegisterProperty(grid.District, "岐关路4号", point, new Landlord("房东", "1"), RiskGrade.Green, null), "officer:7");

        await grid.ImportAsync(cluster.Grains, splitColumn: 0.5);

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var history = await MigrationTests.QueryAsync(dataSource,
            $"SELECT entity_id || '|' || (payload->>'version') || '|' || (payload->>'previousWkb' IS NOT NULL) FROM journal WHERE event_type = 'cell-redefined' ORDER BY entity_id");
        Assert.Equal([$"{grid.A1}|2|true", $"{grid.A2}|2|true"], history);
        Assert.Equal([$"{grid.A1}>{grid.A2}"], await MigrationTests.QueryAsync(dataSource,
            $"SELECT (payload->>'from') || '>' || (payload->>'to') FROM journal WHERE entity_id = '{id}' AND event_type = 'placed' AND payload->>'from' IS NOT NULL"));
    }

    private static async Task<(IRentalPropertyGrain Property, PropertyId Id, GeoPoint Location)> RegisterAsync(StorageCluster cluster)
    {
        var grid = new TestGrid();
        await grid.ImportAsync(cluster.Grains);
        var id = new PropertyId(Guid.NewGuid());
        var location = TestGrid.Centre(0, 0);
        var property = cluster.Grains.Property(id);
        var outcome = await property.RegisterAsync(new RegisterProperty(grid.District, "岐关路2号", location, new Landlord("房东", "1"), RiskGrade.Green, null), "officer:7");
        Assert.True(outcome.IsOk, outcome.Detail);
        return (property, id, location);
    }
}
