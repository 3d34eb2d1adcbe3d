using Npgsql;
using NpgsqlTypes;

namespace GridGovernance.Api.Rankings;

/// <summary>One judged deadline of a month, as the journal tells it, with the worker and officer it is counted against.</summary>
/// <param name="EntityType">Journal <c>entity_type</c>: <c>property</c> or <c>person</c>.</param>
/// <param name="EntityId">Journal <c>entity_id</c> (the id, 32 hex digits).</param>
/// <param name="Deadline">The deadline's id within the entity.</param>
/// <param name="Kind">The deadline's kind (<c>DeadlineKind</c> name).</param>
/// <param name="Rule">The rule it rests on.</param>
/// <param name="DueAt">When it was due.</param>
/// <param name="DoneAt">When it was completed, if it was.</param>
/// <param name="Status"><c>onTime</c>, <c>late</c> or <c>overdue</c>.</param>
/// <param name="Cell">The entity's cell at its last event about this deadline.</param>
/// <param name="Community">That cell's community.</param>
/// <param name="Worker">The grid worker (token subject) of the entity's last visit before it was done (or now).</param>
/// <param name="Officer">A person's officer (token subject) at that time.</param>
public sealed record RankingItem(string EntityType, string EntityId, string Deadline, string Kind, string Rule, DateTimeOffset DueAt, DateTimeOffset? DoneAt,
    string Status, string? Cell, string? Community, string? Worker, string? Officer)
{
    /// <summary>"property:&lt;id&gt;" or "person:&lt;id&gt;".</summary>
    public string Entity => EntityType + ":" + EntityId;
}

/// <summary>
/// Reads a month's judged deadlines from the journal: each deadline of a property or person that fell due in the
/// month and was completed (<c>deadline-completed</c>: on time when <c>Met</c>, else late) or missed
/// (<c>deadline-missed</c> and not completed since: overdue). Withdrawn ones (<c>deadline-cancelled</c>) do not count.
/// The worker is the actor of the entity's last visit (<c>visit-recorded</c> by a grid worker) up to completion; the
/// officer the last <c>person-enrolled</c>/<c>officer-assigned</c> one.
/// </summary>
public sealed class RankingReader(NpgsqlDataSource dataSource)
{
    private const string Sql = """
        WITH ev AS (
            SELECT seq, entity_type, entity_id, event_type, occurred_at, cell, community, payload,
                   payload->>'deadline' AS deadline, payload->>'dueAt' AS due_text
            FROM journal
            WHERE event_type IN ('deadline-missed', 'deadline-completed', 'deadline-cancelled')
              AND entity_type IN ('property', 'person')
              AND (payload->>'dueAt')::timestamptz >= @from AND (payload->>'dueAt')::timestamptz < @to
        ), items AS (
            SELECT entity_type, entity_id, deadline,
                   (array_agg(payload->>'kind' ORDER BY seq DESC))[1] AS kind,
                   (array_agg(payload->>'rule' ORDER BY seq DESC))[1] AS rule,
                   max(due_text::timestamptz) AS due_at,
                   max(occurred_at) FILTER (WHERE event_type = 'deadline-completed') AS done_at,
                   bool_or(event_type = 'deadline-completed' AND payload->>'status' = 'Met') AS met,
                   bool_or(event_type = 'deadline-completed') AS completed,
                   bool_or(event_type = 'deadline-missed') AS missed,
                   bool_or(event_type = 'deadline-cancelled') AS cancelled,
                   (array_agg(cell ORDER BY seq DESC))[1] AS cell,
                   (array_agg(community ORDER BY seq DESC))[1] AS community
            FROM ev
            GROUP BY entity_type, entity_id, deadline, due_text
        )
        SELECT i.entity_type, i.entity_id, i.deadline, i.kind, i.rule, i.due_at, i.done_at,
               CASE WHEN i.completed AND i.met THEN 'onTime' WHEN i.completed THEN 'late' ELSE 'overdue' END,
               i.cell, i.community, w.worker, o.officer
        FROM items i
        LEFT JOIN LATERAL (
            SELECT substr(v.actor, length('grid-worker:') + 1) AS worker
            FROM journal v
            WHERE v.entity_type = i.entity_type AND v.entity_id = i.entity_id AND v.event_type = 'visit-recorded'
              AND v.actor LIKE 'grid-worker:%' AND v.occurred_at <= coalesce(i.done_at, @now)
            ORDER BY v.seq DESC LIMIT 1) w ON true
        LEFT JOIN LATERAL (
            SELECT CASE WHEN p.event_type = 'officer-assigned' THEN p.payload->>'to' ELSE p.payload->>'officer' END AS officer
            FROM journal p
            WHERE i.entity_type = 'person' AND p.entity_type = 'person' AND p.entity_id = i.entity_id
              AND p.event_type IN ('person-enrolled', 'officer-assigned') AND p.occurred_at <= coalesce(i.done_at, @now)
            ORDER BY p.seq DESC LIMIT 1) o ON true
        WHERE (i.completed OR (i.missed AND NOT i.cancelled))
          AND (@community IS NULL OR i.community = @community)
        ORDER BY i.due_at, i.entity_type, i.entity_id, i.deadline
        """;

    /// <summary>The judged deadlines due in [<paramref name="from"/>, <paramref name="to"/>), of one community or all.</summary>
    public async Task<IReadOnlyList<RankingItem>> ReadAsync(DateTimeOffset from, DateTimeOffset to, string? community, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = from.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = to.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter("community", NpgsqlDbType.Text) { Value = (object?)community ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<RankingItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new RankingItem(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? "" : reader.GetString(2),
                reader.IsDBNull(3) ? "" : reader.GetString(3),
                reader.IsDBNull(4) ? "" : reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11)));
        }

        return items;
    }
}
