using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.CommandCentre;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests.Alerts;

/// <summary>HL-06: yellow when a deadline passes, red when still overdue after the reminder period or after N yellows.</summary>
[Collection(GrainCluster.Name)]
public sealed class CardLadderTests(GrainClusterFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private IGrainFactory Grains => fixture.Grains;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    [Fact]
    public async Task HL06_YellowCardStillOverdueAfterTheReminderPeriod_TurnsRed_AndTheAggregatesCountIt()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var (property, key) = await OverduePropertyAsync(grid);
        var yellow = await Eventually.ReturnsAsync(() => Grains.Alert(key).GetAsync().AsTask(), a => a is not null, Wait, "the yellow card");
        Assert.Equal((AlertLevel.Yellow, AlertStatus.Open), (yellow!.Level, yellow.Status));

        // The reminder period is 2 working days; 12 days cover any weekend or holiday (Golden Week) in between.
        fixture.Time.Advance(TimeSpan.FromDays(12));
        await Grains.Cell(grid.A2).SweepAsync();

        var red = await Eventually.ReturnsAsync(() => Grains.Alert(key).GetAsync().AsTask(), a => a!.Level == AlertLevel.Red, Wait, "the card turned red");
        Assert.NotNull(red!.RedAt);
        await Eventually.ReturnsAsync(() => Grains.Cell(grid.A2).GetSummaryAsync().AsTask(), s => s!.RedAlerts == 1, Wait, "the cell counts the red card");
        await Eventually.ReturnsAsync(() => Grains.District(grid.District).GetOverviewAsync().AsTask(),
            o => o.Communities.Single(c => c.Code == grid.CommunityA).RedAlerts == 1, Wait, "the district overview counts the red card");

        await VisitAsync(property);
        var resolved = await Eventually.ReturnsAsync(() => Grains.Alert(key).GetAsync().AsTask(), a => a!.Status == AlertStatus.Resolved, Wait, "resolved by the visit");
        Assert.False(resolved!.ResolvedOnTime);
        await Eventually.ReturnsAsync(() => Grains.Cell(grid.A2).GetSummaryAsync().AsTask(), s => s!.RedAlerts == 0 && s.OpenAlerts == 0, Wait, "the cell's counts back to zero");

        // Closed late this month: the community's on-time rate (from memory) is 0.
        var community = await Eventually.ReturnsAsync(() => Grains.District(grid.District).GetOverviewAsync().AsTask(),
            o => o.Communities.Single(c => c.Code == grid.CommunityA).Alerts?.Closed == 1, Wait, "the community counts the late closure");
        var late = community.Communities.Single(c => c.Code == grid.CommunityA).Alerts!;
        Assert.Equal((1, 0, 0.0), (late.Closed, late.ClosedOnTime, late.OnTimeRate));
    }

    [Fact]
    public async Task HL06_ResolvedWithinTheReminderPeriod_StaysYellowAndCountsAsOnTime()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var (property, key) = await OverduePropertyAsync(grid);
        await Eventually.ReturnsAsync(() => Grains.Alert(key).GetAsync().AsTask(), a => a is not null, Wait, "the yellow card");
        var month = AlertTally.MonthOf(Now);
        var open = await Eventually.ReturnsAsync(() => Grains.Community(grid.CommunityA).GetOverviewAsync().AsTask(),
            o => o!.Overdue == 1 && o.Alerts?.Raised == 1, Wait, "the community counts the overdue property and the raised card");
        Assert.Equal(new AlertTally(month, 1, 0, 0), open!.Alerts);
        Assert.Null(open.Alerts!.OnTimeRate);

        await VisitAsync(property);
        var closed = await Eventually.ReturnsAsync(() => Grains.District(grid.District).GetOverviewAsync().AsTask(),
            o => o.Communities.Single(c => c.Code == grid.CommunityA) is { Overdue: 0, Alerts.Closed: 1 }, Wait, "the district sees it closed on time");
        Assert.Equal(new AlertTally(month, 1, 1, 1), closed.Communities.Single(c => c.Code == grid.CommunityA).Alerts);
        Assert.Equal(1.0, closed.Communities.Single(c => c.Code == grid.CommunityA).Alerts!.OnTimeRate);
        fixture.Time.Advance(TimeSpan.FromDays(7));
        await Grains.Cell(grid.A2).SweepAsync();

        var alert = await Eventually.ReturnsAsync(() => Grains.Alert(key).GetAsync().AsTask(), a => a!.Status == AlertStatus.Resolved, Wait, "resolved");
        Assert.Equal((AlertLevel.Yellow, true), (alert!.Level, alert.ResolvedOnTime));
        Assert.DoesNotContain((await property.GetAsync())!.Deadlines, d => d.Id == "escalate:" + alert.Spec.DeadlineId && d.Status == DeadlineStatus.Pending);
    }

    [Fact]
    public async Task HL06_AfterThreeYellowsInTheWindow_TheNextCardStartsRed()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var (property, _) = await OverduePropertyAsync(grid);
        var id = (await property.GetAsync())!.Id;
        var levels = new List<AlertLevel>();
        for (var card = 0; card < 4; card++)
        {
            var missed = await Eventually.ReturnsAsync(() => property.GetAsync().AsTask(), p => p!.Deadlines.Any(d => d.Kind == DeadlineKind.Visit && d.Status == DeadlineStatus.Missed), Wait, $"visit {card} missed");
            var visit = missed!.Deadlines.Single(d => d.Kind == DeadlineKind.Visit && d.Status == DeadlineStatus.Missed);
            levels.Add((await Grains.Alert(AlertKeys.For(new EntityRef(EntityKind.RentalProperty, id.Value), visit.Id)).GetAsync())!.Level);
            await VisitAsync(property);
            fixture.Time.Advance(TimeSpan.FromDays(8)); // ORANGE: visits every 7 days, so the next one is missed too
            await Grains.Cell(grid.A2).SweepAsync();
        }

        Assert.Equal([AlertLevel.Yellow, AlertLevel.Yellow, AlertLevel.Yellow, AlertLevel.Red], levels);
    }

    [Fact]
    public async Task Alert_OpenThenAcknowledgedThenResolved_EachStepOnceAndAResolvedAlertStaysResolved()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var (_, key) = await OverduePropertyAsync(grid);
        var alert = Grains.Alert(key);
        await Eventually.ReturnsAsync(() => alert.GetAsync().AsTask(), a => a is not null, Wait, "the card");

        var acknowledged = await alert.AcknowledgeAsync("supervisor:王", "已安排上门");
        var again = await alert.AcknowledgeAsync("supervisor:李", null);
        var resolved = await alert.ResolveAsync("supervisor:王", "已处理");
        var afterwards = await alert.AcknowledgeAsync("supervisor:李", null);

        Assert.Equal((AlertStatus.Acknowledged, "supervisor:王"), (acknowledged!.Status, acknowledged.AcknowledgedBy));
        Assert.Equal(acknowledged, again);
        Assert.Equal(AlertStatus.Resolved, resolved!.Status);
        Assert.Equal(AlertStatus.Resolved, afterwards!.Status);
        Assert.Null(await Grains.Alert(key + "-never").AcknowledgeAsync("x", null));
        await Eventually.ReturnsAsync(() => Grains.Cell(grid.A2).GetSummaryAsync().AsTask(), s => s!.OpenAlerts == 0, Wait, "the cell no longer counts it");
    }

    private async Task<(IRentalPropertyGrain Property, string Key)> OverduePropertyAsync(TestGrid grid)
    {
        var property = Grains.Property(new PropertyId(Guid.NewGuid()));
        Assert.True((await property.RegisterAsync(new RegisterProperty(grid.District, "石岐卡片路1号", TestGrid.Centre(1, 0), new Landlord("房东", "13800000000"), RiskGrade.Orange, Now - TimeSpan.FromDays(8)), "test")).IsOk);
        var summary = (await property.GetAsync())!;
        var visit = summary.Deadlines.Single(d => d.Kind == DeadlineKind.Visit);
        await Grains.Cell(grid.A2).SweepAsync();
        return (property, AlertKeys.For(new EntityRef(EntityKind.RentalProperty, summary.Id.Value), visit.Id));
    }

    private async Task VisitAsync(IRentalPropertyGrain property)
    {
        var result = await property.RecordVisitAsync(new VisitCommand(Guid.NewGuid(), new WorkerId(Guid.NewGuid()), TestGrid.Centre(1, 0), 10, Now, null), "worker");
        Assert.True(result.Outcome.IsOk, result.Outcome.Detail);
    }
}
