using GridGovernance.Api.Security;

namespace GridGovernance.Api.Tests.Matrix;

/// <summary>Matrix rows of the audit endpoint (district-wide, auditors only).</summary>
public static class AuditMatrix
{
    public static IReadOnlyList<MatrixEndpoint> Rows { get; } =
    [
        new("ListAuditEvents", Capability.ReadAudit, async t => new MatrixRequest(HttpMethod.Get, $"/api/v1/audit?entity=person:{await PersonMatrix.PersonAsync(t)}&limit=10")),
    ];
}
