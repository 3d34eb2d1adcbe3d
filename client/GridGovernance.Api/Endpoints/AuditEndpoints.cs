using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GridGovernance.Api.Audit;
using GridGovernance.Api.People;
using GridGovernance.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Problem = GridGovernance.Api.Problems.Problems;

namespace GridGovernance.Api.Endpoints;

/// <summary>The audit trail, for auditors: the journal (every accepted change, every read of a person's record, every reveal).</summary>
public static partial class AuditEndpoints
{
    /// <summary>The most rows one page returns.</summary>
    public const int MaxLimit = 500;

    public static RouteGroupBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization().RequireRateLimiting(RateLimits.PerUser);
        group.MapGet("/", ListAuditEventsAsync).WithName("ListAuditEvents")
            .WithSummary("Journal rows, oldest first, filtered by entity, actor, event type and time; paged by seq (pass the last seq as after). A person's location data is withheld (CC-31); each query is itself journaled (audit-queried).");
        return group;
    }

    /// <summary>
    /// Journal rows in recording order (oldest first, so a page never shifts under a reader that resumes with
    /// <paramref name="after"/>). Every parameter is checked before the database is asked. A caller without district
    /// reach of ReadCorrectionLocation (auditors) gets people's location data withheld (<see cref="JournalRedaction"/>).
    /// The query itself is journaled (<c>audit-queried</c>: who, the filters, how many rows) before the page is
    /// returned; when that row cannot be written the query is refused (503).
    /// </summary>
    /// <param name="entity">"&lt;type&gt;:&lt;id&gt;", e.g. <c>person:&lt;uuid&gt;</c>.</param>
    /// <param name="actor">Who did it, e.g. <c>grid-worker:w-17</c>.</param>
    /// <param name="type">Event type, e.g. <c>person-record-read</c>.</param>
    /// <param name="from">Occurred at or after (ISO 8601 with offset).</param>
    /// <param name="to">Occurred before (ISO 8601 with offset).</param>
    /// <param name="after">Only rows with a larger seq (the cursor).</param>
    /// <param name="limit">Rows per page, 1–500 (default 100).</param>
    /// <param name="caller">The caller.</param>
    /// <param name="guard">The scope guard.</param>
    /// <param name="dataSource">The database.</param>
    /// <param name="audit">Journals the query.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> ListAuditEventsAsync(
        string? entity, string? actor, string? type, string? from, string? to, string? after, string? limit,
        GridCaller caller, ScopeGuard guard, NpgsqlDataSource dataSource, AccessAudit audit, CancellationToken cancellationToken)
    {
        var access = await guard.CheckAsync(caller, Capability.ReadAudit, ScopeTarget.District, cancellationToken);
        if (!access.Allowed)
        {
            return Problem.Denied(access);
        }

        var (query, field, detail) = Parse(entity, actor, type, from, to, after, limit);
        if (query is null)
        {
            return Problem.Invalid(field!, detail!);
        }

        var page = await QueryAsync(dataSource, query, cancellationToken);
        if (AccessPolicy.Reach(caller.Role, Capability.ReadCorrectionLocation) != ScopeKind.District)
        {
            page = page with { Items = [.. page.Items.Select(e => e with { Payload = JournalRedaction.Redact(e.Entity[..e.Entity.IndexOf(':', StringComparison.Ordinal)], e.EventType, e.Payload) })] };
        }

        var filters = new Dictionary<string, string?> { ["entity"] = entity, ["actor"] = actor, ["type"] = type, ["from"] = from, ["to"] = to, ["after"] = after, ["limit"] = limit }
            .Where(f => f.Value is not null)
            .ToDictionary(f => f.Key, f => f.Value!, StringComparer.Ordinal);
        return await audit.TryRecordAuditQueryAsync(caller, filters, page.Items.Count, cancellationToken)
            ? TypedResults.Ok(page)
            : PersonGate.AuditUnavailable();
    }

    private static (AuditQuery? Query, string? Field, string? Detail) Parse(string? entity, string? actor, string? type, string? from, string? to, string? after, string? limit)
    {
        static (AuditQuery?, string?, string?) Fail(string field, string detail) => (null, field, detail);

        string? entityType = null, entityId = null;
        if (entity is not null)
        {
            var colon = entity.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == entity.Length - 1 || entity.Length > 300 || !TypeName().IsMatch(entity[..colon]))
            {
                return Fail("entity", "entity is <type>:<id>, e.g. person:<uuid>.");
            }

            entityType = entity[..colon];
            entityId = entity[(colon + 1)..];
            // Journal ids of properties and people are UUIDs without hyphens; accept any UUID form.
            if (entityType is "person" or "property" && Guid.TryParse(entityId, out var guid))
            {
                entityId = guid.ToString("N");
            }
        }

        if (actor is not null && (actor.Length is 0 or > 300))
        {
            return Fail("actor", "actor is role:subject, at most 300 characters.");
        }

        if (type is not null && (type.Length > 100 || !TypeName().IsMatch(type)))
        {
            return Fail("type", "type is an event type such as person-record-read (lowercase letters, digits, hyphens).");
        }

        DateTimeOffset? fromAt = null, toAt = null;
        if (from is not null)
        {
            if (!DateTimeOffset.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            {
                return Fail("from", "from is an ISO 8601 instant, e.g. 2026-03-02T09:00:00+08:00.");
            }

            // Npgsql takes only UTC instants for timestamptz: +08:00 is the same instant in UTC.
            fromAt = value.ToUniversalTime();
        }

        if (to is not null)
        {
            if (!DateTimeOffset.TryParse(to, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            {
                return Fail("to", "to is an ISO 8601 instant, e.g. 2026-03-02T18:00:00+08:00.");
            }

            toAt = value.ToUniversalTime();
        }

        if (fromAt > toAt)
        {
            return Fail("to", "to must not be before from.");
        }

        long afterSeq = 0;
        if (after is not null && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterSeq) || afterSeq < 0))
        {
            return Fail("after", "after is a seq from an earlier page (a whole number ≥ 0).");
        }

        var size = 100;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            return Fail("limit", $"limit is a whole number from 1 to {MaxLimit}.");
        }

        return (new AuditQuery(entityType, entityId, actor, type, fromAt, toAt, afterSeq, size), null, null);
    }

    private static async Task<AuditPage> QueryAsync(NpgsqlDataSource dataSource, AuditQuery q, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("SELECT seq, event_type, entity_type, entity_id, actor, occurred_at, cell, community, payload::text FROM journal WHERE seq > $1");
        await using var command = dataSource.CreateCommand();
        command.Parameters.Add(new NpgsqlParameter { Value = q.After });
        void Where(string clause, object value)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
            sql.Append(CultureInfo.InvariantCulture, $" AND {clause} ${command.Parameters.Count}");
        }

        if (q.EntityType is not null)
        {
            Where("entity_type =", q.EntityType);
            Where("entity_id =", q.EntityId!);
        }

        if (q.Actor is not null)
        {
            Where("actor =", q.Actor);
        }

        if (q.Type is not null)
        {
            Where("event_type =", q.Type);
        }

        if (q.From is { } fromAt)
        {
            Where("occurred_at >=", fromAt);
        }

        if (q.To is { } toAt)
        {
            Where("occurred_at <", toAt);
        }

        // One row more than asked tells whether another page follows.
        sql.Append(CultureInfo.InvariantCulture, $" ORDER BY seq LIMIT {q.Limit + 1}");
        command.CommandText = sql.ToString();
        var rows = new List<AuditEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            using var payload = JsonDocument.Parse(reader.GetString(8));
            rows.Add(new AuditEvent(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2) + ":" + reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                payload.RootElement.Clone()));
        }

        var more = rows.Count > q.Limit;
        var page = more ? rows[..q.Limit] : rows;
        return new AuditPage(page, more ? page[^1].Seq : null);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex TypeName();

    private sealed record AuditQuery(string? EntityType, string? EntityId, string? Actor, string? Type, DateTimeOffset? From, DateTimeOffset? To, long After, int Limit);
}

/// <summary>A page of the audit trail.</summary>
/// <param name="Items">Rows, oldest first.</param>
/// <param name="Next">The <c>after</c> value of the next page, or null when this is the last.</param>
public sealed record AuditPage(IReadOnlyList<AuditEvent> Items, long? Next);

/// <summary>One journal row.</summary>
/// <param name="Seq">Recording order; the paging cursor.</param>
/// <param name="EventType">What happened, e.g. <c>person-record-read</c>.</param>
/// <param name="Entity">"&lt;type&gt;:&lt;id&gt;".</param>
/// <param name="Actor">Who ("role:subject", or "system:…").</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Cell">The entity's cell then.</param>
/// <param name="Community">Its community then.</param>
/// <param name="Payload">The event's details (for a read: role, purpose, operation, breakGlass).</param>
public sealed record AuditEvent(long Seq, string EventType, string Entity, string Actor, DateTimeOffset OccurredAt, string? Cell, string? Community, JsonElement Payload);
