using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Field;
using GridGovernance.Grains.Geography;

namespace GridGovernance.Rules.Tests.Geography;

public sealed class ProximityRuleTests
{
    private static readonly ProximityOptions Defaults = new();
    private static readonly GeoPoint Registered = new(113.3921, 22.5176);

    // 0.001° of latitude north of Registered: 111.195 m on the mean sphere.
    private static readonly GeoPoint NorthBy111Metres = new(113.3921, 22.5186);

    [Fact]
    public void Judge_SamePointAndExactFix_IsNear()
    {
        Assert.Equal(Proximity.Near, ProximityRule.Judge(Registered, Registered, 0, Defaults));
    }

    [Fact]
    public void Judge_DistanceExactlyTheNearRadius_IsNear()
    {
        var distance = Geodesy.DistanceMetres(Registered, NorthBy111Metres);

        Assert.Equal(Proximity.Near, ProximityRule.Judge(Registered, NorthBy111Metres, 0, new ProximityOptions(NearRadiusMetres: distance)));
        Assert.Equal(Proximity.Far, ProximityRule.Judge(Registered, NorthBy111Metres, 0, new ProximityOptions(NearRadiusMetres: distance - 0.001)));
    }

    [Theory]
    [InlineData(61.2, Proximity.Near)] // 50 + 61.2 = 111.2 m reaches 111.195 m
    [InlineData(61.1, Proximity.Far)] // 50 + 61.1 = 111.1 m does not
    [InlineData(0, Proximity.Far)]
    [InlineData(100, Proximity.Near)]
    public void Judge_AccuracyWidensTheNearRadius_NearOnlyWithinRadiusPlusAccuracy(double accuracy, Proximity expected)
    {
        Assert.Equal(expected, ProximityRule.Judge(Registered, NorthBy111Metres, accuracy, Defaults));
    }

    [Fact]
    public void Judge_FortyMetresAwayWithGoodFix_IsNear()
    {
        var observed = new GeoPoint(113.3921, 22.5176 + 0.00036);

        Assert.Equal(Proximity.Near, ProximityRule.Judge(Registered, observed, 5, Defaults));
    }

    [Fact]
    public void Judge_KilometreAwayWithCoarsestUsableFix_IsFar()
    {
        var observed = new GeoPoint(113.3921, 22.5276);

        Assert.Equal(Proximity.Far, ProximityRule.Judge(Registered, observed, Defaults.MaxAccuracyMetres, Defaults));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(double.NaN)]
    [InlineData(-0.1)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(100.001)]
    [InlineData(double.PositiveInfinity)]
    public void Judge_AccuracyMissingOrUnusable_IsUnverifiable(double? accuracy)
    {
        Assert.Equal(Proximity.Unverifiable, ProximityRule.Judge(Registered, Registered, accuracy, Defaults));
    }

    [Fact]
    public void Judge_AccuracyExactlyTheMaximum_IsJudged()
    {
        Assert.Equal(Proximity.Near, ProximityRule.Judge(Registered, Registered, 100, Defaults));
    }

    [Fact]
    public void Judge_NoRegisteredLocation_IsUnverifiable()
    {
        Assert.Equal(Proximity.Unverifiable, ProximityRule.Judge(null, Registered, 5, Defaults));
    }

    [Theory]
    [InlineData(double.NaN, 22.5)]
    [InlineData(113.3, 90.5)]
    [InlineData(-180.5, 22.5)]
    public void Judge_PositionNotOnEarth_IsUnverifiable(double longitude, double latitude)
    {
        var bad = new GeoPoint(longitude, latitude);

        Assert.Equal(Proximity.Unverifiable, ProximityRule.Judge(Registered, bad, 5, Defaults));
        Assert.Equal(Proximity.Unverifiable, ProximityRule.Judge(bad, Registered, 5, Defaults));
    }

    [Fact]
    public void Judge_CustomOptions_AreHonoured()
    {
        var strict = new ProximityOptions(NearRadiusMetres: 10, MaxAccuracyMetres: 20);

        Assert.Equal(Proximity.Unverifiable, ProximityRule.Judge(Registered, NorthBy111Metres, 30, strict));
        Assert.Equal(Proximity.Far, ProximityRule.Judge(Registered, NorthBy111Metres, 20, strict));
    }
}
