using GridGovernance.Grains.Geography;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using static GridGovernance.Rules.Tests.Geography.GeoJsonSamples;

namespace GridGovernance.Rules.Tests.Geography;

public sealed class GridGeoJsonTests
{
    // Two communities side by side, two cells each; every shared edge uses the same literals.
    private static readonly string ValidDocument = Collection(
        Community("C1", Box(113.30, 22.50, 113.32, 22.51)),
        Community("C2", Box(113.32, 22.50, 113.34, 22.51), name: "Second"),
        Cell("C1-1", "C1", Box(113.30, 22.50, 113.31, 22.51)),
        Cell("C1-2", "C1", Box(113.31, 22.50, 113.32, 22.51)),
        Cell("C2-1", "C2", Box(113.32, 22.50, 113.33, 22.51)),
        Cell("C2-2", "C2", Box(113.33, 22.50, 113.34, 22.51)));

    [Theory]
    [InlineData("C1", "invalid-code")]          // codes are upper-case: "c1" is refused below
    [InlineData("C1-NOCELL", "invalid-code")]   // reserved suffix of the no-cell holder
    public void Parse_MalformedOrReservedCode_IsInvalidCode(string valid, string problem)
    {
        var code = valid == "C1" ? "c1" : valid;
        var import = GridGeoJson.Parse(Collection(Community(code, Box(113.30, 22.50, 113.32, 22.51))));

        var issue = Assert.Single(import.Issues);
        Assert.Equal((0, problem), (issue.Feature, issue.Problem));
    }

    [Fact]
    public void Parse_NameWithControlCharacter_IsInvalidProperty()
    {
        var import = GridGeoJson.Parse(Collection(Community("C1", Box(113.30, 22.50, 113.32, 22.51), name: "bad\\u0000name")));

        Assert.Equal("invalid-property", Assert.Single(import.Issues).Problem);
    }

    [Fact]
    public void Parse_TwoCommunitiesFourCells_ImportsClean()
    {
        var import = GridGeoJson.Parse(ValidDocument);

        Assert.True(import.IsValid, Describe(import));
        Assert.Equal(["C1", "C2"], import.Communities.Select(c => c.Code));
        Assert.Equal(["C1", "Second"], import.Communities.Select(c => c.Name));
        Assert.Equal(["C1-1", "C1-2", "C2-1", "C2-2"], import.Cells.Select(c => c.Code));
        Assert.Equal(["C1", "C1", "C2", "C2"], import.Cells.Select(c => c.CommunityCode));
        Assert.Equal(["C1-1", "C1-2", "C2-1", "C2-2"], import.Cells.Select(c => c.Name));
    }

    [Fact]
    public void Parse_ValidPolygon_StoresItAsWkb()
    {
        var import = GridGeoJson.Parse(ValidDocument);

        var geometry = new WKBReader().Read(import.Cells[0].Wkb);
        var expected = new WKTReader().Read("POLYGON ((113.30 22.50, 113.31 22.50, 113.31 22.51, 113.30 22.51, 113.30 22.50))");
        Assert.True(expected.EqualsExact(geometry), geometry.ToText());
    }

    [Fact]
    public void Parse_CellsWithHolesAndMultiPolygons_ImportsClean()
    {
        var import = GridGeoJson.Parse(Collection(
            Community("C1", MultiPolygon(
                [Ring(113.30, 22.50, 113.32, 22.51)],
                [Ring(113.40, 22.50, 113.41, 22.51)])),
            Cell("A", "C1", Box(113.30, 22.50, 113.31, 22.51, Ring(113.302, 22.502, 113.304, 22.504))),
            Cell("B", "C1", MultiPolygon(
                [Ring(113.31, 22.50, 113.32, 22.51)],
                [Ring(113.40, 22.50, 113.41, 22.51)])),
            Cell("C", "C1", Box(113.302, 22.502, 113.304, 22.504))));

        Assert.True(import.IsValid, Describe(import));
        Assert.Equal(3, import.Cells.Count);
        Assert.IsType<MultiPolygon>(new WKBReader().Read(import.Cells[1].Wkb));
    }

    [Fact]
    public void Parse_NoFeatures_ImportsCleanAndEmpty()
    {
        var import = GridGeoJson.Parse(Collection());

        Assert.True(import.IsValid);
        Assert.Empty(import.Communities);
        Assert.Empty(import.Cells);
    }

    [Fact]
    public void Parse_ThousandsOfTouchingCells_ImportsClean()
    {
        const int Side = 50;
        static double Lon(int i) => 113.0 + (i * 0.001);
        static double Lat(int j) => 22.0 + (j * 0.001);
        var cells = from i in Enumerable.Range(0, Side)
                    from j in Enumerable.Range(0, Side)
                    select Cell($"G{i:00}{j:00}", "C1", Box(Lon(i), Lat(j), Lon(i + 1), Lat(j + 1)));

        var import = GridGeoJson.Parse(Collection([Community("C1", Box(Lon(0), Lat(0), Lon(Side), Lat(Side))), .. cells]));

        Assert.True(import.IsValid, Describe(import));
        Assert.Equal(Side * Side, import.Cells.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("""{"type":"FeatureCollection","features":[}""")]
    [InlineData("""{"type":"FeatureCollection","features":[],}""")]
    public void Parse_MalformedJson_ReportsInvalidJsonForTheDocument(string text)
    {
        var issue = Assert.Single(GridGeoJson.Parse(text).Issues);

        Assert.Equal(-1, issue.Feature);
        Assert.Null(issue.Code);
        Assert.Equal("invalid-json", issue.Problem);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("[]")]
    [InlineData("""{"type":"Feature","properties":{},"geometry":null}""")]
    [InlineData("""{"type":"FeatureCollection"}""")]
    [InlineData("""{"type":"FeatureCollection","features":{}}""")]
    [InlineData("""{"features":[]}""")]
    public void Parse_NotAFeatureCollection_ReportsTheDocument(string text)
    {
        var import = GridGeoJson.Parse(text);

        var issue = Assert.Single(import.Issues);
        Assert.Equal(-1, issue.Feature);
        Assert.Equal("not-a-feature-collection", issue.Problem);
        Assert.False(import.IsValid);
    }

    [Fact]
    public void Parse_EntryThatIsNotAFeature_ReportsItsIndex()
    {
        var import = GridGeoJson.Parse(Collection(
            "null",
            "1",
            """{"type":"Polygon","coordinates":[]}""",
            Community("C1", Box(113.30, 22.50, 113.32, 22.51))));

        Assert.Equal([0, 1, 2], import.Issues.Select(i => i.Feature));
        Assert.All(import.Issues, i => Assert.Equal("not-a-feature-collection", i.Problem));
        Assert.Single(import.Communities);
    }

    [Theory]
    [InlineData("""{"code":"A1","community":"C1"}""", "A1", "kind")]
    [InlineData("""{"kind":7,"code":"A1","community":"C1"}""", "A1", "kind")]
    [InlineData("""{"kind":"cell","community":"C1"}""", null, "code")]
    [InlineData("""{"kind":"cell","code":"  ","community":"C1"}""", null, "code")]
    [InlineData("""{"kind":"cell","code":12,"community":"C1"}""", null, "code")]
    [InlineData("""{"kind":"cell","code":"A1"}""", "A1", "community")]
    [InlineData("""{"kind":"cell","code":"A1","community":null}""", "A1", "community")]
    [InlineData("""{"kind":"cell","code":"A1","community":"C1","name":3}""", "A1", "name")]
    [InlineData("null", null, "kind")]
    public void Parse_PropertyMissingOrNotAString_ReportsMissingProperty(string properties, string? code, string property)
    {
        var import = GridGeoJson.Parse(Collection(
            Community("C1", Box(113.30, 22.50, 113.32, 22.51)),
            Feature(properties, Box(113.30, 22.50, 113.31, 22.51))));

        var issue = Assert.Single(import.Issues);
        Assert.Equal((1, code, "missing-property"), (issue.Feature, issue.Code, issue.Problem));
        Assert.Contains($"\"{property}\"", issue.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NameNullOrMissing_DefaultsToCode()
    {
        var import = GridGeoJson.Parse(Collection(
            Community("C1", Box(113.30, 22.50, 113.32, 22.51)),
            Feature("""{"kind":"cell","code":"A1","community":"C1","name":null}""", Box(113.30, 22.50, 113.31, 22.51)),
            Feature("""{"kind":"cell","code":"A2","community":"C1","name":"North gate"}""", Box(113.31, 22.50, 113.32, 22.51))));

        Assert.True(import.IsValid, Describe(import));
        Assert.Equal(["A1", "North gate"], import.Cells.Select(c => c.Name));
    }

    [Theory]
    [InlineData("building")]
    [InlineData("Cell")]
    [InlineData("")]
    public void Parse_UnknownKind_ReportsUnknownKind(string kind)
    {
        var import = GridGeoJson.Parse(Collection(
            Feature($$"""{"kind":"{{kind}}","code":"X1"}""", Box(113.30, 22.50, 113.31, 22.51))));

        var issue = Assert.Single(import.Issues);
        Assert.Equal((0, "X1", "unknown-kind"), (issue.Feature, issue.Code, issue.Problem));
    }

    [Theory]
    [InlineData("""{"type":"Point","coordinates":[113.3,22.5]}""")]
    [InlineData("""{"type":"LineString","coordinates":[[113.3,22.5],[113.31,22.5]]}""")]
    [InlineData("""{"type":"GeometryCollection","geometries":[]}""")]
    [InlineData("""{"type":"Square","coordinates":[]}""")]
    [InlineData("""{"coordinates":[]}""")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    public void Parse_GeometryNotPolygonal_ReportsNotAPolygon(string geometry)
    {
        var import = GridGeoJson.Parse(Collection(
            Community("C1", Box(113.30, 22.50, 113.32, 22.51)),
            Cell("A1", "C1", geometry)));

        var issue = Assert.Single(import.Issues);
        Assert.Equal((1, "A1", "not-a-polygon"), (issue.Feature, issue.Code, issue.Problem));
    }

    [Fact]
    public void Parse_FeatureWithoutGeometryMember_ReportsNotAPolygon()
    {
        var import = GridGeoJson.Parse(Collection("""{"type":"Feature","properties":{"kind":"community","code":"C1"}}"""));

        Assert.Equal("not-a-polygon", Assert.Single(import.Issues).Problem);
    }

    [Theory]
    [InlineData("[[[180.5,22.5],[181,22.5],[181,22.6],[180.5,22.5]]]", "longitude")]
    [InlineData("[[[113.3,-91],[113.4,-91],[113.4,-90],[113.3,-91]]]", "latitude")]
    [InlineData("[[[113.3,22.5],[1e999,22.5],[113.4,22.6],[113.3,22.5]]]", "finite")]
    public void Parse_CoordinatesOutsideWgs84_ReportsCoordinatesOutOfRange(string coordinates, string reason)
    {
        var import = GridGeoJson.Parse(Collection(
            Community("C1", $$"""{"type":"Polygon","coordinates":{{coordinates}}}""")));

        var issue = Assert.Single(import.Issues);
        Assert.Equal((0, "C1", "coordinates-out-of-range"), (issue.Feature, issue.Code, issue.Problem));
        Assert.Contains(reason, issue.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SelfIntersectingPolygon_ReportsInvalidGeometryWithReasonAndLocation()
    {
        // A bow tie: its edges cross at (113.25, 22.25).
        var import = GridGeoJson.Parse(Collection(
            Community("C1", Polygon([113.0, 22.0, 113.5, 22.5, 113.5, 22.0, 113.0, 22.5]))));

        var issue = Assert.Single(import.Issues);
        Assert.Equal((0, "C1", "invalid-geometry"), (issue.Feature, issue.Code, issue.Problem));
        Assert.Contains("Self-intersection", issue.Detail, StringComparison.Ordinal);
        Assert.Contains("(113.25, 22.25)", issue.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"Polygon","coordinates":[[[113.3,22.5],[113.4,22.5],[113.4,22.6],[113.3,22.6]]]}""")]
    [InlineData("""{"type":"Polygon","coordinates":[[[113.3,22.5],[113.4,22.5],[113.3,22.5]]]}""")]
    [InlineData("""{"type":"Polygon","coordinates":[[[113.3,22.5],[113.4,22.5],[113.5,22.5],[113.3,22.5]]]}""")]
    [InlineData("""{"type":"Polygon","coordinates":[[[113.3,22.5],["113.4",22.5],[113.4,22.6],[113.3,22.5]]]}""")]
    [InlineData("""{"type":"Polygon","coordinates":[]}""")]
    [InlineData("""{"type":"Polygon","coordinates":5}""")]
    [InlineData("""{"type":"MultiPolygon","coordinates":[[[113.3,22.5],[113.4,22.5],[113.4,22.6],[113.3,22.5]]]}""")]
    [InlineData("""{"type":"Polygon","coordinates":[[[113.3,22.5],[113.4,22.5],[113.4,22.6],[113.3,22.6],[113.3,22.5]],[[113.5,22.5],[113.6,22.5],[113.6,22.6],[113.5,22.5]]]}""")]
    [InlineData("""{"type":"MultiPolygon","coordinates":[[[[113.3,22.5],[113.4,22.5],[113.4,22.6],[113.3,22.6],[113.3,22.5]]],[[[113.35,22.5],[113.45,22.5],[113.45,22.6],[113.35,22.6],[113.35,22.5]]]]}""")]
    public void Parse_UnreadableEmptyOrInvalidPolygon_ReportsInvalidGeometry(string geometry)
    {
        var import = GridGeoJson.Parse(Collection(Community("C1", geometry)));

        var issue = Assert.Single(import.Issues);
        Assert.Equal((0, "C1", "invalid-geometry"), (issue.Feature, issue.Code, issue.Problem));
        Assert.Empty(import.Communities);
    }

    [Fact]
    public void Parse_CodeRepeatedWithinKind_ReportsTheLaterFeature()
    {
        var import = GridGeoJson.Parse(Collection(
            Community("C1", Box(113.30, 22.50, 113.32, 22.51)),
            Cell("A1", "C1", Box(113.30, 22.50, 113.31, 22.51)),
            Cell("A1", "C1", Box(113.31, 22.50, 113.32, 22.51)),
            Community("C1", Box(113.32, 22.50, 113.34, 22.51))));

        Assert.Equal([(2, "A1", "duplicate-code"), (3, "C1", "duplicate-code")],
            import.Issues.Select(i => (i.Feature, i.Code, i.Problem)));
        Assert.Contains("feature 1", import.Issues[0].Detail, StringComparison.Ordinal);
        Assert.Contains("feature 0", import.Issues[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SameCodeForCommunityAndCell_IsAllowed()
    {
        var import = GridGeoJson.Parse(Collection(
            Community("X", Box(113.30, 22.50, 113.32, 22.51)),
            Cell("X", "X", Box(113.30, 22.50, 113.32, 22.51))));

        Assert.True(import.IsValid, Describe(import));
    }

    [Fact]
    public void Parse_CellOfAbsentCommunity_ReportsUnknownCommunity()
    {
        var import = GridGeoJson.Parse(Collection(
            Community("C1", Box(113.30, 22.50, 113.32, 22.51)),
            Cell("A1", "C9", Box(113.30, 22.50, 113.31, 22.51))));

        var issue = Assert.Single(import.Issues);
        Assert.Equal((1, "A1", "unknown-community"), (issue.Feature, issue.Code, issue.Problem));
        Assert.Contains("\"C9\"", issue.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CellListedBeforeItsCommunity_IsAccepted()
    {
        var import = GridGeoJson.Parse(Collection(
            Cell("A1", "C1", Box(113.30, 22.50, 113.31, 22.51)),
            Community("C1", Box(113.30, 22.50, 113.32, 22.51))));

        Assert.True(import.IsValid, Describe(import));
    }

    [Fact]
    public void Parse_CellReachingOutsideItsCommunity_ReportsCellOutsideCommunity()
    {
        var import = GridGeoJson.Parse(Collection(
            Community("C1", Box(113.30, 22.50, 113.32, 22.51)),
            Community("C2", Box(113.32, 22.50, 113.34, 22.51)),
            Cell("A1", "C1", Box(113.31, 22.50, 113.321, 22.51))));

        var issue = Assert.Single(import.Issues);
        Assert.Equal((2, "A1", "cell-outside-community"), (issue.Feature, issue.Code, issue.Problem));
        Assert.Contains("\"C1\"", issue.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CellInsideAnotherCommunity_ReportsCellOutsideCommunity()
    {
        var import = GridGeoJson.Parse(Collection(
            Community("C1", Box(113.30, 22.50, 113.32, 22.51)),
            Community("C2", Box(113.32, 22.50, 113.34, 22.51)),
            Cell("A1", "C1", Box(113.33, 22.50, 113.34, 22.51))));

        Assert.Equal("cell-outside-community", Assert.Single(import.Issues).Problem);
    }

    [Fact]
    public void Parse_CellEdgeOffByRoundingNoise_IsCovered()
    {
        // 1e-12° past the community's edge along 0.01°: 1e-14 square degrees, far below the tolerance.
        var import = GridGeoJson.Parse(Collection(
            Community("C1", Box(113.30, 22.50, 113.32, 22.51)),
            Cell("A1", "C1", Box(113.30 - 1e-12, 22.50, 113.31, 22.51 + 1e-12)),
            Cell("A2", "C1", Box(113.31, 22.50, 113.32 + 1e-12, 22.51))));

        Assert.True(import.IsValid, Describe(import));
    }

    [Fact]
    public void Parse_CellsOverlapping_ReportsTheLaterCellNamingTheEarlier()
    {
        var import = GridGeoJson.Parse(Collection(
            Community("C1", Box(113.30, 22.50, 113.32, 22.51)),
            Cell("A1", "C1", Box(113.30, 22.50, 113.311, 22.51)),
            Cell("A2", "C1", Box(113.31, 22.50, 113.32, 22.51))));

        var issue = Assert.Single(import.Issues);
        Assert.Equal((2, "A2", "cells-overlap"), (issue.Feature, issue.Code, issue.Problem));
        Assert.Contains("cell \"A1\" (feature 1)", issue.Detail, StringComparison.Ordinal);
        Assert.Equal(["A1"], import.Cells.Select(c => c.Code));
    }

    [Fact]
    public void Parse_CellInsideAnotherCell_ReportsCellsOverlap()
    {
        var import = GridGeoJson.Parse(Collection(
            Community("C1", Box(113.30, 22.50, 113.32, 22.51)),
            Cell("A1", "C1", Box(113.30, 22.50, 113.32, 22.51)),
            Cell("A2", "C1", Box(113.305, 22.502, 113.306, 22.503)),
            Cell("A3", "C1", Box(113.307, 22.502, 113.308, 22.503))));

        Assert.Equal([(2, "cells-overlap"), (3, "cells-overlap")], import.Issues.Select(i => (i.Feature, i.Problem)));
    }

    [Fact]
    public void Parse_CellOverlappingSeveralEarlierCells_GetsOneIssueNamingAll()
    {
        var import = GridGeoJson.Parse(Collection(
            Community("C1", Box(113.30, 22.50, 113.32, 22.51)),
            Cell("A1", "C1", Box(113.30, 22.50, 113.31, 22.51)),
            Cell("A2", "C1", Box(113.31, 22.50, 113.32, 22.51)),
            Cell("A3", "C1", Box(113.305, 22.50, 113.315, 22.51))));

        var issue = Assert.Single(import.Issues);
        Assert.Equal((3, "cells-overlap"), (issue.Feature, issue.Problem));
        Assert.Contains("\"A1\"", issue.Detail, StringComparison.Ordinal);
        Assert.Contains("\"A2\"", issue.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OverlapBelowTolerance_IsAccepted()
    {
        // 1e-9° of overlap along 0.01°: 1e-11 square degrees.
        var import = GridGeoJson.Parse(Collection(
            Community("C1", Box(113.30, 22.50, 113.32, 22.51)),
            Cell("A1", "C1", Box(113.30, 22.50, 113.31 + 1e-9, 22.51)),
            Cell("A2", "C1", Box(113.31, 22.50, 113.32, 22.51))));

        Assert.True(import.IsValid, Describe(import));
    }

    [Fact]
    public void Parse_CommunityWithInvalidGeometry_ReportsOnlyTheCommunity()
    {
        var import = GridGeoJson.Parse(Collection(
            Community("C1", Polygon([113.30, 22.50, 113.32, 22.51, 113.32, 22.50, 113.30, 22.51])),
            Cell("A1", "C1", Box(113.30, 22.50, 113.31, 22.51))));

        var issue = Assert.Single(import.Issues);
        Assert.Equal((0, "invalid-geometry"), (issue.Feature, issue.Problem));
    }

    [Fact]
    public void Parse_FeatureWithSeveralProblems_GetsOneIssue()
    {
        var import = GridGeoJson.Parse(Collection(
            Community("C1", Box(113.30, 22.50, 113.32, 22.51)),
            Cell("A1", "C1", Box(113.30, 22.50, 113.31, 22.51)),
            Cell("A1", "C9", """{"type":"Point","coordinates":[200,22.5]}""")));

        var issue = Assert.Single(import.Issues);
        Assert.Equal((2, "not-a-polygon"), (issue.Feature, issue.Problem));
    }

    [Fact]
    public void Parse_SeveralBadFeatures_ReportsEachInFeatureOrderAndKeepsTheGoodOnes()
    {
        var import = GridGeoJson.Parse(Collection(
            Cell("A3", "C1", Box(113.305, 22.50, 113.315, 22.51)),
            Community("C1", Box(113.30, 22.50, 113.32, 22.51)),
            Cell("A1", "C1", Box(113.30, 22.50, 113.31, 22.51)),
            Cell("A2", "C2", Box(113.31, 22.50, 113.32, 22.51)),
            Feature("""{"kind":"road","code":"R1"}""", Box(113.30, 22.50, 113.31, 22.51))));

        Assert.Equal([(2, "cells-overlap"), (3, "unknown-community"), (4, "unknown-kind")],
            import.Issues.Select(i => (i.Feature, i.Problem)));
        Assert.Equal(["A3"], import.Cells.Select(c => c.Code));
        Assert.Equal(["C1"], import.Communities.Select(c => c.Code));
    }

    private static string Describe(GridImport import) =>
        string.Join(Environment.NewLine, import.Issues.Select(i => $"{i.Feature} {i.Code} {i.Problem}: {i.Detail}"));
}
