using GridGovernance.Api.Security;

namespace GridGovernance.Api.Tests.Matrix;

/// <summary>Break-glass grants: opening one reaches the whole district (that is its point); listing shows the caller's own.</summary>
public static class AccessGrantMatrix
{
    public static IReadOnlyList<MatrixEndpoint> Rows { get; } =
    [
        new("OpenAccessGrant", Capability.OpenAccessGrant, target => Task.FromResult(new MatrixRequest(HttpMethod.Post, "/api/v1/access-grants",
            new { grantId = Guid.NewGuid(), kind = "Person", target = Guid.NewGuid().ToString("N"), reason = "Matrix check of break-glass access", minutes = 5 }))),
        new("ListMyAccessGrants", Capability.OpenAccessGrant, _ => Task.FromResult(new MatrixRequest(HttpMethod.Get, "/api/v1/access-grants/me"))),
    ];
}
