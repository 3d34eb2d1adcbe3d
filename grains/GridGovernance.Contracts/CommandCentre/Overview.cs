using GridGovernance.Contracts.Geography;

namespace GridGovernance.Contracts.CommandCentre;

/// <summary>Counts of one community, kept from its cells' reports; no personal data.</summary>
/// <param name="Code">Community code.</param>
/// <param name="Name">Name.</param>
/// <param name="Cells">Active cells.</param>
/// <param name="Properties">Rental properties.</param>
/// <param name="People">Monitored people.</param>
/// <param name="Workers">Grid worker assignments.</param>
/// <param name="OpenAlerts">Open alerts (yellow and red cards).</param>
/// <param name="RedAlerts">Of the open alerts, those at red.</param>
/// <param name="Overdue">Members of its cells with an overdue field task.</param>
/// <param name="Alerts">Alerts this month (raised, closed, closed on time), summed from the cells.</param>
/// <param name="Reconciled">The last check of those counts against the journal, if any since activation.</param>
[GenerateSerializer, Immutable, Alias("gg.community-overview")]
public sealed record CommunityOverview(CommunityCode Code, string Name, int Cells, int Properties, int People, int Workers, int OpenAlerts, int RedAlerts = 0,
    int Overdue = 0, AlertTally? Alerts = null, Reconciliation? Reconciled = null);

/// <summary>The district and its communities.</summary>
/// <param name="Code">District code.</param>
/// <param name="Name">Name.</param>
/// <param name="GridVersion">Version of the grid (bumped by each applied import).</param>
/// <param name="Communities">One entry per community, ordered by code.</param>
/// <param name="AsOf">When the figures were read.</param>
[GenerateSerializer, Immutable, Alias("gg.district-overview")]
public sealed record DistrictOverview(DistrictCode Code, string Name, int GridVersion, IReadOnlyList<CommunityOverview> Communities, DateTimeOffset AsOf);

/// <summary>A community: its cells and their live counts, answered from memory.</summary>
[Alias("gg.community")]
public interface ICommunityGrain : IGrainWithStringKey
{
    /// <summary>Sets name, boundary and cell list (from an import).</summary>
    [Alias("define")]
    ValueTask DefineAsync(DistrictCode district, string name, byte[] wkb, IReadOnlyList<CellCode> cells, CancellationToken cancellationToken = default);

    /// <summary>A cell reports its counts. One-way: a snapshot, the next one repairs a lost one.</summary>
    [OneWay]
    [Alias("cell-changed")]
    ValueTask CellChangedAsync(CellSummary summary);

    /// <summary>Counts, from memory.</summary>
    [Alias("overview")]
    ValueTask<CommunityOverview?> GetOverviewAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks this month's alert counts of its cells against the journal and repairs a cell that missed an alert
    /// (a report lost between the alert's write and the cell). Runs on the community's reminder; callable by hand.
    /// </summary>
    [Alias("reconcile")]
    ValueTask<Reconciliation> ReconcileAsync(CancellationToken cancellationToken = default);
}

/// <summary>The district: grid import, the cell boundaries for locators, and the command-centre totals.</summary>
[Alias("gg.district")]
public interface IDistrictGrain : IGrainWithStringKey
{
    /// <summary>Validates and (unless a dry run) applies a GeoJSON grid; re-locates entities of changed cells.</summary>
    [Alias("import")]
    ValueTask<GridImportResult> ImportAsync(GridImportRequest request, string actor, CancellationToken cancellationToken = default);

    /// <summary>Every active cell's boundary, with the grid version. Interleaves: locators read it during an import.</summary>
    [AlwaysInterleave]
    [Alias("boundaries")]
    ValueTask<(int Version, IReadOnlyList<CellBoundary> Cells)> GetBoundariesAsync(CancellationToken cancellationToken = default);

    /// <summary>The grid version (cheap; locators poll it). Interleaves like the boundaries.</summary>
    [AlwaysInterleave]
    [Alias("version")]
    ValueTask<int> GetVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>A community reports its counts. One-way, like the cells' reports.</summary>
    [OneWay]
    [Alias("community-changed")]
    ValueTask CommunityChangedAsync(CommunityOverview overview);


    /// <summary>Totals per community, from memory.</summary>
    [AlwaysInterleave]
    [Alias("overview")]
    ValueTask<DistrictOverview> GetOverviewAsync(CancellationToken cancellationToken = default);
}
