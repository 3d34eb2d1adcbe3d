using System.Collections.Concurrent;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Grains.Tests.Infrastructure;
using GridGovernance.Grains.Tests.Rentals;
using GridGovernance.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;
using Orleans.TestingHost;

namespace GridGovernance.Grains.Tests.Common;

/// <summary>
/// A call to one of our grains that throws after it changed its memory leaves no trace of the change: the silo's
/// DeactivateOnFailureFilter drops the activation, and the next call starts from what is stored. Proven with a
/// deliberately failing path: the grain's own write fails (injected), after the command changed its memory.
/// </summary>
[Collection(FailingStorageCluster.Name)]
public sealed class FailedCallTests(FailingStorageClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.Client;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    [Fact]
    public async Task ATenancyWhoseWriteFails_LeavesNothingInMemory_TheRetryAppliesIt()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var before = RentalKit.Snapshot(await property.GetAsync());
        var tenancy = RentalKit.Tenancy(Now - TimeSpan.FromDays(1));

        FailingStorage.FailNextWrite(property.GetGrainId());
        await AssertInjectedAsync(() => property.RegisterTenancyAsync(tenancy, "test").AsTask());

        // The tenancy and its report deadline were in memory when the write failed: none of it is seen.
        Assert.Empty((await property.GetTenanciesAsync())!);
        Assert.Equal(before, RentalKit.Snapshot(await property.GetAsync()));
        // Memory did not remember the id either: the retry is applied, not answered as a replay.
        var retry = await property.RegisterTenancyAsync(tenancy, "test");
        Assert.Equal((true, false), (retry.IsOk, retry.Replayed));
        Assert.Single((await property.GetTenanciesAsync())!);
    }

    [Fact]
    public async Task AVisitWhoseWriteFails_LeavesNothingInMemory_TheRetryIsNoReplay()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now - TimeSpan.FromDays(3));
        var before = RentalKit.Snapshot(await property.GetAsync());
        var visit = new VisitCommand(Guid.NewGuid(), RentalKit.Worker, RentalKit.Location, 5, Now, null);

        FailingStorage.FailNextWrite(property.GetGrainId());
        await AssertInjectedAsync(() => property.RecordVisitAsync(visit, "worker:test").AsTask());

        Assert.Equal(before, RentalKit.Snapshot(await property.GetAsync()));
        var retry = await property.RecordVisitAsync(visit, "worker:test");

        Assert.Equal((true, false), (retry.Outcome.IsOk, retry.Outcome.Replayed));
    }

    [Fact]
    public async Task ARegistrationWhoseWriteFails_LeavesNothingInMemory_TheRetryRegisters()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var property = Grains.Property(new PropertyId(Guid.NewGuid()));
        var command = new RegisterProperty(grid.District, "石岐出租屋路8号", RentalKit.Location, new Landlord("房东", "13800000000"), RiskGrade.Green, null);

        FailingStorage.FailNextWrite(property.GetGrainId());
        await AssertInjectedAsync(() => property.RegisterAsync(command, "test").AsTask());

        Assert.Null(await property.GetAsync());
        var retry = await property.RegisterAsync(command, "test");

        Assert.Equal((true, false), (retry.IsOk, retry.Replayed));
        Assert.NotNull(await property.GetAsync());
    }

    [Fact]
    public async Task CallsQueuedBehindAFailingCall_AreServedByAFreshActivation_NotFailedWithItsError()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var before = RentalKit.Snapshot(await property.GetAsync());
        var gate = new FailingStorage.Gate();
        var tenancy = RentalKit.Tenancy(Now - TimeSpan.FromDays(1));
        var other = RentalKit.Tenancy(Now - TimeSpan.FromDays(1));

        FailingStorage.FailNextWrite(property.GetGrainId(), gate);
        var failing = property.RegisterTenancyAsync(tenancy, "test").AsTask();
        await gate.Reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // While the failing call holds the grain, a read and another caller's command queue behind it.
        var read = property.GetAsync().AsTask();
        var command = property.RegisterTenancyAsync(other, "someone else").AsTask();
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        gate.Release.SetResult();

        await AssertInjectedAsync(() => failing);
        // They were not answered with the failed call's error, nor from its memory: a fresh activation served them
        // (in either order, so the read shows the property as before, or with the other tenancy only).
        var seen = RentalKit.Snapshot(await read);
        Assert.True((await command).IsOk);
        var after = RentalKit.Snapshot(await property.GetAsync());
        Assert.Contains(seen, new[] { before, after });
        Assert.DoesNotContain(tenancy.TenancyId.ToString("N"), after, StringComparison.Ordinal);
        Assert.Equal([other.TenancyId], (await property.GetTenanciesAsync())!.Select(t => t.TenancyId));
    }

    /// <summary>The call failed for the injected reason (and no other).</summary>
    private static async Task AssertInjectedAsync(Func<Task> call)
    {
        var thrown = await Assert.ThrowsAnyAsync<Exception>(call);
        Assert.Contains(FailingStorage.Message, thrown.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>
/// Grain storage that fails the next write of a grain when a test asks (in-process cluster: shared memory); the
/// failing write can be held until the test lets it fail.
/// </summary>
internal sealed class FailingStorage(IGrainStorage inner) : IGrainStorage
{
    public const string Message = "injected storage failure";

    private static readonly ConcurrentDictionary<GrainId, Gate?> Armed = new();

    /// <summary>The next write of <paramref name="grain"/> throws (after <paramref name="gate"/> lets it, if given).</summary>
    public static void FailNextWrite(GrainId grain, Gate? gate = null) => Armed[grain] = gate;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!Armed.TryRemove(grainId, out var gate))
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
            return;
        }

        if (gate is not null)
        {
            gate.Reached.TrySetResult();
            await gate.Release.Task;
        }

        throw new InvalidOperationException(Message);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    /// <summary>Holds a failing write: <see cref="Reached"/> when it is under way, it fails once <see cref="Release"/> is set.</summary>
    public sealed class Gate
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>A cluster of its own whose grid storage can be told to fail a write, with the silo's real rules and filter.</summary>
public sealed class FailingStorageClusterFixture : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(GrainClusterFixture.Start);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(new FakeNowRealTimers(Time));
            silo.AddMemoryGrainStorage("grid-memory");
            silo.Services.AddKeyedSingleton<IGrainStorage>("grid", (sp, _) => new FailingStorage(sp.GetRequiredKeyedService<IGrainStorage>("grid-memory")));
            silo.UseInMemoryReminderService();
            silo.AddGridRules();
            silo.Services.Configure<GridGovernance.Grains.Common.Protection.PersonalDataOptions>(o =>
            {
                o.Keys["test"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                o.ActiveKey = "test";
                o.IndexKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            });
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class FailingStorageCluster : ICollectionFixture<FailingStorageClusterFixture>
{
    public const string Name = "failing storage cluster";
}
