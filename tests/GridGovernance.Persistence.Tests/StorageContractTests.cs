using GridGovernance.Contracts;
using GridGovernance.Grains;
using GridGovernance.Grains.Operations;
using GridGovernance.Persistence.Tests.Grains;
using GridGovernance.Persistence.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace GridGovernance.Persistence.Tests;

/// <summary>Grain state and reminders on our SQL, through the production storage configuration.</summary>
public sealed class StorageContractTests(PostgresServer postgres)
{
    private static string NewServiceId() => "svc-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task State_AfterFullClusterRestart_IsReadBack()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var serviceId = NewServiceId();
        await using (var first = await StorageCluster.StartAsync(connectionString, serviceId))
        {
            await first.Grains.Probe("restart").WriteAsync("before restart");
            await first.Grains.Probe("restart").WriteAsync("last write");
        }

        await using var second = await StorageCluster.StartAsync(connectionString, serviceId);
        var report = await second.Grains.Probe("restart").ReadAsync();

        Assert.Equal("last write", report.Value);
        Assert.Equal(2, report.Writes);
    }

    [Fact]
    public async Task Write_WithStaleETag_IsRejectedAndKeepsTheNewerState()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var cluster = await StorageCluster.StartAsync(connectionString, NewServiceId());
        var storage = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grid);
        var grainId = GrainId.Create("probe", "probe:etag");
        var first = new GrainState<ProbeState>(new ProbeState());
        var second = new GrainState<ProbeState>(new ProbeState());
        await storage.WriteStateAsync("probe", grainId, first);                 // insert: ETag 1
        await storage.ReadStateAsync("probe", grainId, second);                 // both now hold ETag 1
        first.State!.Value = "newer";
        await storage.WriteStateAsync("probe", grainId, first);                 // ETag 2
        second.State!.Value = "stale";

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("probe", grainId, second));

        var fresh = new GrainState<ProbeState>(new ProbeState());
        await storage.ReadStateAsync("probe", grainId, fresh);
        Assert.Equal("newer", fresh.State!.Value);
        Assert.Equal(first.ETag, fresh.ETag);
    }

    [Fact]
    public async Task Insert_WhenRowAlreadyExists_IsRejected()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var cluster = await StorageCluster.StartAsync(connectionString, NewServiceId());
        var storage = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grid);
        var grainId = GrainId.Create("probe", "probe:double-insert");
        await storage.WriteStateAsync("probe", grainId, new GrainState<ProbeState>(new ProbeState { Value = "first" }));

        // A second activation that never read (ETag null) must not overwrite what the first wrote.
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync("probe", grainId, new GrainState<ProbeState>(new ProbeState { Value = "second" })));
    }

    [Fact]
    public async Task Clear_ThenWrite_KeepsVersionLineAndRoundTrips()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var cluster = await StorageCluster.StartAsync(connectionString, NewServiceId());
        var storage = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grid);
        var grainId = GrainId.Create("probe", "probe:clear");
        var state = new GrainState<ProbeState>(new ProbeState { Value = "x" });
        await storage.WriteStateAsync("probe", grainId, state);

        await storage.ClearStateAsync("probe", grainId, state);
        var afterClear = new GrainState<ProbeState>(new ProbeState());
        await storage.ReadStateAsync("probe", grainId, afterClear);
        state.State = new ProbeState { Value = "y" };
        await storage.WriteStateAsync("probe", grainId, state);
        var afterWrite = new GrainState<ProbeState>(new ProbeState());
        await storage.ReadStateAsync("probe", grainId, afterWrite);

        Assert.Null(afterClear.State!.Value);
        Assert.Equal("y", afterWrite.State!.Value);
        Assert.Equal(state.ETag, afterWrite.ETag);
    }

    [Fact]
    public async Task TwoGrainClasses_SameKeyAndStateName_NeverShareARow()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var cluster = await StorageCluster.StartAsync(connectionString, NewServiceId());

        await cluster.Grains.GetGrain<ITwinGrain>("same-key", "GridGovernance.Persistence.Tests.Grains.TwinAGrain").SetAsync("a");
        await cluster.Grains.GetGrain<ITwinGrain>("same-key", "GridGovernance.Persistence.Tests.Grains.TwinBGrain").SetAsync("b");

        Assert.Equal("a", await cluster.Grains.GetGrain<ITwinGrain>("same-key", "GridGovernance.Persistence.Tests.Grains.TwinAGrain").GetAsync());
        Assert.Equal("b", await cluster.Grains.GetGrain<ITwinGrain>("same-key", "GridGovernance.Persistence.Tests.Grains.TwinBGrain").GetAsync());
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(
            ["test-twin-a/twin|k:same-key", "test-twin-b/twin|k:same-key"],
            await MigrationTests.QueryAsync(dataSource, "SELECT graintypestring || '|' || grainidextensionstring FROM orleans_storage ORDER BY 1"));
    }

    [Fact]
    public async Task StringKeys_ThatLookLikeHexOrGuids_NeverCollide()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var cluster = await StorageCluster.StartAsync(connectionString, NewServiceId());
        // Upstream, "abc", "ABC" and "0abc" parse as the integer 0xabc, and 32 hex digits parse as a Guid.
        string[] keys = ["abc", "ABC", "0abc", "00abc", "1234", "01234", "0123456789abcdef0123456789abcdef", "0123456789ABCDEF0123456789ABCDEF"];

        foreach (var key in keys)
        {
            await cluster.Grains.GetGrain<ITwinGrain>(key, "GridGovernance.Persistence.Tests.Grains.TwinAGrain").SetAsync("value of " + key);
        }

        foreach (var key in keys)
        {
            await cluster.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            Assert.Equal("value of " + key, await cluster.Grains.GetGrain<ITwinGrain>(key, "GridGovernance.Persistence.Tests.Grains.TwinAGrain").GetAsync());
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(keys.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(await MigrationTests.QueryAsync(dataSource, "SELECT count(*) FROM orleans_storage")));
    }

    [Fact]
    public async Task StoredPayload_IsPlainJsonWithoutClrTypeNames()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using (var cluster = await StorageCluster.StartAsync(connectionString, NewServiceId()))
        {
            await cluster.Grains.Probe("json").WriteAsync("你好");
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var payload = Assert.Single(await MigrationTests.QueryAsync(dataSource, "SELECT convert_from(payloadbinary, 'UTF8') FROM orleans_storage"));
        Assert.Contains("\"Writes\":1", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("$type", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("GridGovernance", payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminder_RegisteredBeforeFullClusterRestart_FiresAfterIt()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var serviceId = NewServiceId();
        await using (var first = await StorageCluster.StartAsync(connectionString, serviceId))
        {
            // Due well after the restart below, so only a reminder read back from PostgreSQL can fire it.
            await first.Grains.Probe("reminder").ScheduleAsync(TimeSpan.FromSeconds(12), TimeSpan.FromMinutes(1));
            Assert.Equal(0, (await first.Grains.Probe("reminder").ReadAsync()).ReminderTicks);
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        Assert.Single(await MigrationTests.QueryAsync(dataSource, $"SELECT grainid FROM orleans_reminders WHERE serviceid = '{serviceId}'"));

        await using var second = await StorageCluster.StartAsync(connectionString, serviceId);
        var report = await Eventually.ReturnsAsync(
            () => second.Grains.Probe("reminder").ReadAsync().AsTask(),
            r => r.ReminderTicks >= 1,
            TimeSpan.FromSeconds(60),
            "reminder 'probe' of probe:reminder to fire after the restart");

        Assert.Equal(1, report.ReminderTicks);
        await second.Grains.Probe("reminder").CancelAsync();
        Assert.Empty(await MigrationTests.QueryAsync(dataSource, $"SELECT grainid FROM orleans_reminders WHERE serviceid = '{serviceId}'"));
    }
}
