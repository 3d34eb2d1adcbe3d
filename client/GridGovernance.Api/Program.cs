using GridGovernance.Api;
using GridGovernance.Api.Health;
using GridGovernance.Hosting;
using GridGovernance.Hosting.Cluster;
using GridGovernance.Hosting.Database;
using GridGovernance.Hosting.Health;
using GridGovernance.Hosting.Telemetry;

return await GridHost.RunAsync("gateway", async () =>
{
    // Content root is the build output, so appsettings.json and wwwroot are found from any working directory.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddGridTelemetry("gridgov-gateway");
    var dataSource = builder.AddGridDataSource("gridgov-gateway");
    builder.AddGridHealth().AddCheck<ClusterHealthCheck>(ClusterHealthCheck.Name, tags: ClusterHealthCheck.Tags);
    builder.UseOrleansClient(client => client.UseGridPostgres(dataSource));
    // The Orleans client waits for a gateway while it starts; start Kestrel beside it so /healthz answers
    // and /readyz says "cluster unreachable" meanwhile, instead of the port staying closed.
    builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
    builder.AddGridApi();

    var app = builder.Build();
    app.MapGridApi();

    await DatabasePreflight.EnsureSchemaAsync(dataSource);
    return app;
});

/// <summary>Entry point; public so tests can host the gateway with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
