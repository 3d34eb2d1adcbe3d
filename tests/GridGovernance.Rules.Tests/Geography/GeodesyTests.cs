using GridGovernance.Contracts.Common;

namespace GridGovernance.Rules.Tests.Geography;

public sealed class GeodesyTests
{
    [Fact]
    public void DistanceMetres_OneDegreeOfLatitude_IsAbout111Point2Kilometres()
    {
        var distance = Geodesy.DistanceMetres(new GeoPoint(113.3, 22.0), new GeoPoint(113.3, 23.0));

        Assert.InRange(distance, 111_200 * 0.995, 111_200 * 1.005);
    }

    [Fact]
    public void DistanceMetres_OneDegreeAlongTheEquator_MatchesWgs84Within0Point5Percent()
    {
        // On the WGS84 ellipsoid the equator is a geodesic of radius a = 6,378,137 m.
        const double Wgs84 = 6_378_137 * Math.PI / 180;

        var distance = Geodesy.DistanceMetres(new GeoPoint(0, 0), new GeoPoint(1, 0));

        Assert.InRange(distance, Wgs84 * 0.995, Wgs84 * 1.005);
    }

    [Fact]
    public void DistanceMetres_SamePoint_IsZero()
    {
        var point = new GeoPoint(113.3921, 22.5176);

        Assert.Equal(0, Geodesy.DistanceMetres(point, point));
    }

    [Fact]
    public void DistanceMetres_SwappedPoints_IsSymmetric()
    {
        var a = new GeoPoint(113.3921, 22.5176);
        var b = new GeoPoint(113.2, 22.6);

        Assert.Equal(Geodesy.DistanceMetres(a, b), Geodesy.DistanceMetres(b, a), 6);
    }

    [Fact]
    public void DistanceMetres_AntipodalPoints_IsHalfTheCircumference()
    {
        var distance = Geodesy.DistanceMetres(new GeoPoint(113.3, 22.5), new GeoPoint(-66.7, -22.5));

        Assert.Equal(Math.PI * Geodesy.MeanEarthRadiusMetres, distance, 3);
    }

    [Fact]
    public void DistanceMetres_AcrossTheAntimeridian_TakesTheShortWay()
    {
        var distance = Geodesy.DistanceMetres(new GeoPoint(179.9995, 0), new GeoPoint(-179.9995, 0));

        Assert.InRange(distance, 111.1, 111.3);
    }

    [Fact]
    public void DistanceMetres_TenMetresApart_IsAccurateToTheCentimetre()
    {
        // 10 m north on the sphere is 10 / R radians of latitude.
        var north = 22.5 + (10 / Geodesy.MeanEarthRadiusMetres * 180 / Math.PI);

        var distance = Geodesy.DistanceMetres(new GeoPoint(113.3, 22.5), new GeoPoint(113.3, north));

        Assert.Equal(10, distance, 0.01);
    }
}
