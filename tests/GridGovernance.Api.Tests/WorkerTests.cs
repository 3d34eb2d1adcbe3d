using GridGovernance.Api.Tests.Infrastructure;

namespace GridGovernance.Api.Tests;

/// <summary>Grid workers: registration and cell assignment within scope, reading a worker, a worker's task list.</summary>
public sealed class WorkerTests(ApiSystem api, GrainAccess grains)
{
    private static string Operator => ApiSystem.Token("operator", "operator-" + Guid.NewGuid().ToString("N")[..6]);

    private static string Admin(string community) => ApiSystem.Token("community-admin", "admin-" + Guid.NewGuid().ToString("N")[..6], community: community);

    [Fact]
    public async Task RegisterWorker_ByAnOperator_IsReadBack_Idempotent_AndJournaledWithTheActor()
    {
        var id = Guid.NewGuid();
        var token = ApiSystem.Token("operator", "op-workers");
        var body = new { name = "网格员 李", cells = new[] { api.Grid.A1.Value, api.Grid.A2.Value } };

        var created = await api.PutAsync($"/api/v1/workers/{id}", token, body);
        var journal = await api.JournalAsync("worker", id.ToString("N"));
        var again = await api.PutAsync($"/api/v1/workers/{id}", token, body);
        var read = await api.GetAsync($"/api/v1/workers/{id}", token);

        Assert.Equal(200, created.Status);
        Assert.Equal(created.Body, again.Body);
        Assert.Equal(created.Body, read.Body);
        Assert.Equal([api.Grid.A1.Value, api.Grid.A2.Value], read.Json["cells"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(("worker-registered", "operator:op-workers"), (Assert.Single(journal).EventType, journal[0].Actor));
        Assert.Equal(journal, await api.JournalAsync("worker", id.ToString("N")));
    }

    [Fact]
    public async Task RegisterWorker_ByACommunityAdmin_OnlyWithinTheirCommunity_AndNotOffAnotherCommunitysCell()
    {
        var id = Guid.NewGuid();
        var adminA = Admin(api.Grid.CommunityA.Value);
        var adminB = Admin(api.Grid.CommunityB.Value);

        var own = await api.PutAsync($"/api/v1/workers/{id}", adminA, new { name = "网格员 王", cells = new[] { api.Grid.A1.Value } });
        var before = await api.JournalAsync("worker", id.ToString("N"));
        var foreign = await api.PutAsync($"/api/v1/workers/{id}", adminA, new { name = "网格员 王", cells = new[] { api.Grid.A1.Value, api.Grid.B1.Value } });
        var takeOff = await api.PutAsync($"/api/v1/workers/{id}", adminB, new { name = "网格员 王", cells = new[] { api.Grid.B1.Value } });

        Assert.Equal(200, own.Status);
        Assert.Equal((403, "/problems/out-of-scope"), (foreign.Status, foreign.ProblemType));
        Assert.Equal((403, "/problems/out-of-scope"), (takeOff.Status, takeOff.ProblemType));
        Assert.Equal(before, await api.JournalAsync("worker", id.ToString("N")));
        Assert.Equal(own.Body, (await api.GetAsync($"/api/v1/workers/{id}", Operator)).Body);
    }

    [Theory]
    [InlineData("""{ "name": "  ", "cells": [] }""", "name")]
    [InlineData("""{ "name": "张", "cells": ["not a code"] }""", "cells[0]")]
    [InlineData("""{ "name": "张", "cells": ["NOSUCH-CELL-1"] }""", "cells[0]")]
    [InlineData("""{ "cells": [] }""", "name")]
    public async Task RegisterWorker_BadInput_Is400NamingTheField_AndChangesNothing(string body, string field)
    {
        var id = Guid.NewGuid();

        var response = await api.PutAsync($"/api/v1/workers/{id}", Operator, body);

        Assert.Equal((400, "application/problem+json"), (response.Status, response.ContentType));
        Assert.Equal(field, response.Json["field"]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(404, (await api.GetAsync($"/api/v1/workers/{id}", Operator)).Status);
        Assert.Empty(await api.JournalAsync("worker", id.ToString("N")));
    }

    [Fact]
    public async Task GetWorker_AGridWorkerMayReadThemselfOnly_UnknownIs404_AnotherCommunityIs403()
    {
        var id = Guid.NewGuid();
        Assert.Equal(200, (await api.PutAsync($"/api/v1/workers/{id}", Operator, new { name = "网格员 赵", cells = new[] { api.Grid.A1.Value } })).Status);

        var self = await api.GetAsync($"/api/v1/workers/{id}", ApiSystem.Token("grid-worker", id.ToString(), cells: [api.Grid.A1.Value]));
        var colleague = await api.GetAsync($"/api/v1/workers/{id}", ApiSystem.Token("grid-worker", Guid.NewGuid().ToString(), cells: [api.Grid.A1.Value]));
        var adminA = await api.GetAsync($"/api/v1/workers/{id}", Admin(api.Grid.CommunityA.Value));
        var adminB = await api.GetAsync($"/api/v1/workers/{id}", Admin(api.Grid.CommunityB.Value));
        var unknown = await api.GetAsync($"/api/v1/workers/{Guid.NewGuid()}", Operator);

        Assert.Equal((200, 200), (self.Status, adminA.Status));
        Assert.Equal((403, "/problems/forbidden-role"), (colleague.Status, colleague.ProblemType));
        Assert.Equal((403, "/problems/out-of-scope"), (adminB.Status, adminB.ProblemType));
        Assert.Equal((404, "/problems/not-found"), (unknown.Status, unknown.ProblemType));
    }

    [Fact]
    public async Task WorkerTasks_AreTheTasksOfTheirCells_ForCallersWhoReachEveryCell()
    {
        var id = Guid.NewGuid();
        Assert.Equal(200, (await api.PutAsync($"/api/v1/workers/{id}", Operator, new { name = "网格员 钱", cells = new[] { api.Grid.A1.Value } })).Status);
        var property = await grains.RegisterPropertyAsync(api, TestGrid.Centre(0, 0), DateTimeOffset.UtcNow - TimeSpan.FromDays(30));

        var own = await api.GetAsync($"/api/v1/workers/{id}/tasks", ApiSystem.Token("grid-worker", id.ToString(), cells: [api.Grid.A1.Value]));
        var other = await api.GetAsync($"/api/v1/workers/{id}/tasks", ApiSystem.Token("grid-worker", cells: [api.Grid.B1.Value]));
        var operatorTasks = await api.GetAsync($"/api/v1/workers/{id}/tasks", Operator);

        Assert.Equal(200, own.Status);
        var task = Assert.Single(own.Json["tasks"]!.AsArray(), t => t!["entity"]!["id"]!.GetValue<Guid>() == property.Value)!;
        Assert.Equal(("Overdue", "Visit", api.Grid.A1.Value), (task["urgency"]!.GetValue<string>(), task["kind"]!.GetValue<string>(), task["cell"]!.GetValue<string>()));
        Assert.Equal((403, "/problems/out-of-scope"), (other.Status, other.ProblemType));
        Assert.Equal((403, "/problems/forbidden-role"), (operatorTasks.Status, operatorTasks.ProblemType));
    }

    [Fact]
    public async Task B5_AnAdminChangesOnlyTheCellsTheyAddOrRemove_AndMustReachTheWorker()
    {
        var shared = Guid.NewGuid();
        var lone = Guid.NewGuid();
        var adminA = Admin(api.Grid.CommunityA.Value);
        Assert.Equal(200, (await api.PutAsync($"/api/v1/workers/{shared}", Operator, new { name = "网格员 赵", cells = new[] { api.Grid.A1.Value, api.Grid.B1.Value } })).Status);
        Assert.Equal(200, (await api.PutAsync($"/api/v1/workers/{lone}", Operator, new { name = "网格员 钱", cells = Array.Empty<string>() })).Status);

        // A worker who also serves community B: A's administrator moves them within A and renames them; B's cell is kept, not changed.
        var moved = await api.PutAsync($"/api/v1/workers/{shared}", adminA, new { name = "网格员 赵", cells = new[] { api.Grid.A2.Value, api.Grid.B1.Value } });
        var renamed = await api.PutAsync($"/api/v1/workers/{shared}", adminA, new { name = "网格员 赵二", cells = new[] { api.Grid.A2.Value, api.Grid.B1.Value } });
        Assert.Equal(200, moved.Status);
        Assert.Equal((200, "网格员 赵二"), (renamed.Status, renamed.Json["name"]!.GetValue<string>()));
        Assert.Equal([api.Grid.A2.Value, api.Grid.B1.Value], renamed.Json["cells"]!.AsArray().Select(c => c!.GetValue<string>()));

        // Still not B's cells: neither adding nor removing one.
        var before = await api.JournalAsync("worker", shared.ToString("N"));
        var addB = await api.PutAsync($"/api/v1/workers/{shared}", adminA, new { name = "网格员 赵二", cells = new[] { api.Grid.A2.Value, api.Grid.B1.Value, api.Grid.B2.Value } });
        var dropB = await api.PutAsync($"/api/v1/workers/{shared}", adminA, new { name = "网格员 赵二", cells = new[] { api.Grid.A2.Value } });
        Assert.Equal((403, 403), (addB.Status, dropB.Status));
        Assert.Equal(before, await api.JournalAsync("worker", shared.ToString("N")));

        // A worker none of whose cells the administrator reaches (here: none at all) is not theirs to rename.
        var loneBefore = await api.JournalAsync("worker", lone.ToString("N"));
        var renameLone = await api.PutAsync($"/api/v1/workers/{lone}", adminA, new { name = "改名", cells = Array.Empty<string>() });
        var renameOther = await api.PutAsync($"/api/v1/workers/{lone}", Admin(api.Grid.CommunityB.Value), new { name = "改名", cells = Array.Empty<string>() });
        Assert.Equal((403, "/problems/out-of-scope"), (renameLone.Status, renameLone.ProblemType));
        Assert.Equal(403, renameOther.Status);
        Assert.Equal(loneBefore, await api.JournalAsync("worker", lone.ToString("N")));
        Assert.Equal(200, (await api.PutAsync($"/api/v1/workers/{lone}", adminA, new { name = "网格员 钱", cells = new[] { api.Grid.A1.Value } })).Status);
    }
}
