using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;

namespace GridGovernance.Contracts.Field;

/// <summary>What grid workers do to any entity that lives in a cell: visit it, and place it by its location.</summary>
[Alias("gg.field-entity")]
public interface IFieldEntityGrain : IDeadlineOwnerGrain
{
    /// <summary>Records a visit; completes the visit deadline and plans the next. Idempotent by visit id.</summary>
    [Alias("record-visit")]
    ValueTask<VisitResult> RecordVisitAsync(VisitCommand command, string actor, CancellationToken cancellationToken = default);

    /// <summary>Changes the registered location and moves the entity to the cell that covers it.</summary>
    [Alias("move")]
    ValueTask<Outcome> MoveAsync(GeoPoint location, string actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Open field tasks (visits, tenant reports, hazard follow-ups, searches) due by <paramref name="until"/> or
    /// overdue, for a worker's task list; empty when not registered or no longer under active control.
    /// </summary>
    [Alias("field-tasks")]
    ValueTask<IReadOnlyList<FieldTask>> GetFieldTasksAsync(DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Locates the entity again on grid version ≥ <paramref name="gridVersion"/> (after an import).</summary>
    [Alias("relocate")]
    ValueTask<Outcome> RelocateAsync(int gridVersion, string actor, CancellationToken cancellationToken = default);
}
