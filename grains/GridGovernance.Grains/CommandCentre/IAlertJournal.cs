using GridGovernance.Contracts.CommandCentre;
using GridGovernance.Contracts.Geography;

namespace GridGovernance.Grains.CommandCentre;

/// <summary>
/// The journal's record of alerts, as the command centre's reconciliation reads it. The silo implements it over the
/// PostgreSQL journal; a silo without a journal (in-memory storage) registers <see cref="NoAlertJournal"/>.
/// </summary>
public interface IAlertJournal
{
    /// <summary>
    /// Per cell, the alerts of <paramref name="community"/> raised and resolved in <paramref name="month"/> (China time);
    /// null when this silo keeps no journal.
    /// </summary>
    Task<IReadOnlyDictionary<CellCode, AlertMonthRecord>?> ReadMonthAsync(CommunityCode community, string month, CancellationToken cancellationToken);
}

/// <summary>No journal to reconcile against (in-memory storage for pure grain tests).</summary>
public sealed class NoAlertJournal : IAlertJournal
{
    public Task<IReadOnlyDictionary<CellCode, AlertMonthRecord>?> ReadMonthAsync(CommunityCode community, string month, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<CellCode, AlertMonthRecord>?>(null);
}
