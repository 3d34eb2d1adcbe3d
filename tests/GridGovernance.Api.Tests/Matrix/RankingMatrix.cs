using GridGovernance.Api.Security;

namespace GridGovernance.Api.Tests.Matrix;

/// <summary>The grid leaderboard and its drill-down (a grid worker: their own row only).</summary>
public static class RankingMatrix
{
    public static IReadOnlyList<MatrixEndpoint> Rows { get; } =
    [
        new("ListRanking", Capability.ReadRankings, target => Task.FromResult(
            new MatrixRequest(HttpMethod.Get, $"/api/v1/rankings?kind=cells&month=2026-03&community={target.Community.Value}"))),
        new("ListRankingItems", Capability.ReadRankingItems, target => Task.FromResult(
            new MatrixRequest(HttpMethod.Get, $"/api/v1/rankings/workers/{MatrixCallers.OwnSubject(target.Officer)}/items?month=2026-03&community={target.Community.Value}")),
            OwnSubject: true),
    ];
}
