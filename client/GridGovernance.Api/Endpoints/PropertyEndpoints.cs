using System.ComponentModel.DataAnnotations;
using GridGovernance.Api.Problems;
using GridGovernance.Api.Security;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Geography;
using GridGovernance.Contracts.Rentals;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GridGovernance.Api.Endpoints;

/// <summary>
/// Rental properties, tenancies, inspections and hazards. Every operation looks the property up first (404), then
/// checks the caller's scope against the cell the property is in (403); a role without the capability gets 403 before
/// anything is looked up. Commands carry client-generated ids, so a retried request gets the same answer.
/// </summary>
public static class PropertyEndpoints
{
    /// <summary>Maps the group.</summary>
    public static RouteGroupBuilder MapPropertyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/properties").WithTags("Rentals").RequireAuthorization().RequireRateLimiting(RateLimits.PerUser);
        group.MapPut("/{id:guid}", RegisterPropertyAsync)
            .WithName("RegisterProperty")
            .WithSummary("Registers a rental property at a point and places it in the cell there; the same body again answers the same, another body 409.");
        group.MapGet("/{id:guid}", GetPropertyAsync)
            .WithName("GetProperty")
            .WithSummary("A property: grade, cell, deadlines, open hazards and tenancy counts (no tenant data); residents only to callers who may manage it.");
        group.MapGet("/{id:guid}/tenancies", ListTenanciesAsync)
            .WithName("ListTenancies")
            .WithSummary("The property's tenancies, ID numbers masked (PI-14); tenant names masked too unless the caller may manage the property.");
        group.MapGet("/{id:guid}/tenancies/{tenancyId:guid}", GetTenancyAsync)
            .WithName("GetTenancy")
            .WithSummary("One tenancy, the ID number masked (PI-14); the tenant's name masked too unless the caller may manage the property.");
        group.MapPost("/{id:guid}/tenancies", RegisterTenancyAsync)
            .WithName("RegisterTenancy")
            .WithSummary("Registers a tenant moving in (RH-01); the landlord's report falls due in 3 working days (RH-02). tenancyId is the idempotency key.");
        group.MapPost("/{id:guid}/tenancies/{tenancyId:guid}/move-outs", RecordMoveOutAsync)
            .WithName("RecordMoveOut")
            .WithSummary("Records that the tenant moved out; the departure report falls due (RH-02). The same date again is harmless.");
        group.MapPost("/{id:guid}/tenancies/{tenancyId:guid}/reports", RecordTenantReportAsync)
            .WithName("RecordTenantReport")
            .WithSummary("Records the landlord's arrival or departure report (RH-02); a repeated report changes nothing.");
        group.MapPost("/{id:guid}/tenancies/{tenancyId:guid}/id-number-reveals", RevealIdNumberAsync)
            .WithName("RevealTenantIdNumber")
            .WithSummary("The tenant's ID number in clear, for a stated purpose; journaled with the caller and the purpose (PI-14).");
        group.MapPost("/{id:guid}/visits", RecordVisitAsync)
            .WithName("RecordPropertyVisit")
            .WithSummary("A grid worker's check-in: judged near or far, completes the visit deadline and plans the next (RH-09). visitId is the idempotency key.");
        group.MapPost("/{id:guid}/inspections", InspectAsync)
            .WithName("InspectProperty")
            .WithSummary("A fire-safety inspection (FS-02..FS-06): a visit with a checklist; each failed item opens a hazard with a deadline. inspectionId is the idempotency key.");
        group.MapPost("/{id:guid}/regrades", RegradeAsync)
            .WithName("RegradeProperty")
            .WithSummary("Changes the risk grade with a reason and re-plans the next visit (RH-07/RH-09). regradeId is the idempotency key.");
        group.MapPost("/{id:guid}/hazards/{hazardId}/withdrawals", WithdrawHazardAsync)
            .WithName("WithdrawHazard")
            .WithSummary("Withdraws a hazard recorded in error, with its deadline and any alert; a repeated withdrawal is harmless.");
        group.MapPost("/{id:guid}/moves", MovePropertyAsync)
            .WithName("MoveProperty")
            .WithSummary("Corrects the registered point and moves the property to the cell there; the same point again is harmless.");
        return group;
    }

    /// <summary>
    /// Registers the property. Scope is the cell the point lies in (the property's own cell when it exists already);
    /// a point in no cell needs district reach.
    /// </summary>
    public static async Task<Results<Ok<PropertyResponse>, ProblemHttpResult>> RegisterPropertyAsync(
        Guid id, RegisterPropertyRequest request, GridCaller caller, IClusterClient client, ScopeGuard guard, IOptions<GridApiOptions> options, CancellationToken cancellationToken)
    {
        if (!ScopeGuard.Has(caller, Capability.ManageProperty))
        {
            return Problems.Problems.Denied(RoleLacks);
        }

        var district = new DistrictCode(options.Value.District);
        var location = request.Location!.ToPoint();
        var property = client.Property(new PropertyId(id));
        var target = await property.GetAsync(cancellationToken) is { } existing
            ? ScopeTarget.Of(existing)
            : await WhereAsync(client, district, location, cancellationToken);
        var access = await guard.CheckAsync(caller, Capability.ManageProperty, target, cancellationToken);
        if (!access.Allowed)
        {
            return Problems.Problems.Denied(access);
        }

        var command = new RegisterProperty(district, request.Address!, location, new Landlord(request.Landlord!.Name!, request.Landlord.Phone ?? ""), request.Grade!.Value, request.LastVisitedAt);
        var outcome = await property.RegisterAsync(command, caller.Actor, cancellationToken);
        if (Failed(outcome))
        {
            return Problems.Problems.From(outcome);
        }

        return TypedResults.Ok(PropertyResponse.From((await property.GetAsync(cancellationToken))!, manages: true));
    }

    /// <summary>
    /// A property without tenant data. Who lives there under supervision (<c>residents</c>, and the GR-06 rule on the
    /// visit deadline) only for callers who may manage the property (workers of its cell, its community's admins).
    /// </summary>
    public static async Task<Results<Ok<PropertyResponse>, ProblemHttpResult>> GetPropertyAsync(
        Guid id, GridCaller caller, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken)
    {
        var (summary, problem) = await LoadAsync(id, Capability.ReadProperty, caller, client, guard, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var manages = await ManagesAsync(caller, guard, summary!, cancellationToken);
        return TypedResults.Ok(PropertyResponse.From(summary!, manages));
    }

    /// <summary>The tenancies, active first, ID numbers masked; tenant names masked for callers who may not manage the property.</summary>
    public static async Task<Results<Ok<IReadOnlyList<TenancyResponse>>, ProblemHttpResult>> ListTenanciesAsync(
        Guid id, GridCaller caller, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken)
    {
        var (summary, problem) = await LoadAsync(id, Capability.ReadProperty, caller, client, guard, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var manages = await ManagesAsync(caller, guard, summary!, cancellationToken);
        var tenancies = await client.Property(new PropertyId(id)).GetTenanciesAsync(cancellationToken) ?? [];
        IReadOnlyList<TenancyResponse> list = [.. tenancies.Select(t => TenancyResponse.From(t, manages))];
        return TypedResults.Ok(list);
    }

    /// <summary>One tenancy, the ID number masked; the tenant's name masked for callers who may not manage the property.</summary>
    public static async Task<Results<Ok<TenancyResponse>, ProblemHttpResult>> GetTenancyAsync(
        Guid id, Guid tenancyId, GridCaller caller, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken)
    {
        var (summary, problem) = await LoadAsync(id, Capability.ReadProperty, caller, client, guard, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var manages = await ManagesAsync(caller, guard, summary!, cancellationToken);
        var tenancies = await client.Property(new PropertyId(id)).GetTenanciesAsync(cancellationToken) ?? [];
        return tenancies.FirstOrDefault(t => t.TenancyId == tenancyId) is { } tenancy
            ? TypedResults.Ok(TenancyResponse.From(tenancy, manages))
            : Problems.Problems.NotFound("No such tenancy at this property.");
    }

    /// <summary>Registers a tenant; 201 with the tenancy (masked), and the same 201 when the same registration is sent again.</summary>
    public static async Task<Results<Created<TenancyResponse>, ProblemHttpResult>> RegisterTenancyAsync(
        Guid id, RegisterTenancyRequest request, GridCaller caller, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken)
    {
        var (_, problem) = await LoadAsync(id, Capability.ManageProperty, caller, client, guard, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var property = client.Property(new PropertyId(id));
        var tenancyId = request.TenancyId!.Value;
        var outcome = await property.RegisterTenancyAsync(
            new RegisterTenancy(tenancyId, request.TenantName, request.IdType, request.IdNumber, request.MoveInAt!.Value), caller.Actor, cancellationToken);
        if (Failed(outcome))
        {
            return Problems.Problems.From(outcome);
        }

        var tenancy = (await property.GetTenanciesAsync(cancellationToken))!.First(t => t.TenancyId == tenancyId);
        return TypedResults.Created($"/api/v1/properties/{id}/tenancies/{tenancyId}", TenancyResponse.From(tenancy, manages: true));
    }

    /// <summary>Records a move-out; answers the property.</summary>
    public static async Task<Results<Ok<PropertyResponse>, ProblemHttpResult>> RecordMoveOutAsync(
        Guid id, Guid tenancyId, MoveOutRequest request, GridCaller caller, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken) =>
        await CommandAsync(id, Capability.ManageProperty, caller, client, guard,
            p => p.RecordMoveOutAsync(tenancyId, request.MovedOutAt!.Value, caller.Actor, cancellationToken), cancellationToken);

    /// <summary>Records the landlord's report; answers the property.</summary>
    public static async Task<Results<Ok<PropertyResponse>, ProblemHttpResult>> RecordTenantReportAsync(
        Guid id, Guid tenancyId, TenantReportRequest request, GridCaller caller, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken) =>
        await CommandAsync(id, Capability.ManageProperty, caller, client, guard,
            p => p.RecordTenantReportAsync(tenancyId, request.Kind!.Value, caller.Actor, cancellationToken), cancellationToken);

    /// <summary>
    /// The ID number in clear (RevealPersonalData). The grain journals who asked and why before it answers; the answer
    /// is marked not to be stored by caches.
    /// </summary>
    public static async Task<Results<Ok<RevealedIdNumberResponse>, ProblemHttpResult>> RevealIdNumberAsync(
        Guid id, Guid tenancyId, RevealRequest request, GridCaller caller, IClusterClient client, ScopeGuard guard, HttpResponse response, CancellationToken cancellationToken)
    {
        var (_, problem) = await LoadAsync(id, Capability.RevealPersonalData, caller, client, guard, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var revealed = await client.Property(new PropertyId(id)).RevealTenantIdNumberAsync(tenancyId, request.Purpose!, caller.Actor, cancellationToken);
        if (Failed(revealed.Outcome) || revealed.IdNumber is null)
        {
            return Problems.Problems.From(revealed.Outcome.IsOk ? Outcome.NotFound("tenancy-not-found", "No such tenancy at this property.") : revealed.Outcome);
        }

        response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new RevealedIdNumberResponse(tenancyId, revealed.IdNumber));
    }

    /// <summary>
    /// A check-in. Who visited: a grid worker whose token subject is a worker id (a UUID) visits as themselves (a
    /// different <c>workerId</c> in the body is refused); anyone else names the worker in <c>workerId</c>.
    /// </summary>
    public static async Task<Results<Ok<VisitResponse>, ProblemHttpResult>> RecordVisitAsync(
        Guid id, VisitRequest request, GridCaller caller, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken)
    {
        if (!ScopeGuard.Has(caller, Capability.ManageProperty))
        {
            return Problems.Problems.Denied(RoleLacks);
        }

        var (worker, invalid) = VisitWorker.Resolve(caller, request.WorkerId, "workerId");
        if (invalid is not null)
        {
            return invalid;
        }

        var (_, problem) = await LoadAsync(id, Capability.ManageProperty, caller, client, guard, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await client.Property(new PropertyId(id)).RecordVisitAsync(request.ToCommand(worker), caller.Actor, cancellationToken);
        return Failed(result.Outcome) ? Problems.Problems.From(result.Outcome) : TypedResults.Ok(VisitResponse.From(result));
    }

    /// <summary>A fire-safety inspection (a visit with a checklist); the visit's worker is decided as for a visit.</summary>
    public static async Task<Results<Ok<InspectionResponse>, ProblemHttpResult>> InspectAsync(
        Guid id, InspectionRequest request, GridCaller caller, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken)
    {
        if (!ScopeGuard.Has(caller, Capability.ManageProperty))
        {
            return Problems.Problems.Denied(RoleLacks);
        }

        var (worker, invalid) = VisitWorker.Resolve(caller, request.Visit!.WorkerId, "visit.workerId");
        if (invalid is not null)
        {
            return invalid;
        }

        var (_, problem) = await LoadAsync(id, Capability.ManageProperty, caller, client, guard, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await client.Property(new PropertyId(id)).InspectAsync(request.ToInspection(worker), caller.Actor, cancellationToken);
        return Failed(result.Outcome) ? Problems.Problems.From(result.Outcome) : TypedResults.Ok(InspectionResponse.From(result));
    }

    /// <summary>Changes the risk grade; answers the property.</summary>
    public static async Task<Results<Ok<PropertyResponse>, ProblemHttpResult>> RegradeAsync(
        Guid id, RegradeRequest request, GridCaller caller, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken) =>
        await CommandAsync(id, Capability.ManageProperty, caller, client, guard,
            p => p.RegradeAsync(new Regrade(request.RegradeId!.Value, request.Grade, request.Reason), caller.Actor, cancellationToken), cancellationToken);

    /// <summary>Withdraws a hazard recorded in error; answers the property.</summary>
    public static async Task<Results<Ok<PropertyResponse>, ProblemHttpResult>> WithdrawHazardAsync(
        Guid id, string hazardId, HazardWithdrawalRequest request, GridCaller caller, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken) =>
        hazardId.Length > 200
            ? Problems.Problems.Invalid("hazardId", "hazardId is at most 200 characters.")
            : await CommandAsync(id, Capability.ManageProperty, caller, client, guard,
                p => p.WithdrawHazardAsync(hazardId, request.Reason!.Trim(), caller.Actor, cancellationToken), cancellationToken);

    /// <summary>
    /// Moves the registered point. The caller needs ManageProperty both where the property is and where it goes (a
    /// point in no cell needs district reach).
    /// </summary>
    public static async Task<Results<Ok<PropertyResponse>, ProblemHttpResult>> MovePropertyAsync(
        Guid id, MoveRequest request, GridCaller caller, IClusterClient client, ScopeGuard guard, IOptions<GridApiOptions> options, CancellationToken cancellationToken)
    {
        var (_, problem) = await LoadAsync(id, Capability.ManageProperty, caller, client, guard, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var location = request.Location!.ToPoint();
        var destination = await WhereAsync(client, new DistrictCode(options.Value.District), location, cancellationToken);
        var access = await guard.CheckAsync(caller, Capability.ManageProperty, destination, cancellationToken);
        if (!access.Allowed)
        {
            return Problems.Problems.Denied(access);
        }

        var property = client.Property(new PropertyId(id));
        var outcome = await property.MoveAsync(location, caller.Actor, cancellationToken);
        return Failed(outcome) ? Problems.Problems.From(outcome) : TypedResults.Ok(PropertyResponse.From((await property.GetAsync(cancellationToken))!, manages: true));
    }

    private static Access RoleLacks { get; } = new(false, null, ProblemTypes.ForbiddenRole);

    /// <summary>
    /// An outcome to answer as a problem. Only the failure kinds are: any other kind (Ok, or a replay the grain marks
    /// as such) is a success, so a retried command answers like the first.
    /// </summary>
    private static bool Failed(Outcome outcome) => outcome.Kind is OutcomeKind.Invalid or OutcomeKind.NotFound or OutcomeKind.Conflict or OutcomeKind.Forbidden;

    /// <summary>
    /// Whether the caller may manage this property (its cell's workers, its community's admins, or a break-glass grant
    /// for it): they see tenants' names and who lives there under supervision; other readers (the command centre) do not.
    /// </summary>
    private static async Task<bool> ManagesAsync(GridCaller caller, ScopeGuard guard, PropertySummary summary, CancellationToken cancellationToken) =>
        (await guard.CheckAsync(caller, Capability.ManageProperty, ScopeTarget.Of(summary), cancellationToken)).Allowed;

    /// <summary>Role has the capability (else 403), the property exists (else 404), it is in the caller's scope (else 403).</summary>
    private static async Task<(PropertySummary? Summary, ProblemHttpResult? Problem)> LoadAsync(
        Guid id, Capability capability, GridCaller caller, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken)
    {
        if (!ScopeGuard.Has(caller, capability))
        {
            return (null, Problems.Problems.Denied(RoleLacks));
        }

        if (await client.Property(new PropertyId(id)).GetAsync(cancellationToken) is not { } summary)
        {
            return (null, Problems.Problems.NotFound("No property is registered under this id."));
        }

        var access = await guard.CheckAsync(caller, capability, ScopeTarget.Of(summary), cancellationToken);
        return access.Allowed ? (summary, null) : (null, Problems.Problems.Denied(access));
    }

    /// <summary>Loads and checks, runs the command, and answers the property as it is afterwards.</summary>
    private static async Task<Results<Ok<PropertyResponse>, ProblemHttpResult>> CommandAsync(
        Guid id, Capability capability, GridCaller caller, IClusterClient client, ScopeGuard guard,
        Func<IRentalPropertyGrain, ValueTask<Outcome>> command, CancellationToken cancellationToken)
    {
        var (_, problem) = await LoadAsync(id, capability, caller, client, guard, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var property = client.Property(new PropertyId(id));
        var outcome = await command(property);
        return Failed(outcome) ? Problems.Problems.From(outcome) : TypedResults.Ok(PropertyResponse.From((await property.GetAsync(cancellationToken))!, manages: true));
    }

    /// <summary>The scope target of a point: the cell it lies in, or the district when it lies in none.</summary>
    private static async Task<ScopeTarget> WhereAsync(IClusterClient client, DistrictCode district, GeoPoint point, CancellationToken cancellationToken) =>
        await client.Locator(district).LocateAsync(point, 0, cancellationToken) is { } located
            ? ScopeTarget.InCell(located.Cell, located.Community)
            : ScopeTarget.District;
}

/// <summary>A WGS84 point in decimal degrees.</summary>
/// <param name="Longitude">Degrees east, −180..180.</param>
/// <param name="Latitude">Degrees north, −90..90.</param>
public sealed record PointBody(
    [Required, Range(-180.0, 180.0)] double? Longitude,
    [Required, Range(-90.0, 90.0)] double? Latitude)
{
    /// <summary>The point (after validation).</summary>
    public GeoPoint ToPoint() => new(Longitude!.Value, Latitude!.Value);
}

/// <summary>The landlord of a property.</summary>
/// <param name="Name">Name.</param>
/// <param name="Phone">Contact phone.</param>
public sealed record LandlordBody(
    [Required, StringLength(100)] string? Name,
    [StringLength(32)] string? Phone);

/// <summary>Registers a rental property.</summary>
/// <param name="Address">Postal address.</param>
/// <param name="Location">The registered point; it decides the cell.</param>
/// <param name="Landlord">The landlord.</param>
/// <param name="Grade">Risk grade (RH-09): Green, Yellow, Orange or Red.</param>
/// <param name="LastVisitedAt">For records migrated from an earlier system: when it was last visited.</param>
public sealed record RegisterPropertyRequest(
    [Required, StringLength(200)] string? Address,
    [Required] PointBody? Location,
    [Required] LandlordBody? Landlord,
    [Required] RiskGrade? Grade,
    DateTimeOffset? LastVisitedAt);

/// <summary>Registers a tenant moving in (RH-01: name, ID type and ID number).</summary>
/// <param name="TenancyId">Generated by the client once; the idempotency key.</param>
/// <param name="TenantName">Tenant's name.</param>
/// <param name="IdType">Identity document type.</param>
/// <param name="IdNumber">Identity document number (kept encrypted; shown masked).</param>
/// <param name="MoveInAt">When the tenant moved in.</param>
public sealed record RegisterTenancyRequest(
    [Required] Guid? TenancyId,
    [Required, StringLength(100)] string? TenantName,
    [Required] IdType? IdType,
    [Required, StringLength(32, MinimumLength = 5)] string? IdNumber,
    [Required] DateTimeOffset? MoveInAt);

/// <summary>A tenant's move-out.</summary>
/// <param name="MovedOutAt">When the tenant moved out (not before the move-in, not in the future).</param>
public sealed record MoveOutRequest([Required] DateTimeOffset? MovedOutAt);

/// <summary>The landlord's report of a tenancy.</summary>
/// <param name="Kind">Arrival or Departure.</param>
public sealed record TenantReportRequest([Required] TenantReportKind? Kind);

/// <summary>Why the ID number is needed (PI-14); journaled.</summary>
/// <param name="Purpose">The purpose, in a sentence.</param>
public sealed record RevealRequest([Required, StringLength(500)] string? Purpose);

/// <summary>A check-in as the phone recorded it.</summary>
/// <param name="VisitId">Generated by the phone once per visit; the idempotency key.</param>
/// <param name="Location">The GPS fix.</param>
/// <param name="AccuracyMetres">The fix's accuracy radius, if the phone gave one.</param>
/// <param name="DeviceTime">The phone's clock at the visit.</param>
/// <param name="Note">Free text.</param>
/// <param name="WorkerId">The grid worker who visited; left out when a grid worker's token names them (its subject is their id).</param>
public sealed record VisitRequest(
    [Required] Guid? VisitId,
    [Required] PointBody? Location,
    [Range(0.0, 100_000.0)] double? AccuracyMetres,
    [Required] DateTimeOffset? DeviceTime,
    [StringLength(1000)] string? Note,
    Guid? WorkerId)
{
    /// <summary>The grain command (after validation), as <paramref name="worker"/>.</summary>
    public VisitCommand ToCommand(WorkerId worker) => new(VisitId!.Value, worker, Location!.ToPoint(), AccuracyMetres, DeviceTime!.Value, Note);
}

/// <summary>A shop, workshop or entertainment place on the premises (FS-06).</summary>
/// <param name="Type">Shop, Workshop or Entertainment.</param>
/// <param name="AreaSquareMetres">Floor area in m² (for a workshop: the largest floor).</param>
/// <param name="HeightMetres">Building height in metres (required for a workshop).</param>
/// <param name="SleepingInside">Whether people sleep inside.</param>
/// <param name="Extinguishers">Number of 4 kg ABC extinguishers.</param>
/// <param name="EmergencyLighting">Whether working emergency lighting is present.</param>
public sealed record SmallPlaceBody(
    [Required] SmallPlaceType? Type,
    [Required] double? AreaSquareMetres,
    double? HeightMetres,
    [Required] bool? SleepingInside,
    [Required] int? Extinguishers,
    [Required] bool? EmergencyLighting);

/// <summary>The answers of the fire-safety checklist; <c>true</c> means the item was found (a failure).</summary>
/// <param name="EBikesInCommonAreas">FS-03: e-bikes parked or charged in corridors, stairs or lifts.</param>
/// <param name="FlammableGoodsWithLiving">FS-04: flammable goods in the same building as living quarters.</param>
/// <param name="GrillesWithoutEscapeWindow">FS-05: grilles without an escape window.</param>
/// <param name="ExitsBlocked">FS-05: partitions or goods blocking exits.</param>
/// <param name="SmallPlace">FS-06: the small place on the premises, if any.</param>
/// <param name="Vulnerable">FS-02: vulnerable households living here (e.g. "ElderlyLivingAlone, Disabled"), None when none.</param>
public sealed record ChecklistBody(
    [Required] bool? EBikesInCommonAreas,
    [Required] bool? FlammableGoodsWithLiving,
    [Required] bool? GrillesWithoutEscapeWindow,
    [Required] bool? ExitsBlocked,
    SmallPlaceBody? SmallPlace,
    VulnerableHousehold? Vulnerable);

/// <summary>A fire-safety inspection: a visit with a checklist.</summary>
/// <param name="InspectionId">Generated by the phone once per inspection; the idempotency key.</param>
/// <param name="Visit">The visit it is.</param>
/// <param name="Checklist">What was found.</param>
/// <param name="NewGrade">A new risk grade decided on the spot, if any.</param>
/// <param name="GradeReason">Why the grade changes (required with newGrade).</param>
public sealed record InspectionRequest(
    [Required] Guid? InspectionId,
    [Required] VisitRequest? Visit,
    [Required] ChecklistBody? Checklist,
    RiskGrade? NewGrade,
    [StringLength(500)] string? GradeReason)
{
    /// <summary>The grain command (after validation), the visit as <paramref name="worker"/>.</summary>
    public Inspection ToInspection(WorkerId worker)
    {
        var c = Checklist!;
        var place = c.SmallPlace is { } p
            ? new SmallPlace(p.Type!.Value, p.AreaSquareMetres!.Value, p.HeightMetres, p.SleepingInside!.Value, p.Extinguishers!.Value, p.EmergencyLighting!.Value)
            : null;
        var answers = new FireChecklistAnswers(c.EBikesInCommonAreas!.Value, c.FlammableGoodsWithLiving!.Value, c.GrillesWithoutEscapeWindow!.Value, c.ExitsBlocked!.Value, place, c.Vulnerable ?? VulnerableHousehold.None);
        return new Inspection(InspectionId!.Value, Visit!.ToCommand(worker), answers, NewGrade, GradeReason);
    }
}

/// <summary>A change of risk grade.</summary>
/// <param name="RegradeId">Generated by the client once; the idempotency key.</param>
/// <param name="Grade">The new grade.</param>
/// <param name="Reason">Why (journaled).</param>
public sealed record RegradeRequest(
    [Required] Guid? RegradeId,
    [Required] RiskGrade? Grade,
    [Required, StringLength(500)] string? Reason);

/// <summary>Why a hazard is withdrawn.</summary>
/// <param name="Reason">The reason (journaled).</param>
public sealed record HazardWithdrawalRequest([Required, StringLength(500)] string? Reason);

/// <summary>A corrected registered point.</summary>
/// <param name="Location">The new point; it decides the cell.</param>
public sealed record MoveRequest([Required] PointBody? Location);

/// <summary>A rental property without tenant data.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Address">Postal address.</param>
/// <param name="Location">Registered point.</param>
/// <param name="Grade">Risk grade.</param>
/// <param name="Cell">Its cell, or null when the point lies in no cell.</param>
/// <param name="Community">Its community, or null likewise.</param>
/// <param name="ActiveTenancies">Tenants living there now.</param>
/// <param name="TenanciesPendingReport">Tenancies whose arrival or departure the landlord has not reported yet (RH-02).</param>
/// <param name="TenanciesPendingVerification">Active, reported tenancies no visit has verified yet.</param>
/// <param name="LastVisitedAt">Last recorded visit.</param>
/// <param name="Vulnerable">Vulnerable households found by the last inspection (FS-02).</param>
/// <param name="Residents">
/// Monitored people linked as living here; null (withheld) for callers who may not manage the property, since it tells
/// that someone under supervision lives there.
/// </param>
/// <param name="Deadlines">
/// Its deadlines, pending first. For callers who may not manage the property every visit deadline names its rule as
/// <c>RH-09/GR-06</c> (the grade's interval, or a linked resident's tighter one), so which of the two set it — which
/// would tell the same as residents — is not shown, and nothing false is.
/// </param>
/// <param name="OpenHazards">Fire hazards not yet rectified, earliest due first.</param>
public sealed record PropertyResponse(
    Guid Id, string Address, GeoPoint Location, RiskGrade Grade, string? Cell, string? Community, int ActiveTenancies, int TenanciesPendingReport,
    int TenanciesPendingVerification, DateTimeOffset? LastVisitedAt, VulnerableHousehold Vulnerable, int? Residents,
    IReadOnlyList<DeadlineView> Deadlines, IReadOnlyList<HazardView> OpenHazards)
{
    /// <summary>What a non-manager reads as a visit deadline's rule: either rule may have set it.</summary>
    private const string VisitRuleWithheld = "RH-09/GR-06";

    /// <summary>
    /// From the grain's summary as a reader who is not known to manage the property sees it (residents withheld): the
    /// safe default for lists.
    /// </summary>
    public static PropertyResponse From(PropertySummary p) => From(p, manages: false);

    /// <summary>From the grain's summary, as a caller who may manage the property sees it (<paramref name="manages"/>) or another reader.</summary>
    public static PropertyResponse From(PropertySummary p, bool manages) => new(
        p.Id.Value, p.Address, p.Location, p.Grade, p.Cell?.Value, p.Community?.Value, p.ActiveTenancies, p.TenanciesPendingReport,
        p.TenanciesPendingVerification, p.LastVisitedAt, p.Vulnerable, manages ? p.Residents : null,
        manages ? [.. p.Deadlines] : [.. p.Deadlines.Select(d => d.Kind == DeadlineKind.Visit ? d with { Rule = VisitRuleWithheld } : d)],
        [.. p.OpenHazards]);
}

/// <summary>A tenancy, the ID number masked (PI-14).</summary>
/// <param name="TenancyId">Its id.</param>
/// <param name="TenantName">
/// Tenant's name; masked (first character, then an asterisk for each other one: 张**) for callers who may not manage the
/// property, as monitored people's names are.
/// </param>
/// <param name="IdType">Identity document type.</param>
/// <param name="IdNumberMasked">The ID number masked, e.g. <c>999***********4321</c>.</param>
/// <param name="MoveInAt">Move-in.</param>
/// <param name="MovedOutAt">Move-out, if any.</param>
/// <param name="ArrivalReportedAt">When the landlord reported the arrival.</param>
/// <param name="DepartureReportedAt">When the landlord reported the departure.</param>
/// <param name="VerifiedAt">When a visit verified it.</param>
/// <param name="Active">Whether the tenant lives there now.</param>
/// <param name="PendingReport">Whether a report is still owed (RH-02).</param>
public sealed record TenancyResponse(
    Guid TenancyId, string TenantName, IdType IdType, string IdNumberMasked, DateTimeOffset MoveInAt, DateTimeOffset? MovedOutAt,
    DateTimeOffset? ArrivalReportedAt, DateTimeOffset? DepartureReportedAt, DateTimeOffset? VerifiedAt, bool Active, bool PendingReport)
{
    /// <summary>From the grain's view, the name in clear for a caller who may manage the property (<paramref name="manages"/>), else masked.</summary>
    public static TenancyResponse From(TenancyView t, bool manages) => new(
        t.TenancyId, manages ? t.TenantName : MaskName(t.TenantName), t.IdType, t.IdNumberMasked, t.MoveInAt, t.MovedOutAt, t.ArrivalReportedAt, t.DepartureReportedAt,
        t.VerifiedAt, t.Active, t.PendingReport);

    /// <summary>
    /// The first character and an asterisk for each other one (张三丰 → 张**), by text elements, as monitored people's names
    /// are masked (PersonNames.Mask in the grains).
    /// </summary>
    public static string MaskName(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0)
        {
            return "";
        }

        var info = new System.Globalization.StringInfo(trimmed);
        return info.SubstringByTextElements(0, 1) + new string('*', Math.Max(1, info.LengthInTextElements - 1));
    }
}

/// <summary>A revealed ID number.</summary>
/// <param name="TenancyId">The tenancy.</param>
/// <param name="IdNumber">The number in clear.</param>
public sealed record RevealedIdNumberResponse(Guid TenancyId, string IdNumber);

/// <summary>The answer to a visit; the same visit sent again gets the same answer.</summary>
/// <param name="VisitId">The visit.</param>
/// <param name="Proximity">Near, Far or Unverifiable against the registered point.</param>
/// <param name="DistanceMetres">Distance from the registered point.</param>
/// <param name="RecordedAt">Server time it was recorded.</param>
/// <param name="NextVisitDue">The next routine visit it planned.</param>
public sealed record VisitResponse(Guid VisitId, Proximity? Proximity, double? DistanceMetres, DateTimeOffset? RecordedAt, DateTimeOffset? NextVisitDue)
{
    /// <summary>From the grain's result.</summary>
    public static VisitResponse From(VisitResult r) => new(r.VisitId, r.Proximity, r.DistanceMetres, r.RecordedAt, r.NextVisitDue);
}

/// <summary>The answer to an inspection; the same inspection sent again gets the same answer.</summary>
/// <param name="InspectionId">The inspection.</param>
/// <param name="Visit">The visit's own answer.</param>
/// <param name="HazardsOpened">Hazards it found (ids).</param>
/// <param name="HazardsRectified">Open hazards it found fixed (ids).</param>
/// <param name="IsSmallPlace">Whether the small place reported is within the FS-06 limits (null when none).</param>
public sealed record InspectionResponse(Guid InspectionId, VisitResponse? Visit, IReadOnlyList<string> HazardsOpened, IReadOnlyList<string> HazardsRectified, bool? IsSmallPlace)
{
    /// <summary>From the grain's result.</summary>
    public static InspectionResponse From(InspectionResult r) =>
        new(r.InspectionId, r.Visit is null ? null : VisitResponse.From(r.Visit), [.. r.HazardsOpened], [.. r.HazardsRectified], r.IsSmallPlace);
}
