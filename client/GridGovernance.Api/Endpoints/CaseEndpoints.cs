namespace GridGovernance.Api.Endpoints;

/// <summary>Correction and rehabilitation cases.</summary>
public static class CaseEndpoints
{
    /// <summary>Maps the group (filled in by its feature).</summary>
    public static RouteGroupBuilder MapCaseEndpoints(this IEndpointRouteBuilder app) => app.MapGroup("/api/v1/cases").WithTags("Cases").RequireAuthorization().RequireRateLimiting(Security.RateLimits.PerUser);
}
