using System.Diagnostics.Metrics;
using GridGovernance.Api.Events;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Geography;
using GridGovernance.Hosting.Telemetry;
using Microsoft.Extensions.Options;

namespace GridGovernance.Api.Operations;

/// <summary>
/// The gateway's gauges on the meter <c>GridGovernance</c>: the district's open alerts (<c>gridgov.alerts.open</c>, by
/// level, read from the district overview every <see cref="RefreshPeriod"/>, so every gateway reports the same
/// cluster-wide figure) and the journal tail's lag (<c>gridgov.journal.lag</c>, seconds since the tail last caught up).
/// </summary>
public sealed partial class GatewayMetrics : BackgroundService
{
    /// <summary>Open alerts of the district, by level (<c>yellow</c>, <c>red</c>).</summary>
    public const string OpenAlerts = "gridgov.alerts.open";

    /// <summary>Seconds since the journal tail last read everything final.</summary>
    public const string JournalLag = "gridgov.journal.lag";

    /// <summary>How often the open alerts are read.</summary>
    public static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(15);

    private readonly IClusterClient _client;
    private readonly IOptions<GridApiOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GatewayMetrics> _logger;
    private (long Yellow, long Red)? _open;

    /// <summary>Creates the gauges on the factory's meter.</summary>
    public GatewayMetrics(IMeterFactory meters, JournalTail tail, IClusterClient client, IOptions<GridApiOptions> options, TimeProvider time, ILogger<GatewayMetrics> logger)
    {
        _client = client;
        _options = options;
        _time = time;
        _logger = logger;
        var meter = meters.Create(GridTelemetryExtensions.SourceName);
        meter.CreateObservableGauge(OpenAlerts, ObserveOpenAlerts, "{alert}", "Open (unresolved) alerts of the district, by level; refreshed every 15 s.");
        meter.CreateObservableGauge(JournalLag, () => tail.CaughtUpAt is { } at ? [new Measurement<double>(Math.Max(0, (time.GetUtcNow() - at).TotalSeconds))] : Array.Empty<Measurement<double>>(),
            "s", "Seconds since the gateway's journal tail last read everything final (normally about the poll interval).");
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshPeriod, _time);
        do
        {
            try
            {
                var overview = await _client.District(new DistrictCode(_options.Value.District)).GetOverviewAsync(stoppingToken);
                var red = overview.Communities.Sum(c => (long)c.RedAlerts);
                _open = (overview.Communities.Sum(c => (long)c.OpenAlerts) - red, red);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Not reported rather than stale: the gauge disappears while the cluster cannot be read.
                _open = null;
                LogRefreshFailed(_logger, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private IEnumerable<Measurement<long>> ObserveOpenAlerts() => _open is { } open
        ? [new(open.Yellow, new KeyValuePair<string, object?>("level", "yellow")), new(open.Red, new KeyValuePair<string, object?>("level", "red"))]
        : [];

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The open-alert gauge could not read the district overview; it retries on the next tick")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
