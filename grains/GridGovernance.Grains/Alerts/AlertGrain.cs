using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Grains.Journal;
using GridGovernance.Grains.Operations;

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

    [Id(5)] public DateTimeOffset? AcknowledgedAt { get; set; }

    [Id(6)] public string? AcknowledgedBy { get; set; }

    [Id(7)] public DateTimeOffset? RedAt { get; set; }
}

/// <inheritdoc cref="IAlertGrain"/>
/// <remarks>
/// Its key is derived from source and deadline, so raising twice is harmless. When the ladder moves is decided
/// by the source entity, which owns the deadline and its escalation (HL-06); the alert records each step,
/// journals it and tells its cell. It calls only its cell, and cells call no alert, so calls cannot cycle.
/// </remarks>
[GrainType("alert")]
public sealed class AlertGrain(
    [PersistentState("alert", StorageNames.Grid)] IPersistentState<AlertState> state,
    TimeProvider time,
    GridMetrics metrics) : Grain, IAlertGrain
{
    private EventLog Log => new("alert", this.GetPrimaryKeyString());

    private AlertState S => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        S.Outbox.Clear();
        return Task.CompletedTask;
    }

    public async ValueTask<AlertView> RaiseAsync(AlertSpec spec, AlertLevel level, string actor, CancellationToken cancellationToken = default)
    {
        if (S.Spec is not null)
        {
            return await TellCellAsync(cancellationToken);
        }

        if (spec.Key != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"Alert {this.GetPrimaryKeyString()} cannot be raised with the spec of {spec.Key}.", nameof(spec));
        }

        var now = time.GetUtcNow();
        S.Spec = spec;
        S.Level = level;
        S.Status = AlertStatus.Open;
        S.RaisedAt = now;
        S.RedAt = level == AlertLevel.Red ? now : null;
        Append("alert-raised", actor, new { source = spec.Source.ToString(), deadline = spec.DeadlineId, kind = spec.Kind, dueAt = spec.DueAt, rule = spec.Rule, level }, "raised");
        return await CommitAsync("raised", cancellationToken);
    }

    public async ValueTask<AlertView?> AcknowledgeAsync(string actor, string? note, CancellationToken cancellationToken = default)
    {
        if (S.Spec is null)
        {
            return null;
        }

        if (S.Status != AlertStatus.Open)
        {
            return await TellCellAsync(cancellationToken);
        }

        S.Status = AlertStatus.Acknowledged;
        S.AcknowledgedAt = time.GetUtcNow();
        S.AcknowledgedBy = actor;
        Append("alert-acknowledged", actor, new { note }, "acknowledged");
        return await CommitAsync("acknowledged", cancellationToken);
    }

    public async ValueTask<AlertView?> EscalateAsync(string actor, string reason, CancellationToken cancellationToken = default)
    {
        if (S.Spec is null)
        {
            return null;
        }

        if (S.Status == AlertStatus.Resolved || S.Level == AlertLevel.Red)
        {
            return await TellCellAsync(cancellationToken);
        }

        S.Level = AlertLevel.Red;
        S.RedAt = time.GetUtcNow();
        Append("alert-escalated", actor, new { level = AlertLevel.Red, reason, rule = "HL-06" }, "red");
        return await CommitAsync("escalated", cancellationToken);
    }

    public async ValueTask<AlertView?> ResolveAsync(string actor, string reason, CancellationToken cancellationToken = default)
    {
        if (S.Spec is null)
        {
            return null;
        }

        if (S.Status == AlertStatus.Resolved)
        {
            return await TellCellAsync(cancellationToken);
        }

        S.Status = AlertStatus.Resolved;
        S.ResolvedAt = time.GetUtcNow();
        Append("alert-resolved", actor, new { reason, level = S.Level, onTime = S.Level == AlertLevel.Yellow }, "resolved");
        return await CommitAsync("resolved", cancellationToken);
    }

    public ValueTask<AlertView?> GetAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(View());

    private void Append(string type, string actor, object payload, string key) =>
        Log.Append(S, type, actor, time.GetUtcNow(), S.Spec!.Cell.Value, S.Spec.Community.Value.Length == 0 ? null : S.Spec.Community.Value, payload, key);

    /// <summary>
    /// Durable first, then counted (<paramref name="transition"/>), then the cell learns of it (and passes it on to the
    /// community and district).
    /// </summary>
    private async Task<AlertView> CommitAsync(string transition, CancellationToken cancellationToken)
    {
        await state.CommitAsync(cancellationToken);
        metrics.AlertTransition(transition, S.Level);
        return await TellCellAsync(cancellationToken);
    }

    /// <summary>
    /// Tells the cell where the alert stands. Also on a repeated call: if the first call's report to the cell failed
    /// after the write, the retry repairs the cell's counts (the cell ignores a report that changes nothing).
    /// </summary>
    private async Task<AlertView> TellCellAsync(CancellationToken cancellationToken)
    {
        var view = View()!;
        await GrainFactory.Cell(S.Spec!.Cell).AlertChangedAsync(view, cancellationToken);
        return view;
    }

    private AlertView? View() => S.Spec is { } spec
        ? new AlertView(this.GetPrimaryKeyString(), spec, S.Level, S.Status, S.RaisedAt, S.ResolvedAt, S.AcknowledgedAt, S.AcknowledgedBy, S.RedAt,
            S.Status == AlertStatus.Resolved ? S.RedAt is null : null)
        : null;
}
