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

    [Fact]
    public async Task XidsOfDifferentDigitCounts_ReadInNumericOrder_AndPagingNeitherSkipsNorRepeats()
    {
        // Rows of transactions 8, 9, 10 and 11 (all long final), written in seq order. As text, "10" < "11" < "8" < "9":
        // a reader that ordered by the text of txid returned 10, 11, 8, 9, and paging from the last row of a page
        // (txid 11 after a page of two) never returned 8 and 9 at all.
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
        var reader = new JournalReader(dataSource);
        var written = new List<JournalPosition>();
        foreach (var txid in new ulong[] { 8, 9, 10, 11 })
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var command = new NpgsqlCommand(
                """
                INSERT INTO journal (event_id, entity_type, entity_id, event_type, actor, occurred_at, txid)
                VALUES (gen_random_uuid(), 'alert', 'alert:property:' || md5(random()::text) || ':visit', 'alert-raised', 'test', now(), @txid::text::xid8)
                RETURNING seq
                """, connection);
            command.Parameters.AddWithValue("txid", txid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            written.Add(new JournalPosition(txid, (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!));
        }

        var horizon = await reader.HorizonAsync(TestContext.Current.CancellationToken);
        Assert.True(horizon > 11, $"the horizon {horizon} is above the rows");
        Assert.Equal(written, (await reader.ReadFinalAsync(JournalPosition.Start, horizon, Types, 100, TestContext.Current.CancellationToken)).Select(r => r.Position));
        Assert.Equal(written[2], await reader.PositionOfAsync(written[2].Seq, TestContext.Current.CancellationToken));

        for (var pageSize = 1; pageSize <= 3; pageSize++)
        {
            Assert.Equal(written, await PagesAsync((after, limit) => reader.ReadFinalAsync(after, horizon, Types, limit, TestContext.Current.CancellationToken), pageSize));
            Assert.Equal(written.Take(3), await PagesAsync((after, limit) => reader.ReadRangeAsync(after, written[2], Types, limit, TestContext.Current.CancellationToken), pageSize));
        }
    }

    /// <summary>Reads from the start page by page, each page after the last row of the one before, as the tail and replays do.</summary>
    private static async Task<List<JournalPosition>> PagesAsync(Func<JournalPosition, int, Task<IReadOnlyList<JournalEntry>>> read, int pageSize)
    {
        var positions = new List<JournalPosition>();
        var cursor = JournalPosition.Start;
        while (true)
        {
            var page = await read(cursor, pageSize);
            positions.AddRange(page.Select(r => r.Position));
            if (page.Count < pageSize || positions.Count > 100)
            {
                return positions;
            }

            cursor = page[^1].Position;
        }
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

/// <summary>The gateway's journal tail: a stream joining mid-flow gets replay + live without gap or duplicate; a slow stream is dropped, not waited for.</summary>
public sealed class JournalTailFanOutTests(PostgresServer postgres)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task JoinWhileRowsArrive_ReplayUpToTheJoinPointThenLive_HasEveryRowOnceInOrder()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
        var reader = new JournalReader(dataSource);
        using var tail = Tail(reader, buffer: 10_000);
        await tail.StartAsync(TestContext.Current.CancellationToken);
        var from = await tail.HeadAsync(TestContext.Current.CancellationToken);

        // Writers on four connections, some rows in longer transactions, while the stream joins.
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var written = 0;
            while (!stop.IsCancellationRequested && written < 60)
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await InsertAsync(connection, transaction);
                if (w == 0)
                {
                    await Task.Delay(30);
                }

                await InsertAsync(connection, transaction);
                await transaction.CommitAsync();
                written += 2;
            }
        })).ToList();
        await Eventually.ReturnsAsync(async () => (await reader.ReadRangeAsync(from, await tail.HeadAsync(default), JournalTail.StreamedTypes.ToArray(), 100, default)).Count, c => c >= 20, Wait, "the tail published some rows");
        using var subscription = (await tail.JoinAsync(TestContext.Current.CancellationToken))!;
        var replay = await reader.ReadRangeAsync(from, subscription.JoinedAt, JournalTail.StreamedTypes.ToArray(), 100_000, TestContext.Current.CancellationToken);
        await Task.WhenAll(writers);

        var total = await Eventually.ReturnsAsync(async () => (await reader.ReadFinalAsync(from, await reader.HorizonAsync(default), JournalTail.StreamedTypes.ToArray(), 100_000, default)).Count, c => c == 240, Wait, "all 240 rows final");
        var live = new List<JournalEntry>();
        while (replay.Count + live.Count < total)
        {
            using var timeout = new CancellationTokenSource(Wait);
            live.Add((await subscription.Reader.ReadAsync(timeout.Token)).Entry!);
        }

        var stream = replay.Concat(live).ToList();
        var all = await reader.ReadFinalAsync(from, await reader.HorizonAsync(default), JournalTail.StreamedTypes.ToArray(), 100_000, default);
        Assert.Equal(all.Select(r => r.Seq), stream.Select(r => r.Seq));
        Assert.True(replay.Count > 0 && live.Count > 0, $"the stream joined mid-flow: {replay.Count} replayed, {live.Count} live");
    }

    [Fact]
    public async Task SlowStream_IsClosed_WhileAReadingStreamGetsEveryRow()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
        var reader = new JournalReader(dataSource);
        using var tail = Tail(reader, buffer: 16);
        await tail.StartAsync(TestContext.Current.CancellationToken);
        using var slow = (await tail.JoinAsync(TestContext.Current.CancellationToken))!;
        using var reading = (await tail.JoinAsync(TestContext.Current.CancellationToken))!;

        // Batches smaller than the buffer, each read before the next: the reading stream never falls behind.
        var received = new List<long>();
        var seqs = new List<long>();
        for (var batch = 0; batch < 5; batch++)
        {
            for (var i = 0; i < 8; i++)
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                seqs.Add(await InsertAsync(connection, null));
            }

            while (received.Count < seqs.Count)
            {
                using var timeout = new CancellationTokenSource(Wait);
                received.Add((await reading.Reader.ReadAsync(timeout.Token)).Entry!.Seq);
            }
        }

        Assert.Equal(seqs, received);
        await Assert.ThrowsAsync<SlowStreamException>(async () =>
        {
            while (await slow.Reader.WaitToReadAsync(TestContext.Current.CancellationToken))
            {
                slow.Reader.TryRead(out _);
            }
        });
        Assert.Equal(1, tail.Count);
    }

    [Fact]
    public async Task RowsWhoseXidsCrossAPowerOfTen_ArePublishedOnceEachInOrder_AcrossPages()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
        var reader = new JournalReader(dataSource);
        using var tail = Tail(reader, buffer: 1000, batchSize: 4);
        await tail.StartAsync(TestContext.Current.CancellationToken);
        using var subscription = (await tail.JoinAsync(TestContext.Current.CancellationToken))!;

        // Bring the cluster's next transaction id to a little below a power of ten and hold the horizon there with
        // an open transaction while the rows are written, so that the tail reads them all at once, in pages of
        // four, across the boundary (…, 9999, 10000, … sort differently as text than as numbers).
        var boundary = await BurnXidsToJustBelowAPowerOfTenAsync(dataSource, margin: 30);
        await using var holder = await dataSource.OpenConnectionAsync();
        await using var hold = await holder.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using (var xid = new NpgsqlCommand("SELECT pg_current_xact_id()", holder, hold))
        {
            await xid.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        }

        var written = new List<JournalPosition>();
        while (written.Count < 2 || written[^2].Txid < boundary)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var command = new NpgsqlCommand(
                """
                INSERT INTO journal (event_id, entity_type, entity_id, event_type, actor, occurred_at)
                VALUES (gen_random_uuid(), 'alert', 'alert:property:' || md5(random()::text) || ':visit', 'alert-raised', 'test', now())
                RETURNING txid::text, seq
                """, connection);
            await using var row = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            await row.ReadAsync(TestContext.Current.CancellationToken);
            written.Add(new JournalPosition(ulong.Parse(row.GetString(0), System.Globalization.CultureInfo.InvariantCulture), row.GetInt64(1)));
        }

        Assert.True(written[0].Txid < boundary, $"the rows straddle {boundary}: {string.Join(", ", written)}");
        Assert.False(subscription.Reader.TryRead(out _), "nothing is final while the holding transaction is open");
        await hold.CommitAsync(TestContext.Current.CancellationToken);

        // Each row was written after the one before had committed: transaction order is write order.
        var received = new List<JournalPosition>();
        while (received.Count < written.Count)
        {
            using var timeout = new CancellationTokenSource(Wait);
            received.Add((await subscription.Reader.ReadAsync(timeout.Token)).Entry!.Position);
        }

        Assert.Equal(written, received);
        await Task.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
        Assert.False(subscription.Reader.TryRead(out var extra), $"nothing published twice: {extra?.Entry?.Position}");
    }

    /// <summary>
    /// Uses up transaction ids (one per subtransaction of a single statement) until the next one is about
    /// <paramref name="margin"/> below a power of ten (at least 10 000), and returns that power.
    /// </summary>
    private static async Task<ulong> BurnXidsToJustBelowAPowerOfTenAsync(NpgsqlDataSource dataSource, int margin)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand("CREATE UNLOGGED TABLE xid_burn (n int)", connection))
        {
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await using var next = new NpgsqlCommand("SELECT pg_snapshot_xmax(pg_current_snapshot())::text", connection);
        var now = ulong.Parse((string)(await next.ExecuteScalarAsync(TestContext.Current.CancellationToken))!, System.Globalization.CultureInfo.InvariantCulture);
        var boundary = 10_000UL;
        while (boundary < now + (ulong)margin)
        {
            boundary *= 10;
        }

        await using var burn = new NpgsqlCommand(
            $"""
            DO $$
            BEGIN
                FOR i IN 1..{boundary - (ulong)margin - now} LOOP
                    BEGIN
                        INSERT INTO xid_burn VALUES (i);
                    EXCEPTION WHEN OTHERS THEN NULL;
                    END;
                END LOOP;
            END $$
            """, connection);
        await burn.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return boundary;
    }

    private static JournalTail Tail(JournalReader reader, int buffer, int batchSize = 25) => new(
        reader,
        null!, // no community counts: the rows carry no community
        Microsoft.Extensions.Options.Options.Create(new EventStreamOptions { PollInterval = TimeSpan.FromMilliseconds(20), StreamBuffer = buffer, BatchSize = batchSize }),
        TimeProvider.System,
        Microsoft.Extensions.Logging.Abstractions.NullLogger<JournalTail>.Instance);

    private static async Task<long> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO journal (event_id, entity_type, entity_id, event_type, actor, occurred_at)
            VALUES (gen_random_uuid(), 'alert', 'alert:property:' || md5(random()::text) || ':visit', 'alert-raised', 'test', now())
            RETURNING seq
            """, connection, transaction);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
