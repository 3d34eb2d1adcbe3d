namespace GridGovernance.Api.Endpoints;

/// <summary>Rental properties, tenancies, inspections and hazards.</summary>
public static class PropertyEndpoints
{
    /// <summary>Maps the group (filled in by its feature).</summary>
    public static RouteGroupBuilder MapPropertyEndpoints(this IEndpointRouteBuilder app) => app.MapGroup("/api/v1/properties").WithTags("Rentals").RequireAuthorization().RequireRateLimiting(Security.RateLimits.PerUser);
}
