using System.Text.Json;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Geography;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Operation.Valid;
using static System.FormattableString;

namespace GridGovernance.Grains.Geography;

/// <summary>What <see cref="GridGeoJson.Parse"/> read from a grid document.</summary>
/// <param name="Communities">The community features that passed every check, in document order.</param>
/// <param name="Cells">The cell features that passed every check, in document order.</param>
/// <param name="Issues">One entry per rejected feature (or one for the document), ordered by feature index.</param>
/// <remarks>Apply an import only when <see cref="IsValid"/>; the lists are there to preview a partly broken document.</remarks>
public sealed record GridImport(
    IReadOnlyList<CommunityArea> Communities,
    IReadOnlyList<CellArea> Cells,
    IReadOnlyList<GridImportIssue> Issues)
{
    /// <summary>True when the document had no issue at all.</summary>
    public bool IsValid => Issues.Count == 0;
}

/// <summary>A community boundary as imported.</summary>
/// <param name="Code">The community code (the feature's <c>code</c> property).</param>
/// <param name="Name">The display name; the code when the feature's <c>name</c> is missing, null or blank.</param>
/// <param name="Wkb">The boundary (Polygon or MultiPolygon, WGS84 lon/lat) as 2D little-endian WKB.</param>
public sealed record CommunityArea(string Code, string Name, byte[] Wkb);

/// <summary>A grid cell boundary as imported.</summary>
/// <param name="Code">The cell code (the feature's <c>code</c> property).</param>
/// <param name="CommunityCode">The code of the community that covers the cell.</param>
/// <param name="Name">The display name; the code when the feature's <c>name</c> is missing, null or blank.</param>
/// <param name="Wkb">The boundary (Polygon or MultiPolygon, WGS84 lon/lat) as 2D little-endian WKB.</param>
public sealed record CellArea(string Code, string CommunityCode, string Name, byte[] Wkb);

/// <summary>
/// Reads the grid (communities and their cells) from an RFC 7946 GeoJSON FeatureCollection and checks it.
/// </summary>
/// <remarks>
/// <para>Each feature carries <c>kind</c> (<c>"community"</c> or <c>"cell"</c>), <c>code</c>, an optional <c>name</c>,
/// and for a cell <c>community</c>, the code of its community. Its geometry is a Polygon or MultiPolygon in
/// WGS84 lon/lat; holes are allowed, ring orientation is not enforced, and Z values are dropped.</para>
/// <para>Bad input never throws: every problem becomes a <see cref="GridImportIssue"/> with one of the slugs listed
/// there. A feature gets at most one issue, the first of these checks it fails, in order: a Feature object,
/// <c>kind</c>, <c>code</c>, <c>community</c> and <c>name</c> present as strings, a Polygon or MultiPolygon that can
/// be read, finite WGS84 coordinates, OGC validity (<see cref="IsValidOp"/>), a code unused by an earlier feature of
/// the same kind, a community that exists, coverage by that community, no overlap with an earlier cell.</para>
/// <para>Coverage and overlap allow <see cref="AreaToleranceSquareDegrees"/> of area, so that boundaries shared in
/// floating point pass while real overlaps do not. Edges and vertices may be shared freely. A cell is checked against
/// its community only when the community's own geometry is valid; overlaps are checked between clean cells only, and
/// reported on the later feature of each pair.</para>
/// </remarks>
public static class GridGeoJson
{
    /// <summary>
    /// Area (square degrees) a cell may reach outside its community or into another cell: 1e-9, about 12 m² at the
    /// equator and 11 m² at 23°N.
    /// </summary>
    public const double AreaToleranceSquareDegrees = 1e-9;

    private const string CommunityKind = "community";
    private const string CellKind = "cell";

    private static readonly JsonSerializerOptions GeoJsonOptions = new() { Converters = { new GeoJsonConverterFactory() } };

    /// <summary>Reads and checks a grid document.</summary>
    /// <param name="geoJson">The GeoJSON text.</param>
    /// <returns>The clean communities and cells, and an issue for everything else.</returns>
    public static GridImport Parse(string geoJson)
    {
        ArgumentNullException.ThrowIfNull(geoJson);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(geoJson);
        }
        catch (JsonException exception)
        {
            return Rejected(new GridImportIssue(-1, null, "invalid-json", $"The document is not valid JSON: {exception.Message}"));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || StringProperty(root, "type") != "FeatureCollection"
                || !root.TryGetProperty("features", out var features)
                || features.ValueKind != JsonValueKind.Array)
            {
                return Rejected(new GridImportIssue(-1, null, "not-a-feature-collection",
                    "The document is not a GeoJSON FeatureCollection: it needs \"type\": \"FeatureCollection\" and a \"features\" array."));
            }

            return new Checker(features).Run();
        }
    }

    private static GridImport Rejected(GridImportIssue issue) => new([], [], [issue]);

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>One feature as read, and whether it has already been given its issue.</summary>
    private sealed class Entry(int index, string? kind, string? code)
    {
        public int Index { get; } = index;
        public string? Kind { get; } = kind;
        public string? Code { get; } = code;
        public string Name { get; set; } = code ?? "";
        public string? CommunityCode { get; set; }

        /// <summary>Set only when the geometry passed every per-feature check.</summary>
        public Geometry? Geometry { get; set; }

        public bool HasIssue { get; set; }

        public override string ToString() => Invariant($"{Kind} \"{Code}\" (feature {Index})");
    }

    private sealed class Checker(JsonElement features)
    {
        private readonly List<Entry> _entries = [];
        private readonly List<GridImportIssue> _issues = [];

        public GridImport Run()
        {
            var index = 0;
            foreach (var feature in features.EnumerateArray())
            {
                _entries.Add(Read(index++, feature));
            }

            var communities = CheckDuplicates(CommunityKind);
            var cells = CheckDuplicates(CellKind);
            CheckCommunities(cells, communities);
            CheckOverlaps(cells);

            var writer = new WKBWriter();
            return new GridImport(
                [.. communities.Values.Where(e => !e.HasIssue).OrderBy(e => e.Index)
                    .Select(e => new CommunityArea(e.Code!, e.Name, writer.Write(e.Geometry)))],
                [.. cells.Values.Where(e => !e.HasIssue).OrderBy(e => e.Index)
                    .Select(e => new CellArea(e.Code!, e.CommunityCode!, e.Name, writer.Write(e.Geometry)))],
                [.. _issues.OrderBy(i => i.Feature)]);
        }

        private void Report(Entry entry, string problem, string detail)
        {
            entry.HasIssue = true;
            _issues.Add(new GridImportIssue(entry.Index, entry.Code, problem, detail));
        }

        private Entry Read(int index, JsonElement feature)
        {
            if (feature.ValueKind != JsonValueKind.Object || StringProperty(feature, "type") != "Feature")
            {
                var notFeature = new Entry(index, null, null);
                Report(notFeature, "not-a-feature-collection", Invariant($"Feature {index} is not a GeoJSON Feature object."));
                return notFeature;
            }

            var properties = feature.TryGetProperty("properties", out var value) && value.ValueKind == JsonValueKind.Object
                ? value
                : default;
            string? Property(string name) => properties.ValueKind == JsonValueKind.Object ? StringProperty(properties, name) : null;
            string? NonBlank(string name) => Property(name) is { } text && !string.IsNullOrWhiteSpace(text) ? text : null;

            var kind = Property("kind");
            var code = NonBlank("code");
            var entry = new Entry(index, kind is CommunityKind or CellKind ? kind : null, code);

            if (kind is null)
            {
                Report(entry, "missing-property", Invariant($"Feature {index} has no string \"kind\" property; expected \"community\" or \"cell\"."));
                return entry;
            }

            if (entry.Kind is null)
            {
                Report(entry, "unknown-kind", Invariant($"Feature {index} has \"kind\": \"{kind}\"; only \"community\" and \"cell\" are known."));
                return entry;
            }

            if (code is null)
            {
                Report(entry, "missing-property", Invariant($"Feature {index} ({kind}) has no non-blank string \"code\" property."));
                return entry;
            }

            var codeProblem = NoCell.Is(code) ? $"the suffix {NoCell.Suffix} is reserved" : Codes.Problem(code);
            if (codeProblem is not null)
            {
                Report(entry, "invalid-code", Invariant($"Feature {index} ({kind}) has \"code\": \"{code}\": {codeProblem}."));
                return entry;
            }

            if (kind == CellKind)
            {
                entry.CommunityCode = NonBlank("community");
                if (entry.CommunityCode is null)
                {
                    Report(entry, "missing-property", $"{entry} has no non-blank string \"community\" property naming its community's code.");
                    return entry;
                }
            }

            if (properties.ValueKind == JsonValueKind.Object
                && properties.TryGetProperty("name", out var name)
                && name.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                Report(entry, "missing-property", $"{entry} has a \"name\" property that is not a string.");
                return entry;
            }

            entry.Name = NonBlank("name") ?? code;
            if (entry.Name.Length > 200 || entry.Name.Any(char.IsControl))
            {
                // Names go into the journal (jsonb), which cannot hold \u0000; no control characters at all.
                Report(entry, "invalid-property", $"{entry} has a \"name\" longer than 200 characters or with control characters.");
                return entry;
            }

            ReadGeometry(entry, feature);
            return entry;
        }

        private void ReadGeometry(Entry entry, JsonElement feature)
        {
            if (!feature.TryGetProperty("geometry", out var element) || element.ValueKind != JsonValueKind.Object)
            {
                Report(entry, "not-a-polygon", $"{entry} has no geometry; a Polygon or MultiPolygon is required.");
                return;
            }

            var type = StringProperty(element, "type");
            if (type is not ("Polygon" or "MultiPolygon"))
            {
                Report(entry, "not-a-polygon", $"{entry} has a {type ?? "typeless"} geometry; only Polygon and MultiPolygon are accepted.");
                return;
            }

            Geometry? geometry;
            try
            {
                geometry = element.Deserialize<Geometry>(GeoJsonOptions);
            }
            catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException or FormatException)
            {
                Report(entry, "invalid-geometry", $"{entry} has {type} coordinates that cannot be read: {exception.Message}");
                return;
            }

            if (geometry is null || geometry.IsEmpty)
            {
                Report(entry, "invalid-geometry", $"{entry} has an empty {type}.");
                return;
            }

            foreach (var coordinate in geometry.Coordinates)
            {
                var point = new GeoPoint(coordinate.X, coordinate.Y);
                if (point.Problem() is { } problem)
                {
                    Report(entry, "coordinates-out-of-range", $"{entry} has the position {point} (lon, lat): {problem}.");
                    return;
                }
            }

            if (new IsValidOp(geometry).ValidationError is { } error)
            {
                var at = error.Coordinate is { } c ? Invariant($" at ({c.X}, {c.Y})") : "";
                Report(entry, "invalid-geometry", $"{entry} is not a valid {type}: {error.Message}{at}.");
                return;
            }

            entry.Geometry = geometry;
        }

        /// <summary>Flags repeated codes of one kind and returns the first feature for each code.</summary>
        private Dictionary<string, Entry> CheckDuplicates(string kind)
        {
            var first = new Dictionary<string, Entry>(StringComparer.Ordinal);
            foreach (var entry in _entries.Where(e => e.Kind == kind && e.Code is not null))
            {
                if (!first.TryAdd(entry.Code!, entry) && !entry.HasIssue)
                {
                    Report(entry, "duplicate-code", $"{entry} repeats the code of {first[entry.Code!]}.");
                }
            }

            return first;
        }

        private void CheckCommunities(Dictionary<string, Entry> cells, Dictionary<string, Entry> communities)
        {
            var prepared = new Dictionary<Entry, IPreparedGeometry>();
            foreach (var cell in cells.Values.Where(c => !c.HasIssue))
            {
                if (!communities.TryGetValue(cell.CommunityCode!, out var community))
                {
                    Report(cell, "unknown-community",
                        $"{cell} names community \"{cell.CommunityCode}\", which no community feature in the document has.");
                    continue;
                }

                if (community.Geometry is null || cell.Geometry is null)
                {
                    continue;
                }

                if (!prepared.TryGetValue(community, out var area))
                {
                    area = PreparedGeometryFactory.Prepare(community.Geometry);
                    prepared.Add(community, area);
                }

                if (area.Covers(cell.Geometry))
                {
                    continue;
                }

                var outside = OverlayNGRobust.Overlay(cell.Geometry, community.Geometry, SpatialFunction.Difference).Area;
                if (outside > AreaToleranceSquareDegrees)
                {
                    Report(cell, "cell-outside-community",
                        Invariant($"{cell} reaches {outside:G3} square degrees outside its {community} (tolerance {AreaToleranceSquareDegrees:G3})."));
                }
            }
        }

        private void CheckOverlaps(Dictionary<string, Entry> cells)
        {
            var clean = cells.Values.Where(c => !c.HasIssue && c.Geometry is not null).OrderBy(c => c.Index).ToList();
            var index = new STRtree<Entry>();
            foreach (var cell in clean)
            {
                index.Insert(cell.Geometry!.EnvelopeInternal, cell);
            }

            index.Build();

            var overlaps = new Dictionary<Entry, List<string>>();
            foreach (var cell in clean)
            {
                var area = PreparedGeometryFactory.Prepare(cell.Geometry);
                foreach (var later in index.Query(cell.Geometry!.EnvelopeInternal).Where(c => c.Index > cell.Index).OrderBy(c => c.Index))
                {
                    if (!area.Intersects(later.Geometry))
                    {
                        continue;
                    }

                    var shared = OverlayNGRobust.Overlay(cell.Geometry, later.Geometry, SpatialFunction.Intersection).Area;
                    if (shared > AreaToleranceSquareDegrees)
                    {
                        if (!overlaps.TryGetValue(later, out var partners))
                        {
                            overlaps.Add(later, partners = []);
                        }

                        partners.Add(Invariant($"{cell} by {shared:G3} square degrees"));
                    }
                }
            }

            foreach (var (cell, partners) in overlaps.OrderBy(o => o.Key.Index))
            {
                Report(cell, "cells-overlap",
                    Invariant($"{cell} overlaps {string.Join("; ", partners)} (tolerance {AreaToleranceSquareDegrees:G3})."));
            }
        }
    }
}
