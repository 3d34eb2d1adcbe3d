using System.Diagnostics;
using GridGovernance.Benchmarks.Infrastructure;
using GridGovernance.Benchmarks.Scenarios;
using Npgsql;

// The benchmarks of issue #7 (P1–P6), each printing its figure beside its goal or a ceiling measured in the same run.
// Usage: see run.sh beside this file; `--scenario p1|p2|p3|p4|p5|p6|all` (comma-separated for several).
var options = BenchmarkOptions.Parse(args);
var csb = new NpgsqlConnectionStringBuilder(options.Connection);
Console.WriteLine($"GridGovernance benchmarks {string.Join(",", BenchmarkOptions.All.Where(options.Runs))} — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
    $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, database {csb.Host}:{csb.Port}/{csb.Database}");
Console.WriteLine($"command line: {string.Join(' ', args.Where((_, i) => i == 0 || args[i - 1] != "--connection").Where(a => a != "--connection"))}");

IScenario[] scenarios = [new CheckInScenario(), new OverviewScenario(), new ImportScenario(), new DeadlineScenario(), new EventScenario(), new MemoryScenario()];
var total = Stopwatch.StartNew();
await using var system = await BenchSystem.StartAsync(options);
Console.WriteLine($"PostgreSQL {await system.ScalarAsync<string>("SHOW server_version")}, synchronous_commit={await system.ScalarAsync<string>("SHOW synchronous_commit")}, fsync={await system.ScalarAsync<string>("SHOW fsync")}");

var failed = new List<string>();
foreach (var scenario in scenarios.Where(s => options.Runs(s.Name)))
{
    var clock = Stopwatch.StartNew();
    try
    {
        if (!await scenario.RunAsync(system))
        {
            failed.Add(scenario.Name);
        }
    }
    catch (Exception ex)
    {
        Console.Error.WriteLine($"{scenario.Name} failed: {ex}");
        failed.Add(scenario.Name);
    }

    Console.WriteLine($"({scenario.Name}: {clock.Elapsed.TotalSeconds:0} s)");
}

var costs = new Markdown("what", "figure", "where from");
foreach (var (what, figure, from) in system.Costs)
{
    costs.Row(what, figure, from);
}

costs.Print("Per-entity costs");
Console.WriteLine();
Console.WriteLine(failed.Count == 0
    ? $"all scenarios ran ({total.Elapsed.TotalSeconds:0} s)"
    : $"FAILED (errors or no progress): {string.Join(", ", failed)} ({total.Elapsed.TotalSeconds:0} s)");
return failed.Count == 0 ? 0 : 1;
