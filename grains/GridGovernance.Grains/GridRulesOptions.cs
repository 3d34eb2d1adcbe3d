using System.ComponentModel.DataAnnotations;

namespace GridGovernance.Grains;

/// <summary>
/// Rule parameters that DOMAIN.md marks as practice or regulation (configurable), bound from
/// <c>GridGovernance:Rules</c>. Defaults are the values DOMAIN.md gives.
/// </summary>
public sealed class GridRulesOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "GridGovernance:Rules";

    /// <summary>RH-09 visit interval in days by risk grade: GREEN, YELLOW, ORANGE, RED.</summary>
    [Range(1, 365)] public int GreenVisitDays { get; set; } = 21;

    /// <inheritdoc cref="GreenVisitDays"/>
    [Range(1, 365)] public int YellowVisitDays { get; set; } = 14;

    /// <inheritdoc cref="GreenVisitDays"/>
    [Range(1, 365)] public int OrangeVisitDays { get; set; } = 7;

    /// <inheritdoc cref="GreenVisitDays"/>
    [Range(1, 365)] public int RedVisitDays { get; set; } = 7;

    /// <summary>CC-10/11 contact standard in days by supervision level: 严管, 普管, 宽管.</summary>
    [Range(1, 365)] public int StrictVisitDays { get; set; } = 7;

    /// <inheritdoc cref="StrictVisitDays"/>
    [Range(1, 365)] public int OrdinaryVisitDays { get; set; } = 14;

    /// <inheritdoc cref="StrictVisitDays"/>
    [Range(1, 365)] public int LenientVisitDays { get; set; } = 30;

    /// <summary>Visit interval for drug rehabilitation cases (GR-06: monthly).</summary>
    [Range(1, 365)] public int RehabilitationVisitDays { get; set; } = 30;

    /// <summary>RH-02: working days the landlord has to report a tenant.</summary>
    [Range(1, 30)] public int TenantReportWorkingDays { get; set; } = 3;

    /// <summary>CC-04: days to report after the judgment takes effect.</summary>
    [Range(1, 90)] public int CorrectionReportDays { get; set; } = 10;

    /// <summary>DR-02: days to report after the decision.</summary>
    [Range(1, 90)] public int RehabilitationReportDays { get; set; } = 15;

    /// <summary>A visit is "near" within this radius (plus the fix's accuracy).</summary>
    [Range(1, 10_000)] public double NearRadiusMetres { get; set; } = 50;

    /// <summary>A fix coarser than this is "unverifiable".</summary>
    [Range(1, 100_000)] public double MaxAccuracyMetres { get; set; } = 100;

    /// <summary>
    /// How many recent visits an entity remembers to answer a replay with the same answer. A phone replays
    /// its own queue, and an entity is visited weekly at most, so 20 covers months of offline queue; each
    /// remembered visit is carried by every state write, so the window is bounded.
    /// </summary>
    [Range(1, 1_000)] public int RememberedVisits { get; set; } = 20;

    /// <summary>Period of each cell's durable deadline reminder (Orleans' minimum is 1 minute unless lowered).</summary>
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
