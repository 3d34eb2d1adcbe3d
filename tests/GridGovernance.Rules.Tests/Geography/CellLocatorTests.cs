using GridGovernance.Contracts.Common;
using GridGovernance.Grains.Geography;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using static GridGovernance.Rules.Tests.Geography.GeoJsonSamples;

namespace GridGovernance.Rules.Tests.Geography;

public sealed class CellLocatorTests
{
    // A 2 × 2 block of cells meeting at (113.31, 22.51), given in an order that is not code order.
    private static readonly CellArea[] Block =
    [
        Area("NE", "POLYGON ((113.31 22.51, 113.32 22.51, 113.32 22.52, 113.31 22.52, 113.31 22.51))"),
        Area("SW", "POLYGON ((113.30 22.50, 113.31 22.50, 113.31 22.51, 113.30 22.51, 113.30 22.50))"),
        Area("NW", "POLYGON ((113.30 22.51, 113.31 22.51, 113.31 22.52, 113.30 22.52, 113.30 22.51))"),
        Area("SE", "POLYGON ((113.31 22.50, 113.32 22.50, 113.32 22.51, 113.31 22.51, 113.31 22.50))"),
    ];

    [Theory]
    [InlineData(113.305, 22.505, "SW")]
    [InlineData(113.315, 22.505, "SE")]
    [InlineData(113.305, 22.515, "NW")]
    [InlineData(113.315, 22.515, "NE")]
    public void Locate_PointInsideCell_ReturnsThatCell(double longitude, double latitude, string expected)
    {
        var locator = new CellLocator(Block);

        Assert.Equal(expected, locator.Locate(new GeoPoint(longitude, latitude)));
    }

    [Theory]
    [InlineData(113.299, 22.505)]
    [InlineData(113.321, 22.515)]
    [InlineData(113.31, 22.5201)]
    [InlineData(-70.0, -33.0)]
    public void Locate_PointOutsideEveryCell_ReturnsNull(double longitude, double latitude)
    {
        var locator = new CellLocator(Block);

        Assert.Null(locator.Locate(new GeoPoint(longitude, latitude)));
    }

    [Theory]
    [InlineData(double.NaN, 22.505)]
    [InlineData(113.305, double.PositiveInfinity)]
    [InlineData(113.305, 91)]
    [InlineData(181, 22.505)]
    public void Locate_PointNotOnEarth_ReturnsNull(double longitude, double latitude)
    {
        var locator = new CellLocator(Block);

        Assert.Null(locator.Locate(new GeoPoint(longitude, latitude)));
    }

    [Theory]
    [InlineData(113.31, 22.505, "SE")]
    [InlineData(113.31, 22.515, "NE")]
    [InlineData(113.305, 22.51, "NW")]
    [InlineData(113.315, 22.51, "NE")]
    public void Locate_PointOnEdgeSharedByTwoCells_ReturnsSmallestCodeWhateverTheOrder(double longitude, double latitude, string expected)
    {
        var point = new GeoPoint(longitude, latitude);

        Assert.All(Permutations(Block), cells => Assert.Equal(expected, new CellLocator(cells).Locate(point)));
    }

    [Fact]
    public void Locate_PointOnVertexSharedByFourCells_ReturnsSmallestCodeWhateverTheOrder()
    {
        var point = new GeoPoint(113.31, 22.51);

        var permutations = Permutations(Block).ToList();

        Assert.Equal(24, permutations.Count);
        Assert.All(permutations, cells => Assert.Equal("NE", new CellLocator(cells).Locate(point)));
    }

    [Fact]
    public void Locate_PointOnSharedDiagonalEdge_ReturnsSmallestCode()
    {
        // Two triangles split along a diagonal whose midpoint is exactly representable.
        CellArea[] cells =
        [
            Area("T2", "POLYGON ((113.25 22.25, 113.5 22.25, 113.5 22.5, 113.25 22.25))"),
            Area("T1", "POLYGON ((113.25 22.25, 113.5 22.5, 113.25 22.5, 113.25 22.25))"),
        ];

        Assert.Equal("T1", new CellLocator(cells).Locate(new GeoPoint(113.375, 22.375)));
        Assert.Equal("T1", new CellLocator(cells.Reverse()).Locate(new GeoPoint(113.375, 22.375)));
        Assert.Equal("T2", new CellLocator(cells).Locate(new GeoPoint(113.375, 22.3749)));
    }

    [Fact]
    public void Locate_TiedCells_ComparesCodesOrdinally()
    {
        // Culture-aware comparison would put "a1" first; ordinal order puts "B1" (0x42) before "a1" (0x61).
        CellArea[] cells =
        [
            Area("a1", "POLYGON ((113.30 22.50, 113.31 22.50, 113.31 22.51, 113.30 22.51, 113.30 22.50))"),
            Area("B1", "POLYGON ((113.31 22.50, 113.32 22.50, 113.32 22.51, 113.31 22.51, 113.31 22.50))"),
        ];

        Assert.Equal("B1", new CellLocator(cells).Locate(new GeoPoint(113.31, 22.505)));
    }

    [Fact]
    public void Locate_PointOnOuterBoundary_ReturnsTheOnlyCellThere()
    {
        var locator = new CellLocator(Block);

        Assert.Equal("SW", locator.Locate(new GeoPoint(113.30, 22.505)));
        Assert.Equal("SW", locator.Locate(new GeoPoint(113.30, 22.50)));
    }

    [Fact]
    public void Locate_PointInHole_ReturnsNull()
    {
        var locator = new CellLocator(
        [
            Area("RING", "POLYGON ((113.30 22.50, 113.32 22.50, 113.32 22.52, 113.30 22.52, 113.30 22.50), (113.305 22.505, 113.315 22.505, 113.315 22.515, 113.305 22.515, 113.305 22.505))"),
        ]);

        Assert.Null(locator.Locate(new GeoPoint(113.31, 22.51)));
        Assert.Equal("RING", locator.Locate(new GeoPoint(113.302, 22.51)));
        Assert.Equal("RING", locator.Locate(new GeoPoint(113.305, 22.51)));
    }

    [Fact]
    public void Locate_PointInHoleFilledByAnotherCell_ReturnsTheInnerCell()
    {
        var locator = new CellLocator(
        [
            Area("A-RING", "POLYGON ((113.30 22.50, 113.32 22.50, 113.32 22.52, 113.30 22.52, 113.30 22.50), (113.305 22.505, 113.315 22.505, 113.315 22.515, 113.305 22.515, 113.305 22.505))"),
            Area("Z-ISLAND", "POLYGON ((113.305 22.505, 113.315 22.505, 113.315 22.515, 113.305 22.515, 113.305 22.505))"),
        ]);

        Assert.Equal("Z-ISLAND", locator.Locate(new GeoPoint(113.31, 22.51)));
        Assert.Equal("A-RING", locator.Locate(new GeoPoint(113.305, 22.51)));
    }

    [Fact]
    public void Locate_PointInSecondPartOfMultiPolygon_ReturnsThatCell()
    {
        var locator = new CellLocator(
        [
            Area("SPLIT", "MULTIPOLYGON (((113.30 22.50, 113.31 22.50, 113.31 22.51, 113.30 22.51, 113.30 22.50)), ((113.40 22.50, 113.41 22.50, 113.41 22.51, 113.40 22.51, 113.40 22.50)))"),
        ]);

        Assert.Equal("SPLIT", locator.Locate(new GeoPoint(113.405, 22.505)));
        Assert.Null(locator.Locate(new GeoPoint(113.35, 22.505)));
    }

    [Fact]
    public void Locate_CellsFromAnImport_FindsEachCell()
    {
        var import = GridGeoJson.Parse(Collection(
            Community("C1", Box(113.30, 22.50, 113.32, 22.51)),
            GeoJsonSamples.Cell("C1-1", "C1", Box(113.30, 22.50, 113.31, 22.51)),
            GeoJsonSamples.Cell("C1-2", "C1", Box(113.31, 22.50, 113.32, 22.51))));
        Assert.True(import.IsValid);

        var locator = new CellLocator(import.Cells);

        Assert.Equal("C1-1", locator.Locate(new GeoPoint(113.305, 22.505)));
        Assert.Equal("C1-2", locator.Locate(new GeoPoint(113.315, 22.505)));
    }

    [Fact]
    public void Locate_ThousandsOfCells_FindsEachCentre()
    {
        const int Side = 60;
        static double Lon(int i) => 113.0 + (i * 0.001);
        static double Lat(int j) => 22.0 + (j * 0.001);
        var factory = new GeometryFactory();
        var cells = (from i in Enumerable.Range(0, Side)
                     from j in Enumerable.Range(0, Side)
                     let box = factory.ToGeometry(new Envelope(Lon(i), Lon(i + 1), Lat(j), Lat(j + 1)))
                     select new CellArea($"G{i:00}{j:00}", "C1", $"G{i:00}{j:00}", new WKBWriter().Write(box))).ToList();

        var locator = new CellLocator(cells);

        Assert.Equal(Side * Side, locator.Count);
        for (var i = 0; i < Side; i++)
        {
            for (var j = 0; j < Side; j++)
            {
                Assert.Equal($"G{i:00}{j:00}", locator.Locate(new GeoPoint(Lon(i) + 0.0005, Lat(j) + 0.0005)));
            }
        }
    }

    [Fact]
    public void Count_AfterBuilding_IsTheNumberOfCells()
    {
        Assert.Equal(4, new CellLocator(Block).Count);
    }

    [Fact]
    public void Locate_NoCells_ReturnsNull()
    {
        var locator = new CellLocator([]);

        Assert.Equal(0, locator.Count);
        Assert.Null(locator.Locate(new GeoPoint(113.305, 22.505)));
    }

    [Fact]
    public void Constructor_WkbNotPolygonal_Throws()
    {
        var point = Area("P", "POINT (113.3 22.5)");

        var exception = Assert.Throws<ArgumentException>(() => new CellLocator([point]));
        Assert.Contains("\"P\"", exception.Message, StringComparison.Ordinal);
    }

    private static CellArea Area(string code, string wkt) =>
        new(code, "C1", code, new WKBWriter().Write(new WKTReader().Read(wkt)));

    private static IEnumerable<CellArea[]> Permutations(CellArea[] cells) =>
        cells.Length <= 1
            ? [cells]
            : cells.SelectMany((first, i) => Permutations([.. cells[..i], .. cells[(i + 1)..]]).Select(rest => (CellArea[])[first, .. rest]));
}
