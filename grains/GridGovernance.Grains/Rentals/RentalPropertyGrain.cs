using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Geography;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Grains.Common;
using GridGovernance.Grains.Deadlines;
using GridGovernance.Grains.Rules;
using Microsoft.Extensions.Options;

namespace GridGovernance.Grains.Rentals;

/// <summary>A tenancy as the property keeps it. The ID number stays in the grain; no view returns it.</summary>
[GenerateSerializer, Alias("gg.tenancy")]
public sealed class Tenancy
{
    [Id(0)] public required Guid Id { get; init; }

    [Id(1)] public required string TenantName { get; init; }

    [Id(2)] public required IdType IdType { get; init; }

    [Id(3)] public required string IdNumber { get; init; }

    [Id(4)] public required DateTimeOffset MoveInAt { get; init; }

    [Id(5)] public DateTimeOffset? ReportedAt { get; set; }

    [Id(6)] public DateTimeOffset? MovedOutAt { get; set; }

    [Id(7)] public required string Fingerprint { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool Active => MovedOutAt is null;
}

/// <summary>State of a <see cref="RentalPropertyGrain"/>.</summary>
[GenerateSerializer, Alias("gg.rental-property-state")]
public sealed class RentalPropertyState : EntityState
{
    [Id(0)] public string Address { get; set; } = "";

    [Id(1)] public Landlord? Landlord { get; set; }

    [Id(2)] public RiskGrade Grade { get; set; }

    [Id(3)] public List<Tenancy> Tenancies { get; set; } = [];

    /// <summary>Monitored people living here (linked from their grains); while any is, visits are tighter.</summary>
    [Id(4)] public List<Guid> Residents { get; set; } = [];
}

/// <inheritdoc cref="IRentalPropertyGrain"/>
[GrainType("property")]
public sealed class RentalPropertyGrain(
    [PersistentState("rental-property", StorageNames.Grid)] IPersistentState<RentalPropertyState> state,
    TimeProvider time,
    IOptions<GridRulesOptions> options,
    RuleBook book)
    : EntityGrain<RentalPropertyState>(state, time, options, book), IRentalPropertyGrain
{
    protected override EntityKind Kind => EntityKind.RentalProperty;

    protected override string VisitRule => LinkedTighter ? "GR-06" : "RH-09";

    protected override TimeSpan VisitInterval => TimeSpan.FromDays(LinkedTighter ? Rules.Rentals.LinkedResidentVisitDays : GradeVisitDays);

    private int GradeVisitDays => State.Grade switch
    {
        RiskGrade.Green => Rules.Rentals.GreenVisitDays,
        RiskGrade.Yellow => Rules.Rentals.YellowVisitDays,
        RiskGrade.Orange => Rules.Rentals.OrangeVisitDays,
        _ => Rules.Rentals.RedVisitDays,
    };

    /// <summary>A monitored person lives here and their interval is shorter than the grade's (GR-06).</summary>
    private bool LinkedTighter => State.Residents.Count > 0 && Rules.Rentals.LinkedResidentVisitDays < GradeVisitDays;

    public async ValueTask<Outcome> RegisterAsync(RegisterProperty command, string actor, CancellationToken cancellationToken = default) =>
        await RegisterEntityAsync(new EntityRegistration(command, command.District, command.Location, command.LastVisitedAt, Validate(command), "property-registered",
            () =>
            {
                State.Address = command.Address.Trim();
                State.Landlord = command.Landlord;
                State.Grade = command.Grade;
            },
            nextVisitDue => new { grade = command.Grade, location = command.Location, nextVisitDue }), actor, cancellationToken);

    public async ValueTask<Outcome> RegisterTenancyAsync(RegisterTenancy command, string actor, CancellationToken cancellationToken = default)
    {
        if (!State.Exists)
        {
            return Outcome.NotFound("not-registered", "No property is registered under this id.");
        }

        if (ValidateTenancy(command) is { } invalid)
        {
            return invalid;
        }

        var fingerprint = FingerprintOf(command);
        if (State.Tenancies.Find(t => t.Id == command.TenancyId) is { } existing)
        {
            return existing.Fingerprint == fingerprint
                ? Outcome.Ok
                : Outcome.Conflict("tenancy-id-reused", "This tenancy id is already registered with other details; nothing was changed.", "tenancyId");
        }

        var idNumber = command.IdNumber!.Trim().ToUpperInvariant();
        if (State.Tenancies.Any(t => t.Active && t.IdType == command.IdType && t.IdNumber == idNumber))
        {
            return Outcome.Conflict("duplicate-registration", "This person is already registered as a tenant here.", "idNumber");
        }

        State.Tenancies.Add(new Tenancy
        {
            Id = command.TenancyId,
            TenantName = command.TenantName!.Trim(),
            IdType = command.IdType!.Value,
            IdNumber = idNumber,
            MoveInAt = command.MoveInAt,
            Fingerprint = fingerprint,
        });

        // RH-02: the landlord reports within 3 working days of moving in (调休 included).
        var report = State.Deadlines.Plan(new Deadline
        {
            Id = $"tenant-report:{command.TenancyId:N}",
            Kind = DeadlineKind.TenantReport,
            DueAt = Calendar.EndOfWorkingDaysAfter(command.MoveInAt, RulesAt(command.MoveInAt).Rentals.TenantReportWorkingDays),
            Rule = "RH-02",
            Subject = command.TenancyId.ToString("N"),
        });
        Emit("tenancy-registered", actor, new { tenancyId = command.TenancyId, idType = command.IdType, moveInAt = command.MoveInAt, reportDueAt = report.DueAt }, command.TenancyId.ToString("N"));
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    public async ValueTask<Outcome> RecordTenantReportAsync(Guid tenancyId, string actor, CancellationToken cancellationToken = default)
    {
        var tenancy = State.Tenancies.Find(t => t.Id == tenancyId);
        if (!State.Exists || tenancy is null)
        {
            return Outcome.NotFound("tenancy-not-found", "No such tenancy at this property.");
        }

        if (tenancy.ReportedAt is not null)
        {
            return Outcome.Ok;
        }

        tenancy.ReportedAt = Time.GetUtcNow();
        var subject = tenancyId.ToString("N");
        await CompleteAsync(d => d.Kind == DeadlineKind.TenantReport && d.Subject == subject, actor, "reported", cancellationToken);
        Emit("tenant-reported", actor, new { tenancyId }, "report:" + subject);
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    public async ValueTask<Outcome> SetResidentAsync(PersonId person, bool living, string actor, CancellationToken cancellationToken = default)
    {
        if (!State.Exists)
        {
            return Outcome.NotFound("not-registered", "No property is registered under this id.");
        }

        var changed = living ? !State.Residents.Contains(person.Value) : State.Residents.Contains(person.Value);
        if (!changed)
        {
            return Outcome.Ok;
        }

        if (living)
        {
            State.Residents.Add(person.Value);
        }
        else
        {
            State.Residents.Remove(person.Value);
        }

        Emit(living ? "resident-linked" : "resident-unlinked", actor, new { person = person.Value, residents = State.Residents.Count }, "resident:" + State.NextSequence());
        // The interval may have changed: the pending visit moves at once, and never doubles.
        ReplanVisit();
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    public ValueTask<PropertySummary?> GetAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(State.Exists
            ? new PropertySummary(
                new PropertyId(this.GetPrimaryKey()),
                State.Address,
                State.Location!.Value,
                State.Grade,
                State.Community is null ? null : new CellCode(State.Cell!),
                State.Community is null ? null : new CommunityCode(State.Community),
                State.Tenancies.Count(t => t.Active),
                State.Deadlines.Views(),
                State.LastVisitedAt)
            : null);

    private static Outcome? Validate(RegisterProperty command)
    {
        if (string.IsNullOrWhiteSpace(command.Address) || command.Address.Length > 200)
        {
            return Outcome.Invalid("address", "invalid-address", "address is required, at most 200 characters.");
        }

        if (command.Location.Problem() is { } location)
        {
            return Outcome.Invalid("location", "invalid-coordinates", location);
        }

        if (command.Landlord is null || string.IsNullOrWhiteSpace(command.Landlord.Name))
        {
            return Outcome.Invalid("landlord.name", "missing-field", "the landlord's name is required.");
        }

        return Enum.IsDefined(command.Grade) ? null : Outcome.Invalid("grade", "invalid-grade", "grade is GREEN, YELLOW, ORANGE or RED.");
    }

    /// <summary>RH-01: a registration holds name, ID type and ID number.</summary>
    private static Outcome? ValidateTenancy(RegisterTenancy command)
    {
        if (command.TenancyId == Guid.Empty)
        {
            return Outcome.Invalid("tenancyId", "missing-field", "tenancyId is required (a UUID the client generates once).");
        }

        if (string.IsNullOrWhiteSpace(command.TenantName))
        {
            return Outcome.Invalid("tenantName", "missing-field", "RH-01: the tenant's name is required.");
        }

        if (command.IdType is not { } idType || !Enum.IsDefined(idType))
        {
            return Outcome.Invalid("idType", "missing-field", "RH-01: the ID type is required.");
        }

        if (string.IsNullOrWhiteSpace(command.IdNumber) || command.IdNumber.Trim().Length is < 5 or > 32)
        {
            return Outcome.Invalid("idNumber", "missing-field", "RH-01: the ID number is required (5–32 characters).");
        }

        return null;
    }
}
