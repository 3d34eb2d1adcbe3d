using System.Globalization;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests.Supervision;

/// <summary>Drug rehabilitation cases run for months and years of simulated time, sweeping the cell every month.</summary>
[Collection(ScenarioCluster.Name)]
public sealed class RehabilitationScenarioTests(ScenarioClusterFixture fixture)
{
    private readonly RehabilitationTestKit _kit = new(fixture);

    private DateTimeOffset Now => _kit.Now;

    [Fact]
    public async Task DR08_ThreeMissedTests_FlagsSeriousViolationAndCreatesPoliceReportTask()
    {
        await _kit.ImportAsync();
        var id = await _kit.EnrolActiveAsync();

        for (var missed = 1; missed <= 3; missed++)
        {
            var due = (await _kit.ViewAsync(id)).NextTest!;
            Assert.Null((await _kit.ViewAsync(id)).SeriousViolationAt);
            fixture.Time.Advance(due.DueAt - Now + TimeSpan.FromHours(1));
            var count = missed;
            await _kit.SweepUntilAsync(id, v => v.MissedTests == count, $"test {missed} missed");
        }

        var view = await _kit.SweepUntilAsync(id, v => v.SeriousViolationAt is not null, "DR-08 flag");
        Assert.Equal(["evaded-tests"], view!.SeriousViolationReasons);
        var task = Assert.Single(view.OpenPoliceReports);
        Assert.Equal(("DR-09", DeadlineKind.PoliceReport), (task.Rule, task.Kind));
        Assert.Equal(-15, view.PointsTotal);
    }

    /// <summary>
    /// Two people from the same day for 37 monthly steps: A takes every scheduled test and leaves dynamic control at
    /// the end (DR-16); B misses the first three tests of year 2 (DR-08), is reported (DR-09) and is held at the end.
    /// </summary>
    [Fact]
    public async Task DR18_DR08_DR16_ThreeYearScenario_MonthlySweeps()
    {
        await _kit.ImportAsync();
        var start = Now;
        var startDay = _kit.Today;
        var a = await _kit.EnrolActiveAsync();
        var b = await _kit.EnrolActiveAsync();
        int[] skippedByB = [13, 14, 15];
        var dueMonthsOfA = new List<int>();
        DateTimeOffset? flaggedAt = null;

        for (var month = 1; month <= 37; month++)
        {
            fixture.Time.Advance(start.AddMonths(month) - Now);
            await _kit.SweepAllPassedAsync(a, $"month {month}, A");
            await _kit.SweepAllPassedAsync(b, $"month {month}, B");
            foreach (var person in new[] { a, b })
            {
                Assert.True((await _kit.VisitAsync(person)).Outcome.IsOk, $"month {month}: visit");
                var view = await _kit.ViewAsync(person);
                if (view.NextTest is not { Status: DeadlineStatus.Pending } next || next.DueAt > Now + TimeSpan.FromDays(1))
                {
                    continue;
                }

                var number = int.Parse(next.Id[5..next.Id.IndexOf('.', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
                if (person == a)
                {
                    dueMonthsOfA.Add(MonthsBetween(startDay, DateOnly.FromDateTime(next.DueAt.ToOffset(TimeSpan.FromHours(8)).AddTicks(-1).DateTime)));
                }

                if (person == b && skippedByB.Contains(number))
                {
                    continue;
                }

                Assert.True((await _kit.Case(person).RecordDrugTestAsync(new RecordDrugTest(Guid.NewGuid(), Now, DrugTestResult.Negative), "test")).IsOk, $"month {month}: test {number}");
            }

            var viewB = await _kit.ViewAsync(b);
            if (flaggedAt is null && viewB.SeriousViolationAt is { } at)
            {
                // The third missed test (year 2's third, due month 18) is judged at the month-19 sweep.
                Assert.Equal((19, 3, 0), (month, viewB.MissedTests, viewB.RefusedTests));
                flaggedAt = at;
                var task = Assert.Single(viewB.OpenPoliceReports);
                Assert.True((await _kit.Case(b).RecordPoliceReportAsync(new RecordPoliceReport(Guid.NewGuid(), task.Id, Now), "test")).IsOk);
            }

            var viewA = await _kit.ViewAsync(a);
            Assert.Equal(month >= 36 ? RehabilitationStage.Completed : RehabilitationStage.Active, viewA.Stage);
            Assert.Equal(0, viewA.MissedTests);
        }

        Assert.NotNull(flaggedAt);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 18, 20, 22, 24, 27, 30, 33], dueMonthsOfA);

        var finalA = await _kit.ViewAsync(a);
        Assert.Equal((21, 0, false, startDay.AddYears(3)), (finalA.TestsTaken, finalA.PointsTotal - 21 * 5, finalA.UnderActiveControl, finalA.EndsOn));
        var personA = (await _kit.Grains.Person(a).GetAsync())!;
        Assert.DoesNotContain(personA.Deadlines, d => d.Status is DeadlineStatus.Pending or DeadlineStatus.Missed);

        var finalB = await _kit.ViewAsync(b);
        Assert.Equal((RehabilitationStage.Active, true, 18, 3), (finalB.Stage, finalB.EndHeld, finalB.TestsTaken, finalB.MissedTests));
        Assert.True(finalB.UnderActiveControl);
    }

    private static int MonthsBetween(DateOnly start, DateOnly day) => (day.Year - start.Year) * 12 + day.Month - start.Month;
}
