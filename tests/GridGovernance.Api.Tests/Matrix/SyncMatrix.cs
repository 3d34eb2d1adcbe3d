using GridGovernance.Api.Security;
using GridGovernance.Api.Tests.Infrastructure;

namespace GridGovernance.Api.Tests.Matrix;

/// <summary>Offline batch sync: a one-visit batch on a property in the target's cell (a batch with nothing in scope is 403).</summary>
public static class SyncMatrix
{
    public static IReadOnlyList<MatrixEndpoint> Rows { get; } =
    [
        new("SyncFieldWork", Capability.SyncFieldWork, async target =>
        {
            var grains = GrainAccess.Shared ?? throw new InvalidOperationException("the GrainAccess assembly fixture is not up");
            var at = target.Cell == target.Api.Grid.A1 ? TestGrid.Centre(0, 0) : target.Cell == target.Api.Grid.A2 ? TestGrid.Centre(1, 0)
                : target.Cell == target.Api.Grid.B1 ? TestGrid.Centre(0, 1) : TestGrid.Centre(1, 1);
            var property = await grains.RegisterPropertyAsync(target.Api, at);
            return new MatrixRequest(HttpMethod.Post, "/api/v1/sync", new
            {
                deviceId = "matrix-phone",
                items = new[]
                {
                    new
                    {
                        itemId = Guid.NewGuid(), type = "visit", entity = new { kind = "property", id = property.Value }, deviceTime = DateTimeOffset.UtcNow,
                        gps = new { longitude = at.Longitude, latitude = at.Latitude, accuracyMetres = 5.0 },
                    },
                },
            });
        }),
    ];
}
