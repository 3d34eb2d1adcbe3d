using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Contracts.Supervision;

namespace GridGovernance.Api.Tests;

/// <summary>Task lists of cells, scope-checked per cell; correction subjects' homes withheld (CC-31).</summary>
public sealed class TaskTests(ApiSystem api, GrainAccess grains)
{
    [Fact]
    public async Task ListTasks_OfTheWorkersOwnCell_ShowsTheOverdueVisitWithWhereToGo_AndAnotherCellIs403()
    {
        var property = await grains.RegisterPropertyAsync(api, TestGrid.Centre(1, 0), DateTimeOffset.UtcNow - TimeSpan.FromDays(30));
        var worker = ApiSystem.Token("grid-worker", cells: [api.Grid.A2.Value]);

        var named = await api.GetAsync($"/api/v1/tasks?cell={api.Grid.A2.Value}", worker);
        var own = await api.GetAsync("/api/v1/tasks", worker);
        var other = await api.GetAsync($"/api/v1/tasks?cell={api.Grid.A2.Value}&cell={api.Grid.B2.Value}", worker);

        Assert.Equal((200, 200), (named.Status, own.Status));
        var task = Assert.Single(named.Json["tasks"]!.AsArray(), t => t!["entity"]!["id"]!.GetValue<Guid>() == property.Value)!;
        Assert.Equal(("property", "Overdue", "RH-09"), (task["entity"]!["kind"]!.GetValue<string>(), task["urgency"]!.GetValue<string>(), task["rule"]!.GetValue<string>()));
        Assert.Equal(TestGrid.Centre(1, 0).Longitude, task["location"]!["longitude"]!.GetValue<double>(), 9);
        Assert.Contains(own.Json["tasks"]!.AsArray(), t => t!["entity"]!["id"]!.GetValue<Guid>() == property.Value);
        Assert.Equal((403, "/problems/out-of-scope"), (other.Status, other.ProblemType));
    }

    [Fact]
    public async Task CC31_ListTasks_HidesTheHomeOfACorrectionSubject_ButNotOfAPersonInRehabilitation()
    {
        var subject = await grains.EnrolPersonAsync(api, TestGrid.Centre(1, 1), Programme.CommunityCorrection, lastVisitedAt: DateTimeOffset.UtcNow - TimeSpan.FromDays(60));
        var rehab = await grains.EnrolPersonAsync(api, TestGrid.Centre(1, 1), Programme.CommunityDrugRehabilitation, lastVisitedAt: DateTimeOffset.UtcNow - TimeSpan.FromDays(60));

        var response = await api.GetAsync($"/api/v1/tasks?cell={api.Grid.B2.Value}", ApiSystem.Token("command-centre"));

        Assert.Equal(200, response.Status);
        var tasks = response.Json["tasks"]!.AsArray();
        Assert.All(tasks.Where(t => t!["entity"]!["id"]!.GetValue<Guid>() == subject.Value), t => Assert.Null(t!["location"]));
        Assert.Contains(tasks, t => t!["entity"]!["id"]!.GetValue<Guid>() == subject.Value);
        Assert.Contains(tasks, t => t!["entity"]!["id"]!.GetValue<Guid>() == rehab.Value && t["location"] is not null);
    }

    [Fact]
    public async Task ListTasks_BadOrUnknownCells_AndNoCellForADistrictRole_AreRefused()
    {
        var centre = ApiSystem.Token("command-centre");

        var none = await api.GetAsync("/api/v1/tasks", centre);
        var bad = await api.GetAsync("/api/v1/tasks?cell=not%20a%20code", centre);
        var unknown = await api.GetAsync("/api/v1/tasks?cell=NOSUCH-1", centre);
        var officer = await api.GetAsync($"/api/v1/tasks?cell={api.Grid.A1.Value}", ApiSystem.Token("correction-officer"));

        Assert.Equal((400, "cell"), (none.Status, none.Json["field"]!.GetValue<string>()));
        Assert.Equal((400, "cell[0]"), (bad.Status, bad.Json["field"]!.GetValue<string>()));
        Assert.Equal((404, "/problems/not-found"), (unknown.Status, unknown.ProblemType));
        Assert.Equal((403, "/problems/forbidden-role"), (officer.Status, officer.ProblemType));
    }
}
