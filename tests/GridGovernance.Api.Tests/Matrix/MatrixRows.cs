namespace GridGovernance.Api.Tests.Matrix;

/// <summary>Every endpoint's matrix row, gathered from the area files (each area adds its own list here).</summary>
public static class MatrixRows
{
    public static IReadOnlyList<MatrixEndpoint> All { get; } =
    [
        // Area lists are appended here: ..GridMatrix.Rows, ..PropertyMatrix.Rows, and so on.
    ];
}
