using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Geography;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Grains.Calendar;
using GridGovernance.Grains.Common;
using GridGovernance.Grains.Deadlines;
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
}

/// <inheritdoc cref="IMonitoredPersonGrain"/>
[GrainType("person")]
public sealed class MonitoredPersonGrain(
    [PersistentState("monitored-person", StorageNames.Grid)] IPersistentState<MonitoredPersonState> state,
    TimeProvider time,
    IOptions<GridRulesOptions> rules)
    : EntityGrain<MonitoredPersonState>(state, time, rules), IMonitoredPersonGrain
{
    protected override EntityKind Kind => EntityKind.MonitoredPerson;

    protected override string VisitRule => State.Programme == Programme.CommunityCorrection ? "CC-10" : "GR-06";

    protected override TimeSpan VisitInterval => TimeSpan.FromDays(State.Programme != Programme.CommunityCorrection
        ? Rules.RehabilitationVisitDays
        : State.Level switch
        {
            SupervisionLevel.Ordinary => Rules.OrdinaryVisitDays,
            SupervisionLevel.Lenient => Rules.LenientVisitDays,
            _ => Rules.StrictVisitDays,
        });

    public async ValueTask<Outcome> EnrolAsync(Enrolment command, string actor, CancellationToken cancellationToken = default) =>
        await RegisterEntityAsync(new EntityRegistration(command, command.District, command.Home, command.LastVisitedAt, Validate(command), "person-enrolled",
            () => Apply(command),
            nextVisitDue => new { programme = command.Programme, sentenceType = command.SentenceType, level = State.Level, orderEffectiveOn = command.OrderEffectiveOn, nextVisitDue }),
            actor, cancellationToken);

    public async ValueTask<Outcome> RecordReportAsync(DateTimeOffset reportedAt, string actor, CancellationToken cancellationToken = default)
    {
        if (!State.Exists)
        {
            return Outcome.NotFound("not-enrolled", "No person is enrolled under this id.");
        }

        if (State.ReportedAt is not null)
        {
            return Outcome.Ok;
        }

        State.ReportedAt = reportedAt;
        await CompleteAsync(d => d.Id == "report", actor, "reported", cancellationToken);
        Emit("person-reported", actor, new { reportedAt }, "report");
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
                State.LastVisitedAt)
            : null);

    private void Apply(Enrolment command)
    {
        State.Name = command.Name.Trim();
        State.Gender = command.Gender;
        State.Programme = command.Programme;
        State.SentenceType = command.SentenceType;
        // CC-11: new subjects start at 严管.
        State.Level = command.Programme == Programme.CommunityCorrection ? command.Level ?? SupervisionLevel.Strict : null;
        State.OrderEffectiveOn = command.OrderEffectiveOn;

        // CC-04: report within 10 days of the judgment taking effect; DR-02: within 15 days of the decision.
        var correction = command.Programme == Programme.CommunityCorrection;
        var effective = new DateTimeOffset(command.OrderEffectiveOn.ToDateTime(TimeOnly.MinValue), WorkingDayCalendar.Offset);
        State.Deadlines.Plan(new Deadline
        {
            Id = "report",
            Kind = correction ? DeadlineKind.CorrectionReport : DeadlineKind.RehabReport,
            DueAt = Calendar.EndOfCalendarDaysAfter(effective, correction ? Rules.CorrectionReportDays : Rules.RehabilitationReportDays),
            Rule = correction ? "CC-04" : "DR-02",
        });
        if (command.ReportedAt is { } reportedAt)
        {
            State.ReportedAt = reportedAt;
            State.Deadlines.Complete(d => d.Id == "report", reportedAt);
        }
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

        if (command.Programme == Programme.CommunityCorrection && command.SentenceType is not { } sentence)
        {
            return Outcome.Invalid("sentenceType", "missing-field", "CC-01: a community correction case needs its sentence type.");
        }

        return null;
    }
}
