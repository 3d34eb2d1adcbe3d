using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests.Field;

/// <summary>A worker's task list: overdue, today, this week, in their cells, most urgent first.</summary>
[Collection(GrainCluster.Name)]
public sealed class TaskListTests(GrainClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    [Fact]
    public async Task WorkerTasks_AreTheirCellsDueItemsOrderedByUrgency_AndAVisitRemovesOne()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var overdue = await PropertyAsync(grid, RiskGrade.Orange, Now - TimeSpan.FromDays(8), TestGrid.Centre(1, 0));
        var today = await PropertyAsync(grid, RiskGrade.Yellow, Now - TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1), TestGrid.Centre(1, 0));
        var thisWeek = await PropertyAsync(grid, RiskGrade.Yellow, Now - TimeSpan.FromDays(10), TestGrid.Centre(1, 0));
        await PropertyAsync(grid, RiskGrade.Green, Now, TestGrid.Centre(1, 0));                      // due in 21 days: not yet
        await PropertyAsync(grid, RiskGrade.Orange, Now - TimeSpan.FromDays(8), TestGrid.Centre(0, 0)); // another cell
        var worker = Grains.Worker(new WorkerId(Guid.NewGuid()));
        Assert.True((await worker.RegisterAsync("网格员 张", [grid.A2], "test")).IsOk);

        var list = await worker.GetTasksAsync();

        Assert.Equal([overdue, today, thisWeek], list.Tasks.Select(t => t.Entity.Id));
        Assert.Equal([TaskUrgency.Overdue, TaskUrgency.Today, TaskUrgency.ThisWeek], list.Tasks.Select(t => t.Urgency));
        Assert.All(list.Tasks, t => Assert.Equal((DeadlineKind.Visit, "RH-09", grid.A2), (t.Kind, t.Rule, t.Cell)));
        // The visit plans the next one 14 days out (YELLOW), beyond the week the list shows.
        var supervisor = await Grains.TaskBoard().GetTasksAsync([grid.A2]);
        Assert.Equal(list.Tasks, supervisor.Tasks);

        var visit = await Grains.Property(new PropertyId(today)).RecordVisitAsync(new VisitCommand(Guid.NewGuid(), new WorkerId(Guid.NewGuid()), TestGrid.Centre(1, 0), 10, Now, null), "worker");
        Assert.True(visit.Outcome.IsOk);

        Assert.Equal([overdue, thisWeek], (await worker.GetTasksAsync()).Tasks.Select(t => t.Entity.Id));
    }

    [Fact]
    public async Task WorkerTasks_IncludeAnOverdueItemWhoseNextDeadlineIsFarAway()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var property = Grains.Property(new PropertyId(await PropertyAsync(grid, RiskGrade.Green, Now, TestGrid.Centre(1, 0))));
        // A tenancy whose landlord report passed: once swept it is overdue (an open alert), though the next visit is weeks away.
        var moveIn = Now - TimeSpan.FromDays(10);
        Assert.True((await property.RegisterTenancyAsync(new RegisterTenancy(Guid.NewGuid(), "租客", IdType.ResidentIdentityCard, "999999199001011234", moveIn), "test")).IsOk);
        await Grains.Cell(grid.A2).SweepAsync();
        await Eventually.ReturnsAsync(() => Grains.Cell(grid.A2).GetSummaryAsync().AsTask(), s => s!.OpenAlerts == 1, TimeSpan.FromSeconds(10), "the report's alert");

        var board = await Grains.TaskBoard().GetTasksAsync([grid.A2]);

        var task = Assert.Single(board.Tasks);
        Assert.Equal((DeadlineKind.TenantReport, TaskUrgency.Overdue, "RH-02"), (task.Kind, task.Urgency, task.Rule));
    }

    [Fact]
    public async Task WorkerTasks_FollowAnOverdueItemToTheCellItMovedTo()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var property = Grains.Property(new PropertyId(await PropertyAsync(grid, RiskGrade.Green, Now, TestGrid.Centre(1, 0))));
        Assert.True((await property.RegisterTenancyAsync(new RegisterTenancy(Guid.NewGuid(), "租客", IdType.ResidentIdentityCard, "999999199001011234", Now - TimeSpan.FromDays(10)), "test")).IsOk);
        await Grains.Cell(grid.A2).SweepAsync();
        await Eventually.ReturnsAsync(() => property.GetAsync().AsTask(), p => p!.Deadlines.Any(d => d.Status == DeadlineStatus.Missed), TimeSpan.FromSeconds(10), "the report missed");

        Assert.True((await property.MoveAsync(TestGrid.Centre(0, 0), "officer")).IsOk); // to A-1; the alert stays on A-2

        var task = Assert.Single((await Grains.TaskBoard().GetTasksAsync([grid.A1])).Tasks);
        Assert.Equal((DeadlineKind.TenantReport, TaskUrgency.Overdue, grid.A1), (task.Kind, task.Urgency, task.Cell));
        Assert.Empty((await Grains.TaskBoard().GetTasksAsync([grid.A2])).Tasks);
    }

    private async Task<Guid> PropertyAsync(TestGrid grid, RiskGrade grade, DateTimeOffset lastVisited, GeoPoint at)
    {
        var id = Guid.NewGuid();
        var outcome = await Grains.Property(new PropertyId(id)).RegisterAsync(new RegisterProperty(grid.District, "石岐任务路1号", at, new Landlord("房东", "13800000000"), grade, lastVisited), "test");
        Assert.True(outcome.IsOk, outcome.Detail);
        return id;
    }
}
