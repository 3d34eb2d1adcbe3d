using System.Globalization;
using System.Text.Json.Nodes;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Geography;

namespace GridGovernance.TestSupport;

/// <summary>
/// A small district near Shiqi for one test, with its own codes: community A (cells side by side)
/// south of community B (cells B-1, B-2). Each cell is 0.01° square (about 1 km).
/// </summary>
public sealed class TestGrid
{
    public const double West = 113.38, South = 22.52, Size = 0.01;

    public TestGrid()
    {
        District = new DistrictCode("T" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant());
    }

    public DistrictCode District { get; }

    public CommunityCode CommunityA => new(District.Value + "-A");

    public CommunityCode CommunityB => new(District.Value + "-B");

    public CellCode A1 => new(District.Value + "-A-1");

    public CellCode A2 => new(District.Value + "-A-2");

    public CellCode B1 => new(District.Value + "-B-1");

    public CellCode B2 => new(District.Value + "-B-2");

    /// <summary>The centre of cell (column, row) with column 0..1 west to east, row 0 = A, 1 = B.</summary>
    public static GeoPoint Centre(int column, int row) => new(West + (column + 0.5) * Size, South + (row + 0.5) * Size);

    /// <summary>
    /// The default grid; <paramref name="splitColumn"/> moves the border (in cell widths east of the west
    /// edge) and <paramref name="width"/> stretches the east cells (A-2, B-2) and both communities eastward.
    /// </summary>
    public string GeoJson(double splitColumn = 1.0, double width = 2.0)
    {
        var split = West + splitColumn * Size;
        var east = West + width * Size;
        var features = new JsonArray
        {
            Feature("community", CommunityA.Value, null, Box(West, South, east, South + Size)),
            Feature("community", CommunityB.Value, null, Box(West, South + Size, east, South + 2 * Size)),
            Feature("cell", A1.Value, CommunityA.Value, Box(West, South, split, South + Size)),
            Feature("cell", A2.Value, CommunityA.Value, Box(split, South, east, South + Size)),
            Feature("cell", B1.Value, CommunityB.Value, Box(West, South + Size, West + Size, South + 2 * Size)),
            Feature("cell", B2.Value, CommunityB.Value, Box(West + Size, South + Size, east, South + 2 * Size)),
        };
        return new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }.ToJsonString();
    }

    public async Task<GridImportResult> ImportAsync(IGrainFactory grains, double splitColumn = 1.0, double width = 2.0)
    {
        var result = await grains.District(District).ImportAsync(new GridImportRequest(GeoJson(splitColumn, width), false, "test district " + District), "test");
        Assert.True(result.Outcome.IsOk, string.Join("; ", result.Issues.Select(i => $"{i.Code}: {i.Problem}: {i.Detail}")));
        return result;
    }

    private static JsonObject Feature(string kind, string code, string? community, JsonArray ring)
    {
        var properties = new JsonObject { ["kind"] = kind, ["code"] = code, ["name"] = code };
        if (community is not null)
        {
            properties["community"] = community;
        }

        return new JsonObject
        {
            ["type"] = "Feature",
            ["properties"] = properties,
            ["geometry"] = new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) },
        };
    }

    private static JsonArray Box(double west, double south, double east, double north) =>
    [
        Point(west, south), Point(east, south), Point(east, north), Point(west, north), Point(west, south),
    ];

    private static JsonArray Point(double lon, double lat) =>
        [Math.Round(lon, 9, MidpointRounding.AwayFromZero), Math.Round(lat, 9, MidpointRounding.AwayFromZero)];

    /// <summary>Formats for messages.</summary>
    public override string ToString() => District.Value.ToString(CultureInfo.InvariantCulture);
}
