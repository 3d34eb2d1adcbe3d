using Npgsql;

namespace GridGovernance.Persistence.Tests;

/// <summary>The OrleansQuery table holds every statement the three ADO.NET providers require at start.</summary>
public sealed class QueryContractTests(PostgresServer postgres)
{
    public static TheoryData<string> RequiredKeys =>
    [
        // clustering
        "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "InsertMembershipKey",
        "UpdateMembershipKey", "UpdateIAmAlivetimeKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
        // persistence
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        // reminders
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key",
        "ReadRangeRows2Key", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Theory]
    [MemberData(nameof(RequiredKeys))]
    public async Task OrleansQuery_AfterMigrate_HoldsKey(string key)
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
        // The bootstrap statement exactly as the providers send it (unquoted, folded to lower case).
        var rows = new Dictionary<string, string>();
        await using (var command = dataSource.CreateCommand("SELECT QueryKey, QueryText FROM OrleansQuery"))
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                rows[reader.GetString(0)] = reader.GetString(1);
            }
        }

        Assert.True(rows.TryGetValue(key, out var sql) && sql.Length > 0, $"OrleansQuery has no {key}");
    }

    [Fact]
    public async Task Schema_EveryTimeColumn_IsTimestamptz()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());

        var naive = await MigrationTests.QueryAsync(dataSource, """
            SELECT table_name || '.' || column_name FROM information_schema.columns
            WHERE table_schema = 'public' AND data_type IN ('timestamp without time zone', 'date', 'time without time zone')
            """);

        Assert.Empty(naive);
    }
}
