using GridGovernance.Api.Security;
using GridGovernance.Contracts.Common;

namespace GridGovernance.Api.Tests.Matrix;

/// <summary>On-duty presence: a worker's heartbeats (recorded anywhere, off-cell outside their cells) and who is on duty.</summary>
public static class PresenceMatrix
{
    public static IReadOnlyList<MatrixEndpoint> Rows { get; } =
    [
        new("RecordHeartbeat", Capability.RecordPresence, target => Task.FromResult(new MatrixRequest(HttpMethod.Post, "/api/v1/presence/heartbeats",
            Heartbeat(PlacesKit.CentreOf(target.Api, target.Cell))))),
        new("GetPresence", Capability.ReadPresence, target => Task.FromResult(new MatrixRequest(HttpMethod.Get, $"/api/v1/presence?cell={target.Cell.Value}"))),
    ];

    /// <summary>A valid heartbeat at <paramref name="point"/>, now, with a fresh client id.</summary>
    public static object Heartbeat(GeoPoint point, string? clientId = null) =>
        new { clientId = clientId ?? Guid.NewGuid().ToString(), longitude = point.Longitude, latitude = point.Latitude, accuracy = 10, at = DateTimeOffset.UtcNow };
}
