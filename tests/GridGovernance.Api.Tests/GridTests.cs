using System.Globalization;
using System.Text.Json.Nodes;
using GridGovernance.Api.Security;
using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Api.Tests.Matrix;

namespace GridGovernance.Api.Tests;

/// <summary>Geography over HTTP: cells as GeoJSON, a cell's properties, point → cell, communities, grid import, and their OpenAPI description.</summary>
public sealed class GridTests(ApiSystem api)
{
    private TestGrid Grid => api.Grid;

    [Fact]
    public async Task ListCells_IsAGeoJsonFeatureCollectionOfTheDistrictsCells_WithLiveCounts()
    {
        var admin = ApiSystem.Token("community-admin", community: Grid.CommunityA.Value);
        await PlacesKit.RegisterPropertyAsync(api, admin, TestGrid.Centre(0, 0));

        var response = await api.GetAsync("/api/v1/cells", ApiSystem.Token("grid-worker", cells: [Grid.B2.Value]));

        Assert.Equal(200, response.Status);
        Assert.Equal("application/geo+json", response.ContentType);
        var collection = response.Json;
        Assert.Equal("FeatureCollection", collection["type"]!.GetValue<string>());
        var features = collection["features"]!.AsArray().Select(f => f!).ToList();
        Assert.Equal([Grid.A1.Value, Grid.A2.Value, Grid.B1.Value, Grid.B2.Value], features.Select(f => f["properties"]!["code"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var a1 = features.Single(f => f["id"]!.GetValue<string>() == Grid.A1.Value);
        Assert.Equal("Feature", a1["type"]!.GetValue<string>());
        Assert.Equal("Polygon", a1["geometry"]!["type"]!.GetValue<string>());
        var properties = a1["properties"]!;
        Assert.Equal(Grid.CommunityA.Value, properties["community"]!.GetValue<string>());
        Assert.Equal(Grid.A1.Value, properties["name"]!.GetValue<string>());
        Assert.True(properties["properties"]!.GetValue<int>() >= 1, properties.ToJsonString());
        foreach (var name in new[] { "openAlerts", "redAlerts", "people", "workers", "pendingDeadlines" })
        {
            Assert.True(properties[name]!.GetValue<int>() >= 0, name);
        }

        Assert.True(properties.AsObject().ContainsKey("nextDue"));
        // WGS84 longitude first (RFC 7946): every position of A-1 lies in its 0.01° box at the grid's south-west corner.
        var ring = a1["geometry"]!["coordinates"]![0]!.AsArray();
        Assert.All(ring, p =>
        {
            Assert.InRange(p![0]!.GetValue<double>(), TestGrid.West - 1e-9, TestGrid.West + TestGrid.Size + 1e-9);
            Assert.InRange(p[1]!.GetValue<double>(), TestGrid.South - 1e-9, TestGrid.South + TestGrid.Size + 1e-9);
        });
    }

    [Fact]
    public async Task GetCell_OneFeature_404ForAnUnknownCode_400ForAMalformedOne()
    {
        var token = ApiSystem.Token("auditor");

        var cell = await api.GetAsync($"/api/v1/cells/{Grid.B1.Value}", token);
        var unknown = await api.GetAsync($"/api/v1/cells/{Grid.District.Value}-Z-9", token);
        var malformed = await api.GetAsync("/api/v1/cells/not%20a%20code", token);

        Assert.Equal(200, cell.Status);
        Assert.Equal("application/geo+json", cell.ContentType);
        Assert.Equal("Feature", cell.Json["type"]!.GetValue<string>());
        Assert.Equal(Grid.B1.Value, cell.Json["id"]!.GetValue<string>());
        Assert.Equal(Grid.CommunityB.Value, cell.Json["properties"]!["community"]!.GetValue<string>());
        Assert.Equal((404, "/problems/not-found"), (unknown.Status, unknown.ProblemType));
        Assert.Equal((400, "code"), (malformed.Status, malformed.Json["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task CellProperties_InScope_ListsTheCellsProperties_OutOfScope403_UnknownCell404()
    {
        var admin = ApiSystem.Token("community-admin", community: Grid.CommunityA.Value);
        var inA2 = await PlacesKit.RegisterPropertyAsync(api, admin, TestGrid.Centre(1, 0));
        var inA1 = await PlacesKit.RegisterPropertyAsync(api, admin, TestGrid.Centre(0, 0));

        var mine = await api.GetAsync($"/api/v1/cells/{Grid.A2.Value}/properties", ApiSystem.Token("grid-worker", cells: [Grid.A2.Value]));
        var other = await api.GetAsync($"/api/v1/cells/{Grid.A2.Value}/properties", ApiSystem.Token("grid-worker", cells: [Grid.A1.Value]));
        var auditor = await api.GetAsync($"/api/v1/cells/{Grid.A2.Value}/properties", ApiSystem.Token("auditor"));
        var unknown = await api.GetAsync($"/api/v1/cells/{Grid.District.Value}-Z-9/properties", ApiSystem.Token("command-centre"));

        Assert.Equal(200, mine.Status);
        var ids = mine.Json.AsArray().Select(p => p!["id"]!.GetValue<Guid>()).ToList();
        Assert.Contains(inA2, ids);
        Assert.DoesNotContain(inA1, ids);
        Assert.All(mine.Json.AsArray(), p => Assert.Equal(Grid.A2.Value, p!["cell"]!.GetValue<string>()));
        Assert.Equal((403, "/problems/out-of-scope"), (other.Status, other.ProblemType));
        Assert.DoesNotContain(inA2.ToString(), other.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((403, "/problems/forbidden-role"), (auditor.Status, auditor.ProblemType));
        Assert.Equal(404, unknown.Status);
    }

    [Fact]
    public async Task LocateCell_ThePointsCell_NoCell404_BadCoordinates400NamingTheField()
    {
        var token = ApiSystem.Token("correction-officer");
        var centre = TestGrid.Centre(0, 1);

        var found = await api.GetAsync(Query(centre.Longitude, centre.Latitude), token);
        var outside = await api.GetAsync(Query(0, 0), token);
        var latitude = await api.GetAsync(Query(113.4, 95), token);
        var longitude = await api.GetAsync("/api/v1/locations/cell?longitude=east&latitude=22.5", token);
        var missing = await api.GetAsync("/api/v1/locations/cell?longitude=113.4", token);
        var infinite = await api.GetAsync("/api/v1/locations/cell?longitude=Infinity&latitude=22.5", token);

        Assert.Equal(200, found.Status);
        Assert.Equal((Grid.B1.Value, Grid.CommunityB.Value), (found.Json["cell"]!.GetValue<string>(), found.Json["community"]!.GetValue<string>()));
        Assert.Equal((404, "/problems/no-cell"), (outside.Status, outside.ProblemType));
        Assert.Equal((400, "latitude"), (latitude.Status, latitude.Json["field"]!.GetValue<string>()));
        Assert.Equal((400, "longitude"), (longitude.Status, longitude.Json["field"]!.GetValue<string>()));
        Assert.Equal((400, "latitude"), (missing.Status, missing.Json["field"]!.GetValue<string>()));
        Assert.Equal((400, "longitude"), (infinite.Status, infinite.Json["field"]!.GetValue<string>()));

        static string Query(double longitude, double latitude) =>
            string.Create(CultureInfo.InvariantCulture, $"/api/v1/locations/cell?longitude={longitude}&latitude={latitude}");
    }

    [Fact]
    public async Task Community_CountsAndItsCells_UnknownCommunity404()
    {
        var token = ApiSystem.Token("grid-worker", cells: [Grid.B1.Value]);

        var community = await api.GetAsync($"/api/v1/communities/{Grid.CommunityA.Value}", token);
        var unknown = await api.GetAsync($"/api/v1/communities/{Grid.District.Value}-Z", token);

        Assert.Equal(200, community.Status);
        Assert.Equal(Grid.CommunityA.Value, community.Json["community"]!["code"]!.GetValue<string>());
        Assert.Equal(2, community.Json["community"]!["cells"]!.GetValue<int>());
        Assert.Equal([Grid.A1.Value, Grid.A2.Value], community.Json["cells"]!.AsArray().Select(c => c!["code"]!.GetValue<string>()));
        Assert.Equal((404, "/problems/not-found"), (unknown.Status, unknown.ProblemType));
    }

    [Fact]
    public async Task ImportGrid_DryRun_ReportsAndChangesNothing_AnInvalidDocument400ListsEveryIssue()
    {
        var token = ApiSystem.Token("operator");
        var before = await DistrictStateAsync();

        var dryRun = await api.PostAsync("/api/v1/grid-imports?dryRun=true", token, Grid.GeoJson());
        var invalid = await api.PostAsync("/api/v1/grid-imports?dryRun=false", token, BrokenGrid());
        var notJson = await api.PostAsync("/api/v1/grid-imports", token, "{ not json");
        var badFlag = await api.PostAsync("/api/v1/grid-imports?dryRun=perhaps", token, Grid.GeoJson());
        var empty = await api.PostAsync("/api/v1/grid-imports", token, "");

        Assert.Equal(before, await DistrictStateAsync());
        Assert.Equal(200, dryRun.Status);
        Assert.False(dryRun.Json["applied"]!.GetValue<bool>());
        Assert.Equal((2, 4, 0, 0, 0), (dryRun.Json["communities"]!.GetValue<int>(), dryRun.Json["cells"]!.GetValue<int>(), dryRun.Json["added"]!.GetValue<int>(), dryRun.Json["changed"]!.GetValue<int>(), dryRun.Json["retired"]!.GetValue<int>()));
        Assert.Equal((400, "/problems/invalid-grid"), (invalid.Status, invalid.ProblemType));
        var issues = invalid.Json["issues"]!.AsArray();
        Assert.Contains(issues, i => i!["feature"]!.GetValue<int>() == 6 && i["problem"]!.GetValue<string>() == "unknown-community");
        Assert.Contains(issues, i => i!["feature"]!.GetValue<int>() == 7 && i["problem"]!.GetValue<string>() == "not-a-polygon");
        Assert.Equal(400, notJson.Status);
        Assert.Contains(notJson.Json["issues"]!.AsArray(), i => i!["problem"]!.GetValue<string>() == "invalid-json");
        Assert.Equal((400, "dryRun"), (badFlag.Status, badFlag.Json["field"]!.GetValue<string>()));
        Assert.Equal((400, "body"), (empty.Status, empty.Json["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ImportGrid_OnlyTheOperator()
    {
        var before = await DistrictStateAsync();

        var centre = await api.PostAsync("/api/v1/grid-imports", ApiSystem.Token("command-centre"), Grid.GeoJson());
        var admin = await api.PostAsync("/api/v1/grid-imports", ApiSystem.Token("community-admin", community: Grid.CommunityA.Value), Grid.GeoJson());

        Assert.Equal((403, "/problems/forbidden-role"), (centre.Status, centre.ProblemType));
        Assert.Equal((403, "/problems/forbidden-role"), (admin.Status, admin.ProblemType));
        Assert.Equal(before, await DistrictStateAsync());
    }

    [Fact]
    public async Task ImportGrid_Applied_TheSameGridAgain_BumpsTheVersion_JournaledWithTheOperator()
    {
        var subject = "operator-" + Guid.NewGuid().ToString("N")[..6];
        var token = ApiSystem.Token("operator", subject);
        var before = (await api.GetAsync("/api/v1/overview", token)).Json["gridVersion"]!.GetValue<int>();

        // The grid every test runs on, unchanged: nothing moves, only the version goes up.
        var applied = await api.PostAsync("/api/v1/grid-imports?dryRun=false", token, Grid.GeoJson());

        Assert.Equal(200, applied.Status);
        Assert.True(applied.Json["applied"]!.GetValue<bool>());
        Assert.True(applied.Json["version"]!.GetValue<int>() > before);
        Assert.Equal((0, 0, 0), (applied.Json["added"]!.GetValue<int>(), applied.Json["changed"]!.GetValue<int>(), applied.Json["retired"]!.GetValue<int>()));
        var journal = await api.JournalAsync("district", Grid.District.Value);
        Assert.Contains(journal, row => row.EventType == "grid-imported" && row.Actor == "operator:" + subject);
    }

    [Fact]
    public async Task ImportGrid_TakesBodiesUpTo32MB_OtherEndpointsKeepKestrelsDefault()
    {
        var token = ApiSystem.Token("operator");
        // Valid JSON padded with whitespace past Kestrel's default 30,000,000 bytes.
        var large = new string(' ', 31 * 1024 * 1024) + Grid.GeoJson();
        var tooLarge = new string(' ', 33 * 1024 * 1024) + Grid.GeoJson();

        // The client waits for "100 Continue", so a refused body is answered before it is sent (no broken pipe).
        var expect = new Dictionary<string, string> { ["Expect"] = "100-continue" };

        var accepted = await api.SendAsync(HttpMethod.Post, "/api/v1/grid-imports?dryRun=true", token, large, expect);
        var refused = await api.SendAsync(HttpMethod.Post, "/api/v1/grid-imports?dryRun=true", token, tooLarge, expect);
        var elsewhere = await api.SendAsync(HttpMethod.Put, $"/api/v1/properties/{Guid.NewGuid()}", ApiSystem.Token("community-admin", community: Grid.CommunityA.Value), large, expect);

        Assert.Equal(200, accepted.Status);
        Assert.Equal((413, "/problems/payload-too-large"), (refused.Status, refused.ProblemType));
        Assert.Equal(413, elsewhere.Status);
    }

    [Fact]
    public async Task OpenApi_DescribesTheGeoEndpointsWithGeoJsonSchemas()
    {
        var document = (await api.GetAsync("/openapi/v1.json", null)).Json;

        var schemas = document["components"]!["schemas"]!.AsObject();
        foreach (var name in new[] { "GeoJsonFeatureCollection", "GeoJsonFeature", "GeoJsonPolygon", "GeoJsonMultiPolygon", "GeoJsonPoint", "GeoJsonPosition", "CellFeature", "CellFeatureCollection", "GridFeatureCollection" })
        {
            Assert.True(schemas.ContainsKey(name), name);
        }

        Assert.Equal("Polygon", schemas["GeoJsonPolygon"]!["properties"]!["type"]!["enum"]![0]!.GetValue<string>());
        Assert.Equal("#/components/schemas/CellFeatureCollection", Ref(document["paths"]!["/api/v1/cells"]!["get"]!["responses"]!["200"]!["content"]!["application/geo+json"]!));
        Assert.Equal("#/components/schemas/CellFeature", Ref(document["paths"]!["/api/v1/cells/{code}"]!["get"]!["responses"]!["200"]!["content"]!["application/geo+json"]!));
        var import = document["paths"]!["/api/v1/grid-imports"]!["post"]!;
        Assert.Equal("#/components/schemas/GridFeatureCollection", Ref(import["requestBody"]!["content"]!["application/geo+json"]!));
        Assert.Equal("boolean", import["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "dryRun")!["schema"]!["type"]!.GetValue<string>());
        var longitude = document["paths"]!["/api/v1/locations/cell"]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "longitude")!;
        Assert.Equal("number", longitude["schema"]!["type"]!.GetValue<string>());

        static string Ref(JsonNode media) => media["schema"]!["$ref"]!.GetValue<string>();
    }

    [Fact]
    public async Task MatrixRows_BuildValidRequests_ForAnInScopeCaller()
    {
        var target = new MatrixTarget(api, Grid.B2, Grid.CommunityB, "officer-" + Guid.NewGuid().ToString("N")[..6]);
        foreach (var row in GridMatrix.Rows.Concat(PropertyMatrix.Rows))
        {
            var request = await row.Build(target);
            var token = row.Capability switch
            {
                Capability.ImportGrid => MatrixTarget.OperatorToken,
                Capability.ReadGrid or Capability.ReadOverview => ApiSystem.Token("command-centre"),
                _ => ApiSystem.Token("grid-worker", cells: [target.Cell.Value]),
            };

            var response = await api.SendAsync(request.Method, request.Path, token, request.Body);

            Assert.True(response.Status is >= 200 and < 300, $"{row.Operation}: {response}");
        }
    }

    /// <summary>
    /// The district's journal length and grid version: an import that changes nothing leaves both. (Scoped to the
    /// district, not the whole store, so that other tests writing at the same time do not disturb it.)
    /// </summary>
    private async Task<string> DistrictStateAsync()
    {
        var journal = await api.JournalAsync("district", Grid.District.Value);
        var overview = await api.GetAsync("/api/v1/overview", ApiSystem.Token("command-centre"));
        return $"{journal.Count} v{overview.Json["gridVersion"]!.GetValue<int>()}";
    }

    /// <summary>The test grid plus a cell of an unknown community (feature 6) and a cell that is a point (feature 7).</summary>
    private string BrokenGrid()
    {
        var document = JsonNode.Parse(Grid.GeoJson())!;
        var features = document["features"]!.AsArray();
        var stray = features[2]!.DeepClone();
        stray["properties"]!["code"] = Grid.District.Value + "-X-1";
        stray["properties"]!["community"] = Grid.District.Value + "-X";
        features.Add(stray);
        var point = features[2]!.DeepClone();
        point["properties"]!["code"] = Grid.District.Value + "-A-9";
        point["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(TestGrid.West, TestGrid.South) };
        features.Add(point);
        return document.ToJsonString();
    }
}
