using System.Globalization;

namespace GridGovernance.Contracts.Common;

/// <summary>A WGS84 position, longitude first as in GeoJSON (RFC 7946).</summary>
/// <param name="Longitude">Degrees east, −180..180.</param>
/// <param name="Latitude">Degrees north, −90..90.</param>
[GenerateSerializer, Immutable, Alias("gg.geo-point")]
public readonly record struct GeoPoint(double Longitude, double Latitude)
{
    /// <summary>Null when the point is a real WGS84 position, else the reason it is not.</summary>
    public string? Problem() =>
        double.IsFinite(Longitude) && double.IsFinite(Latitude)
            ? Longitude is < -180 or > 180 ? "longitude must be between -180 and 180"
            : Latitude is < -90 or > 90 ? "latitude must be between -90 and 90"
            : null
            : "coordinates must be finite numbers";

    /// <summary>Which coordinate <see cref="Problem"/> is about (<c>longitude</c> or <c>latitude</c>), for naming the field at fault.</summary>
    public string ProblemMember() => !double.IsFinite(Longitude) || Longitude is < -180 or > 180 ? "longitude" : "latitude";

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"({Longitude:0.######}, {Latitude:0.######})");
}
