using GridGovernance.Hosting.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GridGovernance.Persistence.Tests.Infrastructure;

/// <summary>
/// An external Orleans client configured like the gateway: it finds gateways through the clustering table.
/// </summary>
public sealed class ClusterClient : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly NpgsqlDataSource _dataSource;

    private ClusterClient(IHost host, NpgsqlDataSource dataSource)
    {
        _host = host;
        _dataSource = dataSource;
    }

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<ClusterClient> ConnectAsync(string connectionString, string clusterId, string serviceId)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["Orleans:ClusterId"] = clusterId;
        builder.Configuration["Orleans:ServiceId"] = serviceId;
        builder.UseOrleansClient(client => client.UseGridPostgres(dataSource));
        var host = builder.Build();
        await host.StartAsync();
        return new ClusterClient(host, dataSource);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(5));
        _host.Dispose();
        await _dataSource.DisposeAsync();
    }
}
