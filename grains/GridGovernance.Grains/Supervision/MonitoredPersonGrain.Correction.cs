using System.Globalization;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Grains.Calendar;
using GridGovernance.Grains.Deadlines;
using GridGovernance.Grains.Journal;
using GridGovernance.Grains.Supervision.Correction;

namespace GridGovernance.Grains.Supervision;

/// <summary>
/// Community correction (CC-*): the programme's part of the person grain. The lifecycle is AwaitingReport
/// (→ Missing) → Intake → Active ⇄ OnTrip → PreRelease → Resettlement → Closed, or Revoked. The rules are in
/// <c>Correction/</c> (SanctionRules, SupervisionLevels, TripRules, MonitoringRules, IntakeRules); this file
/// orders them, plans the deadlines and journals each step.
/// </summary>
public sealed partial class MonitoredPersonGrain : ICorrectionCaseGrain
{
    private const string RulesActor = "system:rules";

    private CorrectionCase Case => State.Correction!;

    private SupervisionLevel CurrentLevel => State.Level ?? SupervisionLevel.Strict;

    private SentenceType Sentence => State.SentenceType ?? SentenceType.Probation;

    private DateOnly Today => WorkingDayCalendar.LocalDate(Time.GetUtcNow());

    private string CorrectionVisitRule => State.Correction?.Stage == CorrectionStage.Resettlement ? "RP-05" : "CC-10";

    private TimeSpan CorrectionVisitInterval => TimeSpan.FromDays(State.Correction?.Stage == CorrectionStage.Resettlement
        ? Rules.Correction.ResettlementVisitDays
        : SupervisionLevels.VisitDays(CurrentLevel, Rules.Correction));

    private bool CorrectionUnderControl => State.Correction?.Stage is not (CorrectionStage.Closed or CorrectionStage.Revoked);

    private static Outcome? ValidateCorrection(Enrolment command)
    {
        if (command.SentenceType is not { } sentence || !Enum.IsDefined(sentence))
        {
            return Outcome.Invalid("sentenceType", "missing-field", "CC-01: a community correction case needs its sentence type.");
        }

        if (command.Level is { } level && !Enum.IsDefined(level))
        {
            return Outcome.Invalid("level", "invalid-level", "level is Strict, Ordinary or Lenient.");
        }

        return command.CorrectionEndsOn is { } ends && ends <= command.OrderEffectiveOn
            ? Outcome.Invalid("correctionEndsOn", "impossible-date", "correctionEndsOn must fall after orderEffectiveOn.")
            : null;
    }

    private void EnrolCorrection(Enrolment command)
    {
        State.Correction = new CorrectionCase { EndsOn = command.CorrectionEndsOn };
        // CC-11: new subjects start at 严管.
        State.Level = command.Level ?? SupervisionLevel.Strict;
        // CC-04: report within 10 days of the judgment taking effect.
        PlanFirstReport(DeadlineKind.CorrectionReport, RulesOn(command.OrderEffectiveOn).Correction.ReportDays, "CC-04");
        if (command.ReportedAt is not null)
        {
            Case.Stage = CorrectionStage.Intake;
        }
    }

    private async Task OnCorrectionReportedAsync(DateTimeOffset reportedAt, string actor, CancellationToken cancellationToken)
    {
        // The search (CC-26) ends when the subject turns up.
        await CompleteAsync(d => d.Kind == DeadlineKind.Search, actor, "reported", cancellationToken);
        Case.Stage = CorrectionStage.Intake;
        var lastDay = State.OrderEffectiveOn.AddDays(RulesOn(State.OrderEffectiveOn).Correction.ReportDays);
        var reportedOn = WorkingDayCalendar.LocalDate(reportedAt);
        if (reportedOn > lastDay)
        {
            // CC-19/20: reporting late is a violation measured in days.
            AddViolation(new ViolationReport(EventLog.DeterministicId("late-report"), ViolationKind.LateReporting, reportedOn, reportedOn.DayNumber - lastDay.DayNumber,
                $"CC-04: reported on {Iso(reportedOn)}, due by {Iso(lastDay)}"), automatic: true, RulesActor);
        }

        TryActivate(actor);
    }

    /// <summary>Commands on a correction case need one that has not ended (and, when asked, one past intake).</summary>
    private Outcome? CaseGuard(bool supervised)
    {
        if (!State.Exists || State.Correction is null)
        {
            return Outcome.NotFound("no-correction-case", "No community correction case is open under this id.");
        }

        if (Case.Ended)
        {
            return Outcome.Conflict("case-closed", $"The correction case has ended ({Case.Stage}); nothing was changed.");
        }

        return supervised && !Case.Supervised
            ? Outcome.Conflict("case-not-active", $"The case is in {Case.Stage}: intake (CC-05) must be complete first; nothing was changed.")
            : null;
    }

    public async ValueTask<Outcome> RecordIntakeStepAsync(IntakeStep intakeStep, string actor, CancellationToken cancellationToken = default)
    {
        if (CaseGuard(supervised: false) is { } guard)
        {
            return guard;
        }

        if (!Enum.IsDefined(intakeStep))
        {
            return Outcome.Invalid("step", "invalid-step", "step is DocumentsChecked, IdentityVerified, FileCreated or RulesAnnounced.");
        }

        if (Case.IntakeDone.Contains(intakeStep))
        {
            return Outcome.Ok;
        }

        if (Case.Stage is not CorrectionStage.Intake)
        {
            return Outcome.Conflict("not-reported", "CC-05: intake starts when the subject has reported; nothing was changed.");
        }

        Case.IntakeDone.Add(intakeStep);
        Emit("intake-step-done", actor, new { step = intakeStep, rule = "CC-05" }, "intake:" + intakeStep);
        TryActivate(actor);
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    public async ValueTask<Outcome> SetTeamAsync(IReadOnlyList<TeamMember> team, string actor, CancellationToken cancellationToken = default)
    {
        if ((CaseGuard(supervised: false) ?? IntakeRules.ValidateTeam(team, State.Gender)) is { } invalid)
        {
            return invalid;
        }

        var members = team.Select(m => m with { Name = m.Name.Trim() }).ToList();
        if (Case.Team.SequenceEqual(members))
        {
            return Outcome.Ok;
        }

        Case.Team = members;
        Emit("team-set", actor, new { roles = members.Select(m => m.Role), women = members.Count(m => m.Gender == Gender.Female), rule = "CC-06" }, "team:" + State.NextSequence());
        TryActivate(actor);
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    /// <summary>CC-05: active once reported, the four steps done and the team in place; the case's deadlines start.</summary>
    private void TryActivate(string actor)
    {
        if (Case.Stage != CorrectionStage.Intake || !IntakeRules.Complete(Case, State.Gender))
        {
            return;
        }

        var now = Time.GetUtcNow();
        var policy = Rules.Correction;
        Case.Stage = CorrectionStage.Active;
        Case.ActivatedAt = now;
        if (CurrentLevel == SupervisionLevel.Strict && policy.StrictMonthsForNewSubjects > 0)
        {
            // CC-11: new subjects stay at 严管 for the first months.
            Case.StrictUntil = Today.AddMonths(policy.StrictMonthsForNewSubjects);
            PlanOnce("strict-period", DeadlineKind.StrictPeriodEnd, WorkingDayCalendar.EndOfLocalDay(Case.StrictUntil.Value.AddDays(-1)), "CC-11");
        }

        PlanDuties(now);
        if (Case.EndsOn is { } ends)
        {
            // CC-33: pre-release work starts 30 days before the end; discharge at the end of the last day.
            PlanOnce("pre-release", DeadlineKind.PreRelease, WorkingDayCalendar.EndOfLocalDay(ends.AddDays(-policy.PreReleaseDays - 1)), "CC-33");
            PlanOnce("discharge", DeadlineKind.Discharge, WorkingDayCalendar.EndOfLocalDay(ends), "CC-33");
        }

        Emit("case-activated", actor, new { level = CurrentLevel, strictUntil = Case.StrictUntil, endsOn = Case.EndsOn, rule = "CC-05" }, "activated");
    }

    /// <summary>
    /// CC-10: the next in-person report (and, at 严管, written report) from the last one or from activation, never
    /// due before the end of tomorrow: a stricter level must not make a report overdue the moment it applies.
    /// </summary>
    private void PlanDuties(DateTimeOffset from)
    {
        if (!Case.Supervised)
        {
            return;
        }

        var policy = Rules.Correction;
        PlanDuty(DeadlineKind.ReportingDuty, Case.LastDuty.GetValueOrDefault(DutyKind.InPersonReport, from), SupervisionLevels.ReportDays(CurrentLevel, policy));
        if (SupervisionLevels.WrittenReportDays(CurrentLevel, policy) is { } written)
        {
            PlanDuty(DeadlineKind.WrittenReport, Case.LastDuty.GetValueOrDefault(DutyKind.WrittenReport, from), written);
        }
    }

    private void PlanDuty(DeadlineKind kind, DateTimeOffset from, int days)
    {
        // A missed duty stays open until the subject reports; no second one is planned beside it.
        if (State.Deadlines.Any(d => d.Kind == kind && d.IsOpen))
        {
            return;
        }

        State.Deadlines.Plan(new Deadline
        {
            Id = $"{(kind == DeadlineKind.ReportingDuty ? "duty" : "written")}:{State.NextSequence().ToString(CultureInfo.InvariantCulture)}",
            Kind = kind,
            DueAt = NotOverdueOnArrival(Calendar.EndOfCalendarDaysAfter(from, days)),
            Rule = "CC-10",
        });
    }

    public async ValueTask<Outcome> RecordDutyAsync(DutyReport report, string actor, CancellationToken cancellationToken = default)
    {
        if (CaseGuard(supervised: true) is { } guard)
        {
            return guard;
        }

        if (report.ReportId == Guid.Empty)
        {
            return Outcome.Invalid("reportId", "missing-field", "reportId is required (a UUID the client generates once).");
        }

        var fingerprint = FingerprintOf(report);
        if (Case.DutyReports.TryGetValue(report.ReportId, out var prior))
        {
            return prior == fingerprint ? Outcome.Ok : Outcome.Conflict("report-id-reused", "This report id was used for another report; nothing was changed.", "reportId");
        }

        if (!Enum.IsDefined(report.Kind))
        {
            return Outcome.Invalid("kind", "invalid-kind", "kind is InPersonReport or WrittenReport.");
        }

        if (report.At > Time.GetUtcNow() + TimeSpan.FromMinutes(5) || report.At < Case.ActivatedAt!.Value - TimeSpan.FromDays(1))
        {
            return Outcome.Invalid("at", "impossible-date", "at must lie between the case's activation and now.");
        }

        var kind = report.Kind == DutyKind.InPersonReport ? DeadlineKind.ReportingDuty : DeadlineKind.WrittenReport;
        await CompleteAsync(d => d.Kind == kind, actor, "reported", cancellationToken);
        Case.DutyReports[report.ReportId] = fingerprint;
        Case.LastDuty[report.Kind] = report.At;
        PlanDuties(report.At);
        Emit("duty-fulfilled", actor, new { report.Kind, report.At, rule = "CC-10" }, report.ReportId.ToString("N"));
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    public async ValueTask<Outcome> RecordAssessmentAsync(MonthlyAssessment assessment, string actor, CancellationToken cancellationToken = default)
    {
        if (CaseGuard(supervised: true) is { } guard)
        {
            return guard;
        }

        if (assessment.Month is < 1 or > 12 || assessment.Year is < 2000 or > 2100)
        {
            return Outcome.Invalid("month", "impossible-date", "year and month must name a real month.");
        }

        var month = new DateOnly(assessment.Year, assessment.Month, 1);
        if (month > Today || month.AddMonths(1) <= WorkingDayCalendar.LocalDate(Case.ActivatedAt!.Value))
        {
            return Outcome.Invalid("month", "impossible-date", "Only a month of active supervision that has started can be assessed.");
        }

        if (!Enum.IsDefined(assessment.Grade))
        {
            return Outcome.Invalid("grade", "invalid-grade", "grade is Good (良好), Pass (合格) or Fail (不合格).");
        }

        var key = $"{assessment.Year:D4}-{assessment.Month:D2}";
        if (Case.Assessments.TryGetValue(key, out var prior))
        {
            return prior == assessment.Grade ? Outcome.Ok : Outcome.Conflict("already-assessed", $"{key} was already assessed as {prior}; nothing was changed.", "grade");
        }

        // CC-12 counts consecutive months: a 良好 after a gap (or out of order) starts a new run.
        var previous = new DateOnly(assessment.Year, assessment.Month, 1).AddMonths(-1);
        if (!Case.Assessments.ContainsKey($"{previous.Year:D4}-{previous.Month:D2}"))
        {
            Case.GoodStreak = 0;
        }

        Case.Assessments[key] = assessment.Grade;
        Emit("assessed", actor, new { month = key, assessment.Grade, rule = "CC-12" }, "assessment:" + key);
        if (SupervisionLevels.AfterAssessment(Case, CurrentLevel, assessment.Grade, Today, Rules.Correction) is { } lower)
        {
            ChangeLevel(lower, "CC-12", actor);
        }

        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    /// <summary>A new level re-plans visits and duties at once (CC-10/11/12).</summary>
    private void ChangeLevel(SupervisionLevel level, string rule, string actor)
    {
        if (level == CurrentLevel)
        {
            return;
        }

        var from = CurrentLevel;
        State.Level = level;
        Emit("level-changed", actor, new { from, to = level, rule }, "level:" + State.NextSequence());
        foreach (var pending in State.Deadlines.Where(d => d.Kind is DeadlineKind.ReportingDuty or DeadlineKind.WrittenReport && d.Status == DeadlineStatus.Pending))
        {
            pending.Status = DeadlineStatus.Cancelled;
            pending.CompletedAt = Time.GetUtcNow();
        }

        PlanDuties(Case.ActivatedAt ?? Time.GetUtcNow());
        ReplanVisit();
    }

    public async ValueTask<Outcome> RequestTripAsync(TripRequest request, string actor, CancellationToken cancellationToken = default)
    {
        if (CaseGuard(supervised: true) is { } guard)
        {
            return guard;
        }

        var fingerprint = FingerprintOf(request);
        if (Case.Trips.Find(t => t.Request.TripId == request.TripId) is { } prior)
        {
            return prior.Fingerprint == fingerprint ? Outcome.Ok : Outcome.Conflict("trip-id-reused", "This trip id was used for another request; nothing was changed.", "tripId");
        }

        if (TripRules.Validate(request, Today, Rules.Correction) is { } invalid)
        {
            return invalid;
        }

        Case.Trips.Add(new Trip { Request = request, Fingerprint = fingerprint });
        var required = TripRules.Required(request, Rules.Correction);
        Emit("trip-requested", actor, new { request.TripId, request.Departs, request.Returns, days = TripRules.Days(request), required, rule = "CC-15" }, request.TripId.ToString("N"));
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    public async ValueTask<Outcome> DecideTripAsync(TripDecision decision, string actor, CancellationToken cancellationToken = default)
    {
        if (CaseGuard(supervised: true) is { } guard)
        {
            return guard;
        }

        if (Case.Trips.Find(t => t.Request.TripId == decision.TripId) is not { } trip)
        {
            return Outcome.NotFound("trip-not-found", "No such trip request on this case.");
        }

        if (string.IsNullOrWhiteSpace(decision.Approver))
        {
            return Outcome.Invalid("approver", "missing-field", "The approver's name is required.");
        }

        if (!Enum.IsDefined(decision.Level))
        {
            return Outcome.Invalid("level", "invalid-level", "level is JusticeOffice, CountyAgency or CountyBureauHead.");
        }

        var wanted = decision.Approved ? TripStatus.Approved : TripStatus.Refused;
        if (trip.Status != TripStatus.Requested)
        {
            return trip.Status == wanted || (decision.Approved && trip.Status is TripStatus.Away or TripStatus.Returned)
                ? Outcome.Ok
                : Outcome.Conflict("trip-already-decided", $"The trip is already {trip.Status}; nothing was changed.");
        }

        var required = TripRules.Required(trip.Request, Rules.Correction);
        if (decision.Approved && decision.Level < required)
        {
            return new Outcome(OutcomeKind.Forbidden, "approver-level-too-low",
                $"CC-16: a trip of {TripRules.Days(trip.Request)} days is approved by the {required}; nothing was changed.", "level");
        }

        trip.Status = wanted;
        trip.DecidedBy = decision.Approver.Trim();
        trip.DecidedLevel = decision.Level;
        Emit(decision.Approved ? "trip-approved" : "trip-refused", actor, new { decision.TripId, decision.Level, rule = "CC-16" }, "decide:" + decision.TripId.ToString("N"));
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    public async ValueTask<Outcome> RecordTripDepartureAsync(Guid tripId, DateTimeOffset at, string actor, CancellationToken cancellationToken = default)
    {
        if (CaseGuard(supervised: true) is { } guard)
        {
            return guard;
        }

        if (Case.Trips.Find(t => t.Request.TripId == tripId) is not { } trip)
        {
            return Outcome.NotFound("trip-not-found", "No such trip request on this case.");
        }

        if (trip.DepartedAt is { } departed)
        {
            return departed == at ? Outcome.Ok : Outcome.Conflict("trip-already-departed", "The departure of this trip is already recorded at another time.", "at");
        }

        if (trip.Status != TripStatus.Approved || Case.Stage == CorrectionStage.OnTrip)
        {
            return Outcome.Conflict("trip-not-approved", $"CC-15: only an approved trip can start, one at a time (the trip is {trip.Status}); nothing was changed.");
        }

        var day = WorkingDayCalendar.LocalDate(at);
        if (at > Time.GetUtcNow() + TimeSpan.FromMinutes(5) || day < trip.Request.Departs || day > trip.Request.Returns)
        {
            return Outcome.Invalid("at", "impossible-date", $"The departure must fall within the approved days {Iso(trip.Request.Departs)}..{Iso(trip.Request.Returns)} and not in the future.");
        }

        trip.Status = TripStatus.Away;
        trip.DepartedAt = at;
        Case.PreReleaseStarted = Case.Stage == CorrectionStage.PreRelease;
        Case.Stage = CorrectionStage.OnTrip;
        State.Deadlines.Plan(new Deadline
        {
            Id = "trip:" + tripId.ToString("N"),
            Kind = DeadlineKind.TripReturn,
            DueAt = WorkingDayCalendar.EndOfLocalDay(trip.Request.Returns),
            Rule = "CC-15",
            Subject = tripId.ToString("N"),
        });
        Emit("trip-departed", actor, new { tripId, at, returnDue = trip.Request.Returns, rule = "CC-15" }, "depart:" + tripId.ToString("N"));
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    public async ValueTask<Outcome> RecordTripReturnAsync(Guid tripId, DateTimeOffset at, string actor, CancellationToken cancellationToken = default)
    {
        if (CaseGuard(supervised: true) is { } guard)
        {
            return guard;
        }

        if (Case.Trips.Find(t => t.Request.TripId == tripId) is not { } trip)
        {
            return Outcome.NotFound("trip-not-found", "No such trip request on this case.");
        }

        if (trip.ReturnedAt is { } returned)
        {
            return returned == at ? Outcome.Ok : Outcome.Conflict("trip-already-returned", "The return of this trip is already recorded at another time.", "at");
        }

        if (trip.Status != TripStatus.Away)
        {
            return Outcome.Conflict("trip-not-started", "The subject has not left on this trip; nothing was changed.");
        }

        if (at > Time.GetUtcNow() + TimeSpan.FromMinutes(5) || at < trip.DepartedAt)
        {
            return Outcome.Invalid("at", "impossible-date", "The return must fall between the departure and now.");
        }

        trip.Status = TripStatus.Returned;
        trip.ReturnedAt = at;
        Case.Stage = Case.PreReleaseStarted ? CorrectionStage.PreRelease : CorrectionStage.Active;
        var subject = tripId.ToString("N");
        await CompleteAsync(d => d.Kind == DeadlineKind.TripReturn && d.Subject == subject, actor, "returned", cancellationToken);
        Emit("trip-returned", actor, new { tripId, at, rule = "CC-15" }, "return:" + subject);
        var day = WorkingDayCalendar.LocalDate(at);
        if (day > trip.Request.Returns)
        {
            // CC-15/19/20: coming back late is a violation measured in days.
            AddViolation(new ViolationReport(EventLog.DeterministicId("late-return:" + subject), ViolationKind.LateReturn, day, day.DayNumber - trip.Request.Returns.DayNumber,
                $"CC-15: returned on {Iso(day)}, due back by {Iso(trip.Request.Returns)}"), automatic: true, RulesActor);
        }

        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    public async ValueTask<Outcome> RecordViolationAsync(ViolationReport violation, string actor, CancellationToken cancellationToken = default)
    {
        if (CaseGuard(supervised: false) is { } guard)
        {
            return guard;
        }

        var fingerprint = FingerprintOf(violation);
        if (Case.Violations.Find(v => v.Report.ViolationId == violation.ViolationId) is { } prior)
        {
            return prior.Fingerprint == fingerprint ? Outcome.Ok : Outcome.Conflict("violation-id-reused", "This violation id was used for another violation; nothing was changed.", "violationId");
        }

        if (ValidateViolation(violation) is { } invalid)
        {
            return invalid;
        }

        AddViolation(violation, automatic: false, actor);
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    private Outcome? ValidateViolation(ViolationReport v)
    {
        if (v.ViolationId == Guid.Empty)
        {
            return Outcome.Invalid("violationId", "missing-field", "violationId is required (a UUID the client generates once).");
        }

        if (!Enum.IsDefined(v.Kind))
        {
            return Outcome.Invalid("kind", "invalid-kind", "kind is not a known violation.");
        }

        if (v.OccurredOn < State.OrderEffectiveOn || v.OccurredOn > Today)
        {
            return Outcome.Invalid("occurredOn", "impossible-date", "occurredOn must lie between the order's effective date and today.");
        }

        var measured = v.Kind is ViolationKind.LateReporting or ViolationKind.Absconding or ViolationKind.UnauthorisedAbsence or ViolationKind.LateReturn;
        if (measured && v.Days is not (>= 1 and <= 3650))
        {
            return Outcome.Invalid("days", "missing-field", $"{v.Kind} is measured in days: days must be 1..3650.");
        }

        if (!measured && v.Days is not null)
        {
            return Outcome.Invalid("days", "not-applicable", $"{v.Kind} is not measured in days.");
        }

        return string.IsNullOrWhiteSpace(v.Description) || v.Description.Length > 1000
            ? Outcome.Invalid("description", "missing-field", "description is required, at most 1000 characters.")
            : null;
    }

    /// <summary>Records a violation and proposes what it grounds, judged by the rules in force on its date.</summary>
    private void AddViolation(ViolationReport report, bool automatic, string actor)
    {
        Case.Violations.Add(new Violation { Report = report, Fingerprint = FingerprintOf(report), Automatic = automatic });
        Emit("violation-recorded", actor, new { violation = report.ViolationId, report.Kind, report.OccurredOn, report.Days, automatic }, "violation:" + report.ViolationId.ToString("N"));
        foreach (var proposal in SanctionRules.ForViolation(report, Sentence, RulesOn(report.OccurredOn).Correction))
        {
            Propose(proposal, actor);
        }

        if (report.Kind == ViolationKind.PublicSecurityPenalty && Case.Supervised)
        {
            // CC-11: a penalty, like an admonition or a warning, moves the subject to 严管 at once.
            ChangeLevel(SupervisionLevels.AfterSanction(Case), "CC-11", RulesActor);
        }
    }

    private void Propose(ProposedSanction p, string actor)
    {
        if (Case.Sanctions.Any(s => s.Id == p.Id))
        {
            return;
        }

        Case.Sanctions.Add(new Sanction
        {
            Id = p.Id,
            Kind = p.Kind,
            Rule = p.Rule,
            Article = p.Article,
            Ground = p.Ground,
            Evidence = [.. p.Evidence],
            EventOn = p.EventOn,
            ProposedAt = Time.GetUtcNow(),
        });
        Emit("sanction-proposed", actor, new { proposal = p.Id, p.Kind, p.Rule, p.Article, p.Ground, p.Evidence, p.EventOn }, "propose:" + p.Id);
    }

    public async ValueTask<Outcome> DecideSanctionAsync(SanctionDecision decision, string actor, CancellationToken cancellationToken = default)
    {
        if (CaseGuard(supervised: false) is { } guard)
        {
            return guard;
        }

        if (Case.Sanctions.Find(s => s.Id == decision.ProposalId) is not { } sanction)
        {
            return Outcome.NotFound("proposal-not-found", "No such sanction proposal on this case.");
        }

        if (string.IsNullOrWhiteSpace(decision.Officer))
        {
            return Outcome.Invalid("officer", "missing-field", "The deciding officer's name is required: the system proposes, a person decides.");
        }

        var wanted = decision.Confirm ? SanctionStatus.Confirmed : SanctionStatus.Rejected;
        if (sanction.Status != SanctionStatus.Proposed)
        {
            return sanction.Status == wanted ? Outcome.Ok : Outcome.Conflict("already-decided", $"The proposal is already {sanction.Status}; nothing was changed.");
        }

        sanction.Status = wanted;
        sanction.DecidedBy = decision.Officer.Trim();
        sanction.DecidedAt = Time.GetUtcNow();
        Emit(decision.Confirm ? "sanction-confirmed" : "sanction-rejected", actor, new { proposal = sanction.Id, sanction.Kind, sanction.Rule, sanction.Article, decision.Note }, "decide:" + sanction.Id);
        if (decision.Confirm)
        {
            if (sanction.Kind is SanctionKind.Admonition or SanctionKind.Warning)
            {
                // CC-11: any admonition or warning moves the subject to 严管 at once.
                ChangeLevel(SupervisionLevels.AfterSanction(Case), "CC-11", RulesActor);
            }
            else
            {
                // CC-25: the court rules within 30 days; the arrest decision within 48 hours.
                var now = Time.GetUtcNow();
                var policy = Rules.Correction;
                // Per proposal: a second proposal after a refused one gets deadlines (and cards) of its own.
                PlanOnce("court-ruling:" + sanction.Id, DeadlineKind.CourtRuling, Calendar.EndOfCalendarDaysAfter(now, policy.CourtRulingDays), "CC-25");
                PlanOnce("arrest-decision:" + sanction.Id, DeadlineKind.ArrestDecision, now + TimeSpan.FromHours(policy.ArrestDecisionHours), "CC-25");
            }

            foreach (var escalation in SanctionRules.Escalations(Case.Sanctions, Sentence, day => RulesOn(day).Correction))
            {
                foreach (var counted in Case.Sanctions.Where(s => escalation.Evidence.Contains(s.Id)))
                {
                    counted.CountedInto = escalation.Id;
                }

                Propose(escalation, RulesActor);
            }
        }

        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    public async ValueTask<Outcome> RecordCorrectedAsync(string sanctionId, string actor, CancellationToken cancellationToken = default)
    {
        if (CaseGuard(supervised: false) is { } guard)
        {
            return guard;
        }

        if (Case.Sanctions.Find(s => s.Id == sanctionId) is not { } sanction)
        {
            return Outcome.NotFound("sanction-not-found", "No such sanction on this case.");
        }

        if (sanction.Status != SanctionStatus.Confirmed)
        {
            return Outcome.Conflict("not-confirmed", "Only a confirmed sanction can be marked corrected; nothing was changed.");
        }

        if (sanction.Corrected)
        {
            return Outcome.Ok;
        }

        sanction.Corrected = true;
        Emit("sanction-corrected", actor, new { sanction = sanction.Id, sanction.Rule }, "corrected:" + sanction.Id);
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    public async ValueTask<Outcome> OrderMonitoringAsync(MonitoringOrder order, string actor, CancellationToken cancellationToken = default)
    {
        if (CaseGuard(supervised: true) is { } guard)
        {
            return guard;
        }

        var fingerprint = FingerprintOf(order);
        if (Case.Monitoring.Find(m => m.Order.OrderId == order.OrderId) is { } prior)
        {
            return prior.Fingerprint == fingerprint ? Outcome.Ok : Outcome.Conflict("order-id-reused", "This order id was used for another order; nothing was changed.", "orderId");
        }

        if (MonitoringRules.Validate(order, Case, Today, Rules.Correction) is { } invalid)
        {
            return invalid;
        }

        var record = new MonitoringRecord { Order = order, Fingerprint = fingerprint, EndsOn = MonitoringRules.LastDay(order.StartsOn, order.Months) };
        Case.Monitoring.Add(record);
        PlanOnce(record.ExpiryDeadlineId, DeadlineKind.MonitoringExpiry, WorkingDayCalendar.EndOfLocalDay(record.EndsOn), "CC-30");
        Emit("monitoring-ordered", actor, new { order.OrderId, order.Ground, order.StartsOn, endsOn = record.EndsOn, order.Level, rule = "CC-29" }, order.OrderId.ToString("N"));
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    public async ValueTask<Outcome> ExtendMonitoringAsync(MonitoringExtension extension, string actor, CancellationToken cancellationToken = default)
    {
        if (CaseGuard(supervised: true) is { } guard)
        {
            return guard;
        }

        if (Case.Monitoring.Find(m => m.Order.OrderId == extension.OrderId) is not { } record)
        {
            return Outcome.NotFound("order-not-found", "No such monitoring order on this case.");
        }

        var fingerprint = FingerprintOf(extension);
        if (record.ExtensionFingerprints.TryGetValue(extension.ExtensionId, out var prior))
        {
            return prior == fingerprint ? Outcome.Ok : Outcome.Conflict("extension-id-reused", "This extension id was used for another extension; nothing was changed.", "extensionId");
        }

        if (MonitoringRules.Validate(extension, Rules.Correction) is { } invalid)
        {
            return invalid;
        }

        if (!record.Active)
        {
            return Outcome.Conflict("order-expired", "CC-30: the order has expired; a new order needs its own ground and approval.");
        }

        var current = State.Deadlines.Find(d => d.Id == record.ExpiryDeadlineId);
        if (current is { Status: DeadlineStatus.Pending })
        {
            current.Status = DeadlineStatus.Cancelled;
            current.CompletedAt = Time.GetUtcNow();
        }

        record.EndsOn = MonitoringRules.LastDay(record.EndsOn.AddDays(1), extension.Months);
        record.Extensions.Add(extension.ExtensionId);
        record.ExtensionFingerprints[extension.ExtensionId] = fingerprint;
        PlanOnce(record.ExpiryDeadlineId, DeadlineKind.MonitoringExpiry, WorkingDayCalendar.EndOfLocalDay(record.EndsOn), "CC-30");
        Emit("monitoring-extended", actor, new { extension.OrderId, extension.ExtensionId, endsOn = record.EndsOn, extension.Level, rule = "CC-30" }, extension.ExtensionId.ToString("N"));
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    public async ValueTask<Outcome> RecordReleaseDocumentAsync(ReleaseDocument document, string actor, CancellationToken cancellationToken = default)
    {
        // Documents still missing at discharge may be completed during resettlement (their deadline stays open).
        if (State.Correction?.Stage != CorrectionStage.Resettlement && CaseGuard(supervised: true) is { } guard)
        {
            return guard;
        }

        if (!Enum.IsDefined(document))
        {
            return Outcome.Invalid("document", "invalid-document", "document is SelfSummary, Appraisal or ResettlementRecommendation.");
        }

        if (Case.ReleaseDocuments.Contains(document))
        {
            return Outcome.Ok;
        }

        if (Case.Stage is not (CorrectionStage.PreRelease or CorrectionStage.Resettlement) && !Case.PreReleaseStarted)
        {
            return Outcome.Conflict("not-pre-release", "CC-33: release documents are prepared in the last 30 days; nothing was changed.");
        }

        Case.ReleaseDocuments.Add(document);
        Emit("release-document", actor, new { document, rule = "CC-33" }, "release:" + document);
        if (Enum.GetValues<ReleaseDocument>().All(Case.ReleaseDocuments.Contains))
        {
            await CompleteAsync(d => d.Kind == DeadlineKind.ReleaseDocuments, actor, "documents ready", cancellationToken);
        }

        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    public async ValueTask<Outcome> RecordCourtDecisionAsync(CourtDecision decision, string actor, CancellationToken cancellationToken = default)
    {
        if (State.Correction?.Stage == CorrectionStage.Revoked && decision == CourtDecision.RevocationGranted)
        {
            return Outcome.Ok;
        }

        if (CaseGuard(supervised: false) is { } guard)
        {
            return guard;
        }

        if (!Enum.IsDefined(decision))
        {
            return Outcome.Invalid("decision", "invalid-decision", "decision is ArrestDecided, RevocationGranted or RevocationRefused.");
        }

        if (!Case.Sanctions.Any(s => s.Kind == SanctionKind.RevocationProposal && s.Status == SanctionStatus.Confirmed))
        {
            return Outcome.Conflict("no-revocation-proposal", "CC-25: there is no confirmed revocation proposal on this case; nothing was changed.");
        }

        var kind = decision == CourtDecision.ArrestDecided ? DeadlineKind.ArrestDecision : DeadlineKind.CourtRuling;
        if (!State.Deadlines.Any(d => d.Kind == kind && d.IsOpen))
        {
            return Outcome.Ok;
        }

        await CompleteAsync(d => d.Kind == kind, actor, decision.ToString(), cancellationToken);
        Emit("court-decision", actor, new { decision, rule = "CC-25" }, "court:" + decision);
        if (decision == CourtDecision.RevocationGranted)
        {
            Case.Stage = CorrectionStage.Revoked;
            await CancelAsync(_ => true, actor, "revoked", cancellationToken);
            await ReleaseHomeAsync(actor, cancellationToken);
        }

        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    public ValueTask<CorrectionCaseView?> GetCorrectionCaseAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(State.Exists && State.Correction is { } c
            ? new CorrectionCaseView(
                new PersonId(this.GetPrimaryKey()),
                c.Stage.ToString(),
                Sentence,
                CurrentLevel,
                c.EndsOn,
                [.. c.IntakeDone],
                [.. c.Team],
                c.StrictUntil,
                c.GoodStreak,
                [.. c.Trips.Select(t => new TripView(t.Request.TripId, t.Request.Destination, t.Request.Departs, t.Request.Returns, TripRules.Days(t.Request),
                    TripRules.Required(t.Request, Rules.Correction), t.Status, t.ReturnedAt is { } r ? WorkingDayCalendar.LocalDate(r) : null))],
                [.. c.Violations.Select(v => v.Report).Reverse()],
                [.. c.Sanctions.OrderByDescending(s => s.ProposedAt).Select(s => s.ToView())],
                [.. c.Monitoring.Select(m => m.ToView())],
                State.Deadlines.Views())
            : null);

    /// <summary>Milestones act by themselves; missed duties become violations (CC-10 → CC-19).</summary>
    private async Task OnCorrectionDeadlineAsync(Deadline deadline, string actor, CancellationToken cancellationToken)
    {
        if (State.Correction is null)
        {
            return;
        }

        switch (deadline.Kind)
        {
            case DeadlineKind.CorrectionReport when Case.Stage == CorrectionStage.AwaitingReport:
                // CC-04 / CC-26: not reported in time → flagged missing and searched for at once.
                Case.Stage = CorrectionStage.Missing;
                PlanOnce("search", DeadlineKind.Search, Calendar.EndOfCalendarDaysAfter(Time.GetUtcNow(), 1), "CC-26");
                Emit("flagged-missing", actor, new { rule = "CC-04" }, "missing");
                break;
            case DeadlineKind.ReportingDuty or DeadlineKind.WrittenReport when Case.Supervised:
                AddViolation(new ViolationReport(EventLog.DeterministicId("missed:" + deadline.Id), ViolationKind.ReportingRuleBreach,
                    WorkingDayCalendar.LocalDate(deadline.DueAt - TimeSpan.FromSeconds(1)), null, $"CC-10: {deadline.Kind} due {deadline.DueAt:O} missed"), automatic: true, actor);
                break;
            case DeadlineKind.StrictPeriodEnd when SupervisionLevels.StepDown(Case, CurrentLevel, Today, Rules.Correction) is { } lower:
                ChangeLevel(lower, "CC-12", actor);
                break;
            case DeadlineKind.PreRelease when Case.Supervised:
                if (Case.Stage == CorrectionStage.OnTrip)
                {
                    Case.PreReleaseStarted = true;
                }
                else
                {
                    Case.Stage = CorrectionStage.PreRelease;
                }

                PlanOnce("release-documents", DeadlineKind.ReleaseDocuments, WorkingDayCalendar.EndOfLocalDay(Case.EndsOn!.Value.AddDays(-1)), "CC-33");
                break;
            case DeadlineKind.Discharge when Case.Supervised:
                await DischargeAsync(actor, cancellationToken);
                break;
            case DeadlineKind.MonitoringExpiry when Case.Monitoring.Find(m => m.ExpiryDeadlineId == deadline.Id) is { Active: true } order:
                order.Active = false;
                Emit("monitoring-expired", actor, new { order.Order.OrderId, order.EndsOn, rule = "CC-30" }, "expired:" + deadline.Id);
                break;
            case DeadlineKind.ProgrammeEnd when Case.Stage == CorrectionStage.Resettlement:
                Case.Stage = CorrectionStage.Closed;
                await CancelAsync(_ => true, actor, "resettlement ended", cancellationToken);
                Emit("case-closed", actor, new { rule = "RP-01" }, "closed");
                break;
        }
    }

    /// <summary>CC-33 / RP-01: discharge at the end of the term; the resettlement case starts with a home visit (RP-05).</summary>
    private async Task DischargeAsync(string actor, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var policy = Rules.Correction;
        Case.Stage = CorrectionStage.Resettlement;
        foreach (var order in Case.Monitoring.Where(m => m.Active))
        {
            order.Active = false;
        }

        await CancelAsync(d => d.Kind is not (DeadlineKind.Visit or DeadlineKind.ReleaseDocuments), actor, "discharged", cancellationToken);
        PlanOnce("resettlement-end", DeadlineKind.ProgrammeEnd, WorkingDayCalendar.EndOfLocalDay(Case.EndsOn!.Value.AddYears(policy.ResettlementYears)), "RP-01");
        if (!State.Deadlines.Any(d => d.Kind == DeadlineKind.Visit && d.Status == DeadlineStatus.Missed))
        {
            PlanNextVisit(now, TimeSpan.FromDays(policy.ResettlementFirstVisitDays));
        }

        Emit("discharged", actor, new { endsOn = Case.EndsOn, resettlementUntil = Case.EndsOn!.Value.AddYears(policy.ResettlementYears), rule = "CC-33" }, "discharged");
    }

    private void PlanOnce(string id, DeadlineKind kind, DateTimeOffset dueAt, string rule) =>
        State.Deadlines.Plan(new Deadline { Id = id, Kind = kind, DueAt = dueAt, Rule = rule });

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
