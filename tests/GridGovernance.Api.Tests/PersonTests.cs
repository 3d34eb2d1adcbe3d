using System.Text.Json.Nodes;
using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Api.Tests.Matrix;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Supervision;

namespace GridGovernance.Api.Tests;

/// <summary>Monitored people over HTTP: enrolment, the masked and audited record, CC-31 location data, reveals, field work, caseloads.</summary>
public sealed class PersonTests(ApiSystem api, GrainAccess grains)
{
    private static readonly GeoPoint A1 = TestGrid.Centre(0, 0), A2 = TestGrid.Centre(1, 0), B1 = TestGrid.Centre(0, 1);

    private string AdminA => ApiSystem.Token("community-admin", "admin-a", community: api.Grid.CommunityA.Value);

    private string AdminB => ApiSystem.Token("community-admin", "admin-b", community: api.Grid.CommunityB.Value);

    private string WorkerA1 => ApiSystem.Token("grid-worker", "worker-a1", cells: [api.Grid.A1.Value]);

    private string WorkerA2 => ApiSystem.Token("grid-worker", "worker-a2", cells: [api.Grid.A2.Value]);

    [Fact]
    public async Task Enrol_ByTheCommunityAdmin_ThenRead_ShowsTheNameMaskedAndLogsOneReadWithWhoAndWhy()
    {
        var id = await PeopleKit.EnrolAsync(api, AdminA, A1, "CommunityDrugRehabilitation", name: "李小龙");

        var read = await api.GetAsync($"/api/v1/people/{id}?purpose=home%20visit%20planning", AdminA);

        Assert.Equal(200, read.Status);
        Assert.Equal("李**", read.Json["name"]!.GetValue<string>());
        Assert.DoesNotContain("李小龙", read.Body, StringComparison.Ordinal);
        Assert.Equal(api.Grid.A1.Value, read.Json["person"]!["cell"]!.GetValue<string>());
        // A rehabilitation subject's home is shown to those who visit them.
        Assert.NotNull(read.Json["home"]);
        var audit = Assert.Single(await PeopleKit.JournalAsync(api, id, "person-record-read"));
        Assert.Equal("community-admin:admin-a", audit.Actor);
        var payload = JsonNode.Parse(audit.Payload)!;
        Assert.Equal(("home visit planning", "community-admin", "GetPerson"), (payload["purpose"]!.GetValue<string>(), payload["role"]!.GetValue<string>(), payload["operation"]!.GetValue<string>()));
        Assert.Null(payload["breakGlass"]);
    }

    [Fact]
    public async Task Enrol_Retried_GetsTheSameAnswer_OtherDetailsConflict()
    {
        var id = Guid.NewGuid();
        var body = PeopleKit.EnrolBody(A1);

        var first = await api.PutAsync($"/api/v1/people/{id}", AdminA, body);
        var again = await api.PutAsync($"/api/v1/people/{id}", AdminA, body);
        var other = await api.PutAsync($"/api/v1/people/{id}", AdminA, PeopleKit.EnrolBody(A1, name: "别人"));

        Assert.Equal((200, 200), (first.Status, again.Status));
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(409, other.Status);
        Assert.Single(await PeopleKit.JournalAsync(api, id, "person-enrolled"));
    }

    [Fact]
    public async Task Enrol_HomeInAnotherCommunity_IsOutOfScope_AndChangesNothing()
    {
        var id = Guid.NewGuid();
        var before = await PeopleKit.ChangesAsync(api, id);

        var response = await api.PutAsync($"/api/v1/people/{id}", AdminB, PeopleKit.EnrolBody(A1));

        Assert.Equal((403, "/problems/out-of-scope"), (response.Status, response.ProblemType));
        Assert.Equal(before, await PeopleKit.ChangesAsync(api, id));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("home.latitude")]
    [InlineData("programme")]
    public async Task Enrol_BadInput_Is400NamingTheField_AndChangesNothing(string field)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(PeopleKit.EnrolBody(A1), ApiSystem.Json))!.AsObject();
        switch (field)
        {
            case "name":
                body.Remove("name");
                break;
            case "home.latitude":
                body["home"]!["latitude"] = 123.0;
                break;
            default:
                body.Remove("programme");
                break;
        }

        var id = Guid.NewGuid();
        var before = await PeopleKit.ChangesAsync(api, id);
        var response = await api.PutAsync($"/api/v1/people/{id}", AdminA, body.ToJsonString());

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(field, response.Json["field"]!.GetValue<string>());
        Assert.Contains(field, response.Json["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(before, await PeopleKit.ChangesAsync(api, id));
    }

    [Fact]
    public async Task Read_WithoutAPurpose_Is400NamingPurpose_AndLogsNothing()
    {
        var id = await PeopleKit.EnrolAsync(api, AdminA, A1);

        var response = await api.GetAsync($"/api/v1/people/{id}", AdminA);
        var blank = await api.GetAsync($"/api/v1/people/{id}?purpose=%20", AdminA);

        Assert.Equal((400, "purpose"), (response.Status, response.Json["field"]!.GetValue<string>()));
        Assert.Equal(400, blank.Status);
        Assert.Empty(await PeopleKit.JournalAsync(api, id, "person-record-read"));
    }

    [Fact]
    public async Task Read_UnknownPerson_Is404_BadId_Is400()
    {
        var unknown = await api.GetAsync($"/api/v1/people/{Guid.NewGuid()}?purpose=x", AdminA);
        var bad = await api.GetAsync("/api/v1/people/not-a-uuid?purpose=x", AdminA);

        Assert.Equal((404, "/problems/not-found"), (unknown.Status, unknown.ProblemType));
        Assert.Equal((400, "id"), (bad.Status, bad.Json["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Read_WorkerOfTheCell_MayRead_WorkerOfAnotherCell_IsOutOfScope()
    {
        var id = await PeopleKit.EnrolAsync(api, AdminA, A1, "CommunityDrugRehabilitation");

        var mine = await api.GetAsync($"/api/v1/people/{id}?purpose=visit", WorkerA1);
        var other = await api.GetAsync($"/api/v1/people/{id}?purpose=visit", WorkerA2);
        var otherCommunity = await api.GetAsync($"/api/v1/people/{id}?purpose=visit", AdminB);

        Assert.Equal(200, mine.Status);
        Assert.Equal((403, "/problems/out-of-scope"), (other.Status, other.ProblemType));
        Assert.Equal((403, "/problems/out-of-scope"), (otherCommunity.Status, otherCommunity.ProblemType));
        Assert.Single(await PeopleKit.JournalAsync(api, id, "person-record-read"));
    }

    [Fact]
    public async Task CC31_CorrectionHome_OnlyTheOfficerSeesIt_WorkerAdminAndCommandCentreDoNot()
    {
        var officer = PeopleKit.NewOfficer();
        var id = await PeopleKit.EnrolAsync(api, PeopleKit.OfficerToken(officer), A1);

        var byOfficer = await api.GetAsync($"/api/v1/people/{id}?purpose=supervision", PeopleKit.OfficerToken(officer));
        var others = new[] { WorkerA1, AdminA, ApiSystem.Token("command-centre") };

        Assert.Equal(200, byOfficer.Status);
        Assert.Equal(A1.Longitude, byOfficer.Json["home"]!["longitude"]!.GetValue<double>(), 6);
        Assert.False(byOfficer.Json["locationWithheld"]!.GetValue<bool>());
        foreach (var token in others)
        {
            var response = await api.GetAsync($"/api/v1/people/{id}?purpose=overview", token);
            Assert.Equal(200, response.Status);
            Assert.Null(response.Json["home"]);
            Assert.Null(response.Json["homeProperty"]);
            Assert.True(response.Json["locationWithheld"]!.GetValue<bool>());
        }

        var reads = await PeopleKit.JournalAsync(api, id, "person-record-read");
        Assert.Equal(4, reads.Count);
        Assert.Equal([true, false, false, false], reads.Select(r => JsonNode.Parse(r.Payload)!["location"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Officer_EnrolmentPutsThePersonOnTheirCaseload_AnotherOfficerIsOutOfScope()
    {
        var (mine, theirs) = (PeopleKit.NewOfficer(), PeopleKit.NewOfficer());
        var id = await PeopleKit.EnrolAsync(api, PeopleKit.OfficerToken(mine), B1);

        var byMine = await api.GetAsync($"/api/v1/people/{id}?purpose=supervision", PeopleKit.OfficerToken(mine));
        var byTheirs = await api.GetAsync($"/api/v1/people/{id}?purpose=supervision", PeopleKit.OfficerToken(theirs));

        Assert.Equal(200, byMine.Status);
        Assert.Equal(mine, byMine.Json["person"]!["officer"]!.GetValue<string>());
        Assert.Equal((403, "/problems/out-of-scope"), (byTheirs.Status, byTheirs.ProblemType));
    }

    [Fact]
    public async Task AssignOfficer_MovesTheCaseload_TheFormerOfficerLosesAccess_JournaledWithTheActor()
    {
        var (first, second) = (PeopleKit.NewOfficer(), PeopleKit.NewOfficer());
        var id = await PeopleKit.EnrolOnCaseloadAsync(api, api.Grid.CommunityA.Value, A2, first);

        var again = await api.PutAsync($"/api/v1/people/{id}/officer", AdminA, new { officer = second });
        var retried = await api.PutAsync($"/api/v1/people/{id}/officer", AdminA, new { officer = second });

        Assert.Equal((204, 204), (again.Status, retried.Status));
        Assert.Equal(403, (await api.GetAsync($"/api/v1/people/{id}?purpose=x", PeopleKit.OfficerToken(first))).Status);
        Assert.Equal(200, (await api.GetAsync($"/api/v1/people/{id}?purpose=x", PeopleKit.OfficerToken(second))).Status);
        var assigned = await PeopleKit.JournalAsync(api, id, "officer-assigned");
        Assert.Equal(2, assigned.Count);
        Assert.Equal(["community-admin:admin-" + api.Grid.CommunityA.Value, "community-admin:admin-a"], assigned.Select(r => r.Actor));
    }

    [Fact]
    public async Task AssignOfficer_ByAWorkerOrAnotherCommunity_IsRefused()
    {
        var id = await PeopleKit.EnrolAsync(api, AdminA, A1);

        var worker = await api.PutAsync($"/api/v1/people/{id}/officer", WorkerA1, new { officer = "x" });
        var otherAdmin = await api.PutAsync($"/api/v1/people/{id}/officer", AdminB, new { officer = "x" });

        Assert.Equal((403, "/problems/forbidden-role"), (worker.Status, worker.ProblemType));
        Assert.Equal((403, "/problems/out-of-scope"), (otherAdmin.Status, otherAdmin.ProblemType));
    }

    [Fact]
    public async Task Caseload_ListsTheOfficersPeopleMasked_AndLogsAReadOfEach()
    {
        var officer = PeopleKit.NewOfficer();
        var first = await PeopleKit.EnrolAsync(api, PeopleKit.OfficerToken(officer), A1);
        var second = await PeopleKit.EnrolAsync(api, PeopleKit.OfficerToken(officer), B1, "CommunityDrugRehabilitation");

        var list = await api.GetAsync("/api/v1/caseloads/me?purpose=daily%20review", PeopleKit.OfficerToken(officer));
        var noPurpose = await api.GetAsync("/api/v1/caseloads/me", PeopleKit.OfficerToken(officer));
        var someoneElse = await api.GetAsync("/api/v1/caseloads/me?purpose=daily%20review", PeopleKit.OfficerToken(PeopleKit.NewOfficer()));

        Assert.Equal(200, list.Status);
        Assert.Equal(new[] { first, second }.Order(), list.Json.AsArray().Select(p => p!["person"]!["id"]!.GetValue<Guid>()).Order());
        Assert.All(list.Json.AsArray(), p => Assert.EndsWith("*", p!["name"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal(400, noPurpose.Status);
        Assert.Empty(someoneElse.Json.AsArray());
        foreach (var id in new[] { first, second })
        {
            var read = Assert.Single(await PeopleKit.JournalAsync(api, id, "person-record-read"));
            Assert.Equal("ListMyCaseload", JsonNode.Parse(read.Payload)!["operation"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task UrgentCaseload_OverdueBeforePendingProposalBeforeQuiet_NamesMasked_AndLogsAReadOfEach()
    {
        var officer = PeopleKit.NewOfficer();
        var token = PeopleKit.OfficerToken(officer);
        var quiet = await PeopleKit.EnrolAsync(api, token, A2, "CommunityDrugRehabilitation");
        var proposal = await PeopleKit.ActiveCorrectionCaseAsync(api, token, A1);
        var violation = await api.PostAsync($"/api/v1/people/{proposal}/correction-case/violations", token,
            new { violationId = Guid.NewGuid(), kind = "VisitorRuleBreach", occurredOn = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), days = (int?)null, description = "接待访客未报告" });
        Assert.True(violation.Status == 204, $"violation: {violation}");
        var overdue = (await grains.EnrolPersonAsync(api, B1, Programme.CommunityCorrection, officer, lastVisitedAt: DateTimeOffset.UtcNow - TimeSpan.FromDays(60))).Value;

        var list = await api.GetAsync("/api/v1/caseloads/me/urgent?purpose=morning%20triage", token);
        var noPurpose = await api.GetAsync("/api/v1/caseloads/me/urgent", token);
        var someoneElse = await api.GetAsync("/api/v1/caseloads/me/urgent?purpose=morning%20triage", PeopleKit.OfficerToken(PeopleKit.NewOfficer()));

        Assert.Equal(200, list.Status);
        Assert.NotNull(list.Json["asOf"]);
        var people = list.Json["people"]!.AsArray();
        Assert.Equal([overdue, proposal, quiet], people.Select(p => p!["id"]!.GetValue<Guid>()));
        Assert.Equal([1, 2, 3], people.Select(p => p!["rank"]!.GetValue<int>()));
        Assert.Equal([1, 2, 5], people.Select(p => p!["tier"]!.GetValue<int>()));
        Assert.All(people, p => Assert.EndsWith("*", p!["name"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.DoesNotContain("张三丰", list.Body, StringComparison.Ordinal);
        Assert.Contains(people[0]!["overdue"]!.AsArray(), d => d!["kind"]!.GetValue<string>() == "Visit" && d["dueAt"] is not null && d["rule"] is not null);
        Assert.Equal(("CommunityCorrection", api.Grid.B1.Value), (people[0]!["programme"]!.GetValue<string>(), people[0]!["cell"]!.GetValue<string>()));
        var pending = Assert.Single(people[1]!["proposals"]!.AsArray())!;
        Assert.Equal(("Admonition", "CC-19"), (pending["sanction"]!.GetValue<string>(), pending["rule"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(pending["article"]!.GetValue<string>()));
        Assert.NotEmpty(pending["violations"]!.AsArray());
        Assert.StartsWith("CC-19:", pending["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(people[1]!["overdue"]!.AsArray());
        Assert.Equal(("Active", "Strict"), (people[1]!["stage"]!.GetValue<string>(), people[1]!["level"]!.GetValue<string>()));
        Assert.Empty(people[2]!["proposals"]!.AsArray());
        Assert.Empty(people[2]!["trips"]!.AsArray());
        Assert.Empty(people[2]!["expiringOrders"]!.AsArray());
        Assert.Contains(people[2]!["upcoming"]!.AsArray(), d => d!["kind"]!.GetValue<string>() == "RehabReport");
        Assert.Equal((400, "purpose"), (noPurpose.Status, noPurpose.Json["field"]!.GetValue<string>()));
        Assert.Empty(someoneElse.Json["people"]!.AsArray());
        foreach (var id in new[] { overdue, proposal, quiet })
        {
            var read = Assert.Single(await PeopleKit.JournalAsync(api, id, "person-record-read"));
            Assert.Equal(("ListMyUrgentCaseload", "morning triage"), (JsonNode.Parse(read.Payload)!["operation"]!.GetValue<string>(), JsonNode.Parse(read.Payload)!["purpose"]!.GetValue<string>()));
            Assert.Equal("correction-officer:" + officer, read.Actor);
        }
    }

    [Fact]
    public async Task History_NewestFirst_PagedBySeq_CarriesRules_AndIsLoggedWithoutListingReads()
    {
        var officer = PeopleKit.NewOfficer();
        var token = PeopleKit.OfficerToken(officer);
        var id = await PeopleKit.ActiveCorrectionCaseAsync(api, token, A1);
        var violation = await api.PostAsync($"/api/v1/people/{id}/correction-case/violations", token,
            new { violationId = Guid.NewGuid(), kind = "VisitorRuleBreach", occurredOn = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), days = (int?)null, description = "接待访客未报告" });
        Assert.True(violation.Status == 204, $"violation: {violation}");
        var journal = (await api.JournalAsync("person", id.ToString("N"))).Where(r => r.EventType != "person-record-read").ToList();

        var pages = new List<JsonNode>();
        string? before = null;
        do
        {
            var page = await api.GetAsync($"/api/v1/people/{id}/history?purpose=case%20review&limit=3" + (before is null ? "" : "&before=" + before), token);
            Assert.True(page.Status == 200, $"history page {pages.Count}: {page}");
            pages.Add(page.Json);
            before = page.Json["next"]?.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        while (before is not null && pages.Count < 20);

        var items = pages.SelectMany(p => p["items"]!.AsArray()).ToList();
        Assert.All(pages.SkipLast(1), p => Assert.Equal(3, p["items"]!.AsArray().Count));
        Assert.Null(pages[^1]["next"]);
        Assert.Equal(journal.Count, items.Count);
        var seqs = items.Select(i => i!["seq"]!.GetValue<long>()).ToList();
        Assert.Equal(seqs.OrderDescending(), seqs);
        Assert.Equal(seqs.Count, seqs.Distinct().Count());
        Assert.Equal(journal.Select(r => r.EventType).Reverse(), items.Select(i => i!["type"]!.GetValue<string>()));
        Assert.Contains(items.TakeLast(2), i => i!["type"]!.GetValue<string>() == "person-enrolled");
        Assert.DoesNotContain(items, i => i!["type"]!.GetValue<string>() == "person-record-read");
        var proposed = Assert.Single(items, i => i!["type"]!.GetValue<string>() == "sanction-proposed")!;
        Assert.Equal(("CC-19", "Admonition"), (proposed["rule"]!.GetValue<string>(), proposed["details"]!["kind"]!.GetValue<string>()));
        Assert.Equal("Sanction proposed: Admonition (CC-19)", proposed["summary"]!.GetValue<string>());
        Assert.Contains(items, i => i!["type"]!.GetValue<string>() == "intake-step-done" && i["rule"]!.GetValue<string>() == "CC-05");
        Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i!["actor"]!.GetValue<string>())));
        var reads = await PeopleKit.JournalAsync(api, id, "person-record-read");
        Assert.Equal(pages.Count, reads.Count(r => JsonNode.Parse(r.Payload)!["operation"]!.GetValue<string>() == "ListPersonHistory"));
        Assert.All(reads, r => Assert.Equal("correction-officer:" + officer, r.Actor));
    }

    [Fact]
    public async Task CC31_History_WithholdsHomePointsFromAWorker_TheOfficerSeesThem()
    {
        var officer = PeopleKit.NewOfficer();
        var token = PeopleKit.OfficerToken(officer);
        var id = await PeopleKit.EnrolAsync(api, token, A1);
        var moved = await api.PostAsync($"/api/v1/people/{id}/moves", token, new { location = ApiSystem.Point(new GeoPoint(A1.Longitude + 0.001, A1.Latitude)) });
        Assert.True(moved.Status == 204, $"move: {moved}");

        var byOfficer = await api.GetAsync($"/api/v1/people/{id}/history?purpose=case%20review", token);
        var byWorker = await api.GetAsync($"/api/v1/people/{id}/history?purpose=visit%20planning", WorkerA1);

        Assert.Equal((200, 200), (byOfficer.Status, byWorker.Status));
        var officerMove = byOfficer.Json["items"]!.AsArray().Single(i => i!["type"]!.GetValue<string>() == "location-changed")!["details"]!;
        var workerMove = byWorker.Json["items"]!.AsArray().Single(i => i!["type"]!.GetValue<string>() == "location-changed")!["details"]!;
        Assert.NotNull(officerMove["to"]);
        Assert.Null(workerMove["to"]);
        Assert.Null(workerMove["from"]);
        Assert.True(workerMove["locationWithheld"]!.GetValue<bool>());
        Assert.DoesNotContain("longitude", byWorker.Body, StringComparison.OrdinalIgnoreCase);
        var read = (await PeopleKit.JournalAsync(api, id, "person-record-read")).Single(r => r.Actor == "grid-worker:worker-a1");
        Assert.False(JsonNode.Parse(read.Payload)!["location"]!.GetValue<bool>());
    }

    [Fact]
    public async Task History_WithoutPurpose_Is400_AnotherOfficerIs403_BadPagingIs400_AndNothingIsLogged()
    {
        var officer = PeopleKit.NewOfficer();
        var id = await PeopleKit.EnrolAsync(api, PeopleKit.OfficerToken(officer), A1);

        var noPurpose = await api.GetAsync($"/api/v1/people/{id}/history", PeopleKit.OfficerToken(officer));
        var otherOfficer = await api.GetAsync($"/api/v1/people/{id}/history?purpose=curiosity", PeopleKit.OfficerToken(PeopleKit.NewOfficer()));
        var badLimit = await api.GetAsync($"/api/v1/people/{id}/history?purpose=x&limit=0", PeopleKit.OfficerToken(officer));
        var badBefore = await api.GetAsync($"/api/v1/people/{id}/history?purpose=x&before=-4", PeopleKit.OfficerToken(officer));
        var unknown = await api.GetAsync($"/api/v1/people/{Guid.NewGuid()}/history?purpose=x", PeopleKit.OfficerToken(officer));

        Assert.Equal((400, "purpose"), (noPurpose.Status, noPurpose.Json["field"]!.GetValue<string>()));
        Assert.Equal((403, "/problems/out-of-scope"), (otherOfficer.Status, otherOfficer.ProblemType));
        Assert.Equal((400, "limit"), (badLimit.Status, badLimit.Json["field"]!.GetValue<string>()));
        Assert.Equal((400, "before"), (badBefore.Status, badBefore.Json["field"]!.GetValue<string>()));
        Assert.Equal((404, "/problems/not-found"), (unknown.Status, unknown.ProblemType));
        Assert.Empty(await PeopleKit.JournalAsync(api, id, "person-record-read"));
    }

    [Fact]
    public async Task PI14_Reveal_NeedsAPurpose_ReturnsTheName_AndIsJournaledWithActorAndPurpose()
    {
        var id = await PeopleKit.EnrolAsync(api, AdminA, A1, name: "王小明");

        var refused = await api.PostAsync($"/api/v1/people/{id}/name-reveals", WorkerA1, new { purpose = "" });
        var revealed = await api.PostAsync($"/api/v1/people/{id}/name-reveals", WorkerA1, new { purpose = "核对身份" });
        var otherCell = await api.PostAsync($"/api/v1/people/{id}/name-reveals", WorkerA2, new { purpose = "核对身份" });
        var commandCentre = await api.PostAsync($"/api/v1/people/{id}/name-reveals", ApiSystem.Token("command-centre"), new { purpose = "核对身份" });

        Assert.Equal((400, "purpose"), (refused.Status, refused.Json["field"]!.GetValue<string>()));
        Assert.Equal((200, "王小明"), (revealed.Status, revealed.Json["name"]!.GetValue<string>()));
        Assert.Equal(403, otherCell.Status);
        Assert.Equal(403, commandCentre.Status);
        var reveal = Assert.Single(await PeopleKit.JournalAsync(api, id, "personal-data-revealed"));
        Assert.Equal("grid-worker:worker-a1", reveal.Actor);
        Assert.Equal("核对身份", JsonNode.Parse(reveal.Payload)!["purpose"]!.GetValue<string>());
    }

    [Fact]
    public async Task FieldWork_ReportVisitHomeAndMove_WorkInScope_AndAreJournaledWithTheActor()
    {
        var id = await PeopleKit.EnrolAsync(api, AdminA, A1, "CommunityDrugRehabilitation");
        var visit = new { visitId = Guid.NewGuid(), worker = Guid.NewGuid(), location = ApiSystem.Point(A1), accuracyMetres = 10.0, deviceTime = DateTimeOffset.UtcNow, note = "ok" };

        var report = await api.PostAsync($"/api/v1/people/{id}/reports", WorkerA1, new { reportedAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        var first = await api.PostAsync($"/api/v1/people/{id}/visits", WorkerA1, visit);
        var replay = await api.PostAsync($"/api/v1/people/{id}/visits", WorkerA1, visit);
        var unlink = await api.PutAsync($"/api/v1/people/{id}/home", WorkerA1, new { property = (Guid?)null });
        var unknownHome = await api.PutAsync($"/api/v1/people/{id}/home", WorkerA1, new { property = Guid.NewGuid() });
        var outOfScope = await api.PostAsync($"/api/v1/people/{id}/moves", WorkerA2, new { location = ApiSystem.Point(A2) });
        // Moving into A-2 needs scope there too (L3): a worker of both cells.
        var move = await api.PostAsync($"/api/v1/people/{id}/moves", ApiSystem.Token("grid-worker", "worker-a1", cells: [api.Grid.A1.Value, api.Grid.A2.Value]), new { location = ApiSystem.Point(A2) });

        Assert.Equal(204, report.Status);
        Assert.Equal((200, "Near"), (first.Status, first.Json["proximity"]!.GetValue<string>()));
        Assert.Equal(first.Body, replay.Body);
        Assert.Equal(204, unlink.Status);
        Assert.Equal(404, unknownHome.Status);
        Assert.Equal(403, outOfScope.Status);
        Assert.Equal(204, move.Status);
        var journal = await api.JournalAsync("person", id.ToString("N"));
        Assert.Contains(journal, r => r.EventType == "person-reported" && r.Actor == "grid-worker:worker-a1");
        Assert.Single(journal, r => r.EventType == "visit-recorded");
        Assert.Contains(journal, r => r.EventType == "location-changed" && r.Actor == "grid-worker:worker-a1");
        // Moved to A-2: the worker of A-1 is no longer in scope, the worker of A-2 is.
        Assert.Equal(403, (await api.GetAsync($"/api/v1/people/{id}?purpose=x", WorkerA1)).Status);
        Assert.Equal(200, (await api.GetAsync($"/api/v1/people/{id}?purpose=x", WorkerA2)).Status);
    }

    [Fact]
    public async Task FieldWork_BadBodies_Are400NamingTheField_AndChangeNothing()
    {
        var id = await PeopleKit.EnrolAsync(api, AdminA, A1);
        var before = await PeopleKit.ChangesAsync(api, id);

        var visit = await api.PostAsync($"/api/v1/people/{id}/visits", WorkerA1, new { visitId = Guid.NewGuid(), location = ApiSystem.Point(A1), deviceTime = DateTimeOffset.UtcNow });
        var move = await api.PostAsync($"/api/v1/people/{id}/moves", WorkerA1, new { location = new { longitude = 500.0, latitude = 22.5 } });
        var report = await api.PostAsync($"/api/v1/people/{id}/reports", WorkerA1, new { });

        Assert.Equal((400, "worker"), (visit.Status, visit.Json["field"]!.GetValue<string>()));
        Assert.Equal((400, "location.longitude"), (move.Status, move.Json["field"]!.GetValue<string>()));
        Assert.Equal((400, "reportedAt"), (report.Status, report.Json["field"]!.GetValue<string>()));
        Assert.Equal(before, await PeopleKit.ChangesAsync(api, id));
    }

    [Fact]
    public async Task CC31_VisitDistance_OnlyForWhoMaySeeTheHome_NearFarForAll_OverHttpAndSync()
    {
        var officer = PeopleKit.NewOfficer();
        var correction = await PeopleKit.EnrolAsync(api, PeopleKit.OfficerToken(officer), A1);
        var rehabilitation = await PeopleKit.EnrolAsync(api, AdminA, A1, "CommunityDrugRehabilitation");
        object Visit() => new { visitId = Guid.NewGuid(), worker = Guid.NewGuid(), location = ApiSystem.Point(A1), accuracyMetres = 10.0, deviceTime = DateTimeOffset.UtcNow };
        object SyncVisit(Guid person) => new
        {
            deviceId = "phone-" + Guid.NewGuid().ToString("N")[..6],
            items = new[] { new { itemId = Guid.NewGuid(), type = "visit", entity = new { kind = "person", id = person }, deviceTime = DateTimeOffset.UtcNow, gps = new { longitude = A1.Longitude, latitude = A1.Latitude, accuracyMetres = 10.0 } } },
        };

        var byWorker = await api.PostAsync($"/api/v1/people/{correction}/visits", WorkerA1, Visit());
        var byOfficer = await api.PostAsync($"/api/v1/people/{correction}/visits", PeopleKit.OfficerToken(officer), Visit());
        var rehabByWorker = await api.PostAsync($"/api/v1/people/{rehabilitation}/visits", WorkerA1, Visit());
        var synced = await api.PostAsync("/api/v1/sync", WorkerA1, SyncVisit(correction));
        var syncedRehab = await api.PostAsync("/api/v1/sync", WorkerA1, SyncVisit(rehabilitation));

        Assert.Equal((200, "Near"), (byWorker.Status, byWorker.Json["proximity"]!.GetValue<string>()));
        Assert.Null(byWorker.Json["distanceMetres"]);
        Assert.NotNull(byOfficer.Json["distanceMetres"]);
        Assert.NotNull(rehabByWorker.Json["distanceMetres"]);
        var answer = synced.Json["results"]![0]!["answer"]!;
        Assert.Equal(("accepted", "Near"), (synced.Json["results"]![0]!["status"]!.GetValue<string>(), answer["proximity"]!.GetValue<string>()));
        Assert.Null(answer["distanceMetres"]);
        Assert.NotNull(syncedRehab.Json["results"]![0]!["answer"]!["distanceMetres"]);
    }

    [Fact]
    public async Task Move_NeedsScopeWhereThePointGoes_AsWellAsWhereThePersonIs()
    {
        var id = await PeopleKit.EnrolAsync(api, AdminA, A1);
        var before = await PeopleKit.ChangesAsync(api, id);

        var workerToA2 = await api.PostAsync($"/api/v1/people/{id}/moves", WorkerA1, new { location = ApiSystem.Point(A2) });
        var adminToB1 = await api.PostAsync($"/api/v1/people/{id}/moves", AdminA, new { location = ApiSystem.Point(B1) });

        Assert.Equal((403, "/problems/out-of-scope"), (workerToA2.Status, workerToA2.ProblemType));
        Assert.Equal((403, "/problems/out-of-scope"), (adminToB1.Status, adminToB1.ProblemType));
        Assert.Equal(before, await PeopleKit.ChangesAsync(api, id));
        Assert.Equal(204, (await api.PostAsync($"/api/v1/people/{id}/moves", AdminA, new { location = ApiSystem.Point(A2) })).Status);

        // An officer's reach is their caseload, wherever the person lives.
        var officer = PeopleKit.NewOfficer();
        var onCaseload = await PeopleKit.EnrolAsync(api, PeopleKit.OfficerToken(officer), A1);
        Assert.Equal(204, (await api.PostAsync($"/api/v1/people/{onCaseload}/moves", PeopleKit.OfficerToken(officer), new { location = ApiSystem.Point(B1) })).Status);
    }

    [Fact]
    public async Task LinkHome_NeedsManagePropertyOnTheProperty_404WhenUnknown_AndRefusalsChangeNothing()
    {
        var officer = PeopleKit.NewOfficer();
        var id = await PeopleKit.EnrolAsync(api, PeopleKit.OfficerToken(officer), A1);
        var inA1 = await PlacesKit.RegisterPropertyAsync(api, AdminA, A1);
        var inA2 = await PlacesKit.RegisterPropertyAsync(api, AdminA, A2);
        var inB1 = await PlacesKit.RegisterPropertyAsync(api, AdminB, B1);
        var before = await PeopleKit.ChangesAsync(api, id);

        var otherCell = await api.PutAsync($"/api/v1/people/{id}/home", WorkerA1, new { property = inA2 });
        var otherCommunity = await api.PutAsync($"/api/v1/people/{id}/home", AdminA, new { property = inB1 });
        var unknown = await api.PutAsync($"/api/v1/people/{id}/home", WorkerA1, new { property = Guid.NewGuid() });
        var byOfficer = await api.PutAsync($"/api/v1/people/{id}/home", PeopleKit.OfficerToken(officer), new { property = inA1 });

        Assert.Equal((403, "/problems/out-of-scope"), (otherCell.Status, otherCell.ProblemType));
        Assert.Equal((403, "/problems/out-of-scope"), (otherCommunity.Status, otherCommunity.ProblemType));
        Assert.Equal((404, "/problems/not-found"), (unknown.Status, unknown.ProblemType));
        // Officers do not manage properties: refused before the property is even looked up.
        Assert.Equal((403, "/problems/forbidden-role"), (byOfficer.Status, byOfficer.ProblemType));
        Assert.Equal(before, await PeopleKit.ChangesAsync(api, id));
        Assert.DoesNotContain(await api.JournalAsync("property", inB1.ToString("N")), r => r.EventType.Contains("resident", StringComparison.Ordinal));

        Assert.Equal(204, (await api.PutAsync($"/api/v1/people/{id}/home", WorkerA1, new { property = inA1 })).Status);
        Assert.Equal(204, (await api.PutAsync($"/api/v1/people/{id}/home", PeopleKit.OfficerToken(officer), new { property = (Guid?)null })).Status);
        Assert.Equal(2, (await PeopleKit.JournalAsync(api, id, "home-linked")).Count);
    }

    [Fact]
    public async Task Visit_AWorkerWhoseSubjectIsTheirId_VisitsAsThemselves_LikeAPropertyVisit()
    {
        var id = await PeopleKit.EnrolAsync(api, AdminA, A1, "CommunityDrugRehabilitation");
        var self = Guid.NewGuid();
        var worker = ApiSystem.Token("grid-worker", self.ToString(), cells: [api.Grid.A1.Value]);
        var before = await PeopleKit.ChangesAsync(api, id);

        var asSomeoneElse = await api.PostAsync($"/api/v1/people/{id}/visits", worker, new { visitId = Guid.NewGuid(), worker = Guid.NewGuid(), location = ApiSystem.Point(A1), deviceTime = DateTimeOffset.UtcNow });
        var adminWithoutWorker = await api.PostAsync($"/api/v1/people/{id}/visits", AdminA, new { visitId = Guid.NewGuid(), location = ApiSystem.Point(A1), deviceTime = DateTimeOffset.UtcNow });

        Assert.Equal((400, "worker"), (asSomeoneElse.Status, asSomeoneElse.Json["field"]!.GetValue<string>()));
        Assert.Equal((400, "worker"), (adminWithoutWorker.Status, adminWithoutWorker.Json["field"]!.GetValue<string>()));
        Assert.Equal(before, await PeopleKit.ChangesAsync(api, id));

        var asSelf = await api.PostAsync($"/api/v1/people/{id}/visits", worker, new { visitId = Guid.NewGuid(), location = ApiSystem.Point(A1), deviceTime = DateTimeOffset.UtcNow });
        var sameIdSent = await api.PostAsync($"/api/v1/people/{id}/visits", worker, new { visitId = Guid.NewGuid(), worker = self, location = ApiSystem.Point(A1), deviceTime = DateTimeOffset.UtcNow });

        Assert.Equal((200, 200), (asSelf.Status, sameIdSent.Status));
        Assert.All(await PeopleKit.JournalAsync(api, id, "visit-recorded"), r => Assert.Equal(self, JsonNode.Parse(r.Payload)!["worker"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task PI14_NameReveal_IsNotCached_AndABreakGlassRevealJournalsTheGrant()
    {
        var id = await PeopleKit.EnrolAsync(api, AdminA, A1, name: "王小明");
        var commandCentre = ApiSystem.Token("command-centre", "cc-" + Guid.NewGuid().ToString("N")[..6]);
        var grant = Guid.NewGuid();

        var own = await api.PostAsync($"/api/v1/people/{id}/name-reveals", WorkerA1, new { purpose = "核对身份" });
        var opened = await api.PostAsync("/api/v1/access-grants", commandCentre, new { grantId = grant, kind = "Person", target = id.ToString("N"), reason = "Urgent: resident reported missing, identity check", minutes = 30 });
        var viaGrant = await api.PostAsync($"/api/v1/people/{id}/name-reveals", commandCentre, new { purpose = "紧急核对" });

        Assert.Equal((200, "no-store"), (own.Status, own.Headers.CacheControl?.ToString()));
        Assert.Equal(200, opened.Status);
        Assert.Equal((200, "no-store"), (viaGrant.Status, viaGrant.Headers.CacheControl?.ToString()));
        var reveals = await PeopleKit.JournalAsync(api, id, "personal-data-revealed");
        Assert.Equal(2, reveals.Count);
        Assert.Null(JsonNode.Parse(reveals[0].Payload)!["breakGlass"]);
        Assert.Equal(grant, JsonNode.Parse(reveals[1].Payload)!["breakGlass"]!.GetValue<Guid>());
    }

    [Theory]
    [InlineData("correctionEndsOn", "9999-12-31")]
    [InlineData("reportedAt", "9999-12-31T00:00:00+08:00")]
    [InlineData("reportedAt", "2001-01-01T00:00:00+08:00")]
    public async Task Enrol_ADateOutOfRange_Is400NamingIt_AndNothingIsEnrolled(string field, string value)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(PeopleKit.EnrolBody(A1), ApiSystem.Json))!.AsObject();
        body[field] = value;
        var id = Guid.NewGuid();

        var response = await api.PutAsync($"/api/v1/people/{id}", AdminA, body.ToJsonString());

        Assert.Equal((400, field), (response.Status, response.Json["field"]!.GetValue<string>()));
        Assert.Equal(404, (await api.GetAsync($"/api/v1/people/{id}?purpose=check", AdminA)).Status);
        Assert.Empty(await api.JournalAsync("person", id.ToString("N")));
    }
}

/// <summary>Builds monitored people for the person, case and audit tests (and the matrix rows).</summary>
public static class PeopleKit
{
    /// <summary>The correction-officer role name.</summary>
    public const string Officer = "correction-officer";

    /// <summary>A valid enrolment body.</summary>
    public static object EnrolBody(GeoPoint home, string programme = "CommunityCorrection", string name = "张三丰", string gender = "Male") => new
    {
        name,
        gender,
        home = ApiSystem.Point(home),
        programme,
        sentenceType = programme == "CommunityCorrection" ? "Probation" : null,
        orderEffectiveOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        reportedAt = programme == "CommunityCorrection" ? DateTimeOffset.UtcNow.AddMinutes(-5) : (DateTimeOffset?)null,
    };

    /// <summary>Enrols a person as <paramref name="token"/>; fails the test unless 200.</summary>
    public static async Task<Guid> EnrolAsync(ApiSystem api, string token, GeoPoint home, string programme = "CommunityCorrection", string name = "张三丰", string gender = "Male")
    {
        var id = Guid.NewGuid();
        var response = await api.PutAsync($"/api/v1/people/{id}", token, EnrolBody(home, programme, name, gender));
        Assert.True(response.Status == 200, $"enrol: {response}");
        return id;
    }

    /// <summary>Enrols a person as a community administrator of <paramref name="community"/> and puts them on <paramref name="officer"/>'s caseload.</summary>
    public static async Task<Guid> EnrolOnCaseloadAsync(ApiSystem api, string community, GeoPoint home, string officer, string programme = "CommunityCorrection")
    {
        var admin = ApiSystem.Token("community-admin", "admin-" + community, community: community);
        var id = await EnrolAsync(api, admin, home, programme);
        var assigned = await api.PutAsync($"/api/v1/people/{id}/officer", admin, new { officer });
        Assert.True(assigned.Status == 204, $"assign officer: {assigned}");
        return id;
    }

    /// <summary>Enrols a correction subject as <paramref name="token"/>'s officer and completes intake (four steps and a team): the case is active.</summary>
    public static async Task<Guid> ActiveCorrectionCaseAsync(ApiSystem api, string token, GeoPoint home)
    {
        var id = await EnrolAsync(api, token, home);
        foreach (var step in new[] { "DocumentsChecked", "IdentityVerified", "FileCreated", "RulesAnnounced" })
        {
            var done = await api.PostAsync($"/api/v1/people/{id}/correction-case/intake-steps", token, new { step });
            Assert.True(done.Status == 204, $"intake {step}: {done}");
        }

        var team = await api.PutAsync($"/api/v1/people/{id}/correction-case/team", token, new { team = new[] { new { name = "司法所 陈", role = "JudicialOfficer", gender = "Female" } } });
        Assert.True(team.Status == 204, $"team: {team}");
        return id;
    }

    /// <summary>A token of a correction officer.</summary>
    public static string OfficerToken(string subject) => ApiSystem.Token(Officer, subject);

    /// <summary>A fresh officer subject.</summary>
    public static string NewOfficer() => "officer-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// What has been recorded about one person (their journal without reads: every change journals an event). The
    /// store-wide fingerprint also counts what tests running in parallel change, so per-person checks use this.
    /// </summary>
    public static async Task<string> ChangesAsync(ApiSystem api, Guid person) =>
        string.Join('|', (await api.JournalAsync("person", person.ToString("N"))).Where(r => r.EventType != "person-record-read").Select(r => r.EventType + "/" + r.Payload));

    /// <summary>The rows of one event type in a person's journal.</summary>
    public static async Task<IReadOnlyList<(string EventType, string Actor, string Payload)>> JournalAsync(ApiSystem api, Guid person, string eventType) =>
        [.. (await api.JournalAsync("person", person.ToString("N"))).Where(r => r.EventType == eventType)];
}
