namespace GridGovernance.Api.Endpoints;

/// <summary>The audit trail, for auditors.</summary>
public static class AuditEndpoints
{
    /// <summary>Maps the group (filled in by its feature).</summary>
    public static RouteGroupBuilder MapAuditEndpoints(this IEndpointRouteBuilder app) => app.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization().RequireRateLimiting(Security.RateLimits.PerUser);
}
