using GridGovernance.Contracts;
using GridGovernance.Contracts.CommandCentre;
using GridGovernance.Contracts.Geography;
using GridGovernance.Grains.Journal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridGovernance.Grains.CommandCentre;

/// <summary>State of a <see cref="CommunityGrain"/>: its definition only; counts live in memory.</summary>
[GenerateSerializer, Alias("gg.community-state")]
public sealed class CommunityState : JournaledState
{
    [Id(0)] public bool Defined { get; set; }

    [Id(1)] public string? District { get; set; }

    [Id(2)] public string Name { get; set; } = "";

    [Id(3)] public byte[]? Wkb { get; set; }

    [Id(4)] public List<string> Cells { get; set; } = [];

    /// <summary>The reconciliation reminder is registered (once, not per activation).</summary>
    [Id(5)] public bool ReminderRegistered { get; set; }
}

/// <inheritdoc cref="ICommunityGrain"/>
/// <remarks>
/// Counts are kept in memory from the cells' snapshots and rebuilt from the cells on activation, so they are
/// answered without a scan and never drift for long; nothing is written per change. The month's alert counts are
/// checked against the journal on a reminder (<see cref="GridRulesOptions.ReconcilePeriod"/>): a cell that missed an
/// alert's report merges the journal's keys and reports again.
/// </remarks>
[GrainType("community")]
public sealed partial class CommunityGrain(
    [PersistentState("community", StorageNames.Grid)] IPersistentState<CommunityState> state,
    TimeProvider time,
    IAlertJournal journal,
    IOptions<GridRulesOptions> rules,
    ILogger<CommunityGrain> logger) : Grain, ICommunityGrain, IRemindable
{
    private const string ReminderName = "reconcile";

    private readonly Dictionary<string, CellSummary> _cells = [];
    private Reconciliation? _reconciled;

    private CommunityCode Code => new(this.GetPrimaryKeyString()["community:".Length..]);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        state.State.Outbox.Clear();
        if (!state.State.Defined)
        {
            return;
        }

        await EnsureReminderAsync(cancellationToken);
        var summaries = await Task.WhenAll(state.State.Cells.Select(c => GrainFactory.Cell(new CellCode(c)).GetSummaryAsync(cancellationToken).AsTask()));
        foreach (var summary in summaries)
        {
            if (summary is not null && summary.Community == Code)
            {
                _cells[summary.Code.Value] = summary;
            }
        }
    }

    public async ValueTask DefineAsync(DistrictCode district, string name, byte[] wkb, IReadOnlyList<CellCode> cells, CancellationToken cancellationToken = default)
    {
        var s = state.State;
        var cellCodes = cells.Select(c => c.Value).Order(StringComparer.Ordinal).ToList();
        if (s.Defined && s.District == district.Value && s.Name == name && s.Wkb is not null && s.Wkb.AsSpan().SequenceEqual(wkb) && s.Cells.SequenceEqual(cellCodes))
        {
            return;
        }

        new EventLog("community", Code.Value).Append(s, s.Defined ? "community-redefined" : "community-defined", "system:import", time.GetUtcNow(), null, Code.Value,
            new { district = district.Value, name, cells = cellCodes, previousWkb = s.Wkb is null ? null : Convert.ToBase64String(s.Wkb), wkb = Convert.ToBase64String(wkb) },
            "define:" + s.NextSequence());
        s.Defined = true;
        s.District = district.Value;
        s.Name = name;
        s.Wkb = wkb;
        s.Cells = cellCodes;
        await state.CommitAsync(cancellationToken);
        await EnsureReminderAsync(cancellationToken);
        await ReportAsync();
    }

    public async ValueTask CellChangedAsync(CellSummary summary)
    {
        if (summary.Community == Code)
        {
            _cells[summary.Code.Value] = summary;
        }
        else
        {
            _cells.Remove(summary.Code.Value);
        }

        await ReportAsync();
    }

    public ValueTask<CommunityOverview?> GetOverviewAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(state.State.Defined ? Overview() : null);

    public async ValueTask<Reconciliation> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var month = AlertTally.MonthOf(now);
        var records = await journal.ReadMonthAsync(Code, month, cancellationToken);
        var repaired = 0;
        if (records is not null)
        {
            var results = await Task.WhenAll(records.Select(r => GrainFactory.Cell(r.Key).ReconcileAlertsAsync(r.Value, cancellationToken).AsTask()));
            repaired = results.Count(r => r);
        }

        _reconciled = new Reconciliation(month, records?.Count ?? 0, repaired, now);
        if (repaired > 0)
        {
            LogRepaired(logger, Code.Value, repaired, month);
        }

        await ReportAsync();
        return _reconciled;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await ReconcileAsync();

    private async Task EnsureReminderAsync(CancellationToken cancellationToken)
    {
        if (state.State.Defined && !state.State.ReminderRegistered)
        {
            var period = rules.Value.ReconcilePeriod;
            await this.RegisterOrUpdateReminder(ReminderName, period, period, cancellationToken);
            state.State.ReminderRegistered = true;
            await state.CommitAsync(cancellationToken);
        }
    }

    private CommunityOverview Overview()
    {
        var active = _cells.Values.Where(c => !c.Retired).ToList();
        return new CommunityOverview(
            Code,
            state.State.Name,
            active.Count,
            _cells.Values.Sum(c => c.Properties),
            _cells.Values.Sum(c => c.People),
            active.Sum(c => c.Workers),
            _cells.Values.Sum(c => c.OpenAlerts),
            _cells.Values.Sum(c => c.RedAlerts),
            _cells.Values.Sum(c => c.Overdue),
            AlertTally.Sum(AlertTally.MonthOf(time.GetUtcNow()), _cells.Values.Select(c => c.Alerts)),
            _reconciled);
    }

    private async Task ReportAsync()
    {
        if (state.State.District is { } district)
        {
            await GrainFactory.District(new DistrictCode(district)).CommunityChangedAsync(Overview());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Community {Community}: {Cells} cell(s) had missed alert reports of {Month}; repaired from the journal")]
    private static partial void LogRepaired(ILogger logger, string community, int cells, string month);
}
