using System.Globalization;
using GridGovernance.Benchmarks.Infrastructure;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Field;

namespace GridGovernance.Benchmarks.Scenarios;

/// <summary>
/// P1: durable check-ins per second through the API gateway (POST /api/v1/properties/{id}/visits as the cell's grid
/// worker), at each <c>--concurrency</c>, beside <c>pgbench -N</c> on the same PostgreSQL; the same check-ins as
/// direct grain calls (an Orleans client, no HTTP) as a second row. Goal: ≥ 0.5 of pgbench, p99 ≤ 50 ms at 64.
/// </summary>
internal sealed class CheckInScenario : IScenario
{
    public string Name => "p1";

    public async Task<bool> RunAsync(BenchSystem system)
    {
        var options = system.Options;
        var rows = new List<(string Path, LoadResult Result, double WalPerCheckIn)>();
        foreach (var concurrency in options.Concurrency)
        {
            rows.Add(await MeasureAsync(system, "HTTP (gateway)", concurrency, (_, random) => ViaHttpAsync(system, random)));
        }

        var worker = new WorkerId(Guid.NewGuid());
        foreach (var concurrency in options.Concurrency)
        {
            rows.Add(await MeasureAsync(system, "grain call (Orleans client, no HTTP)", concurrency, (_, random) => ViaGrainAsync(system, worker, random)));
        }

        if (options.Breakdown)
        {
            await PrintBreakdownAsync(system, rows[0].Result);
        }

        var state = await system.ScalarAsync<double>("SELECT coalesce(round(avg(octet_length(payloadbinary))), 0) FROM orleans_storage WHERE graintypestring = 'property/rental-property'");
        var pgbench = await PgBench.RunAsync(options, options.Duration);

        var table = new Markdown("path", "callers", "check-ins/s", "p50 ms", "p99 ms", "errors", $"pgbench -N tps ({PgBench.Clients} clients)", "ratio", "goal");
        foreach (var (path, r, _) in rows)
        {
            var goal = r.Concurrency == 64 ? "≥ 0.5, p99 ≤ 50 ms" : "≥ 0.5";
            table.Row(path, r.Concurrency, r.PerSecond, r.Latencies.P50, r.Latencies.P99, r.Errors, pgbench, pgbench is { } tps ? r.PerSecond / tps : null, goal);
        }

        table.Print("P1 durable check-ins");
        Console.WriteLine($"Each check-in: visit id dedupe, proximity, visit deadline completed and re-planned, state and journal events written in one statement, answered after commit. Property state: {state:0} bytes on average.");
        foreach (var (path, r, _) in rows.Where(r => r.Result.FirstError is not null))
        {
            Console.WriteLine($"first error ({path}, {r.Concurrency}): {r.FirstError}");
        }

        var http = rows.First();
        system.Costs.Add(("durable check-in over HTTP", $"{http.Result.PerSecond:0}/s at {http.Result.Concurrency} callers, p99 {http.Result.Latencies.P99:0} ms", "P1"));
        system.Costs.Add(("WAL written per check-in", $"{http.WalPerCheckIn:#,0} bytes", "P1, pg_current_wal_lsn() before and after"));
        system.Costs.Add(("rental property state after visiting", $"{state:#,0} bytes JSON", "P1, orleans_storage"));
        if (pgbench is { } ceiling)
        {
            system.Costs.Add(("PostgreSQL ceiling: pgbench -N (durable commits)", $"{ceiling:0} tps", "P1, same server, same run"));
        }

        return pgbench is not null && rows.All(r => r.Result.Errors == 0 && r.Result.MadeProgress);
    }

    /// <summary>
    /// Where an HTTP check-in's time goes, at the first concurrency: the gateway answering without auth or grains
    /// (/healthz), then an authorised read of the same property (the check-in's first grain call), beside the check-in.
    /// </summary>
    private static async Task PrintBreakdownAsync(BenchSystem system, LoadResult checkIn)
    {
        var options = system.Options;
        var concurrency = options.Concurrency[0];
        var health = await ClosedLoop.RunAsync(concurrency, options.Warmup, options.Duration, async (_, _) =>
        {
            using var response = await system.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
            return response.IsSuccessStatusCode;
        });
        var read = await ClosedLoop.RunAsync(concurrency, options.Warmup, options.Duration, async (_, random) =>
        {
            var site = system.Sites[random.Next(system.Sites.Count)];
            return (await system.SendAsync(HttpMethod.Get, $"/api/v1/properties/{site.Id}", system.WorkerToken(site.Cell))).Status == 200;
        });
        new Markdown("request", "callers", "per second", "p50 ms", "p99 ms", "errors")
            .Row("GET /healthz (no auth, no grain)", concurrency, health.PerSecond, health.Latencies.P50, health.Latencies.P99, health.Errors)
            .Row("GET /api/v1/properties/{id} (token, scope, 1 grain read)", concurrency, read.PerSecond, read.Latencies.P50, read.Latencies.P99, read.Errors)
            .Row("POST …/visits (token, scope, grain read + durable write)", concurrency, checkIn.PerSecond, checkIn.Latencies.P50, checkIn.Latencies.P99, checkIn.Errors)
            .Print("P1 breakdown (--breakdown)");
    }

    /// <summary>One check-in through the gateway, as the property's cell's grid worker; true on 200.</summary>
    public static async Task<bool> ViaHttpAsync(BenchSystem system, Random random)
    {
        var site = system.Sites[random.Next(system.Sites.Count)];
        var body = string.Create(CultureInfo.InvariantCulture,
            $"{{\"visitId\":\"{Guid.NewGuid()}\",\"location\":{{\"longitude\":{site.Location.Longitude},\"latitude\":{site.Location.Latitude}}},\"accuracyMetres\":8,\"deviceTime\":\"{DateTimeOffset.UtcNow:O}\"}}");
        var (status, _) = await system.SendAsync(HttpMethod.Post, $"/api/v1/properties/{site.Id}/visits", system.WorkerToken(site.Cell), body);
        return status == 200;
    }

    private static async Task<bool> ViaGrainAsync(BenchSystem system, WorkerId worker, Random random)
    {
        var site = system.Sites[random.Next(system.Sites.Count)];
        var visit = new VisitCommand(Guid.NewGuid(), worker, site.Location, 8, DateTimeOffset.UtcNow, null);
        var result = await system.Grains.Property(site.Property.Id).RecordVisitAsync(visit, "bench");
        return result.Outcome.IsOk;
    }

    private static async Task<(string, LoadResult, double)> MeasureAsync(BenchSystem system, string path, int concurrency, Func<int, Random, Task<bool>> operation)
    {
        const string wal = "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::float8";
        var before = await system.ScalarAsync<double>(wal);
        var result = await ClosedLoop.RunAsync(concurrency, system.Options.Warmup, system.Options.Duration, operation);
        var after = await system.ScalarAsync<double>(wal);
        Console.WriteLine($"p1 {path}, {concurrency} callers: {result.PerSecond:0}/s, p99 {result.Latencies.P99:0.0} ms, {result.Errors} errors");
        return (path, result, (after - before) / Math.Max(1, result.Attempts));
    }
}
