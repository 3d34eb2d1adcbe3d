using GridGovernance.Api.Security;
using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Contracts.Geography;

namespace GridGovernance.Api.Tests.Matrix;

/// <summary>
/// One endpoint of the role × endpoint × scope matrix: the capability it needs, and how to build a valid request
/// whose target lives in a given cell. The matrix sends it as every role, in scope and out of scope, and
/// expects exactly what <see cref="AccessPolicy"/> says: 2xx when allowed, 403 with no data when not. The fuzz
/// test reuses the same requests with broken bodies and ids.
/// </summary>
/// <param name="Operation">The OpenAPI operation id (every operation in the document must have a row).</param>
/// <param name="Capability">What the endpoint needs.</param>
/// <param name="Build">Makes a fresh, valid request for a target in <see cref="MatrixTarget.Cell"/> (creating what it needs).</param>
/// <param name="PersonTarget">
/// The target is a monitored person (on the in-scope officer's caseload); otherwise it is a place (a cell, a
/// property), which a caseload never reaches.
/// </param>
/// <param name="Filtered">
/// The endpoint lists the caller's own things ("me"): it has no target to refuse, so every role with the capability
/// gets 2xx (filtered to its scope) and the rest 403.
/// </param>
/// <param name="OwnSubject">
/// The target is the caller's own row (<see cref="MatrixCallers.OwnSubject"/> of the target's officer): callers are sent with
/// that subject, so a grid worker's "own" reach is in scope for the in-scope target and out of it for the other.
/// </param>
public sealed record MatrixEndpoint(string Operation, Capability Capability, Func<MatrixTarget, Task<MatrixRequest>> Build, bool PersonTarget = false, bool Filtered = false,
    bool OwnSubject = false);

/// <summary>A request: method, path (with query), JSON body.</summary>
public sealed record MatrixRequest(HttpMethod Method, string Path, object? Body = null);

/// <summary>
/// Where the target of a matrix request lives, and who its in-scope callers are: a grid worker of
/// <see cref="Cell"/>, the administrator of <see cref="Community"/>, and the officer <see cref="Officer"/> (a
/// person built for this target must be put on that officer's caseload).
/// </summary>
/// <param name="Api">The running system.</param>
/// <param name="Cell">The target's cell.</param>
/// <param name="Community">Its community.</param>
/// <param name="Officer">The correction officer (token subject) whose caseload holds people built for this target.</param>
public sealed record MatrixTarget(ApiSystem Api, CellCode Cell, CommunityCode Community, string Officer)
{
    /// <summary>A community administrator of the target's community (for setting things up).</summary>
    public string AdminToken => ApiSystem.Token("community-admin", "admin-" + Community.Value, community: Community.Value);

    /// <summary>An operator (for setting things up).</summary>
    public static string OperatorToken => ApiSystem.Token("operator", "operator-setup");
}
