using GridGovernance.Contracts.Deadlines;

namespace GridGovernance.Grains.Deadlines;

/// <summary>A deadline as an entity keeps it in its state.</summary>
[GenerateSerializer, Alias("gg.deadline")]
public sealed class Deadline
{
    /// <summary>Unique within the entity and stable: the alert key is derived from it.</summary>
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public required DeadlineKind Kind { get; init; }

    [Id(2)] public required DateTimeOffset DueAt { get; init; }

    [Id(3)] public DeadlineStatus Status { get; set; }

    [Id(4)] public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The rule id the deadline rests on (e.g. RH-02).</summary>
    [Id(5)] public required string Rule { get; init; }

    /// <summary>What the deadline is about within the entity (a tenancy id), if anything.</summary>
    [Id(6)] public string? Subject { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsOpen => Status is DeadlineStatus.Pending or DeadlineStatus.Missed;

    public DeadlineView ToView() => new(Id, Kind, DueAt, Status, CompletedAt, Rule);
}

/// <summary>The deadline rules an entity applies to its list; pure, so tests need no cluster.</summary>
internal static class DeadlineBook
{
    /// <summary>Completed deadlines kept in state for display (the journal has them all); open ones are always kept.</summary>
    public const int KeptCompleted = 5;

    /// <summary>The earliest deadline not yet judged, which the cell indexes.</summary>
    public static DateTimeOffset? EarliestPending(this IReadOnlyList<Deadline> deadlines)
    {
        DateTimeOffset? earliest = null;
        foreach (var d in deadlines)
        {
            if (d.Status == DeadlineStatus.Pending && (earliest is null || d.DueAt < earliest))
            {
                earliest = d.DueAt;
            }
        }

        return earliest;
    }

    /// <summary>Pending deadlines that have passed at <paramref name="now"/>, earliest first.</summary>
    public static List<Deadline> Passed(this IReadOnlyList<Deadline> deadlines, DateTimeOffset now) =>
        [.. deadlines.Where(d => d.Status == DeadlineStatus.Pending && d.DueAt <= now).OrderBy(d => d.DueAt)];

    /// <summary>Adds a deadline unless one with the same id exists; returns the one in the list.</summary>
    public static Deadline Plan(this List<Deadline> deadlines, Deadline deadline)
    {
        var existing = deadlines.Find(d => d.Id == deadline.Id);
        if (existing is not null)
        {
            return existing;
        }

        deadlines.Add(deadline);
        Prune(deadlines);
        return deadline;
    }

    /// <summary>
    /// Completes the open deadlines that match: Met when on time, MetLate when it had passed.
    /// Returns what it completed (the missed ones have alerts to resolve).
    /// </summary>
    public static List<Deadline> Complete(this List<Deadline> deadlines, Func<Deadline, bool> match, DateTimeOffset at)
    {
        var done = deadlines.Where(d => d.IsOpen && match(d)).ToList();
        foreach (var d in done)
        {
            d.Status = d.Status == DeadlineStatus.Missed || d.DueAt < at ? DeadlineStatus.MetLate : DeadlineStatus.Met;
            d.CompletedAt = at;
        }

        return done;
    }

    /// <summary>Views for display: open first (earliest first), then the most recent completed.</summary>
    public static IReadOnlyList<DeadlineView> Views(this IReadOnlyList<Deadline> deadlines) =>
        [
            .. deadlines.Where(d => d.IsOpen).OrderBy(d => d.DueAt)
                .Concat(deadlines.Where(d => !d.IsOpen).OrderByDescending(d => d.CompletedAt ?? d.DueAt))
                .Select(d => d.ToView()),
        ];

    private static void Prune(List<Deadline> deadlines)
    {
        var completed = deadlines.Where(d => !d.IsOpen).OrderByDescending(d => d.CompletedAt ?? d.DueAt).Skip(KeptCompleted).ToHashSet();
        if (completed.Count > 0)
        {
            deadlines.RemoveAll(completed.Contains);
        }
    }
}
