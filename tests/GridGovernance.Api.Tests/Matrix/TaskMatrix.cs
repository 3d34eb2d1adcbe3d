using GridGovernance.Api.Security;

namespace GridGovernance.Api.Tests.Matrix;

/// <summary>Task lists.</summary>
public static class TaskMatrix
{
    public static IReadOnlyList<MatrixEndpoint> Rows { get; } =
    [
        new("ListTasks", Capability.ReadTasks, target => Task.FromResult(new MatrixRequest(HttpMethod.Get, $"/api/v1/tasks?cell={target.Cell.Value}"))),
    ];
}
