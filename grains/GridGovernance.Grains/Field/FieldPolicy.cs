using System.ComponentModel.DataAnnotations;

namespace GridGovernance.Grains.Field;

/// <summary>Field work: what a worker's task list shows.</summary>
public sealed class FieldPolicy
{
    /// <summary>"Due this week": tasks due within this many days from now are listed after the overdue and today's.</summary>
    [Range(1, 31)] public int TaskHorizonDays { get; set; } = 7;
}
