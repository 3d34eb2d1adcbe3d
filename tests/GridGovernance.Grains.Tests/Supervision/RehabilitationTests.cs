using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests.Supervision;

/// <summary>Community drug rehabilitation and rehabilitation (DR-*) on the person grain, with the fake clock.</summary>
[Collection(GrainCluster.Name)]
public sealed class RehabilitationTests(GrainClusterFixture fixture)
{
    private readonly RehabilitationTestKit _kit = new(fixture);

    private DateTimeOffset Now => _kit.Now;

    private DateOnly Today => _kit.Today;

    [Fact]
    public async Task DR02_NotReportedInFifteenDays_CountsAsRefusalAndCreatesPoliceReportTask()
    {
        await _kit.ImportAsync();
        var id = await _kit.EnrolAsync();

        fixture.Time.Advance(TimeSpan.FromDays(16));
        var view = await _kit.SweepUntilAsync(id, v => v.RefusedToReport, "DR-02 refusal");

        var task = Assert.Single(view!.OpenPoliceReports);
        Assert.Equal((DeadlineKind.PoliceReport, "DR-09"), (task.Kind, task.Rule));
        Assert.Equal(RehabilitationStage.AwaitingReport, view.Stage);
        var report = (await _kit.Grains.Person(id).GetAsync())!.Deadlines.Single(d => d.Kind == DeadlineKind.RehabReport);
        Assert.Equal(DeadlineStatus.Missed, report.Status);
        Assert.NotNull(await _kit.Grains.Alert(AlertKeys.For(new EntityRef(EntityKind.MonitoredPerson, id.Value), report.Id)).GetAsync());
    }

    [Fact]
    public async Task DR05_CaseActiveOnlyAfterReportAndAgreement_CommandsBeforeAreConflict()
    {
        await _kit.ImportAsync();
        var id = await _kit.EnrolAsync();
        var @case = _kit.Case(id);

        Assert.Equal(RehabilitationStage.AwaitingReport, (await _kit.ViewAsync(id)).Stage);
        var early = await @case.RecordDrugTestAsync(new RecordDrugTest(Guid.NewGuid(), Now, DrugTestResult.Negative), "test");
        Assert.Equal((OutcomeKind.Conflict, "case-not-reported"), (early.Kind, early.Problem));
        var sign = await @case.SignRehabilitationAgreementAsync(new SignRehabilitationAgreement(Now), "test");
        Assert.Equal((OutcomeKind.Conflict, "case-not-reported"), (sign.Kind, sign.Problem));

        Assert.True((await _kit.Grains.Person(id).RecordReportAsync(Now, "test")).IsOk);
        Assert.Equal(RehabilitationStage.AwaitingAgreement, (await _kit.ViewAsync(id)).Stage);
        var before = await _kit.SnapshotAsync(id);
        foreach (var outcome in new[]
        {
            await @case.RecordDrugTestAsync(new RecordDrugTest(Guid.NewGuid(), Now, DrugTestResult.Negative), "test"),
            await @case.RecordRehabilitationAbsenceAsync(new RecordAbsence(Guid.NewGuid(), Today, Today, false), "test"),
            await @case.RecordRehabilitationDetentionAsync(new RecordDetention(Guid.NewGuid(), Now), "test"),
            await @case.RecordHelpActivityAsync(new RecordHelpActivity(Guid.NewGuid(), Now), "test"),
        })
        {
            Assert.Equal((OutcomeKind.Conflict, "agreement-not-signed"), (outcome.Kind, outcome.Problem));
        }

        Assert.Equal(before, await _kit.SnapshotAsync(id));

        Assert.True((await @case.SignRehabilitationAgreementAsync(new SignRehabilitationAgreement(Now), "test")).IsOk);
        var active = await _kit.ViewAsync(id);
        Assert.Equal(RehabilitationStage.Active, active.Stage);
        Assert.Equal(RehabilitationTestKit.EndOfDay(Today.AddMonths(1)), active.NextTest!.DueAt);
    }

    [Fact]
    public async Task DR03_ProgrammeEndsThreeYearsFromTheReportDate()
    {
        await _kit.ImportAsync();
        var reported = Now - TimeSpan.FromDays(5);
        var id = await _kit.EnrolActiveAsync(reportedAt: reported);

        var view = await _kit.ViewAsync(id);
        var startedOn = Calendar.WorkingDayCalendar.LocalDate(reported);
        Assert.Equal((startedOn, startedOn.AddYears(3)), (view.StartedOn, view.EndsOn));
        var end = (await _kit.Grains.Person(id).GetAsync())!.Deadlines.Single(d => d.Kind == DeadlineKind.ProgrammeEnd);
        Assert.Equal((RehabilitationTestKit.EndOfDay(startedOn.AddYears(3).AddDays(-1)), "DR-03"), (end.DueAt, end.Rule));
    }

    [Fact]
    public async Task DR13_DetentionSuspendsCase_EndDateMovesBySuspendedDays()
    {
        await _kit.ImportAsync();
        var id = await _kit.EnrolActiveAsync();
        var @case = _kit.Case(id);
        var start = Today;
        var detention = Guid.NewGuid();

        Assert.True((await @case.RecordRehabilitationDetentionAsync(new RecordDetention(detention, Now), "test")).IsOk);
        var suspended = await _kit.ViewAsync(id);
        Assert.Equal((RehabilitationStage.Suspended, (DeadlineView?)null, (DateOnly?)null), (suspended.Stage, suspended.NextTest, suspended.EndsOn));
        var person = (await _kit.Grains.Person(id).GetAsync())!;
        Assert.DoesNotContain(person.Deadlines, d => d.Kind is DeadlineKind.DrugTest or DeadlineKind.ProgrammeEnd && d.Status == DeadlineStatus.Pending);
        var test = await @case.RecordDrugTestAsync(new RecordDrugTest(Guid.NewGuid(), Now, DrugTestResult.Negative), "test");
        Assert.Equal((OutcomeKind.Conflict, "case-suspended"), (test.Kind, test.Problem));

        fixture.Time.Advance(TimeSpan.FromDays(10));
        Assert.True((await @case.RecordRehabilitationReleaseAsync(new RecordRelease(detention, Now), "test")).IsOk);

        var view = await _kit.ViewAsync(id);
        Assert.Equal((RehabilitationStage.Active, 10, start.AddYears(3).AddDays(10)), (view.Stage, view.SuspendedDays, view.EndsOn));
        Assert.Equal(RehabilitationTestKit.EndOfDay(start.AddMonths(1).AddDays(10)), view.NextTest!.DueAt);
        var again = await @case.RecordRehabilitationReleaseAsync(new RecordRelease(detention, Now), "test");
        Assert.True(again.IsOk, "the same release again is harmless");
    }

    [Fact]
    public async Task DR18_RecordedTest_CompletesTheDueOneAndPlansTheNext()
    {
        await _kit.ImportAsync();
        var id = await _kit.EnrolActiveAsync();
        var first = (await _kit.ViewAsync(id)).NextTest!;

        Assert.True((await _kit.Case(id).RecordDrugTestAsync(new RecordDrugTest(Guid.NewGuid(), Now, DrugTestResult.Negative), "test")).IsOk);

        var view = await _kit.ViewAsync(id);
        Assert.Equal(RehabilitationTestKit.EndOfDay(Today.AddMonths(2)), view.NextTest!.DueAt);
        Assert.Equal(1, view.TestsTaken);
        Assert.Equal(DeadlineStatus.Met, (await _kit.Grains.Person(id).GetAsync())!.Deadlines.Single(d => d.Id == first.Id).Status);
        Assert.Equal(5, view.PointsTotal); // DR-21: attended +2, negative +3
    }

    [Fact]
    public async Task DR18_MissedTest_CountsAsEvadedRaisesAnAlertAndPlansTheNext()
    {
        await _kit.ImportAsync();
        var id = await _kit.EnrolActiveAsync();
        var first = (await _kit.ViewAsync(id)).NextTest!;

        fixture.Time.Advance(first.DueAt - Now + TimeSpan.FromMinutes(1));
        var view = await _kit.SweepUntilAsync(id, v => v.MissedTests == 1, "test 1 missed");

        Assert.NotEqual(first.Id, view!.NextTest!.Id);
        Assert.True(view.NextTest.DueAt > Now);
        Assert.Equal(-5, view.PointsTotal);
        Assert.NotNull(await _kit.Grains.Alert(AlertKeys.For(new EntityRef(EntityKind.MonitoredPerson, id.Value), first.Id)).GetAsync());
        Assert.Null(view.SeriousViolationAt);
    }

    [Fact]
    public async Task DR07_UnreportedAbsenceOfThreeDays_IsUnauthorised_ReportedOrShortOnesAreNot()
    {
        await _kit.ImportAsync();
        var id = await _kit.EnrolActiveAsync(reportedAt: Now - TimeSpan.FromDays(60));
        var @case = _kit.Case(id);

        Assert.True((await @case.RecordRehabilitationAbsenceAsync(new RecordAbsence(Guid.NewGuid(), Today.AddDays(-50), Today.AddDays(-40), true), "test")).IsOk);
        Assert.True((await @case.RecordRehabilitationAbsenceAsync(new RecordAbsence(Guid.NewGuid(), Today.AddDays(-30), Today.AddDays(-29), false), "test")).IsOk);
        Assert.Equal((0, 0), await CountsAsync());
        Assert.True((await @case.RecordRehabilitationAbsenceAsync(new RecordAbsence(Guid.NewGuid(), Today.AddDays(-20), Today.AddDays(-18), false), "test")).IsOk);
        Assert.Equal((1, 3), await CountsAsync());
        Assert.Equal(-5, (await _kit.ViewAsync(id)).PointsTotal);

        async Task<(int, int)> CountsAsync()
        {
            var view = await _kit.ViewAsync(id);
            return (view.UnauthorisedAbsences, view.UnauthorisedDays);
        }
    }

    [Fact]
    public async Task DR08_ThreeUnauthorisedAbsences_FlagsSeriousViolationAndCreatesPoliceReportTask()
    {
        await _kit.ImportAsync();
        var id = await _kit.EnrolActiveAsync(reportedAt: Now - TimeSpan.FromDays(60));
        var @case = _kit.Case(id);

        for (var i = 0; i < 3; i++)
        {
            Assert.Null((await _kit.ViewAsync(id)).SeriousViolationAt);
            var from = Today.AddDays(-50 + 10 * i);
            Assert.True((await @case.RecordRehabilitationAbsenceAsync(new RecordAbsence(Guid.NewGuid(), from, from.AddDays(3), false), "test")).IsOk);
        }

        var view = await _kit.ViewAsync(id);
        Assert.Equal(Now, view.SeriousViolationAt);
        Assert.Equal(["unauthorised-absences"], view.SeriousViolationReasons);
        Assert.Equal("DR-09", Assert.Single(view.OpenPoliceReports).Rule);

        // Flagged once: a fourth absence adds no second task.
        Assert.True((await @case.RecordRehabilitationAbsenceAsync(new RecordAbsence(Guid.NewGuid(), Today.AddDays(-5), Today.AddDays(-2), false), "test")).IsOk);
        Assert.Single((await _kit.ViewAsync(id)).OpenPoliceReports);
    }

    [Fact]
    public async Task DR08_MoreThanThirtyUnauthorisedDays_FlagsSeriousViolation()
    {
        await _kit.ImportAsync();
        var id = await _kit.EnrolActiveAsync(reportedAt: Now - TimeSpan.FromDays(90));
        var @case = _kit.Case(id);

        Assert.True((await @case.RecordRehabilitationAbsenceAsync(new RecordAbsence(Guid.NewGuid(), Today.AddDays(-80), Today.AddDays(-51), false), "test")).IsOk);
        Assert.Null((await _kit.ViewAsync(id)).SeriousViolationAt); // exactly 30 days
        Assert.True((await @case.RecordRehabilitationAbsenceAsync(new RecordAbsence(Guid.NewGuid(), Today.AddDays(-10), Today.AddDays(-10), false), "test")).IsOk);
        Assert.Null((await _kit.ViewAsync(id)).SeriousViolationAt); // a 1-day absence needs no report
        Assert.True((await @case.RecordRehabilitationAbsenceAsync(new RecordAbsence(Guid.NewGuid(), Today.AddDays(-5), Today.AddDays(-3), false), "test")).IsOk);

        var view = await _kit.ViewAsync(id);
        Assert.Equal((2, 33), (view.UnauthorisedAbsences, view.UnauthorisedDays));
        Assert.Equal(["unauthorised-days"], view.SeriousViolationReasons);
        Assert.Single(view.OpenPoliceReports);
    }

    [Fact]
    public async Task DR08_ThreeRefusedTests_FlagsSeriousViolation()
    {
        await _kit.ImportAsync();
        var id = await _kit.EnrolActiveAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await _kit.Case(id).RecordDrugTestAsync(new RecordDrugTest(Guid.NewGuid(), Now, DrugTestResult.Refused), "test")).IsOk);
        }

        var view = await _kit.ViewAsync(id);
        Assert.Equal((3, 0), (view.RefusedTests, view.TestsTaken));
        Assert.Equal(["evaded-tests"], view.SeriousViolationReasons);
        Assert.Single(view.OpenPoliceReports);
    }

    [Fact]
    public async Task DR09_PositiveTest_CreatesPoliceReportTask_RecordingTheReportCompletesIt()
    {
        await _kit.ImportAsync();
        var id = await _kit.EnrolActiveAsync();
        var @case = _kit.Case(id);

        Assert.True((await @case.RecordDrugTestAsync(new RecordDrugTest(Guid.NewGuid(), Now, DrugTestResult.Positive), "test")).IsOk);
        var task = Assert.Single((await _kit.ViewAsync(id)).OpenPoliceReports);
        Assert.Equal(Calendar.WorkingDayCalendar.China.EndOfWorkingDaysAfter(Now, 1), task.DueAt);
        Assert.Equal(1, (await _kit.ViewAsync(id)).PositiveTests);
        Assert.Null((await _kit.ViewAsync(id)).SeriousViolationAt); // a relapse alone is not a DR-08 violation

        var report = new RecordPoliceReport(Guid.NewGuid(), task.Id, Now);
        Assert.True((await @case.RecordPoliceReportAsync(report, "test")).IsOk);
        Assert.True((await @case.RecordPoliceReportAsync(report, "test")).IsOk);

        Assert.Empty((await _kit.ViewAsync(id)).OpenPoliceReports);
        Assert.Equal(DeadlineStatus.Met, (await _kit.Grains.Person(id).GetAsync())!.Deadlines.Single(d => d.Id == task.Id).Status);
    }

    [Fact]
    public async Task DR21_PointsNeverExcuseDr08Trigger()
    {
        await _kit.ImportAsync();
        var id = await _kit.EnrolActiveAsync();
        var @case = _kit.Case(id);
        for (var i = 0; i < 40; i++)
        {
            Assert.True((await @case.RecordHelpActivityAsync(new RecordHelpActivity(Guid.NewGuid(), Now), "test")).IsOk);
        }

        Assert.True((await @case.RecordDrugTestAsync(new RecordDrugTest(Guid.NewGuid(), Now, DrugTestResult.Negative), "test")).IsOk);
        Assert.Equal(45, (await _kit.ViewAsync(id)).PointsTotal);

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await @case.RecordDrugTestAsync(new RecordDrugTest(Guid.NewGuid(), Now, DrugTestResult.Refused), "test")).IsOk);
        }

        var view = await _kit.ViewAsync(id);
        Assert.True(view.PointsTotal > 0, $"points total {view.PointsTotal} stays high");
        Assert.NotNull(view.SeriousViolationAt);
        Assert.Single(view.OpenPoliceReports);
        Assert.Equal(["test-refused", "test-refused", "test-refused", "test-negative", "test-attended"], view.RecentPoints.Take(5).Select(p => p.Event));
    }

    [Fact]
    public async Task DR16_ThreeCleanYears_LeavesDynamicControlNoMoreAlerts()
    {
        await _kit.ImportAsync();
        // Reported three years ago, less two days (a migrated record): the programme ends the day after tomorrow.
        var reportedAt = Now.AddYears(-3).AddDays(2);
        var id = await _kit.EnrolActiveAsync(reportedAt: reportedAt);
        var endsOn = (await _kit.ViewAsync(id)).EndsOn!.Value;
        // Three years from the report date (from 29 February the anniversary is 28 February).
        Assert.Equal(DateOnly.FromDateTime(reportedAt.ToOffset(TimeSpan.FromHours(8)).DateTime).AddYears(3), endsOn);

        fixture.Time.Advance(RehabilitationTestKit.EndOfDay(endsOn) - Now);
        var view = await _kit.SweepUntilAsync(id, v => v.Stage == RehabilitationStage.Completed, "DR-16 exit");

        Assert.False(view!.UnderActiveControl);
        Assert.NotNull(view.CompletedAt);
        var person = (await _kit.Grains.Person(id).GetAsync())!;
        Assert.False(person.UnderActiveControl);
        Assert.Equal("Completed", person.Stage);
        Assert.DoesNotContain(person.Deadlines, d => d.Status is DeadlineStatus.Pending or DeadlineStatus.Missed);

        fixture.Time.Advance(TimeSpan.FromDays(60));
        await _kit.SweepAllPassedAsync(id, "after the exit");
        Assert.Equal(0, (await _kit.Grains.Cell(_kit.Cell).GetSummaryAsync())!.OpenAlerts);
        var test = await _kit.Case(id).RecordDrugTestAsync(new RecordDrugTest(Guid.NewGuid(), Now, DrugTestResult.Negative), "test");
        Assert.Equal((OutcomeKind.Conflict, "case-completed"), (test.Kind, test.Problem));
    }

    [Fact]
    public async Task DR16_SeriousViolationOpen_HoldsTheExitAtProgrammeEnd()
    {
        await _kit.ImportAsync();
        var id = await _kit.EnrolActiveAsync(reportedAt: Now.AddYears(-3).AddDays(2));
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await _kit.Case(id).RecordDrugTestAsync(new RecordDrugTest(Guid.NewGuid(), Now, DrugTestResult.Refused), "test")).IsOk);
        }

        var task = Assert.Single((await _kit.ViewAsync(id)).OpenPoliceReports);
        Assert.True((await _kit.Case(id).RecordPoliceReportAsync(new RecordPoliceReport(Guid.NewGuid(), task.Id, Now), "test")).IsOk);
        fixture.Time.Advance(TimeSpan.FromDays(3));
        var view = await _kit.SweepUntilAsync(id, v => v.EndHeld, "DR-16 exit held");

        Assert.Equal((RehabilitationStage.Active, true), (view!.Stage, view.UnderActiveControl));
    }

    [Fact]
    public async Task DR16_OpenPoliceReportAtProgrammeEnd_HoldsTheExitUntilReported()
    {
        await _kit.ImportAsync();
        var id = await _kit.EnrolActiveAsync(reportedAt: Now.AddYears(-3).AddDays(2));
        Assert.True((await _kit.Case(id).RecordDrugTestAsync(new RecordDrugTest(Guid.NewGuid(), Now, DrugTestResult.Positive), "test")).IsOk);
        var task = Assert.Single((await _kit.ViewAsync(id)).OpenPoliceReports);

        fixture.Time.Advance(TimeSpan.FromDays(3));
        await _kit.SweepUntilAsync(id, v => v.EndHeld, "DR-16 exit held by the open police task");
        Assert.True((await _kit.Case(id).RecordPoliceReportAsync(new RecordPoliceReport(Guid.NewGuid(), task.Id, Now), "test")).IsOk);

        var view = await _kit.ViewAsync(id);
        Assert.Equal((RehabilitationStage.Completed, false, false), (view.Stage, view.UnderActiveControl, view.EndHeld));
    }

    [Fact]
    public async Task DR15_CommunityRehabilitation_FollowsSameRules()
    {
        await _kit.ImportAsync();
        var id = await _kit.EnrolAsync(Programme.CommunityRehabilitation);
        var report = (await _kit.Grains.Person(id).GetAsync())!.Deadlines.Single(d => d.Kind == DeadlineKind.RehabReport);
        Assert.Equal((RehabilitationTestKit.EndOfDay(Today.AddDays(15)), "DR-02"), (report.DueAt, report.Rule));

        var early = await _kit.Case(id).RecordDrugTestAsync(new RecordDrugTest(Guid.NewGuid(), Now, DrugTestResult.Negative), "test");
        Assert.Equal(OutcomeKind.Conflict, early.Kind);
        Assert.True((await _kit.Grains.Person(id).RecordReportAsync(Now, "test")).IsOk);
        Assert.True((await _kit.Case(id).SignRehabilitationAgreementAsync(new SignRehabilitationAgreement(Now), "test")).IsOk);
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await _kit.Case(id).RecordDrugTestAsync(new RecordDrugTest(Guid.NewGuid(), Now, DrugTestResult.Refused), "test")).IsOk);
        }

        var view = await _kit.ViewAsync(id);
        Assert.Equal((Programme.CommunityRehabilitation, RehabilitationStage.Active, Today.AddYears(3)), (view.Programme, view.Stage, view.EndsOn));
        Assert.Equal(["evaded-tests"], view.SeriousViolationReasons);
        Assert.Single(view.OpenPoliceReports);
    }

    [Fact]
    public async Task Rehabilitation_BadInput_IsRefusedNamingTheFieldAndChangesNothing()
    {
        await _kit.ImportAsync();
        var id = await _kit.EnrolActiveAsync(reportedAt: Now - TimeSpan.FromDays(40));
        var @case = _kit.Case(id);
        var before = await _kit.SnapshotAsync(id);

        (Outcome Outcome, OutcomeKind Kind, string Field)[] cases =
        [
            (await @case.RecordDrugTestAsync(new RecordDrugTest(Guid.Empty, Now, DrugTestResult.Negative), "test"), OutcomeKind.Invalid, "testId"),
            (await @case.RecordDrugTestAsync(new RecordDrugTest(Guid.NewGuid(), Now.AddDays(1), DrugTestResult.Negative), "test"), OutcomeKind.Invalid, "takenAt"),
            (await @case.RecordDrugTestAsync(new RecordDrugTest(Guid.NewGuid(), Now.AddDays(-100), DrugTestResult.Negative), "test"), OutcomeKind.Invalid, "takenAt"),
            (await @case.RecordDrugTestAsync(new RecordDrugTest(Guid.NewGuid(), Now, (DrugTestResult)7), "test"), OutcomeKind.Invalid, "result"),
            (await @case.RecordDrugTestAsync(new RecordDrugTest(Guid.NewGuid(), Now, DrugTestResult.Negative, "test:99.0"), "test"), OutcomeKind.NotFound, "scheduledTest"),
            (await @case.RecordRehabilitationAbsenceAsync(new RecordAbsence(Guid.NewGuid(), Today.AddDays(-2), Today.AddDays(-5), false), "test"), OutcomeKind.Invalid, "to"),
            (await @case.RecordRehabilitationAbsenceAsync(new RecordAbsence(Guid.NewGuid(), Today.AddDays(1), Today.AddDays(5), false), "test"), OutcomeKind.Invalid, "to"),
            (await @case.RecordRehabilitationAbsenceAsync(new RecordAbsence(Guid.NewGuid(), new DateOnly(1, 1, 1), Today, false), "test"), OutcomeKind.Invalid, "from"),
            (await @case.RecordRehabilitationAbsenceAsync(new RecordAbsence(Guid.NewGuid(), Today.AddDays(-100), Today.AddDays(-90), false), "test"), OutcomeKind.Invalid, "from"),
            (await @case.RecordRehabilitationAbsenceAsync(new RecordAbsence(Guid.Empty, Today, Today, false), "test"), OutcomeKind.Invalid, "absenceId"),
            (await @case.RecordRehabilitationDetentionAsync(new RecordDetention(Guid.NewGuid(), Now.AddDays(2)), "test"), OutcomeKind.Invalid, "detainedAt"),
            (await @case.RecordRehabilitationReleaseAsync(new RecordRelease(Guid.NewGuid(), Now), "test"), OutcomeKind.NotFound, "detentionId"),
            (await @case.RecordHelpActivityAsync(new RecordHelpActivity(Guid.NewGuid(), Now.AddDays(1)), "test"), OutcomeKind.Invalid, "at"),
            (await @case.RecordPoliceReportAsync(new RecordPoliceReport(Guid.NewGuid(), "police:9", Now), "test"), OutcomeKind.NotFound, "task"),
            (await @case.RecordPoliceReportAsync(new RecordPoliceReport(Guid.NewGuid(), " ", Now), "test"), OutcomeKind.Invalid, "task"),
            (await @case.SignRehabilitationAgreementAsync(new SignRehabilitationAgreement(Now.AddDays(-1)), "test"), OutcomeKind.Conflict, "signedAt"),
        ];

        for (var i = 0; i < cases.Length; i++)
        {
            Assert.True((cases[i].Kind, cases[i].Field) == (cases[i].Outcome.Kind, cases[i].Outcome.Field), $"case {i}: expected {cases[i].Kind} on {cases[i].Field}, got {cases[i].Outcome}");
        }

        Assert.Equal(before, await _kit.SnapshotAsync(id));
    }

    [Fact]
    public async Task Rehabilitation_SameIdSameContentSameAnswer_OtherContentConflictAndNothingChanged()
    {
        await _kit.ImportAsync();
        var id = await _kit.EnrolActiveAsync(reportedAt: Now - TimeSpan.FromDays(40));
        var @case = _kit.Case(id);
        var test = new RecordDrugTest(Guid.NewGuid(), Now, DrugTestResult.Negative);
        var absence = new RecordAbsence(Guid.NewGuid(), Today.AddDays(-10), Today.AddDays(-5), false);

        Assert.True((await @case.RecordDrugTestAsync(test, "test")).IsOk);
        Assert.True((await @case.RecordRehabilitationAbsenceAsync(absence, "test")).IsOk);
        var after = await _kit.SnapshotAsync(id);
        Assert.True((await @case.RecordDrugTestAsync(test, "test")).IsOk);
        Assert.True((await @case.RecordRehabilitationAbsenceAsync(absence, "test")).IsOk);
        var otherTest = await @case.RecordDrugTestAsync(test with { Result = DrugTestResult.Positive }, "test");
        var otherAbsence = await @case.RecordRehabilitationAbsenceAsync(absence with { ReportedInAdvance = true }, "test");
        var overlapping = await @case.RecordRehabilitationAbsenceAsync(absence with { AbsenceId = Guid.NewGuid() }, "test");

        Assert.Equal((OutcomeKind.Conflict, "testId"), (otherTest.Kind, otherTest.Field));
        Assert.Equal((OutcomeKind.Conflict, "absenceId"), (otherAbsence.Kind, otherAbsence.Field));
        Assert.Equal((OutcomeKind.Conflict, "absence-overlaps"), (overlapping.Kind, overlapping.Problem));
        Assert.Equal(after, await _kit.SnapshotAsync(id));
        var view = await _kit.ViewAsync(id);
        Assert.Equal((1, 1, 6), (view.TestsTaken, view.UnauthorisedAbsences, view.UnauthorisedDays));
    }

    [Fact]
    public async Task Rehabilitation_CorrectionSubject_IsNotARehabilitationCase()
    {
        await _kit.ImportAsync();
        var id = new PersonId(Guid.NewGuid());
        await _kit.Grains.Person(id).EnrolAsync(new Enrolment(_kit.Grid.District, "对象", Gender.Male, RehabilitationTestKit.Home, Programme.CommunityCorrection,
            SentenceType.Probation, null, Today, null, null), "test");

        var outcome = await _kit.Case(id).RecordHelpActivityAsync(new RecordHelpActivity(Guid.NewGuid(), Now), "test");

        Assert.Equal((OutcomeKind.Conflict, "programme"), (outcome.Kind, outcome.Field));
        Assert.Null(await _kit.Case(id).GetRehabilitationCaseAsync());
        var stranger = await _kit.Case(new PersonId(Guid.NewGuid())).RecordHelpActivityAsync(new RecordHelpActivity(Guid.NewGuid(), Now), "test");
        Assert.Equal((OutcomeKind.NotFound, "not-enrolled"), (stranger.Kind, stranger.Problem));
    }
}
