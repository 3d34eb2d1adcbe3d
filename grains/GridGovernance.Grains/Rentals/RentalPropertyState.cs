using GridGovernance.Contracts.Rentals;
using GridGovernance.Grains.Common;
using GridGovernance.Grains.Common.Protection;
using GridGovernance.Grains.Rentals.Inspections;

namespace GridGovernance.Grains.Rentals;

/// <summary>
/// A tenancy as the property keeps it. The ID number is kept encrypted (PI-06) with a keyed blind index for
/// equality and a masked form for display (PI-14); no view returns it in clear.
/// </summary>
[GenerateSerializer, Alias("gg.tenancy")]
public sealed class Tenancy
{
    [Id(0)] public required Guid Id { get; init; }

    [Id(1)] public required string TenantName { get; init; }

    [Id(2)] public required IdType IdType { get; init; }

    /// <summary>Plain text in states written before encryption; moved into <see cref="IdNumberProtected"/> on activation.</summary>
    [Id(3)] public string? IdNumber { get; set; }

    [Id(4)] public required DateTimeOffset MoveInAt { get; init; }

    /// <summary>When the landlord reported the arrival (RH-02).</summary>
    [Id(5)] public DateTimeOffset? ReportedAt { get; set; }

    [Id(6)] public DateTimeOffset? MovedOutAt { get; set; }

    [Id(7)] public required string Fingerprint { get; init; }

    /// <summary>When the landlord reported the departure (RH-02, "departure likewise").</summary>
    [Id(8)] public DateTimeOffset? DepartureReportedAt { get; set; }

    /// <summary>When a visit verified the reported tenancy on the spot.</summary>
    [Id(9)] public DateTimeOffset? VerifiedAt { get; set; }

    /// <summary>The ID number, encrypted with the key id that encrypted it.</summary>
    [Id(10)] public ProtectedValue? IdNumberProtected { get; set; }

    /// <summary>Keyed blind index of ID type and number: finds a duplicate without decrypting.</summary>
    [Id(11)] public string? IdNumberIndex { get; set; }

    /// <summary>The masked ID number for display.</summary>
    [Id(12)] public string? IdNumberMasked { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool Active => MovedOutAt is null;
}

/// <summary>A command the property remembers by its client-given id, to tell a replay from a reused id.</summary>
[GenerateSerializer, Alias("gg.remembered-command")]
public sealed class RememberedCommand
{
    [Id(0)] public required Guid Id { get; init; }

    [Id(1)] public required string Fingerprint { get; init; }
}

/// <summary>An accepted inspection, remembered to answer a replay with the same answer.</summary>
[GenerateSerializer, Alias("gg.inspection-record")]
public sealed class InspectionRecord
{
    [Id(0)] public required Guid Id { get; init; }

    [Id(1)] public required string Fingerprint { get; init; }

    /// <summary>The visit it was recorded as; its answer is rebuilt from the remembered visits.</summary>
    [Id(2)] public required Guid VisitId { get; init; }

    [Id(3)] public List<string> Opened { get; init; } = [];

    [Id(4)] public List<string> Rectified { get; init; } = [];

    [Id(5)] public bool? IsSmallPlace { get; init; }
}

/// <summary>State of a <see cref="RentalPropertyGrain"/>.</summary>
[GenerateSerializer, Alias("gg.rental-property-state")]
public sealed class RentalPropertyState : EntityState
{
    [Id(0)] public string Address { get; set; } = "";

    [Id(1)] public Landlord? Landlord { get; set; }

    [Id(2)] public RiskGrade Grade { get; set; }

    [Id(3)] public List<Tenancy> Tenancies { get; set; } = [];

    /// <summary>Monitored people living here (linked from their grains); while any is, visits are tighter.</summary>
    [Id(4)] public List<Guid> Residents { get; set; } = [];

    /// <summary>Fire hazards: all open ones and the most recent closed ones (FS-03..FS-06).</summary>
    [Id(5)] public List<Hazard> Hazards { get; set; } = [];

    /// <summary>Vulnerable households found by the last inspection (FS-02).</summary>
    [Id(6)] public VulnerableHousehold Vulnerable { get; set; }

    /// <summary>Recent inspections, to answer replays.</summary>
    [Id(7)] public List<InspectionRecord> Inspections { get; set; } = [];

    /// <summary>Recent regrades, to answer replays.</summary>
    [Id(8)] public List<RememberedCommand> Regrades { get; set; } = [];
}
