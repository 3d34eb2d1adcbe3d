using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests;

/// <summary>Check-ins: idempotent by the phone's visit id, judged by location, completing the visit deadline.</summary>
[Collection(GrainCluster.Name)]
public sealed class CheckInTests(GrainClusterFixture fixture)
{
    private static readonly WorkerId Worker = new(Guid.NewGuid());

    private IGrainFactory Grains => fixture.Grains;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    [Fact]
    public async Task Visit_SameIdSameContent_ReturnsTheSameAnswerAndRecordsOnce()
    {
        var (property, location) = await RegisterAsync(RiskGrade.Green);
        var visit = new VisitCommand(Guid.NewGuid(), Worker, location, 8, Now, "ok");

        var first = await property.RecordVisitAsync(visit, "worker:test");
        fixture.Time.Advance(TimeSpan.FromMinutes(3));
        var replay = await property.RecordVisitAsync(visit, "worker:test");

        Assert.True(first.Outcome.IsOk, first.Outcome.Detail);
        // The same answer, marked as a replay (a batch sync reports it as a duplicate).
        Assert.Equal(first with { Outcome = Outcome.AlreadyApplied }, replay);
        Assert.Equal(first.RecordedAt, (await property.GetAsync())!.LastVisitedAt);
    }

    [Fact]
    public async Task Visit_SameIdOtherContent_IsAConflictAndChangesNothing()
    {
        var (property, location) = await RegisterAsync(RiskGrade.Green);
        var visitId = Guid.NewGuid();
        var first = await property.RecordVisitAsync(new VisitCommand(visitId, Worker, location, 8, Now, null), "worker:test");
        var before = await property.GetAsync();

        var conflict = await property.RecordVisitAsync(new VisitCommand(visitId, Worker, location, 8, Now, "different note"), "worker:test");

        Assert.True(first.Outcome.IsOk);
        Assert.Equal((OutcomeKind.Conflict, "visitId"), (conflict.Outcome.Kind, conflict.Outcome.Field));
        Assert.Equal(before, await property.GetAsync(), PropertySummaryComparer.Instance);
    }

    [Theory]
    [InlineData(0.0, 10.0, Proximity.Near)]
    [InlineData(0.0009, 10.0, Proximity.Far)]       // about 100 m north
    [InlineData(0.0009, 60.0, Proximity.Near)]      // 100 m off, but a 60 m fix reaches within 50 m
    [InlineData(0.0, 500.0, Proximity.Unverifiable)] // fix too coarse
    public async Task Visit_LocationJudgedAgainstRegisteredPointWithAccuracy(double northDegrees, double accuracy, Proximity expected)
    {
        var (property, location) = await RegisterAsync(RiskGrade.Green);

        var result = await property.RecordVisitAsync(new VisitCommand(Guid.NewGuid(), Worker, location with { Latitude = location.Latitude + northDegrees }, accuracy, Now, null), "worker:test");

        Assert.Equal(expected, result.Proximity);
    }

    [Fact]
    public async Task Visit_WithoutAccuracy_IsUnverifiable()
    {
        var (property, location) = await RegisterAsync(RiskGrade.Green);

        var result = await property.RecordVisitAsync(new VisitCommand(Guid.NewGuid(), Worker, location, null, Now, null), "worker:test");

        Assert.Equal(Proximity.Unverifiable, result.Proximity);
    }

    [Theory]
    [InlineData(double.NaN, 22.5, 5.0, "location")]
    [InlineData(113.4, 91.0, 5.0, "location")]
    [InlineData(113.4, 22.5, -1.0, "accuracyMetres")]
    public async Task Visit_BadInput_IsInvalidNamingTheFieldAndChangesNothing(double lon, double lat, double accuracy, string field)
    {
        var (property, _) = await RegisterAsync(RiskGrade.Green);
        var before = await property.GetAsync();

        var result = await property.RecordVisitAsync(new VisitCommand(Guid.NewGuid(), Worker, new GeoPoint(lon, lat), accuracy, Now, null), "worker:test");

        Assert.Equal((OutcomeKind.Invalid, field), (result.Outcome.Kind, result.Outcome.Field));
        Assert.Equal(before, await property.GetAsync(), PropertySummaryComparer.Instance);
    }

    [Fact]
    public async Task Visit_CompletesTheVisitDeadlineAndPlansTheNextFromTheGrade()
    {
        var (property, location) = await RegisterAsync(RiskGrade.Yellow);

        fixture.Time.Advance(TimeSpan.FromDays(2));
        var result = await property.RecordVisitAsync(new VisitCommand(Guid.NewGuid(), Worker, location, 5, Now, null), "worker:test");

        var deadlines = (await property.GetAsync())!.Deadlines.Where(d => d.Kind == DeadlineKind.Visit).ToList();
        Assert.Equal(Now + TimeSpan.FromDays(14), result.NextVisitDue);
        Assert.Contains(deadlines, d => d.Status == DeadlineStatus.Met && d.CompletedAt == Now);
        Assert.Single(deadlines, d => d.Status == DeadlineStatus.Pending && d.DueAt == result.NextVisitDue);
    }

    [Fact]
    public async Task Visit_AfterAMissedDeadline_CompletesItLateAndResolvesItsAlert()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var id = new PropertyId(Guid.NewGuid());
        var property = Grains.Property(id);
        var location = TestGrid.Centre(0, 1);
        await property.RegisterAsync(new RegisterProperty(grid.District, "B1 路", location, new Landlord("房东", "1"), RiskGrade.Orange, Now - TimeSpan.FromDays(9)), "test");
        var missed = (await property.GetAsync())!.Deadlines.Single(d => d.Kind == DeadlineKind.Visit);
        var key = AlertKeys.For(new EntityRef(EntityKind.RentalProperty, id.Value), missed.Id);
        await Grains.Cell(grid.B1).SweepAsync();
        await Eventually.ReturnsAsync(() => property.GetAsync().AsTask(), p => p!.Deadlines.Any(d => d.Status == DeadlineStatus.Missed), TimeSpan.FromSeconds(10), "the visit deadline to be missed");

        await property.RecordVisitAsync(new VisitCommand(Guid.NewGuid(), Worker, location, 5, Now, null), "worker:test");

        Assert.Equal(DeadlineStatus.MetLate, (await property.GetAsync())!.Deadlines.Single(d => d.Id == missed.Id).Status);
        Assert.Equal(AlertStatus.Resolved, (await Grains.Alert(key).GetAsync())!.Status);
        await Eventually.ReturnsAsync(() => Grains.Cell(grid.B1).GetSummaryAsync().AsTask(), s => s!.OpenAlerts == 0, TimeSpan.FromSeconds(10), "no open alert on the cell");
    }

    [Fact]
    public async Task Visit_TwoInTheSameInstant_EachPlansAPendingNextVisit()
    {
        var (property, location) = await RegisterAsync(RiskGrade.Green);

        await property.RecordVisitAsync(new VisitCommand(Guid.NewGuid(), Worker, location, 5, Now, "first"), "worker:a");
        await property.RecordVisitAsync(new VisitCommand(Guid.NewGuid(), Worker, location, 5, Now, "second"), "worker:b");

        var pending = Assert.Single((await property.GetAsync())!.Deadlines, d => d.Kind == DeadlineKind.Visit && d.Status == DeadlineStatus.Pending);
        Assert.Equal(Now + TimeSpan.FromDays(21), pending.DueAt);
    }

    [Fact]
    public async Task Visit_AfterTheEntityMovedCells_ResolvesTheAlertOnTheCellThatRaisedIt()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var id = new PropertyId(Guid.NewGuid());
        var property = Grains.Property(id);
        await property.RegisterAsync(new RegisterProperty(grid.District, "A1 路", TestGrid.Centre(0, 0), new Landlord("房东", "1"), RiskGrade.Orange, Now - TimeSpan.FromDays(9)), "test");
        await Grains.Cell(grid.A1).SweepAsync();
        await Eventually.ReturnsAsync(() => Grains.Cell(grid.A1).GetSummaryAsync().AsTask(), s => s!.OpenAlerts == 1, TimeSpan.FromSeconds(10), "the alert on A-1");
        await Eventually.ReturnsAsync(() => property.GetAsync().AsTask(), p => p!.Deadlines.Any(d => d.Status == DeadlineStatus.Missed), TimeSpan.FromSeconds(10), "the miss recorded");
        await property.MoveAsync(TestGrid.Centre(1, 1), "test");

        await property.RecordVisitAsync(new VisitCommand(Guid.NewGuid(), Worker, TestGrid.Centre(1, 1), 5, Now, null), "worker:test");

        await Eventually.ReturnsAsync(() => Grains.Cell(grid.A1).GetSummaryAsync().AsTask(), s => s!.OpenAlerts == 0, TimeSpan.FromSeconds(10), "no open alert left on A-1");
    }

    [Fact]
    public async Task Visit_ToMonitoredPerson_PlansNextFromSupervisionLevel()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var person = Grains.Person(new PersonId(Guid.NewGuid()));
        var home = TestGrid.Centre(1, 1);
        await person.EnrolAsync(new Enrolment(grid.District, "对象", Gender.Female, home, Programme.CommunityCorrection, SentenceType.Parole,
            SupervisionLevel.Ordinary, new DateOnly(2026, 1, 5), Now - TimeSpan.FromDays(40), null), "test");

        var result = await person.RecordVisitAsync(new VisitCommand(Guid.NewGuid(), Worker, home, 5, Now, null), "worker:test");

        Assert.Equal((Proximity.Near, Now + TimeSpan.FromDays(14)), (result.Proximity!.Value, result.NextVisitDue!.Value));
    }

    [Fact]
    public async Task Visit_UnknownProperty_IsNotFound()
    {
        var result = await Grains.Property(new PropertyId(Guid.NewGuid())).RecordVisitAsync(new VisitCommand(Guid.NewGuid(), Worker, new GeoPoint(113.4, 22.5), 5, Now, null), "worker:test");

        Assert.Equal(OutcomeKind.NotFound, result.Outcome.Kind);
    }

    private async Task<(IRentalPropertyGrain Property, GeoPoint Location)> RegisterAsync(RiskGrade grade)
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var property = Grains.Property(new PropertyId(Guid.NewGuid()));
        var location = TestGrid.Centre(0, 0);
        var outcome = await property.RegisterAsync(new RegisterProperty(grid.District, "测试路", location, new Landlord("房东", "1"), grade, Now), "test");
        Assert.True(outcome.IsOk, outcome.Detail);
        return (property, location);
    }

    /// <summary>Summaries hold lists, which records compare by reference.</summary>
    private sealed class PropertySummaryComparer : IEqualityComparer<PropertySummary?>
    {
        public static readonly PropertySummaryComparer Instance = new();

        public bool Equals(PropertySummary? x, PropertySummary? y) =>
            x is null || y is null ? x == y : x with { Deadlines = [] } == y with { Deadlines = [] } && x.Deadlines.SequenceEqual(y.Deadlines);

        public int GetHashCode(PropertySummary? obj) => obj?.Id.GetHashCode() ?? 0;
    }
}
