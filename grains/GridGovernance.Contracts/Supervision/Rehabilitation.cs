using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;

namespace GridGovernance.Contracts.Supervision;

/// <summary>Where a community drug rehabilitation (社区戒毒) or rehabilitation (社区康复) case stands.</summary>
public enum RehabilitationStage
{
    /// <summary>Ordered; the person has 15 days to report (DR-02).</summary>
    AwaitingReport = 0,

    /// <summary>Reported; the agreement must be signed before the case is active (DR-05).</summary>
    AwaitingAgreement = 1,

    /// <summary>In the programme: tests are scheduled (DR-18), absences and points are kept (DR-07, DR-21).</summary>
    Active = 2,

    /// <summary>Detained: the case is suspended and the time does not count (DR-13); no tests are due.</summary>
    Suspended = 3,

    /// <summary>The programme ended clean: the person has left dynamic control (DR-16); nothing more is due.</summary>
    Completed = 4,
}

/// <summary>The result of a drug test (DR-07, DR-18).</summary>
public enum DrugTestResult
{
    /// <summary>Taken, negative.</summary>
    Negative = 0,

    /// <summary>Taken, positive: a relapse, reported to the police (DR-09).</summary>
    Positive = 1,

    /// <summary>The person refused the test: counts as evaded (DR-08).</summary>
    Refused = 2,
}

/// <summary>The rehabilitation agreement was signed (DR-05); the case becomes active.</summary>
/// <param name="SignedAt">When it was signed; not before the report, not in the future.</param>
[GenerateSerializer, Immutable, Alias("gg.rehabilitation-agreement")]
public sealed record SignRehabilitationAgreement(DateTimeOffset SignedAt);

/// <summary>A drug test taken or refused (DR-18); completes the due scheduled test and plans the next.</summary>
/// <param name="TestId">Client id, generated once per test: re-sending is harmless.</param>
/// <param name="TakenAt">When it was taken (or refused); not in the future, not before the programme started.</param>
/// <param name="Result">Negative, Positive or Refused.</param>
/// <param name="ScheduledTest">The scheduled test (a <see cref="DeadlineKind.DrugTest"/> deadline id) it fulfils; null for the earliest open one.</param>
[GenerateSerializer, Immutable, Alias("gg.rehabilitation-drug-test")]
public sealed record RecordDrugTest(Guid TestId, DateTimeOffset TakenAt, DrugTestResult Result, string? ScheduledTest = null);

/// <summary>An absence from the county (DR-07): of at least 3 days it needs a written report before leaving.</summary>
/// <param name="AbsenceId">Client id.</param>
/// <param name="From">First day away (local date).</param>
/// <param name="To">Last day away (local date), not before <paramref name="From"/>, not in the future.</param>
/// <param name="ReportedInAdvance">Whether a written report was made before leaving.</param>
[GenerateSerializer, Immutable, Alias("gg.rehabilitation-absence")]
public sealed record RecordAbsence(Guid AbsenceId, DateOnly From, DateOnly To, bool ReportedInAdvance);

/// <summary>The person was detained (DR-13): the case is suspended from that day.</summary>
/// <param name="DetentionId">Client id; the release names it.</param>
/// <param name="DetainedAt">When; not in the future, not before the programme started.</param>
[GenerateSerializer, Immutable, Alias("gg.rehabilitation-detention")]
public sealed record RecordDetention(Guid DetentionId, DateTimeOffset DetainedAt);

/// <summary>The person was released (DR-13): the case resumes; end date and test dates move by the suspended days.</summary>
/// <param name="DetentionId">The detention this ends.</param>
/// <param name="ReleasedAt">When; not before the detention, not in the future.</param>
[GenerateSerializer, Immutable, Alias("gg.rehabilitation-release")]
public sealed record RecordRelease(Guid DetentionId, DateTimeOffset ReleasedAt);

/// <summary>An activity with the help team (DR-21 points).</summary>
/// <param name="ActivityId">Client id.</param>
/// <param name="At">When; not in the future.</param>
[GenerateSerializer, Immutable, Alias("gg.rehabilitation-help-activity")]
public sealed record RecordHelpActivity(Guid ActivityId, DateTimeOffset At);

/// <summary>The full-time worker reported to the police (DR-09); completes that police-report task.</summary>
/// <param name="ReportId">Client id.</param>
/// <param name="Task">The task (a <see cref="DeadlineKind.PoliceReport"/> deadline id from the case view).</param>
/// <param name="ReportedAt">When; not in the future.</param>
[GenerateSerializer, Immutable, Alias("gg.rehabilitation-police-report")]
public sealed record RecordPoliceReport(Guid ReportId, string Task, DateTimeOffset ReportedAt);

/// <summary>One line of the points ledger (DR-21).</summary>
/// <param name="At">When the event happened.</param>
/// <param name="Event">Event name from the points table (e.g. <c>test-negative</c>).</param>
/// <param name="Points">Points, positive or negative.</param>
[GenerateSerializer, Immutable, Alias("gg.rehabilitation-points-entry")]
public sealed record PointsEntryView(DateTimeOffset At, string Event, int Points);

/// <summary>A drug rehabilitation case without personal detail (PI-03: counters and dates only).</summary>
/// <param name="Id">The person.</param>
/// <param name="Programme">社区戒毒 or 社区康复 (same rules, DR-15).</param>
/// <param name="Stage">Where the case stands.</param>
/// <param name="StartedOn">Report date: the programme runs from it (DR-03).</param>
/// <param name="EndsOn">The day the programme ends (3 years plus suspended days, DR-03/13); null while detained.</param>
/// <param name="SuspendedDays">Days suspended by detention, completed detentions (DR-13).</param>
/// <param name="AgreementSignedAt">When the agreement was signed (DR-05).</param>
/// <param name="TestsTaken">Tests taken (negative or positive).</param>
/// <param name="MissedTests">Scheduled tests missed: evaded (DR-08).</param>
/// <param name="RefusedTests">Tests refused: evaded (DR-08).</param>
/// <param name="PositiveTests">Positive results: relapses (DR-09).</param>
/// <param name="UnauthorisedAbsences">Absences of ≥ 3 days not reported in advance (DR-07/08).</param>
/// <param name="UnauthorisedDays">Their days in total (DR-08).</param>
/// <param name="RefusedToReport">Did not report within 15 days: counts as refusal (DR-02/09).</param>
/// <param name="SeriousViolationAt">When the case was flagged for serious violation (DR-08), if it was.</param>
/// <param name="SeriousViolationReasons">Which DR-08 thresholds were reached.</param>
/// <param name="PointsTotal">Points total (DR-21).</param>
/// <param name="RecentPoints">The most recent ledger lines, newest first.</param>
/// <param name="NextTest">The next scheduled test not yet passed, if any (missed ones are among the person's deadlines).</param>
/// <param name="OpenPoliceReports">Police-report tasks not yet done (DR-09).</param>
/// <param name="UnderActiveControl">False once the person left dynamic control (DR-16).</param>
/// <param name="CompletedAt">When the programme ended clean (DR-16).</param>
/// <param name="EndHeld">The programme end passed but the exit is held by a serious violation or an open police task.</param>
[GenerateSerializer, Immutable, Alias("gg.rehabilitation-case-view")]
public sealed record RehabilitationCaseView(
    PersonId Id, Programme Programme, RehabilitationStage Stage, DateOnly? StartedOn, DateOnly? EndsOn, int SuspendedDays, DateTimeOffset? AgreementSignedAt,
    int TestsTaken, int MissedTests, int RefusedTests, int PositiveTests, int UnauthorisedAbsences, int UnauthorisedDays,
    bool RefusedToReport, DateTimeOffset? SeriousViolationAt, IReadOnlyList<string> SeriousViolationReasons,
    int PointsTotal, IReadOnlyList<PointsEntryView> RecentPoints, DeadlineView? NextTest, IReadOnlyList<DeadlineView> OpenPoliceReports,
    bool UnderActiveControl, DateTimeOffset? CompletedAt, bool EndHeld);

/// <summary>
/// The drug rehabilitation part of a monitored person (DR-*), for 社区戒毒 and 社区康复 alike (DR-15); same key as
/// <see cref="IMonitoredPersonGrain"/>. Every command is idempotent by its client id (same id and content: same
/// answer; same id, other content: conflict, nothing changed) and refused on a case that is not active.
/// </summary>
[Alias("gg.rehabilitation-case-grain")]
public interface IRehabilitationCaseGrain : IGrainWithGuidKey
{
    /// <summary>Signs the agreement (DR-05): the case becomes active, the programme end and the first test are planned.</summary>
    [Alias("sign-agreement")]
    ValueTask<Outcome> SignRehabilitationAgreementAsync(SignRehabilitationAgreement command, string actor, CancellationToken cancellationToken = default);

    /// <summary>Records a drug test (DR-18): completes the due one, plans the next; refusals count (DR-08), positives are reported (DR-09).</summary>
    [Alias("record-drug-test")]
    ValueTask<Outcome> RecordDrugTestAsync(RecordDrugTest command, string actor, CancellationToken cancellationToken = default);

    /// <summary>Records an absence (DR-07); an unreported one of ≥ 3 days is unauthorised and counts toward DR-08.</summary>
    [Alias("record-absence")]
    ValueTask<Outcome> RecordRehabilitationAbsenceAsync(RecordAbsence command, string actor, CancellationToken cancellationToken = default);

    /// <summary>Records a detention (DR-13): the case is suspended, the pending test withdrawn.</summary>
    [Alias("record-detention")]
    ValueTask<Outcome> RecordRehabilitationDetentionAsync(RecordDetention command, string actor, CancellationToken cancellationToken = default);

    /// <summary>Records the release (DR-13): the case resumes with its dates moved by the suspended days.</summary>
    [Alias("record-release")]
    ValueTask<Outcome> RecordRehabilitationReleaseAsync(RecordRelease command, string actor, CancellationToken cancellationToken = default);

    /// <summary>Records a help-team activity (DR-21 points).</summary>
    [Alias("record-help-activity")]
    ValueTask<Outcome> RecordHelpActivityAsync(RecordHelpActivity command, string actor, CancellationToken cancellationToken = default);

    /// <summary>Records the report to the police (DR-09); completes the named task.</summary>
    [Alias("record-police-report")]
    ValueTask<Outcome> RecordPoliceReportAsync(RecordPoliceReport command, string actor, CancellationToken cancellationToken = default);

    /// <summary>The case, or null when the person is not enrolled in a drug rehabilitation programme.</summary>
    [Alias("get-case")]
    ValueTask<RehabilitationCaseView?> GetRehabilitationCaseAsync(CancellationToken cancellationToken = default);
}
