using System.ComponentModel.DataAnnotations;
using GridGovernance.Api.People;
using GridGovernance.Api.Security;
using GridGovernance.Api.Supervision;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Geography;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using Problem = GridGovernance.Api.Problems.Problems;

namespace GridGovernance.Api.Endpoints;

/// <summary>Monitored people: enrolment, record (masked, audited), name reveal, field work, officer assignment, caseloads.</summary>
public static class PersonEndpoints
{
    public static RouteGroupBuilder MapPersonEndpoints(this IEndpointRouteBuilder app)
    {
        // Bodies are validated by RequestValidation (camelCase field names, the problem's "field"), not the framework's filter.
        var people = app.MapGroup("/api/v1/people").WithTags("People").RequireAuthorization().RequireRateLimiting(RateLimits.PerUser).DisableValidation();
        people.MapPut("/{id}", EnrolAsync).WithName("EnrolPerson")
            .WithSummary("Enrols a person (correction or drug rehabilitation); a correction officer's enrolment puts them on that officer's caseload. Idempotent.");
        people.MapGet("/{id}", GetAsync).WithName("GetPerson")
            .WithSummary("A person's record, name masked; needs a purpose and is logged (PI-10, CC-37). Location data of a correction subject only for correction roles (CC-31).");
        people.MapPost("/{id}/name-reveals", RevealNameAsync).WithName("RevealPersonName")
            .WithSummary("The person's name in clear, for a stated purpose; journaled (PI-14).");
        people.MapPost("/{id}/reports", RecordReportAsync).WithName("RecordPersonReport")
            .WithSummary("The person reported in (CC-04 / DR-02). Idempotent.");
        people.MapPost("/{id}/visits", RecordVisitAsync).WithName("RecordPersonVisit")
            .WithSummary("A field visit (check-in), judged near or far from the home; idempotent by visitId.");
        people.MapPut("/{id}/home", LinkHomeAsync).WithName("LinkPersonHome")
            .WithSummary("Links the person to the rental property they live at (null unlinks, GR-06). Idempotent.");
        people.MapPost("/{id}/moves", MoveAsync).WithName("MovePerson")
            .WithSummary("Changes the registered home point; the person moves to the cell that covers it.");
        people.MapPut("/{id}/officer", AssignOfficerAsync).WithName("AssignPersonOfficer")
            .WithSummary("Puts the person on a correction officer's caseload (null: none). Idempotent.");

        people.MapGet("/{id}/history", ListHistoryAsync).WithName("ListPersonHistory")
            .WithSummary("The person's case history from the journal, newest first, paged by seq (pass next as before); needs a purpose and is logged. Location data withheld as in the record (CC-31).");

        var caseloads = app.MapGroup("/api/v1/caseloads").WithTags("People").RequireAuthorization().RequireRateLimiting(RateLimits.PerUser).DisableValidation();
        caseloads.MapGet("/me", ListMyCaseloadAsync).WithName("ListMyCaseload")
            .WithSummary("The people on the caller's caseload (correction officers), names masked; needs a purpose and logs a read of each.");
        caseloads.MapGet("/me/urgent", ListMyUrgentCaseloadAsync).WithName("ListMyUrgentCaseload")
            .WithSummary("The caller's caseload most urgent first: overdue duties, pending sanction proposals, open trips, monitoring orders ending within 14 days, then by next due date; needs a purpose and logs a read of each.");
        return people;
    }

    /// <summary>
    /// Enrols a person. The scope is where the home point lies (its cell and community); a correction officer may enrol
    /// anywhere in the district and the person joins their caseload.
    /// </summary>
    public static async Task<Results<Ok<PersonSummaryView>, ProblemHttpResult>> EnrolAsync(
        string id, EnrolPersonRequest body, GridCaller caller, [AsParameters] PersonGate gate, IOptions<GridApiOptions> options, CancellationToken cancellationToken)
    {
        if (!PersonGate.TryParse(id, out var personId))
        {
            return PersonGate.BadId();
        }

        if (RequestValidation.Problem(body) is { } invalid)
        {
            return invalid;
        }

        var home = body.Home!.ToPoint();
        if (home.Problem() is { } invalidHome)
        {
            return Problem.Invalid("home." + home.ProblemMember(), invalidHome);
        }

        var district = new DistrictCode(options.Value.District);
        var located = await gate.Client.Locator(district).LocateAsync(home, 0, cancellationToken);
        var target = located is null ? new ScopeTarget(null, null, personId) : new ScopeTarget(located.Cell, located.Community, personId);
        var access = await gate.Guard.CheckAsync(caller, Capability.EnrolPerson, target, cancellationToken);
        if (!access.Allowed)
        {
            return Problem.Denied(access);
        }

        var officer = caller.Role == GridRoles.CorrectionOfficer ? caller.Subject : null;
        var outcome = await gate.Client.Person(personId).EnrolAsync(new Enrolment(
            district, body.Name!.Trim(), body.Gender!.Value, home, body.Programme!.Value, body.SentenceType, body.Level, body.OrderEffectiveOn!.Value,
            body.ReportedAt, body.LastVisitedAt, body.CorrectionEndsOn, officer), caller.Actor, cancellationToken);
        if (!outcome.IsOk)
        {
            return Problem.From(outcome);
        }

        var person = (await gate.Client.Person(personId).GetAsync(cancellationToken))!;
        return TypedResults.Ok(PersonSummaryView.From(person, await gate.MaySeeLocationAsync(caller, person, cancellationToken)));
    }

    /// <summary>A person's record with the name masked; the read is logged with its purpose before the answer leaves.</summary>
    public static Task<Results<Ok<PersonView>, ProblemHttpResult>> GetAsync(string id, string? purpose, GridCaller caller, [AsParameters] PersonGate gate, CancellationToken cancellationToken) =>
        gate.AuditedReadAsync(caller, id, purpose, Capability.ReadPerson, "GetPerson",
            async (allowed, location) => await gate.Client.Person(allowed.Person.Id).GetRecordAsync(cancellationToken) is { } record ? PersonView.From(record, location) : null,
            cancellationToken);

    /// <summary>
    /// The name in clear; the grain journals the reveal with the caller, the purpose and, when a break-glass grant
    /// allowed it, the grant's id (PI-14). The answer is never cached (<c>Cache-Control: no-store</c>).
    /// </summary>
    public static async Task<Results<Ok<RevealedNameResponse>, ProblemHttpResult>> RevealNameAsync(
        string id, PurposeRequest body, GridCaller caller, [AsParameters] PersonGate gate, HttpResponse response, CancellationToken cancellationToken)
    {
        if ((RequestValidation.Problem(body) ?? PersonGate.PurposeProblem(body.Purpose)) is { } invalid)
        {
            return invalid;
        }

        var (allowed, problem) = await gate.CheckAsync(caller, id, Capability.RevealPersonalData, cancellationToken);
        if (allowed is null)
        {
            return problem!;
        }

        var revealed = await gate.Client.Person(allowed.Person.Id).RevealNameAsync(body.Purpose!.Trim(), caller.Actor, allowed.Access.Grant?.GrantId, cancellationToken);
        if (!revealed.Outcome.IsOk)
        {
            return Problem.From(revealed.Outcome);
        }

        response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new RevealedNameResponse(revealed.Name!));
    }

    /// <summary>Records that the person reported in.</summary>
    public static Task<Results<NoContent, ProblemHttpResult>> RecordReportAsync(string id, PersonReportRequest body, GridCaller caller, [AsParameters] PersonGate gate, CancellationToken cancellationToken) =>
        gate.RunAsync(caller, id, Capability.ManagePerson, body, p => gate.Client.Person(p).RecordReportAsync(body.ReportedAt!.Value, caller.Actor, cancellationToken), cancellationToken);

    /// <summary>
    /// A field visit; the same visit sent again gets the same answer. Who visited follows <see cref="VisitWorker"/> (as
    /// for property visits). The distance from the home is answered only to callers who may see the person's location
    /// (CC-31): three distances from known points would give the home away; near/far is answered to all.
    /// </summary>
    public static async Task<Results<Ok<PersonVisitResponse>, ProblemHttpResult>> RecordVisitAsync(
        string id, PersonVisitRequest body, GridCaller caller, [AsParameters] PersonGate gate, CancellationToken cancellationToken)
    {
        if (RequestValidation.Problem(body) is { } invalid)
        {
            return invalid;
        }

        var location = body.Location!.ToPoint();
        if (location.Problem() is { } invalidLocation)
        {
            return Problem.Invalid("location." + location.ProblemMember(), invalidLocation);
        }

        if (body.AccuracyMetres is { } accuracy && !double.IsFinite(accuracy))
        {
            return Problem.Invalid("accuracyMetres", "accuracyMetres must be a finite number ≥ 0.");
        }

        var (worker, invalidWorker) = VisitWorker.Resolve(caller, body.Worker, "worker");
        if (invalidWorker is not null)
        {
            return invalidWorker;
        }

        var (allowed, problem) = await gate.CheckAsync(caller, id, Capability.ManagePerson, cancellationToken);
        if (allowed is null)
        {
            return problem!;
        }

        var result = await gate.Client.Person(allowed.Person.Id).RecordVisitAsync(
            new VisitCommand(body.VisitId!.Value, worker, location, body.AccuracyMetres, body.DeviceTime!.Value, body.Note), caller.Actor, cancellationToken);
        if (!result.Outcome.IsOk)
        {
            return Problem.From(result.Outcome);
        }

        var distance = await gate.MaySeeLocationAsync(caller, allowed.Person, cancellationToken) ? result.DistanceMetres : null;
        return TypedResults.Ok(new PersonVisitResponse(result.VisitId, result.Proximity, distance, result.RecordedAt, result.NextVisitDue));
    }

    /// <summary>
    /// Links (or with null, unlinks) the rental property the person lives at. Linking changes that property (its visits
    /// tighten, GR-06), so the caller also needs ManageProperty on it: a role without it is refused before the property
    /// is looked up (403), an unknown property is 404, one outside the caller's scope 403.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> LinkHomeAsync(string id, LinkHomeRequest body, GridCaller caller, [AsParameters] PersonGate gate, CancellationToken cancellationToken)
    {
        if (RequestValidation.Problem(body) is { } invalid)
        {
            return invalid;
        }

        if (body.Property == Guid.Empty)
        {
            return Problem.Invalid("property", "property must be a registered property's id, or null to unlink.");
        }

        var (allowed, problem) = await gate.CheckAsync(caller, id, Capability.ManagePerson, cancellationToken);
        if (allowed is null)
        {
            return problem!;
        }

        PropertyId? home = body.Property is { } property ? new PropertyId(property) : null;
        if (home is { } wanted)
        {
            if (!ScopeGuard.Has(caller, Capability.ManageProperty))
            {
                return Problem.Denied(new Access(false, null, Problems.ProblemTypes.ForbiddenRole));
            }

            if (await gate.Client.Property(wanted).GetAsync(cancellationToken) is not { } summary)
            {
                return Problem.NotFound("No property is registered under this id.");
            }

            var access = await gate.Guard.CheckAsync(caller, Capability.ManageProperty, ScopeTarget.Of(summary), cancellationToken);
            if (!access.Allowed)
            {
                return Problem.Denied(access);
            }
        }

        var outcome = await gate.Client.Person(allowed.Person.Id).LinkHomeAsync(home, caller.Actor, cancellationToken);
        return outcome.IsOk ? TypedResults.NoContent() : Problem.From(outcome);
    }

    /// <summary>
    /// Moves the registered home point. The caller needs ManagePerson both where the person is and where the point
    /// takes them (its cell and community, or the district when it lies in no cell), as for a property move.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> MoveAsync(
        string id, MovePersonRequest body, GridCaller caller, [AsParameters] PersonGate gate, IOptions<GridApiOptions> options, CancellationToken cancellationToken)
    {
        if (RequestValidation.Problem(body) is { } invalidBody)
        {
            return invalidBody;
        }

        var location = body.Location!.ToPoint();
        if (location.Problem() is { } invalid)
        {
            return Problem.Invalid("location." + location.ProblemMember(), invalid);
        }

        var (allowed, problem) = await gate.CheckAsync(caller, id, Capability.ManagePerson, cancellationToken);
        if (allowed is null)
        {
            return problem!;
        }

        var located = await gate.Client.Locator(new DistrictCode(options.Value.District)).LocateAsync(location, 0, cancellationToken);
        var destination = allowed.Person with { Cell = located?.Cell, Community = located?.Community };
        var access = await gate.CheckAsync(caller, Capability.ManagePerson, destination, cancellationToken);
        if (!access.Allowed)
        {
            return Problem.Denied(access);
        }

        var outcome = await gate.Client.Person(allowed.Person.Id).MoveAsync(location, caller.Actor, cancellationToken);
        return outcome.IsOk ? TypedResults.NoContent() : Problem.From(outcome);
    }

    /// <summary>Assigns the person's correction officer (their caseload follows).</summary>
    public static Task<Results<NoContent, ProblemHttpResult>> AssignOfficerAsync(string id, AssignOfficerRequest body, GridCaller caller, [AsParameters] PersonGate gate, CancellationToken cancellationToken)
    {
        var officer = string.IsNullOrWhiteSpace(body.Officer) ? null : body.Officer.Trim();
        return body.Officer is not null && officer is null
            ? Task.FromResult<Results<NoContent, ProblemHttpResult>>(Problem.Invalid("officer", "officer is a correction officer's subject, or null for none."))
            : gate.RunAsync(caller, id, Capability.AssignOfficer, body, p => gate.Client.Person(p).AssignOfficerAsync(officer, caller.Actor, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// The caller's caseload: each person the caller may still read (the person's record must name them), names masked;
    /// one audit row per person, written before the list is returned.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<PersonView>>, ProblemHttpResult>> ListMyCaseloadAsync(
        string? purpose, GridCaller caller, [AsParameters] PersonGate gate, CancellationToken cancellationToken)
    {
        var (views, problem) = await gate.AuditedCaseloadReadAsync(caller, purpose, "ListMyCaseload",
            (record, location) => Task.FromResult<PersonView?>(PersonView.From(record, location)), cancellationToken);
        return views is null ? problem! : TypedResults.Ok(views);
    }

    /// <summary>
    /// The caller's caseload in urgency order (<see cref="CaseloadUrgency"/>): the same people, gate and audit as
    /// <see cref="ListMyCaseloadAsync"/>; a correction subject's proposals, trips and monitoring orders come from the case
    /// when the caller may read it, trips and orders only with location rights (CC-31).
    /// </summary>
    public static async Task<Results<Ok<UrgentCaseloadResponse>, ProblemHttpResult>> ListMyUrgentCaseloadAsync(
        string? purpose, GridCaller caller, [AsParameters] PersonGate gate, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (people, problem) = await gate.AuditedCaseloadReadAsync(caller, purpose, "ListMyUrgentCaseload", async (record, location) =>
        {
            var summary = record.Summary;
            var correction = summary.Programme == Programme.CommunityCorrection && (await gate.CheckAsync(caller, Capability.ReadCase, summary, cancellationToken)).Allowed
                ? await gate.Client.CorrectionCase(summary.Id).GetCorrectionCaseAsync(cancellationToken)
                : null;
            return CaseloadUrgency.Assess(summary, record.MaskedName, correction, location, now);
        }, cancellationToken);
        return people is null ? problem! : TypedResults.Ok(new UrgentCaseloadResponse(now, CaseloadUrgency.Rank(people)));
    }

    /// <summary>
    /// The person's case history (<see cref="PersonHistory"/>), newest first; the same gate and audit as reading the
    /// record. Paging parameters are checked before anything else.
    /// </summary>
    /// <param name="id">The person.</param>
    /// <param name="purpose">Why (logged with the read).</param>
    /// <param name="before">The <c>next</c> of the previous page: only older events.</param>
    /// <param name="limit">Events per page, 1–200 (default 50).</param>
    /// <param name="caller">The caller.</param>
    /// <param name="gate">The person gate.</param>
    /// <param name="dataSource">The database.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<Results<Ok<PersonHistoryPage>, ProblemHttpResult>> ListHistoryAsync(
        string id, string? purpose, string? before, string? limit, GridCaller caller, [AsParameters] PersonGate gate, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var (paging, invalid) = PersonHistory.Parse(before, limit);
        if (paging is null)
        {
            return invalid!;
        }

        return await gate.AuditedReadAsync(caller, id, purpose, Capability.ReadPerson, "ListPersonHistory",
            async (allowed, location) => await PersonHistory.ReadAsync(dataSource, allowed.Person.Id, paging, location, cancellationToken),
            cancellationToken);
    }
}

/// <summary>An enrolment.</summary>
/// <param name="Name">The person's name (stored encrypted, shown masked).</param>
/// <param name="Gender">Female or Male.</param>
/// <param name="Home">Registered home point; places the person in a cell.</param>
/// <param name="Programme">CommunityCorrection, CommunityDrugRehabilitation or CommunityRehabilitation.</param>
/// <param name="SentenceType">Required for community correction.</param>
/// <param name="Level">Correction: starting supervision level (new subjects start Strict).</param>
/// <param name="OrderEffectiveOn">The judgment's effective date (CC-04) or the decision date (DR-02).</param>
/// <param name="ReportedAt">When the person reported, if already.</param>
/// <param name="LastVisitedAt">For migrated records: the last visit.</param>
/// <param name="CorrectionEndsOn">Community correction: the last day of the term.</param>
public sealed record EnrolPersonRequest(
    [property: Required, StringLength(100, MinimumLength = 1)] string? Name,
    [property: Required, EnumDataType(typeof(Gender))] Gender? Gender,
    [property: Required] PointBody? Home,
    [property: Required, EnumDataType(typeof(Programme))] Programme? Programme,
    [property: EnumDataType(typeof(SentenceType))] SentenceType? SentenceType,
    [property: EnumDataType(typeof(SupervisionLevel))] SupervisionLevel? Level,
    [property: Required] DateOnly? OrderEffectiveOn,
    DateTimeOffset? ReportedAt,
    DateTimeOffset? LastVisitedAt,
    DateOnly? CorrectionEndsOn);

/// <summary>Why personal data is needed (PI-14).</summary>
/// <param name="Purpose">The purpose, logged with the reveal.</param>
public sealed record PurposeRequest([property: Required, StringLength(PersonGate.MaxPurposeLength, MinimumLength = 1)] string? Purpose);

/// <summary>A revealed name.</summary>
/// <param name="Name">The name in clear.</param>
public sealed record RevealedNameResponse(string Name);

/// <summary>The person reported in.</summary>
/// <param name="ReportedAt">When.</param>
public sealed record PersonReportRequest([property: Required] DateTimeOffset? ReportedAt);

/// <summary>A visit (check-in) as the phone recorded it.</summary>
/// <param name="VisitId">Generated once per visit by the phone; the idempotency key.</param>
/// <param name="Worker">The grid worker who visited; left out when a grid worker's token names them (its subject is their id).</param>
/// <param name="Location">The GPS fix.</param>
/// <param name="AccuracyMetres">The fix's accuracy radius.</param>
/// <param name="DeviceTime">The phone's clock at the visit.</param>
/// <param name="Note">Free text.</param>
public sealed record PersonVisitRequest(
    [property: Required] Guid? VisitId,
    Guid? Worker,
    [property: Required] PointBody? Location,
    [property: Range(0, 100_000)] double? AccuracyMetres,
    [property: Required] DateTimeOffset? DeviceTime,
    [property: StringLength(1000)] string? Note);

/// <summary>The answer to a visit.</summary>
/// <param name="VisitId">The visit.</param>
/// <param name="Proximity">Near, far or unverifiable against the home point.</param>
/// <param name="DistanceMetres">Distance from the home point; null for callers who may not see the person's location (CC-31).</param>
/// <param name="RecordedAt">Server time the visit was recorded.</param>
/// <param name="NextVisitDue">The next routine visit.</param>
public sealed record PersonVisitResponse(Guid VisitId, Proximity? Proximity, double? DistanceMetres, DateTimeOffset? RecordedAt, DateTimeOffset? NextVisitDue);

/// <summary>The rental property the person lives at.</summary>
/// <param name="Property">The property's id, or null to unlink.</param>
public sealed record LinkHomeRequest(Guid? Property);

/// <summary>A new home point.</summary>
/// <param name="Location">The point.</param>
public sealed record MovePersonRequest([property: Required] PointBody? Location);

/// <summary>An officer assignment.</summary>
/// <param name="Officer">The correction officer's token subject, or null for none.</param>
public sealed record AssignOfficerRequest([property: StringLength(200)] string? Officer);
