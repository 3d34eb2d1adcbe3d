using System.Globalization;
using System.Text.Json;
using GridGovernance.Api.Audit;
using GridGovernance.Contracts.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGovernance.Api.People;

/// <summary>
/// A person's case history: their journal rows, newest first, paged by <c>seq</c> (keyset: <c>before</c> is the
/// smallest seq already shown). Reads of the record (<c>person-record-read</c>) are left out: they are the auditors'
/// business (<c>GET /api/v1/audit</c>), and reading the history must not grow the history being read. Location data in
/// the details is withheld from callers who may not see the person's (CC-31, <see cref="JournalRedaction"/>).
/// </summary>
public static class PersonHistory
{
    /// <summary>Rows per page when <c>limit</c> is not given.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The most rows one page returns.</summary>
    public const int MaxLimit = 200;

    private const string Query =
        "SELECT seq, event_type, occurred_at, actor, payload::text FROM journal " +
        "WHERE entity_type = 'person' AND entity_id = $1 AND event_type <> '" + AccessAudit.PersonRecordRead + "' AND seq < $2 " +
        "ORDER BY seq DESC LIMIT $3";

    /// <summary>The paging parameters, or the 400 naming the one at fault.</summary>
    public static (Paging? Paging, ProblemHttpResult? Problem) Parse(string? before, string? limit)
    {
        var beforeSeq = long.MaxValue;
        if (before is not null && (!long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out beforeSeq) || beforeSeq < 1))
        {
            return (null, Problems.Problems.Invalid("before", "before is the next value of an earlier page (a whole number ≥ 1)."));
        }

        var size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            return (null, Problems.Problems.Invalid("limit", $"limit is a whole number from 1 to {MaxLimit}."));
        }

        return (new Paging(beforeSeq, size), null);
    }

    /// <summary>One page of the person's history; location data withheld unless <paramref name="location"/>.</summary>
    public static async Task<PersonHistoryPage> ReadAsync(NpgsqlDataSource dataSource, PersonId person, Paging paging, bool location, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Query);
        command.Parameters.Add(new NpgsqlParameter { Value = person.Value.ToString("N") });
        command.Parameters.Add(new NpgsqlParameter { Value = paging.Before });
        // One row more than asked tells whether another page follows.
        command.Parameters.Add(new NpgsqlParameter { Value = paging.Limit + 1 });
        var items = new List<PersonHistoryItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var type = reader.GetString(1);
            using var document = JsonDocument.Parse(reader.GetString(4));
            var details = location ? document.RootElement.Clone() : JournalRedaction.Redact("person", type, document.RootElement).Clone();
            items.Add(new PersonHistoryItem(reader.GetInt64(0), type, reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), Rule(details), Summary(type, details), details));
        }

        var more = items.Count > paging.Limit;
        var page = more ? items[..paging.Limit] : items;
        return new PersonHistoryPage(page, more ? page[^1].Seq : null);
    }

    /// <summary>The rule id the event carries (<c>rule</c> in its payload), if any.</summary>
    public static string? Rule(JsonElement details) =>
        details.ValueKind == JsonValueKind.Object && details.TryGetProperty("rule", out var rule) && rule.ValueKind == JsonValueKind.String ? rule.GetString() : null;

    /// <summary>
    /// One line for a list: the event type in words, with what kind of thing it was about when the payload says
    /// (<c>sanction-proposed</c> of a warning under CC-20: "Sanction proposed: Warning (CC-20)").
    /// </summary>
    public static string Summary(string type, JsonElement details)
    {
        var words = type.Replace('-', ' ');
        var text = words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
        if (details.ValueKind == JsonValueKind.Object && details.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String)
        {
            text += ": " + kind.GetString();
        }

        return Rule(details) is { } rule ? $"{text} ({rule})" : text;
    }

    /// <summary>Where a page starts and how long it is.</summary>
    /// <param name="Before">Only rows with a smaller seq.</param>
    /// <param name="Limit">Rows per page.</param>
    public sealed record Paging(long Before, int Limit);
}

/// <summary>A page of a person's case history.</summary>
/// <param name="Items">Events, newest first.</param>
/// <param name="Next">The <c>before</c> value of the next (older) page, or null when this is the last.</param>
public sealed record PersonHistoryPage(IReadOnlyList<PersonHistoryItem> Items, long? Next);

/// <summary>One event of a person's case.</summary>
/// <param name="Seq">Recording order; the paging cursor.</param>
/// <param name="Type">What happened, e.g. <c>sanction-proposed</c>.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="Actor">Who ("role:subject", or "system:…").</param>
/// <param name="Rule">The rule id the event carries, e.g. <c>CC-20</c>; null when none.</param>
/// <param name="Summary">One line for a list.</param>
/// <param name="Details">The event's payload; location data withheld (<c>locationWithheld: true</c>) from callers who may not see it (CC-31).</param>
public sealed record PersonHistoryItem(long Seq, string Type, DateTimeOffset At, string Actor, string? Rule, string Summary, JsonElement Details);
