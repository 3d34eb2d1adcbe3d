using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests.Supervision;

/// <summary>A correction case run day by day through its term and its resettlement on the scenario cluster's clock.</summary>
[Collection(ScenarioCluster.Name)]
public sealed class CorrectionScenarioTests(ScenarioClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task CC33_RP01_RP05_ACompliantSubject_StepsDown_EntersPreRelease_IsDischarged_AndResettlementClosesAfterThreeYears()
    {
        var subjects = new CorrectionSubjects(Grains, fixture.Time);
        await subjects.ImportAsync();
        var start = subjects.Today;
        var endsOn = start.AddDays(100);
        var id = await subjects.ActiveAsync(endsOn: endsOn);
        var c = Grains.CorrectionCase(id);
        var levels = new List<SupervisionLevel>();
        var documentsMet = false;

        // The term: every duty and visit on time, every month assessed 良好.
        for (var day = 0; day <= 101; day++)
        {
            var today = subjects.Today;
            var view = await subjects.CaseAsync(id);
            if (view.Stage is "Resettlement")
            {
                break;
            }

            if (today.Day == 1 && day > 0)
            {
                var month = today.AddMonths(-1);
                CorrectionSubjects.Ok(await c.RecordAssessmentAsync(new MonthlyAssessment(month.Year, month.Month, AssessmentGrade.Good), "officer"));
            }

            foreach (var duty in view.Deadlines.Where(d => d.Kind is DeadlineKind.ReportingDuty or DeadlineKind.WrittenReport && d.Status == DeadlineStatus.Pending && d.DueAt - subjects.Now <= TimeSpan.FromDays(1)))
            {
                var kind = duty.Kind == DeadlineKind.ReportingDuty ? DutyKind.InPersonReport : DutyKind.WrittenReport;
                CorrectionSubjects.Ok(await c.RecordDutyAsync(new DutyReport(Guid.NewGuid(), kind, subjects.Now), "officer"));
            }

            await VisitIfDueAsync(subjects, id);
            if (view.Stage == "PreRelease")
            {
                foreach (var document in Enum.GetValues<ReleaseDocument>())
                {
                    CorrectionSubjects.Ok(await c.RecordReleaseDocumentAsync(document, "officer"));
                }

                documentsMet |= (await subjects.CaseAsync(id)).Deadlines.Any(d => d.Kind == DeadlineKind.ReleaseDocuments && d.Status == DeadlineStatus.Met);
            }

            levels.Add((await subjects.CaseAsync(id)).Level);
            await StepAsync(subjects, id, TimeSpan.FromDays(1));
        }

        var discharged = await Eventually.ReturnsAsync(() => subjects.CaseAsync(id), v => v.Stage == "Resettlement", TimeSpan.FromSeconds(10), "discharge at the end of the term");
        Assert.Contains(SupervisionLevel.Ordinary, levels);
        Assert.True(levels.TakeWhile(l => l == SupervisionLevel.Strict).Count() >= 59, "CC-11: strict for the first two months");
        Assert.Empty(discharged.Sanctions);
        Assert.DoesNotContain(discharged.Deadlines, d => d.Status is DeadlineStatus.Missed or DeadlineStatus.MetLate);
        Assert.True(documentsMet, "CC-33: pre-release planned the release documents and recording all three met them");
        var visit = Assert.Single(discharged.Deadlines, d => d.Kind == DeadlineKind.Visit && d.Status == DeadlineStatus.Pending);
        Assert.Equal("RP-05", visit.Rule);
        Assert.InRange(visit.DueAt - subjects.Now, TimeSpan.Zero, TimeSpan.FromDays(7));
        Assert.Single(discharged.Deadlines, d => d.Kind == DeadlineKind.ProgrammeEnd && d.Rule == "RP-01");
        var refused = await c.RequestTripAsync(new TripRequest(Guid.NewGuid(), "广州", subjects.Today.AddDays(1), subjects.Today.AddDays(2), "探亲"), "officer");
        Assert.Equal((OutcomeKind.Conflict, "case-closed"), (refused.Kind, refused.Problem));

        // Resettlement: the first home visit within the week (RP-05), then every 90 days for three years; then the case closes.
        await VisitIfDueAsync(subjects, id, within: TimeSpan.FromDays(7));
        for (var step = 0; step < 40; step++)
        {
            await StepAsync(subjects, id, TimeSpan.FromDays(30));
            if ((await subjects.CaseAsync(id)).Stage == "Closed")
            {
                break;
            }

            await VisitIfDueAsync(subjects, id, within: TimeSpan.FromDays(30));
        }

        var closed = await Eventually.ReturnsAsync(() => Grains.Person(id).GetAsync().AsTask(), p => p!.Stage == "Closed", TimeSpan.FromSeconds(10), "resettlement closed");
        Assert.False(closed!.UnderActiveControl);
        Assert.True(LocalDate(subjects.Now) >= endsOn.AddYears(3), "RP-01: resettlement lasts three years after the term");
        Assert.DoesNotContain(closed.Deadlines, d => d.Status is DeadlineStatus.Pending or DeadlineStatus.Missed);
    }

    private async Task StepAsync(CorrectionSubjects subjects, PersonId id, TimeSpan by)
    {
        fixture.Time.Advance(by);
        await Grains.Cell(subjects.Grid.A2).SweepAsync();
        // The sweep is one-way: wait until the person has judged everything that passed.
        await Eventually.ReturnsAsync(() => Grains.Person(id).GetAsync().AsTask(),
            p => !p!.Deadlines.Any(d => d.Status == DeadlineStatus.Pending && d.DueAt <= subjects.Now), TimeSpan.FromSeconds(10), $"person {id} swept");
    }

    private async Task VisitIfDueAsync(CorrectionSubjects subjects, PersonId id, TimeSpan? within = null)
    {
        var person = (await Grains.Person(id).GetAsync())!;
        if (person.Deadlines.Any(d => d.Kind == DeadlineKind.Visit && d.Status == DeadlineStatus.Pending && d.DueAt - subjects.Now <= (within ?? TimeSpan.FromDays(1))))
        {
            var result = await Grains.Person(id).RecordVisitAsync(new VisitCommand(Guid.NewGuid(), new WorkerId(Guid.NewGuid()), TestGrid.Centre(1, 0), 10, subjects.Now, null), "worker");
            Assert.True(result.Outcome.IsOk, result.Outcome.Detail);
        }
    }

    private static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(TimeSpan.FromHours(8)).DateTime);
}
