using GridGovernance.Contracts.Operations;

namespace GridGovernance.Grains.Operations;

/// <summary>State of a <see cref="ProbeGrain"/>.</summary>
[GenerateSerializer, Alias("gg.probe-state")]
public sealed class ProbeState
{
    [Id(0)] public string? Value { get; set; }

    [Id(1)] public int Writes { get; set; }

    [Id(2)] public int ReminderTicks { get; set; }

    [Id(3)] public DateTimeOffset? LastTickAt { get; set; }
}

/// <inheritdoc cref="IProbeGrain"/>
[GrainType("probe")]
public sealed class ProbeGrain(
    [PersistentState("probe", StorageNames.Grid)] IPersistentState<ProbeState> state,
    TimeProvider time) : Grain, IProbeGrain, IRemindable
{
    private const string ReminderName = "probe";

    public async ValueTask<ProbeReport> WriteAsync(string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        state.State.Value = value;
        state.State.Writes++;
        await state.WriteStateAsync(cancellationToken);
        return Report();
    }

    public ValueTask<ProbeReport> ReadAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Report());

    public async ValueTask ScheduleAsync(TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken = default) =>
        await this.RegisterOrUpdateReminder(ReminderName, dueTime, period, cancellationToken);

    public async ValueTask CancelAsync(CancellationToken cancellationToken = default)
    {
        if (await this.GetReminder(ReminderName, cancellationToken) is { } reminder)
        {
            await this.UnregisterReminder(reminder, cancellationToken);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.ReminderTicks++;
        state.State.LastTickAt = time.GetUtcNow();
        await state.WriteStateAsync();
    }

    private ProbeReport Report() =>
        new(state.State.Value, state.State.Writes, state.State.ReminderTicks, state.State.LastTickAt, RuntimeIdentity);
}
