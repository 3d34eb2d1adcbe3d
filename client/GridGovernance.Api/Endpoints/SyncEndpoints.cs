namespace GridGovernance.Api.Endpoints;

/// <summary>Offline batch sync for phones.</summary>
public static class SyncEndpoints
{
    /// <summary>Maps the group (filled in by its feature).</summary>
    public static RouteGroupBuilder MapSyncEndpoints(this IEndpointRouteBuilder app) => app.MapGroup("/api/v1/sync").WithTags("Sync").RequireAuthorization().RequireRateLimiting(Security.RateLimits.PerUser);
}
