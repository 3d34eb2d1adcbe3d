using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests.Supervision;

/// <summary>Community correction cases (DOMAIN.md §4) on the fake clock; each test names the rule it proves.</summary>
[Collection(GrainCluster.Name)]
public sealed class CorrectionCaseTests(GrainClusterFixture fixture) : IAsyncLifetime
{
    private readonly CorrectionSubjects _subjects = new(fixture.Grains, fixture.Time);

    private IGrainFactory Grains => fixture.Grains;

    private DateOnly Today => _subjects.Today;

    public async ValueTask InitializeAsync() => await _subjects.ImportAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task CC04_CC26_NotReportedWithinTenDays_FlagsMissingRaisesAlertAndStartsSearch()
    {
        var id = await _subjects.EnrolAsync(reported: false);

        var view = await _subjects.AdvanceAsync(id, TimeSpan.FromDays(11), c => c.Stage == "Missing", "the subject flagged missing");

        Assert.NotNull(await _subjects.AlertAsync(id, "report"));
        var search = Assert.Single(view.Deadlines, d => d.Kind == DeadlineKind.Search);
        Assert.Equal(("CC-26", DeadlineStatus.Pending), (search.Rule, search.Status));
    }

    [Fact]
    public async Task CC04_ReportedLate_EndsSearchResolvesAlertAndProposesAdmonition()
    {
        var id = await _subjects.EnrolAsync(reported: false);
        await _subjects.AdvanceAsync(id, TimeSpan.FromDays(11), c => c.Stage == "Missing", "flagged missing");

        CorrectionSubjects.Ok(await Grains.Person(id).RecordReportAsync(_subjects.Now, "officer"));

        var view = await _subjects.CaseAsync(id);
        Assert.Equal("Intake", view.Stage);
        Assert.Equal(AlertStatus.Resolved, (await _subjects.AlertAsync(id, "report"))!.Status);
        Assert.DoesNotContain(view.Deadlines, d => d.Kind == DeadlineKind.Search && d.Status is DeadlineStatus.Pending or DeadlineStatus.Missed);
        var late = Assert.Single(view.Violations);
        Assert.Equal((ViolationKind.LateReporting, 1), (late.Kind, late.Days));
        var proposal = Assert.Single(view.Sanctions);
        Assert.Equal((SanctionKind.Admonition, "CC-19", SanctionStatus.Proposed), (proposal.Kind, proposal.Rule, proposal.Status));
        Assert.Contains("第三十五条", proposal.Article, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CC05_CaseBecomesActiveOnlyAfterEveryIntakeStepAndTheTeam()
    {
        var id = await _subjects.EnrolAsync();
        var c = Grains.CorrectionCase(id);

        foreach (var step in Enum.GetValues<IntakeStep>())
        {
            CorrectionSubjects.Ok(await c.RecordIntakeStepAsync(step, "officer"));
        }

        Assert.Equal("Intake", (await c.GetCorrectionCaseAsync())!.Stage);
        Assert.Equal(OutcomeKind.Conflict, (await c.RecordDutyAsync(new DutyReport(Guid.NewGuid(), DutyKind.InPersonReport, _subjects.Now), "officer")).Kind);

        CorrectionSubjects.Ok(await c.SetTeamAsync([CorrectionSubjects.Officer], "officer"));

        var view = (await c.GetCorrectionCaseAsync())!;
        Assert.Equal("Active", view.Stage);
        Assert.Contains(view.Deadlines, d => d.Kind == DeadlineKind.ReportingDuty && d.Rule == "CC-10");
    }

    [Fact]
    public async Task CC05_IntakeBeforeReporting_IsRefused()
    {
        var id = await _subjects.EnrolAsync(reported: false);

        var outcome = await Grains.CorrectionCase(id).RecordIntakeStepAsync(IntakeStep.FileCreated, "officer");

        Assert.Equal((OutcomeKind.Conflict, "not-reported"), (outcome.Kind, outcome.Problem));
        Assert.Empty((await _subjects.CaseAsync(id)).IntakeDone);
    }

    [Fact]
    public async Task CC06_FemaleSubjectsTeamWithoutAWoman_IsRefusedAndChangesNothing()
    {
        var id = await _subjects.EnrolAsync(Gender.Female);
        var c = Grains.CorrectionCase(id);

        var refused = await c.SetTeamAsync([CorrectionSubjects.Officer, new TeamMember("志愿者 张", TeamRole.Volunteer, Gender.Male)], "officer");

        Assert.Equal((OutcomeKind.Invalid, "team", "team-needs-a-woman"), (refused.Kind, refused.Field, refused.Problem));
        Assert.Empty((await c.GetCorrectionCaseAsync())!.Team);
        CorrectionSubjects.Ok(await c.SetTeamAsync([CorrectionSubjects.Officer, CorrectionSubjects.SocialWorker], "officer"));
    }

    [Fact]
    public async Task CC10_StrictSubject_ReportsWeeklyInPersonAndInWriting_AMissedReportRaisesAlertAndProposesAdmonition()
    {
        var id = await _subjects.ActiveAsync();
        var view = await _subjects.CaseAsync(id);
        var report = Assert.Single(view.Deadlines, d => d.Kind == DeadlineKind.ReportingDuty && d.Status == DeadlineStatus.Pending);
        Assert.Single(view.Deadlines, d => d.Kind == DeadlineKind.WrittenReport && d.Status == DeadlineStatus.Pending);
        Assert.InRange(report.DueAt - _subjects.Now, TimeSpan.FromDays(7), TimeSpan.FromDays(8));

        view = await _subjects.AdvanceAsync(id, TimeSpan.FromDays(8), c => c.Sanctions.Count >= 2, "admonitions proposed for the missed reports");

        Assert.NotNull(await _subjects.AlertAsync(id, report.Id));
        Assert.All(view.Sanctions, s => Assert.Equal(("CC-19", SanctionKind.Admonition), (s.Rule, s.Kind)));
        Assert.Contains(view.Violations, v => v.Kind == ViolationKind.ReportingRuleBreach);
    }

    [Fact]
    public async Task CC10_FulfilledDuty_CompletesItAndPlansTheNext_ReplayIsHarmless()
    {
        var id = await _subjects.ActiveAsync();
        var c = Grains.CorrectionCase(id);
        var report = new DutyReport(Guid.NewGuid(), DutyKind.InPersonReport, _subjects.Now);

        CorrectionSubjects.Ok(await c.RecordDutyAsync(report, "officer"));
        CorrectionSubjects.Ok(await c.RecordDutyAsync(report, "officer"));
        var reused = await c.RecordDutyAsync(report with { Kind = DutyKind.WrittenReport }, "officer");

        Assert.Equal((OutcomeKind.Conflict, "reportId"), (reused.Kind, reused.Field));
        var duties = (await c.GetCorrectionCaseAsync())!.Deadlines.Where(d => d.Kind == DeadlineKind.ReportingDuty).ToList();
        Assert.Single(duties, d => d.Status == DeadlineStatus.Met);
        Assert.Single(duties, d => d.Status == DeadlineStatus.Pending);
    }

    [Fact]
    public async Task CC11_ConfirmedAdmonition_MovesSubjectUpToStrictAtOnce()
    {
        var id = await _subjects.ActiveAsync();
        var c = Grains.CorrectionCase(id);
        await GoodMonthsAsync(id, 3);
        Assert.Equal(SupervisionLevel.Ordinary, (await Grains.Person(id).GetAsync())!.Level);
        var violation = new ViolationReport(Guid.NewGuid(), ViolationKind.VisitorRuleBreach, Today, null, "会客未报告");
        CorrectionSubjects.Ok(await c.RecordViolationAsync(violation, "officer"));
        var proposal = (await c.GetCorrectionCaseAsync())!.Sanctions.Single(s => s.Evidence.Contains("violation:" + violation.ViolationId.ToString("N")));

        CorrectionSubjects.Ok(await c.DecideSanctionAsync(new SanctionDecision(proposal.Id, true, "李", "confirmed"), "officer"));

        var view = (await c.GetCorrectionCaseAsync())!;
        Assert.Equal((SupervisionLevel.Strict, 0), (view.Level, view.GoodAssessmentsInARow));
        Assert.DoesNotContain(view.Deadlines, d => d.Kind is DeadlineKind.ReportingDuty or DeadlineKind.WrittenReport && d.Status == DeadlineStatus.Pending && d.DueAt <= _subjects.Now);
    }

    [Fact]
    public async Task CC11_NewSubject_StaysStrictForTwoMonthsDespiteGoodAssessments_ThenStepsDown()
    {
        var id = await _subjects.ActiveAsync();

        var levels = await GoodMonthsAsync(id, 3);

        Assert.Equal([SupervisionLevel.Strict, SupervisionLevel.Strict, SupervisionLevel.Ordinary], levels);
    }

    [Fact]
    public async Task CC12_PassBreaksTheStreakOfGoodAssessments()
    {
        var id = await _subjects.ActiveAsync();
        var c = Grains.CorrectionCase(id);
        var first = new DateOnly(Today.Year, Today.Month, 1);

        CorrectionSubjects.Ok(await c.RecordAssessmentAsync(Month(first, AssessmentGrade.Good), "officer"));
        await _subjects.AdvanceAsync(id, TimeSpan.FromDays(31), _ => true, "a month on");
        CorrectionSubjects.Ok(await c.RecordAssessmentAsync(Month(first.AddMonths(1), AssessmentGrade.Pass), "officer"));
        await _subjects.AdvanceAsync(id, TimeSpan.FromDays(31), StrictPeriodOver, "past the strict period");
        CorrectionSubjects.Ok(await c.RecordAssessmentAsync(Month(first.AddMonths(2), AssessmentGrade.Good), "officer"));
        var again = await c.RecordAssessmentAsync(Month(first.AddMonths(2), AssessmentGrade.Fail), "officer");
        var beforeActivation = await c.RecordAssessmentAsync(Month(first.AddMonths(-1), AssessmentGrade.Good), "officer");

        var view = (await c.GetCorrectionCaseAsync())!;
        Assert.Equal((SupervisionLevel.Strict, 1), (view.Level, view.GoodAssessmentsInARow));
        Assert.Equal((OutcomeKind.Conflict, "already-assessed"), (again.Kind, again.Problem));
        Assert.Equal((OutcomeKind.Invalid, "month"), (beforeActivation.Kind, beforeActivation.Field));
    }

    [Fact]
    public async Task CC12_AGapBetweenGoodMonths_StartsANewRun()
    {
        var id = await _subjects.ActiveAsync();
        var c = Grains.CorrectionCase(id);
        var first = new DateOnly(Today.Year, Today.Month, 1);
        await _subjects.AdvanceAsync(id, TimeSpan.FromDays(93), StrictPeriodOver, "three months on");

        CorrectionSubjects.Ok(await c.RecordAssessmentAsync(Month(first, AssessmentGrade.Good), "officer"));
        CorrectionSubjects.Ok(await c.RecordAssessmentAsync(Month(first.AddMonths(2), AssessmentGrade.Good), "officer"));

        Assert.Equal(1, (await c.GetCorrectionCaseAsync())!.GoodAssessmentsInARow);
    }

    [Fact]
    public async Task CC15_TripLongerThanOneApprovalCovers_IsInvalidAndChangesNothing()
    {
        var id = await _subjects.ActiveAsync();
        var c = Grains.CorrectionCase(id);

        var outcome = await c.RequestTripAsync(new TripRequest(Guid.NewGuid(), "广州", Today.AddDays(1), Today.AddDays(31), "探亲"), "officer");

        Assert.Equal((OutcomeKind.Invalid, "returns", "trip-too-long"), (outcome.Kind, outcome.Field, outcome.Problem));
        Assert.Empty((await c.GetCorrectionCaseAsync())!.Trips);
    }

    [Fact]
    public async Task CC15_ImpossibleTripDates_AreInvalid()
    {
        var id = await _subjects.ActiveAsync();
        var c = Grains.CorrectionCase(id);

        var past = await c.RequestTripAsync(new TripRequest(Guid.NewGuid(), "广州", Today.AddDays(-2), Today.AddDays(1), "探亲"), "officer");
        var backwards = await c.RequestTripAsync(new TripRequest(Guid.NewGuid(), "广州", Today.AddDays(5), Today.AddDays(3), "探亲"), "officer");

        Assert.Equal(("departs", "returns"), (past.Field, backwards.Field));
        Assert.Empty((await c.GetCorrectionCaseAsync())!.Trips);
    }

    [Fact]
    public async Task CC16_TripOverSevenDays_NeedsTheCounty_TheOfficeIsForbidden()
    {
        var id = await _subjects.ActiveAsync();
        var c = Grains.CorrectionCase(id);
        var trip = new TripRequest(Guid.NewGuid(), "北京", Today.AddDays(1), Today.AddDays(10), "就医");
        CorrectionSubjects.Ok(await c.RequestTripAsync(trip, "officer"));

        var office = await c.DecideTripAsync(new TripDecision(trip.TripId, true, "所长", ApproverLevel.JusticeOffice), "officer");
        Assert.Equal((OutcomeKind.Forbidden, "approver-level-too-low"), (office.Kind, office.Problem));
        Assert.Equal(TripStatus.Requested, Assert.Single((await c.GetCorrectionCaseAsync())!.Trips).Status);

        CorrectionSubjects.Ok(await c.DecideTripAsync(new TripDecision(trip.TripId, true, "局长", ApproverLevel.CountyAgency), "officer"));
        var view = Assert.Single((await c.GetCorrectionCaseAsync())!.Trips);
        Assert.Equal((TripStatus.Approved, ApproverLevel.CountyAgency, 10), (view.Status, view.Required, view.Days));
    }

    [Fact]
    public async Task CC16_TripOfSevenDays_TheOfficeMayApprove()
    {
        var id = await _subjects.ActiveAsync();
        var c = Grains.CorrectionCase(id);
        var trip = new TripRequest(Guid.NewGuid(), "佛山", Today.AddDays(1), Today.AddDays(7), "务工");
        CorrectionSubjects.Ok(await c.RequestTripAsync(trip, "officer"));

        CorrectionSubjects.Ok(await c.DecideTripAsync(new TripDecision(trip.TripId, true, "所长", ApproverLevel.JusticeOffice), "officer"));

        Assert.Equal(TripStatus.Approved, Assert.Single((await c.GetCorrectionCaseAsync())!.Trips).Status);
    }

    [Fact]
    public async Task CC15_LateReturn_RaisesReturnAlertThenIsAViolationWithAProposal()
    {
        var id = await _subjects.ActiveAsync();
        var c = Grains.CorrectionCase(id);
        var trip = new TripRequest(Guid.NewGuid(), "佛山", Today, Today.AddDays(2), "务工");
        CorrectionSubjects.Ok(await c.RequestTripAsync(trip, "officer"));
        CorrectionSubjects.Ok(await c.DecideTripAsync(new TripDecision(trip.TripId, true, "所长", ApproverLevel.JusticeOffice), "officer"));
        CorrectionSubjects.Ok(await c.RecordTripDepartureAsync(trip.TripId, _subjects.Now, "officer"));
        Assert.Equal("OnTrip", (await c.GetCorrectionCaseAsync())!.Stage);

        await _subjects.AdvanceAsync(id, TimeSpan.FromDays(4), v => v.Deadlines.Any(d => d.Kind == DeadlineKind.TripReturn && d.Status == DeadlineStatus.Missed), "the return missed");
        Assert.NotNull(await _subjects.AlertAsync(id, "trip:" + trip.TripId.ToString("N")));
        CorrectionSubjects.Ok(await c.RecordTripReturnAsync(trip.TripId, _subjects.Now, "officer"));

        var view = (await c.GetCorrectionCaseAsync())!;
        Assert.Equal("Active", view.Stage);
        Assert.Contains(view.Violations, v => v.Kind == ViolationKind.LateReturn && v.Days >= 1);
        Assert.Contains(view.Sanctions, s => s.Rule == "CC-19");
        Assert.Equal(AlertStatus.Resolved, (await _subjects.AlertAsync(id, "trip:" + trip.TripId.ToString("N")))!.Status);
    }

    [Fact]
    public async Task CC15_AbsenceWithoutApproval_IsAViolation_OverTenDaysAWarning()
    {
        var id = await _subjects.ActiveAsync();
        var c = Grains.CorrectionCase(id);

        CorrectionSubjects.Ok(await c.RecordViolationAsync(new ViolationReport(Guid.NewGuid(), ViolationKind.UnauthorisedAbsence, Today, 12, "未经批准离开中山"), "officer"));

        var proposal = Assert.Single((await c.GetCorrectionCaseAsync())!.Sanctions);
        Assert.Equal((SanctionKind.Warning, "CC-20"), (proposal.Kind, proposal.Rule));
        Assert.Contains("第三十六条第（二）项", proposal.Article, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CC19_MinorBreach_ProposesAdmonitionWithRuleAndArticle_TheOfficerDecides()
    {
        var id = await _subjects.ActiveAsync();
        var c = Grains.CorrectionCase(id);

        CorrectionSubjects.Ok(await c.RecordViolationAsync(new ViolationReport(Guid.NewGuid(), ViolationKind.SkippedEducation, Today, null, "未参加教育学习"), "officer"));
        var proposal = Assert.Single((await c.GetCorrectionCaseAsync())!.Sanctions);
        Assert.Equal((SanctionKind.Admonition, "CC-19", SanctionStatus.Proposed), (proposal.Kind, proposal.Rule, proposal.Status));
        Assert.Contains("第三十五条第（三）项", proposal.Article, StringComparison.Ordinal);

        var noOfficer = await c.DecideSanctionAsync(new SanctionDecision(proposal.Id, true, " ", null), "officer");
        CorrectionSubjects.Ok(await c.DecideSanctionAsync(new SanctionDecision(proposal.Id, false, "李", "情节轻微，已口头教育"), "officer"));
        var changeOfMind = await c.DecideSanctionAsync(new SanctionDecision(proposal.Id, true, "李", null), "officer");

        Assert.Equal((OutcomeKind.Invalid, "officer"), (noOfficer.Kind, noOfficer.Field));
        Assert.Equal((OutcomeKind.Conflict, "already-decided"), (changeOfMind.Kind, changeOfMind.Problem));
        Assert.Equal(SanctionStatus.Rejected, Assert.Single((await c.GetCorrectionCaseAsync())!.Sanctions).Status);
    }

    [Fact]
    public async Task CC20_TwoUncorrectedAdmonitions_ProposeAWarning_ACorrectedOneDoesNotCount()
    {
        var id = await _subjects.ActiveAsync();
        var c = Grains.CorrectionCase(id);
        async Task<string> ConfirmedAdmonitionAsync()
        {
            var v = new ViolationReport(Guid.NewGuid(), ViolationKind.VisitorRuleBreach, Today, null, "会客未报告");
            CorrectionSubjects.Ok(await c.RecordViolationAsync(v, "officer"));
            var admonition = (await c.GetCorrectionCaseAsync())!.Sanctions.Single(s => s.Evidence.Contains("violation:" + v.ViolationId.ToString("N"))).Id;
            CorrectionSubjects.Ok(await c.DecideSanctionAsync(new SanctionDecision(admonition, true, "李", null), "officer"));
            return admonition;
        }

        var first = await ConfirmedAdmonitionAsync();
        CorrectionSubjects.Ok(await c.RecordCorrectedAsync(first, "officer"));
        var second = await ConfirmedAdmonitionAsync();
        Assert.DoesNotContain((await c.GetCorrectionCaseAsync())!.Sanctions, s => s.Kind == SanctionKind.Warning);

        var third = await ConfirmedAdmonitionAsync();

        var warning = Assert.Single((await c.GetCorrectionCaseAsync())!.Sanctions, s => s.Kind == SanctionKind.Warning);
        Assert.Equal("CC-20", warning.Rule);
        Assert.Contains("第三十六条第（五）项", warning.Article, StringComparison.Ordinal);
        Assert.Equal(new[] { second, third }, warning.Evidence);
    }

    [Fact]
    public async Task CC22_TwoUncorrectedWarningsForEventsAfter2020_ProposeRevocation()
    {
        var id = await _subjects.ActiveAsync(effective: new DateOnly(2021, 1, 4));
        var c = Grains.CorrectionCase(id);

        await ConfirmedWarningAsync(c, new DateOnly(2021, 3, 1));
        Assert.DoesNotContain((await c.GetCorrectionCaseAsync())!.Sanctions, s => s.Kind == SanctionKind.RevocationProposal);
        await ConfirmedWarningAsync(c, new DateOnly(2021, 5, 1));

        var revocation = Assert.Single((await c.GetCorrectionCaseAsync())!.Sanctions, s => s.Kind == SanctionKind.RevocationProposal);
        Assert.Equal(("CC-22", new DateOnly(2021, 5, 1)), (revocation.Rule, revocation.EventOn));
        Assert.Contains("第四十六条第（四）项", revocation.Article, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CC22_WarningsForEventsBefore2020_NeedThree()
    {
        var id = await _subjects.ActiveAsync(effective: new DateOnly(2019, 1, 7));
        var c = Grains.CorrectionCase(id);

        await ConfirmedWarningAsync(c, new DateOnly(2019, 3, 1));
        await ConfirmedWarningAsync(c, new DateOnly(2019, 5, 1));
        Assert.DoesNotContain((await c.GetCorrectionCaseAsync())!.Sanctions, s => s.Kind == SanctionKind.RevocationProposal);
        await ConfirmedWarningAsync(c, new DateOnly(2019, 6, 1));

        var revocation = Assert.Single((await c.GetCorrectionCaseAsync())!.Sanctions, s => s.Kind == SanctionKind.RevocationProposal);
        Assert.Equal(3, revocation.Evidence.Count);
        Assert.Contains("(2012)", revocation.Article, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CC22_CC23_AbsenceOverAMonth_ParoleRevocationProposedBesideTheWarning()
    {
        var id = await _subjects.ActiveAsync(sentence: SentenceType.Parole);
        var c = Grains.CorrectionCase(id);

        CorrectionSubjects.Ok(await c.RecordViolationAsync(new ViolationReport(Guid.NewGuid(), ViolationKind.Absconding, Today, 35, "脱离监管"), "officer"));

        var sanctions = (await c.GetCorrectionCaseAsync())!.Sanctions;
        Assert.Contains(sanctions, s => s.Kind == SanctionKind.Warning);
        var revocation = Assert.Single(sanctions, s => s.Kind == SanctionKind.RevocationProposal);
        Assert.Contains("第四十七条", revocation.Article, StringComparison.Ordinal); // parole: CC-23's article
    }

    [Fact]
    public async Task CC25_ConfirmedRevocation_TracksCourtRulingAndArrestDecision_GrantedEndsTheCase()
    {
        var id = await _subjects.ActiveAsync();
        var c = Grains.CorrectionCase(id);
        CorrectionSubjects.Ok(await c.RecordViolationAsync(new ViolationReport(Guid.NewGuid(), ViolationKind.Absconding, Today, 40, "脱离监管"), "officer"));
        var revocation = (await c.GetCorrectionCaseAsync())!.Sanctions.Single(s => s.Kind == SanctionKind.RevocationProposal);

        CorrectionSubjects.Ok(await c.DecideSanctionAsync(new SanctionDecision(revocation.Id, true, "李", null), "officer"));

        var view = (await c.GetCorrectionCaseAsync())!;
        var ruling = Assert.Single(view.Deadlines, d => d.Kind == DeadlineKind.CourtRuling);
        var arrest = Assert.Single(view.Deadlines, d => d.Kind == DeadlineKind.ArrestDecision);
        Assert.Equal(("CC-25", "CC-25"), (ruling.Rule, arrest.Rule));
        Assert.Equal(_subjects.Now + TimeSpan.FromHours(48), arrest.DueAt);
        CorrectionSubjects.Ok(await c.RecordCourtDecisionAsync(CourtDecision.ArrestDecided, "officer"));
        CorrectionSubjects.Ok(await c.RecordCourtDecisionAsync(CourtDecision.RevocationGranted, "officer"));

        var person = (await Grains.Person(id).GetAsync())!;
        Assert.Equal(("Revoked", false), (person.Stage, person.UnderActiveControl));
        Assert.DoesNotContain(person.Deadlines, d => d.Status is DeadlineStatus.Pending or DeadlineStatus.Missed);
        var closed = await c.RecordAssessmentAsync(new MonthlyAssessment(2026, 1, AssessmentGrade.Good), "officer");
        Assert.Equal((OutcomeKind.Conflict, "case-closed"), (closed.Kind, closed.Problem));
    }

    [Fact]
    public async Task CC25_ASecondProposalAfterARefusedOne_GetsItsOwnDeadlinesAndCanEndTheCase()
    {
        var id = await _subjects.ActiveAsync();
        var c = Grains.CorrectionCase(id);
        async Task ConfirmedRevocationAsync()
        {
            var v = new ViolationReport(Guid.NewGuid(), ViolationKind.Absconding, Today, 40, "脱离监管");
            CorrectionSubjects.Ok(await c.RecordViolationAsync(v, "officer"));
            var proposal = (await c.GetCorrectionCaseAsync())!.Sanctions.Single(s => s.Kind == SanctionKind.RevocationProposal && s.Evidence.Contains("violation:" + v.ViolationId.ToString("N")));
            CorrectionSubjects.Ok(await c.DecideSanctionAsync(new SanctionDecision(proposal.Id, true, "李", null), "officer"));
        }

        await ConfirmedRevocationAsync();
        CorrectionSubjects.Ok(await c.RecordCourtDecisionAsync(CourtDecision.RevocationRefused, "officer"));
        await ConfirmedRevocationAsync();

        Assert.Single((await c.GetCorrectionCaseAsync())!.Deadlines, d => d.Kind == DeadlineKind.CourtRuling && d.Status == DeadlineStatus.Pending);
        CorrectionSubjects.Ok(await c.RecordCourtDecisionAsync(CourtDecision.RevocationGranted, "officer"));
        Assert.Equal("Revoked", (await c.GetCorrectionCaseAsync())!.Stage);
    }

    [Fact]
    public async Task CC29_MonitoringNeedsAGroundOnRecordAndTheCountyBureauHead()
    {
        var id = await _subjects.ActiveAsync();
        var c = Grains.CorrectionCase(id);
        var order = new MonitoringOrder(Guid.NewGuid(), MonitoringGround.LeftAreaWithoutApproval, Today, 3, "局长 陈", ApproverLevel.CountyBureauHead);

        var noGround = await c.OrderMonitoringAsync(order, "officer");
        CorrectionSubjects.Ok(await c.RecordViolationAsync(new ViolationReport(Guid.NewGuid(), ViolationKind.UnauthorisedAbsence, Today, 2, "擅自离开"), "officer"));
        var agency = await c.OrderMonitoringAsync(order with { Level = ApproverLevel.CountyAgency }, "officer");
        var tooLong = await c.OrderMonitoringAsync(order with { Months = 4 }, "officer");
        var badGround = await c.OrderMonitoringAsync(order with { Ground = (MonitoringGround)9 }, "officer");

        Assert.Equal((OutcomeKind.Conflict, "ground-not-on-record"), (noGround.Kind, noGround.Problem));
        Assert.Equal((OutcomeKind.Forbidden, "level"), (agency.Kind, agency.Field));
        Assert.Equal((OutcomeKind.Invalid, "months"), (tooLong.Kind, tooLong.Field));
        Assert.Equal((OutcomeKind.Invalid, "ground"), (badGround.Kind, badGround.Field));
        Assert.Empty((await c.GetCorrectionCaseAsync())!.Monitoring);
        CorrectionSubjects.Ok(await c.OrderMonitoringAsync(order, "officer"));
        Assert.Equal(Today.AddMonths(3).AddDays(-1), Assert.Single((await c.GetCorrectionCaseAsync())!.Monitoring).EndsOn);
    }

    [Fact]
    public async Task CC30_MonitoringExpiresAfterThreeMonths_UnlessExtendedAfterANewAssessment()
    {
        var id = await _subjects.ActiveAsync();
        var c = Grains.CorrectionCase(id);
        CorrectionSubjects.Ok(await c.RecordViolationAsync(new ViolationReport(Guid.NewGuid(), ViolationKind.ProhibitionOrderBreach, Today, null, "进入禁止区域"), "officer"));
        var start = Today;
        var kept = new MonitoringOrder(Guid.NewGuid(), MonitoringGround.ProhibitionOrderBreach, start, 3, "局长 陈", ApproverLevel.CountyBureauHead);
        var lapsed = kept with { OrderId = Guid.NewGuid(), Months = 1 };
        CorrectionSubjects.Ok(await c.OrderMonitoringAsync(kept, "officer"));
        CorrectionSubjects.Ok(await c.OrderMonitoringAsync(lapsed, "officer"));

        var noAssessment = await c.ExtendMonitoringAsync(new MonitoringExtension(kept.OrderId, Guid.NewGuid(), 3, " ", "局长 陈", ApproverLevel.CountyBureauHead), "officer");
        Assert.Equal((OutcomeKind.Invalid, "assessment"), (noAssessment.Kind, noAssessment.Field));
        CorrectionSubjects.Ok(await c.ExtendMonitoringAsync(new MonitoringExtension(kept.OrderId, Guid.NewGuid(), 2, "重新评估：仍需监管", "局长 陈", ApproverLevel.CountyBureauHead), "officer"));

        var view = await _subjects.AdvanceAsync(id, TimeSpan.FromDays(35), v => v.Monitoring.Any(m => m.OrderId == lapsed.OrderId && !m.Active), "the one-month order expired");

        var extended = Assert.Single(view.Monitoring, m => m.OrderId == kept.OrderId);
        Assert.Equal((true, 1, start.AddMonths(3).AddMonths(2).AddDays(-1)), (extended.Active, extended.Extensions, extended.EndsOn));
        var late = await c.ExtendMonitoringAsync(new MonitoringExtension(lapsed.OrderId, Guid.NewGuid(), 1, "评估", "局长 陈", ApproverLevel.CountyBureauHead), "officer");
        Assert.Equal((OutcomeKind.Conflict, "order-expired"), (late.Kind, late.Problem));
    }

    [Fact]
    public async Task CC01_CorrectionEnrolmentWithoutSentenceType_IsInvalidAndNothingIsEnrolled()
    {
        var id = new PersonId(Guid.NewGuid());

        var outcome = await Grains.Person(id).EnrolAsync(new Enrolment(_subjects.Grid.District, "对象", Gender.Male, TestGrid.Centre(1, 0), Programme.CommunityCorrection,
            null, null, Today, null, null), "test");

        Assert.Equal((OutcomeKind.Invalid, "sentenceType"), (outcome.Kind, outcome.Field));
        Assert.Null(await Grains.Person(id).GetAsync());
    }

    [Fact]
    public async Task BadInput_ViolationWithImpossibleDateOrMissingDays_IsInvalidAndChangesNothing()
    {
        var id = await _subjects.ActiveAsync();
        var c = Grains.CorrectionCase(id);

        var future = await c.RecordViolationAsync(new ViolationReport(Guid.NewGuid(), ViolationKind.SeriousBreach, Today.AddDays(3), null, "x"), "officer");
        var beforeOrder = await c.RecordViolationAsync(new ViolationReport(Guid.NewGuid(), ViolationKind.SeriousBreach, Today.AddYears(-1), null, "x"), "officer");
        var noDays = await c.RecordViolationAsync(new ViolationReport(Guid.NewGuid(), ViolationKind.Absconding, Today, null, "x"), "officer");
        var unknownKind = await c.RecordViolationAsync(new ViolationReport(Guid.NewGuid(), (ViolationKind)99, Today, null, "x"), "officer");
        var unknownProposal = await c.DecideSanctionAsync(new SanctionDecision("CC-19:nothing", true, "李", null), "officer");

        Assert.Equal(("occurredOn", "occurredOn", "days", "kind"), (future.Field, beforeOrder.Field, noDays.Field, unknownKind.Field));
        Assert.Equal(OutcomeKind.NotFound, unknownProposal.Kind);
        var view = (await c.GetCorrectionCaseAsync())!;
        Assert.Empty(view.Violations);
        Assert.Empty(view.Sanctions);
    }

    /// <summary>
    /// Assesses the activation month and the following ones 良好, a month of clock apart (past the strict period by
    /// the third), and returns the level after each.
    /// </summary>
    private async Task<List<SupervisionLevel>> GoodMonthsAsync(PersonId id, int months)
    {
        var c = Grains.CorrectionCase(id);
        var first = new DateOnly(Today.Year, Today.Month, 1);
        var levels = new List<SupervisionLevel>();
        for (var i = 0; i < months; i++)
        {
            if (i > 0)
            {
                await _subjects.AdvanceAsync(id, TimeSpan.FromDays(31), v => i < 2 || StrictPeriodOver(v), $"month {i}");
            }

            CorrectionSubjects.Ok(await c.RecordAssessmentAsync(Month(first.AddMonths(i), AssessmentGrade.Good), "officer"));
            levels.Add((await c.GetCorrectionCaseAsync())!.Level);
        }

        return levels;
    }

    private static MonthlyAssessment Month(DateOnly first, AssessmentGrade grade) => new(first.Year, first.Month, grade);

    private static bool StrictPeriodOver(CorrectionCaseView view) =>
        view.Deadlines.Any(d => d.Kind == DeadlineKind.StrictPeriodEnd && d.Status == DeadlineStatus.Met);

    private static async Task ConfirmedWarningAsync(ICorrectionCaseGrain c, DateOnly on)
    {
        var v = new ViolationReport(Guid.NewGuid(), ViolationKind.SeriousBreach, on, null, "情节较重");
        CorrectionSubjects.Ok(await c.RecordViolationAsync(v, "officer"));
        var warning = (await c.GetCorrectionCaseAsync())!.Sanctions.Single(s => s.Evidence.Contains("violation:" + v.ViolationId.ToString("N")));
        CorrectionSubjects.Ok(await c.DecideSanctionAsync(new SanctionDecision(warning.Id, true, "李", null), "officer"));
    }
}
