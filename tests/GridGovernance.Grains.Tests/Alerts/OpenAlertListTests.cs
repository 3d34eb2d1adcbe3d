using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests.Alerts;

/// <summary>A cell lists its unresolved alerts with their level from memory, for the alert list endpoint.</summary>
[Collection(GrainCluster.Name)]
public sealed class OpenAlertListTests(GrainClusterFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private IGrainFactory Grains => fixture.Grains;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    [Fact]
    public async Task OpenAlerts_ListsRaisedAndAcknowledgedAlertsWithTheirLevel_AndDropsResolvedOnes()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var property = Grains.Property(new PropertyId(Guid.NewGuid()));
        Assert.True((await property.RegisterAsync(new RegisterProperty(grid.District, "石岐告警路2号", TestGrid.Centre(1, 0), new Landlord("房东", "13800000000"), RiskGrade.Orange, Now - TimeSpan.FromDays(8)), "test")).IsOk);
        var summary = (await property.GetAsync())!;
        var key = AlertKeys.For(new EntityRef(EntityKind.RentalProperty, summary.Id.Value), summary.Deadlines.Single(d => d.Kind == DeadlineKind.Visit).Id);
        Assert.Empty(await Grains.Cell(grid.A2).GetOpenAlertsAsync());

        await Grains.Cell(grid.A2).SweepAsync();
        var open = await Eventually.ReturnsAsync(() => Grains.Cell(grid.A2).GetOpenAlertsAsync().AsTask(), a => a.Count == 1, Wait, "the yellow card in the cell's list");
        Assert.Equal(new OpenAlert(key, AlertLevel.Yellow), Assert.Single(open));

        await Grains.Alert(key).AcknowledgeAsync("community-admin:test", "on it");
        await Grains.Alert(key).EscalateAsync("test", "still overdue");
        Assert.Equal(new OpenAlert(key, AlertLevel.Red), Assert.Single(await Grains.Cell(grid.A2).GetOpenAlertsAsync()));
        Assert.Empty(await Grains.Cell(grid.A1).GetOpenAlertsAsync());

        var visit = await property.RecordVisitAsync(new VisitCommand(Guid.NewGuid(), new WorkerId(Guid.NewGuid()), TestGrid.Centre(1, 0), 10, Now, null), "worker");
        Assert.True(visit.Outcome.IsOk, visit.Outcome.Detail);
        await Eventually.ReturnsAsync(() => Grains.Cell(grid.A2).GetOpenAlertsAsync().AsTask(), a => a.Count == 0, Wait, "resolved by the visit, gone from the list");
    }
}
