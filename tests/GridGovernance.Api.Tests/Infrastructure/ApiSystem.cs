using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GridGovernance.Contracts.Common;
using Npgsql;

[assembly: AssemblyFixture(typeof(GridGovernance.Api.Tests.Infrastructure.ApiSystem))]

namespace GridGovernance.Api.Tests.Infrastructure;

/// <summary>
/// One running system for every API test: a private PostgreSQL, a silo process and a gateway process, with a
/// small test grid imported by <c>gridgov import</c> (community A: cells; community B: B-1, B-2).
/// Tests share it, so each one creates its own entities with fresh ids and never relies on global counts.
/// </summary>
public sealed class ApiSystem : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly PostgresServer _postgres = new();
    private HostProcess? _silo;
    private HostProcess? _gateway;

    public TestGrid Grid { get; } = new();

    public string ConnectionString { get; private set; } = "";

    public HostProcess Gateway => _gateway ?? throw new InvalidOperationException("not started");

    public HostProcess Silo => _silo ?? throw new InvalidOperationException("not started");

    /// <summary>An HTTP client for the gateway (no token set; use <see cref="SendAsync"/>).</summary>
    public HttpClient Http { get; private set; } = new();

    public async ValueTask InitializeAsync()
    {
        await _postgres.InitializeAsync();
        ConnectionString = await _postgres.CreateDatabaseAsync();
        var clusterId = "api-" + Guid.NewGuid().ToString("N")[..8];
        _silo = HostProcess.StartSilo("silo", ConnectionString, clusterId, "svc");
        await _silo.WaitReadyAsync(StartTimeout);
        _gateway = HostProcess.StartGateway("gateway", ConnectionString, clusterId, "svc", new Dictionary<string, string>
        {
            ["GridGovernance__Api__District"] = Grid.District.Value,
            // Tests make many requests as few users; the rate limit has a test of its own.
            ["GridGovernance__Api__RequestsPerWindow"] = "100000",
        });
        await _gateway.WaitReadyAsync(StartTimeout);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_gateway.HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };

        var file = Path.Combine(Path.GetTempPath(), $"gridgov-api-{Grid.District.Value}.geojson");
        await File.WriteAllTextAsync(file, Grid.GeoJson());
        try
        {
            var (exitCode, output) = await CliProcess.RunAsync(ConnectionString, clusterId, "svc", "import", file, "--district", Grid.District.Value, "--name", "API test district");
            if (exitCode != 0)
            {
                throw new InvalidOperationException("gridgov import failed:\n" + output);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        await _postgres.DisposeAsync();
    }

    /// <summary>A token of <paramref name="role"/> scoped to <paramref name="cells"/> or <paramref name="community"/>.</summary>
    public static string Token(string role, string? subject = null, IReadOnlyCollection<string>? cells = null, string? community = null) =>
        HostProcess.Token(role, subject ?? role + "-" + Guid.NewGuid().ToString("N")[..6], cells ?? [], community);

    /// <summary>Sends a request with an optional bearer token and JSON body (an object, or raw text sent as is).</summary>
    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? token, object? body = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Content = body switch
        {
            null => null,
            string raw => new StringContent(raw, Encoding.UTF8, "application/json"),
            _ => JsonContent.Create(body, options: Json),
        };
        // A large body waits for the server's go-ahead, so a 413 arrives as an answer instead of a broken pipe.
        if (body is string { Length: > 65536 })
        {
            request.Headers.ExpectContinue = true;
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse((int)response.StatusCode, text, response.Content.Headers.ContentType?.MediaType, response.Headers);
    }

    public Task<ApiResponse> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token);

    public Task<ApiResponse> PostAsync(string path, string? token, object? body) => SendAsync(HttpMethod.Post, path, token, body);

    public Task<ApiResponse> PutAsync(string path, string? token, object? body) => SendAsync(HttpMethod.Put, path, token, body);

    /// <summary>Rows of the journal for an entity ("property:&lt;id&gt;" style id without the prefix), oldest first.</summary>
    public async Task<IReadOnlyList<(string EventType, string Actor, string Payload)>> JournalAsync(string entityType, string entityId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT event_type, actor, payload::text FROM journal WHERE entity_type = @t AND entity_id = @i ORDER BY seq", connection);
        command.Parameters.AddWithValue("t", entityType);
        command.Parameters.AddWithValue("i", entityId);
        var rows = new List<(string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }

    /// <summary>
    /// Journal rows (other than audit rows of reads) whose actor is <paramref name="actor"/>: zero after a refused
    /// request from a fresh caller means it changed nothing. (Tests share one system and run in parallel, so a
    /// store-wide comparison would see other tests' writes.)
    /// </summary>
    public async Task<long> JournalRowsByAsync(string actor)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM journal WHERE actor = @actor AND event_type <> 'person-record-read'", connection);
        command.Parameters.AddWithValue("actor", actor);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Web JSON, enums as strings: the gateway's wire format.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>The centre of a test-grid cell as a GeoJSON-style point body.</summary>
    public static object Point(GeoPoint point) => new { longitude = point.Longitude, latitude = point.Latitude };
}

/// <summary>An HTTP answer: status, body text, media type and headers.</summary>
public sealed record ApiResponse(int Status, string Body, string? ContentType, HttpResponseHeaders Headers)
{
    /// <summary>The body as JSON.</summary>
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("empty body");

    /// <summary>The problem type of an error body.</summary>
    public string? ProblemType => ContentType == "application/problem+json" ? Json["type"]?.GetValue<string>() : null;

    public override string ToString() => $"{Status} {ContentType}: {Body}";
}
