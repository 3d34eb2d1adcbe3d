using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using GridGovernance.Contracts.Common;
using Npgsql;

namespace GridGovernance.Failover.Tests.Infrastructure;

/// <summary>
/// One test's cluster: silo processes and an API gateway process on a fresh database of a private PostgreSQL, the
/// small test grid imported with <c>gridgov import</c>, and the HTTP calls and SQL the failover tests check with.
/// Every silo gets the same settings; the membership timings come from <see cref="HostProcess.StartSilo"/>.
/// </summary>
public sealed class FailoverCluster : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Settings of every silo here, on top of HostProcess's faster failure detection (probe every 2 s, dead after 2
    /// missed probes): cells sweep every 5 s instead of every minute, which needs Orleans' reminder minimum lowered.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SiloSettings { get; } = new Dictionary<string, string>
    {
        ["GridGovernance__Rules__SweepPeriod"] = "00:00:05",
        ["Orleans__ReminderOptions__MinimumReminderPeriod"] = "00:00:01",
        // The load visits a property up to CheckInLoad.MaxVisitsPerProperty times; each must stay answerable as a replay.
        ["GridGovernance__Rules__RememberedVisits"] = "200",
    };

    private readonly List<HostProcess> _silos = [];
    private readonly NpgsqlDataSource _dataSource;

    private FailoverCluster(string connectionString, string clusterId, TestGrid grid)
    {
        ConnectionString = connectionString;
        ClusterId = clusterId;
        Grid = grid;
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string ConnectionString { get; }

    /// <summary>How long a set-up request may take before the test gives up on it.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public string ClusterId { get; }

    public TestGrid Grid { get; }

    public IReadOnlyList<HostProcess> Silos => _silos;

    public HostProcess Gateway { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>
    /// Starts <paramref name="silos"/> silos (in parallel) and a gateway on a new database of <paramref name="postgres"/>,
    /// and imports the test grid. <paramref name="siloExtra"/> adds environment to every silo.
    /// </summary>
    public static async Task<FailoverCluster> StartAsync(PostgresServer postgres, int silos, IReadOnlyDictionary<string, string>? siloExtra = null)
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var cluster = new FailoverCluster(connectionString, "fo-" + Guid.NewGuid().ToString("N")[..8], new TestGrid());
        try
        {
            var environment = new Dictionary<string, string>(SiloSettings);
            foreach (var (key, value) in siloExtra ?? new Dictionary<string, string>())
            {
                environment[key] = value;
            }

            for (var i = 1; i <= silos; i++)
            {
                cluster._silos.Add(HostProcess.StartSilo($"silo-{i}", connectionString, cluster.ClusterId, "svc", environment));
            }

            await Task.WhenAll(cluster._silos.Select(s => s.WaitReadyAsync(StartTimeout)));
            cluster.Gateway = HostProcess.StartGateway("gateway", connectionString, cluster.ClusterId, "svc", new Dictionary<string, string>
            {
                ["GridGovernance__Api__District"] = cluster.Grid.District.Value,
                // The load is a few users making many requests; the rate limit is not under test here.
                ["GridGovernance__Api__RequestsPerWindow"] = "100000",
            });
            await cluster.Gateway.WaitReadyAsync(StartTimeout);
            cluster.Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{cluster.Gateway.HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
            await cluster.ImportGridAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task ImportGridAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"gridgov-failover-{Grid.District.Value}.geojson");
        await File.WriteAllTextAsync(file, Grid.GeoJson());
        try
        {
            var (exitCode, output) = await CliProcess.RunAsync(ConnectionString, ClusterId, "svc", "import", file, "--district", Grid.District.Value, "--name", "failover test district");
            Assert.True(exitCode == 0, "gridgov import failed:\n" + output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The four cells' centres with their community: where test properties are registered.</summary>
    public IReadOnlyList<(GeoPoint At, string Community)> CellCentres =>
    [
        (TestGrid.Centre(0, 0), Grid.CommunityA.Value),
        (TestGrid.Centre(1, 0), Grid.CommunityA.Value),
        (TestGrid.Centre(0, 1), Grid.CommunityB.Value),
        (TestGrid.Centre(1, 1), Grid.CommunityB.Value),
    ];

    /// <summary>A grid worker of all four cells (the token's subject is the worker's id, so visits are theirs).</summary>
    public string WorkerToken(Guid worker) =>
        HostProcess.Token("grid-worker", worker.ToString(), [Grid.A1.Value, Grid.A2.Value, Grid.B1.Value, Grid.B2.Value]);

    /// <summary>
    /// Registers <paramref name="count"/> Green properties spread over the four cells, through the API as a community
    /// administrator would; with <paramref name="lastVisitedAt"/>, as records migrated with that last visit.
    /// </summary>
    public async Task<IReadOnlyList<TestProperty>> RegisterPropertiesAsync(int count, DateTimeOffset? lastVisitedAt = null)
    {
        var properties = new List<TestProperty>();
        foreach (var batch in Enumerable.Range(0, count).Chunk(16))
        {
            properties.AddRange(await Task.WhenAll(batch.Select(async i =>
            {
                var (at, community) = CellCentres[i % CellCentres.Count];
                var id = Guid.NewGuid();
                var token = HostProcess.Token("community-admin", "admin-" + community, [], community);
                var body = new { address = $"石岐故障路{i + 1}号", location = Point(at), landlord = new { name = "房东", phone = "13800000000" }, grade = "Green", lastVisitedAt };
                var response = await SendAsync(HttpMethod.Put, $"/api/v1/properties/{id}", token, body);
                Assert.True(response.Status == 200, $"registering property {i}: {response}");
                var visit = response.Json["deadlines"]!.AsArray().First(d => d!["kind"]!.GetValue<string>() == "Visit" && d["status"]!.GetValue<string>() == "Pending")!;
                return new TestProperty(id, at, response.Json["cell"]!.GetValue<string>(), visit["id"]!.GetValue<string>(), visit["dueAt"]!.GetValue<DateTimeOffset>());
            })));
        }

        return properties;
    }

    /// <summary>Sends a request with a bearer token and a JSON body; never throws for an HTTP status.</summary>
    public async Task<HttpAnswer> SendAsync(HttpMethod method, string path, string? token, object? body = null, TimeSpan? timeout = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        using var giveUp = new CancellationTokenSource(timeout ?? RequestTimeout);
        using var response = await Http.SendAsync(request, giveUp.Token);
        var text = await response.Content.ReadAsStringAsync(giveUp.Token);
        var retryAfter = response.Headers.RetryAfter?.Delta is { } delta ? delta.TotalSeconds.ToString(CultureInfo.InvariantCulture) : null;
        return new HttpAnswer((int)response.StatusCode, text, response.Content.Headers.ContentType?.MediaType, retryAfter);
    }

    /// <summary>Runs a query and returns its rows, each column as text.</summary>
    public async Task<IReadOnlyList<string?[]>> QueryAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = _dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<string?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>How many times each visit id appears in the journal's <c>visit-recorded</c> rows of these properties.</summary>
    public async Task<IReadOnlyDictionary<Guid, int>> JournaledVisitsAsync(IEnumerable<TestProperty> properties)
    {
        var rows = await QueryAsync(
            "SELECT payload->>'visitId', count(*) FROM journal WHERE event_type = 'visit-recorded' AND entity_id = ANY(@ids) GROUP BY 1",
            ("ids", properties.Select(p => p.Id.ToString("N")).ToArray()));
        return rows.ToDictionary(r => Guid.Parse(r[0]!), r => int.Parse(r[1]!, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The visit ids remembered in each property's stored grain state (the row the silo wrote, read directly),
    /// with how many times each appears.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, int>> StoredVisitsAsync(IEnumerable<TestProperty> properties)
    {
        var rows = await QueryAsync(
            """
            SELECT v->>'VisitId', count(*)
            FROM orleans_storage, jsonb_array_elements(convert_from(payloadbinary, 'UTF8')::jsonb->'Visits') AS v
            WHERE graintypestring = 'property/rental-property' AND grainidextensionstring = ANY(@keys)
            GROUP BY 1
            """,
            ("keys", properties.Select(p => "k:" + p.Id.ToString("N")).ToArray()));
        return rows.ToDictionary(r => Guid.Parse(r[0]!), r => int.Parse(r[1]!, CultureInfo.InvariantCulture));
    }

    /// <summary>The membership status of each silo of this cluster (3 Active, 6 Dead), by name, latest generation.</summary>
    public async Task<IReadOnlyDictionary<string, int>> MembershipAsync()
    {
        var rows = await QueryAsync(
            "SELECT DISTINCT ON (siloname) siloname, status FROM orleans_membership WHERE deploymentid = @c ORDER BY siloname, generation DESC",
            ("c", ClusterId));
        return rows.ToDictionary(r => r[0]!, r => int.Parse(r[1]!, CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        await _dataSource.DisposeAsync();
    }

    /// <summary>Web JSON, enums as strings: the gateway's wire format.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>A point as the API takes it.</summary>
    public static object Point(GeoPoint point) => new { longitude = point.Longitude, latitude = point.Latitude };
}

/// <summary>A property registered for a test: its id, point, cell, and its visit deadline when registered.</summary>
public sealed record TestProperty(Guid Id, GeoPoint At, string Cell, string VisitDeadline, DateTimeOffset VisitDue);

/// <summary>An HTTP answer: status, body, media type and Retry-After (seconds).</summary>
public sealed record HttpAnswer(int Status, string Body, string? ContentType, string? RetryAfter)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("empty body");

    /// <summary>The problem type of an error body, if it is one.</summary>
    public string? ProblemType => ContentType == "application/problem+json" ? Json["type"]?.GetValue<string>() : null;

    public override string ToString() => $"{Status} {ContentType} (Retry-After {RetryAfter}): {Body}";
}
