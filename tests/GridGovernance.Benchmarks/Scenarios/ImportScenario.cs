using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using GridGovernance.Benchmarks.Infrastructure;
using GridGovernance.Contracts.Rentals;

namespace GridGovernance.Benchmarks.Scenarios;

/// <summary>
/// P2: importing a city through the fastest bulk path the product offers over HTTP. There is no bulk registration
/// endpoint for properties or people, so both are PUT one by one (as the community's administrator), 64 in flight; tenancies go in the offline-sync batches
/// (POST /api/v1/sync, 500 items, as the cell's grid worker), 8 batches in flight. The city's time is extrapolated
/// from the rates at this size; goal: 100k properties, 1 M tenancies and 10k people in ≤ 120 s.
/// </summary>
internal sealed class ImportScenario : IScenario
{
    private const int InFlight = 64;
    private const int BatchesInFlight = 8;
    private const int BatchSize = 500;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public string Name => "p2";

    public async Task<bool> RunAsync(BenchSystem system)
    {
        var options = system.Options;
        var now = DateTimeOffset.UtcNow;
        var sites = await system.LocateAsync(system.MoreProperties(options.Properties, options.ImportProperties, now));
        var failures = 0;
        string? firstFailure = null;
        void Fail(string what)
        {
            Interlocked.Increment(ref failures);
            Interlocked.CompareExchange(ref firstFailure, what, null);
        }

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(sites, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (site, _) =>
        {
            var r = site.Property.Registration;
            var body = JsonSerializer.Serialize(new
            {
                address = r.Address,
                location = new { longitude = r.Location.Longitude, latitude = r.Location.Latitude },
                landlord = new { name = r.Landlord.Name, phone = r.Landlord.Phone },
                grade = r.Grade,
                lastVisitedAt = now,
            }, Json);
            var (status, text) = await system.SendAsync(HttpMethod.Put, $"/api/v1/properties/{site.Id}", system.AdminToken(site.Community), body);
            if (status == 200)
            {
                system.RegisteredProperties.Add(site.Property.Id);
            }
            else
            {
                Fail($"PUT property {status}: {text}");
            }
        });
        var propertySeconds = clock.Elapsed.TotalSeconds;

        // Tenancies of one cell's properties go in one worker's batches, as a phone syncing its day would send them.
        var batches = sites
            .Where(s => s.Property.Registration.Grade != RiskGrade.Red) // RH-07: a RED property must not be rented.
            .SelectMany(s => Enumerable.Range(0, options.TenanciesPerProperty).Select(t => (Site: s, Item: TenancyItem(s, t, now))))
            .GroupBy(x => x.Site.Cell)
            .SelectMany(g => g.Chunk(BatchSize).Select(chunk => (Cell: g.Key, Items: chunk.Select(x => x.Item).ToList())))
            .ToList();
        var tenancies = batches.Sum(b => b.Items.Count);
        clock.Restart();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = BatchesInFlight }, async (batch, _) =>
        {
            var body = new JsonObject { ["deviceId"] = "bench-" + batch.Cell.Value, ["items"] = new JsonArray([.. batch.Items]) }.ToJsonString();
            var (status, text) = await system.SendAsync(HttpMethod.Post, "/api/v1/sync", system.WorkerToken(batch.Cell), body);
            var answer = status == 200 ? JsonNode.Parse(text) : null;
            var applied = answer is null ? 0 : answer["accepted"]!.GetValue<int>() + answer["duplicates"]!.GetValue<int>();
            if (applied != batch.Items.Count)
            {
                Fail($"sync {status}: {applied} of {batch.Items.Count} applied: {(text.Length > 600 ? text[..600] : text)}");
            }
        });
        var tenancySeconds = clock.Elapsed.TotalSeconds;

        // Enrolled by the administrator of the home's community (an officer's enrolment would also fill one caseload).
        var people = await Task.WhenAll(system.Demo.People(new Cli.Seeding.DemoSize(0, options.ImportPeople, 0), now)
            .Select(async p => (Person: p, Home: await system.LocateAsync(p.Enrolment.Home))));
        clock.Restart();
        await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (item, _) =>
        {
            var (person, home) = item;
            var e = person.Enrolment;
            var body = JsonSerializer.Serialize(new
            {
                name = e.Name,
                gender = e.Gender,
                home = new { longitude = e.Home.Longitude, latitude = e.Home.Latitude },
                programme = e.Programme,
                sentenceType = e.SentenceType,
                level = e.Level,
                orderEffectiveOn = e.OrderEffectiveOn,
                reportedAt = e.ReportedAt,
                // Visited today: the import must not raise cards that P3 would count.
                lastVisitedAt = now,
                correctionEndsOn = e.CorrectionEndsOn,
            }, Json);
            var (status, text) = await system.SendAsync(HttpMethod.Put, $"/api/v1/people/{person.Id.Value}", system.AdminToken(home.Community), body);
            if (status == 200)
            {
                system.EnrolledPeople.Add(person.Id);
            }
            else
            {
                Fail($"PUT person {status}: {text}");
            }
        });
        var peopleSeconds = clock.Elapsed.TotalSeconds;

        var propertyRate = sites.Count / propertySeconds;
        var tenancyRate = tenancies / tenancySeconds;
        var peopleRate = people.Length / peopleSeconds;
        var city = (100_000 / propertyRate) + (1_000_000 / tenancyRate) + (10_000 / peopleRate);
        new Markdown("what", "count", "seconds", "per second", "path", "a city (100k / 1 M / 10k) at this rate")
            .Row("properties", sites.Count, propertySeconds, propertyRate, $"PUT /api/v1/properties/{{id}}, {InFlight} in flight", $"{100_000 / propertyRate:0} s")
            .Row("tenancies", tenancies, tenancySeconds, tenancyRate, $"POST /api/v1/sync, {BatchSize} per batch, {BatchesInFlight} in flight", $"{1_000_000 / tenancyRate:0} s")
            .Row("people", people.Length, peopleSeconds, peopleRate, $"PUT /api/v1/people/{{id}}, {InFlight} in flight", $"{10_000 / peopleRate:0} s")
            .Row("**city import**", "", "", "", "one after the other", $"**{city:0} s** (goal ≤ 120 s)")
            .Print("P2 import of a city (scaled down, extrapolated)");
        if (firstFailure is not null)
        {
            Console.WriteLine($"{failures} failures; first: {firstFailure}");
        }

        system.Costs.Add(("registering a property over HTTP", $"{propertyRate:0}/s at {InFlight} in flight", "P2"));
        system.Costs.Add(("registering a tenancy over HTTP (sync batches)", $"{tenancyRate:0}/s", "P2"));
        system.Costs.Add(("enrolling a person over HTTP", $"{peopleRate:0}/s at {InFlight} in flight", "P2"));
        return failures == 0 && sites.Count > 0 && tenancies > 0;
    }

    private static JsonObject TenancyItem(Site site, int index, DateTimeOffset now)
    {
        var id = Guid.NewGuid();
        return new JsonObject
        {
            ["itemId"] = id,
            ["type"] = "tenancy",
            ["entity"] = new JsonObject { ["kind"] = "property", ["id"] = site.Id },
            ["deviceTime"] = now,
            ["tenantName"] = "租客" + index + "（示例）",
            ["idType"] = nameof(IdType.ResidentIdentityCard),
            // Region 999999 does not exist: synthetic, as the demo's.
            ["idNumber"] = $"9999991990{1 + (index % 12):D2}{1 + (site.Id.GetHashCode() & 0x0f):D2}{Random.Shared.Next(0, 10000):D4}",
            ["moveInAt"] = now.AddDays(-1),
        };
    }
}
