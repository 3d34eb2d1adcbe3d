namespace GridGovernance.Grains.Supervision.Rehabilitation;

/// <summary>Events the points table (DR-21) knows by default; an operator's table may name others or leave some out.</summary>
public static class PointsEvents
{
    public const string TestAttended = "test-attended", TestNegative = "test-negative", HelpActivity = "help-activity",
        TestMissed = "test-missed", TestRefused = "test-refused", TestPositive = "test-positive", UnreportedAbsence = "unreported-absence";
}

/// <summary>One line of the points ledger, kept in the case.</summary>
[GenerateSerializer, Alias("gg.rehabilitation-points")]
public sealed class PointsLine
{
    [Id(0)] public DateTimeOffset At { get; init; }

    [Id(1)] public string Event { get; init; } = "";

    [Id(2)] public int Points { get; init; }
}

/// <summary>
/// DR-21 (OPEN, 戒毒积分制): a configurable table of event → ± points. The total is kept over the case, the lines only
/// for the most recent events (the journal has all). Points never excuse a DR-08 trigger:
/// <see cref="SeriousViolationRule"/> does not read them.
/// </summary>
public static class PointsLedger
{
    /// <summary>Ledger lines kept in state.</summary>
    public const int KeptLines = 20;

    /// <summary>
    /// Books <paramref name="eventName"/> at <paramref name="at"/> by <paramref name="table"/>; returns the line, or null
    /// when the table gives the event no points (nothing is booked).
    /// </summary>
    public static PointsLine? Book(RehabilitationCase @case, string eventName, DateTimeOffset at, IReadOnlyDictionary<string, int> table)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(table);
        if (!table.TryGetValue(eventName, out var points) || points == 0)
        {
            return null;
        }

        var line = new PointsLine { At = at, Event = eventName, Points = points };
        @case.PointsTotal += points;
        @case.Ledger.Add(line);
        if (@case.Ledger.Count > KeptLines)
        {
            @case.Ledger.RemoveRange(0, @case.Ledger.Count - KeptLines);
        }

        return line;
    }
}
