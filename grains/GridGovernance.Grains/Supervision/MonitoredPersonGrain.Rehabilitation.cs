using System.Globalization;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Grains.Calendar;
using GridGovernance.Grains.Deadlines;
using GridGovernance.Grains.Supervision.Rehabilitation;

namespace GridGovernance.Grains.Supervision;

/// <summary>
/// Community drug rehabilitation and rehabilitation (DR-*, the same rules for both, DR-15): the programme's part of
/// the person grain. The rules are in <c>Rehabilitation/</c> (<see cref="TestSchedule"/>, <see cref="SeriousViolationRule"/>,
/// <see cref="PointsLedger"/>); this file applies them to the state, the deadlines and the journal.
/// </summary>
public sealed partial class MonitoredPersonGrain : IRehabilitationCaseGrain
{
    private const string Release = "release", Detain = "detention", Test = "test", AbsenceKind = "absence", Activity = "help-activity", Police = "police-report";

    /// <summary>Clock skew allowed between a phone and the silo for "not in the future".</summary>
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    private static string RehabilitationVisitRule => "GR-06";

    private TimeSpan RehabilitationVisitInterval => TimeSpan.FromDays(Rules.Rehabilitation.VisitDays);

    /// <summary>DR-16: a completed case is out of dynamic control: no visits, no alerts.</summary>
    private bool RehabilitationUnderControl => State.Rehabilitation?.Stage != RehabilitationStage.Completed;

    private RehabilitationCase Rehab => State.Rehabilitation!;

    /// <summary>The programme's calendar, under the rules in force on its start date (DR-03, DR-13, DR-18).</summary>
    private TestSchedule Schedule
    {
        get
        {
            var policy = RulesOn(Rehab.StartedOn!.Value).Rehabilitation;
            return new TestSchedule(Rehab.StartedOn.Value, policy.TestIntervalMonthsByYear, policy.ProgrammeYears, Rehab.Suspensions);
        }
    }

    private static Outcome? ValidateRehabilitation(Enrolment command) =>
        command.SentenceType is not null
            ? Outcome.Invalid("sentenceType", "not-applicable", "sentenceType applies to community correction only.")
            : null;

    private void EnrolRehabilitation(Enrolment command)
    {
        State.Rehabilitation = new RehabilitationCase();
        // DR-02: report within 15 days of the decision.
        PlanFirstReport(DeadlineKind.RehabReport, RulesOn(command.OrderEffectiveOn).Rehabilitation.ReportDays, "DR-02");
        if (command.ReportedAt is { } reportedAt)
        {
            // A migrated record that reported already: DR-03 runs from the report date.
            Rehab.StartedOn = WorkingDayCalendar.LocalDate(reportedAt);
            Rehab.Stage = RehabilitationStage.AwaitingAgreement;
        }
    }

    private Task OnRehabilitationReportedAsync(DateTimeOffset reportedAt, string actor, CancellationToken cancellationToken)
    {
        if (State.Rehabilitation is { Stage: RehabilitationStage.AwaitingReport } @case)
        {
            // DR-03: the programme lasts 3 years from the report date; DR-05: the agreement comes next.
            @case.StartedOn = WorkingDayCalendar.LocalDate(reportedAt);
            @case.Stage = RehabilitationStage.AwaitingAgreement;
        }

        return Task.CompletedTask;
    }

    private async Task OnRehabilitationDeadlineAsync(Deadline deadline, string actor, CancellationToken cancellationToken)
    {
        if (State.Rehabilitation is null)
        {
            return;
        }

        var now = Time.GetUtcNow();
        switch (deadline.Kind)
        {
            case DeadlineKind.RehabReport when !Rehab.RefusedToReport:
                // DR-02: not reporting within 15 days counts as refusal; DR-09: the worker reports it to the police.
                Rehab.RefusedToReport = true;
                Emit("rehabilitation-refused", actor, new { deadline = deadline.Id, dueAt = deadline.DueAt, rule = "DR-02" }, "refused");
                PlanPoliceReport("refusal", "DR-02", now, actor);
                break;
            case DeadlineKind.DrugTest when Rehab.Stage == RehabilitationStage.Active:
                // DR-18/DR-08: a missed scheduled test counts as evaded.
                Rehab.MissedTests++;
                var points = PointsLedger.Book(Rehab, PointsEvents.TestMissed, now, RulesAt(now).Rehabilitation.Points);
                var next = IsCurrentTest(deadline) ? PlanTest(Rehab.TestNumber + 1) : null;
                Emit("drug-test-missed", actor, new { deadline = deadline.Id, dueAt = deadline.DueAt, missedTests = Rehab.MissedTests, evadedTests = Rehab.EvadedTests, points = points?.Points, nextTestDue = next?.DueAt, rule = "DR-08" }, deadline.Id);
                JudgeSeriousViolation(now, actor);
                break;
            case DeadlineKind.ProgrammeEnd when Rehab.Stage == RehabilitationStage.Active:
                await EndProgrammeAsync(actor, cancellationToken);
                break;
            default:
                break;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<Outcome> SignRehabilitationAgreementAsync(SignRehabilitationAgreement command, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (NotARehabilitationCase() is { } missing)
        {
            return missing;
        }

        var fingerprint = FingerprintOf(command);
        if (Rehab.AgreementFingerprint is { } prior)
        {
            return prior == fingerprint
                ? Outcome.Ok
                : Outcome.Conflict("agreement-already-signed", "DR-05: the agreement was already signed with other details; nothing was changed.", "signedAt");
        }

        if (Rehab.Stage == RehabilitationStage.AwaitingReport)
        {
            return Outcome.Conflict("case-not-reported", "DR-05: the person has not reported yet; the agreement follows the report.");
        }

        var now = Time.GetUtcNow();
        if (command.SignedAt > now + Skew || WorkingDayCalendar.LocalDate(command.SignedAt) < Rehab.StartedOn)
        {
            return Outcome.Invalid("signedAt", "impossible-date", "signedAt must lie between the report date and now.");
        }

        Rehab.AgreementFingerprint = fingerprint;
        Rehab.AgreementSignedAt = command.SignedAt;
        Rehab.Stage = RehabilitationStage.Active;
        var end = PlanProgrammeEnd();
        var first = Schedule.FirstDueAfter(WorkingDayCalendar.LocalDate(now)) is { } number ? PlanTest(number) : null;
        Emit("rehabilitation-agreement-signed", actor, new { signedAt = command.SignedAt, startedOn = Rehab.StartedOn, endsAt = end?.DueAt, firstTestDue = first?.DueAt, rule = "DR-05" }, "agreement");
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    /// <inheritdoc/>
    public async ValueTask<Outcome> RecordDrugTestAsync(RecordDrugTest command, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (NotARehabilitationCase() is { } missing)
        {
            return missing;
        }

        if (Replayed(Test, command.TestId, command, "testId", out var fingerprint) is { } replayed)
        {
            return replayed;
        }

        var now = Time.GetUtcNow();
        if (command.TestId == Guid.Empty)
        {
            return Outcome.Invalid("testId", "missing-field", "testId is required (a UUID generated once per test).");
        }

        if (!Enum.IsDefined(command.Result))
        {
            return Outcome.Invalid("result", "invalid-result", "result is Negative, Positive or Refused.");
        }

        if (NotActive() is { } notActive)
        {
            return notActive;
        }

        if (command.TakenAt > now + Skew || WorkingDayCalendar.LocalDate(command.TakenAt) < Rehab.StartedOn)
        {
            return Outcome.Invalid("takenAt", "impossible-date", "takenAt must lie between the programme's start and now.");
        }

        var open = State.Deadlines.Where(d => d.Kind == DeadlineKind.DrugTest && d.IsOpen).OrderBy(d => d.DueAt).ToList();
        Deadline? target;
        if (command.ScheduledTest is { } wanted)
        {
            target = open.Find(d => d.Id == wanted);
            if (target is null)
            {
                return Outcome.NotFound("unknown-test", $"No open scheduled test '{wanted}' in this case.") with { Field = "scheduledTest" };
            }
        }
        else
        {
            // The pending test whose period has opened; else the latest missed one, done late (its alert is resolved,
            // the evasion still counts, DR-08); else an extra test (it counts, but stands for no scheduled one).
            target = open.Find(d => d.Status == DeadlineStatus.Pending && command.TakenAt >= WindowOpens(d))
                ?? open.LastOrDefault(d => d.Status == DeadlineStatus.Missed);
        }

        var policy = RulesAt(command.TakenAt).Rehabilitation;
        var booked = new List<PointsLine?>();
        Deadline? next = null;
        if (target is not null)
        {
            var wasPending = target.Status == DeadlineStatus.Pending;
            await CompleteAsync(d => d.Id == target.Id, actor, "tested", cancellationToken);
            if (wasPending && IsCurrentTest(target))
            {
                next = PlanTest(Rehab.TestNumber + 1);
            }
        }

        switch (command.Result)
        {
            case DrugTestResult.Refused:
                // DR-08: a refusal counts as an evaded test.
                Rehab.RefusedTests++;
                booked.Add(PointsLedger.Book(Rehab, PointsEvents.TestRefused, command.TakenAt, policy.Points));
                break;
            case DrugTestResult.Positive:
                // DR-09: a relapse is reported to the police.
                Rehab.TestsTaken++;
                Rehab.PositiveTests++;
                booked.Add(PointsLedger.Book(Rehab, PointsEvents.TestAttended, command.TakenAt, policy.Points));
                booked.Add(PointsLedger.Book(Rehab, PointsEvents.TestPositive, command.TakenAt, policy.Points));
                break;
            default:
                Rehab.TestsTaken++;
                booked.Add(PointsLedger.Book(Rehab, PointsEvents.TestAttended, command.TakenAt, policy.Points));
                booked.Add(PointsLedger.Book(Rehab, PointsEvents.TestNegative, command.TakenAt, policy.Points));
                break;
        }

        Rehab.Remember(Test, command.TestId, fingerprint);
        Emit("drug-test-recorded", actor, new
        {
            testId = command.TestId,
            takenAt = command.TakenAt,
            result = command.Result.ToString(),
            scheduledTest = target?.Id,
            points = booked.Sum(p => p?.Points ?? 0),
            pointsTotal = Rehab.PointsTotal,
            nextTestDue = next?.DueAt,
            rule = "DR-18",
        }, command.TestId.ToString("N"));
        if (command.Result == DrugTestResult.Positive)
        {
            PlanPoliceReport("relapse", "DR-09", now, actor);
        }

        JudgeSeriousViolation(now, actor, WorkingDayCalendar.LocalDate(command.TakenAt));
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    /// <inheritdoc/>
    public async ValueTask<Outcome> RecordRehabilitationAbsenceAsync(RecordAbsence command, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (NotARehabilitationCase() is { } missing)
        {
            return missing;
        }

        if (Replayed(AbsenceKind, command.AbsenceId, command, "absenceId", out var fingerprint) is { } replayed)
        {
            return replayed;
        }

        var now = Time.GetUtcNow();
        if (command.AbsenceId == Guid.Empty)
        {
            return Outcome.Invalid("absenceId", "missing-field", "absenceId is required (a UUID generated once per absence).");
        }

        if (command.From.Year is < 2000 or > 2100)
        {
            return Outcome.Invalid("from", "impossible-date", "from must be a real date (2000–2100).");
        }

        if (command.To < command.From)
        {
            return Outcome.Invalid("to", "impossible-date", "to must not be before from.");
        }

        if (command.To > WorkingDayCalendar.LocalDate(now))
        {
            return Outcome.Invalid("to", "future-date", "An absence is recorded once it is over: to must not be in the future.");
        }

        if (NotActive() is { } notActive)
        {
            return notActive;
        }

        if (command.From < Rehab.StartedOn)
        {
            return Outcome.Invalid("from", "impossible-date", "from must not be before the programme's start.");
        }

        if (Rehab.Absences.Find(a => a.From <= command.To && command.From <= a.To) is { } overlapping)
        {
            return Outcome.Conflict("absence-overlaps", $"The absence overlaps absence {overlapping.Id} ({overlapping.From:yyyy-MM-dd}..{overlapping.To:yyyy-MM-dd}); nothing was changed.", "from");
        }

        // DR-07 as it stood on the day the absence began.
        var policy = RulesOn(command.From).Rehabilitation;
        var days = SeriousViolationRule.DaysOf(command.From, command.To);
        var unauthorised = SeriousViolationRule.IsUnauthorised(days, command.ReportedInAdvance, policy);
        PointsLine? points = null;
        if (unauthorised)
        {
            // DR-07: ≥ 3 days away without a written report beforehand; DR-08 counts them and their days.
            Rehab.UnauthorisedAbsences++;
            Rehab.UnauthorisedDays += days;
            points = PointsLedger.Book(Rehab, PointsEvents.UnreportedAbsence, now, policy.Points);
        }

        Rehab.Absences.Add(new Absence { Id = command.AbsenceId, From = command.From, To = command.To, Unauthorised = unauthorised });
        if (Rehab.Absences.Count > RehabilitationCase.KeptCommands)
        {
            Rehab.Absences.RemoveAt(0);
        }

        Rehab.Remember(AbsenceKind, command.AbsenceId, fingerprint);
        Emit("absence-recorded", actor, new
        {
            absenceId = command.AbsenceId,
            from = command.From,
            to = command.To,
            days,
            reportedInAdvance = command.ReportedInAdvance,
            unauthorised,
            unauthorisedAbsences = Rehab.UnauthorisedAbsences,
            unauthorisedDays = Rehab.UnauthorisedDays,
            points = points?.Points,
            rule = "DR-07",
        }, command.AbsenceId.ToString("N"));
        JudgeSeriousViolation(now, actor, command.From);
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    /// <inheritdoc/>
    public async ValueTask<Outcome> RecordRehabilitationDetentionAsync(RecordDetention command, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (NotARehabilitationCase() is { } missing)
        {
            return missing;
        }

        if (Replayed(Detain, command.DetentionId, command, "detentionId", out var fingerprint) is { } replayed)
        {
            return replayed;
        }

        var now = Time.GetUtcNow();
        if (command.DetentionId == Guid.Empty)
        {
            return Outcome.Invalid("detentionId", "missing-field", "detentionId is required (a UUID; the release names it).");
        }

        if (NotActive() is { } notActive)
        {
            return notActive;
        }

        var from = WorkingDayCalendar.LocalDate(command.DetainedAt);
        if (command.DetainedAt > now + Skew || from < Rehab.StartedOn || Rehab.Detentions.Any(d => d.To > from))
        {
            return Outcome.Invalid("detainedAt", "impossible-date", "detainedAt must lie between the programme's start (or the last release) and now.");
        }

        // DR-13: the case is suspended; no test is due and the programme's end is unknown until the release.
        Rehab.Detentions.Add(new Detention { Id = command.DetentionId, DetainedAt = command.DetainedAt, From = from });
        Rehab.Stage = RehabilitationStage.Suspended;
        await CancelAsync(d => d.Kind is DeadlineKind.DrugTest or DeadlineKind.ProgrammeEnd or DeadlineKind.Visit, actor, "DR-13: detained, the case is suspended", cancellationToken);
        Rehab.Remember(Detain, command.DetentionId, fingerprint);
        Emit("detention-recorded", actor, new { detentionId = command.DetentionId, detainedAt = command.DetainedAt, rule = "DR-13" }, command.DetentionId.ToString("N"));
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    /// <inheritdoc/>
    public async ValueTask<Outcome> RecordRehabilitationReleaseAsync(RecordRelease command, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (NotARehabilitationCase() is { } missing)
        {
            return missing;
        }

        if (Replayed(Release, command.DetentionId, command, "releasedAt", out var fingerprint) is { } replayed)
        {
            return replayed;
        }

        var now = Time.GetUtcNow();
        if (Rehab.Detentions.Find(d => d.Id == command.DetentionId) is not { } detention)
        {
            return Outcome.NotFound("unknown-detention", "No detention with this id in this case.") with { Field = "detentionId" };
        }

        if (detention.To is not null || Rehab.Stage != RehabilitationStage.Suspended)
        {
            return Outcome.Conflict("already-released", "This detention has ended already; nothing was changed.", "detentionId");
        }

        if (command.ReleasedAt > now + Skew || command.ReleasedAt < detention.DetainedAt)
        {
            return Outcome.Invalid("releasedAt", "impossible-date", "releasedAt must lie between the detention and now.");
        }

        // DR-13: the suspended days move the end and every later test date.
        detention.ReleasedAt = command.ReleasedAt;
        detention.To = WorkingDayCalendar.LocalDate(command.ReleasedAt);
        Rehab.Stage = RehabilitationStage.Active;
        var end = PlanProgrammeEnd();
        var test = PlanTest(Rehab.TestNumber);
        var visit = PlanNextVisit(now);
        Rehab.Remember(Release, command.DetentionId, fingerprint);
        var schedule = Schedule;
        Emit("detention-released", actor, new
        {
            detentionId = command.DetentionId,
            releasedAt = command.ReleasedAt,
            suspendedDays = detention.To.Value.DayNumber - detention.From.DayNumber,
            totalSuspendedDays = schedule.SuspendedDays,
            endsOn = schedule.EndsOn,
            endsAt = end?.DueAt,
            nextTestDue = test?.DueAt,
            nextVisitDue = visit?.DueAt,
            rule = "DR-13",
        }, command.DetentionId.ToString("N"));
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    /// <inheritdoc/>
    public async ValueTask<Outcome> RecordHelpActivityAsync(RecordHelpActivity command, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (NotARehabilitationCase() is { } missing)
        {
            return missing;
        }

        if (Replayed(Activity, command.ActivityId, command, "activityId", out var fingerprint) is { } replayed)
        {
            return replayed;
        }

        var now = Time.GetUtcNow();
        if (command.ActivityId == Guid.Empty)
        {
            return Outcome.Invalid("activityId", "missing-field", "activityId is required (a UUID generated once per activity).");
        }

        if (NotActive() is { } notActive)
        {
            return notActive;
        }

        if (command.At > now + Skew || WorkingDayCalendar.LocalDate(command.At) < Rehab.StartedOn)
        {
            return Outcome.Invalid("at", "impossible-date", "at must lie between the programme's start and now.");
        }

        Rehab.HelpActivities++;
        var points = PointsLedger.Book(Rehab, PointsEvents.HelpActivity, command.At, RulesAt(command.At).Rehabilitation.Points);
        Rehab.Remember(Activity, command.ActivityId, fingerprint);
        Emit("help-activity-recorded", actor, new { activityId = command.ActivityId, at = command.At, points = points?.Points, pointsTotal = Rehab.PointsTotal, rule = "DR-21" }, command.ActivityId.ToString("N"));
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    /// <inheritdoc/>
    public async ValueTask<Outcome> RecordPoliceReportAsync(RecordPoliceReport command, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (NotARehabilitationCase() is { } missing)
        {
            return missing;
        }

        if (Replayed(Police, command.ReportId, command, "reportId", out var fingerprint) is { } replayed)
        {
            return replayed;
        }

        var now = Time.GetUtcNow();
        if (command.ReportId == Guid.Empty)
        {
            return Outcome.Invalid("reportId", "missing-field", "reportId is required (a UUID generated once per report).");
        }

        if (string.IsNullOrWhiteSpace(command.Task))
        {
            return Outcome.Invalid("task", "missing-field", "task is required: the police-report task's id from the case view.");
        }

        if (Rehab.Stage == RehabilitationStage.Completed)
        {
            return Outcome.Conflict("case-completed", "DR-16: the person has left dynamic control; nothing more is recorded.");
        }

        if (State.Deadlines.Find(d => d.Kind == DeadlineKind.PoliceReport && d.IsOpen && d.Id == command.Task) is not { } task)
        {
            return Outcome.NotFound("unknown-task", $"No open police-report task '{command.Task}' in this case.") with { Field = "task" };
        }

        if (command.ReportedAt > now + Skew)
        {
            return Outcome.Invalid("reportedAt", "future-date", "reportedAt must not be in the future.");
        }

        await CompleteAsync(d => d.Id == task.Id, actor, "reported to the police", cancellationToken);
        Rehab.Remember(Police, command.ReportId, fingerprint);
        Emit("police-report-recorded", actor, new { reportId = command.ReportId, task = task.Id, reason = task.Subject, reportedAt = command.ReportedAt, rule = "DR-09" }, command.ReportId.ToString("N"));
        if (Rehab.EndHeld && Rehab.Stage == RehabilitationStage.Active)
        {
            await EndProgrammeAsync(actor, cancellationToken);
        }

        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    /// <inheritdoc/>
    public ValueTask<RehabilitationCaseView?> GetRehabilitationCaseAsync(CancellationToken cancellationToken = default)
    {
        if (!State.Exists || State.Rehabilitation is not { } @case)
        {
            return ValueTask.FromResult<RehabilitationCaseView?>(null);
        }

        var schedule = @case.StartedOn is null ? null : Schedule;
        var views = State.Deadlines.Views();
        return ValueTask.FromResult<RehabilitationCaseView?>(new RehabilitationCaseView(
            new PersonId(this.GetPrimaryKey()),
            State.Programme,
            @case.Stage,
            @case.StartedOn,
            schedule?.EndsOn,
            schedule?.SuspendedDays ?? 0,
            @case.AgreementSignedAt,
            @case.TestsTaken,
            @case.MissedTests,
            @case.RefusedTests,
            @case.PositiveTests,
            @case.UnauthorisedAbsences,
            @case.UnauthorisedDays,
            @case.RefusedToReport,
            @case.SeriousViolationAt,
            [.. @case.SeriousViolationReasons],
            @case.PointsTotal,
            [.. Enumerable.Reverse(@case.Ledger).Select(l => new PointsEntryView(l.At, l.Event, l.Points))],
            views.FirstOrDefault(d => d.Kind == DeadlineKind.DrugTest && d.Status == DeadlineStatus.Pending),
            [.. views.Where(d => d.Kind == DeadlineKind.PoliceReport && d.Status is DeadlineStatus.Pending or DeadlineStatus.Missed)],
            UnderActiveControl,
            @case.CompletedAt,
            @case.EndHeld));
    }

    /// <summary>Refuses a command to a person who is not enrolled, or not in a drug rehabilitation programme.</summary>
    private Outcome? NotARehabilitationCase() =>
        !State.Exists
            ? Outcome.NotFound("not-enrolled", "No person is enrolled under this id.")
            : State.Rehabilitation is null
                ? Outcome.Conflict("not-in-rehabilitation", "The person is not in community drug rehabilitation or rehabilitation (DR-15).", "programme")
                : null;

    /// <summary>DR-05: commands that need an active case (signed agreement, not detained, not completed).</summary>
    private Outcome? NotActive() => Rehab.Stage switch
    {
        RehabilitationStage.Active => null,
        RehabilitationStage.AwaitingReport => Outcome.Conflict("case-not-reported", "DR-05: the person has not reported yet; the case is not active."),
        RehabilitationStage.AwaitingAgreement => Outcome.Conflict("agreement-not-signed", "DR-05: the agreement must be signed before the case is active."),
        RehabilitationStage.Suspended => Outcome.Conflict("case-suspended", "DR-13: the person is detained; the case is suspended until the release is recorded."),
        _ => Outcome.Conflict("case-completed", "DR-16: the person has left dynamic control; nothing more is recorded."),
    };

    /// <summary>A command already applied under this client id: the same content gets the same answer, other content a conflict.</summary>
    private Outcome? Replayed(string kind, Guid id, object command, string field, out string fingerprint)
    {
        fingerprint = FingerprintOf(command);
        return Rehab.Find(kind, id) is not { } prior
            ? null
            : prior.Fingerprint == fingerprint
                ? Outcome.Ok
                : Outcome.Conflict(kind + "-id-reused", $"This {kind} id was already used with other content; nothing was changed.", field);
    }

    /// <summary>DR-18: a scheduled test's period opens when the one before it fell due (the first one's at the start).</summary>
    private DateTimeOffset WindowOpens(Deadline test) =>
        int.TryParse(test.Subject, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 1 && Schedule.DueOn(number - 1) is { } previous
            ? WorkingDayCalendar.EndOfLocalDay(previous)
            : DateTimeOffset.MinValue;

    private bool IsCurrentTest(Deadline deadline) =>
        deadline.Subject == Rehab.TestNumber.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// DR-18: plans scheduled test <paramref name="number"/> (none after the programme's end). Ids are unique per
    /// detention count, so a test moved by a detention (DR-13) gets a fresh deadline and alert key.
    /// </summary>
    private Deadline? PlanTest(int number)
    {
        Rehab.TestNumber = number;
        if (Schedule.DueOn(number) is not { } due)
        {
            return null;
        }

        var text = number.ToString(CultureInfo.InvariantCulture);
        return State.Deadlines.Plan(new Deadline
        {
            Id = $"test:{text}.{Rehab.Detentions.Count.ToString(CultureInfo.InvariantCulture)}",
            Kind = DeadlineKind.DrugTest,
            DueAt = WorkingDayCalendar.EndOfLocalDay(due),
            Rule = "DR-18",
            Subject = text,
        });
    }

    /// <summary>DR-03/DR-16: the programme's end, a milestone at the start of its end day.</summary>
    private Deadline? PlanProgrammeEnd() =>
        Schedule.EndsOn is { } endsOn
            ? State.Deadlines.Plan(new Deadline
            {
                Id = "programme-end." + Rehab.Detentions.Count.ToString(CultureInfo.InvariantCulture),
                Kind = DeadlineKind.ProgrammeEnd,
                DueAt = WorkingDayCalendar.EndOfLocalDay(endsOn.AddDays(-1)),
                Rule = "DR-03",
            })
            : null;

    /// <summary>DR-09: a task to report to the police within the policy's working days.</summary>
    private void PlanPoliceReport(string reason, string cause, DateTimeOffset now, string actor)
    {
        Rehab.PoliceTasks++;
        var task = State.Deadlines.Plan(new Deadline
        {
            Id = "police:" + Rehab.PoliceTasks.ToString(CultureInfo.InvariantCulture),
            Kind = DeadlineKind.PoliceReport,
            DueAt = Calendar.EndOfWorkingDaysAfter(now, RulesAt(now).Rehabilitation.PoliceReportWorkingDays),
            Rule = "DR-09",
            Subject = reason,
        });
        Emit("police-report-task-created", actor, new { task = task.Id, reason, cause, dueAt = task.DueAt, rule = "DR-09" }, task.Id);
    }

    /// <summary>DR-08: flags the case once, when a running total first reaches a threshold; points play no part (DR-21).</summary>
    private void JudgeSeriousViolation(DateTimeOffset now, string actor, DateOnly? eventOn = null)
    {
        if (Rehab.SeriousViolationAt is not null)
        {
            return;
        }

        var reasons = SeriousViolationRule.Reached(new ViolationTotals(Rehab.EvadedTests, Rehab.UnauthorisedAbsences, Rehab.UnauthorisedDays), (eventOn is { } day ? RulesOn(day) : RulesAt(now)).Rehabilitation);
        if (reasons.Count == 0)
        {
            return;
        }

        Rehab.SeriousViolationAt = now;
        Rehab.SeriousViolationReasons = [.. reasons];
        Emit("serious-violation-flagged", actor, new
        {
            reasons,
            evadedTests = Rehab.EvadedTests,
            unauthorisedAbsences = Rehab.UnauthorisedAbsences,
            unauthorisedDays = Rehab.UnauthorisedDays,
            pointsTotal = Rehab.PointsTotal,
            rule = "DR-08",
        }, "serious-violation");
        PlanPoliceReport("serious-violation", "DR-08", now, actor);
    }

    /// <summary>
    /// DR-16: at the programme's end a clean case leaves dynamic control: completed, every open deadline withdrawn
    /// (alerts resolved), no more visits. A case flagged for serious violation (DR-08) or with a police report still to
    /// make (DR-09) is held: it stays active until that is settled (an open task recorded releases the hold).
    /// </summary>
    private async Task EndProgrammeAsync(string actor, CancellationToken cancellationToken)
    {
        var blockers = new List<string>(2);
        if (Rehab.SeriousViolationAt is not null)
        {
            blockers.Add("serious-violation");
        }

        if (State.Deadlines.Any(d => d.Kind == DeadlineKind.PoliceReport && d.IsOpen))
        {
            blockers.Add("open-police-report");
        }

        if (blockers.Count > 0)
        {
            if (!Rehab.EndHeld)
            {
                Rehab.EndHeld = true;
                Emit("programme-end-held", actor, new { blockers, rule = "DR-16" }, "end-held");
            }

            return;
        }

        Rehab.Stage = RehabilitationStage.Completed;
        Rehab.CompletedAt = Time.GetUtcNow();
        Rehab.EndHeld = false;
        await CancelAsync(_ => true, actor, "DR-16: left dynamic control", cancellationToken);
        Emit("dynamic-control-left", actor, new { startedOn = Rehab.StartedOn, endsOn = Schedule.EndsOn, suspendedDays = Schedule.SuspendedDays, pointsTotal = Rehab.PointsTotal, rule = "DR-16" }, "completed");
    }
}
