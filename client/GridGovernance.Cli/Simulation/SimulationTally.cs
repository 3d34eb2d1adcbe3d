using System.Collections.Concurrent;
using System.Diagnostics;

namespace GridGovernance.Cli.Simulation;

/// <summary>The running totals of a simulation, updated by every worker at once.</summary>
internal sealed class SimulationTally
{
    private readonly ConcurrentDictionary<string, byte> _alerts = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _sent;
    private long _ok;
    private long _duplicates;
    private long _failed;
    private long _syncs;
    private long _syncedItems;
    private long _queued;
    private long _skipped;

    public long Sent => Interlocked.Read(ref _sent);

    public long Ok => Interlocked.Read(ref _ok);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Failed => Interlocked.Read(ref _failed);

    public long Syncs => Interlocked.Read(ref _syncs);

    public long SyncedItems => Interlocked.Read(ref _syncedItems);

    public long Skipped => Interlocked.Read(ref _skipped);

    public int AlertsSeen => _alerts.Count;

    public void CheckIn(SendResult result)
    {
        Interlocked.Increment(ref _sent);
        Interlocked.Increment(ref result == SendResult.Ok ? ref _ok : ref _failed);
    }

    public void Queued(int change) => Interlocked.Add(ref _queued, change);

    public void Synced(int items, SyncResult result)
    {
        Interlocked.Increment(ref _syncs);
        Interlocked.Add(ref _syncedItems, items);
        Interlocked.Add(ref _sent, items);
        Interlocked.Add(ref _ok, result.Accepted);
        Interlocked.Add(ref _duplicates, result.Duplicates);
        Interlocked.Add(ref _failed, result.Failed);
    }

    public void Missed() => Interlocked.Increment(ref _skipped);

    public void SawAlerts(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            _alerts.TryAdd(key, 0);
        }
    }

    /// <summary>One line: elapsed real and simulated time and every total.</summary>
    public string Line(double speed)
    {
        var real = _clock.Elapsed;
        var simulated = TimeSpan.FromSeconds(real.TotalSeconds * speed);
        return $"{real.TotalSeconds,5:0}s (simulated {(int)simulated.TotalHours}h{simulated.Minutes:00}m) " +
            $"visits sent={Sent} ok={Ok} duplicate={Duplicates} failed={Failed}; syncs={Syncs} items={SyncedItems} queued={Interlocked.Read(ref _queued)}; " +
            $"duties skipped={Skipped}; alerts seen={AlertsSeen}";
    }
}
