namespace GridGovernance.Api.Tests.Matrix;

/// <summary>Every endpoint's matrix row, gathered from the area files (each area adds its own list here).</summary>
public static class MatrixRows
{
    public static IReadOnlyList<MatrixEndpoint> All { get; } =
    [
        .. OverviewMatrix.Rows,
        .. GridMatrix.Rows,
        .. PropertyMatrix.Rows,
        .. EventMatrix.Rows,
        .. AccessGrantMatrix.Rows,
        .. PersonMatrix.Rows.Select(r => r with { PersonTarget = r.Operation != "EnrolPerson", Filtered = r.Operation is "ListMyCaseload" or "ListMyUrgentCaseload" }),
        .. CaseMatrix.Rows.Select(r => r with { PersonTarget = true }),
        .. AuditMatrix.Rows,
        .. WorkerMatrix.Rows,
        .. TaskMatrix.Rows,
        .. AlertMatrix.Rows.Select(r => r with { PersonTarget = true }),
        .. SyncMatrix.Rows,
        .. StatisticsMatrix.Rows,
        .. PresenceMatrix.Rows.Select(r => r with { Filtered = r.Operation == "RecordHeartbeat" }),
        .. RankingMatrix.Rows,
    ];
}
