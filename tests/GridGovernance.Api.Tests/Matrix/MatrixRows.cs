namespace GridGovernance.Api.Tests.Matrix;

/// <summary>Every endpoint's matrix row, gathered from the area files (each area adds its own list here).</summary>
public static class MatrixRows
{
    public static IReadOnlyList<MatrixEndpoint> All { get; } =
    [
        .. OverviewMatrix.Rows,
    ];
}
