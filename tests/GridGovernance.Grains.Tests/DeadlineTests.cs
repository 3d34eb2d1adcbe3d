using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests;

/// <summary>Deadlines owned by entities, indexed by their cell, judged with the fake clock.</summary>
[Collection(GrainCluster.Name)]
public sealed class DeadlineTests(GrainClusterFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private IGrainFactory Grains => fixture.Grains;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    [Fact]
    public async Task RH09_GreenProperty_NextVisitDue21DaysAfterLastVisit()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var lastVisit = Now - TimeSpan.FromDays(3);

        var property = await RegisterAsync(grid, RiskGrade.Green, lastVisit);

        var visit = Assert.Single((await property.GetAsync())!.Deadlines, d => d.Kind == DeadlineKind.Visit);
        Assert.Equal(lastVisit + TimeSpan.FromDays(21), visit.DueAt);
        Assert.Equal("RH-09", visit.Rule);
    }

    [Theory]
    [InlineData(RiskGrade.Yellow, 14)]
    [InlineData(RiskGrade.Orange, 7)]
    [InlineData(RiskGrade.Red, 7)]
    public async Task RH09_VisitInterval_FollowsRiskGrade(RiskGrade grade, int days)
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);

        var property = await RegisterAsync(grid, grade, Now);

        Assert.Equal(Now + TimeSpan.FromDays(days), (await property.GetAsync())!.Deadlines.Single(d => d.Kind == DeadlineKind.Visit).DueAt);
    }

    [Fact]
    public async Task RH02_TenancyBeforeSpringFestival_ReportDueThreeWorkingDaysLaterSkippingTheHoliday()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var property = await RegisterAsync(grid, RiskGrade.Green, Now);
        // Friday 2026-02-13 (Beijing), the eve of the Spring Festival break: the working days after it come from
        // the calendar data (a make-up Saturday, then the break), so the report falls due after the holiday.
        var moveIn = new DateTimeOffset(2026, 2, 13, 15, 0, 0, TimeSpan.FromHours(8));
        var expected = Calendar.WorkingDayCalendar.China.EndOfWorkingDaysAfter(moveIn, 3);

        var outcome = await property.RegisterTenancyAsync(new RegisterTenancy(Guid.NewGuid(), "租客", IdType.ResidentIdentityCard, "999999199001011234", moveIn), "test");

        Assert.True(outcome.IsOk, outcome.Detail);
        var report = Assert.Single((await property.GetAsync())!.Deadlines, d => d.Kind == DeadlineKind.TenantReport);
        Assert.Equal(expected, report.DueAt);
        Assert.True(report.DueAt > new DateTimeOffset(2026, 2, 24, 0, 0, 0, TimeSpan.FromHours(8)), $"due {report.DueAt} should fall after the Spring Festival break");
        Assert.Equal("RH-02", report.Rule);
    }

    [Fact]
    public async Task RH01_TenancyWithoutIdNumber_IsInvalidNamingTheFieldAndChangesNothing()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var property = await RegisterAsync(grid, RiskGrade.Green, Now);

        var outcome = await property.RegisterTenancyAsync(new RegisterTenancy(Guid.NewGuid(), "租客", IdType.ResidentIdentityCard, " ", Now), "test");

        Assert.Equal((OutcomeKind.Invalid, "idNumber"), (outcome.Kind, outcome.Field));
        Assert.Equal(0, (await property.GetAsync())!.ActiveTenancies);
    }

    [Fact]
    public async Task CC04_CorrectionSubject_ReportDueEndOfTenthDayAfterJudgment()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var person = Grains.Person(new PersonId(Guid.NewGuid()));

        await person.EnrolAsync(new Enrolment(grid.District, "对象", Gender.Male, TestGrid.Centre(1, 0), Programme.CommunityCorrection,
            SentenceType.Probation, null, new DateOnly(2026, 3, 2), null, null), "test");

        var summary = (await person.GetAsync())!;
        var report = summary.Deadlines.Single(d => d.Kind == DeadlineKind.CorrectionReport);
        Assert.Equal(new DateTimeOffset(2026, 3, 13, 0, 0, 0, TimeSpan.FromHours(8)), report.DueAt);
        Assert.Equal("CC-04", report.Rule);
        Assert.Equal(SupervisionLevel.Strict, summary.Level); // CC-11: new subjects start at 严管
        Assert.Equal(Now + TimeSpan.FromDays(7), summary.Deadlines.Single(d => d.Kind == DeadlineKind.Visit).DueAt);
    }

    [Fact]
    public async Task DR02_DrugRehabilitation_ReportDueEndOfFifteenthDayAfterDecision()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var person = Grains.Person(new PersonId(Guid.NewGuid()));

        await person.EnrolAsync(new Enrolment(grid.District, "人员", Gender.Female, TestGrid.Centre(0, 1), Programme.CommunityDrugRehabilitation,
            null, null, new DateOnly(2026, 3, 2), null, null), "test");

        var report = (await person.GetAsync())!.Deadlines.Single(d => d.Kind == DeadlineKind.RehabReport);
        Assert.Equal(new DateTimeOffset(2026, 3, 18, 0, 0, 0, TimeSpan.FromHours(8)), report.DueAt);
        Assert.Equal("DR-02", report.Rule);
    }

    [Fact]
    public async Task PassedDeadline_CellSweep_RaisesExactlyOneAlertWithDeterministicKey()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var property = await RegisterAsync(grid, RiskGrade.Orange, Now - TimeSpan.FromDays(8)); // visit was due a day ago
        var id = (await property.GetAsync())!.Id;
        var visit = (await property.GetAsync())!.Deadlines.Single(d => d.Kind == DeadlineKind.Visit);
        var key = AlertKeys.For(new EntityRef(EntityKind.RentalProperty, id.Value), visit.Id);

        await Grains.Cell(grid.A2).SweepAsync();
        var alert = await Eventually.ReturnsAsync(() => Grains.Alert(key).GetAsync().AsTask(), a => a is not null, Wait, $"alert {key}");
        await Eventually.ReturnsAsync(() => property.GetAsync().AsTask(), p => p!.Deadlines.Any(d => d.Status == DeadlineStatus.Missed), Wait, "visit deadline marked missed");
        await Grains.Cell(grid.A2).SweepAsync();
        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        await Grains.Cell(grid.A2).SweepAsync();

        Assert.Equal((AlertLevel.Yellow, AlertStatus.Open, visit.DueAt), (alert!.Level, alert.Status, alert.Spec.DueAt));
        var summary = await Eventually.ReturnsAsync(() => Grains.Cell(grid.A2).GetSummaryAsync().AsTask(), s => s!.OpenAlerts == 1, Wait, "one open alert on the cell");
        Assert.Equal(1, summary!.OpenAlerts);
        Assert.Equal(1, (await property.GetAsync())!.Deadlines.Count(d => d.Status == DeadlineStatus.Missed));
        await Eventually.ReturnsAsync(() => Grains.District(grid.District).GetOverviewAsync().AsTask(), o => o.Communities.Single(c => c.Code == grid.CommunityA).OpenAlerts == 1, Wait, "the alert in the community overview");
    }

    [Fact]
    public async Task AlreadyPassedDeadline_OfANewMember_IsSweptAtOnce_NotAfterTheResendPause()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        // A record migrated overdue: nothing calls SweepAsync; the cell's own timer must go at once (the live map
        // shows the card within seconds), not after the 30 s pause meant for members already told.
        var property = await RegisterAsync(grid, RiskGrade.Orange, Now - TimeSpan.FromDays(8));
        var summary = (await property.GetAsync())!;
        var key = AlertKeys.For(new EntityRef(EntityKind.RentalProperty, summary.Id.Value), summary.Deadlines.Single(d => d.Kind == DeadlineKind.Visit).Id);

        fixture.Time.Advance(TimeSpan.FromSeconds(1));

        await Eventually.ReturnsAsync(() => Grains.Alert(key).GetAsync().AsTask(), a => a is not null, Wait, $"alert {key} without an explicit sweep");
    }

    [Fact]
    public async Task FutureDeadline_CellSweep_RaisesNothing_UntilTheClockPassesIt()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var property = await RegisterAsync(grid, RiskGrade.Orange, Now);
        var visit = (await property.GetAsync())!.Deadlines.Single(d => d.Kind == DeadlineKind.Visit);
        var key = AlertKeys.For(new EntityRef(EntityKind.RentalProperty, (await property.GetAsync())!.Id.Value), visit.Id);

        Assert.Equal(0, await Grains.Cell(grid.A2).SweepAsync());
        Assert.Null(await Grains.Alert(key).GetAsync());

        // The cell's timer follows the injected clock, so advancing it may already fire the sweep.
        fixture.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        await Grains.Cell(grid.A2).SweepAsync();
        await Eventually.ReturnsAsync(() => Grains.Alert(key).GetAsync().AsTask(), a => a is not null, Wait, $"alert {key}");
    }

    [Fact]
    public async Task CellIndex_HoldsEachMembersEarliestPendingDeadline()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);

        await RegisterAsync(grid, RiskGrade.Green, Now);
        await RegisterAsync(grid, RiskGrade.Orange, Now);

        var summary = (await Grains.Cell(grid.A2).GetSummaryAsync())!;
        Assert.Equal((2, 2, Now + TimeSpan.FromDays(7)), (summary.Properties, summary.PendingDeadlines, summary.NextDue));
    }

    private async Task<IRentalPropertyGrain> RegisterAsync(TestGrid grid, RiskGrade grade, DateTimeOffset lastVisited)
    {
        var property = Grains.Property(new PropertyId(Guid.NewGuid()));
        var outcome = await property.RegisterAsync(new RegisterProperty(grid.District, "石岐测试路1号", TestGrid.Centre(1, 0), new Landlord("房东", "13800000000"), grade, lastVisited), "test");
        Assert.True(outcome.IsOk, outcome.Detail);
        return property;
    }
}
