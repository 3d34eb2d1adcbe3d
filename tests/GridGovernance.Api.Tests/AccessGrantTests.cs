using GridGovernance.Api.Tests.Infrastructure;

namespace GridGovernance.Api.Tests;

/// <summary>
/// Break-glass: a grid worker of A-1 is refused B-1, opens a grant with a reason, and then reaches B-1 (its
/// filtered stream, and B-1's events on the plain stream) while the grant lasts; the grant is journaled with the reason.
/// </summary>
public sealed class AccessGrantTests(ApiSystem api)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static object Grant(Guid id, string kind, string target, string reason = "Colleague on sick leave; resident reported a fire risk", int minutes = 30) =>
        new { grantId = id, kind, target, reason, minutes };

    [Fact]
    public async Task BreakGlass_WorkerRefusedAnotherCell_OpensAGrant_ThenReachesIt_AndTheReasonIsJournaled()
    {
        var subject = "worker-" + Guid.NewGuid().ToString("N")[..8];
        var token = ApiSystem.Token("grid-worker", subject, cells: [api.Grid.A1.Value]);
        var b1 = $"/api/v1/events?cell={api.Grid.B1}&follow=false";

        var refused = await api.GetAsync(b1, token);
        Assert.Equal((403, "/problems/out-of-scope"), (refused.Status, refused.ProblemType));

        var id = Guid.NewGuid();
        var opened = await api.PostAsync("/api/v1/access-grants", token, Grant(id, "Cell", api.Grid.B1.Value));
        Assert.Equal(200, opened.Status);
        Assert.Equal((id.ToString(), "grid-worker", subject, api.Grid.B1.Value, true),
            (opened.Json["grantId"]!.GetValue<string>(), opened.Json["role"]!.GetValue<string>(), opened.Json["subject"]!.GetValue<string>(), opened.Json["target"]!.GetValue<string>(), opened.Json["active"]!.GetValue<bool>()));
        Assert.Equal(TimeSpan.FromMinutes(30), opened.Json["expiresAt"]!.GetValue<DateTimeOffset>() - opened.Json["openedAt"]!.GetValue<DateTimeOffset>());

        Assert.Equal(200, (await api.GetAsync(b1, token)).Status);
        Assert.Equal(403, (await api.GetAsync($"/api/v1/events?cell={api.Grid.B2}&follow=false", token)).Status);

        // The plain stream now carries B-1's events too (and still not B-2's).
        await using var cluster = await AlertCluster.ConnectAsync(api);
        await using var stream = await EventListener.OpenAsync(api, token);
        var inB2 = await cluster.RaiseAsync(api.Grid, api.Grid.B2);
        var inB1 = await cluster.RaiseAsync(api.Grid, api.Grid.B1);
        var events = await stream.WaitForAsync(e => e.Any(i => i.Is("alert-raised", inB1)), Wait, "the B-1 alert on the worker's stream under the grant");
        Assert.DoesNotContain(events, i => i.Alert == inB2);

        var journal = Assert.Single(await api.JournalAsync("access-grants", subject));
        Assert.Equal(("break-glass-opened", "grid-worker:" + subject), (journal.EventType, journal.Actor));
        Assert.Contains("resident reported a fire risk", journal.Payload, StringComparison.Ordinal);
        Assert.Contains(api.Grid.B1.Value, journal.Payload, StringComparison.Ordinal);
        Assert.Contains("expiresAt", journal.Payload, StringComparison.Ordinal);

        var mine = await api.GetAsync("/api/v1/access-grants/me", token);
        Assert.Equal([id.ToString()], mine.Json.AsArray().Select(g => g!["grantId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Open_Retried_AnswersTheSameGrant_OtherContentWithTheSameIdIs409()
    {
        var subject = "admin-" + Guid.NewGuid().ToString("N")[..8];
        var token = ApiSystem.Token("community-admin", subject, community: api.Grid.CommunityA.Value);
        var id = Guid.NewGuid();

        var first = await api.PostAsync("/api/v1/access-grants", token, Grant(id, "Community", api.Grid.CommunityB.Value));
        var retry = await api.PostAsync("/api/v1/access-grants", token, Grant(id, "Community", api.Grid.CommunityB.Value));
        var other = await api.PostAsync("/api/v1/access-grants", token, Grant(id, "Community", api.Grid.CommunityB.Value, minutes: 60));

        Assert.Equal(200, first.Status);
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal((409, "/problems/grant-id-reused"), (other.Status, other.ProblemType));
        Assert.Single(await api.JournalAsync("access-grants", subject));
    }

    public static TheoryData<string, object> BadRequests => new()
    {
        { "reason", new { grantId = Guid.NewGuid(), kind = "Cell", target = "X-1", reason = "   short   ", minutes = 30 } },
        { "reason", new { grantId = Guid.NewGuid(), kind = "Cell", target = "X-1", minutes = 30 } },
        { "minutes", new { grantId = Guid.NewGuid(), kind = "Cell", target = "X-1", reason = "A reason long enough", minutes = 0 } },
        { "minutes", new { grantId = Guid.NewGuid(), kind = "Cell", target = "X-1", reason = "A reason long enough", minutes = 241 } },
        { "target", new { grantId = Guid.NewGuid(), kind = "Cell", target = "x 1", reason = "A reason long enough", minutes = 30 } },
        { "target", new { grantId = Guid.NewGuid(), kind = "Person", target = "12345", reason = "A reason long enough", minutes = 30 } },
        { "grantId", new { kind = "Cell", target = "X-1", reason = "A reason long enough", minutes = 30 } },
        { "kind", new { grantId = Guid.NewGuid(), target = "X-1", reason = "A reason long enough", minutes = 30 } },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Open_BadInput_Is400NamingTheField_AndChangesNothing(string field, object body)
    {
        var subject = "worker-" + Guid.NewGuid().ToString("N")[..8];
        var token = ApiSystem.Token("grid-worker", subject, cells: [api.Grid.A1.Value]);

        var response = await api.PostAsync("/api/v1/access-grants", token, body);

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(field, response.Json["field"]!.GetValue<string>());
        Assert.Contains(response.Json["errors"]!.AsObject(), e => e.Key == field);
        Assert.Equal(0, await api.JournalRowsByAsync("grid-worker:" + subject));
        Assert.Empty((await api.GetAsync("/api/v1/access-grants/me", token)).Json.AsArray());
    }

    [Fact]
    public async Task Open_MalformedJson_Is400()
    {
        var response = await api.PostAsync("/api/v1/access-grants", ApiSystem.Token("grid-worker"), """{"grantId": "nope", "kind": "Cell"}""");

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
    }

    [Fact]
    public async Task AuditorAndOperator_MayNotOpenOrListGrants_403ForbiddenRole()
    {
        foreach (var role in new[] { "auditor", "operator" })
        {
            var token = ApiSystem.Token(role);
            var open = await api.PostAsync("/api/v1/access-grants", token, Grant(Guid.NewGuid(), "Cell", api.Grid.B1.Value));
            var list = await api.GetAsync("/api/v1/access-grants/me", token);
            Assert.Equal((403, "/problems/forbidden-role"), (open.Status, open.ProblemType));
            Assert.Equal((403, "/problems/forbidden-role"), (list.Status, list.ProblemType));
        }
    }

    [Fact]
    public async Task ListMine_ShowsOnlyTheCallersGrants()
    {
        var mine = ApiSystem.Token("command-centre", "centre-" + Guid.NewGuid().ToString("N")[..8]);
        var theirs = ApiSystem.Token("command-centre", "centre-" + Guid.NewGuid().ToString("N")[..8]);
        var id = Guid.NewGuid();
        Assert.Equal(200, (await api.PostAsync("/api/v1/access-grants", theirs, Grant(id, "Person", Guid.NewGuid().ToString("N")))).Status);

        var list = await api.GetAsync("/api/v1/access-grants/me", mine);

        Assert.Equal(200, list.Status);
        Assert.Empty(list.Json.AsArray());
    }
}
