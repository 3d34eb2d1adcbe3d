using GridGovernance.Contracts.Common;

namespace GridGovernance.Contracts.Deadlines;

/// <summary>What a deadline is for; each cites the rule that sets it.</summary>
public enum DeadlineKind
{
    /// <summary>The next routine visit (RH-09 by risk grade; CC-10/11 by supervision level).</summary>
    Visit = 0,

    /// <summary>The landlord's report of a tenant within 3 working days of moving in or out (RH-02).</summary>
    TenantReport = 1,

    /// <summary>A correction subject reports within 10 days of the judgment taking effect (CC-04).</summary>
    CorrectionReport = 2,

    /// <summary>A person ordered to community drug rehabilitation reports within 15 days (DR-02).</summary>
    RehabReport = 3,
}

/// <summary>Where a deadline stands.</summary>
public enum DeadlineStatus
{
    /// <summary>Not yet due, or due and not yet judged.</summary>
    Pending = 0,

    /// <summary>Done before it passed.</summary>
    Met = 1,

    /// <summary>Passed without completion; an alert was raised. It can still be completed late.</summary>
    Missed = 2,

    /// <summary>Done after it passed.</summary>
    MetLate = 3,

    /// <summary>No longer applies (for example, the tenant left before the report was due).</summary>
    Cancelled = 4,
}

/// <summary>One deadline of an entity.</summary>
/// <param name="Id">Unique within the entity, stable: the alert for it is keyed by it.</param>
/// <param name="Kind">What it is for.</param>
/// <param name="DueAt">The instant it passes (UTC).</param>
/// <param name="Status">Where it stands.</param>
/// <param name="CompletedAt">When it was completed, if it was.</param>
/// <param name="Rule">The rule id it rests on, e.g. <c>RH-02</c>.</param>
[GenerateSerializer, Immutable, Alias("gg.deadline-view")]
public sealed record DeadlineView(string Id, DeadlineKind Kind, DateTimeOffset DueAt, DeadlineStatus Status, DateTimeOffset? CompletedAt, string Rule);

/// <summary>
/// An entity that owns deadlines and is swept by its grid cell. The cell tells it when its earliest pending
/// deadline is due; the owner decides (is it still pending?), raises the alert, records the miss, and reports
/// its next earliest deadline back with <see cref="Geography.ICellGrain.TrackDeadlineAsync"/>.
/// </summary>
[Alias("gg.deadline-owner")]
public interface IDeadlineOwnerGrain : IGrainWithGuidKey
{
    /// <summary>
    /// One-way so that a cell never waits on its members (members call their cell; waiting both ways could
    /// deadlock). A lost call is harmless: the cell's index entry stays due and the next tick sends it again.
    /// </summary>
    [OneWay]
    [Alias("sweep")]
    ValueTask SweepDeadlinesAsync(Geography.CellCode from);
}

/// <summary>Registration of an entity's earliest pending deadline with its cell.</summary>
/// <param name="Owner">The entity.</param>
/// <param name="DueAt">Its earliest pending deadline, or null to leave the index.</param>
[GenerateSerializer, Immutable, Alias("gg.deadline-registration")]
public sealed record DeadlineRegistration(EntityRef Owner, DateTimeOffset? DueAt);
