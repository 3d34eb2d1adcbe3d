namespace GridGovernance.Api.Endpoints;

/// <summary>Break-glass access grants.</summary>
public static class AccessGrantEndpoints
{
    /// <summary>Maps the group (filled in by its feature).</summary>
    public static RouteGroupBuilder MapAccessGrantEndpoints(this IEndpointRouteBuilder app) => app.MapGroup("/api/v1/access-grants").WithTags("Security").RequireAuthorization().RequireRateLimiting(Security.RateLimits.PerUser);
}
