using System.ComponentModel.DataAnnotations;

namespace GridGovernance.Hosting.Telemetry;

/// <summary>
/// Telemetry settings of every host (<c>GridGovernance:Telemetry</c>). OTLP export is switched by the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (and the other <c>OTEL_*</c> variables), not here.
/// </summary>
public sealed class GridTelemetryOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "GridGovernance:Telemetry";

    /// <summary>Write every span to standard output (a quick look without a collector; noisy).</summary>
    public bool ConsoleTraces { get; set; }

    /// <summary>Serve the metrics for Prometheus to scrape at <c>/metrics</c> (off by default).</summary>
    public bool Prometheus { get; set; }

    /// <summary>
    /// When set, <c>/metrics</c> answers only requests that arrive on this local port (add it to <c>Urls</c> and keep
    /// it off the public load balancer); other ports answer 404.
    /// </summary>
    [Range(1, 65535)]
    public int? MetricsPort { get; set; }
}
