using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Geography;

namespace GridGovernance.Contracts.Alerts;

/// <summary>The card ladder (HL-06): yellow when a deadline passes, red when it stays overdue.</summary>
public enum AlertLevel
{
    /// <summary>黄牌.</summary>
    Yellow = 0,

    /// <summary>红牌.</summary>
    Red = 1,
}

/// <summary>Where an alert stands.</summary>
public enum AlertStatus
{
    /// <summary>Raised, nobody has acted yet.</summary>
    Open = 0,

    /// <summary>Someone took it on.</summary>
    Acknowledged = 1,

    /// <summary>The overdue item was completed or the alert was closed.</summary>
    Resolved = 2,
}

/// <summary>What raising an alert needs; the alert's id is derived from source and deadline.</summary>
/// <param name="Source">The entity whose deadline passed.</param>
/// <param name="DeadlineId">The deadline's id within the entity.</param>
/// <param name="Kind">The deadline's kind.</param>
/// <param name="DueAt">When it passed.</param>
/// <param name="Cell">The cell of the entity.</param>
/// <param name="Community">The community of the cell.</param>
/// <param name="Rule">The rule the deadline rests on.</param>
[GenerateSerializer, Immutable, Alias("gg.alert-spec")]
public sealed record AlertSpec(EntityRef Source, string DeadlineId, DeadlineKind Kind, DateTimeOffset DueAt, CellCode Cell, CommunityCode Community, string Rule)
{
    /// <summary>The deterministic alert key: raising twice is harmless.</summary>
    public string Key => AlertKeys.For(Source, DeadlineId);
}

/// <summary>Builds alert keys.</summary>
public static class AlertKeys
{
    /// <summary>"alert:&lt;source&gt;:&lt;deadline id&gt;".</summary>
    public static string For(EntityRef source, string deadlineId) => $"alert:{source}:{deadlineId}";

    /// <summary>The source entity of an alert key made by <see cref="For"/>, or null.</summary>
    public static EntityRef? SourceOf(string key)
    {
        var parts = key.Split(':', 4);
        if (parts.Length < 4 || parts[0] != "alert" || !Guid.TryParseExact(parts[2], "N", out var id))
        {
            return null;
        }

        return parts[1] switch
        {
            "property" => new EntityRef(EntityKind.RentalProperty, id),
            "person" => new EntityRef(EntityKind.MonitoredPerson, id),
            "cell" => new EntityRef(EntityKind.Cell, id),
            _ => null,
        };
    }
}

/// <summary>An open alert as its cell knows it: the key and the level, from the cell's memory.</summary>
/// <param name="Key">The alert's key.</param>
/// <param name="Level">Yellow or red.</param>
[GenerateSerializer, Immutable, Alias("gg.open-alert")]
public sealed record OpenAlert(string Key, AlertLevel Level);

/// <summary>An alert as the command centre sees it.</summary>
/// <param name="Key">Deterministic key.</param>
/// <param name="Spec">What raised it.</param>
/// <param name="Level">Yellow or red.</param>
/// <param name="Status">Open, acknowledged or resolved.</param>
/// <param name="RaisedAt">When it was raised.</param>
/// <param name="ResolvedAt">When it was resolved.</param>
/// <param name="AcknowledgedAt">When someone took it on.</param>
/// <param name="AcknowledgedBy">Who took it on.</param>
/// <param name="RedAt">When it turned red (or was raised red after repeated yellows).</param>
/// <param name="ResolvedOnTime">Resolved while still yellow (the on-time rate's numerator); null while open.</param>
[GenerateSerializer, Immutable, Alias("gg.alert-view")]
public sealed record AlertView(string Key, AlertSpec Spec, AlertLevel Level, AlertStatus Status, DateTimeOffset RaisedAt, DateTimeOffset? ResolvedAt,
    DateTimeOffset? AcknowledgedAt = null, string? AcknowledgedBy = null, DateTimeOffset? RedAt = null, bool? ResolvedOnTime = null)
{
    /// <summary>Not yet resolved.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsOpen => Status != AlertStatus.Resolved;
}

/// <summary>
/// One alert (a card), keyed by <see cref="AlertKeys.For"/>: open → acknowledged → resolved, yellow → red (HL-06).
/// Every change is journaled and reported to its cell, which carries it to the community and district.
/// </summary>
[Alias("gg.alert")]
public interface IAlertGrain : IGrainWithStringKey
{
    /// <summary>Raises the alert at <paramref name="level"/> unless it exists; returns it either way. Durable before it answers.</summary>
    [Alias("raise")]
    ValueTask<AlertView> RaiseAsync(AlertSpec spec, AlertLevel level, string actor, CancellationToken cancellationToken = default);

    /// <summary>Someone takes the alert on (idempotent); null when it was never raised. A resolved alert stays resolved.</summary>
    [Alias("acknowledge")]
    ValueTask<AlertView?> AcknowledgeAsync(string actor, string? note, CancellationToken cancellationToken = default);

    /// <summary>Turns an unresolved yellow card red (idempotent); null when it was never raised.</summary>
    [Alias("escalate")]
    ValueTask<AlertView?> EscalateAsync(string actor, string reason, CancellationToken cancellationToken = default);

    /// <summary>Resolves the alert (idempotent); null when the alert was never raised.</summary>
    [Alias("resolve")]
    ValueTask<AlertView?> ResolveAsync(string actor, string reason, CancellationToken cancellationToken = default);

    /// <summary>The alert, or null when it was never raised.</summary>
    [Alias("get")]
    ValueTask<AlertView?> GetAsync(CancellationToken cancellationToken = default);
}
