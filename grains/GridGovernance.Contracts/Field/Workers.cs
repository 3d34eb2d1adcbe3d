using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Geography;

namespace GridGovernance.Contracts.Field;

/// <summary>A grid worker and the cells assigned to them.</summary>
/// <param name="Id">Key.</param>
/// <param name="Name">Name.</param>
/// <param name="Cells">Assigned cells.</param>
[GenerateSerializer, Immutable, Alias("gg.worker-summary")]
public sealed record WorkerSummary(WorkerId Id, string Name, IReadOnlyList<CellCode> Cells);

/// <summary>A grid worker (网格员).</summary>
[Alias("gg.grid-worker")]
public interface IGridWorkerGrain : IGrainWithGuidKey
{
    /// <summary>Registers the worker with their cells (replacing earlier assignments); idempotent.</summary>
    [Alias("register")]
    ValueTask<Outcome> RegisterAsync(string name, IReadOnlyList<CellCode> cells, string actor, CancellationToken cancellationToken = default);

    /// <summary>The worker's task list over their assigned cells, most urgent first.</summary>
    [Alias("tasks")]
    ValueTask<TaskList> GetTasksAsync(CancellationToken cancellationToken = default);

    /// <summary>The worker, or null.</summary>
    [Alias("get")]
    ValueTask<WorkerSummary?> GetAsync(CancellationToken cancellationToken = default);
}
