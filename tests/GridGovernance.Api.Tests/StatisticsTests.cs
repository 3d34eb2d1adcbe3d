using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using GridGovernance.Api.Statistics;
using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Api.Tests.Matrix;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Supervision;
using Npgsql;

namespace GridGovernance.Api.Tests;

/// <summary>
/// Runs alone, after the tests that run in parallel: the figures of this month and community A are compared before
/// and after work this class does, so nobody else may add to them meanwhile.
/// </summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class StatisticsRunAlone;

/// <summary>Monthly statistics (docs/STATISTICS.md): exact figures, China-time months, CSV, input and scope.</summary>
[Collection(typeof(StatisticsRunAlone))]
public sealed class StatisticsTests(ApiSystem api, GrainAccess grains)
{
    private static readonly string[] Flows =
    [
        "visits", "nearVisits", "inspections", "tenantRegistrations", "moveOuts", "alertsRaised", "yellowCards", "redCards",
        "alertsClosed", "alertsClosedOnTime", "enrolments", "discharges", "sanctionsProposed", "sanctionsDecided",
        "correctionCases", "drugRehabilitationCases", "rehabilitationCases",
    ];

    private static string Centre => ApiSystem.Token("command-centre", "centre-stats");

    private string AdminA => ApiSystem.Token("community-admin", "admin-stats-a", community: api.Grid.CommunityA.Value);

    [Fact]
    public async Task Monthly_WorkDoneThisMonth_IsCountedExactly_InItsCommunity()
    {
        var month = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var path = $"/api/v1/statistics/monthly?from={month}&community={api.Grid.CommunityA.Value}";
        var before = Figures(await RowAsync(path));

        var at = TestGrid.Centre(0, 0);
        var property = await PlacesKit.RegisterPropertyAsync(api, AdminA, at);
        var workerId = Guid.NewGuid();
        var worker = ApiSystem.Token("grid-worker", workerId.ToString(), cells: [api.Grid.A1.Value]);
        Assert.Equal(200, (await api.PostAsync($"/api/v1/properties/{property}/visits", worker, PlacesKit.VisitBody(at, null))).Status);
        var far = new GeoPoint(at.Longitude, at.Latitude + 0.004);
        Assert.Equal(200, (await api.PostAsync($"/api/v1/properties/{property}/visits", worker, PlacesKit.VisitBody(far, null))).Status);
        // An inspection is also a visit (near: made at the property).
        Assert.Equal(200, (await api.PostAsync($"/api/v1/properties/{property}/inspections", worker, PlacesKit.InspectionBody(at, null, eBikes: false))).Status);
        var tenancy = Guid.NewGuid();
        Assert.Equal(201, (await api.PostAsync($"/api/v1/properties/{property}/tenancies", AdminA, PlacesKit.TenancyBody(tenancy, DateTimeOffset.UtcNow.AddHours(-2)))).Status);
        Assert.Equal(200, (await api.PostAsync($"/api/v1/properties/{property}/tenancies/{tenancy}/move-outs", AdminA, new { movedOutAt = DateTimeOffset.UtcNow.AddMinutes(-5) })).Status);

        var client = await grains.GrainsAsync(api);
        AlertSpec Spec(string deadline) => new(new EntityRef(EntityKind.RentalProperty, property), deadline, DeadlineKind.Visit, DateTimeOffset.UtcNow.AddDays(-3), api.Grid.A1, api.Grid.CommunityA, "RH-09");
        var onTime = Spec("stats-on-time");
        var late = Spec("stats-late");
        var red = Spec("stats-red");
        await client.Alert(onTime.Key).RaiseAsync(onTime, AlertLevel.Yellow, "test:stats");
        await client.Alert(late.Key).RaiseAsync(late, AlertLevel.Yellow, "test:stats");
        await client.Alert(red.Key).RaiseAsync(red, AlertLevel.Red, "test:stats");
        await client.Alert(onTime.Key).ResolveAsync("test:stats", "done while yellow");
        await client.Alert(late.Key).EscalateAsync("test:stats", "HL-06 test");
        await client.Alert(late.Key).ResolveAsync("test:stats", "done after red");
        await grains.EnrolPersonAsync(api, at, Programme.CommunityDrugRehabilitation);

        var after = await RowAsync(path);
        var delta = Figures(after).ToDictionary(f => f.Key, f => f.Value - before[f.Key], StringComparer.Ordinal);
        var expected = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["visits"] = 3,
            ["nearVisits"] = 2,
            ["inspections"] = 1,
            ["tenantRegistrations"] = 1,
            ["moveOuts"] = 1,
            ["alertsRaised"] = 3,
            ["yellowCards"] = 2,
            ["redCards"] = 2,
            ["alertsClosed"] = 2,
            ["alertsClosedOnTime"] = 1,
            ["enrolments"] = 1,
            ["discharges"] = 0,
            ["sanctionsProposed"] = 0,
            ["sanctionsDecided"] = 0,
            ["correctionCases"] = 0,
            ["drugRehabilitationCases"] = 1,
            ["rehabilitationCases"] = 0,
        };
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), delta.OrderBy(e => e.Key, StringComparer.Ordinal));
        var closed = after["alertsClosed"]!.GetValue<int>();
        Assert.Equal(Math.Round((double)after["alertsClosedOnTime"]!.GetValue<int>() / closed, 4), after["onTimeRate"]!.GetValue<double>());
        Assert.Equal((month, api.Grid.CommunityA.Value, api.Grid.CommunityA.Value), (after["month"]!.GetValue<string>(), after["community"]!.GetValue<string>(), after["communityName"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Monthly_MonthsAreChinaTime_AndEachFigureFollowsItsDefinition()
    {
        var a = api.Grid.CommunityA.Value;
        var b = api.Grid.CommunityB.Value;
        var journal = new JournalSeed(api.ConnectionString);
        // China time is UTC+8: 2026-03-31T15:59:59Z is 23:59:59 on 31 March, 16:00Z is midnight of 1 April.
        await journal.AddAsync("property", "visit-recorded", "2026-02-28T15:59:59Z", a, new { proximity = "Near" }); // February
        await journal.AddAsync("property", "visit-recorded", "2026-02-28T16:00:00Z", a, new { proximity = "Near" }); // March
        await journal.AddAsync("property", "visit-recorded", "2026-03-31T15:59:59Z", a, new { proximity = "Far" });  // March
        await journal.AddAsync("property", "visit-recorded", "2026-03-31T16:00:00Z", a, new { proximity = "Near" }); // April
        await journal.AddAsync("property", "visit-recorded", "2026-03-31T17:00:00Z", a, new { proximity = "Unknown" }); // April
        await journal.AddAsync("property", "inspected", "2026-03-10T02:00:00Z", a, new { });
        await journal.AddAsync("property", "tenancy-registered", "2026-03-02T02:00:00Z", a, new { });
        await journal.AddAsync("property", "tenancy-registered", "2026-03-02T03:00:00Z", b, new { });
        await journal.AddAsync("property", "tenancy-ended", "2026-04-02T03:00:00Z", a, new { });

        // Cards: one closed on time (while yellow), one escalated and closed late in April, one raised red and still open.
        await journal.AddAsync("alert", "alert-raised", "2026-03-10T02:00:00Z", a, new { level = "Yellow" });
        await journal.AddAsync("alert", "alert-raised", "2026-03-11T02:00:00Z", a, new { level = "Yellow" });
        await journal.AddAsync("alert", "alert-raised", "2026-03-12T02:00:00Z", a, new { level = "Red" });
        await journal.AddAsync("alert", "alert-resolved", "2026-03-12T03:00:00Z", a, new { level = "Yellow", onTime = true });
        await journal.AddAsync("alert", "alert-escalated", "2026-03-13T02:00:00Z", a, new { level = "Red" });
        await journal.AddAsync("alert", "alert-resolved", "2026-04-02T02:00:00Z", a, new { level = "Red", onTime = false });
        // What the source entity journals about the same cards is not counted again.
        await journal.AddAsync("property", "card-red", "2026-03-13T02:00:00Z", a, new { });
        await journal.AddAsync("property", "deadline-missed", "2026-03-10T02:00:00Z", a, new { level = "Yellow" });

        // People: a correction case enrolled in March, a sanction proposed then confirmed, discharged in April.
        var corrected = await journal.AddAsync("person", "person-enrolled", "2026-03-05T02:00:00Z", a, new { programme = "CommunityCorrection" });
        await journal.AddAsync("person", "sanction-proposed", "2026-03-20T02:00:00Z", a, new { proposal = "p1" }, corrected);
        await journal.AddAsync("person", "sanction-confirmed", "2026-04-03T02:00:00Z", a, new { proposal = "p1" }, corrected);
        await journal.AddAsync("person", "discharged", "2026-04-20T02:00:00Z", a, new { rule = "CC-33" }, corrected);
        // Drug rehabilitation, enrolled 23:00 on 31 March (China), moves to community B in April: counted where they live at each month's end.
        var moved = await journal.AddAsync("person", "person-enrolled", "2026-03-31T15:00:00Z", a, new { programme = "CommunityDrugRehabilitation" });
        await journal.AddAsync("person", "location-changed", "2026-04-10T02:00:00Z", b, new { }, moved);
        // Community rehabilitation enrolled at 00:30 on 1 April (China) in B; a revoked correction case in B ends in April too.
        await journal.AddAsync("person", "person-enrolled", "2026-03-31T16:30:00Z", b, new { programme = "CommunityRehabilitation" });
        var revoked = await journal.AddAsync("person", "person-enrolled", "2026-03-15T02:00:00Z", b, new { programme = "CommunityCorrection" });
        await journal.AddAsync("person", "court-decision", "2026-04-25T02:00:00Z", b, new { decision = "RevocationGranted" }, revoked);

        var response = await api.GetAsync("/api/v1/statistics/monthly?from=2026-03&to=2026-04", Centre);

        Assert.Equal(200, response.Status);
        var body = response.Json;
        Assert.Equal(("2026-03", "2026-04"), (body["from"]!.GetValue<string>(), body["to"]!.GetValue<string>()));
        var rows = body["rows"]!.AsArray().Where(r => r!["community"]!.GetValue<string>() is var c && (c == a || c == b)).ToList();
        Assert.Equal(["2026-03 " + a, "2026-03 " + b, "2026-04 " + a, "2026-04 " + b], rows.Select(r => r!["month"]!.GetValue<string>() + " " + r["community"]!.GetValue<string>()));
        Assert.Equal(Expected(visits: 2, near: 1, inspections: 1, registrations: 1, raised: 3, yellow: 2, red: 2, closed: 1, onTime: 1, correction: 1, drugs: 1, enrolments: 2, proposed: 1), Figures(rows[0]!));
        Assert.Equal(Expected(registrations: 1, correction: 1, enrolments: 1), Figures(rows[1]!));
        Assert.Equal(Expected(visits: 2, near: 1, moveOuts: 1, closed: 1, discharges: 1, decided: 1), Figures(rows[2]!));
        Assert.Equal(Expected(drugs: 1, rehabilitation: 1, enrolments: 1, discharges: 1), Figures(rows[3]!));
        Assert.Equal(1.0, rows[0]!["onTimeRate"]!.GetValue<double>());
        Assert.Equal(0.0, rows[2]!["onTimeRate"]!.GetValue<double>());
        Assert.Null(rows[1]!["onTimeRate"]);
        Assert.Equal(a, rows[0]!["communityName"]!.GetValue<string>());

        var totals = body["totals"]!;
        Assert.Null(totals["month"]);
        Assert.Null(totals["community"]);
        Assert.Equal(Expected(visits: 4, near: 2, inspections: 1, registrations: 2, moveOuts: 1, raised: 3, yellow: 2, red: 2, closed: 2, onTime: 1,
            drugs: 1, rehabilitation: 1, enrolments: 4, discharges: 2, proposed: 1, decided: 1), Figures(totals));
        Assert.Equal(0.5, totals["onTimeRate"]!.GetValue<double>());

        var onlyA = (await api.GetAsync($"/api/v1/statistics/monthly?from=2026-04&community={a}", Centre)).Json;
        Assert.Equal(Expected(visits: 2, near: 1, moveOuts: 1, closed: 1, discharges: 1, decided: 1), Figures(Assert.Single(onlyA["rows"]!.AsArray())!));
        Assert.Equal("2026-04", onlyA["to"]!.GetValue<string>());
    }

    [Fact]
    public async Task MonthlyCsv_IsAnUtf8DownloadWithBom_BilingualHeader_OneLinePerRow_AndTotals()
    {
        var a = api.Grid.CommunityA.Value;
        var journal = new JournalSeed(api.ConnectionString);
        await journal.AddAsync("property", "tenancy-registered", "2025-06-30T16:00:00Z", a, new { }); // 1 July, China time
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/statistics/monthly.csv?from=2025-07&community={a}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminA);

        using var response = await api.Http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"statistics-2025-07-2025-07-{a}.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n");
        Assert.Equal(4, lines.Length); // header, the month, totals, and the empty rest after the last CRLF
        Assert.Equal("", lines[3]);
        Assert.Equal(string.Join(',', StatisticsCsv.Header), lines[0]);
        Assert.StartsWith("Month 月份,Community 社区编码,Community name 社区名称,Visits 走访次数,", lines[0], StringComparison.Ordinal);
        Assert.Contains("On-time rate 按时办结率", lines[0], StringComparison.Ordinal);
        Assert.Equal($"2025-07,{a},{a},0,0,0,1,0,0,0,0,0,0,,0,0,0,0,0,0,0", lines[1]);
        Assert.Equal("Total 合计,,,0,0,0,1,0,0,0,0,0,0,,0,0,0,0,0,0,0", lines[2]);
    }

    [Fact]
    public void Csv_QuotesFieldsWithCommasQuotesAndLineBreaks_AsRfc4180Says()
    {
        var row = new StatisticsRow("2026-03", "SQ-05", "石岐, \"中心\"\n社区", 1, 1, 0, 0, 0, 2, 1, 1, 2, 1, 0.5, 0, 0, 0, 0, 0, 0, 0);
        var csv = StatisticsCsv.Write(new MonthlyStatistics("2026-03", "2026-03", [row], StatisticsRow.Total([row])));
        var text = Encoding.UTF8.GetString(csv.AsSpan(3));

        Assert.Contains("\r\n2026-03,SQ-05,\"石岐, \"\"中心\"\"\n社区\",1,1,0,0,0,2,1,1,2,1,0.5,0,0,0,0,0,0,0\r\n", text, StringComparison.Ordinal);
        Assert.Equal("plain", StatisticsCsv.Field("plain"));
        Assert.Equal("\"a\"\"b\"", StatisticsCsv.Field("a\"b"));
        Assert.Equal("", StatisticsCsv.Field(null));
    }

    [Theory]
    [InlineData("", "from")]
    [InlineData("from=2026-13", "from")]
    [InlineData("from=2026-3", "from")]
    [InlineData("from=26-03", "from")]
    [InlineData("from=2026-03-01", "from")]
    [InlineData("from=2026-03&to=2026-02", "to")]
    [InlineData("from=2026-03&to=april", "to")]
    [InlineData("from=2024-01&to=2026-01", "to")]
    [InlineData("from=2026-03&community=NOPE-Z", "community")]
    public async Task Monthly_BadInput_Is400NamingTheField(string query, string field)
    {
        foreach (var path in new[] { "/api/v1/statistics/monthly?" + query, "/api/v1/statistics/monthly.csv?" + query })
        {
            var response = await api.GetAsync(path, Centre);

            Assert.Equal(400, response.Status);
            Assert.Equal("/problems/invalid-request", response.ProblemType);
            Assert.Equal(field, response.Json["field"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Monthly_TwentyFourMonths_IsTheLongestRange()
    {
        var response = await api.GetAsync("/api/v1/statistics/monthly?from=2024-02&to=2026-01", Centre);

        Assert.Equal(200, response.Status);
        Assert.Equal(24 * 2, response.Json["rows"]!.AsArray().Count);
    }

    [Fact]
    public async Task Monthly_ACommunityAdmin_SeesTheirOwnOnly_AndOtherRolesNone()
    {
        var other = await api.GetAsync($"/api/v1/statistics/monthly?from=2026-03&community={api.Grid.CommunityB.Value}", AdminA);
        var otherCsv = await api.GetAsync($"/api/v1/statistics/monthly.csv?from=2026-03&community={api.Grid.CommunityB.Value}", AdminA);
        var own = await api.GetAsync("/api/v1/statistics/monthly?from=2026-03", AdminA);
        var worker = await api.GetAsync("/api/v1/statistics/monthly?from=2026-03", ApiSystem.Token("grid-worker", cells: [api.Grid.A1.Value]));
        var officer = await api.GetAsync("/api/v1/statistics/monthly?from=2026-03", ApiSystem.Token("correction-officer"));

        Assert.Equal((403, "/problems/out-of-scope"), (other.Status, other.ProblemType));
        Assert.Equal((403, "/problems/out-of-scope"), (otherCsv.Status, otherCsv.ProblemType));
        Assert.Equal(200, own.Status);
        Assert.Equal([api.Grid.CommunityA.Value], own.Json["rows"]!.AsArray().Select(r => r!["community"]!.GetValue<string>()));
        Assert.Equal((403, "/problems/forbidden-role"), (worker.Status, worker.ProblemType));
        Assert.Equal((403, "/problems/forbidden-role"), (officer.Status, officer.ProblemType));
    }

    private async Task<JsonNode> RowAsync(string path)
    {
        var response = await api.GetAsync(path, Centre);
        Assert.Equal(200, response.Status);
        return Assert.Single(response.Json["rows"]!.AsArray())!;
    }

    private static Dictionary<string, int> Figures(JsonNode row) => Flows.ToDictionary(f => f, f => row[f]!.GetValue<int>(), StringComparer.Ordinal);

    private static Dictionary<string, int> Expected(
        int visits = 0, int near = 0, int inspections = 0, int registrations = 0, int moveOuts = 0, int raised = 0, int yellow = 0, int red = 0,
        int closed = 0, int onTime = 0, int enrolments = 0, int discharges = 0, int proposed = 0, int decided = 0, int correction = 0, int drugs = 0, int rehabilitation = 0) =>
        new(StringComparer.Ordinal)
        {
            ["visits"] = visits,
            ["nearVisits"] = near,
            ["inspections"] = inspections,
            ["tenantRegistrations"] = registrations,
            ["moveOuts"] = moveOuts,
            ["alertsRaised"] = raised,
            ["yellowCards"] = yellow,
            ["redCards"] = red,
            ["alertsClosed"] = closed,
            ["alertsClosedOnTime"] = onTime,
            ["enrolments"] = enrolments,
            ["discharges"] = discharges,
            ["sanctionsProposed"] = proposed,
            ["sanctionsDecided"] = decided,
            ["correctionCases"] = correction,
            ["drugRehabilitationCases"] = drugs,
            ["rehabilitationCases"] = rehabilitation,
        };

    /// <summary>
    /// Journal rows written straight into the shared database, for months before the system's real clock (the test
    /// system runs real processes on the real clock, so grains cannot date an event in a past month). Only months no
    /// grain can reach are used, so other tests' figures are untouched; rows are shaped as the grains write them.
    /// </summary>
    private sealed class JournalSeed(string connectionString)
    {
        /// <summary>Adds a row for a new entity (or <paramref name="entityId"/>); returns the entity id.</summary>
        public async Task<string> AddAsync(string entityType, string eventType, string occurredAt, string community, object payload, string? entityId = null)
        {
            entityId ??= Guid.NewGuid().ToString("N");
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "INSERT INTO journal (event_id, entity_type, entity_id, event_type, actor, occurred_at, cell, community, payload) VALUES (@id, @type, @entity, @event, 'test:stats', @at, NULL, @community, @payload::jsonb)",
                connection);
            command.Parameters.AddWithValue("id", Guid.NewGuid());
            command.Parameters.AddWithValue("type", entityType);
            command.Parameters.AddWithValue("entity", entityId);
            command.Parameters.AddWithValue("event", eventType);
            command.Parameters.AddWithValue("at", DateTimeOffset.Parse(occurredAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime());
            command.Parameters.AddWithValue("community", community);
            command.Parameters.AddWithValue("payload", System.Text.Json.JsonSerializer.Serialize(payload, ApiSystem.Json));
            await command.ExecuteNonQueryAsync();
            return entityId;
        }
    }
}
