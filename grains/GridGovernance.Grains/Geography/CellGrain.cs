using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.CommandCentre;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Geography;
using GridGovernance.Grains.CommandCentre;
using GridGovernance.Grains.Deadlines;
using GridGovernance.Grains.Journal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridGovernance.Grains.Geography;

/// <summary>State of a <see cref="CellGrain"/>.</summary>
[GenerateSerializer, Alias("gg.cell-state")]
public sealed class CellState : JournaledState
{
    [Id(0)] public bool Defined { get; set; }

    [Id(1)] public string? Community { get; set; }

    [Id(2)] public string Name { get; set; } = "";

    [Id(3)] public byte[]? Wkb { get; set; }

    [Id(4)] public int GridVersion { get; set; }

    [Id(5)] public bool Retired { get; set; }

    [Id(6)] public List<EntityRef> Members { get; set; } = [];

    [Id(7)] public List<Guid> Workers { get; set; } = [];

    [Id(8)] public List<DeadlineIndexEntry> Index { get; set; } = [];

    [Id(9)] public List<string> OpenAlerts { get; set; } = [];

    [Id(10)] public bool ReminderRegistered { get; set; }

    /// <summary>Of <see cref="OpenAlerts"/>, the red cards.</summary>
    [Id(11)] public List<string> RedAlerts { get; set; } = [];

    /// <summary>Members with an overdue field task (for task lists; their alerts may sit on a cell they left).</summary>
    [Id(12)] public List<EntityRef> Overdue { get; set; } = [];

    /// <summary>This month's alerts of the cell, by key (command-centre counts and on-time rate).</summary>
    [Id(13)] public AlertMonth AlertMonth { get; set; } = new();
}

/// <inheritdoc cref="ICellGrain"/>
/// <remarks>
/// Holds one durable reminder while any member has a pending deadline, plus a grain timer to the next due
/// time while active, so reminders grow with cells, not entities. It never awaits a member: due members get
/// the one-way sweep and report back with <see cref="TrackDeadlineAsync"/>; a lost message leaves the entry
/// due and the next tick sends it again. A deadline that passed while the cluster was down is due at the
/// first tick after the restart, and the owner's own state makes its alert exactly-once.
/// </remarks>
[GrainType("cell")]
public sealed partial class CellGrain(
    [PersistentState("cell", StorageNames.Grid)] IPersistentState<CellState> state,
    TimeProvider time,
    IOptions<GridRulesOptions> rules,
    ILogger<CellGrain> logger) : Grain, ICellGrain, IRemindable
{
    private const string ReminderName = "deadlines";

    /// <summary>Do not send a member another sweep while its last one is this recent.</summary>
    private static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(30);

    private readonly Dictionary<EntityRef, DateTimeOffset> _sweptAt = [];
    private DeadlineIndex _index = new([]);
    private IGrainTimer? _timer;

    private CellCode Code => new(this.GetPrimaryKeyString()["cell:".Length..]);

    private EventLog Log => new("cell", Code.Value);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        state.State.Outbox.Clear();
        _index = new DeadlineIndex(state.State.Index);
        // Nothing has been told to sweep in this activation: what is already due goes out at once.
        ArmTimer(dueUnswept: true);
        // One-way: a cell with workers makes sure its presence is watching (GR-10), also for workers assigned before
        // presence existed; the presence ignores a count it already has.
        return state.State.Workers.Count > 0
            ? GrainFactory.CellPresence(Code).WorkersChangedAsync(state.State.Workers.Count, new CommunityCode(state.State.Community ?? "")).AsTask()
            : Task.CompletedTask;
    }

    public async ValueTask<bool> DefineAsync(CommunityCode community, string name, byte[] wkb, int version, string actor, CancellationToken cancellationToken = default)
    {
        var s = state.State;
        var boundaryChanged = s.Wkb is null || !s.Wkb.AsSpan().SequenceEqual(wkb);
        var previousCommunity = s.Community;
        if (s.Defined && !s.Retired && !boundaryChanged && previousCommunity == community.Value && s.Name == name)
        {
            return false;
        }

        // The journal keeps the boundary history: the old and the new boundary of every change.
        Log.Append(s, s.Defined ? "cell-redefined" : "cell-defined", actor, time.GetUtcNow(), Code.Value, community.Value, new
        {
            version,
            name,
            previousCommunity,
            boundaryChanged,
            previousWkb = s.Wkb is null ? null : Convert.ToBase64String(s.Wkb),
            wkb = Convert.ToBase64String(wkb),
        }, $"v{version}");
        s.Defined = true;
        s.Retired = false;
        s.Community = community.Value;
        s.Name = name;
        s.Wkb = wkb;
        s.GridVersion = version;
        await state.CommitAsync(cancellationToken);
        if (previousCommunity is not null && previousCommunity != community.Value)
        {
            // Tell the old community the cell is no longer theirs.
            await GrainFactory.Community(new CommunityCode(previousCommunity)).CellChangedAsync(Summary());
        }

        await ReportAsync();
        return true;
    }

    public async ValueTask RetireAsync(int version, string actor, CancellationToken cancellationToken = default)
    {
        if (state.State.Retired)
        {
            return;
        }

        state.State.Retired = true;
        state.State.GridVersion = version;
        Log.Append(state.State, "cell-retired", actor, time.GetUtcNow(), Code.Value, state.State.Community, new { version }, $"v{version}");
        await state.CommitAsync(cancellationToken);
        await ReportAsync();
    }

    public async ValueTask JoinAsync(EntityRef member, string actor, CancellationToken cancellationToken = default)
    {
        if (state.State.Members.Contains(member))
        {
            return;
        }

        state.State.Members.Add(member);
        await state.CommitAsync(cancellationToken);
        await ReportAsync();
    }

    public async ValueTask LeaveAsync(EntityRef member, string actor, CancellationToken cancellationToken = default)
    {
        var removed = state.State.Members.Remove(member);
        var unindexed = _index.Set(member, null);
        unindexed |= state.State.Overdue.Remove(member);
        if (!removed && !unindexed)
        {
            return;
        }

        state.State.Index = _index.ToState();
        await state.CommitAsync(cancellationToken);
        ArmTimer();
        await ReportAsync();
    }

    public async ValueTask TrackDeadlineAsync(DeadlineRegistration registration, CancellationToken cancellationToken = default)
    {
        _sweptAt.Remove(registration.Owner);
        var overdueChanged = registration.Overdue ? AddOnce(state.State.Overdue, registration.Owner) : state.State.Overdue.Remove(registration.Owner);
        if (!_index.Set(registration.Owner, registration.DueAt) && !overdueChanged)
        {
            return;
        }

        state.State.Index = _index.ToState();
        await EnsureReminderAsync(cancellationToken);
        await state.CommitAsync(cancellationToken);
        // A deadline that is already due (a record migrated overdue, a miss re-planned into the past) is swept at
        // once, not after the resend pause that holds back members already told.
        ArmTimer(dueUnswept: registration.DueAt is { } due && due <= time.GetUtcNow());
        if (overdueChanged)
        {
            // The command centre's overdue counts follow; a deadline merely moving is not reported.
            await ReportAsync();
        }
    }

    public async ValueTask AssignWorkerAsync(WorkerId worker, bool assigned, CancellationToken cancellationToken = default)
    {
        var changed = assigned ? AddOnce(state.State.Workers, worker.Value) : state.State.Workers.Remove(worker.Value);
        if (changed)
        {
            await state.CommitAsync(cancellationToken);
            await ReportAsync();
            // One-way: the cell never waits on its presence (GR-10), which learns the count again on activation.
            await GrainFactory.CellPresence(Code).WorkersChangedAsync(state.State.Workers.Count, new CommunityCode(state.State.Community ?? ""));
        }
    }

    public async ValueTask AlertChangedAsync(AlertView alert, CancellationToken cancellationToken = default)
    {
        var open = alert.IsOpen;
        var red = open && alert.Level == AlertLevel.Red;
        var changed = open ? AddOnce(state.State.OpenAlerts, alert.Key) : state.State.OpenAlerts.Remove(alert.Key);
        changed |= red ? AddOnce(state.State.RedAlerts, alert.Key) : state.State.RedAlerts.Remove(alert.Key);
        changed |= state.State.AlertMonth.Observe(alert, AlertTally.MonthOf(time.GetUtcNow()));
        if (changed)
        {
            await state.CommitAsync(cancellationToken);
            await ReportAsync();
        }
    }

    public async ValueTask<bool> ReconcileAlertsAsync(AlertMonthRecord record, CancellationToken cancellationToken = default)
    {
        var month = state.State.AlertMonth.Month;
        var repaired = state.State.AlertMonth.Merge(record, AlertTally.MonthOf(time.GetUtcNow()));
        if (repaired || month != state.State.AlertMonth.Month)
        {
            await state.CommitAsync(cancellationToken);
            await ReportAsync();
        }

        if (repaired)
        {
            LogRepaired(logger, Code.Value, record.Month);
        }

        return repaired;
    }

    public async ValueTask<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var sent = 0;
        foreach (var owner in _index.DueAt(now))
        {
            if (_sweptAt.TryGetValue(owner, out var at) && now - at < ResendAfter)
            {
                continue;
            }

            _sweptAt[owner] = now;
            // One-way: completes at once; the owner answers with TrackDeadlineAsync.
            await GrainFactory.DeadlineOwner(owner).SweepDeadlinesAsync(Code);
            sent++;
        }

        if (sent > 0)
        {
            LogSwept(logger, Code.Value, sent);
        }

        ArmTimer();
        return sent;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await SweepAsync();

    public ValueTask<CellSummary?> GetSummaryAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(state.State.Defined || state.State.Members.Count > 0 ? Summary() : null);

    public ValueTask<IReadOnlyList<EntityRef>> GetTaskCandidatesAsync(DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var members = state.State.Members.ToHashSet();
        var candidates = _index.DueAt(until).Concat(state.State.Overdue).Where(members.Contains).ToHashSet();
        foreach (var key in state.State.OpenAlerts)
        {
            if (AlertKeys.SourceOf(key) is { } source && members.Contains(source))
            {
                candidates.Add(source);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<EntityRef>>([.. candidates]);
    }

    public ValueTask<IReadOnlyList<OpenAlert>> GetOpenAlertsAsync(CancellationToken cancellationToken = default)
    {
        var red = state.State.RedAlerts.ToHashSet(StringComparer.Ordinal);
        return ValueTask.FromResult<IReadOnlyList<OpenAlert>>([
            .. state.State.OpenAlerts.Select(key => new OpenAlert(key, red.Contains(key) ? AlertLevel.Red : AlertLevel.Yellow)),
        ]);
    }

    public ValueTask<IReadOnlyList<EntityRef>> GetMembersAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<EntityRef>>([.. state.State.Members]);

    private CellSummary Summary()
    {
        var s = state.State;
        return new CellSummary(
            Code,
            new CommunityCode(s.Community ?? ""),
            s.Name,
            s.Members.Count(m => m.Kind == EntityKind.RentalProperty),
            s.Members.Count(m => m.Kind == EntityKind.MonitoredPerson),
            s.Workers.Count,
            s.OpenAlerts.Count,
            _index.Count,
            _index.Next,
            s.Retired,
            s.RedAlerts.Count,
            s.Overdue.Count,
            s.AlertMonth.ToTally(AlertTally.MonthOf(time.GetUtcNow())));
    }

    /// <summary>Counts go up to the community as a snapshot (one-way; the next one repairs a lost one).</summary>
    private async Task ReportAsync()
    {
        if (state.State.Community is { } community)
        {
            await GrainFactory.Community(new CommunityCode(community)).CellChangedAsync(Summary());
        }
    }

    private async Task EnsureReminderAsync(CancellationToken cancellationToken)
    {
        if (!state.State.ReminderRegistered && _index.Count > 0)
        {
            var period = rules.Value.SweepPeriod;
            await this.RegisterOrUpdateReminder(ReminderName, period, period, cancellationToken);
            state.State.ReminderRegistered = true;
        }
    }

    /// <summary>
    /// While active, a timer fires at the next due time for precision finer than the reminder. When the next is
    /// already due, the timer waits <see cref="ResendAfter"/> for the members told to sweep — unless
    /// <paramref name="dueUnswept"/> says a due member has not been told yet.
    /// </summary>
    private void ArmTimer(bool dueUnswept = false)
    {
        if (_index.Next is not { } next)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var now = time.GetUtcNow();
        // Members already told to sweep are not told again for ResendAfter: wait for their answer meanwhile.
        var delay = next > now ? next - now : dueUnswept ? TimeSpan.Zero : ResendAfter;
        if (delay > rules.Value.SweepPeriod)
        {
            delay = rules.Value.SweepPeriod;
        }

        if (delay < TimeSpan.FromMilliseconds(100))
        {
            delay = TimeSpan.FromMilliseconds(100);
        }

        if (_timer is null)
        {
            _timer = this.RegisterGrainTimer(static (grain, ct) => grain.SweepAsync(ct).AsTask(), this, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
        }
        else
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    private static bool AddOnce<T>(List<T> list, T item)
    {
        if (list.Contains(item))
        {
            return false;
        }

        list.Add(item);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cell {Cell} missed alert reports of {Month}; repaired from the journal")]
    private static partial void LogRepaired(ILogger logger, string cell, string month);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cell {Cell} sent {Count} deadline sweep(s)")]
    private static partial void LogSwept(ILogger logger, string cell, int count);
}
