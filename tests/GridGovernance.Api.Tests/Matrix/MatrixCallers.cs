using GridGovernance.Api.Security;
using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Hosting.Security;

namespace GridGovernance.Api.Tests.Matrix;

/// <summary>In-scope and out-of-scope targets and a caller of each role for them.</summary>
public static class MatrixCallers
{
    /// <summary>A target in cell A-1 (community A) whose people go on <paramref name="officer"/>'s caseload.</summary>
    public static MatrixTarget InScope(ApiSystem api, string officer) => new(api, api.Grid.A1, api.Grid.CommunityA, officer);

    /// <summary>A target in cell B-1 (community B) whose people go on another officer's caseload.</summary>
    public static MatrixTarget OutOfScope(ApiSystem api, string otherOfficer) => new(api, api.Grid.B1, api.Grid.CommunityB, otherOfficer);

    /// <summary>
    /// A token of <paramref name="role"/> whose own scope is the in-scope target: a worker of cell A-1, the
    /// administrator of community A, the officer <paramref name="officer"/>.
    /// </summary>
    public static string Token(ApiSystem api, string role, string officer, string? subject = null) => role switch
    {
        GridRoles.GridWorker => ApiSystem.Token(role, subject, cells: [api.Grid.A1.Value]),
        GridRoles.CommunityAdmin => ApiSystem.Token(role, subject, community: api.Grid.CommunityA.Value),
        GridRoles.CorrectionOfficer => ApiSystem.Token(role, subject ?? officer),
        _ => ApiSystem.Token(role, subject),
    };

    /// <summary>The token subject of the caller whose own things a target built for <paramref name="officer"/> is (see <see cref="MatrixEndpoint.OwnSubject"/>).</summary>
    public static string OwnSubject(string officer) => "own-" + officer;

    /// <summary>What <see cref="AccessPolicy"/> says <paramref name="role"/> may do with the endpoint in or out of its scope.</summary>
    public static bool Allowed(string role, MatrixEndpoint row, bool inScope) => AccessPolicy.Reach(role, row.Capability) switch
    {
        null or ScopeKind.GrantOnly => false,
        ScopeKind.District => true,
        _ when row.Filtered => true,
        ScopeKind.Caseload => inScope && row.PersonTarget,
        _ => inScope,
    };
}
