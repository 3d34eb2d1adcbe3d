using System.Globalization;
using System.Text;
using GridGovernance.Api.Geo;
using GridGovernance.Api.OpenApi;
using GridGovernance.Api.Problems;
using GridGovernance.Api.Security;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Geography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NetTopologySuite.Features;

namespace GridGovernance.Api.Endpoints;

/// <summary>Geography: cells as GeoJSON, import, point to cell, communities.</summary>
public static class GridEndpoints
{
    /// <summary>The largest grid document an import accepts (the other endpoints keep Kestrel's default).</summary>
    public const long MaxImportBytes = 32 * 1024 * 1024;

    /// <summary>Problem slug: the point lies in no cell of the district.</summary>
    public const string NoCellProblem = "no-cell";

    /// <summary>Problem slug: the grid document has issues (listed in the problem's <c>issues</c>); nothing was applied.</summary>
    public const string InvalidGridProblem = "invalid-grid";

    /// <summary>Maps the cell, grid-import, location and community groups; returns the cells group.</summary>
    public static RouteGroupBuilder MapGridEndpoints(this IEndpointRouteBuilder app)
    {
        var cells = app.MapGroup("/api/v1/cells").WithTags("Grid").RequireAuthorization().RequireRateLimiting(RateLimits.PerUser);
        cells.MapGet("/", ListCellsAsync)
            .WithName("ListCells")
            .WithSummary("The district's active cells as a GeoJSON FeatureCollection (WGS84 lon/lat) with their live counts.")
            .WithGeoJsonResponse(GeoJsonShape.FeatureCollection);
        cells.MapGet("/{code}", GetCellAsync)
            .WithName("GetCell")
            .WithSummary("One active cell as a GeoJSON Feature with its live counts.")
            .WithGeoJsonResponse(GeoJsonShape.Feature);
        cells.MapGet("/{code}/properties", ListCellPropertiesAsync)
            .WithName("ListCellProperties")
            .WithSummary("The rental properties in a cell (no tenant data), by address.");

        var imports = app.MapGroup("/api/v1/grid-imports").WithTags("Grid").RequireAuthorization().RequireRateLimiting(RateLimits.PerUser);
        imports.MapPost("/", ImportGridAsync)
            .WithName("ImportGrid")
            .WithSummary("Validates a GeoJSON grid (communities and cells) and, unless a dry run, applies it to the district.")
            .WithGeoJsonRequest(GeoJsonShape.FeatureCollection)
            .WithMetadata(new RequestSizeLimitAttribute(MaxImportBytes));

        var locations = app.MapGroup("/api/v1/locations").WithTags("Grid").RequireAuthorization().RequireRateLimiting(RateLimits.PerUser);
        locations.MapGet("/cell", LocateCellAsync)
            .WithName("LocateCell")
            .WithSummary("The cell a WGS84 point lies in.")
            .WithCoordinateQuery();

        var communities = app.MapGroup("/api/v1/communities").WithTags("Grid").RequireAuthorization().RequireRateLimiting(RateLimits.PerUser);
        communities.MapGet("/{code}", GetCommunityAsync)
            .WithName("GetCommunity")
            .WithSummary("A community's counts and its cells' counts (no personal data).");
        return cells;
    }

    /// <summary>The district's active cells with boundaries and live counts; the counts are read from all cells at once.</summary>
    public static async Task<Results<JsonHttpResult<FeatureCollection>, ProblemHttpResult>> ListCellsAsync(
        GridCaller caller, IClusterClient client, ScopeGuard guard, IOptions<GridApiOptions> options, CancellationToken cancellationToken)
    {
        var access = await guard.CheckAsync(caller, Capability.ReadGrid, ScopeTarget.District, cancellationToken);
        if (!access.Allowed)
        {
            return Problems.Problems.Denied(access);
        }

        var (_, boundaries) = await client.District(new DistrictCode(options.Value.District)).GetBoundariesAsync(cancellationToken);
        var counts = await ReadCountsAsync(client, boundaries, cancellationToken);
        var features = boundaries.Select((b, i) => CellFeatures.Feature(b, counts[i]));
        return TypedResults.Json(CellFeatures.Collection(features), CellFeatures.Json, CellFeatures.MediaType);
    }

    /// <summary>One active cell as a Feature; 404 for an unknown or retired code.</summary>
    public static async Task<Results<JsonHttpResult<Feature>, ProblemHttpResult>> GetCellAsync(
        string code, GridCaller caller, IClusterClient client, ScopeGuard guard, IOptions<GridApiOptions> options, CancellationToken cancellationToken)
    {
        if (!Codes.IsValid(code))
        {
            return Problems.Problems.Invalid("code", Codes.Problem(code)!);
        }

        if (!ScopeGuard.Has(caller, Capability.ReadGrid))
        {
            return Problems.Problems.Denied(RoleLacks);
        }

        var (_, boundaries) = await client.District(new DistrictCode(options.Value.District)).GetBoundariesAsync(cancellationToken);
        if (boundaries.FirstOrDefault(b => b.Code.Value == code) is not { } boundary)
        {
            return Problems.Problems.NotFound($"No active cell '{code}' in this district.");
        }

        var access = await guard.CheckAsync(caller, Capability.ReadGrid, ScopeTarget.InCell(boundary.Code, boundary.Community), cancellationToken);
        if (!access.Allowed)
        {
            return Problems.Problems.Denied(access);
        }

        var summary = await client.Cell(boundary.Code).GetSummaryAsync(cancellationToken);
        return TypedResults.Json(CellFeatures.Feature(boundary, CellCounts.Of(boundary, summary)), CellFeatures.Json, CellFeatures.MediaType);
    }

    /// <summary>The rental properties the cell holds as members, read at once; scope is the cell (ReadProperty).</summary>
    public static async Task<Results<Ok<IReadOnlyList<PropertyResponse>>, ProblemHttpResult>> ListCellPropertiesAsync(
        string code, GridCaller caller, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken)
    {
        if (!Codes.IsValid(code))
        {
            return Problems.Problems.Invalid("code", Codes.Problem(code)!);
        }

        if (!ScopeGuard.Has(caller, Capability.ReadProperty))
        {
            return Problems.Problems.Denied(RoleLacks);
        }

        var cell = client.Cell(new CellCode(code));
        if (await cell.GetSummaryAsync(cancellationToken) is not { } summary)
        {
            return Problems.Problems.NotFound($"No cell '{code}' in this district.");
        }

        var community = summary.Community.Value.Length == 0 ? (CommunityCode?)null : summary.Community;
        var access = await guard.CheckAsync(caller, Capability.ReadProperty, new ScopeTarget(summary.Code, community), cancellationToken);
        if (!access.Allowed)
        {
            return Problems.Problems.Denied(access);
        }

        // Residents and the visit rule go only to a caller who may manage the cell's properties.
        var manages = (await guard.CheckAsync(caller, Capability.ManageProperty, new ScopeTarget(summary.Code, community), cancellationToken)).Allowed;
        var members = await cell.GetMembersAsync(cancellationToken);
        var properties = await Task.WhenAll(members
            .Where(m => m.Kind == EntityKind.RentalProperty)
            .Select(m => client.Property(new PropertyId(m.Id)).GetAsync(cancellationToken).AsTask()));
        // A member that moved on since the cell listed it is not shown here.
        IReadOnlyList<PropertyResponse> list = [.. properties
            .OfType<Contracts.Rentals.PropertySummary>()
            .Where(p => p.Cell?.Value == code)
            .OrderBy(p => p.Address, StringComparer.Ordinal)
            .ThenBy(p => p.Id.Value)
            .Select(p => PropertyResponse.From(p, manages))];
        return TypedResults.Ok(list);
    }

    /// <summary>
    /// Validates the GeoJSON grid in the body (as <c>gridgov import</c> does) and, unless <c>dryRun=true</c>, applies it
    /// to the gateway's district. A document with any issue changes nothing and answers 400 listing every issue.
    /// </summary>
    public static async Task<Results<Ok<GridImportResponse>, ProblemHttpResult>> ImportGridAsync(
        HttpRequest request, GridCaller caller, IClusterClient client, ScopeGuard guard, IOptions<GridApiOptions> options, CancellationToken cancellationToken, string? dryRun = null)
    {
        bool dry;
        if (dryRun is null)
        {
            dry = false;
        }
        else if (!bool.TryParse(dryRun, out dry))
        {
            return Problems.Problems.Invalid("dryRun", "dryRun is true or false.");
        }

        var access = await guard.CheckAsync(caller, Capability.ImportGrid, ScopeTarget.District, cancellationToken);
        if (!access.Allowed)
        {
            return Problems.Problems.Denied(access);
        }

        string document;
        try
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            document = await reader.ReadToEndAsync(cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.Problems.Problem(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge,
                $"A grid document may be at most {MaxImportBytes / (1024 * 1024)} MB.", "body");
        }

        if (string.IsNullOrWhiteSpace(document))
        {
            return Problems.Problems.Invalid("body", "The body must be a GeoJSON FeatureCollection of communities and cells.");
        }

        var result = await client.District(new DistrictCode(options.Value.District))
            .ImportAsync(new GridImportRequest(document, dry, null), caller.Actor, cancellationToken);
        if (result.Issues.Count > 0 || !result.Outcome.IsOk)
        {
            var problem = result.Outcome.IsOk
                ? Problems.Problems.Problem(StatusCodes.Status400BadRequest, InvalidGridProblem, "The grid document has problems; nothing was changed.", "body")
                : Problems.Problems.From(result.Outcome);
            problem.ProblemDetails.Extensions["issues"] = result.Issues.Select(ImportIssue.From).ToList();
            return problem;
        }

        return TypedResults.Ok(GridImportResponse.From(result));
    }

    /// <summary>The cell (and community) a WGS84 point lies in; 404 <c>/problems/no-cell</c> outside every cell.</summary>
    public static async Task<Results<Ok<CellLocationResponse>, ProblemHttpResult>> LocateCellAsync(
        GridCaller caller, IClusterClient client, ScopeGuard guard, IOptions<GridApiOptions> options, CancellationToken cancellationToken,
        string? longitude = null, string? latitude = null)
    {
        if (ParseCoordinate(longitude, "longitude", 180) is { } badLongitude)
        {
            return badLongitude;
        }

        if (ParseCoordinate(latitude, "latitude", 90) is { } badLatitude)
        {
            return badLatitude;
        }

        var access = await guard.CheckAsync(caller, Capability.ReadGrid, ScopeTarget.District, cancellationToken);
        if (!access.Allowed)
        {
            return Problems.Problems.Denied(access);
        }

        var point = new GeoPoint(Parse(longitude!), Parse(latitude!));
        var located = await client.Locator(new DistrictCode(options.Value.District)).LocateAsync(point, 0, cancellationToken);
        return located is null
            ? Problems.Problems.Problem(StatusCodes.Status404NotFound, NoCellProblem, $"The point {point} lies in no cell of this district.", null)
            : TypedResults.Ok(new CellLocationResponse(located.Cell.Value, located.Community.Value, point));
    }

    /// <summary>A community's counts (from memory) and its active cells' counts.</summary>
    public static async Task<Results<Ok<CommunityResponse>, ProblemHttpResult>> GetCommunityAsync(
        string code, GridCaller caller, IClusterClient client, ScopeGuard guard, IOptions<GridApiOptions> options, CancellationToken cancellationToken)
    {
        if (!Codes.IsValid(code))
        {
            return Problems.Problems.Invalid("code", Codes.Problem(code)!);
        }

        if (!ScopeGuard.Has(caller, Capability.ReadOverview))
        {
            return Problems.Problems.Denied(RoleLacks);
        }

        // Only communities of this gateway's district (the district lists them from memory); another district's is not found here.
        var community = new CommunityCode(code);
        var district = client.District(new DistrictCode(options.Value.District));
        var listed = (await district.GetOverviewAsync(cancellationToken)).Communities.Any(c => c.Code == community);
        if (!listed || await client.Community(community).GetOverviewAsync(cancellationToken) is not { } overview)
        {
            return Problems.Problems.NotFound($"No community '{code}' in this district.");
        }

        var access = await guard.CheckAsync(caller, Capability.ReadOverview, new ScopeTarget(null, community), cancellationToken);
        if (!access.Allowed)
        {
            return Problems.Problems.Denied(access);
        }

        var (_, boundaries) = await district.GetBoundariesAsync(cancellationToken);
        var cells = await ReadCountsAsync(client, [.. boundaries.Where(b => b.Community == community)], cancellationToken);
        var counts = CommunityCounts.From(overview);
        return TypedResults.Ok(new CommunityResponse(counts, [.. cells.OrderBy(c => c.Code, StringComparer.Ordinal)]));
    }

    private static Access RoleLacks { get; } = new(false, null, ProblemTypes.ForbiddenRole);

    /// <summary>Every cell's summary at once (the summary read interleaves, so a busy cell does not hold up the rest).</summary>
    private static async Task<CellCounts[]> ReadCountsAsync(IClusterClient client, IReadOnlyList<CellBoundary> boundaries, CancellationToken cancellationToken)
    {
        var summaries = await Task.WhenAll(boundaries.Select(b => client.Cell(b.Code).GetSummaryAsync(cancellationToken).AsTask()));
        return [.. boundaries.Select((b, i) => CellCounts.Of(b, summaries[i]))];
    }

    private static ProblemHttpResult? ParseCoordinate(string? text, string field, double limit)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Problems.Problems.Invalid(field, $"{field} is required (decimal degrees, WGS84).");
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            return Problems.Problems.Invalid(field, $"{field} must be a number (decimal degrees, WGS84).");
        }

        return value < -limit || value > limit ? Problems.Problems.Invalid(field, $"{field} must be between -{limit} and {limit}.") : null;
    }

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}

/// <summary>Where a point lies.</summary>
/// <param name="Cell">The cell's code.</param>
/// <param name="Community">Its community's code.</param>
/// <param name="Point">The point asked about.</param>
public sealed record CellLocationResponse(string Cell, string Community, GeoPoint Point);

/// <summary>A community: its counts and each active cell's counts.</summary>
/// <param name="Community">The community's counts (as in the district overview).</param>
/// <param name="Cells">Its active cells, by code.</param>
public sealed record CommunityResponse(CommunityCounts Community, IReadOnlyList<CellCounts> Cells);

/// <summary>One problem in an imported grid document.</summary>
/// <param name="Feature">Zero-based index of the feature in <c>features</c>, or −1 for the document itself.</param>
/// <param name="Code">The feature's code, when it has one.</param>
/// <param name="Problem">A stable slug, e.g. <c>invalid-geometry</c>, <c>cells-overlap</c>, <c>unknown-community</c>.</param>
/// <param name="Detail">A sentence naming the field or the other feature at fault.</param>
public sealed record ImportIssue(int Feature, string? Code, string Problem, string Detail)
{
    /// <summary>From the district's report.</summary>
    public static ImportIssue From(GridImportIssue issue) => new(issue.Feature, issue.Code, issue.Problem, issue.Detail);
}

/// <summary>What a valid grid import found and (unless a dry run) did.</summary>
/// <param name="Applied">False for a dry run.</param>
/// <param name="Version">The district's grid version after the import.</param>
/// <param name="Communities">Communities in the document.</param>
/// <param name="Cells">Cells in the document.</param>
/// <param name="Added">Cells new to the district.</param>
/// <param name="Changed">Cells whose boundary or community changed.</param>
/// <param name="Retired">Cells no longer in the document (kept, marked retired).</param>
/// <param name="Relocated">Properties and people placed again because their cell changed.</param>
public sealed record GridImportResponse(bool Applied, int Version, int Communities, int Cells, int Added, int Changed, int Retired, int Relocated)
{
    /// <summary>From the district's result.</summary>
    public static GridImportResponse From(GridImportResult result) =>
        new(result.Applied, result.Version, result.Communities, result.Cells, result.Added, result.Changed, result.Retired, result.Relocated);
}
