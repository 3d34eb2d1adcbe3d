using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Geography;

namespace GridGovernance.Contracts.Field;

/// <summary>How soon a field task needs doing.</summary>
public enum TaskUrgency
{
    /// <summary>Its deadline has passed.</summary>
    Overdue = 0,

    /// <summary>Due before the end of today (Beijing time).</summary>
    Today = 1,

    /// <summary>Due within the coming week.</summary>
    ThisWeek = 2,
}

/// <summary>One thing a grid worker should do in the field: an open deadline of an entity in their cells.</summary>
/// <param name="Entity">The property or person.</param>
/// <param name="Cell">Its cell.</param>
/// <param name="DeadlineId">The deadline within the entity.</param>
/// <param name="Kind">Visit, tenant report, hazard follow-up, search.</param>
/// <param name="Rule">The rule behind it.</param>
/// <param name="DueAt">When it is (or was) due.</param>
/// <param name="Urgency">Overdue, today or this week.</param>
/// <param name="Location">Where to go (the registered point), for "nearest first".</param>
[GenerateSerializer, Immutable, Alias("gg.field-task")]
public sealed record FieldTask(EntityRef Entity, CellCode Cell, string DeadlineId, DeadlineKind Kind, string Rule, DateTimeOffset DueAt, TaskUrgency Urgency, GeoPoint? Location);

/// <summary>A task list: overdue first (oldest first), then today's, then this week's, each by due time.</summary>
/// <param name="AsOf">When it was read.</param>
/// <param name="Cells">The cells it covers.</param>
/// <param name="Tasks">The tasks, most urgent first.</param>
[GenerateSerializer, Immutable, Alias("gg.task-list")]
public sealed record TaskList(DateTimeOffset AsOf, IReadOnlyList<CellCode> Cells, IReadOnlyList<FieldTask> Tasks);

/// <summary>
/// Builds task lists for any set of cells: a worker's own, or any cell a supervisor may see (scope is checked
/// by the caller). Asks each cell which members may have tasks, then those members for their open field tasks.
/// </summary>
[Alias("gg.task-board")]
public interface ITaskBoardGrain : IGrainWithIntegerKey
{
    /// <summary>The open field tasks due within the horizon (or overdue) in <paramref name="cells"/>, most urgent first.</summary>
    [Alias("tasks")]
    ValueTask<TaskList> GetTasksAsync(IReadOnlyList<CellCode> cells, CancellationToken cancellationToken = default);
}
