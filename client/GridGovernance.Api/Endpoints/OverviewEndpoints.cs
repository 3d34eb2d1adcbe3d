using GridGovernance.Contracts;
using GridGovernance.Contracts.CommandCentre;
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
            .WithSummary("Counts per community (cells, rental properties, monitored people, workers, open alerts, overdue items, this month's alerts and on-time rate), answered from memory.");
        return group;
    }

    /// <summary>The district overview, from the District grain's memory: no scan, no personal data.</summary>
    public static async Task<Ok<OverviewResponse>> GetOverviewAsync(IClusterClient client, IOptions<GridApiOptions> options, CancellationToken cancellationToken)
    {
        var overview = await client.District(new DistrictCode(options.Value.District)).GetOverviewAsync(cancellationToken);
        var communities = overview.Communities.Select(CommunityCounts.From).ToList();
        return TypedResults.Ok(new OverviewResponse(overview.Code.Value, overview.Name, overview.GridVersion, overview.AsOf, communities, Totals.Of(communities)));
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
/// <param name="Overdue">Properties and people with an overdue field task (a missed visit or duty not yet made up).</param>
/// <param name="Month">The month of the alert counts, <c>YYYY-MM</c> in China time.</param>
/// <param name="AlertsRaised">Alerts raised this month.</param>
/// <param name="AlertsClosed">Alerts resolved this month.</param>
/// <param name="AlertsClosedOnTime">Of those, resolved while still yellow.</param>
/// <param name="OnTimeRate">AlertsClosedOnTime / AlertsClosed (0..1, 4 places); null when nothing was closed.</param>
/// <param name="ReconciledAt">When the alert counts were last checked against the journal; null before the first check.</param>
public sealed record CommunityCounts(string Code, string Name, int Cells, int Properties, int People, int Workers, int OpenAlerts, int RedAlerts,
    int Overdue, string Month, int AlertsRaised, int AlertsClosed, int AlertsClosedOnTime, double? OnTimeRate, DateTimeOffset? ReconciledAt)
{
    /// <summary>The community's counts as its grain keeps them.</summary>
    public static CommunityCounts From(CommunityOverview o)
    {
        var alerts = o.Alerts ?? AlertTally.Empty("");
        return new CommunityCounts(o.Code.Value, o.Name, o.Cells, o.Properties, o.People, o.Workers, o.OpenAlerts, o.RedAlerts,
            o.Overdue, alerts.Month, alerts.Raised, alerts.Closed, alerts.ClosedOnTime, alerts.OnTimeRate, o.Reconciled?.At);
    }
}

/// <summary>Sums over the communities.</summary>
/// <param name="Cells">Active grid cells.</param>
/// <param name="Properties">Rental properties.</param>
/// <param name="People">Monitored people.</param>
/// <param name="Workers">Grid worker assignments.</param>
/// <param name="OpenAlerts">Open alerts (yellow and red cards).</param>
/// <param name="RedAlerts">Of those, red cards.</param>
/// <param name="Overdue">Properties and people with an overdue field task.</param>
/// <param name="AlertsRaised">Alerts raised this month.</param>
/// <param name="AlertsClosed">Alerts resolved this month.</param>
/// <param name="AlertsClosedOnTime">Of those, resolved while still yellow.</param>
/// <param name="OnTimeRate">AlertsClosedOnTime / AlertsClosed; null when nothing was closed.</param>
public sealed record Totals(int Cells, int Properties, int People, int Workers, int OpenAlerts, int RedAlerts,
    int Overdue, int AlertsRaised, int AlertsClosed, int AlertsClosedOnTime, double? OnTimeRate)
{
    /// <summary>The district's totals: sums of its communities' counts (the rate of the sums, not a mean of rates).</summary>
    public static Totals Of(IReadOnlyList<CommunityCounts> c)
    {
        var closed = c.Sum(x => x.AlertsClosed);
        var onTime = c.Sum(x => x.AlertsClosedOnTime);
        return new Totals(c.Sum(x => x.Cells), c.Sum(x => x.Properties), c.Sum(x => x.People), c.Sum(x => x.Workers), c.Sum(x => x.OpenAlerts), c.Sum(x => x.RedAlerts),
            c.Sum(x => x.Overdue), c.Sum(x => x.AlertsRaised), closed, onTime, closed == 0 ? null : Math.Round((double)onTime / closed, 4));
    }
}
