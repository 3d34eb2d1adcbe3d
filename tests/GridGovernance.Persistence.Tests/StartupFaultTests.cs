using GridGovernance.Persistence.Tests.Infrastructure;

namespace GridGovernance.Persistence.Tests;

/// <summary>
/// A host that cannot start says why in one line and exits with code 2: configuration, database and ports.
/// </summary>
[Collection(RealProcesses.Name)]
public sealed class StartupFaultTests(PostgresServer postgres)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("silo")]
    [InlineData("gateway")]
    public async Task Start_DatabaseDown_ExitsTwoNamingHostAndPort(string host)
    {
        var port = PostgresServer.FreePort();

        var (exitCode, output) = await RunUntilExitAsync(host, $"Host=127.0.0.1;Port={port};Database=gridgov;Username=gridgov;Timeout=3");

        Assert.Equal(2, exitCode);
        Assert.Contains($"{host}: cannot start: Cannot reach PostgreSQL at 127.0.0.1:{port}/gridgov", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("gateway")]
    public async Task Start_NoConnectionString_ExitsTwoSayingWhatToSet(string host)
    {
        var (exitCode, output) = await RunUntilExitAsync(host, "");

        Assert.Equal(2, exitCode);
        Assert.Contains("set ConnectionStrings:grid", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("gateway")]
    public async Task Start_UnmigratedDatabase_ExitsTwoSayingToMigrate(string host)
    {
        var (exitCode, output) = await RunUntilExitAsync(host, await postgres.CreateDatabaseAsync(migrate: false));

        Assert.Equal(2, exitCode);
        Assert.Contains("Run `gridgov migrate` first", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SiloWithoutPersonalDataKeys_ExitsTwoSayingWhatToSet()
    {
        var (exitCode, output) = await RunUntilExitAsync("silo", await postgres.CreateDatabaseAsync(), new Dictionary<string, string> { ["GridGovernance__Protection__ActiveKey"] = "missing" });

        Assert.Equal(2, exitCode);
        Assert.Contains("set GridGovernance:Protection:Keys", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_GatewayWithoutASigningKey_ExitsTwoSayingWhatToSet()
    {
        var (exitCode, output) = await RunUntilExitAsync("gateway", await postgres.CreateDatabaseAsync(), new Dictionary<string, string> { ["GridGovernance__Auth__SigningKey"] = "" });

        Assert.Equal(2, exitCode);
        Assert.Contains("set GridGovernance:Auth:SigningKey", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SiloPortInUse_ExitsTwoSayingSo()
    {
        using var blocker = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        blocker.Start();
        var busy = ((System.Net.IPEndPoint)blocker.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (exitCode, output) = await RunUntilExitAsync("silo", await postgres.CreateDatabaseAsync(), new Dictionary<string, string> { ["Orleans__Endpoints__SiloPort"] = busy });

        Assert.Equal(2, exitCode);
        Assert.Contains("already in use", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SiloWithAnUnknownRuleInTheOperatorsRuleBook_ExitsTwoNamingFileAndRule()
    {
        var book = Path.Combine(Path.GetTempPath(), $"rules-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(book, """[{ "effectiveFrom": "2027-01-01", "source": "test", "rules": { "correction": { "revocationWarningz": 2 } } }]""");
        try
        {
            var (exitCode, output) = await RunUntilExitAsync("silo", await postgres.CreateDatabaseAsync(), new Dictionary<string, string> { ["GridGovernance__Rules__BookPath"] = book });

            Assert.Equal(2, exitCode);
            Assert.Contains($"Rule book '{book}', version 0", output, StringComparison.Ordinal);
            Assert.Contains("revocationWarningz", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(book);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunUntilExitAsync(string host, string connectionString, IReadOnlyDictionary<string, string>? extra = null)
    {
        var clusterId = "c-" + Guid.NewGuid().ToString("N")[..8];
        await using var process = host == "silo"
            ? HostProcess.StartSilo(host, connectionString, clusterId, "svc", extra)
            : HostProcess.StartGateway(host, connectionString, clusterId, "svc", extra);
        var exitCode = await process.WaitForExitAsync(Timeout);
        return (exitCode, process.Output);
    }
}
