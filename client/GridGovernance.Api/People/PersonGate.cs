using GridGovernance.Api.Audit;
using GridGovernance.Api.Problems;
using GridGovernance.Api.Security;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Supervision;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GridGovernance.Api.People;

/// <summary>A person the caller may act on, with how they were allowed.</summary>
/// <param name="Person">The person.</param>
/// <param name="Access">Own scope or break-glass.</param>
public sealed record AllowedPerson(PersonSummary Person, Access Access);

/// <summary>
/// The one path every person and case endpoint takes: parse the id, load the person (404), check the caller's scope
/// for the capability (403), then call the grain and map its outcome. Reads also pass <see cref="AuditedReadAsync"/>:
/// a purpose, the audit row written first (503 when it cannot be), and location data only for those allowed it.
/// Bound with <c>[AsParameters]</c>, so handlers get it from the container without a registration of its own.
/// </summary>
/// <param name="client">The cluster client.</param>
/// <param name="guard">The scope guard.</param>
/// <param name="audit">The audit writer.</param>
public sealed class PersonGate(IClusterClient client, ScopeGuard guard, AccessAudit audit)
{
    /// <summary>The longest purpose accepted (the grains accept the same).</summary>
    public const int MaxPurposeLength = 500;

    /// <summary>The cluster client.</summary>
    public IClusterClient Client { get; } = client;

    /// <summary>The scope guard.</summary>
    public ScopeGuard Guard { get; } = guard;

    /// <summary>The audit writer.</summary>
    public AccessAudit Audit { get; } = audit;

    /// <summary>A person id from the path: a UUID (any standard format).</summary>
    public static bool TryParse(string id, out PersonId person)
    {
        var ok = Guid.TryParse(id, out var value) && value != Guid.Empty;
        person = new PersonId(value);
        return ok;
    }

    /// <summary>The 400 for a path id that is not a UUID.</summary>
    public static ProblemHttpResult BadId() => Problems.Problems.Invalid("id", "id must be a person's UUID.");

    /// <summary>A purpose as reads and reveals need it (PI-14, CC-37), or the 400 naming <c>purpose</c>.</summary>
    public static ProblemHttpResult? PurposeProblem(string? purpose) =>
        string.IsNullOrWhiteSpace(purpose) || purpose.Trim().Length > MaxPurposeLength || purpose.Any(char.IsControl)
            ? Problems.Problems.Invalid("purpose", $"purpose is required: say why you read this person's data (at most {MaxPurposeLength} characters); the read is logged with it.")
            : null;

    /// <summary>Loads the person and checks <paramref name="capability"/> on them: the person, or 400/404/403.</summary>
    public async Task<(AllowedPerson? Allowed, ProblemHttpResult? Problem)> CheckAsync(GridCaller caller, string id, Capability capability, CancellationToken cancellationToken)
    {
        if (!TryParse(id, out var personId))
        {
            return (null, BadId());
        }

        if (await Client.Person(personId).GetAsync(cancellationToken) is not { } person)
        {
            return (null, Problems.Problems.NotFound("No person is enrolled under this id."));
        }

        var access = await CheckAsync(caller, capability, person, cancellationToken);
        return access.Allowed ? (new AllowedPerson(person, access), null) : (null, Problems.Problems.Denied(access));
    }

    /// <summary>
    /// The scope check for one person. A caseload reach also needs the person's own record to name the caller as its
    /// officer: the person is the source of truth, so a caseload index that lags a reassignment never lets the former
    /// officer in.
    /// </summary>
    public Task<Access> CheckAsync(GridCaller caller, Capability capability, PersonSummary person, CancellationToken cancellationToken) =>
        CheckAsync(Guard, caller, capability, person, cancellationToken);

    /// <inheritdoc cref="CheckAsync(GridCaller, Capability, PersonSummary, CancellationToken)"/>
    public static async Task<Access> CheckAsync(ScopeGuard guard, GridCaller caller, Capability capability, PersonSummary person, CancellationToken cancellationToken)
    {
        var access = await guard.CheckAsync(caller, capability, ScopeTarget.Of(person), cancellationToken);
        return CaseloadRule.Apply(caller, capability, access, person);
    }

    /// <summary>Whether the caller may see this person's location data: always for a rehabilitation subject, CC-31 for a correction one.</summary>
    public Task<bool> MaySeeLocationAsync(GridCaller caller, PersonSummary person, CancellationToken cancellationToken) =>
        MaySeeLocationAsync(Guard, caller, person, cancellationToken);

    /// <summary>
    /// The one CC-31 rule, for the endpoints and the batch sync alike: whether <paramref name="caller"/> may see this
    /// person's location data — the home, trips, and the distance of a visit from the home (three distances from known
    /// points would give the home away).
    /// </summary>
    public static async Task<bool> MaySeeLocationAsync(ScopeGuard guard, GridCaller caller, PersonSummary person, CancellationToken cancellationToken) =>
        person.Programme != Programme.CommunityCorrection
        || (await CheckAsync(guard, caller, Capability.ReadCorrectionLocation, person, cancellationToken)).Allowed;

    /// <summary>
    /// Runs a command on an allowed person: the body (when there is one) is validated first, so bad input changes
    /// nothing; then 404/403; then 204 when the grain says Ok, the outcome's problem otherwise.
    /// </summary>
    public async Task<Results<NoContent, ProblemHttpResult>> RunAsync(GridCaller caller, string id, Capability capability, object? body, Func<PersonId, ValueTask<Outcome>> command, CancellationToken cancellationToken)
    {
        if (body is not null && RequestValidation.Problem(body) is { } invalid)
        {
            return invalid;
        }

        var (allowed, problem) = await CheckAsync(caller, id, capability, cancellationToken);
        if (allowed is null)
        {
            return problem!;
        }

        var outcome = await command(allowed.Person.Id);
        return outcome.IsOk ? TypedResults.NoContent() : Problems.Problems.From(outcome);
    }

    /// <summary>
    /// An audited read of one person: purpose (400), person (404), scope (403), then the view is built, the audit row
    /// written (503 when it cannot be) and only then the view returned. <paramref name="read"/> gets the person and
    /// whether location data may be included; null from it means the record vanished (404).
    /// </summary>
    public async Task<Results<Ok<T>, ProblemHttpResult>> AuditedReadAsync<T>(
        GridCaller caller, string id, string? purpose, Capability capability, string operation,
        Func<AllowedPerson, bool, Task<T?>> read, CancellationToken cancellationToken)
        where T : class
    {
        if (PurposeProblem(purpose) is { } invalid)
        {
            return invalid;
        }

        var (allowed, problem) = await CheckAsync(caller, id, capability, cancellationToken);
        if (allowed is null)
        {
            return problem!;
        }

        var location = await MaySeeLocationAsync(caller, allowed.Person, cancellationToken);
        if (await read(allowed, location) is not { } view)
        {
            return Problems.Problems.NotFound("No such record for this person.");
        }

        return await Audit.TryRecordAsync(caller, purpose!.Trim(), operation, [new PersonRead(allowed.Person, allowed.Access, location)], cancellationToken)
            ? TypedResults.Ok(view)
            : AuditUnavailable();
    }

    /// <summary>
    /// An audited read of the caller's own caseload: purpose (400), the role's capability (403), then each person the
    /// caller may still read (the person's record must name them; a person reached only by a break-glass grant is read
    /// on its own page) is passed to <paramref name="read"/> with whether location data may be included; one audit row
    /// per person is written before the list is returned (503 when they cannot be). Null from <paramref name="read"/>
    /// leaves the person out, unlogged.
    /// </summary>
    public async Task<(IReadOnlyList<T>? Items, ProblemHttpResult? Problem)> AuditedCaseloadReadAsync<T>(
        GridCaller caller, string? purpose, string operation, Func<PersonRecord, bool, Task<T?>> read, CancellationToken cancellationToken)
        where T : class
    {
        if (PurposeProblem(purpose) is { } invalid)
        {
            return (null, invalid);
        }

        if (!ScopeGuard.Has(caller, Capability.ReadPerson))
        {
            return (null, Problems.Problems.Denied(new Access(false, null, ProblemTypes.ForbiddenRole)));
        }

        var items = new List<T>();
        var reads = new List<PersonRead>();
        foreach (var personId in await Client.Caseload(caller.Subject).GetPeopleAsync(cancellationToken))
        {
            if (await Client.Person(personId).GetRecordAsync(cancellationToken) is not { } record)
            {
                continue;
            }

            var access = await CheckAsync(caller, Capability.ReadPerson, record.Summary, cancellationToken);
            if (!access.Allowed || access.BreakGlass)
            {
                continue;
            }

            var location = await MaySeeLocationAsync(caller, record.Summary, cancellationToken);
            if (await read(record, location) is { } item)
            {
                items.Add(item);
                reads.Add(new PersonRead(record.Summary, access, location));
            }
        }

        return await Audit.TryRecordAsync(caller, purpose!.Trim(), operation, reads, cancellationToken)
            ? (items, null)
            : (null, AuditUnavailable());
    }

    /// <summary>The 503 of a read whose audit row could not be written (fail closed).</summary>
    public static ProblemHttpResult AuditUnavailable() =>
        Problems.Problems.Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "The read could not be logged, so it was refused; retry shortly.", null);
}
