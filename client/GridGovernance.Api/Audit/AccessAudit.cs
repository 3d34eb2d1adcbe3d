using System.Data.Common;
using System.Text.Json;
using GridGovernance.Api.Security;
using GridGovernance.Contracts.Supervision;
using Npgsql;
using NpgsqlTypes;

namespace GridGovernance.Api.Audit;

/// <summary>One read of a monitored person's record: who was read, and the break-glass grant that allowed it, if one did.</summary>
/// <param name="Person">The person read.</param>
/// <param name="Access">How the caller was allowed (own scope or break-glass).</param>
/// <param name="LocationIncluded">Whether the answer carried the person's location data (home point, trips; CC-31).</param>
public sealed record PersonRead(PersonSummary Person, Access Access, bool LocationIncluded);

/// <summary>
/// Records every read of a monitored person's record in the journal, tied to a named user and a purpose, BEFORE
/// the data is returned (PI-10, CC-37). Fail closed: when the row cannot be written the read fails (503), so no
/// read goes unrecorded. Rows use the person grain's own <c>entity_type</c>/<c>entity_id</c>, so a person's
/// history and the reads of it are one query.
/// </summary>
public sealed partial class AccessAudit(NpgsqlDataSource dataSource, TimeProvider time, ILogger<AccessAudit> logger)
{
    /// <summary>The journal <c>event_type</c> of a read.</summary>
    public const string PersonRecordRead = "person-record-read";

    /// <summary>The journal <c>event_type</c> of an auditor's query of the journal.</summary>
    public const string AuditQueried = "audit-queried";

    private static readonly JsonSerializerOptions PayloadOptions = new(JsonSerializerDefaults.Web);

    private const string InsertQuery =
        "INSERT INTO journal (event_id, entity_type, entity_id, event_type, actor, occurred_at, cell, community, payload) " +
        "VALUES ($1, 'audit', 'journal', '" + AuditQueried + "', $2, $3, NULL, NULL, $4)";

    private const string Insert =
        "INSERT INTO journal (event_id, entity_type, entity_id, event_type, actor, occurred_at, cell, community, payload) " +
        "VALUES ($1, 'person', $2, '" + PersonRecordRead + "', $3, $4, $5, $6, $7)";

    /// <summary>
    /// Writes one row per read, all or none (one implicit transaction). False when the database did not take them:
    /// the caller must then refuse the read.
    /// </summary>
    /// <param name="caller">Who reads.</param>
    /// <param name="purpose">Why (required by the endpoints).</param>
    /// <param name="operation">The API operation that read (e.g. <c>GetPerson</c>).</param>
    /// <param name="reads">The people read.</param>
    /// <param name="cancellationToken">Cancels the write (the read then fails too).</param>
    public async Task<bool> TryRecordAsync(GridCaller caller, string purpose, string operation, IReadOnlyList<PersonRead> reads, CancellationToken cancellationToken)
    {
        if (reads.Count == 0)
        {
            return true;
        }

        var now = time.GetUtcNow();
        try
        {
            await using var batch = dataSource.CreateBatch();
            foreach (var read in reads)
            {
                var payload = JsonSerializer.Serialize(new
                {
                    role = caller.Role,
                    purpose,
                    operation,
                    breakGlass = read.Access.Grant?.GrantId,
                    location = read.LocationIncluded,
                }, PayloadOptions);
                var command = new NpgsqlBatchCommand(Insert);
                command.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7(now) });
                command.Parameters.Add(new NpgsqlParameter { Value = read.Person.Id.ToString() });
                command.Parameters.Add(new NpgsqlParameter { Value = caller.Actor });
                command.Parameters.Add(new NpgsqlParameter { Value = now });
                command.Parameters.Add(new NpgsqlParameter { Value = (object?)read.Person.Cell?.Value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = (object?)read.Person.Community?.Value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = payload, NpgsqlDbType = NpgsqlDbType.Jsonb });
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is DbException or TimeoutException)
        {
            LogAuditFailed(logger, operation, exception);
            return false;
        }
    }

    /// <summary>
    /// Records one query of the audit trail (who, the filters as given, how many rows it returned) as a journal row
    /// <c>audit:journal</c> / <c>audit-queried</c>, so the auditors' own reads are auditable. False when the database
    /// did not take it: the caller must then refuse the query (fail closed, like a person read).
    /// </summary>
    /// <param name="caller">The auditor.</param>
    /// <param name="filters">The query's parameters (only those given).</param>
    /// <param name="rows">How many rows the page returned.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<bool> TryRecordAuditQueryAsync(GridCaller caller, IReadOnlyDictionary<string, string> filters, int rows, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            await using var command = dataSource.CreateCommand(InsertQuery);
            command.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7(now) });
            command.Parameters.Add(new NpgsqlParameter { Value = caller.Actor });
            command.Parameters.Add(new NpgsqlParameter { Value = now });
            command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(new { role = caller.Role, filters, rows }, PayloadOptions), NpgsqlDbType = NpgsqlDbType.Jsonb });
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is DbException or TimeoutException)
        {
            LogAuditFailed(logger, "ListAuditEvents", exception);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit row of a person read ({Operation}) could not be written; the read was refused.")]
    private static partial void LogAuditFailed(ILogger logger, string operation, Exception exception);
}

/// <summary>Records reads of personal data in the journal.</summary>
public static class AccessAuditExtensions
{
    /// <summary>Registers the audit writer (it uses the gateway's one <see cref="NpgsqlDataSource"/>).</summary>
    public static IServiceCollection AddAccessAudit(this IServiceCollection services) => services.AddSingleton<AccessAudit>();
}
