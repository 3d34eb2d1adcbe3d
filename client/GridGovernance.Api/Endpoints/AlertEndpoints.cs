namespace GridGovernance.Api.Endpoints;

/// <summary>Alerts: list, acknowledge, resolve.</summary>
public static class AlertEndpoints
{
    /// <summary>Maps the group (filled in by its feature).</summary>
    public static RouteGroupBuilder MapAlertEndpoints(this IEndpointRouteBuilder app) => app.MapGroup("/api/v1/alerts").WithTags("Alerts").RequireAuthorization().RequireRateLimiting(Security.RateLimits.PerUser);
}
