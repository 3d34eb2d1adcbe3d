using GridGovernance.Api;
using GridGovernance.Api.Endpoints;
using GridGovernance.Api.Health;
using GridGovernance.Api.OpenApi;
using GridGovernance.Api.Security;
using GridGovernance.Hosting;
using GridGovernance.Hosting.Cluster;
using GridGovernance.Hosting.Database;
using GridGovernance.Hosting.Health;
using GridGovernance.Hosting.Telemetry;
using Scalar.AspNetCore;

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
    builder.Services.AddProblemDetails();
    builder.AddGridAuth();
    builder.AddGridRateLimits();
    builder.Services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecuritySchemeTransformer>());
    builder.Services.AddOptions<GridApiOptions>().BindConfiguration(GridApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
    builder.Services.ConfigureHttpJsonOptions(o =>
    {
        o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        // Chinese text as text, not \u escapes; HTML-sensitive characters stay escaped.
        o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
    });

    var app = builder.Build();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseDefaultFiles();
    app.UseStaticFiles();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseRateLimiter();
    app.MapGridHealth();
    // The document and its reference page are public; the page's script ships in the package (no CDN, no fonts).
    app.MapOpenApi().AllowAnonymous();
    app.MapScalarApiReference(o => o.WithTitle("GridGovernance API").DisableDefaultFonts().DisableTelemetry()).AllowAnonymous();
    app.MapOverviewEndpoints();

    await DatabasePreflight.EnsureSchemaAsync(dataSource);
    return app;
});

/// <summary>Entry point; public so tests can host the gateway with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
