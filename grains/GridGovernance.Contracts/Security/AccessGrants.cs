using GridGovernance.Contracts.Common;

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
/// One user's break-glass grants (keyed by token subject): each opened with a reason, time-limited, journaled;
/// the gateway consults it when a request falls outside the caller's own scope.
/// </summary>
[Alias("gg.access-grants")]
public interface IAccessGrantGrain : IGrainWithStringKey
{
    /// <summary>Opens a grant (journaled <c>break-glass-opened</c>). Idempotent by grant id.</summary>
    [Alias("open")]
    ValueTask<AccessGrantResult> OpenAsync(AccessGrantRequest request, string role, string actor, CancellationToken cancellationToken = default);

    /// <summary>A grant that covers the target now, opened under <paramref name="role"/>; null when none. Interleaves: a read from memory.</summary>
    [AlwaysInterleave]
    [Alias("find")]
    ValueTask<AccessGrant?> FindAsync(string role, GrantTargetKind kind, string target, CancellationToken cancellationToken = default);

    /// <summary>Every grant, newest first (expired ones included).</summary>
    [AlwaysInterleave]
    [Alias("list")]
    ValueTask<IReadOnlyList<AccessGrant>> ListAsync(CancellationToken cancellationToken = default);
}
