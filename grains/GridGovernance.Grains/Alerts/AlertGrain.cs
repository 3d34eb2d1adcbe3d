using GridGovernance.Contracts.Alerts;
using GridGovernance.Grains.Journal;

namespace GridGovernance.Grains.Alerts;

/// <summary>State of an <see cref="AlertGrain"/>.</summary>
[GenerateSerializer, Alias("gg.alert-state")]
public sealed class AlertState : JournaledState
{
    [Id(0)] public AlertSpec? Spec { get; set; }

    [Id(1)] public AlertLevel Level { get; set; }

    [Id(2)] public AlertStatus Status { get; set; }

    [Id(3)] public DateTimeOffset RaisedAt { get; set; }

    [Id(4)] public DateTimeOffset? ResolvedAt { get; set; }
}

/// <inheritdoc cref="IAlertGrain"/>
/// <remarks>Its key is derived from source and deadline, so raising twice is harmless. It awaits nothing.</remarks>
[GrainType("alert")]
public sealed class AlertGrain(
    [PersistentState("alert", StorageNames.Grid)] IPersistentState<AlertState> state,
    TimeProvider time) : Grain, IAlertGrain
{
    private EventLog Log => new("alert", this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        state.State.Outbox.Clear();
        return Task.CompletedTask;
    }

    public async ValueTask<AlertView> RaiseAsync(AlertSpec spec, string actor, CancellationToken cancellationToken = default)
    {
        if (state.State.Spec is not null)
        {
            return View()!;
        }

        if (spec.Key != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"Alert {this.GetPrimaryKeyString()} cannot be raised with the spec of {spec.Key}.", nameof(spec));
        }

        var now = time.GetUtcNow();
        state.State.Spec = spec;
        state.State.Level = AlertLevel.Yellow;
        state.State.Status = AlertStatus.Open;
        state.State.RaisedAt = now;
        Log.Append(state.State, "alert-raised", actor, now, spec.Cell.Value, spec.Community.Value,
            new { source = spec.Source.ToString(), deadline = spec.DeadlineId, kind = spec.Kind, dueAt = spec.DueAt, rule = spec.Rule, level = AlertLevel.Yellow }, "raised");
        await state.CommitAsync(cancellationToken);
        return View()!;
    }

    public async ValueTask<AlertView?> ResolveAsync(string actor, string reason, CancellationToken cancellationToken = default)
    {
        if (state.State.Spec is not { } spec)
        {
            return null;
        }

        if (state.State.Status != AlertStatus.Resolved)
        {
            var now = time.GetUtcNow();
            state.State.Status = AlertStatus.Resolved;
            state.State.ResolvedAt = now;
            Log.Append(state.State, "alert-resolved", actor, now, spec.Cell.Value, spec.Community.Value, new { reason, onTime = false }, "resolved");
            await state.CommitAsync(cancellationToken);
        }

        return View();
    }

    public ValueTask<AlertView?> GetAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(View());

    private AlertView? View() => state.State.Spec is { } spec
        ? new AlertView(this.GetPrimaryKeyString(), spec, state.State.Level, state.State.Status, state.State.RaisedAt, state.State.ResolvedAt)
        : null;
}
