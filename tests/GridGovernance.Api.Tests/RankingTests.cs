using System.Text.Json;
using GridGovernance.Api.Tests.Infrastructure;
using Npgsql;

namespace GridGovernance.Api.Tests;

/// <summary>The grid leaderboard from the journal: order by on-time rate then overdue, the drill-down, scope and bad input.</summary>
public sealed class RankingTests(ApiSystem api)
{
    private const string Month = "2025-02";

    [Fact]
    public async Task ListRanking_OrdersByOnTimeRateThenOverdue_AndEachRowDrillsDownToItsItems()
    {
        var seed = await SeedAsync();
        var centre = ApiSystem.Token("command-centre");

        var cells = await api.GetAsync($"/api/v1/rankings?kind=cells&month={Month}&community={seed.Community}", centre);
        var workers = await api.GetAsync($"/api/v1/rankings?kind=workers&month={Month}&community={seed.Community}", centre);
        var officers = await api.GetAsync($"/api/v1/rankings?kind=officers&month={Month}&community={seed.Community}", centre);

        Assert.Equal((200, 200, 200), (cells.Status, workers.Status, officers.Status));
        Assert.Equal(("cells", Month), (cells.Json["kind"]!.GetValue<string>(), cells.Json["month"]!.GetValue<string>()));
        // Cell 3 has only a person's reporting duty: cells are ranked on field tasks.
        Assert.Equal([$"1 {seed.Cell1} 2 2 0 0 1", $"2 {seed.Cell2} 2 0 1 1 0"], Rows(cells));
        Assert.Equal([$"1 {seed.Worker1} 2 2 0 0 1", $"2 {seed.Worker2} 2 0 1 1 0"], Rows(workers));
        Assert.Equal([$"1 {seed.Officer1} 1 1 0 0 1", $"2 {seed.Officer2} 1 0 0 1 0"], Rows(officers));
        Assert.All(cells.Json["items"]!.AsArray(), r => Assert.Equal(seed.Community, r!["community"]!.GetValue<string>()));

        var drill = await api.GetAsync($"/api/v1/rankings/workers/{seed.Worker2}/items?month={Month}", centre);

        Assert.Equal(200, drill.Status);
        var items = drill.Json["items"]!.AsArray();
        Assert.Equal(["late", "overdue"], items.Select(i => i!["status"]!.GetValue<string>()));
        Assert.Equal([$"property:{seed.Late}", $"property:{seed.Overdue}"], items.Select(i => i!["entity"]!.GetValue<string>()));
        Assert.All(items, i => Assert.Equal(("Visit", "RH-09/GR-06"), (i!["kind"]!.GetValue<string>(), i["rule"]!.GetValue<string>())));
        Assert.NotNull(items[0]!["doneAt"]);
        Assert.Null(items[1]!["doneAt"]);
    }

    [Fact]
    public async Task ListRankingItems_AWorkerReadsOnlyTheirOwnRow_AndNoRanking()
    {
        var seed = await SeedAsync();
        var worker2 = ApiSystem.Token("grid-worker", seed.Worker2, cells: [api.Grid.A1.Value]);

        var own = await api.GetAsync($"/api/v1/rankings/workers/{seed.Worker2}/items?month={Month}", worker2);
        var other = await api.GetAsync($"/api/v1/rankings/workers/{seed.Worker1}/items?month={Month}", worker2);
        var cell = await api.GetAsync($"/api/v1/rankings/cells/{seed.Cell1}/items?month={Month}", worker2);
        var list = await api.GetAsync($"/api/v1/rankings?kind=workers&month={Month}", worker2);

        Assert.Equal(200, own.Status);
        Assert.Equal(2, own.Json["items"]!.AsArray().Count);
        Assert.Equal("RH-09", own.Json["items"]![0]!["rule"]!.GetValue<string>());
        Assert.Equal((403, "/problems/out-of-scope"), (other.Status, other.ProblemType));
        Assert.Equal((403, "/problems/out-of-scope"), (cell.Status, cell.ProblemType));
        Assert.Equal((403, "/problems/forbidden-role"), (list.Status, list.ProblemType));
    }

    [Fact]
    public async Task ListRanking_ACommunityAdministrator_SeesOnlyTheirCommunity()
    {
        var seed = await SeedAsync();
        var admin = ApiSystem.Token("community-admin", community: seed.Community);
        var stranger = ApiSystem.Token("community-admin", community: api.Grid.CommunityA.Value);

        var own = await api.GetAsync($"/api/v1/rankings?kind=cells&month={Month}", admin);
        var other = await api.GetAsync($"/api/v1/rankings?kind=cells&month={Month}&community={seed.Community}", stranger);
        var drill = await api.GetAsync($"/api/v1/rankings/cells/{seed.Cell1}/items?month={Month}&community={seed.Community}", stranger);

        Assert.Equal(200, own.Status);
        Assert.Equal(2, own.Json["items"]!.AsArray().Count);
        Assert.Equal((403, "/problems/out-of-scope"), (other.Status, other.ProblemType));
        Assert.Equal((403, "/problems/out-of-scope"), (drill.Status, drill.ProblemType));
    }

    [Theory]
    [InlineData("kind=people&month=2025-02", "kind")]
    [InlineData("month=2025-02", "kind")]
    [InlineData("kind=cells&month=2025-13", "month")]
    [InlineData("kind=cells&month=25-02", "month")]
    [InlineData("kind=cells&month=2025-02&community=not%20a%20code", "community")]
    public async Task ListRanking_BadQuery_Is400NamingTheField(string query, string field)
    {
        var response = await api.GetAsync("/api/v1/rankings?" + query, ApiSystem.Token("command-centre"));
        var drill = await api.GetAsync("/api/v1/rankings/people/x/items?month=2025-02", ApiSystem.Token("command-centre"));

        Assert.Equal((400, "application/problem+json", field), (response.Status, response.ContentType, response.Json["field"]!.GetValue<string>()));
        Assert.Equal((400, "kind"), (drill.Status, drill.Json["field"]!.GetValue<string>()));
    }

    private static List<string> Rows(ApiResponse response) =>
        [.. response.Json["items"]!.AsArray().Select(r => string.Join(' ',
            r!["rank"]!.GetValue<int>(), r["key"]!.GetValue<string>(), r["due"]!.GetValue<int>(), r["onTime"]!.GetValue<int>(), r["late"]!.GetValue<int>(),
            r["overdue"]!.GetValue<int>(), r["onTimeRate"]!.GetValue<double>()))];

    /// <summary>
    /// A community of its own in the journal, in February 2025: cell 1 has two visits on time (worker 1); cell 2 one late and
    /// one overdue (worker 2) and one withdrawn; cell 3 a person's report on time (officer 1); another person's report is
    /// overdue (officer 2); a trip return (location data) and a milestone never count.
    /// </summary>
    private async Task<Seed> SeedAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var seed = new Seed("RK" + tag, "rk-w1-" + tag, "rk-w2-" + tag, "rk-o1-" + tag, "rk-o2-" + tag, Id(), Id());
        var (c1, c2, c3) = (seed.Cell1, seed.Cell2, seed.Cell3);
        var due = new DateTimeOffset(2025, 2, 10, 2, 0, 0, TimeSpan.Zero);
        var (p1, p2, p5, x1, x2) = (Id(), Id(), Id(), Id(), Id());
        var rows = new List<(string Type, string Id, string Event, string Actor, DateTimeOffset At, string Cell, object Payload)>
        {
            ("property", p1, "visit-recorded", "grid-worker:" + seed.Worker1, due.AddDays(-1), c1, new { }),
            ("property", p1, "deadline-completed", "grid-worker:" + seed.Worker1, due.AddDays(-1), c1, Deadline("visit:1", "Visit", due, "RH-09", "Met")),
            ("property", p2, "visit-recorded", "grid-worker:" + seed.Worker1, due.AddDays(-2), c1, new { }),
            ("property", p2, "deadline-completed", "grid-worker:" + seed.Worker1, due.AddDays(-2), c1, Deadline("visit:1", "Visit", due, "GR-06", "Met")),
            ("property", seed.Late, "deadline-missed", "system:deadlines", due.AddMinutes(1), c2, Deadline("visit:2", "Visit", due, "RH-09", null)),
            ("property", seed.Late, "visit-recorded", "grid-worker:" + seed.Worker2, due.AddDays(3), c2, new { }),
            ("property", seed.Late, "deadline-completed", "grid-worker:" + seed.Worker2, due.AddDays(3), c2, Deadline("visit:2", "Visit", due, "RH-09", "MetLate")),
            ("property", seed.Overdue, "visit-recorded", "grid-worker:" + seed.Worker2, due.AddDays(-20), c2, new { }),
            ("property", seed.Overdue, "deadline-missed", "system:deadlines", due.AddDays(1).AddMinutes(1), c2, Deadline("visit:3", "Visit", due.AddDays(1), "RH-09", null)),
            ("property", p5, "deadline-missed", "system:deadlines", due.AddMinutes(1), c2, Deadline("visit:1", "Visit", due, "RH-09", null)),
            ("property", p5, "deadline-cancelled", "system:rules", due.AddDays(1), c2, Deadline("visit:1", "Visit", due, "RH-09", null)),
            ("person", x1, "person-enrolled", "correction-officer:" + seed.Officer1, due.AddDays(-30), c3, new { officer = seed.Officer1 }),
            ("person", x1, "deadline-completed", "correction-officer:" + seed.Officer1, due.AddDays(-1), c3, Deadline("report:1", "ReportingDuty", due, "CC-10", "Met")),
            ("person", x1, "deadline-missed", "system:deadlines", due.AddMinutes(1), c3, Deadline("trip:1", "TripReturn", due, "CC-15", null)),
            ("person", x1, "deadline-completed", "system:deadlines", due, c3, Deadline("strict", "StrictPeriodEnd", due, "CC-11", "Met")),
            ("person", x2, "person-enrolled", "correction-officer:" + seed.Officer1, due.AddDays(-30), c3, new { officer = seed.Officer1 }),
            ("person", x2, "officer-assigned", "community-admin:a", due.AddDays(-20), c3, new { from = seed.Officer1, to = seed.Officer2 }),
            ("person", x2, "deadline-missed", "system:deadlines", due.AddDays(2), c3, Deadline("report:1", "ReportingDuty", due.AddDays(2), "CC-10", null)),
        };

        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        foreach (var row in rows)
        {
            await using var command = new NpgsqlCommand(
                "INSERT INTO journal (event_id, entity_type, entity_id, event_type, actor, occurred_at, cell, community, payload) " +
                "VALUES (@id, @type, @entity, @event, @actor, @at, @cell, @community, @payload::jsonb)", connection);
            command.Parameters.AddWithValue("id", Guid.NewGuid());
            command.Parameters.AddWithValue("type", row.Type);
            command.Parameters.AddWithValue("entity", row.Id);
            command.Parameters.AddWithValue("event", row.Event);
            command.Parameters.AddWithValue("actor", row.Actor);
            command.Parameters.AddWithValue("at", row.At.UtcDateTime);
            command.Parameters.AddWithValue("cell", row.Cell);
            command.Parameters.AddWithValue("community", seed.Community);
            command.Parameters.AddWithValue("payload", JsonSerializer.Serialize(row.Payload, ApiSystem.Json));
            await command.ExecuteNonQueryAsync();
        }

        return seed;
    }

    private static object Deadline(string id, string kind, DateTimeOffset dueAt, string rule, string? status) =>
        new { deadline = id, kind, dueAt, rule, status };

    private static string Id() => Guid.NewGuid().ToString("N");

    private sealed record Seed(string Community, string Worker1, string Worker2, string Officer1, string Officer2, string Late, string Overdue)
    {
        public string Cell1 => Community + "-1";

        public string Cell2 => Community + "-2";

        public string Cell3 => Community + "-3";
    }
}
