using GridGovernance.Api.Security;

namespace GridGovernance.Api.Tests.Matrix;

/// <summary>Matrix rows of the monthly statistics (a community's figures: the command centre and that community's administrator).</summary>
public static class StatisticsMatrix
{
    public static IReadOnlyList<MatrixEndpoint> Rows { get; } =
    [
        new("GetMonthlyStatistics", Capability.ReadStatistics, t => Task.FromResult(new MatrixRequest(HttpMethod.Get, $"/api/v1/statistics/monthly?from=2026-01&to=2026-02&community={t.Community.Value}"))),
        new("GetMonthlyStatisticsCsv", Capability.ReadStatistics, t => Task.FromResult(new MatrixRequest(HttpMethod.Get, $"/api/v1/statistics/monthly.csv?from=2026-01&community={t.Community.Value}"))),
    ];
}
