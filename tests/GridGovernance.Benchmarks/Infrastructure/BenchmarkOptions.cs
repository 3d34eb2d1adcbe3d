using System.Globalization;

namespace GridGovernance.Benchmarks.Infrastructure;

/// <summary>
/// Command-line options of the benchmarks. Sizes of P2 and P3 follow <c>--properties</c> unless given, so one flag
/// scales a whole run (the CI smoke passes a small one).
/// </summary>
internal sealed record BenchmarkOptions(
    string Connection,
    IReadOnlySet<string> Scenarios,
    int Properties,
    int[] Concurrency,
    TimeSpan Warmup,
    TimeSpan Duration,
    string? PgBenchPath,
    int PgBenchScale,
    int Seed,
    int ImportProperties,
    int TenanciesPerProperty,
    int ImportPeople,
    int PendingDeadlines,
    int DueDeadlines,
    int Alerts,
    bool Breakdown,
    bool TracesOff,
    TimeSpan Hold,
    string? GcDump)
{
    /// <summary>Every scenario, in the order they run: P5 last, so it weighs everything the others registered.</summary>
    public static readonly string[] All = ["p1", "p4", "p2", "p3", "p6", "p5"];

    public static BenchmarkOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        int Int(string name, int fallback) => int.Parse(Value(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        TimeSpan Seconds(string name, string fallback) => TimeSpan.FromSeconds(double.Parse(Value(name, fallback), CultureInfo.InvariantCulture));

        var connection = Value("--connection", Environment.GetEnvironmentVariable("ConnectionStrings__grid") ?? "");
        if (connection.Length == 0)
        {
            throw new ArgumentException("--connection (or ConnectionStrings__grid) is required; run.sh beside this program starts a private PostgreSQL and passes it.");
        }

        var scenarios = Value("--scenario", "all").ToLowerInvariant().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = scenarios.Where(s => s != "all" && !All.Contains(s)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown scenario {string.Join(", ", unknown)}; use {string.Join("|", All)}|all (comma-separated for several)");
        }

        var properties = Int("--properties", 2000);
        return new BenchmarkOptions(
            connection,
            scenarios.Contains("all") ? All.ToHashSet() : scenarios.ToHashSet(),
            properties,
            [.. Value("--concurrency", "64,256").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))],
            Seconds("--warmup", "3"),
            Seconds("--seconds", "15"),
            Value("--pgbench", "") is { Length: > 0 } p ? p : null,
            Int("--pgbench-scale", 10),
            Int("--seed", 2016),
            Int("--import-properties", Math.Max(10, properties / 2)),
            Int("--tenancies-per-property", 10),
            Int("--import-people", Math.Max(10, properties / 20)),
            Int("--pending", properties * 2),
            Int("--due", properties),
            Int("--alerts", Math.Clamp(properties / 20, 10, 100)),
            args.Contains("--breakdown"),
            args.Contains("--traces-off"),
            Seconds("--hold", "0"),
            Value("--gcdump", "") is { Length: > 0 } g ? g : null);
    }

    /// <summary>Whether <paramref name="scenario"/> runs.</summary>
    public bool Runs(string scenario) => Scenarios.Contains(scenario);
}
