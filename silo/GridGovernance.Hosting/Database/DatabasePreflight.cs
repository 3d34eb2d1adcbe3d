using System.Net.Sockets;
using Npgsql;

namespace GridGovernance.Hosting.Database;

/// <summary>
/// Checks, before a host starts Orleans, that the database answers and carries this build's schema, and
/// turns the usual faults into one sentence that names the cause.
/// </summary>
public static class DatabasePreflight
{
    /// <summary>Opens a connection or throws a <see cref="StartupException"/> that says why not.</summary>
    public static async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        var where = Describe(dataSource.ConnectionString);
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            throw new StartupException($"PostgreSQL at {where} has no such database: {ex.MessageText}.", ex);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            throw new StartupException($"PostgreSQL at {where} refused the login: {ex.MessageText}.", ex);
        }
        catch (NpgsqlException ex) when (ex.InnerException is SocketException socket)
        {
            throw new StartupException(
                $"Cannot reach PostgreSQL at {where}: {socket.SocketErrorCode}. Is it running, and is ConnectionStrings:{GridDataSource.ConnectionName} right?", ex);
        }
        catch (NpgsqlException ex)
        {
            throw new StartupException($"Cannot open a connection to PostgreSQL at {where}: {ex.Message}", ex);
        }
        catch (TimeoutException ex)
        {
            throw new StartupException($"PostgreSQL at {where} did not answer in time.", ex);
        }
    }

    /// <summary>
    /// Fails unless every migration this build ships has been applied: a silo must never start on an
    /// older schema (its queries would be missing) or a schema changed under it.
    /// </summary>
    public static async Task EnsureSchemaAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        var expected = Migration.Embedded();
        await using var connection = await OpenAsync(dataSource, cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(max(version), 0) FROM schema_migrations", connection);
        int applied;
        try
        {
            applied = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            applied = 0;
        }

        var latest = expected.Count == 0 ? 0 : expected[^1].Version;
        if (applied < latest)
        {
            throw new StartupException(
                $"The database at {Describe(dataSource.ConnectionString)} is at schema version {applied}, this build needs {latest}. Run `gridgov migrate` first.");
        }
    }

    /// <summary>host:port/database, without credentials.</summary>
    public static string Describe(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{csb.Host}:{csb.Port}/{csb.Database}";
    }
}
