using GridGovernance.Contracts.Common;

namespace GridGovernance.Grains.Deadlines;

/// <summary>One member's entry in a cell's deadline index, as stored.</summary>
[GenerateSerializer, Alias("gg.deadline-index-entry")]
public sealed record DeadlineIndexEntry([property: Id(0)] EntityRef Owner, [property: Id(1)] DateTimeOffset DueAt);

/// <summary>
/// A cell's index of its members' earliest pending deadlines, ordered by due time: the cell holds one
/// reminder and asks this index who is due, so reminders grow with cells, not with entities.
/// </summary>
internal sealed class DeadlineIndex
{
    private readonly Dictionary<EntityRef, DateTimeOffset> _due = [];
    private readonly SortedSet<(DateTimeOffset DueAt, EntityRef Owner)> _order = new(EntryComparer.Instance);

    public DeadlineIndex(IEnumerable<DeadlineIndexEntry> entries)
    {
        foreach (var entry in entries)
        {
            Set(entry.Owner, entry.DueAt);
        }
    }

    public int Count => _due.Count;

    /// <summary>The earliest due time in the index.</summary>
    public DateTimeOffset? Next => _order.Count == 0 ? null : _order.Min.DueAt;

    /// <summary>Sets or (with null) removes an owner's entry; returns whether the index changed.</summary>
    public bool Set(EntityRef owner, DateTimeOffset? dueAt)
    {
        if (_due.TryGetValue(owner, out var current))
        {
            if (current == dueAt)
            {
                return false;
            }

            _order.Remove((current, owner));
            _due.Remove(owner);
        }
        else if (dueAt is null)
        {
            return false;
        }

        if (dueAt is { } due)
        {
            _due[owner] = due;
            _order.Add((due, owner));
        }

        return true;
    }

    /// <summary>Owners whose entry is due at <paramref name="now"/>, earliest first.</summary>
    public List<EntityRef> DueAt(DateTimeOffset now) =>
        [.. _order.TakeWhile(e => e.DueAt <= now).Select(e => e.Owner)];

    public List<DeadlineIndexEntry> ToState() => [.. _order.Select(e => new DeadlineIndexEntry(e.Owner, e.DueAt))];

    private sealed class EntryComparer : IComparer<(DateTimeOffset DueAt, EntityRef Owner)>
    {
        public static readonly EntryComparer Instance = new();

        public int Compare((DateTimeOffset DueAt, EntityRef Owner) x, (DateTimeOffset DueAt, EntityRef Owner) y)
        {
            var c = x.DueAt.CompareTo(y.DueAt);
            if (c != 0)
            {
                return c;
            }

            c = x.Owner.Kind.CompareTo(y.Owner.Kind);
            return c != 0 ? c : x.Owner.Id.CompareTo(y.Owner.Id);
        }
    }
}
