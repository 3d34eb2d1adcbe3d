using GridGovernance.Contracts.Common;

namespace GridGovernance.Contracts.CommandCentre;

/// <summary>
/// Alerts of one China-time month (<c>YYYY-MM</c>), counted as <c>docs/STATISTICS.md</c> defines them: raised in the
/// month, resolved in the month, and of those resolved while still yellow (on time). Sums of tallies of the same
/// month are tallies of the union; a tally of another month counts as empty.
/// </summary>
/// <param name="Month">The month, <c>YYYY-MM</c> in China time.</param>
/// <param name="Raised">Alerts raised in the month.</param>
/// <param name="Closed">Alerts resolved in the month.</param>
/// <param name="ClosedOnTime">Of those, resolved while still yellow.</param>
[GenerateSerializer, Immutable, Alias("gg.alert-tally")]
public sealed record AlertTally(string Month, int Raised, int Closed, int ClosedOnTime)
{
    /// <summary>Closed on time over closed, rounded to 4 places; null when nothing was closed.</summary>
    public double? OnTimeRate => Closed == 0 ? null : Math.Round((double)ClosedOnTime / Closed, 4);

    /// <summary>The month an instant falls in, China time.</summary>
    public static string MonthOf(DateTimeOffset instant) =>
        instant.ToOffset(Instants.ChinaOffset).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An empty tally of <paramref name="month"/>.</summary>
    public static AlertTally Empty(string month) => new(month, 0, 0, 0);

    /// <summary>The sum of those of <paramref name="month"/> (others are of a month that has passed: they count as empty).</summary>
    public static AlertTally Sum(string month, IEnumerable<AlertTally?> tallies)
    {
        var raised = 0;
        var closed = 0;
        var onTime = 0;
        foreach (var t in tallies)
        {
            if (t is not null && t.Month == month)
            {
                raised += t.Raised;
                closed += t.Closed;
                onTime += t.ClosedOnTime;
            }
        }

        return new AlertTally(month, raised, closed, onTime);
    }
}

/// <summary>
/// The journal's record of one cell's alerts in a month: the keys raised, resolved on time and resolved late. A cell
/// merges it into its own tally (a union: a key it already counted changes nothing).
/// </summary>
/// <param name="Month">The month, <c>YYYY-MM</c> in China time.</param>
/// <param name="Raised">Keys of alerts raised in the month.</param>
/// <param name="ClosedOnTime">Keys resolved in the month while yellow.</param>
/// <param name="ClosedLate">Keys resolved in the month after turning red (or raised red).</param>
[GenerateSerializer, Immutable, Alias("gg.alert-month-record")]
public sealed record AlertMonthRecord(string Month, IReadOnlyList<string> Raised, IReadOnlyList<string> ClosedOnTime, IReadOnlyList<string> ClosedLate);

/// <summary>What one reconciliation of a community against the journal found.</summary>
/// <param name="Month">The month checked.</param>
/// <param name="Cells">Cells with alerts in the journal that month.</param>
/// <param name="Repaired">Of those, cells whose tally missed something and was repaired.</param>
/// <param name="At">When it ran.</param>
[GenerateSerializer, Immutable, Alias("gg.reconciliation")]
public sealed record Reconciliation(string Month, int Cells, int Repaired, DateTimeOffset At);
