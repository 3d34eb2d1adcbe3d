using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;

namespace GridGovernance.Contracts.Supervision;

/// <summary>The four intake steps before a correction case becomes active (CC-05).</summary>
public enum IntakeStep
{
    /// <summary>Legal documents received and checked.</summary>
    DocumentsChecked = 0,

    /// <summary>The subject's identity verified.</summary>
    IdentityVerified = 1,

    /// <summary>The case file created.</summary>
    FileCreated = 2,

    /// <summary>The rules and obligations announced to the subject.</summary>
    RulesAnnounced = 3,
}

/// <summary>Roles in a correction team (CC-06; Shiqi's "many help one").</summary>
public enum TeamRole
{
    /// <summary>司法所工作人员.</summary>
    JudicialOfficer = 0,

    /// <summary>社会工作者.</summary>
    SocialWorker = 1,

    /// <summary>专职社区矫正工作者 / 网格员.</summary>
    FullTimeWorker = 2,

    /// <summary>志愿者.</summary>
    Volunteer = 3,

    /// <summary>家庭成员 / 监护人.</summary>
    FamilyMember = 4,
}

/// <summary>A member of the correction team.</summary>
/// <param name="Name">Name (staff, not the subject).</param>
/// <param name="Role">Role.</param>
/// <param name="Gender">Gender (CC-06: a female subject's team includes a woman).</param>
[GenerateSerializer, Immutable, Alias("gg.team-member")]
public sealed record TeamMember(string Name, TeamRole Role, Gender Gender);

/// <summary>The periodic duties of a subject (CC-10).</summary>
public enum DutyKind
{
    /// <summary>In-person report at the justice office.</summary>
    InPersonReport = 0,

    /// <summary>Written report of one's activities.</summary>
    WrittenReport = 1,
}

/// <summary>A duty the subject fulfilled; idempotent by <paramref name="ReportId"/>.</summary>
/// <param name="ReportId">Client id.</param>
/// <param name="Kind">Which duty.</param>
/// <param name="At">When.</param>
[GenerateSerializer, Immutable, Alias("gg.duty-report")]
public sealed record DutyReport(Guid ReportId, DutyKind Kind, DateTimeOffset At);

/// <summary>Monthly assessment grades (CC-12).</summary>
public enum AssessmentGrade
{
    /// <summary>良好.</summary>
    Good = 0,

    /// <summary>合格.</summary>
    Pass = 1,

    /// <summary>不合格.</summary>
    Fail = 2,
}

/// <summary>A monthly assessment; one per month.</summary>
/// <param name="Year">Year.</param>
/// <param name="Month">Month 1–12.</param>
/// <param name="Grade">Grade.</param>
[GenerateSerializer, Immutable, Alias("gg.monthly-assessment")]
public sealed record MonthlyAssessment(int Year, int Month, AssessmentGrade Grade);

/// <summary>Who approves: trips up to 7 days the justice office, longer the county (CC-15/16); monitoring the bureau head (CC-29).</summary>
public enum ApproverLevel
{
    /// <summary>司法所.</summary>
    JusticeOffice = 0,

    /// <summary>县级社区矫正机构.</summary>
    CountyAgency = 1,

    /// <summary>县级司法行政部门负责人.</summary>
    CountyBureauHead = 2,
}

/// <summary>A request to leave the city or county (CC-15/16); idempotent by <paramref name="TripId"/>.</summary>
/// <param name="TripId">Client id.</param>
/// <param name="Destination">Where to.</param>
/// <param name="Departs">First day away.</param>
/// <param name="Returns">Last day away (the subject reports on return).</param>
/// <param name="Reason">Why.</param>
[GenerateSerializer, Immutable, Alias("gg.trip-request")]
public sealed record TripRequest(Guid TripId, string Destination, DateOnly Departs, DateOnly Returns, string Reason);

/// <summary>An approver's decision on a trip.</summary>
/// <param name="TripId">The trip.</param>
/// <param name="Approved">Approved or refused.</param>
/// <param name="Approver">Name of the approver.</param>
/// <param name="Level">The approver's level; a trip over 7 days needs the county.</param>
[GenerateSerializer, Immutable, Alias("gg.trip-decision")]
public sealed record TripDecision(Guid TripId, bool Approved, string Approver, ApproverLevel Level);

/// <summary>Where a trip stands.</summary>
public enum TripStatus
{
    /// <summary>Waiting for a decision.</summary>
    Requested = 0,

    /// <summary>Approved, not yet left.</summary>
    Approved = 1,

    /// <summary>Refused.</summary>
    Refused = 2,

    /// <summary>Away.</summary>
    Away = 3,

    /// <summary>Back and reported.</summary>
    Returned = 4,
}

/// <summary>A trip as the officer sees it.</summary>
/// <param name="TripId">Id.</param>
/// <param name="Destination">Where.</param>
/// <param name="Departs">First day.</param>
/// <param name="Returns">Last day.</param>
/// <param name="Days">Length in days.</param>
/// <param name="Required">The approver level the length needs.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="ReturnedOn">When the subject came back.</param>
[GenerateSerializer, Immutable, Alias("gg.trip-view")]
public sealed record TripView(Guid TripId, string Destination, DateOnly Departs, DateOnly Returns, int Days, ApproverLevel Required, TripStatus Status, DateOnly? ReturnedOn);

/// <summary>What a subject did wrong; the system proposes sanctions from these (CC-19/20/22).</summary>
public enum ViolationKind
{
    /// <summary>Reported late at the start (不按规定时间报到); days late.</summary>
    LateReporting = 0,

    /// <summary>Out of contact / escaped supervision (脱离监管); days.</summary>
    Absconding = 1,

    /// <summary>Left the city or county without approval; days away.</summary>
    UnauthorisedAbsence = 2,

    /// <summary>Came back from an approved trip late; days late.</summary>
    LateReturn = 3,

    /// <summary>Minor breach of the reporting rules (a missed report).</summary>
    ReportingRuleBreach = 4,

    /// <summary>Minor breach of the visitor rules.</summary>
    VisitorRuleBreach = 5,

    /// <summary>Minor breach of the trip rules.</summary>
    TripRuleBreach = 6,

    /// <summary>Minor breach of the moving rules.</summary>
    MovingRuleBreach = 7,

    /// <summary>Skipped required education or community service, not corrected after being told.</summary>
    SkippedEducation = 8,

    /// <summary>A more serious breach of the supervision rules (情节较重).</summary>
    SeriousBreach = 9,

    /// <summary>Breached a court prohibition order (禁止令).</summary>
    ProhibitionOrderBreach = 10,

    /// <summary>Received a public-security penalty for breaching the supervision rules.</summary>
    PublicSecurityPenalty = 11,
}

/// <summary>A violation an officer records; idempotent by <paramref name="ViolationId"/>.</summary>
/// <param name="ViolationId">Client id.</param>
/// <param name="Kind">What.</param>
/// <param name="OccurredOn">The day it happened: the rules in force that day judge it.</param>
/// <param name="Days">Days late or away, for the kinds measured in days.</param>
/// <param name="Description">What happened.</param>
[GenerateSerializer, Immutable, Alias("gg.violation-report")]
public sealed record ViolationReport(Guid ViolationId, ViolationKind Kind, DateOnly OccurredOn, int? Days, string Description);

/// <summary>Sanctions (and the revocation proposal) the system proposes and an officer decides.</summary>
public enum SanctionKind
{
    /// <summary>训诫 (CC-19).</summary>
    Admonition = 0,

    /// <summary>警告 (CC-20).</summary>
    Warning = 1,

    /// <summary>提请撤销缓刑 / 撤销假释 / 收监执行 (CC-22..24).</summary>
    RevocationProposal = 2,
}

/// <summary>Where a proposal stands: the system proposes, a person decides.</summary>
public enum SanctionStatus
{
    /// <summary>Awaiting an officer.</summary>
    Proposed = 0,

    /// <summary>The officer confirmed it.</summary>
    Confirmed = 1,

    /// <summary>The officer rejected it.</summary>
    Rejected = 2,
}

/// <summary>A sanction proposal with the rule and article it rests on.</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Kind">Admonition, warning or revocation proposal.</param>
/// <param name="Rule">Rule id, e.g. CC-20.</param>
/// <param name="Article">The article, e.g. 社区矫正法实施办法 第三十六条第（五）项.</param>
/// <param name="Ground">Why, in words.</param>
/// <param name="Evidence">The violations or sanctions it rests on.</param>
/// <param name="EventOn">The date of the event that completed the ground (the rules of that day apply).</param>
/// <param name="Status">Proposed, confirmed or rejected.</param>
/// <param name="DecidedBy">The officer who decided.</param>
/// <param name="DecidedAt">When.</param>
/// <param name="Corrected">The subject has corrected the behaviour (an uncorrected one counts towards the next step).</param>
[GenerateSerializer, Immutable, Alias("gg.sanction-view")]
public sealed record SanctionView(string Id, SanctionKind Kind, string Rule, string Article, string Ground, IReadOnlyList<string> Evidence, DateOnly EventOn,
    SanctionStatus Status, string? DecidedBy, DateTimeOffset? DecidedAt, bool Corrected);

/// <summary>An officer's decision on a proposal.</summary>
/// <param name="ProposalId">The proposal.</param>
/// <param name="Confirm">Confirm or reject.</param>
/// <param name="Officer">The deciding officer's name.</param>
/// <param name="Note">Reasoning.</param>
[GenerateSerializer, Immutable, Alias("gg.sanction-decision")]
public sealed record SanctionDecision(string ProposalId, bool Confirm, string Officer, string? Note);

/// <summary>The five grounds for electronic monitoring (CC-29, CCL Art 29).</summary>
public enum MonitoringGround
{
    /// <summary>Breached a court prohibition order.</summary>
    ProhibitionOrderBreach = 0,

    /// <summary>Left the city or county without approval.</summary>
    LeftAreaWithoutApproval = 1,

    /// <summary>Refused to report on their activities and was warned.</summary>
    WarnedForRefusingToReport = 2,

    /// <summary>Received a public-security penalty for breaching the supervision rules.</summary>
    PublicSecurityPenalty = 3,

    /// <summary>Revocation or recommitment is about to be proposed.</summary>
    PendingRevocationProposal = 4,
}

/// <summary>An electronic monitoring order (CC-29/30); idempotent by <paramref name="OrderId"/>.</summary>
/// <param name="OrderId">Client id.</param>
/// <param name="Ground">One of the five grounds; it must be on the case's record.</param>
/// <param name="StartsOn">First day.</param>
/// <param name="Months">Length, at most 3 months.</param>
/// <param name="Approver">The approver's name.</param>
/// <param name="Level">Must be the head of the county justice bureau.</param>
[GenerateSerializer, Immutable, Alias("gg.monitoring-order")]
public sealed record MonitoringOrder(Guid OrderId, MonitoringGround Ground, DateOnly StartsOn, int Months, string Approver, ApproverLevel Level);

/// <summary>Extends an order after a new assessment (CC-30); idempotent by <paramref name="ExtensionId"/>.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="ExtensionId">Client id.</param>
/// <param name="Months">At most 3 months.</param>
/// <param name="Assessment">The new assessment that justifies it.</param>
/// <param name="Approver">The approver's name.</param>
/// <param name="Level">Must be the head of the county justice bureau.</param>
[GenerateSerializer, Immutable, Alias("gg.monitoring-extension")]
public sealed record MonitoringExtension(Guid OrderId, Guid ExtensionId, int Months, string Assessment, string Approver, ApproverLevel Level);

/// <summary>A monitoring order as the officer sees it.</summary>
/// <param name="OrderId">Id.</param>
/// <param name="Ground">Ground.</param>
/// <param name="StartsOn">First day.</param>
/// <param name="EndsOn">Last day (after extensions).</param>
/// <param name="Extensions">Extensions granted.</param>
/// <param name="Active">Not yet expired.</param>
[GenerateSerializer, Immutable, Alias("gg.monitoring-view")]
public sealed record MonitoringView(Guid OrderId, MonitoringGround Ground, DateOnly StartsOn, DateOnly EndsOn, int Extensions, bool Active);

/// <summary>The documents due before the end of correction (CC-33).</summary>
public enum ReleaseDocument
{
    /// <summary>The subject's self-summary.</summary>
    SelfSummary = 0,

    /// <summary>The correction appraisal.</summary>
    Appraisal = 1,

    /// <summary>The resettlement recommendation.</summary>
    ResettlementRecommendation = 2,
}

/// <summary>What the court and police decided after a revocation proposal (CC-25).</summary>
public enum CourtDecision
{
    /// <summary>The arrest decision was taken.</summary>
    ArrestDecided = 0,

    /// <summary>Revocation (or recommitment) granted: the case leaves community correction.</summary>
    RevocationGranted = 1,

    /// <summary>Revocation refused: the case continues.</summary>
    RevocationRefused = 2,
}

/// <summary>A correction case as the officer sees it (no subject name or ID number).</summary>
/// <param name="Person">The subject's key.</param>
/// <param name="Stage">Lifecycle stage.</param>
/// <param name="SentenceType">Sentence type.</param>
/// <param name="Level">Supervision level.</param>
/// <param name="EndsOn">Last day of the term.</param>
/// <param name="IntakeDone">Intake steps done.</param>
/// <param name="Team">The correction team.</param>
/// <param name="StrictUntil">The new-subject strict period's end.</param>
/// <param name="GoodAssessmentsInARow">Consecutive 良好 assessments.</param>
/// <param name="Trips">Trips.</param>
/// <param name="Violations">Violations recorded, newest first.</param>
/// <param name="Sanctions">Proposals and decided sanctions, newest first.</param>
/// <param name="Monitoring">Monitoring orders.</param>
/// <param name="Deadlines">Open deadlines first.</param>
[GenerateSerializer, Immutable, Alias("gg.correction-case-view")]
public sealed record CorrectionCaseView(PersonId Person, string Stage, SentenceType SentenceType, SupervisionLevel Level, DateOnly? EndsOn,
    IReadOnlyList<IntakeStep> IntakeDone, IReadOnlyList<TeamMember> Team, DateOnly? StrictUntil, int GoodAssessmentsInARow,
    IReadOnlyList<TripView> Trips, IReadOnlyList<ViolationReport> Violations, IReadOnlyList<SanctionView> Sanctions,
    IReadOnlyList<MonitoringView> Monitoring, IReadOnlyList<DeadlineView> Deadlines);

/// <summary>
/// A community correction case (社区矫正): intake, team, duties, level, trips, violations and the sanctions the
/// system proposes from them, monitoring orders, pre-release and discharge. The system proposes, a person decides.
/// Every command is idempotent; on a discharged or closed case commands are refused.
/// </summary>
[Alias("gg.correction-case")]
public interface ICorrectionCaseGrain : IGrainWithGuidKey
{
    /// <summary>Marks an intake step done (CC-05); the case becomes active once all four and the team are in place.</summary>
    [Alias("intake-step")]
    ValueTask<Outcome> RecordIntakeStepAsync(IntakeStep intakeStep, string actor, CancellationToken cancellationToken = default);

    /// <summary>Sets the correction team (CC-06: a female subject's team includes a woman).</summary>
    [Alias("set-team")]
    ValueTask<Outcome> SetTeamAsync(IReadOnlyList<TeamMember> team, string actor, CancellationToken cancellationToken = default);

    /// <summary>Records a fulfilled duty (CC-10); completes the due one and plans the next by level.</summary>
    [Alias("record-duty")]
    ValueTask<Outcome> RecordDutyAsync(DutyReport report, string actor, CancellationToken cancellationToken = default);

    /// <summary>Records a monthly assessment (CC-12); N consecutive 良好 move the level down once the strict period is over.</summary>
    [Alias("record-assessment")]
    ValueTask<Outcome> RecordAssessmentAsync(MonthlyAssessment assessment, string actor, CancellationToken cancellationToken = default);

    /// <summary>Requests a trip (CC-15/16); refused when longer than one approval may cover.</summary>
    [Alias("request-trip")]
    ValueTask<Outcome> RequestTripAsync(TripRequest request, string actor, CancellationToken cancellationToken = default);

    /// <summary>Approves or refuses a trip; an approver below the level the length needs is forbidden.</summary>
    [Alias("decide-trip")]
    ValueTask<Outcome> DecideTripAsync(TripDecision decision, string actor, CancellationToken cancellationToken = default);

    /// <summary>The subject left on an approved trip; the return is due at the end of its last day.</summary>
    [Alias("trip-departed")]
    ValueTask<Outcome> RecordTripDepartureAsync(Guid tripId, DateTimeOffset at, string actor, CancellationToken cancellationToken = default);

    /// <summary>The subject came back and reported; a late return is a violation.</summary>
    [Alias("trip-returned")]
    ValueTask<Outcome> RecordTripReturnAsync(Guid tripId, DateTimeOffset at, string actor, CancellationToken cancellationToken = default);

    /// <summary>Records a violation and proposes the sanctions it grounds (CC-19/20/22).</summary>
    [Alias("record-violation")]
    ValueTask<Outcome> RecordViolationAsync(ViolationReport violation, string actor, CancellationToken cancellationToken = default);

    /// <summary>An officer confirms or rejects a proposal; a confirmed sanction raises the level at once (CC-11).</summary>
    [Alias("decide-sanction")]
    ValueTask<Outcome> DecideSanctionAsync(SanctionDecision decision, string actor, CancellationToken cancellationToken = default);

    /// <summary>The subject corrected the behaviour behind a confirmed sanction: it no longer counts towards the next step.</summary>
    [Alias("sanction-corrected")]
    ValueTask<Outcome> RecordCorrectedAsync(string sanctionId, string actor, CancellationToken cancellationToken = default);

    /// <summary>Orders electronic monitoring (CC-29/30): one of five grounds on record, the county bureau head, ≤ 3 months.</summary>
    [Alias("order-monitoring")]
    ValueTask<Outcome> OrderMonitoringAsync(MonitoringOrder order, string actor, CancellationToken cancellationToken = default);

    /// <summary>Extends an active order after a new assessment (CC-30), ≤ 3 months each time.</summary>
    [Alias("extend-monitoring")]
    ValueTask<Outcome> ExtendMonitoringAsync(MonitoringExtension extension, string actor, CancellationToken cancellationToken = default);

    /// <summary>Records a pre-release document (CC-33).</summary>
    [Alias("release-document")]
    ValueTask<Outcome> RecordReleaseDocumentAsync(ReleaseDocument document, string actor, CancellationToken cancellationToken = default);

    /// <summary>Records the court's or police's decision after a revocation proposal (CC-25).</summary>
    [Alias("court-decision")]
    ValueTask<Outcome> RecordCourtDecisionAsync(CourtDecision decision, string actor, CancellationToken cancellationToken = default);

    /// <summary>The case, or null when the person is not under community correction.</summary>
    [Alias("get-case")]
    ValueTask<CorrectionCaseView?> GetCorrectionCaseAsync(CancellationToken cancellationToken = default);
}
