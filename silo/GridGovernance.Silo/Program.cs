using GridGovernance.Hosting;
using GridGovernance.Hosting.Database;
using GridGovernance.Hosting.Health;
using GridGovernance.Hosting.Telemetry;
using GridGovernance.Silo;
using GridGovernance.Silo.Health;

return await GridHost.RunAsync("silo", async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddGridTelemetry("gridgov-silo");
    var dataSource = builder.AddGridDataSource("gridgov-silo");
    builder.AddGridHealth().AddCheck<SiloActiveHealthCheck>(SiloActiveHealthCheck.Name, tags: SiloActiveHealthCheck.Tags);
    builder.UseOrleans(silo => silo.UseGridPostgres(dataSource, builder.Configuration));

    var app = builder.Build();
    app.MapGridHealth();

    // Refuse to join the cluster on a database that is unreachable or not migrated to this build.
    await DatabasePreflight.EnsureSchemaAsync(dataSource);
    return app;
});
