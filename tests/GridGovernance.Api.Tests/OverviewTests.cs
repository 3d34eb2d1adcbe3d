using System.Text.Json.Nodes;
using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Api.Tests.Matrix;

namespace GridGovernance.Api.Tests;

/// <summary>
/// The command centre's table (issue #6 item 2): per community and for the district, overdue items and this month's
/// alerts raised, closed and closed on time, answered from the grains' memory. The system is shared, so the test
/// checks what its own property adds.
/// </summary>
public sealed class OverviewTests(ApiSystem api, GrainAccess grains)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task AnOverdueVisit_CountsAsOverdueAndRaised_AndItsVisitClosesItOnTime_InTheCommunityAndTheTotals()
    {
        var token = ApiSystem.Token("command-centre");
        var before = Community(await OverviewAsync(token));

        var (property, _) = await grains.OverduePropertyAsync(api, 1, 0);
        var open = await Eventually.ReturnsAsync(() => OverviewAsync(token),
            o => Count(Community(o), "overdue") > Count(before, "overdue") && Count(Community(o), "alertsRaised") > Count(before, "alertsRaised"), Wait, "the overdue visit and its card counted");
        Assert.Matches(@"^\d{4}-\d{2}$", Community(open)["month"]!.GetValue<string>());

        var worker = ApiSystem.Token("grid-worker", Guid.NewGuid().ToString(), cells: [api.Grid.A2.Value]);
        var visit = await api.PostAsync($"/api/v1/properties/{property.Value}/visits", worker, PlacesKit.VisitBody(TestGrid.Centre(1, 0), null, Guid.NewGuid()));
        Assert.Equal(200, visit.Status);

        var closed = await Eventually.ReturnsAsync(() => OverviewAsync(token),
            o => Count(Community(o), "alertsClosedOnTime") > Count(before, "alertsClosedOnTime"), Wait, "the card closed on time");
        var a = Community(closed);
        Assert.InRange(a["onTimeRate"]!.GetValue<double>(), 0, 1);
        Assert.Equal(Math.Round((double)Count(a, "alertsClosedOnTime") / Count(a, "alertsClosed"), 4), a["onTimeRate"]!.GetValue<double>(), 4);
        var totals = closed["totals"]!;
        var communities = closed["communities"]!.AsArray();
        foreach (var name in new[] { "overdue", "alertsRaised", "alertsClosed", "alertsClosedOnTime" })
        {
            Assert.Equal(communities.Sum(c => Count(c!, name)), Count(totals, name));
        }

        Assert.Equal(Math.Round((double)Count(totals, "alertsClosedOnTime") / Count(totals, "alertsClosed"), 4), totals["onTimeRate"]!.GetValue<double>(), 4);
    }

    private async Task<JsonNode> OverviewAsync(string token)
    {
        var response = await api.GetAsync("/api/v1/overview", token);
        Assert.Equal(200, response.Status);
        return response.Json;
    }

    private JsonNode Community(JsonNode overview) =>
        overview["communities"]!.AsArray().Single(c => c!["code"]!.GetValue<string>() == api.Grid.CommunityA.Value)!;

    private static int Count(JsonNode node, string name) => node[name]!.GetValue<int>();
}
