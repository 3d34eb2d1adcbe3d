namespace GridGovernance.Api.Endpoints;

/// <summary>Monitored people: enrolment, record, field work, officer assignment.</summary>
public static class PersonEndpoints
{
    /// <summary>Maps the group (filled in by its feature).</summary>
    public static RouteGroupBuilder MapPersonEndpoints(this IEndpointRouteBuilder app) => app.MapGroup("/api/v1/people").WithTags("People").RequireAuthorization().RequireRateLimiting(Security.RateLimits.PerUser);
}
