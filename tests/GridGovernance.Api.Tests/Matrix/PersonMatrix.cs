using GridGovernance.Api.Security;
using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Contracts.Common;

namespace GridGovernance.Api.Tests.Matrix;

/// <summary>Matrix rows of the people endpoints; every person built here is on <see cref="MatrixTarget.Officer"/>'s caseload.</summary>
public static class PersonMatrix
{
    public static IReadOnlyList<MatrixEndpoint> Rows { get; } =
    [
        new("EnrolPerson", Capability.EnrolPerson, t => Task.FromResult(new MatrixRequest(HttpMethod.Put, $"/api/v1/people/{Guid.NewGuid()}", PeopleKit.EnrolBody(Home(t))))),
        new("GetPerson", Capability.ReadPerson, async t => new MatrixRequest(HttpMethod.Get, $"/api/v1/people/{await PersonAsync(t)}?purpose=matrix")),
        new("RevealPersonName", Capability.RevealPersonalData, async t => new MatrixRequest(HttpMethod.Post, $"/api/v1/people/{await PersonAsync(t)}/name-reveals", new { purpose = "matrix" })),
        new("RecordPersonReport", Capability.ManagePerson, async t => new MatrixRequest(HttpMethod.Post, $"/api/v1/people/{await PersonAsync(t, "CommunityDrugRehabilitation")}/reports", new { reportedAt = DateTimeOffset.UtcNow.AddMinutes(-1) })),
        new("RecordPersonVisit", Capability.ManagePerson, async t => new MatrixRequest(HttpMethod.Post, $"/api/v1/people/{await PersonAsync(t)}/visits",
            new { visitId = Guid.NewGuid(), worker = Guid.NewGuid(), location = ApiSystem.Point(Home(t)), accuracyMetres = 5.0, deviceTime = DateTimeOffset.UtcNow, note = (string?)null })),
        new("LinkPersonHome", Capability.ManagePerson, async t => new MatrixRequest(HttpMethod.Put, $"/api/v1/people/{await PersonAsync(t)}/home", new { property = (Guid?)null })),
        new("MovePerson", Capability.ManagePerson, async t => new MatrixRequest(HttpMethod.Post, $"/api/v1/people/{await PersonAsync(t)}/moves", new { location = ApiSystem.Point(Home(t)) })),
        new("AssignPersonOfficer", Capability.AssignOfficer, async t => new MatrixRequest(HttpMethod.Put, $"/api/v1/people/{await PersonAsync(t)}/officer", new { officer = t.Officer })),
        new("ListPersonHistory", Capability.ReadPerson, async t => new MatrixRequest(HttpMethod.Get, $"/api/v1/people/{await PersonAsync(t)}/history?purpose=matrix&limit=5")),
        // Lists of the caller's own caseload: filtered, never 403 for scope (empty for a caller without people).
        new("ListMyCaseload", Capability.ReadPerson, async t =>
        {
            await PersonAsync(t);
            return new MatrixRequest(HttpMethod.Get, "/api/v1/caseloads/me?purpose=matrix");
        }),
        new("ListMyUrgentCaseload", Capability.ReadPerson, async t =>
        {
            await PersonAsync(t);
            return new MatrixRequest(HttpMethod.Get, "/api/v1/caseloads/me/urgent?purpose=matrix");
        }),
    ];

    /// <summary>A point inside the target's cell (the test grid's cell centres).</summary>
    public static GeoPoint Home(MatrixTarget target)
    {
        var code = target.Cell.Value;
        return TestGrid.Centre(code.EndsWith("-2", StringComparison.Ordinal) ? 1 : 0, code.EndsWith("-B-1", StringComparison.Ordinal) || code.EndsWith("-B-2", StringComparison.Ordinal) ? 1 : 0);
    }

    /// <summary>Enrols a person at the target's cell (as its community's administrator) on the target officer's caseload.</summary>
    public static Task<Guid> PersonAsync(MatrixTarget target, string programme = "CommunityCorrection") =>
        PeopleKit.EnrolOnCaseloadAsync(target.Api, target.Community.Value, Home(target), target.Officer, programme);
}
