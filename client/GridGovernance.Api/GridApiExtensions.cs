using GridGovernance.Api.Audit;
using GridGovernance.Api.Endpoints;
using GridGovernance.Api.Events;
using GridGovernance.Api.OpenApi;
using GridGovernance.Api.Problems;
using GridGovernance.Api.Security;
using GridGovernance.Api.Statistics;
using GridGovernance.Hosting.Health;
using GridGovernance.Hosting.Telemetry;
using Scalar.AspNetCore;

namespace GridGovernance.Api;

/// <summary>The gateway's services and routes, so <c>Program.cs</c> stays a short read.</summary>
public static class GridApiExtensions
{
    /// <summary>Problem details, validation, JSON, auth, rate limits, OpenAPI, and the services the endpoints share.</summary>
    public static WebApplicationBuilder AddGridApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddGridProblems();
        builder.Services.AddValidation();
        // Bodies are small JSON commands; the grid import raises its own limit. Over it: 413 payload-too-large.
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            kestrel.Limits.MaxRequestBodySize = context.Configuration.GetValue<long?>(GridApiOptions.Section + ":MaxBodyBytes") ?? GridApiOptions.DefaultMaxBodyBytes);
        builder.AddGridAuth();
        builder.AddGridRateLimits();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecuritySchemeTransformer>().AddGeoJsonSchemas());
        builder.Services.AddOptions<GridApiOptions>().BindConfiguration(GridApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            // Enums by name only: an integer would slip an undefined value past validation.
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
            o.SerializerOptions.Converters.Add(new PlainTextConverter());
            // Chinese text as text, not \u escapes; HTML-sensitive characters stay escaped.
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ScopeGuard>();
        builder.Services.AddSingleton<MonthlyStatisticsQuery>();
        builder.Services.AddSingleton<Rankings.RankingReader>();
        builder.Services.AddAccessAudit();
        builder.Services.AddEventStream();
        builder.Services.AddSingleton<Operations.GatewayMetrics>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Operations.GatewayMetrics>());
        return builder;
    }

    /// <summary>Middleware in order, then every route group (mapped explicitly, no scanning).</summary>
    public static WebApplication MapGridApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapGridHealth();
        app.MapGridMetrics();
        // The document and its reference page are public; the page's script ships in the package (no CDN, no fonts).
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(o => o.WithTitle("GridGovernance API").DisableDefaultFonts().DisableTelemetry()).AllowAnonymous();
        app.MapOverviewEndpoints();
        app.MapGridEndpoints();
        app.MapPropertyEndpoints();
        app.MapPersonEndpoints();
        app.MapCaseEndpoints();
        app.MapWorkerEndpoints();
        app.MapTaskEndpoints();
        app.MapAlertEndpoints();
        app.MapSyncEndpoints();
        app.MapEventEndpoints();
        app.MapAuditEndpoints();
        app.MapAccessGrantEndpoints();
        app.MapStatisticsEndpoints();
        app.MapPresenceEndpoints();
        app.MapRankingEndpoints();
        return app;
    }
}
