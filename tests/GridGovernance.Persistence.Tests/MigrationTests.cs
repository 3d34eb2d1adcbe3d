using GridGovernance.Hosting;
using GridGovernance.Hosting.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GridGovernance.Persistence.Tests;

public sealed class MigrationTests(PostgresServer postgres)
{
    private static SchemaMigrator Migrator(NpgsqlDataSource dataSource) => new(dataSource, NullLogger<SchemaMigrator>.Instance);

    [Fact]
    public async Task Migrate_OnEmptyDatabase_AppliesEveryShippedMigrationAndRecordsIt()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync(migrate: false));

        var result = await Migrator(dataSource).MigrateAsync(TestContext.Current.CancellationToken);

        var shipped = Migration.Embedded();
        Assert.True(shipped.Count >= 3, "deploy/sql should ship at least the three Orleans migrations");
        Assert.Equal(shipped.Select(m => m.Version), result.Applied.Select(m => m.Version));
        var recorded = await QueryAsync(dataSource, "SELECT version || ':' || checksum FROM schema_migrations ORDER BY version");
        Assert.Equal(shipped.Select(m => $"{m.Version}:{m.Checksum}"), recorded);
    }

    [Fact]
    public async Task Migrate_RunTwice_SecondRunAppliesNothing()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync(migrate: false));
        await Migrator(dataSource).MigrateAsync(TestContext.Current.CancellationToken);

        var second = await Migrator(dataSource).MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Empty(second.Applied);
        Assert.Equal(Migration.Embedded()[^1].Version, second.CurrentVersion);
    }

    [Fact]
    public async Task Migrate_FourRunnersAtOnce_EachMigrationAppliedExactlyOnce()
    {
        var connectionString = await postgres.CreateDatabaseAsync(migrate: false);
        var sources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(connectionString)).ToList();
        try
        {
            var results = await Task.WhenAll(sources.Select(s => Migrator(s).MigrateAsync(TestContext.Current.CancellationToken)));

            Assert.Equal(Migration.Embedded().Count, results.Sum(r => r.Applied.Count));
            Assert.Equal(
                Migration.Embedded().Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Assert.Single(await QueryAsync(sources[0], "SELECT count(*) FROM schema_migrations")));
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Migrate_ScriptFailsHalfWay_NothingOfItIsAppliedAndTheErrorNamesTheFile()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync(migrate: false));
        var migrations = new[]
        {
            new Migration(1, "good", "CREATE TABLE good_one (id int);"),
            new Migration(2, "broken", "CREATE TABLE half_done (id int); INSERT INTO half_done VALUES (1); SELECT * FROM no_such_table;"),
            new Migration(3, "after", "CREATE TABLE after_broken (id int);"),
        };

        var error = await Assert.ThrowsAsync<MigrationException>(() => Migrator(dataSource).MigrateAsync(migrations, TestContext.Current.CancellationToken));

        Assert.Contains("0002_broken.sql", error.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_table", error.Message, StringComparison.Ordinal);
        Assert.Equal(["good_one"], await QueryAsync(dataSource, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1"));
        Assert.Equal(["1"], await QueryAsync(dataSource, "SELECT version FROM schema_migrations"));
    }

    [Fact]
    public async Task Migrate_AppliedScriptEdited_FailsNamingTheFile()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync(migrate: false));
        await Migrator(dataSource).MigrateAsync([new Migration(1, "first", "CREATE TABLE first_table (id int);")], TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<MigrationException>(() =>
            Migrator(dataSource).MigrateAsync([new Migration(1, "first", "CREATE TABLE first_table (id bigint);")], TestContext.Current.CancellationToken));

        Assert.Contains("0001_first.sql was changed after it was applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_DatabaseNewerThanBuild_FailsInsteadOfGuessing()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync(migrate: false));
        await Migrator(dataSource).MigrateAsync(
            [new Migration(1, "first", "SELECT 1;"), new Migration(2, "second", "SELECT 2;")], TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<MigrationException>(() =>
            Migrator(dataSource).MigrateAsync([new Migration(1, "first", "SELECT 1;")], TestContext.Current.CancellationToken));

        Assert.Contains("newer than this build", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preflight_UnmigratedDatabase_SaysToRunMigrate()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync(migrate: false));

        var error = await Assert.ThrowsAsync<StartupException>(() => DatabasePreflight.EnsureSchemaAsync(dataSource, TestContext.Current.CancellationToken));

        Assert.Contains("gridgov migrate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preflight_NothingListening_NamesHostAndPort()
    {
        var port = PostgresServer.FreePort();
        await using var dataSource = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={port};Database=gridgov;Username=gridgov;Timeout=3");

        var error = await Assert.ThrowsAsync<StartupException>(() => DatabasePreflight.EnsureSchemaAsync(dataSource, TestContext.Current.CancellationToken));

        Assert.Contains($"Cannot reach PostgreSQL at 127.0.0.1:{port}/gridgov", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preflight_MissingDatabase_SaysSo()
    {
        await using var dataSource = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={postgres.Port};Database=no_such_db;Username=gridgov");

        var error = await Assert.ThrowsAsync<StartupException>(() => DatabasePreflight.EnsureSchemaAsync(dataSource, TestContext.Current.CancellationToken));

        Assert.Contains("no such database", error.Message, StringComparison.Ordinal);
    }

    internal static async Task<List<string>> QueryAsync(NpgsqlDataSource dataSource, string sql)
    {
        var rows = new List<string>();
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }

        return rows;
    }
}
