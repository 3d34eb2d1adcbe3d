namespace GridGovernance.Contracts.Operations;

/// <summary>
/// An operator's end-to-end probe of a running cluster: a write that is durable in PostgreSQL, a read that
/// shows which silo answered, and a reminder whose ticks prove the reminder service fires. Keys come from
/// <see cref="GrainFactoryExtensions.Probe"/>.
/// </summary>
[Alias("gg.probe")]
public interface IProbeGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="value"/>; the answer comes after the write is durable.</summary>
    [Alias("write")]
    ValueTask<ProbeReport> WriteAsync(string value, CancellationToken cancellationToken = default);

    /// <summary>The stored value and counters, and the silo that holds the activation.</summary>
    [Alias("read")]
    ValueTask<ProbeReport> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>Registers (or moves) the durable reminder that counts ticks.</summary>
    [Alias("schedule")]
    ValueTask ScheduleAsync(TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken = default);

    /// <summary>Removes the reminder.</summary>
    [Alias("cancel")]
    ValueTask CancelAsync(CancellationToken cancellationToken = default);
}

/// <summary>What a probe holds.</summary>
/// <param name="Value">The last value written, or null.</param>
/// <param name="Writes">How many writes the probe has accepted.</param>
/// <param name="ReminderTicks">How many reminder ticks it has recorded.</param>
/// <param name="LastTickAt">When the last tick was recorded.</param>
/// <param name="Silo">The silo that answered.</param>
[GenerateSerializer, Immutable, Alias("gg.probe-report")]
public sealed record ProbeReport(string? Value, int Writes, int ReminderTicks, DateTimeOffset? LastTickAt, string Silo);
