using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Api.Tests.Matrix;

namespace GridGovernance.Api.Tests;

/// <summary>Heartbeats of the worker page and who is on duty per cell.</summary>
public sealed class PresenceTests(ApiSystem api)
{
    [Fact]
    public async Task RecordHeartbeat_InTheWorkersCell_PutsThemOnDuty_ARetryWithTheSameClientIdAnswersTheSame_AndPresenceShowsThem()
    {
        var subject = "worker-" + Guid.NewGuid().ToString("N")[..8];
        var worker = ApiSystem.Token("grid-worker", subject, cells: [api.Grid.A1.Value]);
        var clientId = Guid.NewGuid().ToString();

        var first = await api.PostAsync("/api/v1/presence/heartbeats", worker, PresenceMatrix.Heartbeat(TestGrid.Centre(0, 0), clientId));
        var retry = await api.PostAsync("/api/v1/presence/heartbeats", worker, PresenceMatrix.Heartbeat(TestGrid.Centre(0, 0), clientId));
        var presence = await api.GetAsync($"/api/v1/presence?cell={api.Grid.A1.Value}", ApiSystem.Token("community-admin", community: api.Grid.CommunityA.Value));

        Assert.Equal((200, 200), (first.Status, retry.Status));
        Assert.Equal((api.Grid.A1.Value, true), (first.Json["cell"]!.GetValue<string>(), first.Json["onCell"]!.GetValue<bool>()));
        Assert.NotNull(first.Json["onDutyUntil"]);
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal(200, presence.Status);
        Assert.NotNull(presence.Json["asOf"]);
        var cell = Assert.Single(presence.Json["cells"]!.AsArray())!;
        Assert.Equal((api.Grid.A1.Value, api.Grid.CommunityA.Value), (cell["cell"]!.GetValue<string>(), cell["community"]!.GetValue<string>()));
        Assert.NotNull(cell["dutyHours"]);
        Assert.NotNull(cell["lastSeen"]);
        var me = Assert.Single(cell["onDuty"]!.AsArray(), w => w!["worker"]!.GetValue<string>() == subject)!;
        Assert.True(me["near"]!.GetValue<bool>());
        Assert.Equal(first.Json["seenAt"]!.GetValue<DateTimeOffset>(), me["lastSeen"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task RecordHeartbeat_OutsideTheWorkersCells_IsRecordedOffCell_AndDoesNotPutThemOnDuty()
    {
        var subject = "worker-" + Guid.NewGuid().ToString("N")[..8];
        var worker = ApiSystem.Token("grid-worker", subject, cells: [api.Grid.A1.Value]);

        var response = await api.PostAsync("/api/v1/presence/heartbeats", worker, PresenceMatrix.Heartbeat(TestGrid.Centre(0, 1)));
        var presence = await api.GetAsync($"/api/v1/presence?cell={api.Grid.B1.Value}", ApiSystem.Token("command-centre"));

        Assert.Equal(200, response.Status);
        Assert.Equal((api.Grid.B1.Value, false), (response.Json["cell"]!.GetValue<string>(), response.Json["onCell"]!.GetValue<bool>()));
        Assert.Null(response.Json["onDutyUntil"]);
        Assert.DoesNotContain(presence.Json["cells"]![0]!["onDuty"]!.AsArray(), w => w!["worker"]!.GetValue<string>() == subject);
    }

    [Theory]
    [InlineData("clientId")]
    [InlineData("longitude")]
    [InlineData("latitude")]
    [InlineData("accuracy")]
    [InlineData("at")]
    public async Task RecordHeartbeat_BadInput_Is400NamingTheField(string field)
    {
        var worker = ApiSystem.Token("grid-worker", cells: [api.Grid.A1.Value]);
        var point = TestGrid.Centre(0, 0);
        var body = new Dictionary<string, object?>
        {
            ["clientId"] = field == "clientId" ? "" : Guid.NewGuid().ToString(),
            ["longitude"] = field == "longitude" ? 200 : point.Longitude,
            ["latitude"] = field == "latitude" ? -91 : point.Latitude,
            ["accuracy"] = field == "accuracy" ? -1 : 10,
            ["at"] = field == "at" ? DateTimeOffset.UtcNow.AddHours(1) : DateTimeOffset.UtcNow,
        };

        var response = await api.PostAsync("/api/v1/presence/heartbeats", worker, body);

        Assert.Equal((400, "application/problem+json"), (response.Status, response.ContentType));
        Assert.Equal(field, response.Json["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetPresence_OfACommunity_ListsItsCells_AnotherCommunityIs403_AndWithoutATargetIs400()
    {
        var admin = ApiSystem.Token("community-admin", community: api.Grid.CommunityA.Value);

        var own = await api.GetAsync("/api/v1/presence", admin);
        var other = await api.GetAsync($"/api/v1/presence?community={api.Grid.CommunityB.Value}", admin);
        var centre = await api.GetAsync("/api/v1/presence", ApiSystem.Token("command-centre"));
        var worker = await api.GetAsync($"/api/v1/presence?cell={api.Grid.A1.Value}", ApiSystem.Token("grid-worker", cells: [api.Grid.A1.Value]));

        Assert.Equal(200, own.Status);
        Assert.Equal([api.Grid.A1.Value, api.Grid.A2.Value], own.Json["cells"]!.AsArray().Select(c => c!["cell"]!.GetValue<string>()));
        Assert.Equal((403, "/problems/out-of-scope"), (other.Status, other.ProblemType));
        Assert.Equal((400, "community"), (centre.Status, centre.Json["field"]!.GetValue<string>()));
        Assert.Equal((403, "/problems/forbidden-role"), (worker.Status, worker.ProblemType));
    }
}
