using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Npgsql;

[assembly: AssemblyFixture(typeof(GridGovernance.Browser.Tests.Infrastructure.BrowserSystem))]

namespace GridGovernance.Browser.Tests.Infrastructure;

/// <summary>
/// One running system for every browser test: a private PostgreSQL, a silo and a gateway process, the SYNTHETIC
/// demo district seeded by <c>gridgov seed</c> (19 communities, ~250 cells) with a few hundred entities, and one
/// headless Debian Chromium driven by Playwright. Tests open their own browser contexts (own storage, own
/// viewport, own position) and create the entities they look for with fresh ids.
/// </summary>
public sealed class BrowserSystem : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly PostgresServer _postgres = new();
    private HostProcess? _silo;
    private HostProcess? _gateway;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The demo district's code.</summary>
    public const string District = "SQ";

    public string ConnectionString { get; private set; } = "";

    public HttpClient Http { get; private set; } = new();

    public string BaseUrl { get; private set; } = "";

    /// <summary>The seeded cells: code, community and an interior point.</summary>
    public IReadOnlyList<SeededCell> Cells { get; private set; } = [];

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync()
    {
        await _postgres.InitializeAsync();
        ConnectionString = await _postgres.CreateDatabaseAsync();
        var clusterId = "web-" + Guid.NewGuid().ToString("N")[..8];
        _silo = HostProcess.StartSilo("silo", ConnectionString, clusterId, "svc");
        await _silo.WaitReadyAsync(StartTimeout);
        _gateway = HostProcess.StartGateway("gateway", ConnectionString, clusterId, "svc", new Dictionary<string, string>
        {
            ["GridGovernance__Api__District"] = District,
            ["GridGovernance__Api__RequestsPerWindow"] = "100000",
        });
        await _gateway.WaitReadyAsync(StartTimeout);
        BaseUrl = $"http://127.0.0.1:{_gateway.HttpPort}";
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };

        var (exitCode, output) = await CliProcess.RunAsync(ConnectionString, clusterId, "svc", "seed", "--properties", "300", "--people", "30", "--workers", "250");
        if (exitCode != 0)
        {
            throw new InvalidOperationException("gridgov seed failed:\n" + output);
        }

        Cells = await ReadCellsAsync();

        _playwright = await Playwright.CreateAsync();
        // Expectations wait like page actions do: on a loaded 2-core CI machine a page's first API answers can take
        // longer than Playwright's default 5 s. A bound, not a performance goal (figures are printed, not asserted).
        Assertions.SetDefaultExpectTimeout(20_000);
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            // Root in a container has no user namespaces for Chromium's sandbox.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
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

    /// <summary>Debian's Chromium (installed by the test command), or GRIDGOV_CHROMIUM.</summary>
    private static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable("GRIDGOV_CHROMIUM") is { Length: > 0 } set ? set : "/usr/bin/chromium";
        return File.Exists(path) ? path : throw new InvalidOperationException($"No Chromium at {path}: run deploy/local/test.sh (it installs Debian's chromium) or set GRIDGOV_CHROMIUM.");
    }

    /// <summary>A token signed with the gateway's test key.</summary>
    public static string Token(string role, string? subject = null, IReadOnlyCollection<string>? cells = null, string? community = null) =>
        HostProcess.Token(role, subject ?? role + "-" + Guid.NewGuid().ToString("N")[..6], cells ?? [], community);

    /// <summary>
    /// A new browser context and page at <paramref name="path"/> signed in with <paramref name="token"/>; a phone's
    /// viewport and touch when <paramref name="phone"/>, a GPS position when <paramref name="position"/> is given.
    /// </summary>
    public async Task<IPage> OpenAsync(string path, string token, bool phone = false, SeededPoint? position = null, Action<BrowserNewContextOptions>? configure = null)
    {
        var options = new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1600, Height = 1000 },
            IsMobile = phone,
            HasTouch = phone,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ServiceWorkers = ServiceWorkerPolicy.Block,
        };
        if (position is { } p)
        {
            options.Geolocation = new Geolocation { Longitude = (float)p.Longitude, Latitude = (float)p.Latitude, Accuracy = 8 };
            options.Permissions = ["geolocation"];
        }

        configure?.Invoke(options);
        var context = await Browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync(path + "#token=" + token);
        return page;
    }

    /// <summary>Saves a screenshot of <paramref name="page"/> as <c>NAME.png</c> in GRIDGOV_SCREENSHOTS, when set (the README's pictures).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("GRIDGOV_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png") });
        }
    }

    /// <summary>Registers a rental property at <paramref name="point"/> through the API (as its community's administrator).</summary>
    public async Task<Guid> RegisterPropertyAsync(SeededCell cell, SeededPoint point, DateTimeOffset? lastVisitedAt)
    {
        var id = Guid.NewGuid();
        var body = new
        {
            address = "石岐示例路" + Random.Shared.Next(1, 999).ToString(CultureInfo.InvariantCulture) + "号（示例）",
            location = new { longitude = point.Longitude, latitude = point.Latitude },
            landlord = new { name = "示例房东", phone = "13800000000" },
            grade = "Green",
            lastVisitedAt,
        };
        await SendAsync(HttpMethod.Put, $"/api/v1/properties/{id}", Token("community-admin", community: cell.Community), body);
        return id;
    }

    /// <summary>Registers a tenant who moved in at <paramref name="moveInAt"/> (never reported) at a property of <paramref name="cell"/>, through the API.</summary>
    public async Task<Guid> RegisterTenancyAsync(SeededCell cell, Guid property, DateTimeOffset moveInAt)
    {
        var id = Guid.NewGuid();
        var body = new
        {
            tenancyId = id,
            tenantName = "示例租客",
            idType = "ResidentIdentityCard",
            // A made-up number of the right length (the demo is SYNTHETIC).
            idNumber = "99999919900101" + Random.Shared.Next(1000, 10000).ToString(CultureInfo.InvariantCulture),
            moveInAt,
        };
        await SendAsync(HttpMethod.Post, $"/api/v1/properties/{property}/tenancies", Token("community-admin", community: cell.Community), body);
        return id;
    }

    /// <summary>Enrols a person in community drug rehabilitation at <paramref name="point"/> through the API.</summary>
    public async Task<Guid> EnrolPersonAsync(SeededCell cell, SeededPoint point, string name, DateTimeOffset? lastVisitedAt)
    {
        var id = Guid.NewGuid();
        var body = new
        {
            name,
            gender = "Male",
            home = new { longitude = point.Longitude, latitude = point.Latitude },
            programme = "CommunityDrugRehabilitation",
            orderEffectiveOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-30)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            reportedAt = DateTimeOffset.UtcNow.AddDays(-25),
            lastVisitedAt,
        };
        await SendAsync(HttpMethod.Put, $"/api/v1/people/{id}", Token("community-admin", community: cell.Community), body);
        return id;
    }

    /// <summary>Sends a request and returns the JSON answer; throws with the body when it is not a success.</summary>
    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        }

        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    /// <summary>Journal rows of <paramref name="eventType"/> for an entity.</summary>
    public async Task<long> JournalCountAsync(string entityId, string eventType)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM journal WHERE entity_id = @id AND event_type = @type", connection);
        command.Parameters.AddWithValue("id", entityId);
        command.Parameters.AddWithValue("type", eventType);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<IReadOnlyList<SeededCell>> ReadCellsAsync()
    {
        var collection = await SendAsync(HttpMethod.Get, "/api/v1/cells", Token("command-centre"));
        var cells = new List<SeededCell>();
        foreach (var feature in collection!["features"]!.AsArray())
        {
            var ring = feature!["geometry"]!["coordinates"]![0]!.AsArray();
            // The vertex average of a cell of the demo lattice (convex quadrilaterals) lies inside it.
            var points = ring.Take(ring.Count - 1).Select(c => (Lon: c![0]!.GetValue<double>(), Lat: c[1]!.GetValue<double>())).ToList();
            var centre = new SeededPoint(points.Average(p => p.Lon), points.Average(p => p.Lat));
            var props = feature["properties"]!;
            cells.Add(new SeededCell(props["code"]!.GetValue<string>(), props["community"]!.GetValue<string>(), centre));
        }

        return cells;
    }
}

/// <summary>A WGS84 point.</summary>
public readonly record struct SeededPoint(double Longitude, double Latitude)
{
    /// <summary>A point <paramref name="metres"/> east of this one.</summary>
    public SeededPoint East(double metres) => this with { Longitude = Longitude + metres / (111_320 * Math.Cos(Latitude * Math.PI / 180)) };
}

/// <summary>A seeded cell: code, community, a point inside it.</summary>
public sealed record SeededCell(string Code, string Community, SeededPoint Centre);
