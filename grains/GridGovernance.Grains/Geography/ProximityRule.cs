using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Field;

namespace GridGovernance.Grains.Geography;

/// <summary>Limits for judging a visit's GPS fix against a registered location.</summary>
/// <param name="NearRadiusMetres">How far from the registered location a visit may be and still count as there.</param>
/// <param name="MaxAccuracyMetres">The coarsest fix (reported accuracy radius) that can be judged at all.</param>
public sealed record ProximityOptions(double NearRadiusMetres = 50, double MaxAccuracyMetres = 100);

/// <summary>Decides whether a visit happened at the place visited.</summary>
public static class ProximityRule
{
    /// <summary>Compares a GPS fix with a registered location, allowing for the fix's accuracy.</summary>
    /// <param name="registered">The registered location of what was visited, if it has one.</param>
    /// <param name="observed">The visit's GPS fix.</param>
    /// <param name="accuracyMetres">The fix's accuracy radius in metres, as the device reports it.</param>
    /// <param name="options">The near radius and the coarsest usable accuracy.</param>
    /// <returns>
    /// <see cref="Proximity.Unverifiable"/> when there is no registered location, either position is not a valid
    /// WGS84 position, or the accuracy is missing, NaN, negative or above <see cref="ProximityOptions.MaxAccuracyMetres"/>;
    /// otherwise <see cref="Proximity.Near"/> when the distance (<see cref="Geodesy.DistanceMetres"/>) is at most
    /// <see cref="ProximityOptions.NearRadiusMetres"/> plus the accuracy, and <see cref="Proximity.Far"/> beyond that.
    /// </returns>
    public static Proximity Judge(GeoPoint? registered, GeoPoint observed, double? accuracyMetres, ProximityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        if (registered is not { } target || target.Problem() is not null || observed.Problem() is not null)
        {
            return Proximity.Unverifiable;
        }

        // Phrased so that a NaN accuracy fails the range test.
        if (accuracyMetres is not { } accuracy || !(accuracy >= 0 && accuracy <= options.MaxAccuracyMetres))
        {
            return Proximity.Unverifiable;
        }

        return Geodesy.DistanceMetres(target, observed) <= options.NearRadiusMetres + accuracy
            ? Proximity.Near
            : Proximity.Far;
    }
}
