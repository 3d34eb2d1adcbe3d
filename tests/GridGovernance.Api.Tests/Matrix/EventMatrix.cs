using GridGovernance.Api.Security;

namespace GridGovernance.Api.Tests.Matrix;

/// <summary>
/// The event stream's matrix row: a replay-only request (<c>follow=false</c>, so it ends) filtered to the target's
/// cell, which the scope guard checks like any target. A correction officer's reach is a caseload, so a cell filter
/// is out of their scope: officers stream without a filter.
/// </summary>
public static class EventMatrix
{
    public static IReadOnlyList<MatrixEndpoint> Rows { get; } =
    [
        new("StreamEvents", Capability.StreamEvents, target => Task.FromResult(new MatrixRequest(HttpMethod.Get, $"/api/v1/events?cell={target.Cell}&follow=false"))),
    ];
}
