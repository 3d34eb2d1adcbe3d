using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.CommandCentre;

namespace GridGovernance.Grains.CommandCentre;

/// <summary>
/// A cell's alerts of the current China-time month, by key, kept in the cell's state. Keys (not counters) make every
/// report idempotent — the same alert reported twice, or again by the journal's reconciliation, counts once — and the
/// counts of <see cref="ToTally"/> follow the definitions of the monthly statistics (docs/STATISTICS.md).
/// </summary>
[GenerateSerializer, Alias("gg.alert-month")]
public sealed class AlertMonth
{
    /// <summary><c>YYYY-MM</c> (China time); the sets belong to it and are emptied when a later month begins.</summary>
    [Id(0)] public string Month { get; set; } = "";

    [Id(1)] public List<string> Raised { get; set; } = [];

    [Id(2)] public List<string> ClosedOnTime { get; set; } = [];

    [Id(3)] public List<string> ClosedLate { get; set; } = [];

    /// <summary>Counts an alert's report (raised and/or resolved in <paramref name="month"/>); true when a count changed.</summary>
    public bool Observe(AlertView alert, string month)
    {
        var changed = Roll(month);
        if (AlertTally.MonthOf(alert.RaisedAt) == month)
        {
            changed |= Add(Raised, alert.Key);
        }

        if (alert.ResolvedAt is { } resolved && AlertTally.MonthOf(resolved) == month)
        {
            changed |= Add(alert.ResolvedOnTime == true ? ClosedOnTime : ClosedLate, alert.Key);
        }

        return changed;
    }

    /// <summary>Adds what the journal recorded and this tally missed; true when it repaired something.</summary>
    public bool Merge(AlertMonthRecord record, string month)
    {
        var changed = Roll(month);
        if (record.Month != month)
        {
            return changed;
        }

        var repaired = false;
        repaired |= record.Raised.Aggregate(false, (any, key) => Add(Raised, key) | any);
        repaired |= record.ClosedOnTime.Aggregate(false, (any, key) => Add(ClosedOnTime, key) | any);
        repaired |= record.ClosedLate.Aggregate(false, (any, key) => Add(ClosedLate, key) | any);
        return repaired;
    }

    /// <summary>The counts of <paramref name="month"/>: empty when the tally is of an earlier one.</summary>
    public AlertTally ToTally(string month) => Month == month
        ? new AlertTally(month, Raised.Count, ClosedOnTime.Count + ClosedLate.Count, ClosedOnTime.Count)
        : AlertTally.Empty(month);

    /// <summary>Starts <paramref name="month"/> when it is later than the one held; true when it emptied the sets.</summary>
    private bool Roll(string month)
    {
        if (string.CompareOrdinal(month, Month) <= 0)
        {
            return false;
        }

        var had = Raised.Count + ClosedOnTime.Count + ClosedLate.Count > 0;
        Month = month;
        Raised.Clear();
        ClosedOnTime.Clear();
        ClosedLate.Clear();
        return had;
    }

    private static bool Add(List<string> keys, string key)
    {
        if (keys.Contains(key, StringComparer.Ordinal))
        {
            return false;
        }

        keys.Add(key);
        return true;
    }
}
