using GridGovernance.Hosting;
using GridGovernance.Hosting.Database;
using GridGovernance.Hosting.Health;
using GridGovernance.Hosting.Telemetry;
using GridGovernance.Silo;
using GridGovernance.Silo.Health;
using GridGovernance.Silo.Operations;

return await GridHost.RunAsync("silo", async () =>
{
    // Content root is the build output, so appsettings.json and wwwroot are found from any working directory.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddGridTelemetry("gridgov-silo");
    var dataSource = builder.AddGridDataSource("gridgov-silo");
    builder.AddGridHealth().AddCheck<SiloActiveHealthCheck>(SiloActiveHealthCheck.Name, tags: SiloActiveHealthCheck.Tags);
    builder.AddGridDashboard();
    builder.UseOrleans(silo => silo.UseGridPostgres(dataSource, builder.Configuration).UseGridOperations(builder.Configuration));

    var app = builder.Build();
    app.MapGridHealth();
    app.MapGridMetrics();
    app.MapGridDashboard();

    // Refuse to join the cluster on a database that is unreachable or not migrated to this build.
    await DatabasePreflight.EnsureSchemaAsync(dataSource);
    return app;
});
