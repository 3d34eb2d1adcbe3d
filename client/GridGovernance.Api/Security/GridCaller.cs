using System.Reflection;
using System.Security.Claims;
using GridGovernance.Contracts.Geography;
using GridGovernance.Hosting.Security;

namespace GridGovernance.Api.Security;

/// <summary>
/// Who is calling, from the validated token: subject, role, and the scope claims (a worker's cells, an
/// administrator's community). Handlers take it as a parameter; <see cref="Actor"/> is what grains journal.
/// </summary>
/// <param name="Subject">The token's <c>sub</c>.</param>
/// <param name="Role">The token's <c>role</c>.</param>
/// <param name="Cells">A grid worker's cells (<c>gg_cells</c>).</param>
/// <param name="Community">A community administrator's community (<c>gg_community</c>).</param>
public sealed record GridCaller(string Subject, string Role, IReadOnlySet<CellCode> Cells, CommunityCode? Community)
{
    /// <summary>"role:subject", the actor every command passes to the grains and the journal records.</summary>
    public string Actor => Role + ":" + Subject;

    /// <summary>The caller of an authenticated request; throws when the endpoint let an anonymous request through (a wiring bug).</summary>
    public static GridCaller From(ClaimsPrincipal user)
    {
        var subject = user.FindFirst(GridClaims.Subject)?.Value;
        var role = user.FindFirst(GridClaims.Role)?.Value;
        if (string.IsNullOrWhiteSpace(subject) || string.IsNullOrWhiteSpace(role))
        {
            throw new InvalidOperationException("An endpoint that needs a caller was reached without an authenticated user; it must require authorization.");
        }

        var cells = (user.FindFirst(GridClaims.Cells)?.Value ?? "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => new CellCode(c))
            .ToHashSet();
        var community = user.FindFirst(GridClaims.Community)?.Value;
        return new GridCaller(subject, role, cells, string.IsNullOrWhiteSpace(community) ? null : new CommunityCode(community));
    }

    /// <summary>Minimal-API binding: a handler parameter of this type is the caller of the request.</summary>
    public static ValueTask<GridCaller?> BindAsync(HttpContext context, ParameterInfo parameter) => ValueTask.FromResult<GridCaller?>(From(context.User));
}
