using GridGovernance.Contracts.Supervision;

namespace GridGovernance.Grains.Supervision.Correction;

/// <summary>Where a community correction case stands (DOMAIN.md §4).</summary>
public enum CorrectionStage
{
    /// <summary>Judgment effective; the subject has 10 days to report (CC-04).</summary>
    AwaitingReport = 0,

    /// <summary>Did not report in time: flagged missing, a search is running (CC-04, CC-26).</summary>
    Missing = 1,

    /// <summary>Reported; documents, identity, file, announcement and team before the case is active (CC-05/06).</summary>
    Intake = 2,

    /// <summary>Under correction.</summary>
    Active = 3,

    /// <summary>Away on an approved trip (CC-15/16).</summary>
    OnTrip = 4,

    /// <summary>The last 30 days: self-summary, appraisal, resettlement recommendation (CC-33).</summary>
    PreRelease = 5,

    /// <summary>Term ended and discharged; the resettlement case (安置帮教) runs for 3 years (RP-01).</summary>
    Resettlement = 6,

    /// <summary>Resettlement over: the case is closed.</summary>
    Closed = 7,

    /// <summary>The court revoked the suspended sentence or parole, or ordered recommitment (CC-25).</summary>
    Revoked = 8,
}

/// <summary>A community correction case, kept in the person's state.</summary>
[GenerateSerializer, Alias("gg.correction-case-state")]
public sealed class CorrectionCase
{
    [Id(0)] public CorrectionStage Stage { get; set; }

    [Id(1)] public DateOnly? EndsOn { get; set; }

    [Id(2)] public List<IntakeStep> IntakeDone { get; set; } = [];

    [Id(3)] public List<TeamMember> Team { get; set; } = [];

    [Id(4)] public DateTimeOffset? ActivatedAt { get; set; }

    [Id(5)] public DateOnly? StrictUntil { get; set; }

    [Id(6)] public int GoodStreak { get; set; }

    /// <summary>Assessments by "yyyy-MM", to refuse a second, different grade for one month.</summary>
    [Id(7)] public Dictionary<string, AssessmentGrade> Assessments { get; set; } = [];

    /// <summary>When each duty kind was last fulfilled (the next is planned from it).</summary>
    [Id(8)] public Dictionary<DutyKind, DateTimeOffset> LastDuty { get; set; } = [];

    /// <summary>Duty report ids already recorded, with a fingerprint, for replays.</summary>
    [Id(9)] public Dictionary<Guid, string> DutyReports { get; set; } = [];

    [Id(10)] public List<Trip> Trips { get; set; } = [];

    [Id(11)] public List<Violation> Violations { get; set; } = [];

    [Id(12)] public List<Sanction> Sanctions { get; set; } = [];

    [Id(13)] public List<MonitoringRecord> Monitoring { get; set; } = [];

    [Id(14)] public List<ReleaseDocument> ReleaseDocuments { get; set; } = [];

    /// <summary>Pre-release began while the subject was away; the return lands in pre-release.</summary>
    [Id(15)] public bool PreReleaseStarted { get; set; }

    /// <summary>Past intake: duties, trips, violations and sanctions apply.</summary>
    public bool Supervised => Stage is CorrectionStage.Active or CorrectionStage.OnTrip or CorrectionStage.PreRelease;

    /// <summary>The term is over (discharged, closed or revoked): only visits and reads remain.</summary>
    public bool Ended => Stage is CorrectionStage.Resettlement or CorrectionStage.Closed or CorrectionStage.Revoked;
}

/// <summary>A trip as the case keeps it.</summary>
[GenerateSerializer, Alias("gg.correction-trip")]
public sealed class Trip
{
    [Id(0)] public required TripRequest Request { get; init; }

    [Id(1)] public required string Fingerprint { get; init; }

    [Id(2)] public TripStatus Status { get; set; }

    [Id(3)] public string? DecidedBy { get; set; }

    [Id(4)] public ApproverLevel? DecidedLevel { get; set; }

    [Id(5)] public DateTimeOffset? DepartedAt { get; set; }

    [Id(6)] public DateTimeOffset? ReturnedAt { get; set; }
}

/// <summary>A violation as the case keeps it.</summary>
[GenerateSerializer, Alias("gg.correction-violation")]
public sealed class Violation
{
    [Id(0)] public required ViolationReport Report { get; init; }

    [Id(1)] public required string Fingerprint { get; init; }

    /// <summary>Recorded by the system itself (a missed duty, a late return) rather than an officer.</summary>
    [Id(2)] public bool Automatic { get; init; }
}

/// <summary>A sanction proposal and its decision.</summary>
[GenerateSerializer, Alias("gg.correction-sanction")]
public sealed class Sanction
{
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public required SanctionKind Kind { get; init; }

    [Id(2)] public required string Rule { get; init; }

    [Id(3)] public required string Article { get; init; }

    [Id(4)] public required string Ground { get; init; }

    [Id(5)] public required List<string> Evidence { get; init; }

    [Id(6)] public required DateOnly EventOn { get; init; }

    [Id(7)] public SanctionStatus Status { get; set; }

    [Id(8)] public string? DecidedBy { get; set; }

    [Id(9)] public DateTimeOffset? DecidedAt { get; set; }

    [Id(10)] public bool Corrected { get; set; }

    /// <summary>The proposal this sanction was counted into (two admonitions → a warning), so it is counted once.</summary>
    [Id(11)] public string? CountedInto { get; set; }

    [Id(12)] public DateTimeOffset ProposedAt { get; init; }

    public SanctionView ToView() => new(Id, Kind, Rule, Article, Ground, Evidence, EventOn, Status, DecidedBy, DecidedAt, Corrected);
}

/// <summary>An electronic monitoring order as the case keeps it.</summary>
[GenerateSerializer, Alias("gg.correction-monitoring")]
public sealed class MonitoringRecord
{
    [Id(0)] public required MonitoringOrder Order { get; init; }

    [Id(1)] public required string Fingerprint { get; init; }

    [Id(2)] public required DateOnly EndsOn { get; set; }

    [Id(3)] public List<Guid> Extensions { get; set; } = [];

    [Id(4)] public bool Active { get; set; } = true;

    /// <summary>Each extension's fingerprint, to tell a replay from a reused id.</summary>
    [Id(5)] public Dictionary<Guid, string> ExtensionFingerprints { get; set; } = [];

    /// <summary>The id of the current expiry deadline (changes with each extension).</summary>
    public string ExpiryDeadlineId => $"monitoring:{Order.OrderId:N}:{Extensions.Count}";

    public MonitoringView ToView() => new(Order.OrderId, Order.Ground, Order.StartsOn, EndsOn, Extensions.Count, Active);
}
