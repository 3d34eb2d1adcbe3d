using GridGovernance.Contracts;
using GridGovernance.Contracts.Geography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GridGovernance.Api.Endpoints;

/// <summary>The command centre's district overview: counts per community, no personal data.</summary>
public static class OverviewEndpoints
{
    public static RouteGroupBuilder MapOverviewEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/overview").WithTags("CommandCentre").RequireAuthorization(Security.Policies.ReadOverview).RequireRateLimiting(Security.RateLimits.PerUser);
        group.MapGet("/", GetOverviewAsync)
            .WithName("GetOverview")
            .WithSummary("Counts per community (cells, rental properties, monitored people, workers, open alerts), answered from memory.");
        return group;
    }

    /// <summary>The district overview, from the District grain's memory: no scan, no personal data.</summary>
    public static async Task<Ok<OverviewResponse>> GetOverviewAsync(IClusterClient client, IOptions<GridApiOptions> options, CancellationToken cancellationToken)
    {
        var overview = await client.District(new DistrictCode(options.Value.District)).GetOverviewAsync(cancellationToken);
        var communities = overview.Communities
            .Select(c => new CommunityCounts(c.Code.Value, c.Name, c.Cells, c.Properties, c.People, c.Workers, c.OpenAlerts, c.RedAlerts))
            .ToList();
        return TypedResults.Ok(new OverviewResponse(
            overview.Code.Value,
            overview.Name,
            overview.GridVersion,
            overview.AsOf,
            communities,
            new Totals(communities.Sum(c => c.Cells), communities.Sum(c => c.Properties), communities.Sum(c => c.People), communities.Sum(c => c.Workers), communities.Sum(c => c.OpenAlerts), communities.Sum(c => c.RedAlerts))));
    }
}

/// <summary>The district overview.</summary>
/// <param name="District">District code.</param>
/// <param name="Name">District name.</param>
/// <param name="GridVersion">Version of the imported grid.</param>
/// <param name="AsOf">When the figures were read.</param>
/// <param name="Communities">One entry per community, by code.</param>
/// <param name="Totals">Sums over the communities.</param>
public sealed record OverviewResponse(string District, string Name, int GridVersion, DateTimeOffset AsOf, IReadOnlyList<CommunityCounts> Communities, Totals Totals);

/// <summary>Counts of one community.</summary>
/// <param name="Code">Community code.</param>
/// <param name="Name">Community name.</param>
/// <param name="Cells">Active grid cells.</param>
/// <param name="Properties">Rental properties.</param>
/// <param name="People">Monitored people.</param>
/// <param name="Workers">Grid worker assignments.</param>
/// <param name="OpenAlerts">Open alerts (yellow and red cards).</param>
/// <param name="RedAlerts">Of those, red cards.</param>
public sealed record CommunityCounts(string Code, string Name, int Cells, int Properties, int People, int Workers, int OpenAlerts, int RedAlerts);

/// <summary>Sums over the communities.</summary>
/// <param name="Cells">Active grid cells.</param>
/// <param name="Properties">Rental properties.</param>
/// <param name="People">Monitored people.</param>
/// <param name="Workers">Grid worker assignments.</param>
/// <param name="OpenAlerts">Open alerts (yellow and red cards).</param>
/// <param name="RedAlerts">Of those, red cards.</param>
public sealed record Totals(int Cells, int Properties, int People, int Workers, int OpenAlerts, int RedAlerts);
