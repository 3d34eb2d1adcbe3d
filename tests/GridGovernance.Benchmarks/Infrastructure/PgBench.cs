using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace GridGovernance.Benchmarks.Infrastructure;

/// <summary>
/// The ceiling: <c>pgbench -N</c> (simple update: three single-row writes and an insert per transaction, each
/// committed durably) against the same server, in a database of its own, 16 clients.
/// </summary>
internal static partial class PgBench
{
    public const int Clients = 16;

    /// <summary>Transactions per second, or null when pgbench could not run (the reason is printed).</summary>
    public static async Task<double?> RunAsync(BenchmarkOptions options, TimeSpan duration)
    {
        var csb = new NpgsqlConnectionStringBuilder(options.Connection);
        var path = options.PgBenchPath ?? "pgbench";
        const string database = "pgbench_ceiling";
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

        if (await RunProcessAsync(path, csb, ["-i", "-s", options.PgBenchScale.ToString(CultureInfo.InvariantCulture), "-q", database]) is null)
        {
            return null;
        }

        var seconds = ((int)Math.Max(2, duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var output = await RunProcessAsync(path, csb, ["-N", "-c", Clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", seconds, database]);
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
