namespace GridGovernance.Api.Endpoints;

/// <summary>Geography: cells as GeoJSON, import, point to cell, communities.</summary>
public static class GridEndpoints
{
    /// <summary>Maps the group (filled in by its feature).</summary>
    public static RouteGroupBuilder MapGridEndpoints(this IEndpointRouteBuilder app) => app.MapGroup("/api/v1/cells").WithTags("Grid").RequireAuthorization().RequireRateLimiting(Security.RateLimits.PerUser);
}
