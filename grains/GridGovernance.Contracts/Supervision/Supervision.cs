using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Geography;

namespace GridGovernance.Contracts.Supervision;

/// <summary>The programme a person is enrolled in.</summary>
public enum Programme
{
    /// <summary>社区矫正 (CCL).</summary>
    CommunityCorrection = 0,

    /// <summary>社区戒毒 (戒毒条例).</summary>
    CommunityDrugRehabilitation = 1,

    /// <summary>社区康复, after compulsory rehabilitation (DR-15).</summary>
    CommunityRehabilitation = 2,
}

/// <summary>Sentence types of community correction (CC-01).</summary>
public enum SentenceType
{
    /// <summary>管制.</summary>
    Control = 0,

    /// <summary>缓刑.</summary>
    Probation = 1,

    /// <summary>假释.</summary>
    Parole = 2,

    /// <summary>暂予监外执行.</summary>
    TemporaryExecutionOutsidePrison = 3,
}

/// <summary>Supervision level; it sets the contact standard (CC-10/11).</summary>
public enum SupervisionLevel
{
    /// <summary>严管: weekly.</summary>
    Strict = 0,

    /// <summary>普管: every two weeks.</summary>
    Ordinary = 1,

    /// <summary>宽管: monthly.</summary>
    Lenient = 2,
}

/// <summary>Gender, as the correction team rules need it (CC-06).</summary>
public enum Gender
{
    /// <summary>女.</summary>
    Female = 0,

    /// <summary>男.</summary>
    Male = 1,
}

/// <summary>Enrols a person in a programme; sending it again with the same content is harmless.</summary>
/// <param name="District">The district whose grid places the person's home.</param>
/// <param name="Name">Name.</param>
/// <param name="Gender">Gender.</param>
/// <param name="Home">Registered home point.</param>
/// <param name="Programme">Programme.</param>
/// <param name="SentenceType">Required for community correction.</param>
/// <param name="Level">Supervision level for community correction; new subjects start at <see cref="SupervisionLevel.Strict"/>.</param>
/// <param name="OrderEffectiveOn">Judgment effective (CC-04) or decision date (DR-02), local date.</param>
/// <param name="ReportedAt">When the person reported, if already.</param>
/// <param name="LastVisitedAt">For migrated records: last visit.</param>
/// <param name="CorrectionEndsOn">Community correction: the last day of the term (pre-release starts 30 days before it, CC-33).</param>
/// <param name="Officer">
/// The correction officer (token subject) whose caseload the person joins at enrolment, e.g. the officer who enrols
/// them; null for none. Left out of the replay fingerprint when null, so enrolments sent before it existed still match.
/// </param>
[GenerateSerializer, Immutable, Alias("gg.enrolment")]
public sealed record Enrolment(DistrictCode District, string Name, Gender Gender, GeoPoint Home, Programme Programme, SentenceType? SentenceType, SupervisionLevel? Level, DateOnly OrderEffectiveOn, DateTimeOffset? ReportedAt, DateTimeOffset? LastVisitedAt, DateOnly? CorrectionEndsOn = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Officer = null);

/// <summary>A monitored person without personal detail (the name stays in the grain).</summary>
/// <param name="Id">Key.</param>
/// <param name="Programme">Programme.</param>
/// <param name="SentenceType">For correction.</param>
/// <param name="Level">For correction.</param>
/// <param name="Cell">Cell of the home, or null.</param>
/// <param name="Community">Community.</param>
/// <param name="Reported">Whether the person has reported in.</param>
/// <param name="Deadlines">Deadlines, pending first.</param>
/// <param name="LastVisitedAt">Last visit.</param>
/// <param name="Stage">Where the case stands in its programme's lifecycle (e.g. <c>AwaitingReport</c>, <c>Active</c>, <c>Discharged</c>).</param>
/// <param name="UnderActiveControl">False once the case has closed or the person left dynamic control (DR-16): no visits, no alerts.</param>
/// <param name="Officer">The correction officer (token subject) on whose caseload the person is, or null.</param>
[GenerateSerializer, Immutable, Alias("gg.person-summary")]
public sealed record PersonSummary(PersonId Id, Programme Programme, SentenceType? SentenceType, SupervisionLevel? Level, CellCode? Cell, CommunityCode? Community, bool Reported, IReadOnlyList<DeadlineView> Deadlines, DateTimeOffset? LastVisitedAt,
    string? Stage = null, bool UnderActiveControl = true, string? Officer = null);

/// <summary>
/// A monitored person's record for display: the summary, the name MASKED (PI-14; the clear name only through
/// <see cref="IMonitoredPersonGrain.RevealNameAsync"/>), and the home. The home point and the linked property are
/// location data: the gateway passes them on only to callers allowed to see them (CC-31 for correction subjects).
/// </summary>
/// <param name="Summary">The summary.</param>
/// <param name="MaskedName">The name with all but its first character masked, e.g. 张**.</param>
/// <param name="Gender">Gender.</param>
/// <param name="Home">Registered home point.</param>
/// <param name="HomeProperty">The rental property the person is linked to, if any.</param>
[GenerateSerializer, Immutable, Alias("gg.person-record")]
public sealed record PersonRecord(PersonSummary Summary, string MaskedName, Gender Gender, GeoPoint? Home, PropertyId? HomeProperty);

/// <summary>The answer to a name reveal: the clear name when Ok.</summary>
/// <param name="Outcome">Ok, Invalid (no purpose) or NotFound.</param>
/// <param name="Name">The name in clear, when Ok.</param>
[GenerateSerializer, Immutable, Alias("gg.revealed-name")]
public sealed record RevealedName(Outcome Outcome, string? Name);

/// <summary>A person under community correction or drug rehabilitation.</summary>
[Alias("gg.monitored-person")]
public interface IMonitoredPersonGrain : IFieldEntityGrain
{
    /// <summary>Enrols the person; plans the report (CC-04 / DR-02) and the visits (CC-10/11).</summary>
    [Alias("enrol")]
    ValueTask<Outcome> EnrolAsync(Enrolment command, string actor, CancellationToken cancellationToken = default);

    /// <summary>Records that the person reported in (CC-04 / DR-02); completes the report deadline, late or not.</summary>
    [Alias("record-report")]
    ValueTask<Outcome> RecordReportAsync(DateTimeOffset reportedAt, string actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Links the person to the rental property they live at (null unlinks): while linked, that property is visited
    /// more often (GR-06). Idempotent; refused when the property is not registered.
    /// </summary>
    [Alias("link-home")]
    ValueTask<Outcome> LinkHomeAsync(PropertyId? home, string actor, CancellationToken cancellationToken = default);

    /// <summary>The person, or null when never enrolled.</summary>
    [Alias("get")]
    ValueTask<PersonSummary?> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>The record with the name masked (PI-14), or null when never enrolled. Reading it is audited by the caller (PI-10, CC-37).</summary>
    [Alias("get-record")]
    ValueTask<PersonRecord?> GetRecordAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The name in clear, only with a purpose; journals <c>personal-data-revealed</c> with actor, purpose and — when
    /// the caller was let in by a break-glass grant — <paramref name="breakGlassGrant"/>, before it leaves the grain (PI-14).
    /// </summary>
    [Alias("reveal-name")]
    ValueTask<RevealedName> RevealNameAsync(string purpose, string actor, Guid? breakGlassGrant = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts the person on <paramref name="officer"/>'s caseload (null: on none), journaled as <c>officer-assigned</c>;
    /// idempotent. The person is the source of truth; the caseloads are kept in step after the write and repaired on
    /// a repeated call or the next activation if telling them failed.
    /// </summary>
    [Alias("assign-officer")]
    ValueTask<Outcome> AssignOfficerAsync(string? officer, string actor, CancellationToken cancellationToken = default);
}
