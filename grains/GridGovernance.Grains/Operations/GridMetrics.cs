using System.Diagnostics.Metrics;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Field;

namespace GridGovernance.Grains.Operations;

/// <summary>
/// The domain's own instruments on the meter <see cref="MeterName"/>: check-ins, alert steps and how late deadlines
/// are detected. Recorded by the grains after their state is durable, so a figure counts what was stored. Only
/// <c>System.Diagnostics.Metrics</c> here; the hosts decide where the figures go (OTLP, Prometheus). Tags are small
/// fixed sets (kinds, levels, outcomes), never a key or a person.
/// </summary>
public sealed class GridMetrics
{
    /// <summary>The meter's name (also the hosts' activity source).</summary>
    public const string MeterName = "GridGovernance";

    /// <summary>Check-ins recorded (replays not counted), tagged <c>entity</c> and <c>proximity</c>.</summary>
    public const string CheckIns = "gridgov.checkins";

    /// <summary>Alert steps stored, tagged <c>transition</c> (raised, acknowledged, escalated, resolved) and <c>level</c>.</summary>
    public const string AlertTransitions = "gridgov.alerts.transitions";

    /// <summary>Seconds from a deadline's due time to its judgement by a sweep, tagged <c>kind</c> (duty, milestone, escalation).</summary>
    public const string DeadlineLag = "gridgov.deadlines.lag";

    private readonly Counter<long> _checkIns;
    private readonly Counter<long> _alertTransitions;
    private readonly Histogram<double> _deadlineLag;

    /// <summary>Creates the instruments on the factory's meter (one per service provider, disposed with it).</summary>
    public GridMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _checkIns = meter.CreateCounter<long>(CheckIns, "{check-in}", "Check-ins recorded at properties and people, by entity and proximity (near, far, unverifiable).");
        _alertTransitions = meter.CreateCounter<long>(AlertTransitions, "{transition}", "Alert steps stored: raised, acknowledged, escalated, resolved; by level.");
        _deadlineLag = meter.CreateHistogram<double>(DeadlineLag, "s", "How long after its due time a passed deadline was judged by a cell sweep.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600, 86400] });
    }

    /// <summary>A check-in was stored.</summary>
    public void CheckedIn(EntityKind entity, Proximity proximity) =>
        _checkIns.Add(1, new("entity", EntityTag(entity)), new("proximity", ProximityTag(proximity)));

    /// <summary>An alert step was stored.</summary>
    public void AlertTransition(string transition, AlertLevel level) =>
        _alertTransitions.Add(1, new("transition", transition), new("level", level == AlertLevel.Red ? "red" : "yellow"));

    /// <summary>A passed deadline was judged <paramref name="lag"/> after it was due.</summary>
    public void DeadlineJudged(DeadlineKind kind, TimeSpan lag) =>
        _deadlineLag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("kind", KindTag(kind)));

    private static string EntityTag(EntityKind kind) => kind switch
    {
        EntityKind.RentalProperty => "property",
        EntityKind.MonitoredPerson => "person",
        _ => "other",
    };

    private static string ProximityTag(Proximity proximity) => proximity switch
    {
        Proximity.Near => "near",
        Proximity.Far => "far",
        _ => "unverifiable",
    };

    private static string KindTag(DeadlineKind kind) =>
        kind == DeadlineKind.Escalation ? "escalation" : DeadlineKinds.IsMilestone(kind) ? "milestone" : "duty";
}
