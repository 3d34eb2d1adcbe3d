using System.Diagnostics.Metrics;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Grains.Operations;
using GridGovernance.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace GridGovernance.Grains.Tests.Operations;

/// <summary>The meter GridGovernance: what the grains count once their state is stored.</summary>
[Collection(GrainCluster.Name)]
public sealed class GridMetricsTests(GrainClusterFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private IGrainFactory Grains => fixture.Grains;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    /// <summary>The silo's meter factory: the collectors see only this cluster's instruments.</summary>
    private IMeterFactory Meters => fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IMeterFactory>();

    [Fact]
    public async Task CheckIns_AreCountedByProximity_AndAReplayIsNotCountedAgain()
    {
        using var checkIns = new MetricCollector<long>(Meters, GridMetrics.MeterName, GridMetrics.CheckIns);
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var property = await RegisterAsync(grid, RiskGrade.Green, Now);
        var at = TestGrid.Centre(0, 0);
        var near = new VisitCommand(Guid.NewGuid(), new WorkerId(Guid.NewGuid()), at, 8, Now, null);

        Assert.True((await property.RecordVisitAsync(near, "worker:test")).Outcome.IsOk);
        Assert.Equal(Outcome.AlreadyApplied, (await property.RecordVisitAsync(near, "worker:test")).Outcome);
        await property.RecordVisitAsync(near with { VisitId = Guid.NewGuid(), Location = at with { Latitude = at.Latitude + 0.0009 }, AccuracyMetres = 10 }, "worker:test");
        await property.RecordVisitAsync(near with { VisitId = Guid.NewGuid(), AccuracyMetres = null }, "worker:test");

        var counted = checkIns.GetMeasurementSnapshot();
        Assert.Equal(3, counted.Count);
        Assert.All(counted, m => Assert.Equal((1L, "property"), (m.Value, (string?)m.Tags["entity"])));
        Assert.Equal(["near", "far", "unverifiable"], counted.Select(m => (string?)m.Tags["proximity"]));
    }

    [Fact]
    public async Task AMissedVisit_CountsTheRaisedCard_ItsDetectionLag_AndItsResolution()
    {
        using var transitions = new MetricCollector<long>(Meters, GridMetrics.MeterName, GridMetrics.AlertTransitions);
        using var lag = new MetricCollector<double>(Meters, GridMetrics.MeterName, GridMetrics.DeadlineLag);
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        // Orange: a visit every 7 days; last visited 8 days ago, so the visit has been due for a day.
        var property = await RegisterAsync(grid, RiskGrade.Orange, Now - TimeSpan.FromDays(8));
        var due = (await property.GetAsync())!.Deadlines.Single(d => d.Kind == DeadlineKind.Visit).DueAt;

        await Grains.Cell(grid.A1).SweepAsync();
        await transitions.WaitForMeasurementsAsync(1, Wait);
        await lag.WaitForMeasurementsAsync(1, Wait);
        await property.RecordVisitAsync(new VisitCommand(Guid.NewGuid(), new WorkerId(Guid.NewGuid()), TestGrid.Centre(0, 0), 8, Now, null), "worker:test");
        await transitions.WaitForMeasurementsAsync(2, Wait);

        var steps = transitions.GetMeasurementSnapshot().Select(m => ((string?)m.Tags["transition"], (string?)m.Tags["level"], m.Value));
        Assert.Equal([("raised", "yellow", 1L), ("resolved", "yellow", 1L)], steps);
        var judged = Assert.Single(lag.GetMeasurementSnapshot());
        Assert.Equal("duty", judged.Tags["kind"]);
        Assert.Equal((Now - due).TotalSeconds, judged.Value, precision: 3);
        Assert.True(judged.Value > 0, "the visit was overdue when the sweep judged it");
    }

    private async Task<IRentalPropertyGrain> RegisterAsync(TestGrid grid, RiskGrade grade, DateTimeOffset lastVisitedAt)
    {
        var property = Grains.Property(new PropertyId(Guid.NewGuid()));
        var outcome = await property.RegisterAsync(new RegisterProperty(grid.District, "石岐计量路1号", TestGrid.Centre(0, 0), new Landlord("房东", "13800000000"), grade, lastVisitedAt), "test");
        Assert.True(outcome.IsOk, outcome.Detail);
        return property;
    }
}
