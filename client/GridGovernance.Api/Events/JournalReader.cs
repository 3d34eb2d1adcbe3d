using Npgsql;

namespace GridGovernance.Api.Events;

/// <summary>
/// A place in the journal as a follower reads it: the writing transaction (<c>txid</c>), then <c>seq</c>.
/// Rows are read in this order, which (unlike <c>seq</c> alone) never lets a row that commits late fall
/// behind a reader (deploy/sql/0005_journal_tail.sql explains why).
/// </summary>
/// <param name="Txid">The xid8 of the transaction that wrote the row.</param>
/// <param name="Seq">The row's <c>seq</c>.</param>
public readonly record struct JournalPosition(ulong Txid, long Seq) : IComparable<JournalPosition>
{
    /// <summary>Before every row.</summary>
    public static JournalPosition Start => default;

    /// <summary>Just before the first row any transaction at or after <paramref name="horizon"/> wrote.</summary>
    public static JournalPosition Before(ulong horizon) => new(horizon, 0);

    /// <inheritdoc/>
    public int CompareTo(JournalPosition other) => Txid != other.Txid ? Txid.CompareTo(other.Txid) : Seq.CompareTo(other.Seq);

    /// <summary>Orders positions.</summary>
    public static bool operator <(JournalPosition left, JournalPosition right) => left.CompareTo(right) < 0;

    /// <summary>Orders positions.</summary>
    public static bool operator >(JournalPosition left, JournalPosition right) => left.CompareTo(right) > 0;

    /// <summary>Orders positions.</summary>
    public static bool operator <=(JournalPosition left, JournalPosition right) => left.CompareTo(right) <= 0;

    /// <summary>Orders positions.</summary>
    public static bool operator >=(JournalPosition left, JournalPosition right) => left.CompareTo(right) >= 0;
}

/// <summary>One journal row, as the event stream needs it.</summary>
/// <param name="Position">Where it is in reading order.</param>
/// <param name="EntityType">Journal <c>entity_type</c>.</param>
/// <param name="EntityId">Journal <c>entity_id</c> (for alerts, the alert key, which names the source).</param>
/// <param name="EventType">Journal <c>event_type</c> (kebab-case).</param>
/// <param name="Actor">Who did it ("role:subject", or a system actor).</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="Cell">The cell, when the event has one.</param>
/// <param name="Community">The community, when the event has one.</param>
/// <param name="Payload">The event's JSON payload.</param>
public sealed record JournalEntry(JournalPosition Position, string EntityType, string EntityId, string EventType, string Actor, DateTimeOffset OccurredAt, string? Cell, string? Community, string Payload)
{
    /// <summary>The journal <c>seq</c>, which is the event's id on the stream.</summary>
    public long Seq => Position.Seq;
}

/// <summary>Reads the journal in gap-free order (deploy/sql/0005_journal_tail.sql): only rows no open transaction can still precede.</summary>
public sealed class JournalReader(NpgsqlDataSource dataSource)
{
    // txid is read and bound as xid8 itself (Npgsql maps it to ulong), never as text: text sorts "1000" before
    // "998". That was a real bug: with `txid::text` in the select list, `ORDER BY txid` bound to that output
    // column (PostgreSQL resolves a bare ORDER BY name to an output column before a table column), so pages
    // whose xids differed in digit count came out of order, and a page's last row, the next cursor, was not its
    // greatest position: rows between were skipped. Orderings below also name the table's columns explicitly.
    private const string Columns = "journal.seq, journal.txid, entity_type, entity_id, event_type, actor, occurred_at, cell, community, payload::text";

    private const string ReadingOrder = "ORDER BY journal.txid, journal.seq";

    /// <summary>The oldest transaction still running on the server: every row written below it is final (committed, or never will be).</summary>
    public async Task<ulong> HorizonAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_snapshot_xmin(pg_current_snapshot())");
        return (ulong)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> rows of <paramref name="eventTypes"/> after <paramref name="after"/> and below
    /// <paramref name="horizon"/> (a value from <see cref="HorizonAsync"/>), in reading order.
    /// </summary>
    public Task<IReadOnlyList<JournalEntry>> ReadFinalAsync(JournalPosition after, ulong horizon, IReadOnlyCollection<string> eventTypes, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT {Columns} FROM journal WHERE (journal.txid, journal.seq) > (@afterTx, @afterSeq) AND journal.txid < @horizon AND event_type = ANY(@types) {ReadingOrder} LIMIT @limit",
            after, horizon, null, eventTypes, limit, cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> rows of <paramref name="eventTypes"/> after <paramref name="after"/> up to and
    /// including <paramref name="upTo"/>, in reading order. <paramref name="upTo"/> must be a position already
    /// read as final (everything before it is settled), such as the tail's head.
    /// </summary>
    public Task<IReadOnlyList<JournalEntry>> ReadRangeAsync(JournalPosition after, JournalPosition upTo, IReadOnlyCollection<string> eventTypes, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT {Columns} FROM journal WHERE (journal.txid, journal.seq) > (@afterTx, @afterSeq) AND (journal.txid, journal.seq) <= (@uptoTx, @uptoSeq) AND event_type = ANY(@types) {ReadingOrder} LIMIT @limit",
            after, null, upTo, eventTypes, limit, cancellationToken);

    /// <summary>The position of the row with <paramref name="seq"/>, or null when there is none.</summary>
    public async Task<JournalPosition?> PositionOfAsync(long seq, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT txid FROM journal WHERE seq = @seq");
        command.Parameters.AddWithValue("seq", seq);
        return await command.ExecuteScalarAsync(cancellationToken) is ulong txid ? new JournalPosition(txid, seq) : null;
    }

    private async Task<IReadOnlyList<JournalEntry>> QueryAsync(string sql, JournalPosition after, ulong? horizon, JournalPosition? upTo, IReadOnlyCollection<string> eventTypes, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(Xid8("afterTx", after.Txid));
        command.Parameters.AddWithValue("afterSeq", after.Seq);
        if (horizon is { } h)
        {
            command.Parameters.Add(Xid8("horizon", h));
        }

        if (upTo is { } u)
        {
            command.Parameters.Add(Xid8("uptoTx", u.Txid));
            command.Parameters.AddWithValue("uptoSeq", u.Seq);
        }

        command.Parameters.AddWithValue("types", eventTypes.ToArray());
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<JournalEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new JournalEntry(
                new JournalPosition(reader.GetFieldValue<ulong>(1), reader.GetInt64(0)),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetString(9)));
        }

        return rows;
    }

    private static NpgsqlParameter<ulong> Xid8(string name, ulong value) => new(name, NpgsqlTypes.NpgsqlDbType.Xid8) { TypedValue = value };
}
