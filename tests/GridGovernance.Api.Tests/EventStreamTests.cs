using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Geography;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Contracts.Supervision;
using Npgsql;

namespace GridGovernance.Api.Tests;

/// <summary>
/// <c>GET /api/v1/events</c>: alert changes reach in-scope streams within seconds and never out-of-scope ones;
/// a reconnect with Last-Event-ID replays exactly what was missed, in order, then continues live.
/// </summary>
public sealed class EventStreamTests(ApiSystem api, GrainAccess grains)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AlertRaised_ReachesInScopeStreamsWithinSeconds_AndNoOutOfScopeStream()
    {
        await using var cluster = await AlertCluster.ConnectAsync(api);
        var workerA1 = ApiSystem.Token("grid-worker", cells: [api.Grid.A1.Value]);
        var adminB = ApiSystem.Token("community-admin", community: api.Grid.CommunityB.Value);
        await using var workerStream = await EventListener.OpenAsync(api, workerA1);
        await using var adminStream = await EventListener.OpenAsync(api, adminB);
        await using var centreStream = await EventListener.OpenAsync(api, ApiSystem.Token("command-centre"));

        var inB1 = await cluster.RaiseAsync(api.Grid, api.Grid.B1);
        var inA1 = await cluster.RaiseAsync(api.Grid, api.Grid.A1);
        var inB2 = await cluster.RaiseAsync(api.Grid, api.Grid.B2);

        var raised = await adminStream.WaitForAsync(e => e.Any(i => i.Is("alert-raised", inB1)), Wait, "the B-1 alert on B's administrator's stream");
        var item = raised.Single(i => i.Is("alert-raised", inB1));
        Assert.Equal((await JournalSeqsAsync(inB1)).Single().ToString(System.Globalization.CultureInfo.InvariantCulture), item.EventId);
        Assert.Equal(api.Grid.B1.Value, item.Json["cell"]!.GetValue<string>());
        Assert.Equal(api.Grid.CommunityB.Value, item.Json["community"]!.GetValue<string>());
        Assert.Equal("Yellow", item.Json["details"]!["level"]!.GetValue<string>());
        Assert.StartsWith("property:", item.Json["source"]!.GetValue<string>(), StringComparison.Ordinal);

        // Rows come in journal order, so once a stream shows a later alert it would already have shown an earlier one.
        var worker = await workerStream.WaitForAsync(e => e.Any(i => i.Is("alert-raised", inA1)), Wait, "the A-1 alert on A-1's worker's stream");
        Assert.DoesNotContain(worker, i => i.Alert is { } key && (key == inB1 || key == inB2));
        var admin = await adminStream.WaitForAsync(e => e.Any(i => i.Is("alert-raised", inB2)), Wait, "the B-2 alert on B's administrator's stream");
        Assert.DoesNotContain(admin, i => i.Alert == inA1);
        await centreStream.WaitForAsync(e => e.Any(i => i.Is("alert-raised", inB1)) && e.Any(i => i.Is("alert-raised", inA1)) && e.Any(i => i.Is("alert-raised", inB2)), Wait, "all three on the command centre's stream");

        // After alert events of a community, its counts follow (coalesced); never those of another community on a community's stream.
        var counts = await adminStream.WaitForAsync(e => e.Any(i => i.Type == "community-changed"), Wait, "community-changed on B's administrator's stream");
        Assert.All(counts.Where(i => i.Type == "community-changed"), i => Assert.Equal(api.Grid.CommunityB.Value, i.Json["code"]!.GetValue<string>()));
        Assert.All(counts.Where(i => i.Type == "community-changed"), i => Assert.Null(i.EventId));
    }

    [Fact]
    public async Task Reconnect_WithLastEventId_ReplaysExactlyTheMissedEventsInOrder_ThenContinuesLive()
    {
        await using var cluster = await AlertCluster.ConnectAsync(api);
        var token = ApiSystem.Token("community-admin", community: api.Grid.CommunityA.Value);
        var first = await cluster.RaiseAsync(api.Grid, api.Grid.A1);
        string lastId;
        await using (var stream = await EventListener.OpenAsync(api, token))
        {
            var second = await cluster.RaiseAsync(api.Grid, api.Grid.A2);
            var seen = await stream.WaitForAsync(e => e.Any(i => i.Is("alert-raised", second)), Wait, "the alert raised while connected");
            lastId = seen.Single(i => i.Is("alert-raised", second)).EventId!;
        }

        // Missed while disconnected: three alerts' changes, across both cells of the community.
        var third = await cluster.RaiseAsync(api.Grid, api.Grid.A1);
        await cluster.Client.Alert(third).AcknowledgeAsync("community-admin:test", "on it");
        var fourth = await cluster.RaiseAsync(api.Grid, api.Grid.A2);
        await cluster.Client.Alert(first).ResolveAsync("community-admin:test", "visited");
        var mine = new HashSet<string> { first, third, fourth };

        await using var resumed = await EventListener.OpenAsync(api, token, lastEventId: lastId);
        var fifth = await cluster.RaiseAsync(api.Grid, api.Grid.A1);
        mine.Add(fifth);
        var events = await resumed.WaitForAsync(e => e.Any(i => i.Is("alert-raised", fifth)), Wait, "the live alert after the replay");

        var expected = new (string Type, string Alert)[]
        {
            ("alert-raised", third), ("alert-acknowledged", third), ("alert-raised", fourth), ("alert-resolved", first), ("alert-raised", fifth),
        };
        Assert.Equal(expected, events.Where(i => i.Alert is { } key && mine.Contains(key)).Select(i => (i.Type, i.Alert!)));
        var ids = events.Where(i => i.EventId is not null).Select(i => i.EventId!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.DoesNotContain(lastId, ids);
        Assert.Equal((await JournalSeqsAsync(third)).Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            events.Where(i => i.Alert == third).Select(i => i.EventId!));
    }

    [Fact]
    public async Task ReplayOnly_WithLastEventIdQuery_ReturnsTheMissedEventsInScopeAndEnds()
    {
        await using var cluster = await AlertCluster.ConnectAsync(api);
        var before = await cluster.RaiseAsync(api.Grid, api.Grid.B1);
        var after = (await JournalSeqsAsync(before)).Single();
        var inB = await cluster.RaiseAsync(api.Grid, api.Grid.B2);
        var inA = await cluster.RaiseAsync(api.Grid, api.Grid.A2);
        var token = ApiSystem.Token("grid-worker", cells: [api.Grid.B2.Value]);

        var replay = await Eventually.ReturnsAsync(
            async () => EventListener.Parse((await api.GetAsync($"/api/v1/events?lastEventId={after}&follow=false", token)).Body),
            e => e.Any(i => i.Is("alert-raised", inB)), Wait, "the B-2 alert in the replay");

        Assert.DoesNotContain(replay, i => i.Alert == before || i.Alert == inA);
    }

    [Fact]
    public async Task Stream_Opens_WithEventStreamContentAndAHeartbeatComment()
    {
        using var http = new HttpClient { BaseAddress = api.Http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiSystem.Token("command-centre"));
        using var cts = new CancellationTokenSource(Wait);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(": heartbeat", await reader.ReadLineAsync(cts.Token));
    }

    [Theory]
    [InlineData("?lastEventId=abc", "lastEventId")]
    [InlineData("?lastEventId=-4", "lastEventId")]
    [InlineData("?lastEventId=999999999999", "lastEventId")]
    [InlineData("?cell=not%20a%20code", "cell")]
    [InlineData("?community=a-b", "community")]
    public async Task Stream_MalformedQuery_Is400NamingTheField(string query, string field)
    {
        var response = await api.GetAsync("/api/v1/events" + query, ApiSystem.Token("command-centre"));

        Assert.Equal(400, response.Status);
        Assert.Equal("/problems/invalid-request", response.ProblemType);
        Assert.Equal(field, response.Json["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stream_UnknownCell_Is404_AuditorIs403_AnonymousIs401()
    {
        Assert.Equal(404, (await api.GetAsync("/api/v1/events?cell=NO-SUCH-CELL", ApiSystem.Token("command-centre"))).Status);
        var auditor = await api.GetAsync("/api/v1/events?follow=false", ApiSystem.Token("auditor"));
        Assert.Equal((403, "/problems/forbidden-role"), (auditor.Status, auditor.ProblemType));
        Assert.Equal(401, (await api.GetAsync("/api/v1/events?follow=false", null)).Status);
    }

    [Fact]
    public async Task Stream_CommunityAdminAskingForAnotherCommunitysCell_Is403OutOfScope()
    {
        var admin = ApiSystem.Token("community-admin", community: api.Grid.CommunityA.Value);

        var other = await api.GetAsync($"/api/v1/events?cell={api.Grid.B1}&follow=false", admin);
        var own = await api.GetAsync($"/api/v1/events?cell={api.Grid.A1}&follow=false", admin);

        Assert.Equal((403, "/problems/out-of-scope"), (other.Status, other.ProblemType));
        Assert.Equal(200, own.Status);
    }

    [Fact]
    public async Task Stream_OneUserOverTheConcurrencyLimit_Is429_AndAClosedStreamFreesItsPlace()
    {
        var token = ApiSystem.Token("command-centre", "command-centre-" + Guid.NewGuid().ToString("N")[..8]);
        var open = new List<EventListener>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                open.Add(await EventListener.OpenAsync(api, token));
            }

            var refused = await api.GetAsync("/api/v1/events", token);
            Assert.Equal((429, "/problems/rate-limited"), (refused.Status, refused.ProblemType));
            Assert.NotNull(refused.Headers.RetryAfter);

            await open[0].DisposeAsync();
            open.RemoveAt(0);
            await Eventually.ReturnsAsync(async () => (await api.GetAsync("/api/v1/events?follow=false", token)).Status, s => s == 200, Wait, "a place freed by the closed stream");
        }
        finally
        {
            foreach (var stream in open)
            {
                await stream.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task OpenApi_DescribesTheStreamAndTheGrantOperations()
    {
        var document = await api.GetAsync("/openapi/v1.json", null);

        Assert.Equal(200, document.Status);
        var stream = document.Json["paths"]!["/api/v1/events"]!["get"]!;
        Assert.Equal("StreamEvents", stream["operationId"]!.GetValue<string>());
        Assert.NotNull(stream["responses"]!["200"]!["content"]!["text/event-stream"]);
        Assert.Equal("OpenAccessGrant", document.Json["paths"]!["/api/v1/access-grants"]!["post"]!["operationId"]!.GetValue<string>());
        Assert.Equal("ListMyAccessGrants", document.Json["paths"]!["/api/v1/access-grants/me"]!["get"]!["operationId"]!.GetValue<string>());
    }

    /// <summary>The replay (follow=false) after the row before <paramref name="from"/>'s first event, once <paramref name="until"/> holds.</summary>
    private async Task<IReadOnlyList<StreamItem>> ReplayAsync(string token, string from, Func<IReadOnlyList<StreamItem>, bool> until, string what)
    {
        var after = (await JournalSeqsAsync(from))[0] - 1;
        return await Eventually.ReturnsAsync(
            async () => EventListener.Parse((await api.GetAsync($"/api/v1/events?lastEventId={after}&follow=false", token)).Body), until, Wait, what);
    }

    private static async Task<string> RaisePersonAlertAsync(AlertCluster cluster, PersonId person, string deadline, DeadlineKind kind, CellCode cell, CommunityCode community)
    {
        var spec = new AlertSpec(new EntityRef(EntityKind.MonitoredPerson, person.Value), deadline, kind, DateTimeOffset.UtcNow.AddDays(-1), cell, community, "CC-21");
        return (await cluster.Client.Alert(spec.Key).RaiseAsync(spec, AlertLevel.Yellow, "system:test")).Key;
    }

    [Fact]
    public async Task L2_ATripReturnCard_IsNotStreamedToCallersWhoMayNotSeeTheSubjectsLocation()
    {
        await using var cluster = await AlertCluster.ConnectAsync(api);
        var officer = "officer-" + Guid.NewGuid().ToString("N")[..8];
        var person = await grains.EnrolPersonAsync(api, TestGrid.Centre(0, 0), Programme.CommunityCorrection, officer);
        var trip = await RaisePersonAlertAsync(cluster, person, "trip:" + Guid.NewGuid().ToString("N"), DeadlineKind.TripReturn, api.Grid.A1, api.Grid.CommunityA);
        await cluster.Client.Alert(trip).AcknowledgeAsync("correction-officer:" + officer, "电话联系");
        var control = await cluster.RaiseAsync(api.Grid, api.Grid.A1);

        foreach (var token in new[] { ApiSystem.Token("command-centre"), ApiSystem.Token("grid-worker", cells: [api.Grid.A1.Value]), ApiSystem.Token("community-admin", community: api.Grid.CommunityA.Value) })
        {
            var replay = await ReplayAsync(token, trip, e => e.Any(i => i.Is("alert-raised", control)), "the later A-1 alert in the replay");
            Assert.DoesNotContain(replay, i => i.Alert == trip);
            Assert.DoesNotContain(replay, i => i.Data.Contains(person.Value.ToString("N"), StringComparison.Ordinal));
        }

        var mine = await ReplayAsync(ApiSystem.Token("correction-officer", officer), trip,
            e => e.Any(i => i.Is("alert-acknowledged", trip)), "the trip card on its officer's replay");
        Assert.Contains(mine, i => i.Is("alert-raised", trip));
    }

    [Fact]
    public async Task L6_AMovedPropertysCards_AreStreamedToItsNewCell_NotItsOldOne()
    {
        await using var cluster = await AlertCluster.ConnectAsync(api);
        var key = await cluster.RaiseAsync(api.Grid, api.Grid.A1);
        var moved = await cluster.Client.FieldEntity(AlertKeys.SourceOf(key)!.Value).MoveAsync(TestGrid.Centre(1, 0), "system:test");
        Assert.True(moved.IsOk, moved.Detail);
        var control = await cluster.RaiseAsync(api.Grid, api.Grid.A1);

        var old = await ReplayAsync(ApiSystem.Token("grid-worker", cells: [api.Grid.A1.Value]), key, e => e.Any(i => i.Is("alert-raised", control)), "the later A-1 alert on A-1's worker's replay");
        Assert.DoesNotContain(old, i => i.Alert == key);
        var centre = await ReplayAsync(ApiSystem.Token("command-centre"), key, e => e.Any(i => i.Is("alert-raised", control)), "the later A-1 alert on the command centre's replay");
        Assert.Contains(centre, i => i.Alert == key);
        var now = await ReplayAsync(ApiSystem.Token("grid-worker", cells: [api.Grid.A2.Value]), key, e => e.Any(i => i.Is("alert-raised", key)), "the moved property's card on A-2's worker's replay");
        Assert.DoesNotContain(now, i => i.Alert == control);
    }

    [Fact]
    public async Task L9_AFormerOfficersStream_DropsThePerson_EvenWhileTheirCaseloadIndexLags()
    {
        await using var cluster = await AlertCluster.ConnectAsync(api);
        var former = "officer-" + Guid.NewGuid().ToString("N")[..8];
        var current = "officer-" + Guid.NewGuid().ToString("N")[..8];
        var person = await grains.EnrolPersonAsync(api, TestGrid.Centre(0, 1), Programme.CommunityDrugRehabilitation, former);
        var stillMine = await grains.EnrolPersonAsync(api, TestGrid.Centre(0, 1), Programme.CommunityDrugRehabilitation, former);
        Assert.True((await cluster.Client.Person(person).AssignOfficerAsync(current, "system:test")).IsOk);
        await cluster.Client.Caseload(former).SetAsync(person, assigned: true);
        var key = await RaisePersonAlertAsync(cluster, person, "visit-test", DeadlineKind.Visit, api.Grid.B1, api.Grid.CommunityB);
        var control = await RaisePersonAlertAsync(cluster, stillMine, "visit-test", DeadlineKind.Visit, api.Grid.B1, api.Grid.CommunityB);

        var replay = await ReplayAsync(ApiSystem.Token("correction-officer", former), key, e => e.Any(i => i.Is("alert-raised", control)), "the card of the person still on the former officer's caseload");
        Assert.DoesNotContain(replay, i => i.Alert == key);
        await ReplayAsync(ApiSystem.Token("correction-officer", current), key, e => e.Any(i => i.Is("alert-raised", key)), "the card on the current officer's replay");
    }

    private async Task<IReadOnlyList<long>> JournalSeqsAsync(string alert)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT seq FROM journal WHERE entity_id = @id ORDER BY seq", connection);
        command.Parameters.AddWithValue("id", alert);
        var seqs = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            seqs.Add(reader.GetInt64(0));
        }

        return seqs;
    }
}

/// <summary>One event as a test reads it off the stream.</summary>
internal sealed record StreamItem(string Type, string? EventId, string Data)
{
    public JsonNode Json => JsonNode.Parse(Data)!;

    /// <summary>The alert key of an alert event, else null.</summary>
    public string? Alert => Type.StartsWith("alert-", StringComparison.Ordinal) ? Json["alert"]?.GetValue<string>() : null;

    public bool Is(string type, string alert) => Type == type && Alert == alert;
}

/// <summary>An open event stream, read in the background into a list the test waits on.</summary>
internal sealed class EventListener : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<StreamItem> _items = [];
    private readonly Task _reading;

    private EventListener(HttpClient http, HttpResponseMessage response, Stream body)
    {
        _http = http;
        _response = response;
        _reading = Task.Run(() => ReadAsync(body));
    }

    public static async Task<EventListener> OpenAsync(ApiSystem api, string token, string query = "", string? lastEventId = null)
    {
        var http = new HttpClient { BaseAddress = api.Http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events" + query);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            response.Dispose();
            http.Dispose();
            throw new InvalidOperationException($"GET /api/v1/events{query} answered {(int)response.StatusCode}: {body}");
        }

        return new EventListener(http, response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>A whole (ended) stream's events.</summary>
    public static IReadOnlyList<StreamItem> Parse(string body)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body));
        return [.. SseParser.Create(stream).Enumerate().Select(i => new StreamItem(i.EventType, i.EventId, i.Data))];
    }

    /// <summary>The events so far once <paramref name="condition"/> holds; fails naming <paramref name="what"/> otherwise.</summary>
    public async Task<IReadOnlyList<StreamItem>> WaitForAsync(Func<IReadOnlyList<StreamItem>, bool> condition, TimeSpan timeout, string what) =>
        await Eventually.ReturnsAsync(() => Task.FromResult(Snapshot()), condition, timeout, what);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        _http.Dispose();
        try
        {
            await _reading;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException)
        {
            // The stream was cut on purpose.
        }

        _stop.Dispose();
    }

    private IReadOnlyList<StreamItem> Snapshot()
    {
        lock (_items)
        {
            return [.. _items];
        }
    }

    private async Task ReadAsync(Stream body)
    {
        await foreach (var item in SseParser.Create(body).EnumerateAsync(_stop.Token))
        {
            lock (_items)
            {
                _items.Add(new StreamItem(item.EventType, item.EventId, item.Data));
            }
        }
    }
}

/// <summary>An Orleans client on the test system's cluster, for raising alerts as a property's deadline would.</summary>
internal sealed class AlertCluster : IAsyncDisposable
{
    private AlertCluster(IClusterClient client) => Client = client;

    public IClusterClient Client { get; }

    /// <summary>The assembly's one Orleans client to the test silo (<see cref="GrainAccess"/>), not a client of its own.</summary>
    public static async Task<AlertCluster> ConnectAsync(ApiSystem api) =>
        new(await (GrainAccess.Shared ?? throw new InvalidOperationException("GrainAccess is an assembly fixture and must be up")).GrainsAsync(api));

    /// <summary>
    /// Registers a property at the centre of <paramref name="cell"/> (one of the test grid's four) and raises a yellow
    /// card for a missed visit of it, as its deadline sweep would; returns the alert key.
    /// </summary>
    public async Task<string> RaiseAsync(TestGrid grid, CellCode cell)
    {
        var (column, row, community) = cell == grid.A1 ? (0, 0, grid.CommunityA) : cell == grid.A2 ? (1, 0, grid.CommunityA) : cell == grid.B1 ? (0, 1, grid.CommunityB) : (1, 1, grid.CommunityB);
        var property = new PropertyId(Guid.NewGuid());
        var registered = await Client.Property(property).RegisterAsync(
            new RegisterProperty(grid.District, "岐关路" + property.Value.ToString("N")[..4] + "号", TestGrid.Centre(column, row), new Landlord("房东", "13800000000"), RiskGrade.Green, null), "system:test");
        Assert.True(registered.IsOk, registered.Detail);
        var spec = new AlertSpec(new EntityRef(EntityKind.RentalProperty, property.Value), "visit-test", DeadlineKind.Visit, DateTimeOffset.UtcNow.AddDays(-1), cell, community, "RH-09");
        var view = await Client.Alert(spec.Key).RaiseAsync(spec, AlertLevel.Yellow, "system:test");
        return view.Key;
    }

    /// <summary>The shared client stays connected for the other tests.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
