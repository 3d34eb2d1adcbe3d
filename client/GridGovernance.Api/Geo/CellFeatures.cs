using System.Text.Json;
using GridGovernance.Contracts.Geography;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Converters;

namespace GridGovernance.Api.Geo;

/// <summary>
/// Cells as RFC 7946 GeoJSON: the boundary the district holds (WKB, WGS84 lon/lat) as the geometry, the cell's code
/// as the feature's <c>id</c>, and its live counts as properties. Geo responses are sent as <c>application/geo+json</c>.
/// </summary>
public static class CellFeatures
{
    /// <summary>The GeoJSON media type (RFC 7946 §12).</summary>
    public const string MediaType = "application/geo+json";

    /// <summary>
    /// Web JSON (camelCase, enums as strings) plus the GeoJSON converters; exterior rings counter-clockwise as RFC 7946
    /// §3.1.6 asks, whatever the imported document had.
    /// </summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters =
        {
            new GeoJsonConverterFactory(Wgs84, false, "id", RingOrientationOption.EnforceRfc9746),
            new System.Text.Json.Serialization.JsonStringEnumConverter(),
        },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    private static GeometryFactory Wgs84 => NetTopologySuite.NtsGeometryServices.Instance.CreateGeometryFactory(4326);

    /// <summary>One cell as a Feature; counts are zero when the cell has not reported a summary yet.</summary>
    public static Feature Feature(CellBoundary boundary, CellCounts counts)
    {
        var geometry = new WKBReader(NetTopologySuite.NtsGeometryServices.Instance).Read(boundary.Wkb);
        var attributes = new AttributesTable
        {
            { "id", counts.Code },
            { "code", counts.Code },
            { "community", counts.Community },
            { "name", counts.Name },
            { "openAlerts", counts.OpenAlerts },
            { "redAlerts", counts.RedAlerts },
            { "properties", counts.Properties },
            { "people", counts.People },
            { "workers", counts.Workers },
            { "pendingDeadlines", counts.PendingDeadlines },
            { "nextDue", counts.NextDue },
            { "overdue", counts.Overdue },
            { "alertsClosed", counts.AlertsClosed },
            { "onTimeRate", counts.OnTimeRate },
        };
        return new Feature(geometry, attributes);
    }

    /// <summary>Cells as a FeatureCollection, in the order given.</summary>
    public static FeatureCollection Collection(IEnumerable<Feature> features)
    {
        var collection = new FeatureCollection();
        foreach (var feature in features)
        {
            collection.Add(feature);
        }

        return collection;
    }
}

/// <summary>A cell's live counts, as its summary reports them (no personal data).</summary>
/// <param name="Code">Cell code.</param>
/// <param name="Community">Its community's code.</param>
/// <param name="Name">Display name.</param>
/// <param name="OpenAlerts">Open alerts of its members (yellow and red cards).</param>
/// <param name="RedAlerts">Of those, red cards.</param>
/// <param name="Properties">Rental properties in it.</param>
/// <param name="People">Monitored people living in it.</param>
/// <param name="Workers">Grid workers assigned to it.</param>
/// <param name="PendingDeadlines">Members with a pending deadline.</param>
/// <param name="NextDue">The earliest pending deadline in the cell.</param>
/// <param name="Overdue">Members with an overdue field task.</param>
/// <param name="AlertsClosed">Alerts resolved this month (China time).</param>
/// <param name="OnTimeRate">Of those, the share resolved while still yellow; null when none was closed.</param>
public sealed record CellCounts(
    string Code, string Community, string Name, int OpenAlerts, int RedAlerts, int Properties, int People, int Workers, int PendingDeadlines, DateTimeOffset? NextDue,
    int Overdue = 0, int AlertsClosed = 0, double? OnTimeRate = null)
{
    /// <summary>The counts of a summary; a cell that has not answered yet shows its code and zeros.</summary>
    public static CellCounts Of(CellBoundary boundary, CellSummary? summary) => summary is null
        ? new(boundary.Code.Value, boundary.Community.Value, boundary.Code.Value, 0, 0, 0, 0, 0, 0, null)
        : new(summary.Code.Value, boundary.Community.Value, summary.Name, summary.OpenAlerts, summary.RedAlerts, summary.Properties, summary.People, summary.Workers, summary.PendingDeadlines, summary.NextDue,
            summary.Overdue, summary.Alerts?.Closed ?? 0, summary.Alerts?.OnTimeRate);
}
