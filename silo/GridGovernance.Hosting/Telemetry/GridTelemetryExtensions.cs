using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GridGovernance.Hosting.Telemetry;

/// <summary>OpenTelemetry for every GridGovernance process: HTTP → grain → SQL traces and metrics.</summary>
public static class GridTelemetryExtensions
{
    /// <summary>Our own activity source and meter name (the grains' meter, <c>GridMetrics.MeterName</c>, has the same).</summary>
    public const string SourceName = "GridGovernance";

    /// <summary>Set to true to write every span to standard output.</summary>
    public const string ConsoleTracesKey = GridTelemetryOptions.Section + ":ConsoleTraces";

    /// <summary>Where Prometheus scrapes.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Traces and metrics for ASP.NET Core, HttpClient, Orleans and Npgsql, plus our meter. Exported over OTLP only
    /// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; served to Prometheus when
    /// <see cref="GridTelemetryOptions.Prometheus"/> is on (<see cref="MapGridMetrics"/>). Spans are recorded only when
    /// something exports them (OTLP or the console): recording spans nobody reads cost check-ins over HTTP 30–50 %
    /// (benchmark P1 with sampling off, docs/PERFORMANCE.md).
    /// </summary>
    public static IHostApplicationBuilder AddGridTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var options = Options(builder.Configuration);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName));
        if (otlp || options.ConsoleTraces)
        {
            otel.WithTracing(tracing => tracing
                .AddSource(SourceName, "Microsoft.Orleans.Application", "Microsoft.Orleans.Storage", "Microsoft.Orleans.Lifecycle")
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsOperational(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql());
        }

        otel.WithMetrics(metrics => metrics
                .AddMeter(SourceName, "Microsoft.Orleans")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation());

        if (otlp)
        {
            otel.UseOtlpExporter();
        }

        if (options.Prometheus)
        {
            otel.WithMetrics(metrics => metrics.AddPrometheusExporter());
        }

        // Spans written to standard output: for a quick look without a collector, and for the trace test.
        if (options.ConsoleTraces)
        {
            otel.WithTracing(tracing => tracing.AddConsoleExporter());
        }

        return builder;
    }

    /// <summary>
    /// Maps <see cref="MetricsPath"/> when <see cref="GridTelemetryOptions.Prometheus"/> is on, answering only on
    /// <see cref="GridTelemetryOptions.MetricsPort"/> when one is set. The figures are counts without personal data; keep
    /// the port inside the cluster network all the same.
    /// </summary>
    public static WebApplication MapGridMetrics(this WebApplication app)
    {
        var options = Options(app.Configuration);
        if (options.Prometheus)
        {
            var endpoint = app.MapPrometheusScrapingEndpoint(MetricsPath);
            if (options.MetricsPort is { } port)
            {
                endpoint.RequireHost("*:" + port.ToString(CultureInfo.InvariantCulture));
            }
        }

        return app;
    }

    private static GridTelemetryOptions Options(IConfiguration configuration)
    {
        var options = configuration.GetSection(GridTelemetryOptions.Section).Get<GridTelemetryOptions>() ?? new();
        if (options.MetricsPort is < 1 or > 65535)
        {
            throw new StartupException($"{GridTelemetryOptions.Section}:MetricsPort = {options.MetricsPort} is not a port (1–65535).");
        }

        return options;
    }

    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments("/healthz", StringComparison.Ordinal) || path.StartsWithSegments("/readyz", StringComparison.Ordinal)
        || path.StartsWithSegments(MetricsPath, StringComparison.Ordinal);
}
