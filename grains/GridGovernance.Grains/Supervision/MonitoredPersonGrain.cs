using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Geography;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Grains.Calendar;
using GridGovernance.Grains.Common;
using GridGovernance.Grains.Common.Protection;
using GridGovernance.Grains.Deadlines;
using GridGovernance.Grains.Operations;
using GridGovernance.Grains.Rules;
using GridGovernance.Grains.Supervision.Correction;
using GridGovernance.Grains.Supervision.Rehabilitation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridGovernance.Grains.Supervision;

/// <summary>State of a <see cref="MonitoredPersonGrain"/>.</summary>
[GenerateSerializer, Alias("gg.monitored-person-state")]
public sealed class MonitoredPersonState : EntityState
{
    /// <summary>Plain text in states written before encryption; moved into <see cref="NameProtected"/> on activation.</summary>
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

    /// <summary>The name, encrypted at rest (PI-03, PI-06) with the key id that encrypted it.</summary>
    [Id(10)] public ProtectedValue? NameProtected { get; set; }

    /// <summary>The masked name for display (PI-14), e.g. 张**.</summary>
    [Id(11)] public string? NameMasked { get; set; }

    /// <summary>The correction officer (token subject) on whose caseload the person is; the source of truth for the caseloads.</summary>
    [Id(12)] public string? Officer { get; set; }

    /// <summary>Former officers whose caseloads have not yet confirmed the removal.</summary>
    [Id(13)] public List<string> CaseloadsToLeave { get; set; } = [];

    /// <summary>The caseloads have not yet confirmed the last assignment (told after the write, repaired until they have).</summary>
    [Id(14)] public bool CaseloadPending { get; set; }
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
    RuleBook book,
    PersonalDataProtector protector,
    ILogger<MonitoredPersonGrain> logger,
    GridMetrics metrics)
    : EntityGrain<MonitoredPersonState>(state, time, options, book, metrics), IMonitoredPersonGrain
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

    public async ValueTask<Outcome> EnrolAsync(Enrolment command, string actor, CancellationToken cancellationToken = default)
    {
        // A replay of an enrolment recorded before names were encrypted carries the fingerprint of the command as sent.
        if (State.Exists && State.RegistrationFingerprint == FingerprintOf(command))
        {
            await SyncCaseloadsAsync(retell: true, cancellationToken);
            return Outcome.Ok;
        }

        // The replay fingerprint holds the name's keyed blind index, not a hash a dictionary of names could reverse.
        var fingerprinted = command with { Name = protector.BlindIndex("person-name:" + command.Name?.Trim()) };
        var outcome = await RegisterEntityAsync(new EntityRegistration(fingerprinted, command.District, command.Home, command.LastVisitedAt, Validate(command, Time.GetUtcNow()), "person-enrolled",
            () => Apply(command),
            nextVisitDue => new { programme = command.Programme, sentenceType = command.SentenceType, level = State.Level, orderEffectiveOn = command.OrderEffectiveOn, endsOn = command.CorrectionEndsOn, officer = State.Officer, nextVisitDue }),
            actor, cancellationToken);
        if (outcome.IsOk)
        {
            // New or replayed: the caseload is told (again), so a lost answer after the write is repaired by the retry.
            await SyncCaseloadsAsync(retell: true, cancellationToken);
        }

        return outcome;
    }

    /// <summary>The earliest and latest years an order or a term's end may fall in.</summary>
    private const int MinYear = 2000, MaxYear = 2100;

    /// <summary>How far ahead of the server's clock a reported time may be (a phone's clock runs a little fast).</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

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
        if (reportedAt < effective || reportedAt > Time.GetUtcNow() + ClockSkew)
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

    public ValueTask<PersonSummary?> GetAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Summary());

    public ValueTask<PersonRecord?> GetRecordAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Summary() is { } summary
            ? new PersonRecord(summary, State.NameMasked ?? "", State.Gender, State.Location, State.HomeProperty is { } home ? new PropertyId(home) : null)
            : null);

    public async ValueTask<RevealedName> RevealNameAsync(string purpose, string actor, Guid? breakGlassGrant = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(purpose) || purpose.Length > 500)
        {
            return new(Outcome.Invalid("purpose", "missing-field", "PI-14: revealing a name needs a purpose (at most 500 characters)."), null);
        }

        if (!State.Exists || State.NameProtected is not { } value)
        {
            return new(Outcome.NotFound("not-enrolled", "No person is enrolled under this id."), null);
        }

        var name = protector.Unprotect(value, NameContext);
        // The reveal is journaled (who, when, why) before the name leaves the grain.
        Emit("personal-data-revealed", actor, new { field = "name", purpose = purpose.Trim(), breakGlass = breakGlassGrant, rule = "PI-14" }, "reveal:" + State.NextSequence());
        await CommitAsync(cancellationToken: cancellationToken);
        return new(Outcome.Ok, name);
    }

    public async ValueTask<Outcome> AssignOfficerAsync(string? officer, string actor, CancellationToken cancellationToken = default)
    {
        if (!State.Exists)
        {
            return Outcome.NotFound("not-enrolled", "No person is enrolled under this id.");
        }

        if (OfficerProblem(officer) is { } invalid)
        {
            return invalid;
        }

        if (State.Officer == officer)
        {
            // A repeated call re-tells the caseloads, repairing them if telling failed after the first call's write.
            await SyncCaseloadsAsync(retell: true, cancellationToken);
            return Outcome.Ok;
        }

        if (State.Officer is { } previous && !State.CaseloadsToLeave.Contains(previous))
        {
            State.CaseloadsToLeave.Add(previous);
        }

        Emit("officer-assigned", actor, new { from = State.Officer, to = officer }, "officer:" + State.NextSequence());
        State.Officer = officer;
        State.CaseloadPending = true;
        await CommitAsync(cancellationToken: cancellationToken);
        await SyncCaseloadsAsync(retell: false, cancellationToken);
        return Outcome.Ok;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        // States written before encryption: protect the name and write at once, so no plain text stays stored.
        if (State.Exists && State.NameProtected is null && State.Name.Length > 0)
        {
            ProtectName(State.Name);
            await CommitAsync(cancellationToken: cancellationToken);
        }

        if (State.CaseloadPending)
        {
            try
            {
                await SyncCaseloadsAsync(retell: false, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The person stays usable; the caseloads are told again on the next assignment call or activation.
                LogCaseloadRepairFailed(logger, exception);
            }
        }
    }

    /// <summary>
    /// Tells the former officers' caseloads to drop the person and the current one's to hold it, then records that they
    /// did. Removal first: a caseload that still lists a former officer's person is the unsafe error.
    /// </summary>
    private async Task SyncCaseloadsAsync(bool retell, CancellationToken cancellationToken)
    {
        if (!retell && !State.CaseloadPending)
        {
            return;
        }

        var me = new PersonId(this.GetPrimaryKey());
        foreach (var former in State.CaseloadsToLeave.Where(o => o != State.Officer))
        {
            await GrainFactory.Caseload(former).SetAsync(me, assigned: false, cancellationToken);
        }

        if (State.Officer is { } officer)
        {
            await GrainFactory.Caseload(officer).SetAsync(me, assigned: true, cancellationToken);
        }

        if (State.CaseloadPending || State.CaseloadsToLeave.Count > 0)
        {
            State.CaseloadsToLeave.Clear();
            State.CaseloadPending = false;
            await CommitAsync(cancellationToken: cancellationToken);
        }
    }

    private static Outcome? OfficerProblem(string? officer) =>
        officer is not null && (string.IsNullOrWhiteSpace(officer) || officer.Length > 200 || officer != officer.Trim())
            ? Outcome.Invalid("officer", "invalid-officer", "officer is a correction officer's token subject (1–200 characters, no surrounding spaces), or null for none.")
            : null;

    private void ProtectName(string name)
    {
        State.NameProtected = protector.Protect(name, NameContext);
        State.NameMasked = PersonNames.Mask(name);
        State.Name = "";
    }

    /// <summary>The record the encrypted name belongs to (bound as associated data).</summary>
    private string NameContext => $"person:{this.GetPrimaryKey():N}/name";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling the caseloads of a monitored person's officer change failed; retried on the next call or activation.")]
    private static partial void LogCaseloadRepairFailed(ILogger logger, Exception exception);

    private PersonSummary? Summary() =>
        State.Exists
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
                UnderActiveControl,
                State.Officer)
            : null;

    private void Apply(Enrolment command)
    {
        ProtectName(command.Name.Trim());
        State.Officer = command.Officer;
        State.CaseloadPending = command.Officer is not null;
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

    /// <summary>
    /// The enrolment's own checks, all before anything changes. Dates are range-checked here (a date near the end of
    /// the calendar would otherwise make deadline arithmetic throw after the state was half made): the order's date and
    /// the end of the term within 2000–2100, a report not before the order took effect nor after now (a few minutes of
    /// clock skew allowed). The last visit of a migrated record is checked by the shared registration.
    /// </summary>
    private static Outcome? Validate(Enrolment command, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(command.Name) || command.Name.Length > 100)
        {
            return Outcome.Invalid("name", "missing-field", "name is required, at most 100 characters.");
        }

        if (command.Home.Problem() is { } home)
        {
            return Outcome.Invalid("home", "invalid-coordinates", home);
        }

        if (OfficerProblem(command.Officer) is { } officer)
        {
            return officer;
        }

        if (!Enum.IsDefined(command.Programme))
        {
            return Outcome.Invalid("programme", "invalid-programme", "programme is CommunityCorrection, CommunityDrugRehabilitation or CommunityRehabilitation.");
        }

        if (!Enum.IsDefined(command.Gender))
        {
            return Outcome.Invalid("gender", "invalid-gender", "gender is Female or Male.");
        }

        if (command.OrderEffectiveOn.Year is < MinYear or > MaxYear)
        {
            return Outcome.Invalid("orderEffectiveOn", "impossible-date", "orderEffectiveOn must be a real date (2000–2100).");
        }

        if (command.CorrectionEndsOn is { Year: < MinYear or > MaxYear })
        {
            return Outcome.Invalid("correctionEndsOn", "impossible-date", "correctionEndsOn must be a real date (2000–2100).");
        }

        if (command.ReportedAt is { } reportedAt
            && (reportedAt < new DateTimeOffset(command.OrderEffectiveOn.ToDateTime(TimeOnly.MinValue), WorkingDayCalendar.Offset) || reportedAt > now + ClockSkew))
        {
            return Outcome.Invalid("reportedAt", "impossible-date", "reportedAt must lie between the order's effective date and now.");
        }

        return command.Programme == Programme.CommunityCorrection ? ValidateCorrection(command) : ValidateRehabilitation(command);
    }
}
