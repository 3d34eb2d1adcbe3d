using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using GridGovernance.Cli.Seeding;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Geography;
using GridGovernance.Hosting.Cluster;
using GridGovernance.Hosting.Database;
using GridGovernance.Hosting.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GridGovernance.Benchmarks.Infrastructure;

/// <summary>A registered property and the cell it lies in.</summary>
internal sealed record Site(DemoProperty Property, CellCode Cell, CommunityCode Community)
{
    public Guid Id => Property.Id.Value;

    public GeoPoint Location => Property.Registration.Location;
}

/// <summary>Silo memory in bytes: resident set, Orleans' managed figure (heap + fragmentation), live heap when dumped.</summary>
internal sealed record SiloMemory(long Resident, long Managed, long? Live = null);

/// <summary>
/// The system under test, as it runs in production: a silo process and an API gateway process on the PostgreSQL the
/// benchmark was given, plus an Orleans client and an HTTP client in this process. The SYNTHETIC demo district's grid
/// is imported and <c>--properties</c> properties registered through the grains before any scenario runs.
/// </summary>
internal sealed class BenchSystem : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly ConcurrentDictionary<string, string> _tokens = new();
    private readonly string _signingKey = LocalTokens.NewKey();
    private ServerProcess? _silo;
    private ServerProcess? _gateway;
    private IHost? _client;

    private BenchSystem(BenchmarkOptions options, NpgsqlDataSource dataSource)
    {
        Options = options;
        DataSource = dataSource;
        Demo = new DemoDistrict(options.Seed);
    }

    public BenchmarkOptions Options { get; }

    public NpgsqlDataSource DataSource { get; }

    public DemoDistrict Demo { get; }

    public ServerProcess Silo => _silo ?? throw new InvalidOperationException("not started");

    public IClusterClient Grains => _client?.Services.GetRequiredService<IClusterClient>() ?? throw new InvalidOperationException("not started");

    public HttpClient Http { get; } = new(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, UseCookies = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Grid cells imported.</summary>
    public int Cells => CellCodes.Count;

    /// <summary>The codes of the imported cells.</summary>
    public IReadOnlyList<CellCode> CellCodes { get; private set; } = [];

    /// <summary>The base properties every load scenario uses (registered at start, last visited now: nothing overdue).</summary>
    public IReadOnlyList<Site> Sites { get; private set; } = [];

    /// <summary>Silo memory after the grid import, before any property: the baseline of P5.</summary>
    public SiloMemory SiloBaseline { get; private set; } = new(0, 0);

    /// <summary>Every property and person registered by this run, for P5's "all active".</summary>
    public ConcurrentBag<PropertyId> RegisteredProperties { get; } = [];

    public ConcurrentBag<PersonId> EnrolledPeople { get; } = [];

    /// <summary>Per-entity costs found by the scenarios: what, figure, where from.</summary>
    public List<(string What, string Figure, string From)> Costs { get; } = [];

    /// <summary>Demo properties after the first <c>--properties</c>, for scenarios that register their own.</summary>
    public IEnumerable<DemoProperty> MoreProperties(int skip, int count, DateTimeOffset now) =>
        Demo.Properties(new DemoSize(skip + count, 0, 0), now).Skip(skip);

    public static async Task<BenchSystem> StartAsync(BenchmarkOptions options)
    {
        var dataSource = GridDataSource.Create(options.Connection, "gridgov-bench");
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        var system = new BenchSystem(options, dataSource);
        try
        {
            await system.StartHostsAsync();
            return system;
        }
        catch
        {
            // No silo or gateway process left running when the start fails half way.
            await system.DisposeAsync();
            throw;
        }
    }

    private async Task StartHostsAsync()
    {
        var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        const string serviceId = "bench";
        var common = new Dictionary<string, string>
        {
            ["ConnectionStrings__grid"] = Options.Connection,
            ["Orleans__ClusterId"] = clusterId,
            ["Orleans__ServiceId"] = serviceId,
        };
        if (Options.TracesOff)
        {
            // The hosts record traces even with no exporter; the OpenTelemetry SDK's own switch turns sampling off.
            common["OTEL_TRACES_SAMPLER"] = "always_off";
        }

        // Throwaway personal-data keys: the data is synthetic and dropped with the benchmark's database.
        _silo = ServerProcess.Start("GridGovernance.Silo", "silo", new Dictionary<string, string>(common)
        {
            ["Orleans__Name"] = "bench-silo",
            ["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1",
            ["Orleans__Endpoints__SiloPort"] = Text(ServerProcess.FreePort()),
            ["Orleans__Endpoints__GatewayPort"] = Text(ServerProcess.FreePort()),
            ["GridGovernance__Protection__Keys__bench"] = LocalTokens.NewKey(),
            ["GridGovernance__Protection__ActiveKey"] = "bench",
            ["GridGovernance__Protection__IndexKey"] = LocalTokens.NewKey(),
        });
        // The gateway starts beside the silo (its cluster client waits for one) to save a start-up's time.
        _gateway = ServerProcess.Start("GridGovernance.Api", "gateway", new Dictionary<string, string>(common)
        {
            ["GridGovernance__Auth__SigningKey"] = _signingKey,
            ["GridGovernance__Api__District"] = Demo.District.Value,
            // One user's token drives a whole load run here; production keeps the per-user limit.
            ["GridGovernance__Api__RequestsPerWindow"] = "100000",
        });
        await _silo.WaitReadyAsync(StartTimeout);
        await _gateway.WaitReadyAsync(StartTimeout);
        Http.BaseAddress = _gateway.BaseAddress;

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["Orleans:ClusterId"] = clusterId;
        builder.Configuration["Orleans:ServiceId"] = serviceId;
        builder.UseOrleansClient(client => client.UseGridPostgres(DataSource));
        _client = builder.Build();
        await _client.StartAsync();

        var grid = Demo.GridGeoJson();
        var import = await Grains.District(Demo.District).ImportAsync(new GridImportRequest(grid, false, "benchmark"), "bench");
        if (!import.Outcome.IsOk)
        {
            throw new InvalidOperationException("grid import failed: " + import.Outcome.Detail);
        }

        CellCodes = [.. JsonNode.Parse(grid)!["features"]!.AsArray()
            .Select(f => f!["properties"]!)
            .Where(p => p["kind"]!.GetValue<string>() == "cell")
            .Select(p => new CellCode(p["code"]!.GetValue<string>()))];
        if (CellCodes.Count != import.Cells)
        {
            throw new InvalidOperationException($"{import.Cells} cells imported, {CellCodes.Count} in the grid");
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        SiloBaseline = await SiloMemoryAsync();
        await HoldAsync("baseline");

        var now = DateTimeOffset.UtcNow;
        var sites = await LocateAsync(Demo.Properties(new DemoSize(Options.Properties, 0, 0), now).Select(p => p with { Registration = p.Registration with { LastVisitedAt = now } }));
        var clock = Stopwatch.StartNew();
        await RegisterThroughGrainsAsync(sites, 64);
        var rate = sites.Count / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"setup: silo and gateway up, {Cells} cells imported, {sites.Count} properties registered through the grains in {clock.Elapsed.TotalSeconds:0.0} s ({rate:0}/s, 64 in flight)");
        Costs.Add(("registering a property through the grains (the `gridgov seed` path)", $"{rate:0} properties/s at 64 in flight", "setup"));
        Sites = sites;
    }

    /// <summary>The cell a point lies in.</summary>
    public async Task<CellLocation> LocateAsync(GeoPoint point) =>
        await Grains.Locator(Demo.District).LocateAsync(point, 0) ?? throw new InvalidOperationException($"demo point {point} lies in no cell");

    /// <summary>The cell of each property's point (the locator grain, not timed by any scenario).</summary>
    public async Task<List<Site>> LocateAsync(IEnumerable<DemoProperty> properties)
    {
        var sites = new ConcurrentBag<Site>();
        await Parallel.ForEachAsync(properties, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (p, _) =>
        {
            var located = await LocateAsync(p.Registration.Location);
            sites.Add(new Site(p, located.Cell, located.Community));
        });
        return [.. sites.OrderBy(s => s.Id)];
    }

    /// <summary>Registers properties with the grain call the CLI's seed makes.</summary>
    public async Task RegisterThroughGrainsAsync(IReadOnlyList<Site> sites, int parallel)
    {
        await Parallel.ForEachAsync(sites, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (s, ct) =>
        {
            var outcome = await Grains.Property(s.Property.Id).RegisterAsync(s.Property.Registration, "bench", ct);
            if (!outcome.IsOk && outcome.Kind != OutcomeKind.Conflict)
            {
                throw new InvalidOperationException($"registering {s.Id}: {outcome.Problem}: {outcome.Detail}");
            }

            RegisteredProperties.Add(s.Property.Id);
        });
    }

    /// <summary>A grid worker of <paramref name="cell"/> (subject: a worker id, so visits are recorded as theirs).</summary>
    public string WorkerToken(CellCode cell) =>
        _tokens.GetOrAdd("w:" + cell.Value, _ => Mint(Guid.NewGuid().ToString(), GridRoles.GridWorker, [cell.Value], null));

    /// <summary>Pending deadlines in every cell's index (the cells' own count; activates every cell).</summary>
    public async Task<long> PendingDeadlinesAsync()
    {
        long total = 0;
        await Parallel.ForEachAsync(CellCodes, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (cell, ct) =>
        {
            if (await Grains.Cell(cell).GetSummaryAsync(ct) is { } summary)
            {
                Interlocked.Add(ref total, summary.PendingDeadlines);
            }
        });
        return total;
    }

    /// <summary>A community administrator of <paramref name="community"/>.</summary>
    public string AdminToken(CommunityCode community) =>
        _tokens.GetOrAdd("a:" + community.Value, _ => Mint("bench-admin-" + community.Value, GridRoles.CommunityAdmin, [], community.Value));

    /// <summary>A district-wide token of <paramref name="role"/> (command centre, correction officer).</summary>
    public string Token(string role) => _tokens.GetOrAdd("r:" + role, _ => Mint("bench-" + role, role, [], null));

    /// <summary>Sends <paramref name="json"/> with a bearer token; the status and the body.</summary>
    public async Task<(int Status, string Body)> SendAsync(HttpMethod method, string path, string token, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// The silo's memory after a full garbage collection in it: resident (what the machine must have) and managed
    /// (what the grains and the runtime hold, without the collector's headroom).
    /// </summary>
    public async Task<SiloMemory> SiloMemoryAsync()
    {
        var management = Grains.GetGrain<IManagementGrain>(0);
        var hosts = (await management.GetHosts(onlyActive: true)).Keys.ToArray();
        await management.ForceGarbageCollection(hosts);
        // The silo samples its environment statistics about once a second.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await management.ForceRuntimeStatisticsCollection(hosts);
        var statistics = await management.GetRuntimeStatistics(hosts);
        var memory = new SiloMemory(Silo.ResidentBytes(), statistics.Sum(s => s.EnvironmentStatistics.RawMemoryUsageBytes));
        return Options.GcDump is { } tool ? memory with { Live = await LiveHeapBytesAsync(tool) } : memory;
    }

    /// <summary>The silo's live heap: <c>dotnet-gcdump collect</c>, then the total of its <c>report</c>.</summary>
    private async Task<long> LiveHeapBytesAsync(string tool)
    {
        var file = Path.Combine(Path.GetTempPath(), $"gridgov-bench-{Silo.ProcessId}-{Guid.NewGuid():N}.gcdump");
        try
        {
            await RunToolAsync(tool, "collect", "-p", Silo.ProcessId.ToString(CultureInfo.InvariantCulture), "-o", file);
            var report = await RunToolAsync(tool, "report", file);
            var total = report.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.EndsWith("GC Heap bytes", StringComparison.Ordinal))
                ?? throw new InvalidOperationException("no \"GC Heap bytes\" line in the gcdump report:\n" + report);
            return long.Parse(total.Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> RunToolAsync(string tool, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)}: {await errors}{await output}");
    }

    /// <summary>With <c>--hold N</c>, waits N seconds at a measuring point so the silo's heap can be dumped (dotnet-gcdump).</summary>
    public async Task HoldAsync(string point)
    {
        if (Options.Hold > TimeSpan.Zero)
        {
            Console.WriteLine($"holding the silo at \"{point}\" for {Options.Hold.TotalSeconds:0} s: dotnet-gcdump collect -p {Silo.ProcessId}");
            await Task.Delay(Options.Hold);
        }
    }

    /// <summary>Activations in the silo by grain type.</summary>
    public async Task<IReadOnlyDictionary<string, int>> ActivationsAsync()
    {
        var management = Grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: true);
        var statistics = await management.GetSimpleGrainStatistics([.. hosts.Keys]);
        return statistics.GroupBy(s => s.GrainType).ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_client is not null)
        {
            await _client.StopAsync(TimeSpan.FromSeconds(5));
            _client.Dispose();
        }

        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        await DataSource.DisposeAsync();
    }

    private string Mint(string subject, string role, IReadOnlyCollection<string> cells, string? community) =>
        LocalTokens.Mint(new GridAuthOptions { SigningKey = _signingKey }, subject, role, cells, community, TimeSpan.FromHours(4), DateTimeOffset.UtcNow);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
