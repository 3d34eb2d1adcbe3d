using GridGovernance.Api.Events;
using Npgsql;

namespace GridGovernance.Persistence.Tests;

/// <summary>
/// The journal follower's gap rule (deploy/sql/0005): a row is read only once no transaction that could still
/// commit a row before it is open, and reading by (txid, seq) never skips a row that commits late.
/// </summary>
public sealed class JournalTailTests(PostgresServer postgres)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly string[] Types = ["alert-raised"];

    [Fact]
    public async Task OpenTransactionHoldingALowerSeq_HoldsBackLaterRows_UntilItCommits()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
        var reader = new JournalReader(dataSource);
        var start = await HeadAsync(reader);

        await using var slow = await dataSource.OpenConnectionAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        var early = await InsertAsync(slow, transaction);
        var late = await InsertAsync(await dataSource.OpenConnectionAsync(), null);
        Assert.True(early < late, "the open transaction took the lower seq");

        // A reader of `seq > last` would now see the later row and move past the earlier one for good.
        Assert.Equal([late.ToString(System.Globalization.CultureInfo.InvariantCulture)], await MigrationTests.QueryAsync(dataSource, $"SELECT seq FROM journal WHERE seq > {start.Seq} AND event_type = 'alert-raised'"));
        Assert.Empty(await ReadFinalAsync(reader, start));

        await transaction.CommitAsync();

        var rows = await Eventually.ReturnsAsync(() => ReadFinalAsync(reader, start), r => r.Count == 2, Wait, "both rows final after the commit");
        Assert.Equal([early, late], rows.Select(r => r.Seq));
    }

    [Fact]
    public async Task LowerXidCommitsAHigherSeqFirst_ReaderByTxidAndSeq_StillReadsTheLowerSeqLater()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
        var reader = new JournalReader(dataSource);
        var start = await HeadAsync(reader);

        // A gets its transaction id first; B takes the lower seq and stays open; A then writes and commits.
        await using var a = await dataSource.OpenConnectionAsync();
        await using var aTransaction = await a.BeginTransactionAsync();
        await using (var xid = new NpgsqlCommand("SELECT pg_current_xact_id()", a, aTransaction))
        {
            await xid.ExecuteScalarAsync();
        }

        await using var b = await dataSource.OpenConnectionAsync();
        await using var bTransaction = await b.BeginTransactionAsync();
        var bSeq = await InsertAsync(b, bTransaction);
        var aSeq = await InsertAsync(a, aTransaction);
        await aTransaction.CommitAsync();
        Assert.True(bSeq < aSeq);

        // A's row is final (nothing older than A is open) and is read; B's lower seq is not lost for it.
        var first = await Eventually.ReturnsAsync(() => ReadFinalAsync(reader, start), r => r.Count == 1, Wait, "A's row final while B is open");
        Assert.Equal(aSeq, first[0].Seq);

        await bTransaction.CommitAsync();
        var second = await Eventually.ReturnsAsync(() => ReadFinalAsync(reader, first[0].Position), r => r.Count == 1, Wait, "B's row read after A's");
        Assert.Equal(bSeq, second[0].Seq);
        Assert.Equal(second[0].Position, await reader.PositionOfAsync(bSeq, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReadRange_StopsAtTheGivenPosition_AndPagesInOrder()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
        var reader = new JournalReader(dataSource);
        var start = await HeadAsync(reader);
        var seqs = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            seqs.Add(await InsertAsync(await dataSource.OpenConnectionAsync(), null));
        }

        var all = await Eventually.ReturnsAsync(() => ReadFinalAsync(reader, start), r => r.Count == 5, Wait, "five final rows");
        var upTo = all[3].Position;

        var firstPage = await reader.ReadRangeAsync(start, upTo, Types, 2, TestContext.Current.CancellationToken);
        var secondPage = await reader.ReadRangeAsync(firstPage[^1].Position, upTo, Types, 2, TestContext.Current.CancellationToken);
        var rest = await reader.ReadRangeAsync(secondPage[^1].Position, upTo, Types, 2, TestContext.Current.CancellationToken);

        Assert.Equal(seqs.Take(4), firstPage.Concat(secondPage).Select(r => r.Seq));
        Assert.Empty(rest);
    }

    private static async Task<JournalPosition> HeadAsync(JournalReader reader) =>
        JournalPosition.Before(await reader.HorizonAsync(TestContext.Current.CancellationToken));

    private static async Task<IReadOnlyList<JournalEntry>> ReadFinalAsync(JournalReader reader, JournalPosition after)
    {
        var horizon = await reader.HorizonAsync(TestContext.Current.CancellationToken);
        return await reader.ReadFinalAsync(after, horizon, Types, 100, TestContext.Current.CancellationToken);
    }

    private static async Task<long> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        try
        {
            await using var command = new NpgsqlCommand(
                """
                INSERT INTO journal (event_id, entity_type, entity_id, event_type, actor, occurred_at, cell, community)
                VALUES (gen_random_uuid(), 'alert', 'alert:property:' || md5(random()::text) || ':visit', 'alert-raised', 'test', now(), 'C-1', 'C')
                RETURNING seq
                """, connection, transaction);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        finally
        {
            if (transaction is null)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
