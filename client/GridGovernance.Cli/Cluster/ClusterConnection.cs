using System.CommandLine;
using GridGovernance.Hosting.Cluster;
using GridGovernance.Hosting.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GridGovernance.Cli.Cluster;

/// <summary>The options every command shares, and an Orleans client built from them.</summary>
internal sealed class ClusterConnection
{
    public Option<string?> Connection { get; } = new("--connection", "-c")
    {
        Description = "PostgreSQL connection string (default: the ConnectionStrings__grid environment variable).",
        Recursive = true,
    };

    public Option<string?> ClusterId { get; } = new("--cluster-id")
    {
        Description = "Orleans cluster id (default: Orleans__ClusterId, else gridgov-local).",
        Recursive = true,
    };

    public Option<string?> ServiceId { get; } = new("--service-id")
    {
        Description = "Orleans service id (default: Orleans__ServiceId, else gridgov).",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Connection);
        root.Options.Add(ClusterId);
        root.Options.Add(ServiceId);
    }

    /// <summary>The connection string from the option, else the environment.</summary>
    public string ConnectionString(ParseResult parse)
    {
        var value = parse.GetValue(Connection);
        return string.IsNullOrWhiteSpace(value) ? GridDataSource.GetConnectionString(Environment()) : value;
    }

    /// <summary>Starts an Orleans client that finds the cluster through the clustering table.</summary>
    public async Task<IHost> ConnectAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var environment = Environment();
        var dataSource = GridDataSource.Create(ConnectionString(parse), "gridgov-cli");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["Orleans:ClusterId"] = parse.GetValue(ClusterId) ?? environment["Orleans:ClusterId"] ?? "gridgov-local";
        builder.Configuration["Orleans:ServiceId"] = parse.GetValue(ServiceId) ?? environment["Orleans:ServiceId"] ?? "gridgov";
        builder.Services.AddSingleton(_ => dataSource);
        builder.UseOrleansClient(client => client.UseGridPostgres(dataSource));
        var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await host.StartAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new Hosting.StartupException(
                $"No silo answered within 60 s (cluster '{builder.Configuration["Orleans:ClusterId"]}' in {DatabasePreflight.Describe(dataSource.ConnectionString)}). Is a silo running?");
        }

        return host;
    }

    private static IConfiguration Environment() => new ConfigurationBuilder().AddEnvironmentVariables().Build();
}
