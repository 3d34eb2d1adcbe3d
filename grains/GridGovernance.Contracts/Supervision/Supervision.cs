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
[GenerateSerializer, Immutable, Alias("gg.enrolment")]
public sealed record Enrolment(DistrictCode District, string Name, Gender Gender, GeoPoint Home, Programme Programme, SentenceType? SentenceType, SupervisionLevel? Level, DateOnly OrderEffectiveOn, DateTimeOffset? ReportedAt, DateTimeOffset? LastVisitedAt, DateOnly? CorrectionEndsOn = null);

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
[GenerateSerializer, Immutable, Alias("gg.person-summary")]
public sealed record PersonSummary(PersonId Id, Programme Programme, SentenceType? SentenceType, SupervisionLevel? Level, CellCode? Cell, CommunityCode? Community, bool Reported, IReadOnlyList<DeadlineView> Deadlines, DateTimeOffset? LastVisitedAt,
    string? Stage = null, bool UnderActiveControl = true);

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
}
