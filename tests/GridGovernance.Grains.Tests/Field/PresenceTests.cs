using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Field;
using GridGovernance.Grains.Calendar;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests.Field;

/// <summary>On-duty presence from heartbeats, and GR-10: a cell with workers and nobody on duty in duty hours raises one alert.</summary>
[Collection(GrainCluster.Name)]
public sealed class PresenceTests(GrainClusterFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private IGrainFactory Grains => fixture.Grains;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    [Fact]
    public async Task Heartbeat_PutsTheWorkerOnDutyForFifteenMinutes_ARetryIsAnsweredAsTheFirst_OffCellCountsForNothing()
    {
        AdvanceToNineOnAWorkingDay();
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var presence = Grains.CellPresence(grid.A1);
        var worker = "worker-" + Guid.NewGuid().ToString("N")[..8];
        var clientId = Guid.NewGuid().ToString();
        var first = Now;

        var recorded = await presence.RecordHeartbeatAsync(new Heartbeat(worker, clientId, TestGrid.Centre(0, 0), 12, first, OnCell: true), grid.CommunityA);

        Assert.Equal((grid.A1, true, first, first + TimeSpan.FromMinutes(15)), (recorded.Cell, recorded.OnCell, recorded.SeenAt, recorded.OnDutyUntil));
        var onDuty = Assert.Single((await presence.GetAsync()).OnDuty);
        Assert.Equal((worker, first, first, true), (onDuty.Worker, onDuty.Since, onDuty.LastSeen, onDuty.Near));

        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        var retried = await presence.RecordHeartbeatAsync(new Heartbeat(worker, clientId, TestGrid.Centre(0, 0), 12, Now, OnCell: true), grid.CommunityA);
        Assert.Equal(recorded, retried);
        Assert.Equal(first, Assert.Single((await presence.GetAsync()).OnDuty).LastSeen);

        var offCell = await presence.RecordHeartbeatAsync(new Heartbeat("visitor-" + worker, Guid.NewGuid().ToString(), TestGrid.Centre(0, 0), 12, Now, OnCell: false), grid.CommunityA);
        Assert.Equal((false, (DateTimeOffset?)null), (offCell.OnCell, offCell.OnDutyUntil));
        Assert.Single((await presence.GetAsync()).OnDuty);

        fixture.Time.Advance(TimeSpan.FromMinutes(11));
        var expired = await presence.GetAsync();
        Assert.Empty(expired.OnDuty);
        Assert.Equal(first, expired.LastSeen);
    }

    [Fact]
    public async Task GR10_NobodyOnDutyPastTheGrace_RaisesOneAlert_ResolvedWhenAWorkerComesOnDuty()
    {
        AdvanceToNineOnAWorkingDay();
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var presence = Grains.CellPresence(grid.A1);
        Assert.True((await Grains.Worker(new WorkerId(Guid.NewGuid())).RegisterAsync("网格员 李", [grid.A1], "test")).IsOk);
        await Eventually.ReturnsAsync(() => presence.GetAsync().AsTask(), p => p.AssignedWorkers == 1, Wait, $"presence of {grid.A1} learns of its worker");
        var worker = "worker-" + Guid.NewGuid().ToString("N")[..8];
        await HeartbeatAsync(presence, worker, grid);

        fixture.Time.Advance(TimeSpan.FromMinutes(16));
        var gap = await presence.CheckAsync();
        Assert.Equal((true, 0, (string?)null), (gap.DutyHours, gap.OnDuty.Count, gap.OpenAlert));

        // 15 minutes on duty, then 31 without anybody: past the 30-minute grace.
        fixture.Time.Advance(TimeSpan.FromMinutes(30));
        var raised = await presence.CheckAsync();
        Assert.NotNull(raised.OpenAlert);
        var alert = (await Grains.Alert(raised.OpenAlert).GetAsync())!;
        Assert.Equal((EntityKind.Cell, DeadlineKind.Presence, "GR-10", grid.A1, AlertStatus.Open), (alert.Spec.Source.Kind, alert.Spec.Kind, alert.Spec.Rule, alert.Spec.Cell, alert.Status));

        fixture.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(raised.OpenAlert, (await presence.CheckAsync()).OpenAlert);
        await Eventually.ReturnsAsync(() => Grains.Cell(grid.A1).GetOpenAlertsAsync().AsTask(), a => a.Count == 1 && a[0].Key == raised.OpenAlert, Wait,
            $"cell {grid.A1} holds exactly the one presence alert");

        await HeartbeatAsync(presence, worker, grid);

        Assert.Null((await presence.GetAsync()).OpenAlert);
        Assert.Equal(AlertStatus.Resolved, (await Grains.Alert(raised.OpenAlert).GetAsync())!.Status);
        await Eventually.ReturnsAsync(() => Grains.Cell(grid.A1).GetOpenAlertsAsync().AsTask(), a => a.Count == 0, Wait, $"cell {grid.A1} has no open alert");
    }

    [Fact]
    public async Task GR10_AlertResolvedByHand_IsForgotten_TheSameGapIsNotRaisedAgain_TheNextGapIs()
    {
        AdvanceToNineOnAWorkingDay();
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var presence = Grains.CellPresence(grid.B1);
        Assert.True((await Grains.Worker(new WorkerId(Guid.NewGuid())).RegisterAsync("网格员 陈", [grid.B1], "test")).IsOk);
        await Eventually.ReturnsAsync(() => presence.GetAsync().AsTask(), p => p.AssignedWorkers == 1, Wait, $"presence of {grid.B1} learns of its worker");
        var worker = "worker-" + Guid.NewGuid().ToString("N")[..8];
        await HeartbeatAsync(presence, worker, grid);
        fixture.Time.Advance(TimeSpan.FromMinutes(46));
        var first = (await presence.CheckAsync()).OpenAlert;
        Assert.NotNull(first);

        Assert.Equal(AlertStatus.Resolved, (await Grains.Alert(first).ResolveAsync("supervisor:王", "电话联系，已安排"))!.Status);
        fixture.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Null((await presence.CheckAsync()).OpenAlert);
        fixture.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Null((await presence.CheckAsync()).OpenAlert);

        // The worker comes, goes again: a new gap, a new alert.
        await HeartbeatAsync(presence, worker, grid);
        fixture.Time.Advance(TimeSpan.FromMinutes(46));
        var second = (await presence.CheckAsync()).OpenAlert;
        Assert.NotNull(second);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task GR10_OutsideDutyHours_NobodyOnDutyRaisesNothing()
    {
        AdvanceToNineOnAWorkingDay();
        fixture.Time.Advance(TimeSpan.FromHours(9)); // 18:00, after duty
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var presence = Grains.CellPresence(grid.A2);
        Assert.True((await Grains.Worker(new WorkerId(Guid.NewGuid())).RegisterAsync("网格员 王", [grid.A2], "test")).IsOk);
        await Eventually.ReturnsAsync(() => presence.GetAsync().AsTask(), p => p.AssignedWorkers == 1, Wait, $"presence of {grid.A2} learns of its worker");

        fixture.Time.Advance(TimeSpan.FromHours(2));
        var night = await presence.CheckAsync();

        Assert.Equal((false, (string?)null), (night.DutyHours, night.OpenAlert));
    }

    private async Task HeartbeatAsync(ICellPresenceGrain presence, string worker, TestGrid grid) =>
        Assert.True((await presence.RecordHeartbeatAsync(new Heartbeat(worker, Guid.NewGuid().ToString(), TestGrid.Centre(0, 0), 10, Now, OnCell: true), grid.CommunityA)).OnCell);

    /// <summary>Moves the shared clock forward to the next 09:00 (China time) of a working day.</summary>
    private void AdvanceToNineOnAWorkingDay()
    {
        var china = TimeSpan.FromHours(8);
        for (var day = WorkingDayCalendar.LocalDate(Now); ; day = day.AddDays(1))
        {
            var nine = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), china);
            if (nine >= Now && WorkingDayCalendar.China.IsWorkingDay(day))
            {
                fixture.Time.Advance(nine - Now);
                return;
            }
        }
    }
}
