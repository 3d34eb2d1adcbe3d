using GridGovernance.Contracts.Common;
using GridGovernance.Grains.Deadlines;
using GridGovernance.Grains.Field;
using GridGovernance.Grains.Journal;

namespace GridGovernance.Grains.Common;

/// <summary>What every entity in a cell keeps: where it is, its deadlines, recent visits, its outbox.</summary>
public abstract class EntityState : JournaledState
{
    [Id(0)] public bool Exists { get; set; }

    [Id(1)] public string? District { get; set; }

    /// <summary>Registered point, against which visits are judged and which places the entity in a cell.</summary>
    [Id(2)] public GeoPoint? Location { get; set; }

    /// <summary>The cell it is a member of (the district's no-cell holder when the point is in no cell).</summary>
    [Id(3)] public string? Cell { get; set; }

    [Id(4)] public string? Community { get; set; }

    [Id(5)] public List<Deadline> Deadlines { get; set; } = [];

    [Id(6)] public List<VisitRecord> Visits { get; set; } = [];

    [Id(7)] public DateTimeOffset? LastVisitedAt { get; set; }

    /// <summary>The cell whose deadline index holds this entity's entry, and the due time it holds.</summary>
    [Id(8)] public string? IndexedCell { get; set; }

    [Id(9)] public DateTimeOffset? IndexedDue { get; set; }

    /// <summary>Fingerprint of the registration, to tell a replay from a conflicting re-registration.</summary>
    [Id(10)] public string? RegistrationFingerprint { get; set; }

    /// <summary>When recent yellow cards were raised for this entity (HL-06: after N of them the next card starts red).</summary>
    [Id(11)] public List<DateTimeOffset> YellowCards { get; set; } = [];

    /// <summary>The instant the pending visit deadline counts from (the last visit, or registration).</summary>
    [Id(12)] public DateTimeOffset? VisitPlannedFrom { get; set; }

    /// <summary>Whether the cell was last told that this entity has an overdue field task.</summary>
    [Id(13)] public bool IndexedOverdue { get; set; }
}
