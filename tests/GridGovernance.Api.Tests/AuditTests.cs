using GridGovernance.Api.Tests.Infrastructure;

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
