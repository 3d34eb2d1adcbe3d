using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Geography;
using GridGovernance.Grains.Journal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridGovernance.Grains.Field.Presence;

/// <summary>State of a <see cref="CellPresenceGrain"/>.</summary>
[GenerateSerializer, Alias("gg.cell-presence-state")]
public sealed class CellPresenceState : JournaledState
{
    [Id(0)] public string? Community { get; set; }

    [Id(1)] public int AssignedWorkers { get; set; }

    /// <summary>The last heartbeat in the cell of each worker seen here.</summary>
    [Id(2)] public List<WorkerPresence> Workers { get; set; } = [];

    /// <summary>Recent heartbeats (worker and client id), to answer a retry as the first time.</summary>
    [Id(3)] public List<HeartbeatReceipt> Receipts { get; set; } = [];

    /// <summary>Since when the cell has had workers (a gap never starts before it).</summary>
    [Id(4)] public DateTimeOffset? WatchedSince { get; set; }

    /// <summary>The open no-one-on-duty alert (GR-10).</summary>
    [Id(5)] public string? OpenAlert { get; set; }

    [Id(6)] public bool ReminderRegistered { get; set; }
}

/// <summary>A worker's presence in one cell.</summary>
[GenerateSerializer, Alias("gg.worker-presence")]
public sealed class WorkerPresence
{
    [Id(0)] public string Worker { get; set; } = "";

    [Id(1)] public DateTimeOffset Since { get; set; }

    [Id(2)] public DateTimeOffset LastSeen { get; set; }

    [Id(3)] public bool Near { get; set; }
}

/// <summary>A heartbeat already recorded.</summary>
[GenerateSerializer, Alias("gg.heartbeat-receipt")]
public sealed class HeartbeatReceipt
{
    [Id(0)] public string Worker { get; set; } = "";

    [Id(1)] public string ClientId { get; set; } = "";

    [Id(2)] public bool OnCell { get; set; }

    [Id(3)] public DateTimeOffset SeenAt { get; set; }
}

/// <inheritdoc cref="ICellPresenceGrain"/>
/// <remarks>
/// Call discipline: it awaits its cell (on activation, for the workers' count) and alerts (which await only the cell);
/// the cell tells it of workers one-way and never awaits it, so calls cannot cycle. The alert key is derived from the
/// cell and the instant the gap began, so a gap raises one alert however often it is judged (GR-10).
/// </remarks>
[GrainType("cell-presence")]
public sealed partial class CellPresenceGrain(
    [PersistentState("cell-presence", StorageNames.Grid)] IPersistentState<CellPresenceState> state,
    TimeProvider time,
    IOptions<PresenceOptions> options,
    ILogger<CellPresenceGrain> logger) : Grain, ICellPresenceGrain, IRemindable
{
    /// <summary>The rule id of the no-one-on-duty alert.</summary>
    public const string Rule = "GR-10";

    private const string ReminderName = "presence";
    private const string Actor = "system:presence";

    private CellPresenceState S => state.State;

    private CellCode Code => new(this.GetPrimaryKeyString()["presence:".Length..]);

    private PresenceOptions Options => options.Value;

    private TimeSpan OnDuty => TimeSpan.FromMinutes(Options.OnDutyMinutes);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        S.Outbox.Clear();
        // The cell is the source of truth for its workers; it tells changes one-way, so a lost message is repaired here.
        // A cell whose workers were assigned before presence was watched (or whose message was lost) starts being
        // watched here: its first activation (the cell wakes it) learns the workers, registers the reminder and judges.
        var now = time.GetUtcNow();
        if (await GrainFactory.Cell(Code).GetSummaryAsync(cancellationToken) is { } cell && Learn(cell.Workers, cell.Community, now))
        {
            await JudgeAsync(now, cancellationToken);
            await state.CommitAsync(cancellationToken);
        }
    }

    public async ValueTask<HeartbeatResult> RecordHeartbeatAsync(Heartbeat heartbeat, CommunityCode community, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        if (S.Receipts.Find(r => r.Worker == heartbeat.Worker && r.ClientId == heartbeat.ClientId) is { } known)
        {
            return Result(heartbeat.ClientId, known.OnCell, known.SeenAt);
        }

        var now = time.GetUtcNow();
        // The phone's clock dates the fix (a queued heartbeat counts when it was taken), but never beyond the server's now.
        var seenAt = heartbeat.At < now ? heartbeat.At : now;
        if (community.Value is { Length: > 0 })
        {
            S.Community = community.Value;
        }

        if (heartbeat.OnCell)
        {
            var near = heartbeat.AccuracyMetres <= Options.NearAccuracyMetres;
            if (S.Workers.Find(w => w.Worker == heartbeat.Worker) is not { } worker)
            {
                S.Workers.Add(new WorkerPresence { Worker = heartbeat.Worker, Since = seenAt, LastSeen = seenAt, Near = near });
            }
            else if (seenAt > worker.LastSeen)
            {
                if (worker.LastSeen + OnDuty < seenAt)
                {
                    worker.Since = seenAt;
                }

                worker.LastSeen = seenAt;
                worker.Near = near;
            }
        }

        S.Receipts.Add(new HeartbeatReceipt { Worker = heartbeat.Worker, ClientId = heartbeat.ClientId, OnCell = heartbeat.OnCell, SeenAt = seenAt });
        if (S.Receipts.Count > Options.RememberedHeartbeats)
        {
            S.Receipts.RemoveRange(0, S.Receipts.Count - Options.RememberedHeartbeats);
        }

        await JudgeAsync(now, cancellationToken);
        await state.CommitAsync(cancellationToken);
        return Result(heartbeat.ClientId, heartbeat.OnCell, seenAt);
    }

    public async ValueTask WorkersChangedAsync(int assigned, CommunityCode community)
    {
        var now = time.GetUtcNow();
        if (!Learn(assigned, community, now))
        {
            return;
        }

        await JudgeAsync(now, CancellationToken.None);
        await state.CommitAsync(CancellationToken.None);
    }

    public async ValueTask<CellPresence> CheckAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (await JudgeAsync(now, cancellationToken))
        {
            await state.CommitAsync(cancellationToken);
        }

        return View(now);
    }

    public ValueTask<CellPresence> GetAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(View(time.GetUtcNow()));

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await CheckAsync();

    /// <summary>Takes the cell's count of workers and its community; true when anything changed.</summary>
    private bool Learn(int assigned, CommunityCode community, DateTimeOffset now)
    {
        var changed = false;
        if (community.Value is { Length: > 0 } code && code != S.Community)
        {
            S.Community = code;
            changed = true;
        }

        if (assigned != S.AssignedWorkers)
        {
            // A cell that gains its first worker starts being watched now: no gap before it.
            if (S.AssignedWorkers == 0)
            {
                S.WatchedSince = now;
            }

            S.AssignedWorkers = assigned;
            changed = true;
        }

        return changed;
    }

    /// <summary>
    /// GR-10: resolves the open alert once someone is on duty (or the cell has no workers left); raises one when the cell has
    /// workers, none on duty, and the gap within today's duty hours is longer than the grace. True when state changed.
    /// </summary>
    private async Task<bool> JudgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = false;
        if (S.OpenAlert is { } current && await GrainFactory.Alert(current).GetAsync(cancellationToken) is not { IsOpen: true })
        {
            // Resolved by a supervisor: this gap is dealt with. The same gap keeps its key, so it is not raised again;
            // the next gap (after someone came on duty) raises a new alert.
            S.OpenAlert = null;
            changed = true;
        }

        changed |= await EnsureReminderAsync(cancellationToken);
        var someoneOnDuty = S.Workers.Exists(w => w.LastSeen + OnDuty > now);
        if (S.OpenAlert is { } open && (someoneOnDuty || S.AssignedWorkers == 0))
        {
            // Resolve first, then forget it: a crash in between resolves again (idempotent) on the next check.
            await GrainFactory.Alert(open).ResolveAsync(Actor, someoneOnDuty ? "a worker came on duty" : "the cell has no workers", cancellationToken);
            S.OpenAlert = null;
            return true;
        }

        var hours = Options.DutyHoursOf(Code.Value);
        if (someoneOnDuty || S.OpenAlert is not null || S.AssignedWorkers == 0 || S.Community is not { Length: > 0 } community
            || !hours.Contains(now) || hours.StartOfDuty(now) is not { } dutyStart)
        {
            return changed;
        }

        var watched = S.WatchedSince ?? now;
        var gapStart = S.Workers.Count == 0 ? watched : Max(S.Workers.Max(w => w.LastSeen) + OnDuty, watched);
        var counted = Max(gapStart, dutyStart);
        var grace = TimeSpan.FromMinutes(Options.GraceMinutes);
        if (now - counted <= grace)
        {
            return changed;
        }

        var spec = new AlertSpec(EntityRef.ForCell(Code), "presence:" + gapStart.ToUnixTimeSeconds(), DeadlineKind.Presence, counted + grace,
            Code, new CommunityCode(community), Rule);
        // Raise first, then remember it: a crash in between raises again with the same key, which is harmless.
        var alert = await GrainFactory.Alert(spec.Key).RaiseAsync(spec, AlertLevel.Yellow, Actor, cancellationToken);
        if (alert.Status == AlertStatus.Resolved)
        {
            return changed;
        }

        S.OpenAlert = alert.Key;
        LogNobodyOnDuty(logger, Code.Value, gapStart);
        return true;
    }

    private async Task<bool> EnsureReminderAsync(CancellationToken cancellationToken)
    {
        var wanted = S.AssignedWorkers > 0 || S.OpenAlert is not null;
        if (wanted == S.ReminderRegistered)
        {
            return false;
        }

        if (wanted)
        {
            await this.RegisterOrUpdateReminder(ReminderName, Options.CheckPeriod, Options.CheckPeriod, cancellationToken);
        }
        else if (await this.GetReminder(ReminderName, cancellationToken) is { } reminder)
        {
            await this.UnregisterReminder(reminder, cancellationToken);
        }

        S.ReminderRegistered = wanted;
        return true;
    }

    private HeartbeatResult Result(string clientId, bool onCell, DateTimeOffset seenAt) =>
        new(clientId, Code, onCell, seenAt, onCell ? seenAt + OnDuty : null);

    private CellPresence View(DateTimeOffset now)
    {
        var onDuty = S.Workers.Where(w => w.LastSeen + OnDuty > now)
            .OrderBy(w => w.Since).ThenBy(w => w.Worker, StringComparer.Ordinal)
            .Select(w => new OnDutyWorker(w.Worker, w.Since, w.LastSeen, w.Near))
            .ToList();
        DateTimeOffset? lastSeen = S.Workers.Count == 0 ? null : S.Workers.Max(w => w.LastSeen);
        return new CellPresence(Code, new CommunityCode(S.Community ?? ""), Options.DutyHoursOf(Code.Value).Contains(now), onDuty, lastSeen,
            S.AssignedWorkers, S.OpenAlert, now);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Cell {Cell} has had nobody on duty since {GapStart} (GR-10): alert raised")]
    private static partial void LogNobodyOnDuty(ILogger logger, string cell, DateTimeOffset gapStart);
}
