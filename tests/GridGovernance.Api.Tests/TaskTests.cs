using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Contracts.Common;
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

    [Fact]
    public async Task ListTasks_WithAPosition_OrdersNearestFirstWithinAnUrgency_AndGivesEachDistance()
    {
        // The nearer property is the less overdue one: without a position it comes second, with one first.
        var here = new GeoPoint(113.3905, 22.5205);
        var nearPoint = new GeoPoint(113.3915, 22.5212);
        var farPoint = new GeoPoint(113.3985, 22.5292);
        var near = await grains.RegisterPropertyAsync(api, nearPoint, DateTimeOffset.UtcNow - TimeSpan.FromDays(40));
        var far = await grains.RegisterPropertyAsync(api, farPoint, DateTimeOffset.UtcNow - TimeSpan.FromDays(60));
        var worker = ApiSystem.Token("grid-worker", cells: [api.Grid.A2.Value]);
        var position = FormattableString.Invariant($"longitude={here.Longitude}&latitude={here.Latitude}");

        var plain = await api.GetAsync($"/api/v1/tasks?cell={api.Grid.A2.Value}", worker);
        var nearest = await api.GetAsync($"/api/v1/tasks?cell={api.Grid.A2.Value}&{position}", worker);
        var today = await api.GetAsync($"/api/v1/tasks?cell={api.Grid.A2.Value}&{position}&due=today", worker);

        Assert.Equal((200, 200, 200), (plain.Status, nearest.Status, today.Status));
        Assert.Equal([far.Value, near.Value], Ours(plain).Select(t => t!["entity"]!["id"]!.GetValue<Guid>()));
        Assert.All(Ours(plain), t => Assert.Null(t!["distanceMetres"]));
        var ordered = Ours(nearest);
        Assert.Equal([near.Value, far.Value], ordered.Select(t => t!["entity"]!["id"]!.GetValue<Guid>()));
        Assert.Equal(Geodesy.DistanceMetres(here, nearPoint), ordered[0]!["distanceMetres"]!.GetValue<double>(), 0.1);
        Assert.Equal(Geodesy.DistanceMetres(here, farPoint), ordered[1]!["distanceMetres"]!.GetValue<double>(), 0.1);
        var tasks = nearest.Json["tasks"]!.AsArray();
        var urgencies = tasks.Select(t => t!["urgency"]!.GetValue<string>()).ToList();
        Assert.Equal(urgencies.OrderBy(u => u switch { "Overdue" => 0, "Today" => 1, _ => 2 }), urgencies);
        foreach (var bucket in tasks.GroupBy(t => t!["urgency"]!.GetValue<string>()))
        {
            var distances = bucket.Select(t => t!["distanceMetres"]?.GetValue<double>() ?? double.PositiveInfinity).ToList();
            Assert.Equal(distances.Order(), distances);
        }

        Assert.All(today.Json["tasks"]!.AsArray(), t => Assert.True(t!["urgency"]!.GetValue<string>() is "Overdue" or "Today", $"due=today listed {t}"));
        Assert.Equal([near.Value, far.Value], Ours(today).Select(t => t!["entity"]!["id"]!.GetValue<Guid>()));

        List<System.Text.Json.Nodes.JsonNode?> Ours(ApiResponse response) =>
            [.. response.Json["tasks"]!.AsArray().Where(t => t!["entity"]!["id"]!.GetValue<Guid>() is var id && (id == near.Value || id == far.Value))];
    }

    [Fact]
    public async Task ListWorkerTasks_WithAPosition_IsNearestFirstToo()
    {
        var property = await grains.RegisterPropertyAsync(api, TestGrid.Centre(1, 0), DateTimeOffset.UtcNow - TimeSpan.FromDays(45));
        var workerId = Guid.NewGuid();
        var registered = await api.PutAsync($"/api/v1/workers/{workerId}", ApiSystem.Token("operator"), new { name = "网格员", cells = new[] { api.Grid.A2.Value } });
        Assert.True(registered.Status == 200, $"register worker: {registered}");
        var here = TestGrid.Centre(1, 0);

        var list = await api.GetAsync(FormattableString.Invariant($"/api/v1/workers/{workerId}/tasks?longitude={here.Longitude}&latitude={here.Latitude}"), ApiSystem.Token("command-centre"));

        Assert.Equal(200, list.Status);
        var task = Assert.Single(list.Json["tasks"]!.AsArray(), t => t!["entity"]!["id"]!.GetValue<Guid>() == property.Value)!;
        Assert.Equal(0.0, task["distanceMetres"]!.GetValue<double>(), 0.1);
    }

    [Theory]
    [InlineData("longitude=200&latitude=22.5", "longitude")]
    [InlineData("longitude=east&latitude=22.5", "longitude")]
    [InlineData("longitude=NaN&latitude=22.5", "longitude")]
    [InlineData("longitude=113.39&latitude=91", "latitude")]
    [InlineData("longitude=113.39", "latitude")]
    [InlineData("latitude=22.5", "longitude")]
    [InlineData("due=tomorrow", "due")]
    public async Task ListTasks_BadPositionOrDue_Is400NamingTheField(string query, string field)
    {
        var worker = ApiSystem.Token("grid-worker", cells: [api.Grid.A2.Value]);
        var workerId = Guid.NewGuid();

        var response = await api.GetAsync($"/api/v1/tasks?cell={api.Grid.A2.Value}&{query}", worker);
        var ofWorker = await api.GetAsync($"/api/v1/workers/{workerId}/tasks?{query}", ApiSystem.Token("command-centre"));

        Assert.Equal((400, "application/problem+json", field), (response.Status, response.ContentType, response.Json["field"]!.GetValue<string>()));
        Assert.Equal((400, field), (ofWorker.Status, ofWorker.Json["field"]!.GetValue<string>()));
    }
}
