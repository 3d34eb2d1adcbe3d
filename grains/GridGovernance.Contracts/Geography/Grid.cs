using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;

namespace GridGovernance.Contracts.Geography;

/// <summary>Counts a cell reports to its community (absolute numbers, so a repeated report is harmless).</summary>
/// <param name="Code">The cell.</param>
/// <param name="Community">Its community.</param>
/// <param name="Name">Display name.</param>
/// <param name="Properties">Rental properties in it.</param>
/// <param name="People">Monitored people living in it.</param>
/// <param name="Workers">Grid workers assigned to it.</param>
/// <param name="OpenAlerts">Alerts not yet resolved for its members.</param>
/// <param name="PendingDeadlines">Members with a pending deadline in the index.</param>
/// <param name="NextDue">The earliest pending deadline in the cell.</param>
/// <param name="Retired">Whether the cell was removed by a later import (kept for history).</param>
/// <param name="RedAlerts">Of the open alerts, those at red.</param>
/// <param name="Overdue">Members with an overdue field task (a missed visit or duty not yet made up).</param>
/// <param name="Alerts">Alerts of the cell this month (raised, closed, closed on time).</param>
[GenerateSerializer, Immutable, Alias("gg.cell-summary")]
public sealed record CellSummary(CellCode Code, CommunityCode Community, string Name, int Properties, int People, int Workers, int OpenAlerts, int PendingDeadlines, DateTimeOffset? NextDue, bool Retired, int RedAlerts = 0,
    int Overdue = 0, CommandCentre.AlertTally? Alerts = null);

/// <summary>A cell's boundary as the locator needs it.</summary>
/// <param name="Code">Cell code.</param>
/// <param name="Community">Community code.</param>
/// <param name="Wkb">Boundary as WKB (WGS84 lon/lat).</param>
[GenerateSerializer, Immutable, Alias("gg.cell-boundary")]
public sealed record CellBoundary(CellCode Code, CommunityCode Community, byte[] Wkb);

/// <summary>Where a point lies.</summary>
/// <param name="Cell">The cell.</param>
/// <param name="Community">Its community.</param>
[GenerateSerializer, Immutable, Alias("gg.cell-location")]
public sealed record CellLocation(CellCode Cell, CommunityCode Community);

/// <summary>Imports a GeoJSON FeatureCollection of communities and cells into a district.</summary>
/// <param name="GeoJson">RFC 7946 FeatureCollection; properties <c>kind</c> (community|cell), <c>code</c>, <c>name</c>, and <c>community</c> on cells.</param>
/// <param name="DryRun">Validate and report without changing anything.</param>
/// <param name="DistrictName">Display name of the district (kept when null).</param>
[GenerateSerializer, Immutable, Alias("gg.grid-import-request")]
public sealed record GridImportRequest(string GeoJson, bool DryRun, string? DistrictName);

/// <summary>What an import found and did.</summary>
/// <param name="Outcome">Ok, or Invalid when any issue was found (then nothing changed).</param>
/// <param name="Issues">Every problem, one per bad feature.</param>
/// <param name="Communities">Communities in the document.</param>
/// <param name="Cells">Cells in the document.</param>
/// <param name="Added">Cells new to the district.</param>
/// <param name="Changed">Cells whose boundary or community changed.</param>
/// <param name="Retired">Cells no longer in the document (kept, marked retired).</param>
/// <param name="Relocated">Entities re-located because their cell changed.</param>
/// <param name="Applied">False for a dry run or a document with issues.</param>
/// <param name="Version">The district's grid version after the import.</param>
[GenerateSerializer, Immutable, Alias("gg.grid-import-result")]
public sealed record GridImportResult(Outcome Outcome, IReadOnlyList<GridImportIssue> Issues, int Communities, int Cells, int Added, int Changed, int Retired, int Relocated, bool Applied, int Version);

/// <summary>A grid cell: boundary, members, the deadline index of its members, one durable reminder.</summary>
[Alias("gg.cell")]
public interface ICellGrain : IGrainWithStringKey
{
    /// <summary>Sets boundary, community and name (from an import). Returns whether anything changed.</summary>
    [Alias("define")]
    ValueTask<bool> DefineAsync(CommunityCode community, string name, byte[] wkb, int version, string actor, CancellationToken cancellationToken = default);

    /// <summary>Marks the cell retired (a later import no longer has it); members stay until relocated.</summary>
    [Alias("retire")]
    ValueTask RetireAsync(int version, string actor, CancellationToken cancellationToken = default);

    /// <summary>Adds a member (idempotent).</summary>
    [Alias("join")]
    ValueTask JoinAsync(EntityRef member, string actor, CancellationToken cancellationToken = default);

    /// <summary>Removes a member and its index entry (idempotent).</summary>
    [Alias("leave")]
    ValueTask LeaveAsync(EntityRef member, string actor, CancellationToken cancellationToken = default);

    /// <summary>Sets or clears a member's earliest pending deadline in the index; durable before it answers.</summary>
    [Alias("track-deadline")]
    ValueTask TrackDeadlineAsync(DeadlineRegistration registration, CancellationToken cancellationToken = default);

    /// <summary>Assigns or unassigns a grid worker.</summary>
    [Alias("assign-worker")]
    ValueTask AssignWorkerAsync(WorkerId worker, bool assigned, CancellationToken cancellationToken = default);

    /// <summary>An alert of a member changed (raised, escalated, acknowledged or resolved); its counts follow.</summary>
    [Alias("alert-changed")]
    ValueTask AlertChangedAsync(Alerts.AlertView alert, CancellationToken cancellationToken = default);

    /// <summary>Merges the journal's record of the month's alerts into the cell's tally; true when it repaired something.</summary>
    [Alias("reconcile-alerts")]
    ValueTask<bool> ReconcileAlertsAsync(CommandCentre.AlertMonthRecord record, CancellationToken cancellationToken = default);

    /// <summary>Calls every member whose deadline is due; returns how many were swept.</summary>
    [Alias("sweep")]
    ValueTask<int> SweepAsync(CancellationToken cancellationToken = default);

    /// <summary>Counts. Interleaves: a read that communities make while the cell is busy.</summary>
    [AlwaysInterleave]
    [Alias("summary")]
    ValueTask<CellSummary?> GetSummaryAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Members that may have field tasks due by <paramref name="until"/>: those whose earliest pending deadline is
    /// due by then, and those with an open alert (an overdue item). Interleaves: a read from memory.
    /// </summary>
    [AlwaysInterleave]
    [Alias("task-candidates")]
    ValueTask<IReadOnlyList<EntityRef>> GetTaskCandidatesAsync(DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>
    /// The alerts raised in this cell that are not resolved (open or acknowledged), with their level, for alert lists.
    /// Interleaves: a read from memory.
    /// </summary>
    [AlwaysInterleave]
    [Alias("open-alerts")]
    ValueTask<IReadOnlyList<Alerts.OpenAlert>> GetOpenAlertsAsync(CancellationToken cancellationToken = default);

    /// <summary>The members. Interleaves: the district reads it during an import.</summary>
    [AlwaysInterleave]
    [Alias("members")]
    ValueTask<IReadOnlyList<EntityRef>> GetMembersAsync(CancellationToken cancellationToken = default);
}

/// <summary>Point → cell for a district, from an in-memory STRtree of its cells.</summary>
[Alias("gg.grid-locator")]
public interface IGridLocatorGrain : IGrainWithStringKey
{
    /// <summary>
    /// The cell covering the point, or null for "no cell", on boundaries of grid version
    /// ≥ <paramref name="minVersion"/> (a caller that just imported passes the new version).
    /// </summary>
    [Alias("locate")]
    ValueTask<CellLocation?> LocateAsync(GeoPoint point, int minVersion, CancellationToken cancellationToken = default);
}
