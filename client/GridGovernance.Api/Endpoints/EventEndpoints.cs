namespace GridGovernance.Api.Endpoints;

/// <summary>The live event stream (server-sent events).</summary>
public static class EventEndpoints
{
    /// <summary>Maps the group (filled in by its feature).</summary>
    public static RouteGroupBuilder MapEventEndpoints(this IEndpointRouteBuilder app) => app.MapGroup("/api/v1/events").WithTags("Events").RequireAuthorization().RequireRateLimiting(Security.RateLimits.PerUser);
}
