using GridGovernance.Api.Security;
using GridGovernance.Api.Tests.Infrastructure;

namespace GridGovernance.Api.Tests.Matrix;

/// <summary>
/// Alerts. Each row raises an open card about a person in the target's cell on the target officer's caseload, so every
/// reach (cells, community, caseload, district) has something to find; the card's deadline is not one the person has,
/// so it may be resolved by hand.
/// </summary>
public static class AlertMatrix
{
    public static IReadOnlyList<MatrixEndpoint> Rows { get; } =
    [
        new("ListAlerts", Capability.ReadAlerts, async target =>
        {
            await RaiseAsync(target);
            return new MatrixRequest(HttpMethod.Get, $"/api/v1/alerts?cell={target.Cell.Value}");
        }),
        new("GetAlert", Capability.ReadAlerts, async target => new MatrixRequest(HttpMethod.Get, PathOf(await RaiseAsync(target)))),
        new("AcknowledgeAlert", Capability.ManageAlerts, async target =>
            new MatrixRequest(HttpMethod.Post, PathOf(await RaiseAsync(target)) + "/acknowledgements", new { note = "矩阵" })),
        new("ResolveAlert", Capability.ManageAlerts, async target =>
            new MatrixRequest(HttpMethod.Post, PathOf(await RaiseAsync(target)) + "/resolutions", new { reason = "矩阵" })),
    ];

    private static string PathOf(string key) => "/api/v1/alerts/" + Uri.EscapeDataString(key);

    private static Task<string> RaiseAsync(MatrixTarget target) =>
        (GrainAccess.Shared ?? throw new InvalidOperationException("the GrainAccess assembly fixture is not up")).RaisedPersonAlertAsync(target);
}
