using System.Text.Json.Nodes;
using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Api.Tests.Matrix;

namespace GridGovernance.Api.Tests;

/// <summary>The auditor's view of the journal: reads of people with who and why (PI-10, CC-37), paged and filtered.</summary>
public sealed class AuditTests(ApiSystem api)
{
    private static string Auditor => ApiSystem.Token("auditor", "auditor-1");

    [Fact]
    public async Task PI10_CC37_Audit_ShowsEachReadOfAPerson_WithWhoAndWhy_PagedBySeq()
    {
        var admin = ApiSystem.Token("community-admin", "admin-a", community: api.Grid.CommunityA.Value);
        var id = await PeopleKit.EnrolAsync(api, admin, TestGrid.Centre(0, 0));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await api.GetAsync($"/api/v1/people/{id}?purpose=check%20{i}", admin)).Status);
        }

        var first = await api.GetAsync($"/api/v1/audit?entity=person:{id}&type=person-record-read&limit=2", Auditor);
        var next = first.Json["next"]!.GetValue<long>();
        var second = await api.GetAsync($"/api/v1/audit?entity=person:{id}&type=person-record-read&limit=2&after={next}", Auditor);

        Assert.Equal(200, first.Status);
        var rows = first.Json["items"]!.AsArray().Concat(second.Json["items"]!.AsArray()).ToList();
        Assert.Equal(["check 0", "check 1", "check 2"], rows.Select(r => r!["payload"]!["purpose"]!.GetValue<string>()));
        Assert.All(rows, r => Assert.Equal(("community-admin:admin-a", $"person:{id:N}"), (r!["actor"]!.GetValue<string>(), r["entity"]!.GetValue<string>())));
        Assert.Null(second.Json["next"]);
    }

    [Fact]
    public async Task Audit_FiltersByActorAndTime()
    {
        var subject = "admin-audit-" + Guid.NewGuid().ToString("N")[..6];
        var admin = ApiSystem.Token("community-admin", subject, community: api.Grid.CommunityA.Value);
        var id = await PeopleKit.EnrolAsync(api, admin, TestGrid.Centre(1, 0));
        var actor = "community-admin:" + subject;

        var all = await api.GetAsync($"/api/v1/audit?actor={Uri.EscapeDataString(actor)}", Auditor);
        var future = await api.GetAsync($"/api/v1/audit?actor={Uri.EscapeDataString(actor)}&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"))}", Auditor);

        Assert.Contains(all.Json["items"]!.AsArray(), r => r!["eventType"]!.GetValue<string>() == "person-enrolled" && r["entity"]!.GetValue<string>() == $"person:{id:N}");
        Assert.Empty(future.Json["items"]!.AsArray());
    }

    [Fact]
    public async Task CC31_Audit_WithholdsAPersonsHomePointsAndHomeProperty_KeepsTheRows()
    {
        var admin = ApiSystem.Token("community-admin", "admin-a", community: api.Grid.CommunityA.Value);
        var id = await PeopleKit.EnrolAsync(api, admin, TestGrid.Centre(0, 0));
        var property = await PlacesKit.RegisterPropertyAsync(api, admin, TestGrid.Centre(1, 0));
        Assert.Equal(204, (await api.PostAsync($"/api/v1/people/{id}/moves", admin, new { location = ApiSystem.Point(TestGrid.Centre(1, 0)) })).Status);
        Assert.Equal(204, (await api.PutAsync($"/api/v1/people/{id}/home", admin, new { property })).Status);

        var page = await api.GetAsync($"/api/v1/audit?entity=person:{id}", Auditor);

        Assert.Equal(200, page.Status);
        var rows = page.Json["items"]!.AsArray();
        foreach (var type in new[] { "location-changed", "home-linked" })
        {
            var payload = rows.Single(r => r!["eventType"]!.GetValue<string>() == type)!["payload"]!.AsObject();
            Assert.False(payload.ContainsKey("from"), type);
            Assert.False(payload.ContainsKey("to"), type);
            Assert.True(payload["locationWithheld"]!.GetValue<bool>());
        }

        Assert.DoesNotContain(property.ToString("N"), page.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(property.ToString(), page.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("latitude", page.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Audit_EachQueryIsItselfJournaled_WithTheAuditorAndTheFilters()
    {
        var subject = "auditor-" + Guid.NewGuid().ToString("N")[..8];
        var entity = $"person:{Guid.NewGuid()}";

        var page = await api.GetAsync($"/api/v1/audit?entity={entity}&limit=5", ApiSystem.Token("auditor", subject));
        var refused = await api.GetAsync("/api/v1/audit?limit=0", ApiSystem.Token("auditor", subject));

        Assert.Equal((200, 400), (page.Status, refused.Status));
        var row = Assert.Single(await api.JournalAsync("audit", "journal"), r => r.Actor == "auditor:" + subject);
        Assert.Equal("audit-queried", row.EventType);
        var payload = JsonNode.Parse(row.Payload)!;
        Assert.Equal((entity, "5", 0), (payload["filters"]!["entity"]!.GetValue<string>(), payload["filters"]!["limit"]!.GetValue<string>(), payload["rows"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Audit_TimesWithAnyOffset_AreTheSameInstant()
    {
        var subject = "admin-audit-" + Guid.NewGuid().ToString("N")[..6];
        var admin = ApiSystem.Token("community-admin", subject, community: api.Grid.CommunityA.Value);
        await PeopleKit.EnrolAsync(api, admin, TestGrid.Centre(1, 0));
        var china = TimeSpan.FromHours(8);
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToOffset(china).ToString("O"));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToOffset(china).ToString("O"));

        var response = await api.GetAsync($"/api/v1/audit?actor={Uri.EscapeDataString("community-admin:" + subject)}&from={from}&to={to}", Auditor);

        Assert.Equal(200, response.Status);
        Assert.Contains(response.Json["items"]!.AsArray(), r => r!["eventType"]!.GetValue<string>() == "person-enrolled");
    }

    [Theory]
    [InlineData("entity=person", "entity")]
    [InlineData("type=Not%20A%20Type", "type")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2020-13-01", "to")]
    [InlineData("from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to")]
    [InlineData("after=-1", "after")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    public async Task Audit_BadParameters_Are400NamingThem(string query, string field)
    {
        var response = await api.GetAsync("/api/v1/audit?" + query, Auditor);

        Assert.Equal((400, field), (response.Status, response.Json["field"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("grid-worker")]
    [InlineData("community-admin")]
    [InlineData("command-centre")]
    [InlineData("correction-officer")]
    [InlineData("operator")]
    public async Task Audit_OnlyAuditors(string role)
    {
        var response = await api.GetAsync("/api/v1/audit?limit=1", ApiSystem.Token(role, cells: [api.Grid.A1.Value], community: api.Grid.CommunityA.Value));

        Assert.Equal((403, "/problems/forbidden-role"), (response.Status, response.ProblemType));
    }
}
