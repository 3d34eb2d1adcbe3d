using GridGovernance.Benchmarks.Infrastructure;
using GridGovernance.Hosting.Security;

namespace GridGovernance.Benchmarks.Scenarios;

/// <summary>
/// P4: the command centre's district overview (GET /api/v1/overview) read by a few callers, first alone (the ceiling
/// of this run), then while P1's HTTP check-in load runs at the first <c>--concurrency</c>. Goal: p99 ≤ 20 ms under load.
/// </summary>
internal sealed class OverviewScenario : IScenario
{
    private const int Readers = 4;

    public string Name => "p4";

    public async Task<bool> RunAsync(BenchSystem system)
    {
        var options = system.Options;
        var token = system.Token(GridRoles.CommandCentre);
        async Task<bool> ReadAsync(int caller, Random random) => (await system.SendAsync(HttpMethod.Get, "/api/v1/overview", token)).Status == 200;

        var alone = await ClosedLoop.RunAsync(Readers, options.Warmup, options.Duration, ReadAsync);
        var load = options.Concurrency[0];
        var checkIns = ClosedLoop.RunAsync(load, options.Warmup, options.Duration, (_, random) => CheckInScenario.ViaHttpAsync(system, random));
        var loaded = await ClosedLoop.RunAsync(Readers, options.Warmup, options.Duration, ReadAsync);
        var writes = await checkIns;

        new Markdown("overview read", "readers", "reads/s", "p50 ms", "p99 ms", "errors", "check-ins/s meanwhile", "goal")
            .Row("alone (ceiling)", Readers, alone.PerSecond, alone.Latencies.P50, alone.Latencies.P99, alone.Errors, 0, "")
            .Row($"with P1 at {load} callers", Readers, loaded.PerSecond, loaded.Latencies.P50, loaded.Latencies.P99, loaded.Errors, writes.PerSecond, "p99 ≤ 20 ms")
            .Print($"P4 district overview ({system.Cells} cells, {system.RegisteredProperties.Count:#,0} properties)");
        return alone.Errors + loaded.Errors + writes.Errors == 0 && alone.MadeProgress && loaded.MadeProgress && writes.MadeProgress;
    }
}
