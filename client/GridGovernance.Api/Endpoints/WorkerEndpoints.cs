namespace GridGovernance.Api.Endpoints;

/// <summary>Grid workers and their cells.</summary>
public static class WorkerEndpoints
{
    /// <summary>Maps the group (filled in by its feature).</summary>
    public static RouteGroupBuilder MapWorkerEndpoints(this IEndpointRouteBuilder app) => app.MapGroup("/api/v1/workers").WithTags("Workers").RequireAuthorization().RequireRateLimiting(Security.RateLimits.PerUser);
}
