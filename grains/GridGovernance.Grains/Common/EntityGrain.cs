using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Geography;
using GridGovernance.Grains.Calendar;
using GridGovernance.Grains.Deadlines;
using GridGovernance.Grains.Field;
using GridGovernance.Grains.Geography;
using GridGovernance.Grains.Journal;
using GridGovernance.Grains.Operations;
using GridGovernance.Grains.Rules;
using Microsoft.Extensions.Options;

namespace GridGovernance.Grains.Common;

/// <summary>
/// What rental properties and monitored people share: placement in a cell by location, deadlines kept in
/// the entity's own state and indexed by its cell, idempotent visits, and a commit that writes state and
/// journal in one statement. Derived grains add their registration and rules.
/// </summary>
/// <remarks>
/// Call discipline (no cycles, so no deadlocks): an entity awaits its cell, the locator and alerts; a cell
/// never awaits an entity (it sends the one-way <see cref="IDeadlineOwnerGrain.SweepDeadlinesAsync"/>);
/// alerts await nothing.
/// </remarks>
public abstract class EntityGrain<TState>(IPersistentState<TState> state, TimeProvider time, IOptions<GridRulesOptions> options, RuleBook book, GridMetrics metrics)
    : Grain, IFieldEntityGrain
    where TState : EntityState, new()
{
    private readonly List<string> _leaveAfterCommit = [];
    private EventLog? _log;

    protected TState State => state.State;

    /// <summary>Operational settings (proximity radius, replay window).</summary>
    protected GridRulesOptions Options => options.Value;

    /// <summary>The rule parameters in force today; judge a dated event with <see cref="RulesAt"/> instead.</summary>
    protected RuleSet Rules => book.At(time.GetUtcNow());

    /// <summary>The rule parameters in force on the day of <paramref name="instant"/>.</summary>
    protected RuleSet RulesAt(DateTimeOffset instant) => book.At(instant);

    /// <summary>The rule parameters in force on a local date.</summary>
    protected RuleSet RulesOn(DateOnly day) => book.At(day);

    /// <summary>
    /// False once the entity has left dynamic control (DR-16) or its case has closed: no visits are planned and
    /// nothing raises an alert any more.
    /// </summary>
    protected virtual bool UnderActiveControl => true;

    protected TimeProvider Time => time;

    protected abstract EntityKind Kind { get; }

    /// <summary>The rule that sets the visit interval (RH-09, CC-10/11, GR-06).</summary>
    protected abstract string VisitRule { get; }

    /// <summary>The visit interval from the entity's current grade or level.</summary>
    protected abstract TimeSpan VisitInterval { get; }

    protected EntityRef Self => new(Kind, this.GetPrimaryKey());

    private EventLog Log => _log ??= new EventLog(Kind == EntityKind.RentalProperty ? "property" : "person", this.GetPrimaryKey().ToString("N"));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The outbox of the last write was journaled in the same statement as the state row.
        State.Outbox.Clear();
        return Task.CompletedTask;
    }

    /// <summary>Adds a domain event to the outbox of the change being made.</summary>
    protected void Emit(string type, string actor, object payload, string idempotencyKey) =>
        Log.Append(State, type, actor, time.GetUtcNow(), State.Cell, State.Community, payload, idempotencyKey);

    /// <summary>
    /// Makes the change durable: the cell's index learns of an earlier deadline first, then state and outbox
    /// are written in one statement, then (when asked) the cell learns of a later one, then the old cell is left.
    /// </summary>
    /// <remarks>
    /// <para>Invariant: the cell's entry is never later than the entity's earliest pending deadline. An entry that
    /// is too early is harmless (the owner judges at fire time and reports its real next deadline), so an
    /// earlier deadline is registered before the write, and a later one only after it, or not at all: a visit,
    /// which moves the next deadline later, costs no cell write.</para>
    /// <para><see cref="EntityState.IndexedDue"/> is stored with the state and is never earlier than the cell's
    /// entry; "earlier than it" is therefore a safe test for "the cell must be told before the write".</para>
    /// </remarks>
    protected async Task CommitAsync(bool reportToCell = false, CancellationToken cancellationToken = default)
    {
        var due = State.Deadlines.EarliestPending();
        var overdue = UnderActiveControl && State.Deadlines.Any(d => d.Status == DeadlineStatus.Missed && DeadlineKinds.IsFieldTask(d.Kind));
        var cell = State.Cell;
        var before = cell is not null && (cell != State.IndexedCell || overdue != State.IndexedOverdue || (due is { } d && (State.IndexedDue is not { } indexed || d < indexed)));
        if (before)
        {
            await GrainFactory.Cell(new CellCode(cell!)).TrackDeadlineAsync(new DeadlineRegistration(Self, due, overdue), cancellationToken);
        }

        State.IndexedCell = cell;
        State.IndexedDue = due;
        State.IndexedOverdue = overdue;
        await state.CommitAsync(cancellationToken);
        if (!before && reportToCell && cell is not null)
        {
            await GrainFactory.Cell(new CellCode(cell)).TrackDeadlineAsync(new DeadlineRegistration(Self, due, overdue), cancellationToken);
        }

        foreach (var old in _leaveAfterCommit)
        {
            await GrainFactory.Cell(new CellCode(old)).LeaveAsync(Self, "system:placement", cancellationToken);
        }

        _leaveAfterCommit.Clear();
    }

    /// <summary>
    /// Puts the entity in the cell that covers its location (or the district's no-cell holder),
    /// joining the new cell before the commit and leaving the old one after it. Returns whether it moved.
    /// </summary>
    protected async Task<bool> PlaceAsync(string actor, int minGridVersion, CancellationToken cancellationToken)
    {
        var district = new DistrictCode(State.District!);
        var located = await GrainFactory.Locator(district).LocateAsync(State.Location!.Value, minGridVersion, cancellationToken);
        var cell = located?.Cell.Value ?? NoCell.For(district).Value;
        if (cell == State.Cell)
        {
            return false;
        }

        await GrainFactory.Cell(new CellCode(cell)).JoinAsync(Self, actor, cancellationToken);
        var from = State.Cell;
        if (from is not null)
        {
            _leaveAfterCommit.Add(from);
        }

        State.Cell = cell;
        State.Community = located?.Community.Value;
        Emit("placed", actor, new { from, to = cell, community = State.Community, inGrid = located is not null }, "placed:" + State.NextSequence());
        return true;
    }

    /// <inheritdoc/>
    public async ValueTask SweepDeadlinesAsync(CellCode from)
    {
        if (!State.Exists || State.Cell != from.Value)
        {
            // A stale index entry of a cell this entity left: clean it up there.
            await GrainFactory.Cell(from).LeaveAsync(Self, "system:sweep");
            if (!State.Exists)
            {
                return;
            }
        }

        // Handling a deadline may plan the next one (the next test, the next duty), which after an outage may have
        // passed already: judge until nothing passed is left, bounded so a bad rule cannot spin.
        var judged = new List<(DeadlineKind Kind, TimeSpan Lag)>();
        for (var round = 0; round < 100; round++)
        {
            var passed = State.Deadlines.Passed(time.GetUtcNow());
            if (passed.Count == 0)
            {
                break;
            }

            foreach (var deadline in passed)
            {
                // Judging one may have completed or withdrawn another of this round (a discharge cancels duties).
                if (deadline.Status == DeadlineStatus.Pending)
                {
                    judged.Add((deadline.Kind, time.GetUtcNow() - deadline.DueAt));
                    await JudgeAsync(deadline, CancellationToken.None);
                }
            }
        }

        // Stores and reports the real next deadline (an early index entry is harmless, see CommitAsync).
        await CommitAsync(reportToCell: true);
        foreach (var (kind, lag) in judged)
        {
            metrics.DeadlineJudged(kind, lag);
        }
    }

    /// <summary>One passed deadline: a milestone is acted on, an escalation turns its card red, a duty is missed.</summary>
    private async Task JudgeAsync(Deadline deadline, CancellationToken cancellationToken)
    {
        const string Actor = "system:deadlines";
        var now = time.GetUtcNow();
        if (deadline.Kind == DeadlineKind.Escalation)
        {
            deadline.Status = DeadlineStatus.Met;
            deadline.CompletedAt = now;
            if (State.Deadlines.Find(d => d.Id == deadline.Subject) is { Status: DeadlineStatus.Missed } overdue
                && await GrainFactory.Alert(AlertKeys.For(Self, overdue.Id)).EscalateAsync(Actor, "still overdue after the reminder period", cancellationToken) is { } red)
            {
                Emit("card-red", Actor, new { deadline = overdue.Id, alert = red.Key, rule = "HL-06" }, "red:" + overdue.Id);
            }

            return;
        }

        if (DeadlineKinds.IsMilestone(deadline.Kind))
        {
            deadline.Status = DeadlineStatus.Met;
            deadline.CompletedAt = now;
            Emit("milestone-reached", Actor, new { deadline = deadline.Id, kind = deadline.Kind, dueAt = deadline.DueAt, rule = deadline.Rule }, deadline.Id);
            await OnDeadlinePassedAsync(deadline, Actor, cancellationToken);
            return;
        }

        if (!UnderActiveControl)
        {
            deadline.Status = DeadlineStatus.Cancelled;
            deadline.CompletedAt = now;
            return;
        }

        var ladder = Rules.Alerts;
        State.YellowCards.RemoveAll(at => at < now - TimeSpan.FromDays(ladder.YellowWindowDays));
        var level = State.YellowCards.Count >= ladder.YellowsBeforeRed ? AlertLevel.Red : AlertLevel.Yellow;
        var spec = new AlertSpec(Self, deadline.Id, deadline.Kind, deadline.DueAt,
            new CellCode(State.Cell!), new CommunityCode(State.Community ?? ""), deadline.Rule);
        // Raise first, then record the miss: a crash in between raises again next time, and the alert's
        // deterministic key makes that harmless; the other order could lose the alert.
        var alert = await GrainFactory.Alert(spec.Key).RaiseAsync(spec, level, Actor, cancellationToken);
        deadline.Status = DeadlineStatus.Missed;
        if (alert.Level == AlertLevel.Yellow)
        {
            State.YellowCards.Add(now);
            // HL-06: still overdue after the reminder period → red.
            State.Deadlines.Plan(new Deadline
            {
                Id = "escalate:" + deadline.Id,
                Kind = DeadlineKind.Escalation,
                DueAt = Calendar.EndOfWorkingDaysAfter(now, ladder.RedAfterWorkingDays),
                Rule = "HL-06",
                Subject = deadline.Id,
            });
        }

        Emit("deadline-missed", Actor, new { deadline = deadline.Id, kind = deadline.Kind, dueAt = deadline.DueAt, rule = deadline.Rule, alert = spec.Key, level = alert.Level }, deadline.Id);
        await OnDeadlinePassedAsync(deadline, Actor, cancellationToken);
    }

    /// <summary>
    /// A deadline of this entity passed: a milestone was reached (stage changes, expiries) or a duty was missed (its
    /// alert is raised already; violations and counters are the derived grain's). May plan further deadlines.
    /// </summary>
    protected virtual Task OnDeadlinePassedAsync(Deadline deadline, string actor, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Completes matching open deadlines and resolves the alerts of those completed late (an alert may have been
    /// raised even if the miss was not recorded yet); the alert tells its own cell, wherever the entity is now.
    /// </summary>
    protected async Task CompleteAsync(Func<Deadline, bool> match, string actor, string reason, CancellationToken cancellationToken)
    {
        foreach (var deadline in State.Deadlines.Complete(match, time.GetUtcNow()))
        {
            Emit("deadline-completed", actor, new { deadline = deadline.Id, kind = deadline.Kind, dueAt = deadline.DueAt, status = deadline.Status, rule = deadline.Rule }, deadline.Id);
            await CloseEscalationAsync(deadline, actor, reason, cancellationToken);
        }
    }

    /// <summary>
    /// Withdraws matching open deadlines that no longer apply (a trip cancelled, a case closed), resolving any alert
    /// they raised.
    /// </summary>
    protected async Task CancelAsync(Func<Deadline, bool> match, string actor, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var deadline in State.Deadlines.Where(d => d.IsOpen && d.Kind != DeadlineKind.Escalation && match(d)).ToList())
        {
            var wasMissed = deadline.Status == DeadlineStatus.Missed;
            deadline.Status = DeadlineStatus.Cancelled;
            deadline.CompletedAt = now;
            Emit("deadline-cancelled", actor, new { deadline = deadline.Id, kind = deadline.Kind, dueAt = deadline.DueAt, reason, rule = deadline.Rule }, "cancel:" + deadline.Id);
            await CloseEscalationAsync(deadline, actor, reason, cancellationToken, wasMissed);
        }
    }

    private async Task CloseEscalationAsync(Deadline deadline, string actor, string reason, CancellationToken cancellationToken, bool? alerted = null)
    {
        foreach (var escalation in State.Deadlines.Where(d => d.Kind == DeadlineKind.Escalation && d.Subject == deadline.Id && d.Status == DeadlineStatus.Pending))
        {
            escalation.Status = DeadlineStatus.Cancelled;
            escalation.CompletedAt = time.GetUtcNow();
        }

        if (alerted ?? deadline.Status == DeadlineStatus.MetLate)
        {
            await GrainFactory.Alert(AlertKeys.For(Self, deadline.Id)).ResolveAsync(actor, reason, cancellationToken);
        }
    }

    /// <summary>
    /// Replaces any pending visit deadline with one due <see cref="VisitInterval"/> (or <paramref name="interval"/>, for a
    /// first visit that follows its own rule) after <paramref name="from"/>;
    /// null (and no visit pending) once the entity is no longer under active control.
    /// </summary>
    protected Deadline? PlanNextVisit(DateTimeOffset from, TimeSpan? interval = null)
    {
        foreach (var pending in State.Deadlines.Where(d => d.Kind == DeadlineKind.Visit && d.Status == DeadlineStatus.Pending))
        {
            pending.Status = DeadlineStatus.Cancelled;
        }

        State.VisitPlannedFrom = from;
        if (!UnderActiveControl)
        {
            return null;
        }

        return State.Deadlines.Plan(new Deadline
        {
            // A sequence, not the due time: two visits in one second must still plan two deadlines.
            Id = "visit:" + State.NextSequence().ToString(System.Globalization.CultureInfo.InvariantCulture),
            Kind = DeadlineKind.Visit,
            DueAt = from + (interval ?? VisitInterval),
            Rule = VisitRule,
        });
    }

    /// <summary>
    /// A deadline re-planned because a rule got stricter is due at the earliest at the end of tomorrow: a change must
    /// not make an item overdue the moment it applies (visits here, duties in the correction case).
    /// </summary>
    protected DateTimeOffset NotOverdueOnArrival(DateTimeOffset due)
    {
        var earliest = Calendar.EndOfCalendarDaysAfter(time.GetUtcNow(), 1);
        return due < earliest ? earliest : due;
    }

    /// <summary>
    /// The visit interval changed (a new grade or level, a resident linked or unlinked): the pending visit moves to
    /// the new interval from the same starting point, at once. An overdue visit stands until someone visits, so a
    /// re-plan never adds a second visit task.
    /// </summary>
    protected void ReplanVisit()
    {
        if (State.Deadlines.Any(d => d.Kind == DeadlineKind.Visit && d.Status == DeadlineStatus.Missed))
        {
            return;
        }

        var from = State.VisitPlannedFrom ?? State.LastVisitedAt ?? time.GetUtcNow();
        // A shorter interval must not make the visit overdue the moment it applies: at the earliest, end of tomorrow.
        var due = NotOverdueOnArrival(from + VisitInterval);

        var pending = State.Deadlines.Find(d => d.Kind == DeadlineKind.Visit && d.Status == DeadlineStatus.Pending);
        if (!UnderActiveControl || pending is null || pending.DueAt != due || pending.Rule != VisitRule)
        {
            var next = PlanNextVisit(from, due - from);
            Emit("visit-replanned", "system:rules", new { from, nextVisitDue = next?.DueAt, rule = VisitRule }, "replan:" + State.Sequence);
        }
    }

    /// <summary>A check-in: idempotent by visit id, judged near/far, completes the visit deadline, plans the next.</summary>
    public async ValueTask<VisitResult> RecordVisitAsync(VisitCommand command, string actor, CancellationToken cancellationToken = default)
    {
        if (!State.Exists)
        {
            return Rejected(command, Outcome.NotFound("not-registered", "Nothing is registered under this id."));
        }

        var fingerprint = VisitReplay.Fingerprint(command);
        if (VisitReplay.Find(State.Visits, command.VisitId) is { } prior)
        {
            return prior.Fingerprint == fingerprint
                ? prior.Replay
                : Rejected(command, Outcome.Conflict("visit-id-reused", "This visit id was already used for a visit with other content; nothing was changed.", "visitId"));
        }

        if (Validate(command) is { } invalid)
        {
            return Rejected(command, invalid);
        }

        var now = time.GetUtcNow();
        var proximity = ProximityRule.Judge(State.Location, command.Location, command.AccuracyMetres, new ProximityOptions(Options.NearRadiusMetres, Options.MaxAccuracyMetres));
        double? distance = State.Location is { } registered ? Math.Round(Geodesy.DistanceMetres(registered, command.Location), 1) : null;

        await CompleteAsync(d => d.Kind == DeadlineKind.Visit, actor, "visited", cancellationToken);
        var next = PlanNextVisit(now);
        State.LastVisitedAt = now;
        await OnVisitedAsync(command, actor, cancellationToken);
        var result = new VisitResult(Outcome.Ok, command.VisitId, proximity, distance, now, next?.DueAt);
        VisitReplay.Remember(State.Visits, new VisitRecord(command.VisitId, fingerprint, proximity, distance, now, next?.DueAt), Options.RememberedVisits);
        Emit("visit-recorded", actor, new
        {
            visitId = command.VisitId,
            worker = command.Worker.Value,
            proximity,
            distanceMetres = distance,
            accuracyMetres = command.AccuracyMetres,
            deviceTime = command.DeviceTime,
            nextVisitDue = next?.DueAt,
        }, command.VisitId.ToString("N"));
        await CommitAsync(cancellationToken: cancellationToken);
        metrics.CheckedIn(Kind, proximity);
        return result;
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<FieldTask>> GetFieldTasksAsync(DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        if (!State.Exists || !UnderActiveControl || State.Cell is not { } cell)
        {
            return ValueTask.FromResult<IReadOnlyList<FieldTask>>([]);
        }

        var now = time.GetUtcNow();
        return ValueTask.FromResult<IReadOnlyList<FieldTask>>([
            .. State.Deadlines
                .Where(d => d.IsOpen && DeadlineKinds.IsFieldTask(d.Kind) && (d.Status == DeadlineStatus.Missed || d.DueAt <= until))
                .Select(d => new FieldTask(Self, new CellCode(cell), d.Id, d.Kind, d.Rule, d.DueAt, TaskOrdering.Urgency(d.DueAt, now), State.Location)),
        ]);
    }

    /// <summary>What a visit also does for this kind of entity (verifies tenancies, counts as a contact), before the commit.</summary>
    protected virtual Task OnVisitedAsync(VisitCommand command, string actor, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public async ValueTask<Outcome> MoveAsync(GeoPoint location, string actor, CancellationToken cancellationToken = default)
    {
        if (!State.Exists)
        {
            return Outcome.NotFound("not-registered", "Nothing is registered under this id.");
        }

        if (location.Problem() is { } problem)
        {
            return Outcome.Invalid("location", "invalid-coordinates", problem);
        }

        if (State.Location == location)
        {
            return Outcome.Ok;
        }

        var from = State.Location;
        State.Location = location;
        Emit("location-changed", actor, new { from, to = location }, "moved:" + State.NextSequence());
        await PlaceAsync(actor, 0, cancellationToken);
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    /// <summary>Re-locates after a grid change.</summary>
    public async ValueTask<Outcome> RelocateAsync(int gridVersion, string actor, CancellationToken cancellationToken = default)
    {
        if (!State.Exists)
        {
            return Outcome.NotFound("not-registered", "Nothing is registered under this id.");
        }

        if (await PlaceAsync(actor, gridVersion, cancellationToken))
        {
            await CommitAsync(cancellationToken: cancellationToken);
        }

        return Outcome.Ok;
    }

    /// <summary>
    /// Registers the entity once: validation (the command's own, the last visit's date, the known district), replay
    /// detection by fingerprint (same content = same answer; other content = conflict, nothing changed), then
    /// <paramref name="registration"/>'s own fields, the first visit deadline, placement, the event and the commit.
    /// </summary>
    /// <remarks>
    /// Every input is checked before anything changes, and the work that could still fail on the command's content
    /// (the derived fields and deadlines, the date arithmetic of the first visit) is done in memory before the cell is
    /// joined: the cell stores the membership at once, and a failure after it would leave the cell counting an entity
    /// that was never registered. A failure in memory drops the activation (the silo's DeactivateOnFailureFilter).
    /// </remarks>
    protected async Task<Outcome> RegisterEntityAsync(EntityRegistration registration, string actor, CancellationToken cancellationToken)
    {
        var lastVisit = registration.LastVisitedAt is { } visited ? Instants.PastProblem(visited, time.GetUtcNow(), "lastVisitedAt") : null;
        if ((registration.Invalid ?? lastVisit ?? await CheckDistrictAsync(registration.District, cancellationToken)) is { } invalid)
        {
            return invalid;
        }

        var fingerprint = FingerprintOf(registration.Command);
        if (State.Exists)
        {
            return State.RegistrationFingerprint == fingerprint
                ? Outcome.Ok
                : Outcome.Conflict("already-registered", "Something is already registered under this id with other details; nothing was changed.");
        }

        State.Exists = true;
        State.RegistrationFingerprint = fingerprint;
        State.District = registration.District.Value;
        State.Location = registration.Location;
        State.LastVisitedAt = registration.LastVisitedAt;
        registration.Apply();
        var visit = PlanNextVisit(registration.LastVisitedAt ?? time.GetUtcNow());
        await PlaceAsync(actor, 0, cancellationToken);
        Emit(registration.EventType, actor, registration.Payload(visit?.DueAt), "register");
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    /// <summary>What <see cref="RegisterEntityAsync"/> needs from a derived grain.</summary>
    /// <param name="Command">The command, fingerprinted for replays.</param>
    /// <param name="District">Its district.</param>
    /// <param name="Location">The registered point.</param>
    /// <param name="LastVisitedAt">Last visit, for migrated records (checked here: 2000-01-01 to now).</param>
    /// <param name="Invalid">The command's own validation result.</param>
    /// <param name="EventType">Journal event type.</param>
    /// <param name="Apply">Sets the derived state's own fields and deadlines; runs before the cell is joined, and must not
    /// call other grains (everything it computes from the command is validated by <paramref name="Invalid"/>).</param>
    /// <param name="Payload">The event payload, given the first visit's due time.</param>
    protected sealed record EntityRegistration(
        object Command, DistrictCode District, GeoPoint Location, DateTimeOffset? LastVisitedAt, Outcome? Invalid,
        string EventType, Action Apply, Func<DateTimeOffset?, object> Payload);

    /// <summary>Registration needs a district whose grid has been imported (an unknown code is refused).</summary>
    private async Task<Outcome?> CheckDistrictAsync(DistrictCode district, CancellationToken cancellationToken) =>
        Codes.Problem(district.Value) is { } problem
            ? Outcome.Invalid("district", "invalid-code", problem)
            : await GrainFactory.District(district).GetVersionAsync(cancellationToken) == 0
                ? Outcome.Invalid("district", "unknown-district", $"District '{district}' has no grid; import its cells first.")
                : null;

    /// <summary>Fingerprint of a registration command, to make re-sending it harmless.</summary>
    protected static string FingerprintOf(object command) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(command))));

    /// <summary>Deadline instants in China's civil time (CC-04, DR-02, RH-02).</summary>
    protected static WorkingDayCalendar Calendar => WorkingDayCalendar.China;

    private static Outcome? Validate(VisitCommand command)
    {
        if (command.VisitId == Guid.Empty)
        {
            return Outcome.Invalid("visitId", "missing-field", "visitId is required (a UUID the phone generates once per visit).");
        }

        if (command.Worker.Value == Guid.Empty)
        {
            return Outcome.Invalid("worker", "missing-field", "worker is required.");
        }

        if (command.Location.Problem() is { } problem)
        {
            return Outcome.Invalid("location", "invalid-coordinates", problem);
        }

        if (command.AccuracyMetres is { } accuracy && (!double.IsFinite(accuracy) || accuracy < 0))
        {
            return Outcome.Invalid("accuracyMetres", "invalid-accuracy", "accuracyMetres must be a finite number ≥ 0.");
        }

        return null;
    }

    private static VisitResult Rejected(VisitCommand command, Outcome outcome) => new(outcome, command.VisitId, null, null, null, null);
}
