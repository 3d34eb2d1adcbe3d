using GridGovernance.Grains.Alerts;
using GridGovernance.Grains.Field;
using GridGovernance.Grains.Rentals;
using GridGovernance.Grains.Rentals.Inspections;
using GridGovernance.Grains.Supervision.Correction;
using GridGovernance.Grains.Supervision.Rehabilitation;

namespace GridGovernance.Grains.Rules;

/// <summary>
/// Every rule parameter in force on one day, one section per area. The C# defaults are the built-in version;
/// docs/RULES.md gives each one's rule id and source.
/// </summary>
public sealed class RuleSet
{
    /// <summary>Rental properties and tenants (RH-*).</summary>
    public RentalPolicy Rentals { get; set; } = new();

    /// <summary>Fire-safety inspections (FS-*).</summary>
    public FireSafetyPolicy FireSafety { get; set; } = new();

    /// <summary>Community correction (CC-*, RP-01).</summary>
    public CorrectionPolicy Correction { get; set; } = new();

    /// <summary>Community drug rehabilitation and rehabilitation (DR-*).</summary>
    public RehabilitationPolicy Rehabilitation { get; set; } = new();

    /// <summary>The card ladder (HL-06).</summary>
    public AlertPolicy Alerts { get; set; } = new();

    /// <summary>Field work: task lists (GR-06).</summary>
    public FieldPolicy Field { get; set; } = new();

    internal IEnumerable<(string Name, object? Section)> Sections() =>
    [
        ("rentals", Rentals), ("fireSafety", FireSafety), ("correction", Correction),
        ("rehabilitation", Rehabilitation), ("alerts", Alerts), ("field", Field),
    ];
}
