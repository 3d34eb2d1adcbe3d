namespace GridGovernance.Contracts.Common;

/// <summary>Distances between WGS84 positions (plain arithmetic, shared by the grains and the gateway).</summary>
public static class Geodesy
{
    /// <summary>The IUGG mean Earth radius R₁ = (2a + b) / 3 of the WGS84 ellipsoid, in metres.</summary>
    public const double MeanEarthRadiusMetres = 6_371_008.8;

    /// <summary>The great-circle distance between two positions, in metres.</summary>
    /// <remarks>
    /// Haversine formula on a sphere of radius <see cref="MeanEarthRadiusMetres"/>. Against the WGS84 ellipsoid
    /// the result is within 0.56 % of the true geodesic distance (worst case: north–south near the equator; about
    /// 0.42 % at 22°N), so a 50 m radius is off by under 0.3 m, far below a phone's GPS accuracy. Haversine stays
    /// well conditioned for short distances, where rounding error is far below a millimetre. Longitudes wrap, so
    /// distances across the antimeridian are correct.
    /// </remarks>
    /// <returns>The distance; <see cref="double.NaN"/> when a coordinate is NaN.</returns>
    public static double DistanceMetres(GeoPoint a, GeoPoint b)
    {
        var latitudeA = DegreesToRadians(a.Latitude);
        var latitudeB = DegreesToRadians(b.Latitude);
        var sinHalfLatitude = Math.Sin((latitudeB - latitudeA) / 2);
        var sinHalfLongitude = Math.Sin(DegreesToRadians(b.Longitude - a.Longitude) / 2);
        var h = (sinHalfLatitude * sinHalfLatitude)
            + (Math.Cos(latitudeA) * Math.Cos(latitudeB) * sinHalfLongitude * sinHalfLongitude);

        // Rounding can push h a hair above 1 for nearly antipodal points.
        return 2 * MeanEarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private static double DegreesToRadians(double degrees) => degrees * (Math.PI / 180);
}
