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
    /// <summary>Our own activity source and meter name.</summary>
    public const string SourceName = "GridGovernance";

    /// <summary>Set to true to write every span to standard output.</summary>
    public const string ConsoleTracesKey = "GridGovernance:Telemetry:ConsoleTraces";

    /// <summary>
    /// Traces and metrics for ASP.NET Core, Orleans and Npgsql. Exported over OTLP only when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; otherwise collected and dropped.
    /// </summary>
    public static IHostApplicationBuilder AddGridTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource(SourceName, "Microsoft.Orleans.Application", "Microsoft.Orleans.Storage", "Microsoft.Orleans.Lifecycle")
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter(SourceName, "Microsoft.Orleans")
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        // Spans written to standard output: for a quick look without a collector, and for the trace test.
        if (builder.Configuration.GetValue<bool>(ConsoleTracesKey))
        {
            otel.WithTracing(tracing => tracing.AddConsoleExporter());
        }

        return builder;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz", StringComparison.Ordinal) || path.StartsWithSegments("/readyz", StringComparison.Ordinal);
}
