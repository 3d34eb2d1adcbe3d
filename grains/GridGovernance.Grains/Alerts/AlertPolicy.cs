using System.ComponentModel.DataAnnotations;

namespace GridGovernance.Grains.Alerts;

/// <summary>HL-06 (OPEN for Zhongshan): the yellow/red card ladder.</summary>
public sealed class AlertPolicy
{
    /// <summary>A yellow card turns red when the item is still overdue this many working days after it (the reminder period).</summary>
    [Range(1, 30)] public int RedAfterWorkingDays { get; set; } = 2;

    /// <summary>A new card for a source that already had this many yellows within <see cref="YellowWindowDays"/> starts red.</summary>
    [Range(1, 100)] public int YellowsBeforeRed { get; set; } = 3;

    /// <summary>The window, in days, over which a source's yellows are counted.</summary>
    [Range(1, 3650)] public int YellowWindowDays { get; set; } = 90;
}
