using System.Globalization;
using GridGovernance.Api.Security;

namespace GridGovernance.Api.Tests.Matrix;

/// <summary>Matrix rows of the geography endpoints.</summary>
public static class GridMatrix
{
    public static IReadOnlyList<MatrixEndpoint> Rows { get; } =
    [
        new("ListCells", Capability.ReadGrid, _ => Task.FromResult(new MatrixRequest(HttpMethod.Get, "/api/v1/cells"))),
        new("GetCell", Capability.ReadGrid, t => Task.FromResult(new MatrixRequest(HttpMethod.Get, $"/api/v1/cells/{t.Cell.Value}"))),
        new("ListCellProperties", Capability.ReadProperty, async t =>
        {
            await PlacesKit.RegisterPropertyAsync(t);
            return new MatrixRequest(HttpMethod.Get, $"/api/v1/cells/{t.Cell.Value}/properties");
        }),
        // A dry run of the grid the system runs on: valid, and it changes nothing.
        new("ImportGrid", Capability.ImportGrid, t => Task.FromResult(new MatrixRequest(HttpMethod.Post, "/api/v1/grid-imports?dryRun=true", t.Api.Grid.GeoJson()))),
        new("LocateCell", Capability.ReadGrid, t =>
        {
            var centre = PlacesKit.CentreOf(t.Api, t.Cell);
            return Task.FromResult(new MatrixRequest(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"/api/v1/locations/cell?longitude={centre.Longitude}&latitude={centre.Latitude}")));
        }),
        new("GetCommunity", Capability.ReadOverview, t => Task.FromResult(new MatrixRequest(HttpMethod.Get, $"/api/v1/communities/{t.Community.Value}"))),
    ];
}
