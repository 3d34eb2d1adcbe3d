using GridGovernance.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

[assembly: CaptureConsole]

namespace GridGovernance.Grains.Tests.Infrastructure;

/// <summary>
/// One in-process silo with memory storage, in-memory reminders and a fake clock that the tests advance.
/// Tests share it through a collection (so they run one at a time against the clock) and use fresh keys.
/// </summary>
public class GrainClusterFixture : IAsyncLifetime
{
    /// <summary>A Monday morning in Beijing time, so working-day arithmetic in tests is easy to follow.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    public FakeTimeProvider Time { get; } = new(Start);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The cells' reminder period in this cluster.</summary>
    protected virtual TimeSpan SweepPeriod => TimeSpan.FromHours(1);

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(new FakeNowRealTimers(Time));
            silo.AddMemoryGrainStorage("grid");
            silo.UseInMemoryReminderService();
            silo.AddGridRules();
            silo.Services.Configure<GridGovernance.Grains.Common.Protection.PersonalDataOptions>(o =>
            {
                o.Keys["test"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                o.ActiveKey = "test";
                o.IndexKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            });
            // Tests sweep cells explicitly; a long period keeps the cells' reminders out of the way.
            silo.Services.PostConfigure<GridGovernance.Grains.GridRulesOptions>(o => o.SweepPeriod = SweepPeriod);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

[CollectionDefinition(Name)]
public sealed class GrainCluster : ICollectionFixture<GrainClusterFixture>
{
    public const string Name = "grain cluster";
}

/// <summary>
/// A cluster of its own for scenario tests that run a case for months of simulated time, so their clock jumps
/// never touch the short tests' clock.
/// </summary>
public sealed class ScenarioClusterFixture : GrainClusterFixture
{
    protected override TimeSpan SweepPeriod => TimeSpan.FromDays(1);
}

[CollectionDefinition(Name)]
public sealed class ScenarioCluster : ICollectionFixture<ScenarioClusterFixture>
{
    public const string Name = "scenario cluster";
}

/// <summary>
/// The silo's clock in grain tests: "now" is the fake clock the tests advance, while timers and timestamps run on
/// the real clock. A FakeTimeProvider would fire every periodic timer in the silo (membership, activation
/// collection, reminders) once per elapsed period, so a month's jump would cost millions of ticks.
/// </summary>
internal sealed class FakeNowRealTimers(FakeTimeProvider fake) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();
}
