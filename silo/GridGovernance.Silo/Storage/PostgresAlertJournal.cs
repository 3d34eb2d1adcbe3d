using GridGovernance.Contracts.CommandCentre;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Geography;
using GridGovernance.Grains.CommandCentre;
using Npgsql;

namespace GridGovernance.Silo.Storage;

/// <summary>
/// Reads a community's alerts of a month from the journal (deploy/sql/0004): the rows the alert grains wrote with their
/// state, so they are the record the in-memory counts are checked against. One query on the
/// <c>journal_community_time</c> index per community and reconciliation.
/// </summary>
public sealed class PostgresAlertJournal(NpgsqlDataSource dataSource) : IAlertJournal
{
    private const string Sql = """
        SELECT cell, entity_id, event_type = 'alert-resolved', coalesce((payload ->> 'onTime')::boolean, false)
        FROM journal
        WHERE community = @community AND occurred_at >= @from AND occurred_at < @to
          AND entity_type = 'alert' AND event_type IN ('alert-raised', 'alert-resolved') AND cell IS NOT NULL
        """;

    public async Task<IReadOnlyDictionary<CellCode, AlertMonthRecord>?> ReadMonthAsync(CommunityCode community, string month, CancellationToken cancellationToken)
    {
        var first = Instants.ParseMonth(month) ?? throw new ArgumentException($"'{month}' is not a month (YYYY-MM).", nameof(month));
        var from = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), Instants.ChinaOffset);
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddWithValue("community", community.Value);
        command.Parameters.AddWithValue("from", from.UtcDateTime);
        command.Parameters.AddWithValue("to", from.AddMonths(1).UtcDateTime);

        var cells = new Dictionary<string, (List<string> Raised, List<string> OnTime, List<string> Late)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var cell = reader.GetString(0);
            if (!cells.TryGetValue(cell, out var keys))
            {
                cells[cell] = keys = ([], [], []);
            }

            var key = reader.GetString(1);
            (reader.GetBoolean(2) ? reader.GetBoolean(3) ? keys.OnTime : keys.Late : keys.Raised).Add(key);
        }

        return cells.ToDictionary(c => new CellCode(c.Key), c => new AlertMonthRecord(month, c.Value.Raised, c.Value.OnTime, c.Value.Late));
    }
}
