using GridGovernance.Api.Security;

namespace GridGovernance.Api.Tests.Matrix;

/// <summary>Grid workers.</summary>
public static class WorkerMatrix
{
    public static IReadOnlyList<MatrixEndpoint> Rows { get; } =
    [
        new("RegisterWorker", Capability.ManageWorkers, target => Task.FromResult(
            new MatrixRequest(HttpMethod.Put, $"/api/v1/workers/{Guid.NewGuid()}", new { name = "矩阵网格员", cells = new[] { target.Cell.Value } }))),
        new("GetWorker", Capability.ReadWorker, async target => new MatrixRequest(HttpMethod.Get, $"/api/v1/workers/{await WorkerInAsync(target)}")),
        new("ListWorkerTasks", Capability.ReadTasks, async target => new MatrixRequest(HttpMethod.Get, $"/api/v1/workers/{await WorkerInAsync(target)}/tasks")),
    ];

    /// <summary>A worker assigned to the target's cell, registered by an operator.</summary>
    private static async Task<Guid> WorkerInAsync(MatrixTarget target)
    {
        var id = Guid.NewGuid();
        var response = await target.Api.PutAsync($"/api/v1/workers/{id}", MatrixTarget.OperatorToken, new { name = "矩阵网格员", cells = new[] { target.Cell.Value } });
        return response.Status == 200 ? id : throw new InvalidOperationException("setting up a worker failed: " + response);
    }
}
