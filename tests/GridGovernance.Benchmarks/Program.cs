using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using GridGovernance.Benchmarks;
using GridGovernance.Cli.Seeding;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Geography;
using GridGovernance.Hosting.Database;
using GridGovernance.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

// P1 (first cut): durable check-ins per second through the grains (co-hosted client, no HTTP), beside
// `pgbench -N` on the same PostgreSQL in the same run. Usage: see run.sh beside this file.
var options = BenchmarkOptions.Parse(args);
var csb = new NpgsqlConnectionStringBuilder(options.Connection);
Console.WriteLine($"GridGovernance benchmark P1 — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, database {csb.Host}:{csb.Port}/{csb.Database}");

await using var dataSource = GridDataSource.Create(options.Connection, "gridgov-bench");
await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
Console.WriteLine($"PostgreSQL {await ScalarAsync(dataSource, "SHOW server_version")}, synchronous_commit={await ScalarAsync(dataSource, "SHOW synchronous_commit")}, fsync={await ScalarAsync(dataSource, "SHOW fsync")}");

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Configuration["Orleans:ServiceId"] = "bench-" + Guid.NewGuid().ToString("N")[..8];
// Throwaway personal-data keys: the benchmark's data is synthetic and dropped with its database.
builder.Configuration["GridGovernance:Protection:Keys:bench"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
builder.Configuration["GridGovernance:Protection:ActiveKey"] = "bench";
builder.Configuration["GridGovernance:Protection:IndexKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
builder.UseOrleans(silo =>
{
    silo.UseLocalhostClustering(FreePort(), FreePort());
    silo.UseGridStorage(dataSource, builder.Configuration);
});
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();

// A district with the demo grid and N properties (registration is measured too).
var demo = new DemoDistrict(options.Seed);
var import = await grains.District(demo.District).ImportAsync(new GridImportRequest(demo.GridGeoJson(), false, "benchmark"), "bench");
if (!import.Outcome.IsOk)
{
    throw new InvalidOperationException("grid import failed: " + import.Outcome.Detail);
}

var now = DateTimeOffset.UtcNow;
var properties = demo.Properties(new DemoSize(options.Properties, 0, 0), now).ToList();
var registration = Stopwatch.StartNew();
await Parallel.ForEachAsync(properties, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (p, ct) =>
{
    var outcome = await grains.Property(p.Id).RegisterAsync(p.Registration with { LastVisitedAt = now }, "bench", ct);
    if (!outcome.IsOk && outcome.Kind != OutcomeKind.Conflict)
    {
        throw new InvalidOperationException(outcome.Detail);
    }
});
Console.WriteLine($"registered {properties.Count} properties in {registration.Elapsed.TotalSeconds:0.0} s ({properties.Count / registration.Elapsed.TotalSeconds:0}/s, 64 concurrent)");

var results = new List<(int Concurrency, CheckInLoad.Result Result)>();
foreach (var concurrency in options.Concurrency)
{
    var result = await CheckInLoad.RunAsync(grains, properties, concurrency, options.Warmup, options.Duration);
    results.Add((concurrency, result));
}

await host.StopAsync();
Console.WriteLine($"property state: {await ScalarAsync(dataSource, "SELECT round(avg(octet_length(payloadbinary))) FROM orleans_storage WHERE graintypestring = 'property/rental-property'")} bytes on average; " +
    $"journal: {await ScalarAsync(dataSource, "SELECT count(*) FROM journal")} events; reminders: {await ScalarAsync(dataSource, "SELECT count(*) FROM orleans_reminders")} for {import.Cells} cells");

var pgbench = await PgBench.RunAsync(options, csb);

Console.WriteLine();
Console.WriteLine("| concurrency | durable check-ins/s | p50 ms | p99 ms | errors | pgbench -N tps (16 clients) | ratio |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var (concurrency, r) in results)
{
    var ratio = pgbench is { } tps ? (r.PerSecond / tps).ToString("0.00", CultureInfo.InvariantCulture) : "n/a";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {concurrency} | {r.PerSecond:0} | {r.P50:0.0} | {r.P99:0.0} | {r.Errors} | {(pgbench is { } t ? t.ToString("0", CultureInfo.InvariantCulture) : "not run")} | {ratio} |"));
}

Console.WriteLine("Each check-in: visit id dedupe, proximity, deadline completed and re-planned, cell index updated, state and journal written in one statement; answered after commit.");

// A run that made no check-ins or had failures is broken, whatever its speed.
return results.Any(r => r.Result.Errors > 0 || r.Result.PerSecond == 0) || pgbench is null ? 1 : 0;

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task<string> ScalarAsync(NpgsqlDataSource dataSource, string sql)
{
    await using var command = dataSource.CreateCommand(sql);
    return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? "";
}

namespace GridGovernance.Benchmarks
{
    /// <summary>Command-line options of the benchmark.</summary>
    internal sealed record BenchmarkOptions(string Connection, int Properties, int[] Concurrency, TimeSpan Warmup, TimeSpan Duration, string? PgBenchPath, int Seed)
    {
        public static BenchmarkOptions Parse(string[] args)
        {
            string Value(string name, string fallback)
            {
                var i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
            }

            var connection = Value("--connection", Environment.GetEnvironmentVariable("ConnectionStrings__grid") ?? "");
            if (connection.Length == 0)
            {
                throw new ArgumentException("--connection (or ConnectionStrings__grid) is required; run.sh beside this program starts a private PostgreSQL and passes it.");
            }

            return new BenchmarkOptions(
                connection,
                int.Parse(Value("--properties", "2000"), CultureInfo.InvariantCulture),
                [.. Value("--concurrency", "64,256").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))],
                TimeSpan.FromSeconds(double.Parse(Value("--warmup", "3"), CultureInfo.InvariantCulture)),
                TimeSpan.FromSeconds(double.Parse(Value("--seconds", "15"), CultureInfo.InvariantCulture)),
                Value("--pgbench", "") is { Length: > 0 } p ? p : null,
                int.Parse(Value("--seed", "2016"), CultureInfo.InvariantCulture));
        }
    }

    /// <summary>N callers in a loop, each sending a fresh visit to a random property.</summary>
    internal static class CheckInLoad
    {
        public sealed record Result(double PerSecond, double P50, double P99, int Errors);

        public static async Task<Result> RunAsync(IGrainFactory grains, IReadOnlyList<DemoProperty> properties, int concurrency, TimeSpan warmup, TimeSpan duration)
        {
            var worker = new WorkerId(Guid.NewGuid());
            var latencies = new List<double>[concurrency];
            var errors = 0;
            var measuring = false;
            var stop = false;
            var tasks = Enumerable.Range(0, concurrency).Select(async i =>
            {
                var random = new Random(i);
                var mine = latencies[i] = new List<double>(1 << 16);
                while (!Volatile.Read(ref stop))
                {
                    var p = properties[random.Next(properties.Count)];
                    var visit = new VisitCommand(Guid.NewGuid(), worker, p.Registration.Location, 8, DateTimeOffset.UtcNow, null);
                    var started = Stopwatch.GetTimestamp();
                    var result = await grains.Property(p.Id).RecordVisitAsync(visit, "bench");
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (Volatile.Read(ref measuring))
                    {
                        mine.Add(elapsed);
                        if (!result.Outcome.IsOk)
                        {
                            Interlocked.Increment(ref errors);
                        }
                    }
                }
            }).ToList();

            await Task.Delay(warmup);
            var clock = Stopwatch.StartNew();
            Volatile.Write(ref measuring, true);
            await Task.Delay(duration);
            Volatile.Write(ref measuring, false);
            var seconds = clock.Elapsed.TotalSeconds;
            Volatile.Write(ref stop, true);
            await Task.WhenAll(tasks);

            var all = latencies.SelectMany(l => l).Order().ToArray();
            return new Result(all.Length / seconds, Percentile(all, 0.50), Percentile(all, 0.99), errors);
        }

        private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }

    /// <summary>`pgbench -N` (simple update) against the same server, in a database of its own.</summary>
    internal static partial class PgBench
    {
        public static async Task<double?> RunAsync(BenchmarkOptions options, NpgsqlConnectionStringBuilder csb)
        {
            var path = options.PgBenchPath ?? "pgbench";
            var database = "pgbench_ceiling";
            await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(csb.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString))
            {
                await admin.OpenAsync();
                await using var exists = new NpgsqlCommand($"SELECT 1 FROM pg_database WHERE datname = '{database}'", admin);
                if (await exists.ExecuteScalarAsync() is null)
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
                    await create.ExecuteNonQueryAsync();
                }
            }

            if (await RunProcessAsync(path, csb, ["-i", "-s", "10", "-q", database]) is null)
            {
                return null;
            }

            var output = await RunProcessAsync(path, csb, ["-N", "-c", "16", "-j", "2", "-T", ((int)Math.Max(5, options.Duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture), database]);
            var match = output is null ? null : Tps().Match(output);
            return match is { Success: true } ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        }

        private static async Task<string?> RunProcessAsync(string path, NpgsqlConnectionStringBuilder csb, string[] arguments)
        {
            var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in arguments)
            {
                start.ArgumentList.Add(a);
            }

            start.Environment["PGHOST"] = csb.Host;
            start.Environment["PGPORT"] = csb.Port.ToString(CultureInfo.InvariantCulture);
            start.Environment["PGUSER"] = csb.Username;
            if (csb.Password is { } password)
            {
                start.Environment["PGPASSWORD"] = password;
            }

            try
            {
                using var process = Process.Start(start)!;
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                if (process.ExitCode != 0)
                {
                    Console.Error.WriteLine($"pgbench {string.Join(' ', arguments)} failed: {await stderr}");
                    return null;
                }

                return await stdout + await stderr;
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                Console.Error.WriteLine($"pgbench not run ({path}: {ex.Message}); pass --pgbench PATH");
                return null;
            }
        }

        [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
        private static partial Regex Tps();
    }
}
