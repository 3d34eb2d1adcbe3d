using System.ComponentModel.DataAnnotations;

namespace GridGovernance.Grains;

/// <summary>
/// Operational settings of the rules engine, bound from <c>GridGovernance:Rules</c>. The rule parameters
/// themselves (intervals, thresholds, ladders) live in the versioned <see cref="Rules.RuleBook"/>.
/// </summary>
public sealed class GridRulesOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "GridGovernance:Rules";

    /// <summary>An operator's rule-book file with further dated versions (see docs/RULES.md); none by default.</summary>
    public string? BookPath { get; set; }

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

    /// <summary>Period of each community's check of its cells' monthly alert counts against the journal.</summary>
    public TimeSpan ReconcilePeriod { get; set; } = TimeSpan.FromMinutes(15);
}
