using System.Collections.Frozen;
using GridGovernance.Hosting.Security;

namespace GridGovernance.Api.Security;

/// <summary>What a request wants to do; each endpoint names one.</summary>
public enum Capability
{
    /// <summary>District and community counts.</summary>
    ReadOverview,

    /// <summary>Cell boundaries and summaries, point → cell.</summary>
    ReadGrid,

    /// <summary>Import a grid (GeoJSON).</summary>
    ImportGrid,

    /// <summary>Read a rental property, its tenancies (ID numbers masked) and hazards.</summary>
    ReadProperty,

    /// <summary>Register a property, tenancies, reports, inspections, visits, regrades.</summary>
    ManageProperty,

    /// <summary>See an ID number or a name in clear, with a purpose (PI-14); journaled.</summary>
    RevealPersonalData,

    /// <summary>Read a monitored person's record (journaled, with a purpose).</summary>
    ReadPerson,

    /// <summary>Enrol a person in a programme.</summary>
    EnrolPerson,

    /// <summary>Field work on a person: report, visits, home link, move.</summary>
    ManagePerson,

    /// <summary>Assign a person to a correction officer's caseload.</summary>
    AssignOfficer,

    /// <summary>Read a correction or rehabilitation case (duties, trips, tests, sanctions, monitoring).</summary>
    ReadCase,

    /// <summary>Record on a case: intake, duties, trips, violations, sanction decisions, monitoring, tests.</summary>
    ManageCase,

    /// <summary>Correction location data (home point, trips, monitoring): correction roles only (CC-31).</summary>
    ReadCorrectionLocation,

    /// <summary>Read a grid worker and their cells.</summary>
    ReadWorker,

    /// <summary>Register workers and assign their cells.</summary>
    ManageWorkers,

    /// <summary>Task lists of cells.</summary>
    ReadTasks,

    /// <summary>List and read alerts.</summary>
    ReadAlerts,

    /// <summary>Acknowledge and resolve alerts.</summary>
    ManageAlerts,

    /// <summary>Send a batch of field work recorded offline.</summary>
    SyncFieldWork,

    /// <summary>The live event stream.</summary>
    StreamEvents,

    /// <summary>Query the audit trail.</summary>
    ReadAudit,

    /// <summary>Open a time-limited break-glass grant outside one's scope.</summary>
    OpenAccessGrant,

    /// <summary>Monthly statistics per community (counts only, no personal data).</summary>
    ReadStatistics,
    /// <summary>Send the worker page's heartbeats (on-duty presence, GR-10).</summary>
    RecordPresence,

    /// <summary>Who is on duty in cells now.</summary>
    ReadPresence,

    /// <summary>The ranking of cells, workers and officers by overdue items and on-time rate.</summary>
    ReadRankings,

    /// <summary>The items behind one row of a ranking.</summary>
    ReadRankingItems,
}

/// <summary>How far a role's capability reaches.</summary>
public enum ScopeKind
{
    /// <summary>The whole district.</summary>
    District,

    /// <summary>The caller's community (<c>gg_community</c>).</summary>
    Community,

    /// <summary>The caller's cells (<c>gg_cells</c>).</summary>
    Cells,

    /// <summary>The people on the caller's caseload.</summary>
    Caseload,

    /// <summary>Nowhere by default: only a target an open break-glass grant covers.</summary>
    GrantOnly,

    /// <summary>Only what is the caller's own (a grid worker's own row of the ranking).</summary>
    Own,
}

/// <summary>
/// The role × capability table (docs/SECURITY.md prints it): which capabilities each role has and how far each
/// reaches. A capability a role lacks is refused even under break-glass: a grant widens scope, never rights.
/// </summary>
public static class AccessPolicy
{
    private static readonly FrozenDictionary<(string Role, Capability Capability), ScopeKind> Table = Build();

    /// <summary>How far <paramref name="capability"/> reaches for <paramref name="role"/>, or null when the role lacks it.</summary>
    public static ScopeKind? Reach(string role, Capability capability) => Table.TryGetValue((role, capability), out var scope) ? scope : null;

    /// <summary>The whole table, for documentation and tests.</summary>
    public static IEnumerable<(string Role, Capability Capability, ScopeKind Scope)> Entries => Table.Select(e => (e.Key.Role, e.Key.Capability, e.Value));

    private static FrozenDictionary<(string, Capability), ScopeKind> Build()
    {
        var table = new Dictionary<(string, Capability), ScopeKind>();
        void Grant(string role, ScopeKind scope, params Capability[] capabilities)
        {
            foreach (var capability in capabilities)
            {
                table.Add((role, capability), scope);
            }
        }

        foreach (var role in GridRoles.All)
        {
            Grant(role, ScopeKind.District, Capability.ReadOverview, Capability.ReadGrid);
        }

        Grant(GridRoles.GridWorker, ScopeKind.Cells,
            Capability.ReadProperty, Capability.ManageProperty, Capability.RevealPersonalData, Capability.ReadPerson, Capability.ManagePerson,
            Capability.ReadTasks, Capability.ReadAlerts, Capability.ManageAlerts, Capability.SyncFieldWork, Capability.StreamEvents);
        Grant(GridRoles.GridWorker, ScopeKind.District, Capability.OpenAccessGrant);
        // A heartbeat outside the worker's cells is recorded as off-cell, not refused: the reach only decides on-duty.
        Grant(GridRoles.GridWorker, ScopeKind.Cells, Capability.RecordPresence);
        Grant(GridRoles.GridWorker, ScopeKind.Own, Capability.ReadRankingItems);

        Grant(GridRoles.CorrectionOfficer, ScopeKind.Caseload,
            Capability.ReadPerson, Capability.ManagePerson, Capability.RevealPersonalData, Capability.ReadCase, Capability.ManageCase,
            Capability.ReadCorrectionLocation, Capability.ReadAlerts, Capability.ManageAlerts, Capability.StreamEvents);
        Grant(GridRoles.CorrectionOfficer, ScopeKind.District, Capability.EnrolPerson, Capability.OpenAccessGrant);

        Grant(GridRoles.CommunityAdmin, ScopeKind.Community,
            Capability.ReadProperty, Capability.ManageProperty, Capability.RevealPersonalData, Capability.ReadPerson, Capability.EnrolPerson,
            Capability.ManagePerson, Capability.AssignOfficer, Capability.ReadWorker, Capability.ManageWorkers, Capability.ReadTasks,
            Capability.ReadAlerts, Capability.ManageAlerts, Capability.StreamEvents, Capability.ReadPresence, Capability.ReadRankings,
            Capability.ReadRankingItems, Capability.ReadStatistics);
        Grant(GridRoles.CommunityAdmin, ScopeKind.District, Capability.OpenAccessGrant);

        Grant(GridRoles.CommandCentre, ScopeKind.District,
            Capability.ReadProperty, Capability.ReadPerson, Capability.ReadWorker, Capability.ReadTasks, Capability.ReadAlerts,
            Capability.ManageAlerts, Capability.StreamEvents, Capability.OpenAccessGrant, Capability.ReadPresence, Capability.ReadRankings,
            Capability.ReadRankingItems, Capability.ReadStatistics);
        Grant(GridRoles.CommandCentre, ScopeKind.GrantOnly, Capability.RevealPersonalData);

        Grant(GridRoles.Auditor, ScopeKind.District, Capability.ReadAudit);

        Grant(GridRoles.Operator, ScopeKind.District, Capability.ImportGrid, Capability.ReadWorker, Capability.ManageWorkers);
        return table.ToFrozenDictionary();
    }
}
