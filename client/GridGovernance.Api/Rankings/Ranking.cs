using GridGovernance.Contracts.Deadlines;

namespace GridGovernance.Api.Rankings;

/// <summary>What a ranking ranks.</summary>
public enum RankingKind
{
    /// <summary>Grid cells, by their field tasks.</summary>
    Cells,

    /// <summary>Grid workers, by the field tasks of the places and people they visit.</summary>
    Workers,

    /// <summary>Correction officers, by the duties of the people on their caseload.</summary>
    Officers,
}

/// <summary>One row of a ranking.</summary>
/// <param name="Rank">1 for the best.</param>
/// <param name="Key">The cell code, the worker's or the officer's token subject.</param>
/// <param name="Community">The community most of the row's items are in.</param>
/// <param name="Due">Items due in the month and judged (on time + late + overdue).</param>
/// <param name="OnTime">Done before they were due.</param>
/// <param name="Late">Done after they were due.</param>
/// <param name="Overdue">Missed and still not done.</param>
/// <param name="OnTimeRate">On time ÷ due, 0..1, four decimals.</param>
public sealed record RankingRow(int Rank, string Key, string? Community, int Due, int OnTime, int Late, int Overdue, double OnTimeRate);

/// <summary>
/// The familiar grid leaderboard: rows by on-time rate (highest first), then fewest overdue, then key. Cells and workers
/// are judged on field tasks (visits, tenant reports, hazard follow-ups, searches); officers on their people's duties. A
/// correction subject's trip and monitoring deadlines (location data, CC-31) and milestones never count.
/// </summary>
public static class Ranking
{
    /// <summary>The wire names of the kinds.</summary>
    public static string Name(RankingKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Parses <c>cells</c>, <c>workers</c> or <c>officers</c>.</summary>
    public static RankingKind? Parse(string? text) => text switch
    {
        "cells" => RankingKind.Cells,
        "workers" => RankingKind.Workers,
        "officers" => RankingKind.Officers,
        _ => null,
    };

    /// <summary>The row key <paramref name="item"/> counts for in a ranking of <paramref name="kind"/>, or null when it counts for none.</summary>
    public static string? KeyOf(RankingKind kind, RankingItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!Enum.TryParse<DeadlineKind>(item.Kind, out var deadline) || DeadlineKinds.IsMilestone(deadline) || IsLocation(item, deadline))
        {
            return null;
        }

        var key = kind switch
        {
            RankingKind.Cells => DeadlineKinds.IsFieldTask(deadline) ? item.Cell : null,
            RankingKind.Workers => DeadlineKinds.IsFieldTask(deadline) ? item.Worker : null,
            _ => item.EntityType == "person" ? item.Officer : null,
        };
        return string.IsNullOrEmpty(key) ? null : key;
    }

    /// <summary>The rows of a ranking of <paramref name="kind"/> over <paramref name="items"/>, best first.</summary>
    public static IReadOnlyList<RankingRow> Rank(RankingKind kind, IEnumerable<RankingItem> items)
    {
        var rows = items
            .Select(item => (Key: KeyOf(kind, item), Item: item))
            .Where(x => x.Key is not null)
            .GroupBy(x => x.Key!, x => x.Item, StringComparer.Ordinal)
            .Select(g =>
            {
                var onTime = g.Count(i => i.Status == "onTime");
                var late = g.Count(i => i.Status == "late");
                var overdue = g.Count(i => i.Status == "overdue");
                var due = onTime + late + overdue;
                var community = g.Where(i => i.Community is not null).GroupBy(i => i.Community!, StringComparer.Ordinal)
                    .OrderByDescending(c => c.Count()).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key).FirstOrDefault();
                return new RankingRow(0, g.Key, community, due, onTime, late, overdue, due == 0 ? 0 : Math.Round((double)onTime / due, 4));
            })
            .OrderByDescending(r => r.OnTimeRate).ThenBy(r => r.Overdue).ThenBy(r => r.Key, StringComparer.Ordinal)
            .ToList();
        return [.. rows.Select((r, i) => r with { Rank = i + 1 })];
    }

    /// <summary>A correction subject's trip or monitoring deadline: location data (CC-31), never shown outside correction roles.</summary>
    private static bool IsLocation(RankingItem item, DeadlineKind kind) =>
        item.EntityType == "person" && (kind is DeadlineKind.TripReturn or DeadlineKind.MonitoringExpiry
            || item.Deadline.StartsWith("trip:", StringComparison.Ordinal) || item.Deadline.StartsWith("escalate:trip:", StringComparison.Ordinal));
}
