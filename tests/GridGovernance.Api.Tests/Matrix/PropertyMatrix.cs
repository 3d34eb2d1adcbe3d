using System.Globalization;
using GridGovernance.Api.Security;
using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Geography;

namespace GridGovernance.Api.Tests.Matrix;

/// <summary>Matrix rows of the rental-property endpoints.</summary>
public static class PropertyMatrix
{
    public static IReadOnlyList<MatrixEndpoint> Rows { get; } =
    [
        new("RegisterProperty", Capability.ManageProperty, t => Task.FromResult(
            new MatrixRequest(HttpMethod.Put, $"/api/v1/properties/{Guid.NewGuid()}", PlacesKit.PropertyBody(PlacesKit.CentreOf(t.Api, t.Cell))))),
        new("GetProperty", Capability.ReadProperty, async t =>
            new MatrixRequest(HttpMethod.Get, $"/api/v1/properties/{await PlacesKit.RegisterPropertyAsync(t)}")),
        new("ListTenancies", Capability.ReadProperty, async t =>
            new MatrixRequest(HttpMethod.Get, $"/api/v1/properties/{await PlacesKit.RegisterPropertyAsync(t)}/tenancies")),
        new("GetTenancy", Capability.ReadProperty, async t =>
        {
            var (property, tenancy) = await PlacesKit.RegisterTenancyAsync(t);
            return new MatrixRequest(HttpMethod.Get, $"/api/v1/properties/{property}/tenancies/{tenancy}");
        }),
        new("RegisterTenancy", Capability.ManageProperty, async t =>
            new MatrixRequest(HttpMethod.Post, $"/api/v1/properties/{await PlacesKit.RegisterPropertyAsync(t)}/tenancies", PlacesKit.TenancyBody(Guid.NewGuid(), DateTimeOffset.UtcNow.AddDays(-1)))),
        new("RecordMoveOut", Capability.ManageProperty, async t =>
        {
            var (property, tenancy) = await PlacesKit.RegisterTenancyAsync(t);
            return new MatrixRequest(HttpMethod.Post, $"/api/v1/properties/{property}/tenancies/{tenancy}/move-outs", new { movedOutAt = DateTimeOffset.UtcNow.AddMinutes(-5) });
        }),
        new("RecordTenantReport", Capability.ManageProperty, async t =>
        {
            var (property, tenancy) = await PlacesKit.RegisterTenancyAsync(t);
            return new MatrixRequest(HttpMethod.Post, $"/api/v1/properties/{property}/tenancies/{tenancy}/reports", new { kind = "Arrival" });
        }),
        new("RevealTenantIdNumber", Capability.RevealPersonalData, async t =>
        {
            var (property, tenancy) = await PlacesKit.RegisterTenancyAsync(t);
            return new MatrixRequest(HttpMethod.Post, $"/api/v1/properties/{property}/tenancies/{tenancy}/id-number-reveals", new { purpose = "matrix: verify the tenant on a visit" });
        }),
        new("RecordPropertyVisit", Capability.ManageProperty, async t =>
            new MatrixRequest(HttpMethod.Post, $"/api/v1/properties/{await PlacesKit.RegisterPropertyAsync(t)}/visits", PlacesKit.VisitBody(PlacesKit.CentreOf(t.Api, t.Cell), Guid.NewGuid()))),
        new("InspectProperty", Capability.ManageProperty, async t =>
            new MatrixRequest(HttpMethod.Post, $"/api/v1/properties/{await PlacesKit.RegisterPropertyAsync(t)}/inspections",
                PlacesKit.InspectionBody(PlacesKit.CentreOf(t.Api, t.Cell), Guid.NewGuid(), eBikes: true))),
        new("RegradeProperty", Capability.ManageProperty, async t =>
            new MatrixRequest(HttpMethod.Post, $"/api/v1/properties/{await PlacesKit.RegisterPropertyAsync(t)}/regrades",
                new { regradeId = Guid.NewGuid(), grade = "Orange", reason = "matrix: e-bikes charged in the stairwell" })),
        new("WithdrawHazard", Capability.ManageProperty, async t =>
        {
            var property = await PlacesKit.RegisterPropertyAsync(t);
            var hazard = await PlacesKit.OpenHazardAsync(t.Api, t.AdminToken, property, PlacesKit.CentreOf(t.Api, t.Cell));
            return new MatrixRequest(HttpMethod.Post, $"/api/v1/properties/{property}/hazards/{hazard}/withdrawals", new { reason = "matrix: recorded in error" });
        }),
        new("MoveProperty", Capability.ManageProperty, async t =>
        {
            var property = await PlacesKit.RegisterPropertyAsync(t);
            var centre = PlacesKit.CentreOf(t.Api, t.Cell);
            // A corrected point in the same cell: the scope before and after the move is the target's cell.
            return new MatrixRequest(HttpMethod.Post, $"/api/v1/properties/{property}/moves", new { location = ApiSystem.Point(new GeoPoint(centre.Longitude + 0.001, centre.Latitude + 0.001)) });
        }),
    ];
}

/// <summary>Bodies and set-up steps shared by the property and grid tests and their matrix rows.</summary>
public static class PlacesKit
{
    /// <summary>The centre of a cell of the test grid.</summary>
    public static GeoPoint CentreOf(ApiSystem api, CellCode cell)
    {
        var grid = api.Grid;
        return cell == grid.A1 ? TestGrid.Centre(0, 0)
            : cell == grid.A2 ? TestGrid.Centre(1, 0)
            : cell == grid.B1 ? TestGrid.Centre(0, 1)
            : cell == grid.B2 ? TestGrid.Centre(1, 1)
            : throw new ArgumentOutOfRangeException(nameof(cell), cell, "not a cell of the test grid");
    }

    /// <summary>A valid registration body at <paramref name="at"/>.</summary>
    public static object PropertyBody(GeoPoint at, string grade = "Green", string address = "石岐出租屋路8号") => new
    {
        address,
        location = ApiSystem.Point(at),
        landlord = new { name = "房东", phone = "13800000000" },
        grade,
    };

    /// <summary>A valid tenancy body with a fresh ID number.</summary>
    public static object TenancyBody(Guid tenancyId, DateTimeOffset moveInAt, string? idNumber = null) => new
    {
        tenancyId,
        tenantName = "租客",
        idType = "ResidentIdentityCard",
        idNumber = idNumber ?? NewIdNumber(),
        moveInAt,
    };

    /// <summary>A made-up 18-character resident ID number.</summary>
    public static string NewIdNumber() => "99999919900101" + Random.Shared.Next(1000, 10000).ToString(CultureInfo.InvariantCulture);

    /// <summary>A valid visit body at <paramref name="at"/>.</summary>
    public static object VisitBody(GeoPoint at, Guid? workerId, Guid? visitId = null) => new
    {
        visitId = visitId ?? Guid.NewGuid(),
        location = ApiSystem.Point(at),
        accuracyMetres = 5.0,
        deviceTime = DateTimeOffset.UtcNow,
        note = "巡查",
        workerId,
    };

    /// <summary>A valid inspection body; <paramref name="eBikes"/> fails FS-03.</summary>
    public static object InspectionBody(GeoPoint at, Guid? workerId, bool eBikes, Guid? inspectionId = null) => new
    {
        inspectionId = inspectionId ?? Guid.NewGuid(),
        visit = VisitBody(at, workerId),
        checklist = new { eBikesInCommonAreas = eBikes, flammableGoodsWithLiving = false, grillesWithoutEscapeWindow = false, exitsBlocked = false, vulnerable = "None" },
    };

    /// <summary>Registers a property in the target's cell as its community's administrator.</summary>
    public static Task<Guid> RegisterPropertyAsync(MatrixTarget target) => RegisterPropertyAsync(target.Api, target.AdminToken, CentreOf(target.Api, target.Cell));

    /// <summary>Registers a property at <paramref name="at"/>.</summary>
    public static async Task<Guid> RegisterPropertyAsync(ApiSystem api, string token, GeoPoint at)
    {
        var id = Guid.NewGuid();
        var response = await api.PutAsync($"/api/v1/properties/{id}", token, PropertyBody(at));
        Assert.True(response.Status == 200, response.ToString());
        return id;
    }

    /// <summary>Registers a property in the target's cell and a tenant there.</summary>
    public static async Task<(Guid Property, Guid Tenancy)> RegisterTenancyAsync(MatrixTarget target)
    {
        var property = await RegisterPropertyAsync(target);
        var tenancy = Guid.NewGuid();
        var response = await target.Api.PostAsync($"/api/v1/properties/{property}/tenancies", target.AdminToken, TenancyBody(tenancy, DateTimeOffset.UtcNow.AddDays(-1)));
        Assert.True(response.Status == 201, response.ToString());
        return (property, tenancy);
    }

    /// <summary>Opens an FS-03 hazard by an inspection; returns its id.</summary>
    public static async Task<string> OpenHazardAsync(ApiSystem api, string token, Guid property, GeoPoint at)
    {
        var response = await api.PostAsync($"/api/v1/properties/{property}/inspections", token, InspectionBody(at, Guid.NewGuid(), eBikes: true));
        Assert.True(response.Status == 200, response.ToString());
        return response.Json["hazardsOpened"]![0]!.GetValue<string>();
    }
}
