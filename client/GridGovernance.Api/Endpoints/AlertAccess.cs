using System.Collections.Concurrent;
using GridGovernance.Api.Security;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Geography;
using GridGovernance.Contracts.Supervision;

namespace GridGovernance.Api.Endpoints;

/// <summary>Where an alert's source is now: its current place, and the person when the source is one.</summary>
/// <param name="Target">The source's current cell and community (the person's id for a person).</param>
/// <param name="Person">The person's record, when the source is a person who is still enrolled.</param>
public sealed record AlertSourceNow(ScopeTarget Target, PersonSummary? Person);

/// <summary>
/// Who may see an alert. An alert is scoped by its source entity as it is NOW (its current cell and community, the
/// person for a caseload), not by the cell it was raised in: after a property or person moves, the old cell's worker
/// loses it and the new cell's worker gains it. A caseload reach also needs the person's record to name the caller
/// (<see cref="CaseloadRule"/>). An alert about a correction subject's location data (a trip's return, monitoring)
/// is shown only to callers who may read that person's correction location (CC-31).
/// One instance per request: it remembers the sources it looked up.
/// </summary>
public sealed class AlertAccess(IClusterClient client, ScopeGuard guard)
{
    private readonly ConcurrentDictionary<EntityRef, Task<AlertSourceNow>> _sources = new();

    /// <summary>
    /// Whether <paramref name="caller"/> may use <paramref name="capability"/> on the alert: the scope check on its source's
    /// current place, the officer rule, then CC-31 for a location alert of a correction subject.
    /// </summary>
    public async Task<Access> CheckAsync(GridCaller caller, Capability capability, AlertView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        var source = await SourceAsync(view.Spec, cancellationToken);
        var access = await CheckOnAsync(caller, capability, source, cancellationToken);
        if (!access.Allowed || !IsLocationAlert(view.Spec) || source.Person is { Programme: not Programme.CommunityCorrection })
        {
            return access;
        }

        // A trip or monitoring card of a correction subject (or of a person no longer on record): location data.
        var location = source.Person is null
            ? new Access(false, null, Problems.ProblemTypes.OutOfScope)
            : await CheckOnAsync(caller, Capability.ReadCorrectionLocation, source, cancellationToken);
        return location.Allowed ? access : location;
    }

    /// <summary>The source of <paramref name="spec"/> as it is now; where it was raised when it is no longer on record.</summary>
    public Task<AlertSourceNow> SourceAsync(AlertSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return _sources.GetOrAdd(spec.Source, _ => LookUpAsync(spec, cancellationToken));
    }

    /// <summary>
    /// A card about where a monitored person goes or that they are monitored (the same deadlines
    /// <see cref="People.LocationData.IsLocationDeadline"/> withholds from person views).
    /// </summary>
    public static bool IsLocationAlert(AlertSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Source.Kind == EntityKind.MonitoredPerson
            && (spec.Kind is DeadlineKind.TripReturn or DeadlineKind.MonitoringExpiry
                || spec.DeadlineId.StartsWith("trip:", StringComparison.Ordinal)
                || spec.DeadlineId.StartsWith("escalate:trip:", StringComparison.Ordinal));
    }

    private async Task<Access> CheckOnAsync(GridCaller caller, Capability capability, AlertSourceNow source, CancellationToken cancellationToken)
    {
        var access = await guard.CheckAsync(caller, capability, source.Target, cancellationToken);
        return source.Person is { } person ? CaseloadRule.Apply(caller, capability, access, person) : access;
    }

    private async Task<AlertSourceNow> LookUpAsync(AlertSpec spec, CancellationToken cancellationToken)
    {
        var raisedIn = new ScopeTarget(spec.Cell, string.IsNullOrEmpty(spec.Community.Value) ? null : spec.Community,
            spec.Source.Kind == EntityKind.MonitoredPerson ? new PersonId(spec.Source.Id) : null);
        if (spec.Source.Kind == EntityKind.Cell)
        {
            // A cell's own card (GR-10) stays where it was raised: cells do not move.
            return new AlertSourceNow(raisedIn, null);
        }

        if (spec.Source.Kind == EntityKind.RentalProperty)
        {
            return await client.Property(new PropertyId(spec.Source.Id)).GetAsync(cancellationToken) is { Cell: not null } property
                ? new AlertSourceNow(ScopeTarget.Of(property), null)
                : new AlertSourceNow(raisedIn, null);
        }

        return await client.Person(new PersonId(spec.Source.Id)).GetAsync(cancellationToken) is { } person
            ? new AlertSourceNow(person.Cell is null ? raisedIn : ScopeTarget.Of(person), person)
            : new AlertSourceNow(raisedIn, null);
    }

    /// <summary>The alerts of a cell's members whose cards were raised in another cell (they moved here since).</summary>
    internal static async Task<IReadOnlyList<string>> MovedInAsync(IClusterClient client, CellCode cell, IReadOnlyList<OpenAlert> here, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var known = here.Select(a => AlertKeys.SourceOf(a.Key)).OfType<EntityRef>().ToHashSet();
        var candidates = (await client.Cell(cell).GetTaskCandidatesAsync(now, cancellationToken)).Where(c => c.Kind != EntityKind.Cell && !known.Contains(c)).ToList();
        var keys = await Task.WhenAll(candidates.Select(async entity =>
        {
            IReadOnlyList<DeadlineView>? deadlines = entity.Kind == EntityKind.RentalProperty
                ? (await client.Property(new PropertyId(entity.Id)).GetAsync(cancellationToken))?.Deadlines
                : (await client.Person(new PersonId(entity.Id)).GetAsync(cancellationToken))?.Deadlines;
            return (deadlines ?? []).Where(d => d.Status == DeadlineStatus.Missed).Select(d => AlertKeys.For(entity, d.Id)).ToArray();
        }));
        return [.. keys.SelectMany(k => k)];
    }
}
