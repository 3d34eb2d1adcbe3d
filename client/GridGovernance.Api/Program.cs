using GridGovernance.Api;
using GridGovernance.Api.Health;
using GridGovernance.Hosting;
using GridGovernance.Hosting.Database;
using GridGovernance.Hosting.Health;
using GridGovernance.Hosting.Telemetry;

return await GridHost.RunAsync("gateway", async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddGridTelemetry("gridgov-gateway");
    var dataSource = builder.AddGridDataSource("gridgov-gateway");
    builder.AddGridHealth().AddCheck<ClusterHealthCheck>(ClusterHealthCheck.Name, tags: ClusterHealthCheck.Tags);
    builder.UseOrleansClient(client => client.UseGridPostgres(dataSource));
    builder.Services.AddProblemDetails();

    var app = builder.Build();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseDefaultFiles();
    app.UseStaticFiles();
    app.MapGridHealth();

    await DatabasePreflight.EnsureSchemaAsync(dataSource);
    return app;
});

/// <summary>Entry point; public so tests can host the gateway with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
