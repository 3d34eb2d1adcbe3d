using GridGovernance.Api.Security;

namespace GridGovernance.Api.Tests.Matrix;

/// <summary>The district overview.</summary>
public static class OverviewMatrix
{
    public static IReadOnlyList<MatrixEndpoint> Rows { get; } =
    [
        new("GetOverview", Capability.ReadOverview, _ => Task.FromResult(new MatrixRequest(HttpMethod.Get, "/api/v1/overview"))),
    ];
}
