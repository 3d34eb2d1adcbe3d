using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Geography;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Grains.Common;
using GridGovernance.Grains.Common.Protection;
using GridGovernance.Grains.Deadlines;
using GridGovernance.Grains.Operations;
using GridGovernance.Grains.Rentals.Inspections;
using GridGovernance.Grains.Rules;
using Microsoft.Extensions.Options;

namespace GridGovernance.Grains.Rentals;

/// <inheritdoc cref="IRentalPropertyGrain"/>
/// <remarks>The tenancy lifecycle lives in <see cref="Tenancies"/>, the checklist in <see cref="FireChecklist"/>; the grain orchestrates.</remarks>
[GrainType("property")]
public sealed partial class RentalPropertyGrain(
    [PersistentState("rental-property", StorageNames.Grid)] IPersistentState<RentalPropertyState> state,
    TimeProvider time,
    IOptions<GridRulesOptions> options,
    RuleBook book,
    PersonalDataProtector protector,
    GridMetrics metrics)
    : EntityGrain<RentalPropertyState>(state, time, options, book, metrics), IRentalPropertyGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        // States written before encryption: protect their ID numbers and write at once, so no plain text stays stored.
        var legacy = State.Tenancies.Where(t => t.IdNumber is not null).ToList();
        foreach (var tenancy in legacy)
        {
            Protect(tenancy, tenancy.IdNumber!);
            tenancy.IdNumber = null;
        }

        if (legacy.Count > 0)
        {
            await CommitAsync(cancellationToken: cancellationToken);
        }
    }

    protected override EntityKind Kind => EntityKind.RentalProperty;

    protected override string VisitRule => LinkedTighter ? "GR-06" : "RH-09";

    protected override TimeSpan VisitInterval => TimeSpan.FromDays(LinkedTighter ? Rules.Rentals.LinkedResidentVisitDays : GradeVisitDays);

    /// <summary>The grade the next visit is planned by: an inspection's new grade counts for the visit it is.</summary>
    private RiskGrade PlanningGrade => _inspection?.Command.NewGrade ?? State.Grade;

    private int GradeVisitDays => PlanningGrade switch
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

        if ((Tenancies.Validate(command) ?? Tenancies.CheckMoveIn(command.MoveInAt, Time.GetUtcNow())) is { } invalid)
        {
            return invalid;
        }

        var idNumber = command.IdNumber!.Trim().ToUpperInvariant();
        var index = IdIndex(command.IdType!.Value, idNumber);
        // The fingerprint must not be a plain hash of the ID number (too few of them to hide): it uses the keyed index.
        var fingerprint = FingerprintOf(command with { IdNumber = index });
        if (State.Tenancies.Find(t => t.Id == command.TenancyId) is { } existing)
        {
            return existing.Fingerprint == fingerprint
                ? Outcome.AlreadyApplied
                : Outcome.Conflict("tenancy-id-reused", "This tenancy id is already registered with other details; nothing was changed.", "tenancyId");
        }

        if (State.Grade == RiskGrade.Red)
        {
            return Outcome.Conflict("not-rentable", "RH-07: the property is graded RED (illegal structure, below safety standards or disputed title) and must not be rented; nothing was changed.", "grade");
        }

        if (State.Tenancies.Any(t => t.Active && t.IdNumberIndex == index))
        {
            return Outcome.Conflict("duplicate-registration", "This person is already registered as a tenant here.", "idNumber");
        }

        // Built and encrypted, its report deadline computed, before the state changes.
        var tenancy = new Tenancy
        {
            Id = command.TenancyId,
            TenantName = command.TenantName!.Trim(),
            IdType = command.IdType!.Value,
            MoveInAt = command.MoveInAt,
            Fingerprint = fingerprint,
        };
        Protect(tenancy, idNumber);
        var deadline = Tenancies.ReportDeadline(
            Tenancies.ArrivalReportId(command.TenancyId), command.TenancyId, command.MoveInAt, RulesAt(command.MoveInAt).Rentals.TenantReportWorkingDays);

        State.Tenancies.Add(tenancy);
        var report = State.Deadlines.Plan(deadline);
        Emit("tenancy-registered", actor, new { tenancyId = command.TenancyId, idType = command.IdType, moveInAt = command.MoveInAt, reportDueAt = report.DueAt }, command.TenancyId.ToString("N"));
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    public async ValueTask<RevealedIdNumber> RevealTenantIdNumberAsync(Guid tenancyId, string purpose, string actor, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(purpose) || purpose.Length > 500)
        {
            return new(Outcome.Invalid("purpose", "missing-field", "PI-14: revealing an ID number needs a purpose (at most 500 characters)."), null);
        }

        if (!State.Exists || State.Tenancies.Find(t => t.Id == tenancyId) is not { IdNumberProtected: { } value } tenancy)
        {
            return new(Outcome.NotFound("tenancy-not-found", "No such tenancy at this property."), null);
        }

        var idNumber = protector.Unprotect(value, Context(tenancy.Id));
        // The reveal is journaled (who, when, why) before the number leaves the grain.
        Emit("personal-data-revealed", actor, new { tenancyId, field = "idNumber", purpose = purpose.Trim(), rule = "PI-14" }, "reveal:" + State.NextSequence());
        await CommitAsync(cancellationToken: cancellationToken);
        return new(Outcome.Ok, idNumber);
    }

    public async ValueTask<Outcome> RecordTenantReportAsync(Guid tenancyId, TenantReportKind kind, string actor, CancellationToken cancellationToken = default)
    {
        var tenancy = State.Tenancies.Find(t => t.Id == tenancyId);
        if (!State.Exists || tenancy is null)
        {
            return Outcome.NotFound("tenancy-not-found", "No such tenancy at this property.");
        }

        if (!Enum.IsDefined(kind))
        {
            return Outcome.Invalid("kind", "invalid-kind", "kind is Arrival or Departure.");
        }

        var departure = kind == TenantReportKind.Departure;
        if (departure && tenancy.MovedOutAt is null)
        {
            return Outcome.Conflict("not-moved-out", "RH-02: a departure is reported after the move-out is recorded; nothing was changed.", "kind");
        }

        if (!tenancy.RecordReport(kind, Time.GetUtcNow()))
        {
            return Outcome.AlreadyApplied;
        }

        // A departure report covers both reports; an arrival report only its own.
        var ids = departure
            ? new[] { Tenancies.ArrivalReportId(tenancyId), Tenancies.DepartureReportId(tenancyId) }
            : [Tenancies.ArrivalReportId(tenancyId)];
        await CompleteAsync(d => d.Kind == DeadlineKind.TenantReport && ids.Contains(d.Id), actor, "reported", cancellationToken);
        var subject = Tenancies.Subject(tenancyId);
        Emit("tenant-reported", actor, new { tenancyId, departure }, (departure ? "departure-report:" : "report:") + subject);
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    public async ValueTask<Outcome> RecordMoveOutAsync(Guid tenancyId, DateTimeOffset movedOutAt, string actor, CancellationToken cancellationToken = default)
    {
        var tenancy = State.Tenancies.Find(t => t.Id == tenancyId);
        if (!State.Exists || tenancy is null)
        {
            return Outcome.NotFound("tenancy-not-found", "No such tenancy at this property.");
        }

        if (tenancy.MovedOutAt is { } recorded)
        {
            return recorded == movedOutAt
                ? Outcome.AlreadyApplied
                : Outcome.Conflict("already-moved-out", "This tenant's move-out is recorded with another date; nothing was changed.", "movedOutAt");
        }

        if (tenancy.CheckMoveOut(movedOutAt, Time.GetUtcNow()) is { } impossible)
        {
            return impossible;
        }

        // RH-02 "departure likewise": a report of its own, judged by the rules in force on the day of the move-out;
        // computed before anything changes (cancelling the arrival report below may resolve an alert elsewhere).
        var departureReport = Tenancies.ReportDeadline(
            Tenancies.DepartureReportId(tenancyId), tenancyId, movedOutAt, RulesAt(movedOutAt).Rentals.TenantReportWorkingDays);
        tenancy.MovedOutAt = movedOutAt;
        // The tenant left before the arrival report fell due: the departure report now covers both (no alert for a
        // report that could no longer be made on time by itself). An arrival report already overdue stands.
        var subject = Tenancies.Subject(tenancyId);
        var now = Time.GetUtcNow();
        await CancelAsync(d => d.Id == Tenancies.ArrivalReportId(tenancyId) && d.Status == DeadlineStatus.Pending && d.DueAt > now, actor, "moved out before the report was due", cancellationToken);
        var report = State.Deadlines.Plan(departureReport);
        Emit("tenancy-ended", actor, new { tenancyId, movedOutAt, reportDueAt = report.DueAt }, "move-out:" + subject);
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    public async ValueTask<Outcome> RegradeAsync(Regrade command, string actor, CancellationToken cancellationToken = default)
    {
        if (!State.Exists)
        {
            return Outcome.NotFound("not-registered", "No property is registered under this id.");
        }

        if (command.RegradeId == Guid.Empty)
        {
            return Outcome.Invalid("regradeId", "missing-field", "regradeId is required (a UUID the client generates once).");
        }

        if (FireChecklist.ValidateGrade(command.Grade, command.Reason, "grade", "reason") is { } invalid)
        {
            return invalid;
        }

        var fingerprint = FingerprintOf(command);
        if (State.Regrades.Find(r => r.Id == command.RegradeId) is { } prior)
        {
            return prior.Fingerprint == fingerprint
                ? Outcome.Ok
                : Outcome.Conflict("regrade-id-reused", "This regrade id was already used with other content; nothing was changed.", "regradeId");
        }

        // Remembered even when the grade stays, so that a later replay of this id cannot change the grade back.
        Remember(State.Regrades, new RememberedCommand { Id = command.RegradeId, Fingerprint = fingerprint });
        if (command.Grade != State.Grade)
        {
            ChangeGrade(command.Grade!.Value, command.Reason!.Trim(), actor, "regrade:" + command.RegradeId.ToString("N"));
        }

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
                State.LastVisitedAt,
                State.Hazards.OpenViews(),
                State.Tenancies.Count(t => t.PendingReport()),
                State.Tenancies.Count(t => t.PendingVerification()),
                State.Vulnerable,
                State.Residents.Count)
            : null);

    /// <summary>A visit (or an inspection, which is one) verifies reported tenancies on the spot and applies the inspection's findings.</summary>
    protected override async Task OnVisitedAsync(VisitCommand command, string actor, CancellationToken cancellationToken)
    {
        var verified = State.Tenancies.Verify(Time.GetUtcNow());
        if (verified.Count > 0)
        {
            Emit("tenancies-verified", actor, new { visitId = command.VisitId, tenancies = verified }, "verify:" + command.VisitId.ToString("N"));
        }

        if (_inspection is { } pending)
        {
            await ApplyInspectionAsync(pending, actor, cancellationToken);
        }
    }

    /// <summary>RH-07/RH-09: the new grade is journaled and the pending visit moves to its interval at once.</summary>
    private void ChangeGrade(RiskGrade grade, string reason, string actor, string idempotencyKey)
    {
        var from = State.Grade;
        State.Grade = grade;
        Emit("regraded", actor, new { from, to = grade, reason, rule = grade == RiskGrade.Red ? "RH-07" : "RH-09" }, idempotencyKey);
        ReplanVisit();
    }

    private void Remember<T>(List<T> remembered, T item)
    {
        remembered.Add(item);
        if (remembered.Count > Options.RememberedVisits)
        {
            remembered.RemoveRange(0, remembered.Count - Options.RememberedVisits);
        }
    }

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

    private void Protect(Tenancy tenancy, string idNumber)
    {
        tenancy.IdNumberProtected = protector.Protect(idNumber, Context(tenancy.Id));
        tenancy.IdNumberIndex = IdIndex(tenancy.IdType, idNumber);
        tenancy.IdNumberMasked = PersonalDataProtector.Mask(idNumber);
    }

    private string IdIndex(IdType type, string idNumber) => protector.BlindIndex($"{type}:{idNumber}");

    /// <summary>The record an encrypted ID number belongs to (bound as associated data).</summary>
    private string Context(Guid tenancyId) => $"property:{this.GetPrimaryKey():N}/tenancy:{tenancyId:N}/idNumber";
}
