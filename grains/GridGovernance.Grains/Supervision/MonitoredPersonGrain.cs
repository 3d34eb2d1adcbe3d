using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Geography;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Grains.Calendar;
using GridGovernance.Grains.Common;
using GridGovernance.Grains.Deadlines;
using GridGovernance.Grains.Rules;
using GridGovernance.Grains.Supervision.Correction;
using GridGovernance.Grains.Supervision.Rehabilitation;
using Microsoft.Extensions.Options;

namespace GridGovernance.Grains.Supervision;

/// <summary>State of a <see cref="MonitoredPersonGrain"/>.</summary>
[GenerateSerializer, Alias("gg.monitored-person-state")]
public sealed class MonitoredPersonState : EntityState
{
    [Id(0)] public string Name { get; set; } = "";

    [Id(1)] public Gender Gender { get; set; }

    [Id(2)] public Programme Programme { get; set; }

    [Id(3)] public SentenceType? SentenceType { get; set; }

    [Id(4)] public SupervisionLevel? Level { get; set; }

    [Id(5)] public DateOnly OrderEffectiveOn { get; set; }

    [Id(6)] public DateTimeOffset? ReportedAt { get; set; }

    /// <summary>The community correction case (CC-*), when the programme is correction.</summary>
    [Id(7)] public CorrectionCase? Correction { get; set; }

    /// <summary>The drug rehabilitation case (DR-*), when the programme is 社区戒毒 or 社区康复.</summary>
    [Id(8)] public RehabilitationCase? Rehabilitation { get; set; }

    /// <summary>The rental property the person lives at, while linked (it tightens that property's visits).</summary>
    [Id(9)] public Guid? HomeProperty { get; set; }
}

/// <inheritdoc cref="IMonitoredPersonGrain"/>
/// <remarks>
/// One grain per person, whatever the programme: what all programmes share is here (enrolment, the first
/// report, the home link); each programme's lifecycle and rules are in its own partial file, with the pure
/// rules beside it (<c>Correction/</c>, <c>Rehabilitation/</c>).
/// </remarks>
[GrainType("person")]
public sealed partial class MonitoredPersonGrain(
    [PersistentState("monitored-person", StorageNames.Grid)] IPersistentState<MonitoredPersonState> state,
    TimeProvider time,
    IOptions<GridRulesOptions> options,
    RuleBook book)
    : EntityGrain<MonitoredPersonState>(state, time, options, book), IMonitoredPersonGrain
{
    protected override EntityKind Kind => EntityKind.MonitoredPerson;

    private bool IsCorrection => State.Programme == Programme.CommunityCorrection;

    protected override string VisitRule => IsCorrection ? CorrectionVisitRule : RehabilitationVisitRule;

    protected override TimeSpan VisitInterval => IsCorrection ? CorrectionVisitInterval : RehabilitationVisitInterval;

    protected override bool UnderActiveControl => IsCorrection ? CorrectionUnderControl : RehabilitationUnderControl;

    protected override async Task OnDeadlinePassedAsync(Deadline deadline, string actor, CancellationToken cancellationToken)
    {
        await (IsCorrection ? OnCorrectionDeadlineAsync(deadline, actor, cancellationToken) : OnRehabilitationDeadlineAsync(deadline, actor, cancellationToken));
        if (!UnderActiveControl)
        {
            await ReleaseHomeAsync(actor, cancellationToken);
        }
    }

    /// <summary>Once the case has ended, the home property goes back to its own visit interval (GR-06).</summary>
    private async Task ReleaseHomeAsync(string actor, CancellationToken cancellationToken)
    {
        if (State.HomeProperty is not { } home)
        {
            return;
        }

        await GrainFactory.Property(new PropertyId(home)).SetResidentAsync(new PersonId(this.GetPrimaryKey()), living: false, actor, cancellationToken);
        Emit("home-linked", actor, new { from = home, to = (Guid?)null, reason = "case ended" }, "home:" + State.NextSequence());
        State.HomeProperty = null;
    }

    public async ValueTask<Outcome> EnrolAsync(Enrolment command, string actor, CancellationToken cancellationToken = default) =>
        await RegisterEntityAsync(new EntityRegistration(command, command.District, command.Home, command.LastVisitedAt, Validate(command), "person-enrolled",
            () => Apply(command),
            nextVisitDue => new { programme = command.Programme, sentenceType = command.SentenceType, level = State.Level, orderEffectiveOn = command.OrderEffectiveOn, endsOn = command.CorrectionEndsOn, nextVisitDue }),
            actor, cancellationToken);

    public async ValueTask<Outcome> RecordReportAsync(DateTimeOffset reportedAt, string actor, CancellationToken cancellationToken = default)
    {
        if (!State.Exists)
        {
            return Outcome.NotFound("not-enrolled", "No person is enrolled under this id.");
        }

        if (State.ReportedAt is { } reported)
        {
            return reported == reportedAt ? Outcome.Ok : Outcome.Conflict("already-reported", "The report is already recorded at another time; nothing was changed.", "reportedAt");
        }

        var effective = new DateTimeOffset(State.OrderEffectiveOn.ToDateTime(TimeOnly.MinValue), WorkingDayCalendar.Offset);
        if (reportedAt < effective || reportedAt > Time.GetUtcNow() + TimeSpan.FromMinutes(5))
        {
            return Outcome.Invalid("reportedAt", "impossible-date", "reportedAt must lie between the order's effective date and now.");
        }

        State.ReportedAt = reportedAt;
        await CompleteAsync(d => d.Id == "report", actor, "reported", cancellationToken);
        Emit("person-reported", actor, new { reportedAt }, "report");
        if (IsCorrection)
        {
            await OnCorrectionReportedAsync(reportedAt, actor, cancellationToken);
        }
        else
        {
            await OnRehabilitationReportedAsync(reportedAt, actor, cancellationToken);
        }

        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    public async ValueTask<Outcome> LinkHomeAsync(PropertyId? home, string actor, CancellationToken cancellationToken = default)
    {
        if (!State.Exists)
        {
            return Outcome.NotFound("not-enrolled", "No person is enrolled under this id.");
        }

        var wanted = home?.Value;
        if (wanted == Guid.Empty)
        {
            return Outcome.Invalid("home", "missing-field", "home must be a registered property's id, or null to unlink.");
        }

        if (State.HomeProperty == wanted)
        {
            return Outcome.Ok;
        }

        var me = new PersonId(this.GetPrimaryKey());
        // The new home first: when it refuses (not registered), nothing here changes.
        if (wanted is { } next)
        {
            var linked = await GrainFactory.Property(new PropertyId(next)).SetResidentAsync(me, living: true, actor, cancellationToken);
            if (!linked.IsOk)
            {
                return linked with { Field = "home" };
            }
        }

        if (State.HomeProperty is { } previous)
        {
            await GrainFactory.Property(new PropertyId(previous)).SetResidentAsync(me, living: false, actor, cancellationToken);
        }

        Emit("home-linked", actor, new { from = State.HomeProperty, to = wanted }, "home:" + State.NextSequence());
        State.HomeProperty = wanted;
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    public ValueTask<PersonSummary?> GetAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(State.Exists
            ? new PersonSummary(
                new PersonId(this.GetPrimaryKey()),
                State.Programme,
                State.SentenceType,
                State.Level,
                State.Community is null ? null : new CellCode(State.Cell!),
                State.Community is null ? null : new CommunityCode(State.Community),
                State.ReportedAt is not null,
                State.Deadlines.Views(),
                State.LastVisitedAt,
                IsCorrection ? State.Correction?.Stage.ToString() : State.Rehabilitation?.Stage.ToString(),
                UnderActiveControl)
            : null);

    private void Apply(Enrolment command)
    {
        State.Name = command.Name.Trim();
        State.Gender = command.Gender;
        State.Programme = command.Programme;
        State.SentenceType = command.SentenceType;
        State.OrderEffectiveOn = command.OrderEffectiveOn;
        if (IsCorrection)
        {
            EnrolCorrection(command);
        }
        else
        {
            EnrolRehabilitation(command);
        }

        if (command.ReportedAt is { } reportedAt)
        {
            State.ReportedAt = reportedAt;
            State.Deadlines.Complete(d => d.Id == "report", reportedAt);
        }
    }

    /// <summary>The report deadline both programmes start with: CC-04 (10 days) or DR-02 (15 days) after the order.</summary>
    private void PlanFirstReport(Contracts.Deadlines.DeadlineKind kind, int days, string rule)
    {
        var effective = new DateTimeOffset(State.OrderEffectiveOn.ToDateTime(TimeOnly.MinValue), WorkingDayCalendar.Offset);
        State.Deadlines.Plan(new Deadline
        {
            Id = "report",
            Kind = kind,
            DueAt = Calendar.EndOfCalendarDaysAfter(effective, days),
            Rule = rule,
        });
    }

    private static Outcome? Validate(Enrolment command)
    {
        if (string.IsNullOrWhiteSpace(command.Name) || command.Name.Length > 100)
        {
            return Outcome.Invalid("name", "missing-field", "name is required, at most 100 characters.");
        }

        if (command.Home.Problem() is { } home)
        {
            return Outcome.Invalid("home", "invalid-coordinates", home);
        }

        if (!Enum.IsDefined(command.Programme))
        {
            return Outcome.Invalid("programme", "invalid-programme", "programme is CommunityCorrection, CommunityDrugRehabilitation or CommunityRehabilitation.");
        }

        if (!Enum.IsDefined(command.Gender))
        {
            return Outcome.Invalid("gender", "invalid-gender", "gender is Female or Male.");
        }

        if (command.OrderEffectiveOn.Year < 2000 || command.OrderEffectiveOn.Year > 2100)
        {
            return Outcome.Invalid("orderEffectiveOn", "impossible-date", "orderEffectiveOn must be a real date (2000–2100).");
        }

        return command.Programme == Programme.CommunityCorrection ? ValidateCorrection(command) : ValidateRehabilitation(command);
    }
}
