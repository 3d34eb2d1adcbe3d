using GridGovernance.Contracts;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Geography;
using GridGovernance.Grains.Rules;

namespace GridGovernance.Grains.Field;

/// <inheritdoc cref="ITaskBoardGrain"/>
/// <remarks>
/// A stateless worker: it holds nothing, so any number of activations may answer side by side. It calls cells
/// and entities and is called by neither, so its calls cannot cycle.
/// </remarks>
[StatelessWorker]
[GrainType("task-board")]
public sealed class TaskBoardGrain(TimeProvider time, RuleBook book) : Grain, ITaskBoardGrain
{
    public async ValueTask<TaskList> GetTasksAsync(IReadOnlyList<CellCode> cells, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var until = now + TimeSpan.FromDays(book.At(now).Field.TaskHorizonDays);
        var wanted = cells.Distinct().ToList();
        var candidates = await Task.WhenAll(wanted.Select(c => GrainFactory.Cell(c).GetTaskCandidatesAsync(until, cancellationToken).AsTask()));
        var tasks = await Task.WhenAll(candidates.SelectMany(c => c).Distinct()
            .Select(e => GrainFactory.FieldEntity(e).GetFieldTasksAsync(until, cancellationToken).AsTask()));
        var inCells = wanted.ToHashSet();
        // An entity that moved since its cell answered belongs to another list.
        return new TaskList(now, wanted, TaskOrdering.Order(tasks.SelectMany(t => t).Where(t => inCells.Contains(t.Cell))));
    }
}
