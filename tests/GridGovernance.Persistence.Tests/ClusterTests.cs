using GridGovernance.Contracts;
using GridGovernance.Persistence.Tests.Infrastructure;
using Npgsql;

namespace GridGovernance.Persistence.Tests;

/// <summary>
/// Real silo processes clustered through our membership SQL; an external client finds them through the
/// gateway query, as the API gateway does.
/// </summary>
[Collection(RealProcesses.Name)]
public sealed class ClusterTests(PostgresServer postgres)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Silos_FormClusterAndAThirdJoins_ThenAKilledSiloIsVotedDeadAndItsGrainsComeBackElsewhere()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var clusterId = "c-" + Guid.NewGuid().ToString("N")[..8];
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var a = HostProcess.StartSilo("silo-a", connectionString, clusterId, "svc");
        await using var b = HostProcess.StartSilo("silo-b", connectionString, clusterId, "svc");
        await Task.WhenAll(a.WaitReadyAsync(StartTimeout), b.WaitReadyAsync(StartTimeout));
        await Eventually.ReturnsAsync(() => ActiveSilosAsync(dataSource, clusterId), n => n.SequenceEqual(["silo-a", "silo-b"]), StartTimeout, "silo-a and silo-b active");

        await using var c = HostProcess.StartSilo("silo-c", connectionString, clusterId, "svc");
        await c.WaitReadyAsync(StartTimeout);
        await Eventually.ReturnsAsync(() => ActiveSilosAsync(dataSource, clusterId), n => n.SequenceEqual(["silo-a", "silo-b", "silo-c"]), StartTimeout, "silo-c to join");

        await using var client = await ClusterClient.ConnectAsync(connectionString, clusterId, "svc");
        var hosts = await client.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(3, hosts.Count);

        // Spread probes over the cluster until a few live on silo-c (placement decides where; keep asking).
        var onC = new List<string>();
        for (var batch = 0; batch < 20 && onC.Count < 3; batch++)
        {
            var probes = Enumerable.Range(0, 30).Select(i => $"kill-{batch}-{i}").ToList();
            var reports = await Task.WhenAll(probes.Select(p => client.Client.Probe(p).WriteAsync("value of " + p).AsTask()));
            onC.AddRange(probes.Where((_, i) => reports[i].Silo.Contains($"127.0.0.1:{c.SiloPort}:", StringComparison.Ordinal)));
        }

        Assert.NotEmpty(onC);
        foreach (var probe in onC)
        {
            await client.Client.Probe(probe).WriteAsync("last value of " + probe);
        }

        c.Kill();

        await Eventually.ReturnsAsync(() => SiloStatusAsync(dataSource, clusterId, "silo-c"), s => s == 6, TimeSpan.FromSeconds(90), "silo-c to be voted Dead (6) in orleans_membership");
        foreach (var probe in onC)
        {
            var report = await Eventually.ReturnsAsync(() => client.Client.Probe(probe).ReadAsync().AsTask(), _ => true, TimeSpan.FromSeconds(60), $"{probe} to reactivate");
            Assert.Equal("last value of " + probe, report.Value);
            Assert.Equal(2, report.Writes);
            Assert.DoesNotContain($"127.0.0.1:{c.SiloPort}:", report.Silo, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Silo_Sigterm_StopsGracefullyAndLeavesTheClusterMarkedDead()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var clusterId = "c-" + Guid.NewGuid().ToString("N")[..8];
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var silo = HostProcess.StartSilo("silo-term", connectionString, clusterId, "svc");
        await silo.WaitReadyAsync(StartTimeout);

        await silo.StopAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, silo.ExitCode);
        Assert.Equal(6, await SiloStatusAsync(dataSource, clusterId, "silo-term"));
    }

    private static async Task<List<string>> ActiveSilosAsync(NpgsqlDataSource dataSource, string clusterId) =>
        await MigrationTests.QueryAsync(dataSource, $"SELECT siloname FROM orleans_membership WHERE deploymentid = '{clusterId}' AND status = 3 ORDER BY siloname");

    private static async Task<int> SiloStatusAsync(NpgsqlDataSource dataSource, string clusterId, string siloName)
    {
        var rows = await MigrationTests.QueryAsync(dataSource, $"SELECT status FROM orleans_membership WHERE deploymentid = '{clusterId}' AND siloname = '{siloName}' ORDER BY generation DESC LIMIT 1");
        return rows.Count == 0 ? -1 : int.Parse(rows[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
