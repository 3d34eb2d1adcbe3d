using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Geography;

namespace GridGovernance.Grains.Geography;

/// <inheritdoc cref="IGridLocatorGrain"/>
/// <remarks>
/// A stateless worker: read-only and CPU-bound, so each silo runs local copies that answer without a hop.
/// Each copy caches the district's cells in an STRtree and checks the grid version at most every
/// <see cref="CheckEvery"/>, or at once when a caller asks for a newer version than it holds.
/// </remarks>
[StatelessWorker]
[GrainType("locator")]
public sealed class GridLocatorGrain(TimeProvider time) : Grain, IGridLocatorGrain
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(10);

    private CellLocator? _locator;
    private Dictionary<string, CommunityCode> _communityOf = [];
    private int _version = -1;
    private DateTimeOffset _checkedAt;

    private DistrictCode District => new(this.GetPrimaryKeyString()["locator:".Length..]);

    public async ValueTask<CellLocation?> LocateAsync(GeoPoint point, int minVersion, CancellationToken cancellationToken = default)
    {
        if (point.Problem() is not null)
        {
            return null;
        }

        await EnsureFreshAsync(minVersion, cancellationToken);
        return _locator!.Locate(point) is { } code ? new CellLocation(new CellCode(code), _communityOf[code]) : null;
    }

    private async Task EnsureFreshAsync(int minVersion, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_locator is not null && _version >= minVersion && now - _checkedAt < CheckEvery)
        {
            return;
        }

        var district = GrainFactory.District(District);
        var version = await district.GetVersionAsync(cancellationToken);
        if (_locator is null || version != _version)
        {
            var (loaded, cells) = await district.GetBoundariesAsync(cancellationToken);
            _locator = new CellLocator(cells.Select(c => new CellArea(c.Code.Value, c.Community.Value, c.Code.Value, c.Wkb)));
            _communityOf = cells.ToDictionary(c => c.Code.Value, c => c.Community);
            _version = loaded;
        }

        _checkedAt = now;
    }
}
