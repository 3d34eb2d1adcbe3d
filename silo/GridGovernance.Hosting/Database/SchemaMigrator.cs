using Microsoft.Extensions.Logging;
using Npgsql;

namespace GridGovernance.Hosting.Database;

/// <summary>What a migration run did.</summary>
public sealed record MigrationResult(IReadOnlyList<Migration> Applied, int CurrentVersion);

/// <summary>
/// Applies the numbered migrations in order. Each runs in its own transaction together with its row in
/// <c>schema_migrations</c>, so a failing script leaves nothing half-applied; a session advisory lock makes
/// concurrent runs (two silos starting, two operators) wait for each other instead of racing.
/// </summary>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    /// <summary>Advisory lock key: "GGMIGRAT" as ASCII.</summary>
    public const long AdvisoryLockKey = 0x4747_4D49_4752_4154;

    /// <summary>Applies every migration not yet recorded.</summary>
    public Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken = default) =>
        MigrateAsync(Migration.Embedded(), cancellationToken);

    /// <summary>Applies the given migrations (tests pass their own lists).</summary>
    public async Task<MigrationResult> MigrateAsync(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken = default)
    {
        await using var connection = await DatabasePreflight.OpenAsync(dataSource, cancellationToken);

        await ExecuteAsync(connection, "SELECT pg_advisory_lock(@key)", cancellationToken, ("key", AdvisoryLockKey));
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);

            var applied = await ReadAppliedAsync(connection, cancellationToken);
            Verify(migrations, applied);

            var done = new List<Migration>();
            foreach (var migration in migrations.Where(m => !applied.ContainsKey(m.Version)))
            {
                await ApplyAsync(connection, migration, cancellationToken);
                done.Add(migration);
            }

            var current = migrations.Count == 0 ? 0 : migrations[^1].Version;
            LogUpToDate(logger, current, done.Count);
            return new MigrationResult(done, current);
        }
        finally
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", AdvisoryLockKey));
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        LogApplying(logger, migration.Version, migration.Name);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var script = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await script.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum)", connection, transaction))
            {
                record.Parameters.AddWithValue("version", migration.Version);
                record.Parameters.AddWithValue("name", migration.Name);
                record.Parameters.AddWithValue("checksum", migration.Checksum);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException ex)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            throw new MigrationException(
                $"Migration {migration.Version:D4}_{migration.Name}.sql failed and was rolled back: {ex.MessageText}" +
                (ex.Position > 0 ? $" (at character {ex.Position})" : string.Empty) +
                (ex.Detail is { Length: > 0 } detail ? $". {detail}" : string.Empty), ex);
        }
    }

    private static void Verify(IReadOnlyList<Migration> migrations, Dictionary<int, (string Name, string Checksum)> applied)
    {
        var known = migrations.ToDictionary(m => m.Version);
        foreach (var (version, row) in applied.OrderBy(kv => kv.Key))
        {
            if (!known.TryGetValue(version, out var migration))
            {
                throw new MigrationException(
                    $"The database has migration {version:D4}_{row.Name}, which this build does not know: it is newer than this build. Deploy the newer build instead.");
            }

            if (migration.Checksum != row.Checksum)
            {
                throw new MigrationException(
                    $"Migration {version:D4}_{migration.Name}.sql was changed after it was applied (checksum {row.Checksum[..12]} in the database, {migration.Checksum[..12]} in this build). Never edit an applied migration: add a new one.");
            }
        }
    }

    private static async Task<Dictionary<int, (string Name, string Checksum)>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, (string, string)>();
        await using var command = new NpgsqlCommand("SELECT version, name, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying migration {Version:D4}_{Name}")]
    private static partial void LogApplying(ILogger logger, int version, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema at version {Version} ({Applied} migration(s) applied now)")]
    private static partial void LogUpToDate(ILogger logger, int version, int applied);
}

/// <summary>A migration could not be applied; the message names the file and the cause.</summary>
public sealed class MigrationException(string message, Exception? innerException = null) : Exception(message, innerException);
