using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Geography;

namespace GridGovernance.Contracts.Security;

/// <summary>What a break-glass grant opens: one person, one cell or one community.</summary>
public enum GrantTargetKind
{
    /// <summary>One monitored person (<c>Target</c> is the person id, 32 hex digits).</summary>
    Person = 0,

    /// <summary>One grid cell (<c>Target</c> is the cell code).</summary>
    Cell = 1,

    /// <summary>One community (<c>Target</c> is the community code).</summary>
    Community = 2,
}

/// <summary>A request for time-limited access outside one's scope (break-glass); idempotent by <paramref name="GrantId"/>.</summary>
/// <param name="GrantId">Client id.</param>
/// <param name="Kind">Person, cell or community.</param>
/// <param name="Target">The person id, cell code or community code.</param>
/// <param name="Reason">Why (mandatory; kept in the journal for the auditor).</param>
/// <param name="Minutes">How long the access lasts.</param>
[GenerateSerializer, Immutable, Alias("gg.access-grant-request")]
public sealed record AccessGrantRequest(Guid GrantId, GrantTargetKind Kind, string Target, string Reason, int Minutes);

/// <summary>An open (or expired) break-glass grant.</summary>
/// <param name="GrantId">Id.</param>
/// <param name="Subject">Whose access it widens (the token subject).</param>
/// <param name="Role">The role the access was opened under; the grant widens scope, never capabilities.</param>
/// <param name="Kind">Person, cell or community.</param>
/// <param name="Target">The person id, cell code or community code.</param>
/// <param name="Reason">Why.</param>
/// <param name="OpenedAt">When it was opened.</param>
/// <param name="ExpiresAt">When it stops working.</param>
[GenerateSerializer, Immutable, Alias("gg.access-grant")]
public sealed record AccessGrant(Guid GrantId, string Subject, string Role, GrantTargetKind Kind, string Target, string Reason, DateTimeOffset OpenedAt, DateTimeOffset ExpiresAt);

/// <summary>The answer to a grant request: the outcome and, when Ok, the grant.</summary>
/// <param name="Outcome">Ok, Invalid (field named) or Conflict (same id, other content).</param>
/// <param name="Grant">The grant.</param>
[GenerateSerializer, Immutable, Alias("gg.access-grant-result")]
public sealed record AccessGrantResult(Outcome Outcome, AccessGrant? Grant);

/// <summary>
/// The rules a break-glass request must meet, shared by the gateway (which refuses bad input before any grain is
/// called) and the grain (which refuses it whoever calls).
/// </summary>
public static class AccessGrantRules
{
    /// <summary>The shortest reason accepted, in characters after trimming.</summary>
    public const int MinReasonLength = 10;

    /// <summary>The longest reason accepted.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>The longest grant, in minutes (four hours: a shift's emergency, not a standing permission).</summary>
    public const int MaxMinutes = 240;

    /// <summary>Problem slug of a request that breaks these rules.</summary>
    public const string InvalidProblem = "invalid-request";

    /// <summary>Problem slug of a grant id reused with other content.</summary>
    public const string IdReusedProblem = "grant-id-reused";

    /// <summary>
    /// The request with its target in canonical form (a person id as 32 lower-case hex digits) and its reason
    /// trimmed, or the outcome that refuses it (Invalid, naming the field).
    /// </summary>
    public static (AccessGrantRequest? Request, Outcome? Problem) Normalize(AccessGrantRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.GrantId == Guid.Empty)
        {
            return (null, Outcome.Invalid("grantId", InvalidProblem, "grantId is required (a UUID the client generates once)."));
        }

        if (!Enum.IsDefined(request.Kind))
        {
            return (null, Outcome.Invalid("kind", InvalidProblem, "kind is Person, Cell or Community."));
        }

        var raw = request.Target?.Trim();
        var target = request.Kind switch
        {
            GrantTargetKind.Person => Guid.TryParseExact(raw, "N", out var person) ? person.ToString("N") : null,
            _ => Codes.IsValid(raw) ? raw : null,
        };
        if (target is null)
        {
            return (null, Outcome.Invalid("target", InvalidProblem, request.Kind == GrantTargetKind.Person
                ? "target is a person id: 32 hexadecimal digits."
                : $"target is a {(request.Kind == GrantTargetKind.Cell ? "cell" : "community")} code: {Codes.Problem(request.Target)}."));
        }

        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length < MinReasonLength || reason.Length > MaxReasonLength)
        {
            return (null, Outcome.Invalid("reason", InvalidProblem,
                $"A break-glass grant needs a reason of {MinReasonLength} to {MaxReasonLength} characters; the auditor reads it."));
        }

        if (request.Minutes < 1 || request.Minutes > MaxMinutes)
        {
            return (null, Outcome.Invalid("minutes", InvalidProblem, $"minutes is 1 to {MaxMinutes}."));
        }

        return (request with { Target = target, Reason = reason }, null);
    }

    /// <summary>Whether <paramref name="grant"/> opens <paramref name="target"/> of <paramref name="kind"/> for <paramref name="role"/> at <paramref name="now"/>.</summary>
    public static bool Covers(AccessGrant grant, string role, GrantTargetKind kind, string target, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return grant.Role == role && grant.Kind == kind && now < grant.ExpiresAt &&
            string.Equals(grant.Target, target, kind == GrantTargetKind.Person ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }
}

/// <summary>
/// One user's break-glass grants (keyed by token subject): each opened with a reason, time-limited, journaled;
/// the gateway consults it when a request falls outside the caller's own scope.
/// </summary>
[Alias("gg.access-grants")]
public interface IAccessGrantGrain : IGrainWithStringKey
{
    /// <summary>
    /// Opens a grant (journaled <c>break-glass-opened</c> with subject, role, target, reason and expiry) under
    /// <paramref name="role"/>. Idempotent by grant id: the same request again answers the same grant; the same id
    /// with other content is a Conflict (<c>grant-id-reused</c>). A request breaking <see cref="AccessGrantRules"/> is Invalid.
    /// </summary>
    [Alias("open")]
    ValueTask<AccessGrantResult> OpenAsync(AccessGrantRequest request, string role, string actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// An unexpired grant that covers the target now, opened under <paramref name="role"/> (the latest to expire);
    /// null when none. Interleaves: a read from memory.
    /// </summary>
    [AlwaysInterleave]
    [Alias("find")]
    ValueTask<AccessGrant?> FindAsync(string role, GrantTargetKind kind, string target, CancellationToken cancellationToken = default);

    /// <summary>Every grant, newest first (expired ones included).</summary>
    [AlwaysInterleave]
    [Alias("list")]
    ValueTask<IReadOnlyList<AccessGrant>> ListAsync(CancellationToken cancellationToken = default);
}
