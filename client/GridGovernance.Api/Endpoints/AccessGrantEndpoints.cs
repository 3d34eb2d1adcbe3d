using System.ComponentModel.DataAnnotations;
using GridGovernance.Api.Problems;
using GridGovernance.Api.Security;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GridGovernance.Api.Endpoints;

/// <summary>Break-glass access grants: time-limited access outside one's scope, opened with a reason and journaled.</summary>
public static class AccessGrantEndpoints
{
    /// <summary>Maps the group.</summary>
    public static RouteGroupBuilder MapAccessGrantEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/access-grants").WithTags("Security").RequireAuthorization().RequireRateLimiting(RateLimits.PerUser);
        group.MapPost("/", OpenAccessGrantAsync)
            .WithName("OpenAccessGrant")
            .WithSummary("Opens a break-glass grant: for up to 240 minutes the caller's role reaches one more person, cell or community; the reason is journaled (break-glass-opened).");
        group.MapGet("/me", ListMyAccessGrantsAsync)
            .WithName("ListMyAccessGrants")
            .WithSummary("The caller's own break-glass grants, newest first, expired ones included.");
        return group;
    }

    /// <summary>
    /// Opens a break-glass grant under the caller's role. Idempotent by <c>grantId</c>: the same request again answers
    /// the same grant; the same id with other content is 409 <c>grant-id-reused</c>.
    /// </summary>
    /// <param name="request">What to open, why and for how long.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="client">The cluster.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cancellationToken">Ends with the request.</param>
    public static async Task<Results<Ok<AccessGrantResponse>, ProblemHttpResult>> OpenAccessGrantAsync(
        OpenAccessGrantRequest request, GridCaller caller, IClusterClient client, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ScopeGuard.Has(caller, Capability.OpenAccessGrant))
        {
            return Problems.Problems.Denied(new Access(false, null, ProblemTypes.ForbiddenRole));
        }

        if (request.Kind is not { } kind)
        {
            return Problems.Problems.Invalid("kind", "kind is Person, Cell or Community.");
        }

        // The grain applies the same rules; checking here first means bad input never reaches it.
        var (normal, problem) = AccessGrantRules.Normalize(new AccessGrantRequest(request.GrantId ?? Guid.Empty, kind, request.Target ?? "", request.Reason ?? "", request.Minutes ?? 0));
        if (normal is null)
        {
            return Problems.Problems.From(problem!);
        }

        var result = await client.AccessGrants(caller.Subject).OpenAsync(normal, caller.Role, caller.Actor, cancellationToken);
        return result.Outcome.IsOk ? TypedResults.Ok(AccessGrantResponse.From(result.Grant!, time.GetUtcNow())) : Problems.Problems.From(result.Outcome);
    }

    /// <summary>The caller's own grants (any role that may open one), newest first, each marked active or expired.</summary>
    /// <param name="caller">The caller.</param>
    /// <param name="client">The cluster.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cancellationToken">Ends with the request.</param>
    public static async Task<Results<Ok<IReadOnlyList<AccessGrantResponse>>, ProblemHttpResult>> ListMyAccessGrantsAsync(
        GridCaller caller, IClusterClient client, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ScopeGuard.Has(caller, Capability.OpenAccessGrant))
        {
            return Problems.Problems.Denied(new Access(false, null, ProblemTypes.ForbiddenRole));
        }

        var now = time.GetUtcNow();
        var grants = await client.AccessGrants(caller.Subject).ListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<AccessGrantResponse>>([.. grants.Select(g => AccessGrantResponse.From(g, now))]);
    }
}

/// <summary>A request for break-glass access.</summary>
/// <param name="GrantId">A UUID the client generates once; a retry sends the same one.</param>
/// <param name="Kind">What the grant opens: <c>Person</c>, <c>Cell</c> or <c>Community</c>.</param>
/// <param name="Target">The person id (32 hex digits), cell code or community code.</param>
/// <param name="Reason">Why (10 to 500 characters); the auditor reads it in the journal.</param>
/// <param name="Minutes">How long the access lasts: 1 to 240 minutes.</param>
public sealed record OpenAccessGrantRequest(
    [property: Required] Guid? GrantId,
    [property: Required] GrantTargetKind? Kind,
    [property: Required, StringLength(64)] string? Target,
    [property: Required, StringLength(AccessGrantRules.MaxReasonLength + 100)] string? Reason,
    [property: Required, Range(1, AccessGrantRules.MaxMinutes)] int? Minutes);

/// <summary>A break-glass grant.</summary>
/// <param name="GrantId">Its id.</param>
/// <param name="Subject">Whose access it widens.</param>
/// <param name="Role">The role it was opened under (it widens that role's scope, never its rights).</param>
/// <param name="Kind">Person, cell or community.</param>
/// <param name="Target">The person id, cell code or community code.</param>
/// <param name="Reason">Why.</param>
/// <param name="OpenedAt">When it was opened.</param>
/// <param name="ExpiresAt">When it stops working.</param>
/// <param name="Active">Whether it still works.</param>
public sealed record AccessGrantResponse(Guid GrantId, string Subject, string Role, GrantTargetKind Kind, string Target, string Reason, DateTimeOffset OpenedAt, DateTimeOffset ExpiresAt, bool Active)
{
    /// <summary>The wire form of a grant at <paramref name="now"/>.</summary>
    public static AccessGrantResponse From(AccessGrant grant, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return new(grant.GrantId, grant.Subject, grant.Role, grant.Kind, grant.Target, grant.Reason, grant.OpenedAt, grant.ExpiresAt, now < grant.ExpiresAt);
    }
}
