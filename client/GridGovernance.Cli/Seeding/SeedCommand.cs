using System.CommandLine;
using GridGovernance.Cli.Cluster;
using GridGovernance.Cli.Geography;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Geography;
using GridGovernance.Contracts.Supervision;
using Microsoft.Extensions.DependencyInjection;

namespace GridGovernance.Cli.Seeding;

/// <summary>
/// <c>gridgov seed</c>: generates the SYNTHETIC Shiqi demo district and registers it through the grains, as
/// field clients would. Ids are derived from the seed, so running it again changes nothing.
/// </summary>
internal static class SeedCommand
{
    private const string Actor = "cli:seed";

    public static Command Create(ClusterConnection connection)
    {
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same district.", DefaultValueFactory = _ => 2016 };
        var properties = new Option<int>("--properties") { Description = "Rental properties.", DefaultValueFactory = _ => 8000 };
        var people = new Option<int>("--people") { Description = "Monitored people.", DefaultValueFactory = _ => 1000 };
        var workers = new Option<int>("--workers") { Description = "Grid workers.", DefaultValueFactory = _ => 250 };
        var ifEmpty = new Option<bool>("--if-empty") { Description = "Do nothing when the district already has a grid." };
        var geoJsonOut = new Option<FileInfo?>("--write-geojson") { Description = "Also write the generated grid to this file." };
        var parallel = new Option<int>("--parallel") { Description = "Registrations in flight at once.", DefaultValueFactory = _ => 64 };
        var command = new Command("seed", "Seed the SYNTHETIC Shiqi demo district: 19 communities, ~250 cells, properties, people, workers.")
        {
            seed, properties, people, workers, ifEmpty, geoJsonOut, parallel,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var demo = new DemoDistrict(parse.GetValue(seed));
            var size = new DemoSize(parse.GetValue(properties), parse.GetValue(people), parse.GetValue(workers));
            if (parse.GetValue(geoJsonOut) is { } output)
            {
                await File.WriteAllTextAsync(output.FullName, demo.GridGeoJson(), cancellationToken);
            }

            using var host = await connection.ConnectAsync(parse, cancellationToken);
            var grains = host.Services.GetRequiredService<IClusterClient>();
            var district = grains.District(demo.District);
            if (parse.GetValue(ifEmpty) && await district.GetVersionAsync(cancellationToken) > 0)
            {
                Console.WriteLine($"district {demo.District} already has a grid; not seeding (drop --if-empty to top it up)");
                return 0;
            }

            var import = await district.ImportAsync(new GridImportRequest(demo.GridGeoJson(), false, DemoDistrict.DistrictName), Actor, cancellationToken);
            ImportCommand.Print(import);
            if (!import.Outcome.IsOk)
            {
                return 1;
            }

            var now = DateTimeOffset.UtcNow;
            var limit = parse.GetValue(parallel);
            var failures = 0;
            failures += await RunAsync("workers", demo.Workers(size).ToList(), limit, async w =>
                await grains.Worker(w.Id).RegisterAsync(w.Name, w.Cells, Actor, cancellationToken), cancellationToken);
            failures += await RunAsync("properties", demo.Properties(size, now).ToList(), limit, async p =>
            {
                var property = grains.Property(p.Id);
                var outcome = await property.RegisterAsync(p.Registration, Actor, cancellationToken);
                foreach (var (tenancy, reported) in p.Tenancies)
                {
                    outcome = await property.RegisterTenancyAsync(tenancy, Actor, cancellationToken);
                    if (reported && outcome.IsOk)
                    {
                        outcome = await property.RecordTenantReportAsync(tenancy.TenancyId, Contracts.Rentals.TenantReportKind.Arrival, Actor, cancellationToken);
                    }
                }

                return outcome;
            }, cancellationToken);
            failures += await RunAsync("people", demo.People(size, now).ToList(), limit, async p =>
            {
                var outcome = await grains.Person(p.Id).EnrolAsync(p.Enrolment, Actor, cancellationToken);
                return outcome.IsOk && p.Enrolment.ReportedAt is not null ? await OpenCaseAsync(grains, p, now, cancellationToken) : outcome;
            }, cancellationToken);

            var overview = await district.GetOverviewAsync(cancellationToken);
            Console.WriteLine($"seeded {overview.Name}: {overview.Communities.Count} communities, {overview.Communities.Sum(c => c.Cells)} cells, " +
                $"{overview.Communities.Sum(c => c.Properties)} properties, {overview.Communities.Sum(c => c.People)} people; " +
                "alerts for items already overdue appear as the cells sweep, within seconds");
            await host.StopAsync(cancellationToken);
            return failures == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>
    /// Brings a reported person's case to its working stage, as the officers would: a correction case gets its team
    /// and intake (CC-05/06), a drug rehabilitation case its signed agreement (DR-05).
    /// </summary>
    private static async Task<Outcome> OpenCaseAsync(IGrainFactory grains, DemoPerson person, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (person.Enrolment.Programme != Programme.CommunityCorrection)
        {
            return await grains.RehabilitationCase(person.Id).SignRehabilitationAgreementAsync(new SignRehabilitationAgreement(now), Actor, cancellationToken);
        }

        var c = grains.CorrectionCase(person.Id);
        var outcome = await c.SetTeamAsync(
            [new TeamMember("司法所干警（示例）", TeamRole.JudicialOfficer, Gender.Male), new TeamMember("社工（示例）", TeamRole.SocialWorker, Gender.Female)],
            Actor, cancellationToken);
        foreach (var step in Enum.GetValues<IntakeStep>())
        {
            outcome = outcome.IsOk ? await c.RecordIntakeStepAsync(step, Actor, cancellationToken) : outcome;
        }

        return outcome;
    }

    /// <summary>Runs registrations with bounded concurrency; "already registered with other details" counts as present.</summary>
    private static async Task<int> RunAsync<T>(string label, IReadOnlyList<T> items, int parallel, Func<T, Task<Outcome>> register, CancellationToken cancellationToken)
    {
        var progress = new ProgressLine(label, items.Count);
        var failures = 0;
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (item, _) =>
        {
            var outcome = await register(item);
            if (!outcome.IsOk && outcome.Kind != OutcomeKind.Conflict)
            {
                Interlocked.Increment(ref failures);
                await Console.Error.WriteLineAsync($"\n{label}: {outcome.Problem}: {outcome.Detail}");
            }

            progress.Advance();
        });
        progress.Finish();
        return failures;
    }
}
