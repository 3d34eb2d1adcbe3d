using GridGovernance.Contracts.Common;

namespace GridGovernance.Cli.Simulation;

/// <summary>One simulated grid worker: who they are, the token they act with, and whether their phone drops offline.</summary>
/// <param name="Index">Position in the run (0-based).</param>
/// <param name="Id">Their worker id (the token's subject).</param>
/// <param name="Cell">The cell they walk.</param>
/// <param name="Token">A grid-worker bearer token.</param>
/// <param name="OfflineProne">Whether they alternate offline stretches (visits queued) and bursts (batch sync).</param>
internal sealed record SimulatedWorker(int Index, Guid Id, string Cell, string Token, bool OfflineProne);

/// <summary>How the simulated workers behave.</summary>
/// <param name="Speed">Simulated seconds per real second: walking and time on site are compressed by it.</param>
/// <param name="MissShare">Share of due visits each worker deliberately leaves undone (their deadlines pass and alerts follow).</param>
/// <param name="Seed">Makes every choice (missed duties, stretches, GPS noise) repeatable.</param>
internal sealed record SimulationSettings(double Speed, double MissShare, int Seed)
{
    /// <summary>Walking pace in metres per second.</summary>
    public const double WalkingSpeed = 1.3;

    /// <summary>Time spent at each visit.</summary>
    public static readonly TimeSpan OnSite = TimeSpan.FromMinutes(5);

    /// <summary>How long a worker with nothing due waits before asking again.</summary>
    public static readonly TimeSpan Patrol = TimeSpan.FromMinutes(15);

    /// <summary>The longest real pause, so a short run still moves.</summary>
    public static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(10);

    /// <summary>The share of bursts sent twice, as a phone does when the answer to its sync is lost.</summary>
    public const double LostAnswerShare = 0.1;
}

/// <summary>
/// Workers walking their cells: each asks for their task list (due today, nearest first), walks to the nearest visit
/// at a walking pace, checks in with a GPS fix near the entity, and repeats. Offline-prone workers keep their last list,
/// queue check-ins for a few visits and then send them in one batch (<c>POST /api/v1/sync</c>), sometimes twice. A
/// share of due visits is skipped on purpose. Every check-in id is generated once and reused on retries.
/// </summary>
internal sealed class FieldSimulation(FieldApi api, SimulationSettings settings, SimulationTally tally)
{
    /// <summary>Runs <paramref name="worker"/> until <paramref name="stopping"/>; queued check-ins are sent before it returns.</summary>
    /// <param name="worker">The worker.</param>
    /// <param name="stopping">The end of the run: no new visit starts after it.</param>
    /// <param name="aborted">Ctrl-C or the grace period after the run: requests in flight are abandoned.</param>
    public async Task RunAsync(SimulatedWorker worker, CancellationToken stopping, CancellationToken aborted)
    {
        var random = new Random(HashCode.Combine(settings.Seed, worker.Index));
        var skipped = new Dictionary<string, bool>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var outbox = new List<CheckIn>();
        var list = new List<FieldTask>();
        // Every phone starts in coverage with a fresh list; an offline-prone one then leaves coverage with that copy.
        var online = true;
        var stretch = worker.OfflineProne ? 0 : int.MaxValue;
        GeoPoint? position = null;
        var deviceId = $"sim-{settings.Seed}-{worker.Index}";

        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (online)
                {
                    var tasks = await api.ListTasksAsync(worker.Token, worker.Id, position is { } p ? (p.Longitude, p.Latitude) : null, aborted);
                    tally.SawAlerts(await api.ListAlertKeysAsync(worker.Token, aborted));
                    list = tasks?.Where(t => t.IsVisit && !done.Contains(t.Key)).ToList() ?? [];
                    foreach (var task in list.Where(t => !skipped.ContainsKey(t.Key)))
                    {
                        skipped[task.Key] = random.NextDouble() < settings.MissShare;
                        if (skipped[task.Key])
                        {
                            tally.Missed();
                        }
                    }

                    list.RemoveAll(t => skipped[t.Key]);
                    if (stretch <= 0)
                    {
                        online = false;
                        stretch = random.Next(2, 7);
                    }
                }
                else if (list.Count == 0)
                {
                    // Nothing left to do offline: back in coverage, send what was queued.
                    await BurstAsync(worker, deviceId, outbox, random, aborted);
                    (online, stretch) = (true, random.Next(1, 5));
                    continue;
                }

                // Online, the list is nearest first already; offline, the phone picks the nearest of its copy.
                var next = online || position is not { } here
                    ? list.FirstOrDefault()
                    : list.MinBy(t => Geodesy.DistanceMetres(here, new GeoPoint(t.Longitude!.Value, t.Latitude!.Value)));
                if (next is null)
                {
                    await PauseAsync(SimulationSettings.Patrol, stopping);
                    continue;
                }

                var target = new GeoPoint(next.Longitude!.Value, next.Latitude!.Value);
                var walk = position is { } from ? Geodesy.DistanceMetres(from, target) / SimulationSettings.WalkingSpeed : 0;
                await PauseAsync(TimeSpan.FromSeconds(walk) + SimulationSettings.OnSite, stopping);
                position = target;
                list.Remove(next);
                done.Add(next.Key);
                var visit = Near(next, target, random);
                if (online)
                {
                    tally.CheckIn(await api.CheckInAsync(worker.Token, visit, aborted));
                }
                else
                {
                    outbox.Add(visit);
                    tally.Queued(1);
                }

                if (--stretch <= 0 && !online)
                {
                    await BurstAsync(worker, deviceId, outbox, random, aborted);
                    (online, stretch) = (true, random.Next(1, 5));
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
        }

        await BurstAsync(worker, deviceId, outbox, random, aborted);
    }

    /// <summary>A check-in 3–25 m from the entity with a 5–20 m fix, recorded now (the server judges near or far).</summary>
    private static CheckIn Near(FieldTask task, GeoPoint at, Random random)
    {
        var metres = 3 + random.NextDouble() * 22;
        var bearing = random.NextDouble() * 2 * Math.PI;
        var north = metres * Math.Cos(bearing) / 111_320;
        var east = metres * Math.Sin(bearing) / (111_320 * Math.Cos(at.Latitude * Math.PI / 180));
        return new CheckIn(Guid.NewGuid(), task.EntityKind, task.EntityId, at.Longitude + east, at.Latitude + north,
            Math.Round(5 + random.NextDouble() * 15, 1), DateTimeOffset.UtcNow, "gridgov simulate");
    }

    /// <summary>Sends the queued check-ins in batches of at most 500; what the gateway could not take stays queued.</summary>
    private async Task BurstAsync(SimulatedWorker worker, string deviceId, List<CheckIn> outbox, Random random, CancellationToken aborted)
    {
        while (outbox.Count > 0)
        {
            var batch = outbox.Take(500).ToList();
            if (await api.SyncAsync(worker.Token, deviceId, batch, aborted) is not { } result)
            {
                return;
            }

            tally.Synced(batch.Count, result);
            if (random.NextDouble() < SimulationSettings.LostAnswerShare && await api.SyncAsync(worker.Token, deviceId, batch, aborted) is { } again)
            {
                tally.Synced(batch.Count, again);
            }

            outbox.RemoveRange(0, batch.Count);
            tally.Queued(-batch.Count);
        }
    }

    private Task PauseAsync(TimeSpan simulated, CancellationToken stopping)
    {
        var real = TimeSpan.FromSeconds(simulated.TotalSeconds / settings.Speed);
        return Task.Delay(real < SimulationSettings.LongestPause ? real : SimulationSettings.LongestPause, stopping);
    }
}
