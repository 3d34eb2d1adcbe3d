using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Geography;
using GridGovernance.Grains.Journal;

namespace GridGovernance.Grains.Field;

/// <summary>State of a <see cref="GridWorkerGrain"/>.</summary>
[GenerateSerializer, Alias("gg.grid-worker-state")]
public sealed class GridWorkerState : JournaledState
{
    [Id(0)] public bool Exists { get; set; }

    [Id(1)] public string Name { get; set; } = "";

    [Id(2)] public List<string> Cells { get; set; } = [];
}

/// <inheritdoc cref="IGridWorkerGrain"/>
[GrainType("worker")]
public sealed class GridWorkerGrain(
    [PersistentState("grid-worker", StorageNames.Grid)] IPersistentState<GridWorkerState> state,
    TimeProvider time) : Grain, IGridWorkerGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        state.State.Outbox.Clear();
        return Task.CompletedTask;
    }

    public async ValueTask<Outcome> RegisterAsync(string name, IReadOnlyList<CellCode> cells, string actor, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            return Outcome.Invalid("name", "missing-field", "name is required, at most 100 characters.");
        }

        foreach (var cell in cells)
        {
            if (Codes.Problem(cell.Value) is { } problem)
            {
                return Outcome.Invalid("cells", "invalid-code", $"'{cell.Value}': {problem}");
            }
        }

        var wanted = cells.Select(c => c.Value).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var cell in wanted)
        {
            if (await GrainFactory.Cell(new CellCode(cell)).GetSummaryAsync(cancellationToken) is not { Retired: false } summary || summary.Community.Value.Length == 0)
            {
                return Outcome.Invalid("cells", "unknown-cell", $"Cell '{cell}' is not part of an imported grid.");
            }
        }

        var s = state.State;
        if (s.Exists && s.Name == name.Trim() && s.Cells.SequenceEqual(wanted))
        {
            return Outcome.Ok;
        }

        var me = new WorkerId(this.GetPrimaryKey());
        // Assignments first: a crash before the write leaves an extra assignment that the retry confirms.
        foreach (var cell in wanted.Except(s.Cells))
        {
            await GrainFactory.Cell(new CellCode(cell)).AssignWorkerAsync(me, assigned: true, cancellationToken);
        }

        foreach (var cell in s.Cells.Except(wanted))
        {
            await GrainFactory.Cell(new CellCode(cell)).AssignWorkerAsync(me, assigned: false, cancellationToken);
        }

        new EventLog("worker", me.ToString()).Append(s, s.Exists ? "worker-reassigned" : "worker-registered", actor, time.GetUtcNow(),
            wanted.FirstOrDefault(), null, new { cells = wanted, previous = s.Cells }, "assign:" + s.NextSequence());
        s.Exists = true;
        s.Name = name.Trim();
        s.Cells = wanted;
        await state.CommitAsync(cancellationToken);
        return Outcome.Ok;
    }

    public async ValueTask<TaskList> GetTasksAsync(CancellationToken cancellationToken = default) =>
        await GrainFactory.TaskBoard().GetTasksAsync([.. state.State.Cells.Select(c => new CellCode(c))], cancellationToken);

    public ValueTask<WorkerSummary?> GetAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(state.State.Exists
            ? new WorkerSummary(new WorkerId(this.GetPrimaryKey()), state.State.Name, [.. state.State.Cells.Select(c => new CellCode(c))])
            : null);
}
