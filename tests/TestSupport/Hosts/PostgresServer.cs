using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GridGovernance.Hosting.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GridGovernance.TestSupport.Hosts;

/// <summary>
/// A private PostgreSQL cluster for this test run: initialised in a temporary folder, listening on a free
/// loopback port, stopped and deleted at the end (also when tests fail). Each test gets a fresh database.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gridgov-pg-").FullName;
    private string _bin = "";
    private int _databases;

    public int Port { get; private set; }

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Database=postgres;Username=gridgov;Pooling=false";

    public async ValueTask InitializeAsync()
    {
        _bin = FindBin();
        Port = FreePort();
        var data = Path.Combine(_directory, "data");
        Directory.CreateDirectory(data);
        if (IsRoot)
        {
            await RunAsync("chown", ["-R", "postgres:", _directory]);
        }

        await RunAsPostgresAsync(Path.Combine(_bin, "initdb"), ["-D", data, "-U", "gridgov", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]);
        await StartAsync();
    }

    /// <summary>Starts the server again on the same port and data after <see cref="StopAsync"/>.</summary>
    public Task StartAsync()
    {
        var data = Path.Combine(_directory, "data");
        // A throwaway cluster: durability settings off for speed (never for the run command's data).
        return RunAsPostgresAsync(Path.Combine(_bin, "pg_ctl"),
        [
            "-D", data, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            "start",
        ]);
    }

    /// <summary>
    /// Stops the server as an operator's restart does (<c>pg_ctl -m fast</c>: open sessions are ended, transactions
    /// in flight roll back, a clean shutdown checkpoint); the data stays for <see cref="StartAsync"/>.
    /// </summary>
    public Task StopAsync() =>
        RunAsPostgresAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "fast", "-w", "-t", "60", "stop"]);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsPostgresAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(bool migrate = true)
    {
        var name = $"t{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..20];
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = $"Host=127.0.0.1;Port={Port};Database={name};Username=gridgov";
        if (migrate)
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        }

        return connectionString;
    }

    /// <summary>A port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string FindBin()
    {
        var configured = Environment.GetEnvironmentVariable("GRIDGOV_PG_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "No PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin and GRIDGOV_PG_BIN). " +
            "Run the tests with deploy/local/test.sh, which installs Debian's postgresql, or: apt-get install -y postgresql");
    }

    private static Task RunAsPostgresAsync(string file, IReadOnlyList<string> arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", file, .. arguments]) : RunAsync(file, arguments);

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await error}");
        }
    }
}
