using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Security;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests.Security;

/// <summary>Break-glass grants: a reason, a time limit, a well-formed target; idempotent by id; found only while open and under the same role.</summary>
[Collection(GrainCluster.Name)]
public sealed class AccessGrantTests(GrainClusterFixture fixture)
{
    private const string Worker = "grid-worker";

    private static string NewSubject() => "user-" + Guid.NewGuid().ToString("N")[..8];

    private static AccessGrantRequest Request(GrantTargetKind kind = GrantTargetKind.Cell, string target = "SQ-05-012", string reason = "Covering for a colleague on sick leave", int minutes = 30) =>
        new(Guid.NewGuid(), kind, target, reason, minutes);

    [Fact]
    public async Task Open_CoversTheTargetUntilItExpires_ThenNoLonger()
    {
        var grants = fixture.Grains.AccessGrants(NewSubject());
        var opened = await grants.OpenAsync(Request(minutes: 30), Worker, "grid-worker:w1");

        Assert.True(opened.Outcome.IsOk, opened.Outcome.Detail);
        Assert.Equal(opened.Grant!.OpenedAt.AddMinutes(30), opened.Grant.ExpiresAt);
        Assert.Equal(fixture.Time.GetUtcNow(), opened.Grant.OpenedAt);
        Assert.Equal(opened.Grant, await grants.FindAsync(Worker, GrantTargetKind.Cell, "SQ-05-012"));

        fixture.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.NotNull(await grants.FindAsync(Worker, GrantTargetKind.Cell, "SQ-05-012"));

        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await grants.FindAsync(Worker, GrantTargetKind.Cell, "SQ-05-012"));
        Assert.Equal([opened.Grant.GrantId], (await grants.ListAsync()).Select(g => g.GrantId));
    }

    [Fact]
    public async Task Find_OtherRoleOrOtherTarget_FindsNothing()
    {
        var grants = fixture.Grains.AccessGrants(NewSubject());
        await grants.OpenAsync(Request(GrantTargetKind.Community, "SQ-05"), Worker, "grid-worker:w1");

        Assert.NotNull(await grants.FindAsync(Worker, GrantTargetKind.Community, "SQ-05"));
        Assert.Null(await grants.FindAsync("community-admin", GrantTargetKind.Community, "SQ-05"));
        Assert.Null(await grants.FindAsync(Worker, GrantTargetKind.Community, "SQ-06"));
        Assert.Null(await grants.FindAsync(Worker, GrantTargetKind.Cell, "SQ-05"));
    }

    [Fact]
    public async Task Open_PersonTarget_IsKeptInCanonicalFormAndFoundByPersonId()
    {
        var person = new PersonId(Guid.NewGuid());
        var grants = fixture.Grains.AccessGrants(NewSubject());

        var opened = await grants.OpenAsync(Request(GrantTargetKind.Person, person.Value.ToString("N").ToUpperInvariant()), "correction-officer", "correction-officer:o1");

        Assert.Equal(person.ToString(), opened.Grant!.Target);
        Assert.NotNull(await grants.FindAsync("correction-officer", GrantTargetKind.Person, person.ToString()));
    }

    [Fact]
    public async Task Open_SameIdSameContent_AnswersTheSameGrant_OtherContentConflicts()
    {
        var grants = fixture.Grains.AccessGrants(NewSubject());
        var request = Request();
        var first = await grants.OpenAsync(request, Worker, "grid-worker:w1");
        fixture.Time.Advance(TimeSpan.FromMinutes(1));

        var retry = await grants.OpenAsync(request with { Reason = "  " + request.Reason + " " }, Worker, "grid-worker:w1");
        var other = await grants.OpenAsync(request with { Minutes = 60 }, Worker, "grid-worker:w1");
        var otherRole = await grants.OpenAsync(request, "community-admin", "community-admin:w1");

        Assert.True(retry.Outcome.IsOk);
        Assert.Equal(first.Grant, retry.Grant);
        Assert.Equal((OutcomeKind.Conflict, "grant-id-reused", "grantId"), (other.Outcome.Kind, other.Outcome.Problem, other.Outcome.Field));
        Assert.Equal(OutcomeKind.Conflict, otherRole.Outcome.Kind);
        Assert.Single(await grants.ListAsync());
    }

    [Theory]
    [InlineData(GrantTargetKind.Cell, "SQ-05-012", "too short ", 30, "reason")]
    [InlineData(GrantTargetKind.Cell, "SQ-05-012", "          ", 30, "reason")]
    [InlineData(GrantTargetKind.Cell, "SQ-05-012", "Covering for a colleague", 0, "minutes")]
    [InlineData(GrantTargetKind.Cell, "SQ-05-012", "Covering for a colleague", 241, "minutes")]
    [InlineData(GrantTargetKind.Cell, "sq-05-012", "Covering for a colleague", 30, "target")]
    [InlineData(GrantTargetKind.Community, "", "Covering for a colleague", 30, "target")]
    [InlineData(GrantTargetKind.Person, "not-a-person-id", "Covering for a colleague", 30, "target")]
    [InlineData((GrantTargetKind)7, "SQ-05", "Covering for a colleague", 30, "kind")]
    public async Task Open_MalformedRequest_IsInvalidNamingTheFieldAndOpensNothing(GrantTargetKind kind, string target, string reason, int minutes, string field)
    {
        var grants = fixture.Grains.AccessGrants(NewSubject());

        var result = await grants.OpenAsync(new AccessGrantRequest(Guid.NewGuid(), kind, target, reason, minutes), Worker, "grid-worker:w1");

        Assert.Equal((OutcomeKind.Invalid, field), (result.Outcome.Kind, result.Outcome.Field));
        Assert.Null(result.Grant);
        Assert.Empty(await grants.ListAsync());
    }

    [Fact]
    public async Task Open_MaximumMinutes_IsAccepted()
    {
        var grants = fixture.Grains.AccessGrants(NewSubject());

        var result = await grants.OpenAsync(Request(minutes: AccessGrantRules.MaxMinutes), Worker, "grid-worker:w1");

        Assert.True(result.Outcome.IsOk);
        Assert.Equal(TimeSpan.FromHours(4), result.Grant!.ExpiresAt - result.Grant.OpenedAt);
    }

    [Fact]
    public async Task List_NewestFirst_ExpiredIncluded()
    {
        var grants = fixture.Grains.AccessGrants(NewSubject());
        var first = await grants.OpenAsync(Request(minutes: 5), Worker, "grid-worker:w1");
        fixture.Time.Advance(TimeSpan.FromMinutes(10));
        var second = await grants.OpenAsync(Request(target: "SQ-05-013"), Worker, "grid-worker:w1");

        Assert.Equal([second.Grant!.GrantId, first.Grant!.GrantId], (await grants.ListAsync()).Select(g => g.GrantId));
    }
}
