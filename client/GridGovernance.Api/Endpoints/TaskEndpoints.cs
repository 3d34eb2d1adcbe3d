namespace GridGovernance.Api.Endpoints;

/// <summary>Task lists.</summary>
public static class TaskEndpoints
{
    /// <summary>Maps the group (filled in by its feature).</summary>
    public static RouteGroupBuilder MapTaskEndpoints(this IEndpointRouteBuilder app) => app.MapGroup("/api/v1/tasks").WithTags("Tasks").RequireAuthorization().RequireRateLimiting(Security.RateLimits.PerUser);
}
