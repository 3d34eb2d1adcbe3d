using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Supervision;

namespace GridGovernance.Api.Tests;

/// <summary>Alerts raised by real overdue deadlines: listed and read within scope, acknowledged, resolved by the duty or by hand.</summary>
public sealed class AlertTests(ApiSystem api, GrainAccess grains)
{
    private static string Path(string key) => "/api/v1/alerts/" + Uri.EscapeDataString(key);

    private static string Admin(string community) => ApiSystem.Token("community-admin", "admin-" + Guid.NewGuid().ToString("N")[..6], community: community);

    [Fact]
    public async Task ListAndGet_AnOverdueVisitsYellowCard_WithinScopeOnly()
    {
        var (_, key) = await grains.OverduePropertyAsync(api, 1, 0);
        var adminA = Admin(api.Grid.CommunityA.Value);

        var byCell = await api.GetAsync($"/api/v1/alerts?cell={api.Grid.A2.Value}", adminA);
        var byCommunity = await api.GetAsync($"/api/v1/alerts?community={api.Grid.CommunityA.Value}&level=yellow", adminA);
        var redOnly = await api.GetAsync($"/api/v1/alerts?cell={api.Grid.A2.Value}&level=Red", adminA);
        var own = await api.GetAsync("/api/v1/alerts", ApiSystem.Token("grid-worker", cells: [api.Grid.A2.Value]));
        var one = await api.GetAsync(Path(key), adminA);

        Assert.Equal(200, byCell.Status);
        var alert = Assert.Single(byCell.Json["alerts"]!.AsArray(), a => a!["key"]!.GetValue<string>() == key)!;
        Assert.Equal(("Yellow", "Open", "Visit", api.Grid.A2.Value), (alert["level"]!.GetValue<string>(), alert["status"]!.GetValue<string>(), alert["kind"]!.GetValue<string>(), alert["cell"]!.GetValue<string>()));
        Assert.Contains(byCommunity.Json["alerts"]!.AsArray(), a => a!["key"]!.GetValue<string>() == key);
        Assert.DoesNotContain(redOnly.Json["alerts"]!.AsArray(), a => a!["key"]!.GetValue<string>() == key);
        Assert.Contains(own.Json["alerts"]!.AsArray(), a => a!["key"]!.GetValue<string>() == key);
        Assert.Equal((200, key), (one.Status, one.Json["key"]!.GetValue<string>()));

        var adminB = await api.GetAsync(Path(key), Admin(api.Grid.CommunityB.Value));
        var otherCell = await api.GetAsync(Path(key), ApiSystem.Token("grid-worker", cells: [api.Grid.A1.Value]));
        var listOther = await api.GetAsync($"/api/v1/alerts?cell={api.Grid.A2.Value}", Admin(api.Grid.CommunityB.Value));
        var auditor = await api.GetAsync(Path(key), ApiSystem.Token("auditor"));
        Assert.Equal((403, "/problems/out-of-scope"), (adminB.Status, adminB.ProblemType));
        Assert.Equal((403, "/problems/out-of-scope"), (otherCell.Status, otherCell.ProblemType));
        Assert.Equal((403, "/problems/out-of-scope"), (listOther.Status, listOther.ProblemType));
        Assert.Equal((403, "/problems/forbidden-role"), (auditor.Status, auditor.ProblemType));
    }

    [Fact]
    public async Task GetAndList_UnknownKeysAndBadFilters_Are404And400()
    {
        var centre = ApiSystem.Token("command-centre");

        var unknown = await api.GetAsync(Path(AlertKeys.For(new EntityRef(EntityKind.RentalProperty, Guid.NewGuid()), "visit:1")), centre);
        var notAKey = await api.GetAsync("/api/v1/alerts/whatever", centre);
        var level = await api.GetAsync("/api/v1/alerts?level=orange", centre);
        var both = await api.GetAsync($"/api/v1/alerts?cell={api.Grid.A1.Value}&community={api.Grid.CommunityA.Value}", centre);

        Assert.Equal((404, 404), (unknown.Status, notAKey.Status));
        Assert.Equal((400, "level"), (level.Status, level.Json["field"]!.GetValue<string>()));
        Assert.Equal((400, "community"), (both.Status, both.Json["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Acknowledge_RecordsWhoTookItOn_Idempotent_AndJournaledWithTheActor()
    {
        var (_, key) = await grains.OverduePropertyAsync(api, 1, 0);
        var token = ApiSystem.Token("grid-worker", "worker-ack", cells: [api.Grid.A2.Value]);

        var first = await api.PostAsync(Path(key) + "/acknowledgements", token, new { note = "今天下午去" });
        var again = await api.PostAsync(Path(key) + "/acknowledgements", token, new { note = "今天下午去" });
        var outside = await api.PostAsync(Path(key) + "/acknowledgements", ApiSystem.Token("grid-worker", cells: [api.Grid.B2.Value]), new { note = "x" });

        Assert.Equal(200, first.Status);
        Assert.Equal(("Acknowledged", "grid-worker:worker-ack"), (first.Json["status"]!.GetValue<string>(), first.Json["acknowledgedBy"]!.GetValue<string>()));
        Assert.Equal(first.Body, again.Body);
        Assert.Equal((403, "/problems/out-of-scope"), (outside.Status, outside.ProblemType));
        var journal = await api.JournalAsync("alert", key);
        Assert.Equal("grid-worker:worker-ack", Assert.Single(journal, e => e.EventType == "alert-acknowledged").Actor);
    }

    [Fact]
    public async Task Resolve_WhileTheDutyIsStillOverdue_Is409_ButTheVisitResolvesIt_AndAHandResolutionThenAnswersAsItStands()
    {
        var (property, key) = await grains.OverduePropertyAsync(api, 1, 0);
        var token = Admin(api.Grid.CommunityA.Value);
        var before = await api.JournalAsync("alert", key);

        var refused = await api.PostAsync(Path(key) + "/resolutions", token, new { reason = "看过了" });
        var noReason = await api.PostAsync(Path(key) + "/resolutions", token, new { reason = " " });

        Assert.Equal((409, "/problems/alert-still-overdue"), (refused.Status, refused.ProblemType));
        Assert.Equal(400, noReason.Status);
        Assert.Equal("reason", noReason.Json["field"]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(before, await api.JournalAsync("alert", key));
        Assert.Equal("Open", (await api.GetAsync(Path(key), token)).Json["status"]!.GetValue<string>());

        var visit = await api.PostAsync("/api/v1/sync", ApiSystem.Token("grid-worker", cells: [api.Grid.A2.Value]), new
        {
            deviceId = "phone",
            items = new[]
            {
                new { itemId = Guid.NewGuid(), type = "visit", entity = new { kind = "property", id = property.Value }, deviceTime = DateTimeOffset.UtcNow, gps = new { longitude = TestGrid.Centre(1, 0).Longitude, latitude = TestGrid.Centre(1, 0).Latitude, accuracyMetres = 5.0 } },
            },
        });
        Assert.Equal("accepted", visit.Json["results"]![0]!["status"]!.GetValue<string>());
        var resolved = await api.PostAsync(Path(key) + "/resolutions", token, new { reason = "看过了" });
        Assert.Equal((200, "Resolved", true), (resolved.Status, resolved.Json["status"]!.GetValue<string>(), resolved.Json["resolvedOnTime"]!.GetValue<bool>()));
        Assert.DoesNotContain(await api.JournalAsync("alert", key), e => e.EventType == "alert-resolved" && e.Actor.StartsWith("community-admin:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resolve_ACardWhoseDutyIsGone_ByHand_IsJournaledWithTheActorAndReason()
    {
        var property = await grains.RegisterPropertyAsync(api, TestGrid.Centre(0, 0));
        var spec = new AlertSpec(new EntityRef(EntityKind.RentalProperty, property.Value), "visit:999", DeadlineKind.Visit, DateTimeOffset.UtcNow.AddDays(-3), api.Grid.A1, api.Grid.CommunityA, "RH-09");
        var client = await grains.GrainsAsync(api);
        await client.Alert(spec.Key).RaiseAsync(spec, AlertLevel.Yellow, "test:setup");
        var token = ApiSystem.Token("community-admin", "admin-fix", community: api.Grid.CommunityA.Value);

        var resolved = await api.PostAsync(Path(spec.Key) + "/resolutions", token, new { reason = "重复的卡片" });
        var again = await api.PostAsync(Path(spec.Key) + "/resolutions", token, new { reason = "重复的卡片" });

        Assert.Equal((200, "Resolved"), (resolved.Status, resolved.Json["status"]!.GetValue<string>()));
        Assert.Equal(resolved.Body, again.Body);
        var row = Assert.Single(await api.JournalAsync("alert", spec.Key), e => e.EventType == "alert-resolved");
        Assert.Equal("community-admin:admin-fix", row.Actor);
        Assert.Contains("重复的卡片", row.Payload, StringComparison.Ordinal);
        Assert.DoesNotContain((await api.GetAsync($"/api/v1/alerts?cell={api.Grid.A1.Value}", token)).Json["alerts"]!.AsArray(), a => a!["key"]!.GetValue<string>() == spec.Key);
    }

    [Fact]
    public async Task Officers_SeeTheAlertsOfTheirCaseload_AndNoOneElses()
    {
        var officer = "officer-" + Guid.NewGuid().ToString("N")[..8];
        var person = await grains.EnrolPersonAsync(api, TestGrid.Centre(0, 1), Programme.CommunityCorrection, officer, DateTimeOffset.UtcNow - TimeSpan.FromDays(60));
        var key = await grains.OverdueVisitAlertAsync(api, new EntityRef(EntityKind.MonitoredPerson, person.Value), api.Grid.B1);
        var mine = ApiSystem.Token("correction-officer", officer);
        var other = ApiSystem.Token("correction-officer", "officer-" + Guid.NewGuid().ToString("N")[..8]);

        var list = await api.GetAsync("/api/v1/alerts", mine);
        var byCell = await api.GetAsync($"/api/v1/alerts?cell={api.Grid.B1.Value}", mine);
        var one = await api.GetAsync(Path(key), mine);
        var otherList = await api.GetAsync("/api/v1/alerts", other);
        var otherCell = await api.GetAsync($"/api/v1/alerts?cell={api.Grid.B1.Value}", other);
        var otherOne = await api.GetAsync(Path(key), other);

        Assert.Contains(list.Json["alerts"]!.AsArray(), a => a!["key"]!.GetValue<string>() == key);
        Assert.All(byCell.Json["alerts"]!.AsArray(), a => Assert.Equal(person.Value, a!["source"]!["id"]!.GetValue<Guid>()));
        Assert.Contains(byCell.Json["alerts"]!.AsArray(), a => a!["key"]!.GetValue<string>() == key);
        Assert.Equal(200, one.Status);
        Assert.Empty(otherList.Json["alerts"]!.AsArray());
        Assert.Equal((403, 403), (otherCell.Status, otherOne.Status));
    }

    private static bool Lists(ApiResponse list, string key) =>
        list.Status == 200 && list.Json["alerts"]!.AsArray().Any(a => a!["key"]!.GetValue<string>() == key);

    [Fact]
    public async Task L2_ATripReturnCardOfACorrectionSubject_IsWithheldFromCallersWhoMayNotSeeTheirLocation()
    {
        var officer = "officer-" + Guid.NewGuid().ToString("N")[..8];
        var person = await grains.EnrolPersonAsync(api, TestGrid.Centre(0, 0), Programme.CommunityCorrection, officer);
        var spec = new AlertSpec(new EntityRef(EntityKind.MonitoredPerson, person.Value), "trip:" + Guid.NewGuid().ToString("N"), DeadlineKind.TripReturn,
            DateTimeOffset.UtcNow.AddDays(-1), api.Grid.A1, api.Grid.CommunityA, "CC-21");
        await (await grains.GrainsAsync(api)).Alert(spec.Key).RaiseAsync(spec, AlertLevel.Yellow, "test:setup");
        var worker = ApiSystem.Token("grid-worker", cells: [api.Grid.A1.Value]);
        var admin = Admin(api.Grid.CommunityA.Value);
        var centre = ApiSystem.Token("command-centre");
        var mine = ApiSystem.Token("correction-officer", officer);
        var before = await api.JournalAsync("alert", spec.Key);

        foreach (var token in new[] { worker, admin, centre })
        {
            var one = await api.GetAsync(Path(spec.Key), token);
            var ack = await api.PostAsync(Path(spec.Key) + "/acknowledgements", token, new { note = "去看看" });
            var resolve = await api.PostAsync(Path(spec.Key) + "/resolutions", token, new { reason = "看过了" });
            Assert.Equal((403, "/problems/forbidden-role"), (one.Status, one.ProblemType));
            Assert.Equal((403, 403), (ack.Status, resolve.Status));
            Assert.DoesNotContain(spec.Key, one.Body + ack.Body + resolve.Body, StringComparison.Ordinal);
            Assert.False(Lists(await api.GetAsync($"/api/v1/alerts?cell={api.Grid.A1.Value}", token), spec.Key));
            Assert.False(Lists(await api.GetAsync($"/api/v1/alerts?community={api.Grid.CommunityA.Value}", token), spec.Key));
        }

        Assert.False(Lists(await api.GetAsync("/api/v1/alerts", worker), spec.Key));
        Assert.False(Lists(await api.GetAsync("/api/v1/alerts", centre), spec.Key));
        Assert.Equal(before, await api.JournalAsync("alert", spec.Key));
        // The officer, who may read the subject's location (CC-31), sees and takes on the card.
        Assert.Equal(200, (await api.GetAsync(Path(spec.Key), mine)).Status);
        Assert.True(Lists(await api.GetAsync($"/api/v1/alerts?cell={api.Grid.A1.Value}", mine), spec.Key));
        Assert.Equal(200, (await api.PostAsync(Path(spec.Key) + "/acknowledgements", mine, new { note = "电话联系" })).Status);
    }

    [Fact]
    public async Task L6_AfterItsPropertyMoves_ACardIsTheNewCellsNotTheOldOnes()
    {
        var (property, key) = await grains.OverduePropertyAsync(api, 0, 0);
        var client = await grains.GrainsAsync(api);
        var moved = await client.FieldEntity(new EntityRef(EntityKind.RentalProperty, property.Value)).MoveAsync(TestGrid.Centre(1, 0), "test:setup");
        Assert.True(moved.IsOk, moved.Detail);
        var oldWorker = ApiSystem.Token("grid-worker", cells: [api.Grid.A1.Value]);
        var newWorker = ApiSystem.Token("grid-worker", "worker-new", cells: [api.Grid.A2.Value]);

        var oldOne = await api.GetAsync(Path(key), oldWorker);
        var oldAck = await api.PostAsync(Path(key) + "/acknowledgements", oldWorker, new { note = "x" });
        Assert.Equal((403, "/problems/out-of-scope"), (oldOne.Status, oldOne.ProblemType));
        Assert.Equal(403, oldAck.Status);
        Assert.False(Lists(await api.GetAsync("/api/v1/alerts", oldWorker), key));
        Assert.False(Lists(await api.GetAsync($"/api/v1/alerts?cell={api.Grid.A1.Value}", Admin(api.Grid.CommunityA.Value)), key));

        Assert.Equal(200, (await api.GetAsync(Path(key), newWorker)).Status);
        Assert.True(Lists(await api.GetAsync("/api/v1/alerts", newWorker), key));
        Assert.True(Lists(await api.GetAsync($"/api/v1/alerts?cell={api.Grid.A2.Value}", Admin(api.Grid.CommunityA.Value)), key));
        var ack = await api.PostAsync(Path(key) + "/acknowledgements", newWorker, new { note = "今天去" });
        Assert.Equal((200, "grid-worker:worker-new"), (ack.Status, ack.Json["acknowledgedBy"]!.GetValue<string>()));
    }

    [Fact]
    public async Task L9_AFormerOfficer_LosesTheCards_EvenWhileTheirCaseloadIndexStillListsThePerson()
    {
        var former = "officer-" + Guid.NewGuid().ToString("N")[..8];
        var current = "officer-" + Guid.NewGuid().ToString("N")[..8];
        var person = await grains.EnrolPersonAsync(api, TestGrid.Centre(0, 1), Programme.CommunityCorrection, former, DateTimeOffset.UtcNow - TimeSpan.FromDays(60));
        var key = await grains.OverdueVisitAlertAsync(api, new EntityRef(EntityKind.MonitoredPerson, person.Value), api.Grid.B1);
        var client = await grains.GrainsAsync(api);
        Assert.True((await client.Person(person).AssignOfficerAsync(current, "test:setup")).IsOk);
        // The index lags the reassignment: the former officer's caseload still lists the person.
        await client.Caseload(former).SetAsync(person, assigned: true);
        var formerToken = ApiSystem.Token("correction-officer", former);
        var currentToken = ApiSystem.Token("correction-officer", current);

        var one = await api.GetAsync(Path(key), formerToken);
        var ack = await api.PostAsync(Path(key) + "/acknowledgements", formerToken, new { note = "x" });
        var byCell = await api.GetAsync($"/api/v1/alerts?cell={api.Grid.B1.Value}", formerToken);

        Assert.Equal((403, "/problems/out-of-scope"), (one.Status, one.ProblemType));
        Assert.Equal(403, ack.Status);
        Assert.False(Lists(await api.GetAsync("/api/v1/alerts", formerToken), key));
        Assert.False(Lists(byCell, key));
        Assert.Equal(200, (await api.GetAsync(Path(key), currentToken)).Status);
        Assert.True(Lists(await api.GetAsync("/api/v1/alerts", currentToken), key));
    }
}
