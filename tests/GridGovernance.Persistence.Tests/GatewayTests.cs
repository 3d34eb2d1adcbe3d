using GridGovernance.Persistence.Tests.Infrastructure;

namespace GridGovernance.Persistence.Tests;

/// <summary>The API gateway process: an Orleans client that finds silos through the clustering table.</summary>
[Collection(RealProcesses.Name)]
public sealed class GatewayTests(PostgresServer postgres)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Gateway_StartedBeforeAnySilo_IsLiveAtOnceAndReadyOnceASiloJoins()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var clusterId = "c-" + Guid.NewGuid().ToString("N")[..8];
        await using var gateway = HostProcess.StartGateway("gateway", connectionString, clusterId, "svc");

        var live = await Eventually.ReturnsAsync(() => TryGetAsync(gateway, "/healthz"), r => r.Status == 200, StartTimeout, "gateway /healthz with no silo running");
        var notReady = await gateway.GetAsync("/readyz");
        Assert.Contains("\"self\"", live.Body, StringComparison.Ordinal);
        Assert.Equal(503, notReady.Status);
        Assert.Contains("\"cluster\":{\"status\":\"Unhealthy\"", notReady.Body, StringComparison.Ordinal);

        await using var silo = HostProcess.StartSilo("silo", connectionString, clusterId, "svc");
        await silo.WaitReadyAsync(StartTimeout);
        var ready = await Eventually.ReturnsAsync(() => TryGetAsync(gateway, "/readyz"), r => r.Status == 200, StartTimeout, "gateway /readyz after a silo joined");

        Assert.Contains("\"cluster\":{\"status\":\"Healthy\",\"description\":\"1 active silo(s)\"}", ready.Body, StringComparison.Ordinal);
        Assert.Contains("\"postgres\":{\"status\":\"Healthy\"", ready.Body, StringComparison.Ordinal);
        var page = await gateway.GetAsync("/");
        Assert.Equal(200, page.Status);
        Assert.Contains("GridGovernance", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_SiloGoesAway_ReadyTurnsUnhealthyWhileLiveStaysUp()
    {
        await using var system = await StartSiloAndGatewayAsync();
        var (silo, gateway) = (system.Silo, system.Gateway);

        await silo.StopAsync(TimeSpan.FromSeconds(30));

        await Eventually.ReturnsAsync(() => TryGetAsync(gateway, "/readyz"), r => r.Status == 503, StartTimeout, "gateway /readyz to fail with the only silo gone");
        Assert.Equal(200, (await gateway.GetAsync("/healthz")).Status);
    }

    [Fact]
    public async Task Gateway_Sigterm_StopsWithExitCodeZero()
    {
        await using var system = await StartSiloAndGatewayAsync();
        var (silo, gateway) = (system.Silo, system.Gateway);

        await gateway.StopAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, gateway.ExitCode);
    }

    private async Task<SiloAndGateway> StartSiloAndGatewayAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var clusterId = "c-" + Guid.NewGuid().ToString("N")[..8];
        var system = new SiloAndGateway(HostProcess.StartSilo("silo", connectionString, clusterId, "svc"), HostProcess.StartGateway("gateway", connectionString, clusterId, "svc"));
        try
        {
            await system.Silo.WaitReadyAsync(StartTimeout);
            await system.Gateway.WaitReadyAsync(StartTimeout);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    private sealed record SiloAndGateway(HostProcess Silo, HostProcess Gateway) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Silo.DisposeAsync();
        }
    }

    private static async Task<(int Status, string Body)> TryGetAsync(HostProcess host, string path)
    {
        try
        {
            return await host.GetAsync(path);
        }
        catch (HttpRequestException)
        {
            return (0, "");
        }
    }
}
