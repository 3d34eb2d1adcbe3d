using System.CommandLine;
using GridGovernance.Cli.Cluster;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Geography;
using Microsoft.Extensions.DependencyInjection;

namespace GridGovernance.Cli.Geography;

/// <summary><c>gridgov import FILE</c>: validates a GeoJSON grid and, unless <c>--dry-run</c>, applies it.</summary>
internal static class ImportCommand
{
    public static Command Create(ClusterConnection connection)
    {
        var file = new Argument<FileInfo>("file") { Description = "GeoJSON FeatureCollection: features with properties kind (community|cell), code, name, and community on cells." };
        var district = new Option<string>("--district") { Description = "District code.", DefaultValueFactory = _ => "SQ" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and report; change nothing." };
        var name = new Option<string?>("--name") { Description = "District display name." };
        var command = new Command("import", "Import grid cells from GeoJSON, with a validation report naming each bad feature.") { file, district, dryRun, name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"gridgov: no such file: {path.FullName}");
                return 2;
            }

            var code = parse.GetValue(district)!;
            if (Codes.Problem(code) is { } problem)
            {
                await Console.Error.WriteLineAsync($"gridgov: --district: {problem}");
                return 2;
            }

            using var host = await connection.ConnectAsync(parse, cancellationToken);
            var client = host.Services.GetRequiredService<IClusterClient>();
            var request = new GridImportRequest(await File.ReadAllTextAsync(path.FullName, cancellationToken), parse.GetValue(dryRun), parse.GetValue(name));
            var result = await client.District(new DistrictCode(code)).ImportAsync(request, "cli:import", cancellationToken);
            Print(result);
            await host.StopAsync(cancellationToken);
            return result.Outcome.IsOk ? 0 : 1;
        });
        return command;
    }

    internal static void Print(GridImportResult result)
    {
        foreach (var issue in result.Issues)
        {
            var where = issue.Feature >= 0 ? $"feature {issue.Feature}" : "document";
            Console.WriteLine($"  {where}{(issue.Code is null ? "" : $" ({issue.Code})")}: {issue.Problem}: {issue.Detail}");
        }

        Console.WriteLine(result.Outcome.IsOk
            ? $"{(result.Applied ? "imported" : "dry run: valid")}: {result.Communities} communities, {result.Cells} cells; added {result.Added}, changed {result.Changed}, retired {result.Retired}, re-located {result.Relocated}; grid version {result.Version}"
            : $"not imported: {result.Outcome.Detail}");
    }
}
