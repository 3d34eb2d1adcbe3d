using GridGovernance.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.TestingHost;

namespace GridGovernance.Persistence.Tests.Infrastructure;

/// <summary>
/// An in-process cluster (in-memory membership) whose grain storage and reminders are the production
/// PostgreSQL configuration: for tests of what is stored, not of membership.
/// </summary>
public sealed class StorageCluster : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    private StorageCluster(InProcessTestCluster cluster, NpgsqlDataSource dataSource)
    {
        Cluster = cluster;
        _dataSource = dataSource;
    }

    public InProcessTestCluster Cluster { get; }

    public IGrainFactory Grains => Cluster.Client;

    public static async Task<StorageCluster> StartAsync(string connectionString, string serviceId, short silos = 1, Action<ISiloBuilder>? configure = null)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.Options.ConfigureFileLogging = false;
        var configuration = new ConfigurationBuilder().Build();
        builder.ConfigureSilo((_, silo) =>
        {
            configure?.Invoke(silo);
            silo.UseGridStorage(dataSource, configuration);
            silo.Services.Configure<GridGovernance.Grains.Common.Protection.PersonalDataOptions>(o =>
            {
                o.Keys["k1"] = HostProcess.ProtectionKeys["GridGovernance__Protection__Keys__k1"];
                o.ActiveKey = "k1";
                o.IndexKey = HostProcess.ProtectionKeys["GridGovernance__Protection__IndexKey"];
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new StorageCluster(cluster, dataSource);
    }

    /// <summary>Stops every silo and the client: the whole cluster is gone, only PostgreSQL remains.</summary>
    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
