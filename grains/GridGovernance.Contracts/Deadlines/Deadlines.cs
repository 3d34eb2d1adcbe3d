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

    /// <summary>A fire hazard's rectification deadline (FS-02..FS-06); a follow-up visit closes it.</summary>
    HazardRectification = 4,

    /// <summary>A correction subject's periodic in-person report (CC-10/11, by supervision level).</summary>
    ReportingDuty = 5,

    /// <summary>A correction subject's periodic written report (CC-10, 严管).</summary>
    WrittenReport = 6,

    /// <summary>Return from an approved trip, reported on return (CC-15/16).</summary>
    TripReturn = 7,

    /// <summary>The strict period of a new correction subject ends (CC-11); a milestone, no alert.</summary>
    StrictPeriodEnd = 8,

    /// <summary>Pre-release work starts 30 days before the end (CC-33); a milestone, no alert.</summary>
    PreRelease = 9,

    /// <summary>Self-summary, appraisal and resettlement recommendation, due at the end of correction (CC-33).</summary>
    ReleaseDocuments = 10,

    /// <summary>Correction ends: discharge and the resettlement case begin (CC-33, RP-01); a milestone, no alert.</summary>
    Discharge = 11,

    /// <summary>An electronic monitoring order expires unless extended (CC-30); a milestone, no alert.</summary>
    MonitoringExpiry = 12,

    /// <summary>The court's ruling on a revocation proposal (CC-25).</summary>
    CourtRuling = 13,

    /// <summary>The arrest decision after a revocation proposal (CC-25).</summary>
    ArrestDecision = 14,

    /// <summary>A scheduled drug test (DR-18); a missed one counts as evaded (DR-08).</summary>
    DrugTest = 15,

    /// <summary>Report a serious violation, relapse or refusal to the police (DR-09).</summary>
    PoliceReport = 16,

    /// <summary>The programme's end (DR-03, DR-16; RP-01 for resettlement); a milestone, no alert.</summary>
    ProgrammeEnd = 17,

    /// <summary>A card still overdue after its reminder period turns red (HL-06); internal, no alert of its own.</summary>
    Escalation = 18,

    /// <summary>A search for a subject who lost contact or never reported (CC-04, CC-26).</summary>
    Search = 19,

    /// <summary>A cell's duty hours with nobody on duty past the grace (GR-10); the cell's own alert, no entity owns it.</summary>
    Presence = 20,
}

/// <summary>What each <see cref="DeadlineKind"/> means for alerts and field work.</summary>
public static class DeadlineKinds
{
    /// <summary>
    /// A milestone is a date on which the owner acts by itself (a stage changes, an order expires); its passing is
    /// not a failure of anyone, so it raises no alert.
    /// </summary>
    public static bool IsMilestone(DeadlineKind kind) => kind is DeadlineKind.StrictPeriodEnd or DeadlineKind.PreRelease
        or DeadlineKind.Discharge or DeadlineKind.MonitoringExpiry or DeadlineKind.ProgrammeEnd or DeadlineKind.Escalation;

    /// <summary>Whether a grid worker acts on it in the field (it appears on the worker's task list).</summary>
    public static bool IsFieldTask(DeadlineKind kind) => kind is DeadlineKind.Visit or DeadlineKind.TenantReport
        or DeadlineKind.HazardRectification or DeadlineKind.Search;
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
/// <param name="Overdue">Whether it has an overdue field task (a missed visit, report, hazard or search), so task lists
/// find it in its current cell even when its next deadline is far away.</param>
[GenerateSerializer, Immutable, Alias("gg.deadline-registration")]
public sealed record DeadlineRegistration(EntityRef Owner, DateTimeOffset? DueAt, bool Overdue = false);
