using GridGovernance.Api.Tests.Infrastructure;

namespace GridGovernance.Api.Tests;

/// <summary>The shared system is up, and its grid is the test grid.</summary>
public sealed class FixtureTests(ApiSystem api)
{
    [Fact]
    public async Task Overview_OfTheTestDistrict_HasItsTwoCommunities()
    {
        var overview = await api.GetAsync("/api/v1/overview", ApiSystem.Token("command-centre"));

        Assert.Equal(200, overview.Status);
        Assert.Equal([api.Grid.CommunityA.Value, api.Grid.CommunityB.Value], overview.Json["communities"]!.AsArray().Select(c => c!["code"]!.GetValue<string>()));
    }
}
