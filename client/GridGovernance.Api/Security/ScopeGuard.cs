using GridGovernance.Api.Problems;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Geography;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Contracts.Security;
using GridGovernance.Contracts.Supervision;

namespace GridGovernance.Api.Security;

/// <summary>Where a request's target lives: its cell and community, and the person when it is one.</summary>
/// <param name="Cell">The cell, when known.</param>
/// <param name="Community">The community, when known.</param>
/// <param name="Person">The monitored person, when the target is one (caseload scope).</param>
public readonly record struct ScopeTarget(CellCode? Cell, CommunityCode? Community, PersonId? Person = null)
{
    /// <summary>Something that belongs to the whole district (no cell).</summary>
    public static ScopeTarget District => default;

    /// <summary>A cell of a community.</summary>
    public static ScopeTarget InCell(CellCode cell, CommunityCode community) => new(cell, community);

    /// <summary>A property, where its cell places it.</summary>
    public static ScopeTarget Of(PropertySummary property) => new(property.Cell, property.Community);

    /// <summary>A person, where their home places them.</summary>
    public static ScopeTarget Of(PersonSummary person) => new(person.Cell, person.Community, person.Id);
}

/// <summary>The answer of a scope check.</summary>
/// <param name="Allowed">Whether the caller may.</param>
/// <param name="Grant">The break-glass grant that allowed it, when the caller's own scope did not.</param>
/// <param name="Problem">Why not: <c>forbidden-role</c> (the role lacks the capability) or <c>out-of-scope</c>.</param>
public sealed record Access(bool Allowed, AccessGrant? Grant, string? Problem)
{
    /// <summary>Allowed by the caller's own scope.</summary>
    public static Access Own { get; } = new(true, null, null);

    /// <summary>Whether access came through break-glass (reads are then audited as such).</summary>
    public bool BreakGlass => Grant is not null;
}

/// <summary>
/// Checks a caller against <see cref="AccessPolicy"/> for one target: the role must have the capability, and the
/// target must be within its reach (district, community, cells, caseload), or covered by an open break-glass
/// grant the caller opened under the same role.
/// </summary>
public sealed class ScopeGuard(IClusterClient client)
{
    /// <summary>Whether <paramref name="caller"/> may use <paramref name="capability"/> on <paramref name="target"/>.</summary>
    public async ValueTask<Access> CheckAsync(GridCaller caller, Capability capability, ScopeTarget target, CancellationToken cancellationToken)
    {
        if (AccessPolicy.Reach(caller.Role, capability) is not { } reach)
        {
            return new Access(false, null, ProblemTypes.ForbiddenRole);
        }

        if (await WithinAsync(caller, reach, target, cancellationToken))
        {
            return Access.Own;
        }

        var grant = await FindGrantAsync(caller, target, cancellationToken);
        return grant is null ? new Access(false, null, ProblemTypes.OutOfScope) : new Access(true, grant, null);
    }

    /// <summary>Whether the role has the capability at all (for endpoints whose target is decided later, such as lists).</summary>
    public static bool Has(GridCaller caller, Capability capability) => AccessPolicy.Reach(caller.Role, capability) is not null;

    private async ValueTask<bool> WithinAsync(GridCaller caller, ScopeKind reach, ScopeTarget target, CancellationToken cancellationToken) => reach switch
    {
        ScopeKind.District => true,
        ScopeKind.Community => caller.Community is { } mine && target.Community == mine,
        ScopeKind.Cells => target.Cell is { } cell && caller.Cells.Contains(cell),
        ScopeKind.Caseload => target.Person is { } person && await client.Caseload(caller.Subject).ContainsAsync(person, cancellationToken),
        _ => false,
    };

    private async ValueTask<AccessGrant?> FindGrantAsync(GridCaller caller, ScopeTarget target, CancellationToken cancellationToken)
    {
        var grants = client.AccessGrants(caller.Subject);
        if (target.Person is { } person && await grants.FindAsync(caller.Role, GrantTargetKind.Person, person.ToString(), cancellationToken) is { } forPerson)
        {
            return forPerson;
        }

        if (target.Cell is { } cell && await grants.FindAsync(caller.Role, GrantTargetKind.Cell, cell.Value, cancellationToken) is { } forCell)
        {
            return forCell;
        }

        return target.Community is { } community ? await grants.FindAsync(caller.Role, GrantTargetKind.Community, community.Value, cancellationToken) : null;
    }
}
