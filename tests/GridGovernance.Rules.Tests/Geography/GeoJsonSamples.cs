using System.Globalization;

namespace GridGovernance.Rules.Tests.Geography;

/// <summary>Builds small GeoJSON grid documents for the geometry tests.</summary>
internal static class GeoJsonSamples
{
    public static string Collection(params IEnumerable<string> features) =>
        $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""";

    public static string Feature(string properties, string? geometry) =>
        $$"""{"type":"Feature","properties":{{properties}},"geometry":{{geometry ?? "null"}}}""";

    public static string Community(string code, string geometry, string? name = null) =>
        Feature(name is null
            ? $$"""{"kind":"community","code":"{{code}}"}"""
            : $$"""{"kind":"community","code":"{{code}}","name":"{{name}}"}""", geometry);

    public static string Cell(string code, string community, string geometry) =>
        Feature($$"""{"kind":"cell","code":"{{code}}","community":"{{community}}"}""", geometry);

    /// <summary>A Polygon from rings of (lon, lat) pairs; each ring is closed for you.</summary>
    public static string Polygon(params double[][] rings) =>
        $$"""{"type":"Polygon","coordinates":{{PolygonCoordinates(rings)}}}""";

    public static string MultiPolygon(params double[][][] polygons) =>
        $$"""{"type":"MultiPolygon","coordinates":[{{string.Join(",", polygons.Select(PolygonCoordinates))}}]}""";

    /// <summary>An axis-aligned rectangle as a Polygon, with optional rectangular holes.</summary>
    public static string Box(double west, double south, double east, double north, params double[][] holes) =>
        Polygon([Ring(west, south, east, north), .. holes]);

    /// <summary>The counter-clockwise ring of a rectangle, as (lon, lat) pairs, not closed.</summary>
    public static double[] Ring(double west, double south, double east, double north) =>
        [west, south, east, south, east, north, west, north];

    private static string PolygonCoordinates(double[][] rings) =>
        $"[{string.Join(",", rings.Select(RingCoordinates))}]";

    private static string RingCoordinates(double[] ring)
    {
        var closed = ring.Concat(ring.Take(2)).ToArray();
        var positions = Enumerable.Range(0, closed.Length / 2)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"[{closed[2 * i]:R},{closed[(2 * i) + 1]:R}]"));
        return $"[{string.Join(",", positions)}]";
    }
}
