using System.ComponentModel.DataAnnotations;
using GridGovernance.Api.Problems;
using GridGovernance.Api.Security;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Geography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace GridGovernance.Api.Endpoints;

/// <summary>Alerts (the yellow and red cards of HL-06): list, read, acknowledge, resolve.</summary>
public static class AlertEndpoints
{
    /// <summary>A card whose duty is still open cannot be resolved by hand: the duty's completion resolves it.</summary>
    public const string StillOverdue = "alert-still-overdue";

    private const int MaxCells = 100;

    /// <summary>Maps the group.</summary>
    public static RouteGroupBuilder MapAlertEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/alerts").WithTags("Alerts").RequireAuthorization().RequireRateLimiting(RateLimits.PerUser);
        group.MapGet("/", ListAlertsAsync)
            .WithName("ListAlerts")
            .WithSummary("Open alerts (not yet resolved) of cells or a community within the caller's scope, red first.");
        group.MapGet("/{key}", GetAlertAsync)
            .WithName("GetAlert")
            .WithSummary("One alert by its key.");
        group.MapPost("/{key}/acknowledgements", AcknowledgeAlertAsync)
            .WithName("AcknowledgeAlert")
            .WithSummary("Takes an alert on (idempotent); journaled with the caller and the note.");
        group.MapPost("/{key}/resolutions", ResolveAlertAsync)
            .WithName("ResolveAlert")
            .WithSummary("Closes an alert by hand with a reason, once its duty is no longer open (idempotent).");
        return group;
    }

    /// <summary>
    /// Open alerts, red first, then the longest overdue. Filter by <c>cell</c> (repeatable) or <c>community</c>, and
    /// <c>level</c> (Yellow, Red). Without a filter: the caller's own reach (a grid worker's cells, an administrator's
    /// community, an officer's caseload, the whole district for the command centre). Requested cells or a community
    /// outside the caller's reach are refused; for an officer they are narrowed to their caseload instead, and refused
    /// when nothing of their caseload is in them. An alert is listed where its source (property or person) is now, and
    /// shown only to callers who reach that place; a correction subject's trip and monitoring cards only to callers
    /// who may read their location (CC-31).
    /// </summary>
    public static async Task<Results<Ok<AlertListResponse>, ProblemHttpResult>> ListAlertsAsync(
        [FromQuery(Name = "cell")] string[]? cell, string? community, string? level,
        GridCaller caller, IClusterClient client, ScopeGuard guard, IOptions<GridApiOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (AccessPolicy.Reach(caller.Role, Capability.ReadAlerts) is not { } reach)
        {
            return Problems.Problems.Denied(new Access(false, null, ProblemTypes.ForbiddenRole));
        }

        AlertLevel? wanted = null;
        if (level is not null)
        {
            if (!Enum.TryParse<AlertLevel>(level, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(level, out _))
            {
                return Problems.Problems.Invalid("level", "level is Yellow or Red.");
            }

            wanted = parsed;
        }

        var alerts = new AlertAccess(client, guard);
        var cells = cell ?? [];
        if (cells.Length > 0 && community is not null)
        {
            return Problems.Problems.Invalid("community", "Give cells or a community, not both.");
        }

        // Each cell is read whole, or narrowed to the caller's caseload (an officer's reach is people, not places).
        var sources = new List<(CellCode Cell, bool Narrow)>();
        if (cells.Length > 0)
        {
            var codes = CellDirectory.Parse(cells, "cell", MaxCells, out var invalid);
            if (invalid is not null)
            {
                return invalid;
            }

            foreach (var code in codes)
            {
                if (await CellDirectory.FindAsync(client, code, cancellationToken) is not { } found)
                {
                    return Problems.Problems.NotFound($"No cell '{code.Value}' in the grid.");
                }

                var access = await guard.CheckAsync(caller, Capability.ReadAlerts, ScopeTarget.InCell(code, found.Community), cancellationToken);
                if (!access.Allowed && reach != ScopeKind.Caseload)
                {
                    return Problems.Problems.Denied(access);
                }

                sources.Add((code, !access.Allowed));
            }
        }
        else if (community is not null)
        {
            if (Codes.Problem(community) is { } problem)
            {
                return Problems.Problems.Invalid("community", $"'{community}': {problem}");
            }

            var code = new CommunityCode(community);
            var inCommunity = await CellDirectory.OfCommunityAsync(client, options.Value, code, cancellationToken);
            if (inCommunity.Count == 0)
            {
                return Problems.Problems.NotFound($"No community '{community}' in the grid.");
            }

            var access = await guard.CheckAsync(caller, Capability.ReadAlerts, new ScopeTarget(null, code), cancellationToken);
            if (!access.Allowed && reach != ScopeKind.Caseload)
            {
                return Problems.Problems.Denied(access);
            }

            sources.AddRange(inCommunity.Select(c => (c, !access.Allowed)));
        }
        else
        {
            switch (reach)
            {
                case ScopeKind.Caseload:
                    var mine = await CaseloadAlertsAsync(caller, client, alerts, cancellationToken);
                    return TypedResults.Ok(new AlertListResponse(time.GetUtcNow(), Order(mine.Where(a => wanted is null || a.Level == wanted))));
                case ScopeKind.Cells:
                    sources.AddRange(caller.Cells.Select(c => (c, false)));
                    break;
                case ScopeKind.Community when caller.Community is { } own:
                    sources.AddRange((await CellDirectory.OfCommunityAsync(client, options.Value, own, cancellationToken)).Select(c => (c, false)));
                    break;
                case ScopeKind.District:
                    sources.AddRange((await CellDirectory.AllAsync(client, options.Value, cancellationToken)).Select(c => (c.Code, false)));
                    break;
                default:
                    break;
            }
        }

        var now = time.GetUtcNow();
        var perCell = await Task.WhenAll(sources.Select(async source =>
        {
            // The cell's own cards, and those of its members raised where they lived before (an alert follows its source).
            var open = await client.Cell(source.Cell).GetOpenAlertsAsync(cancellationToken);
            var keys = open.Where(a => wanted is null || a.Level == wanted).Select(a => a.Key)
                .Concat(await AlertAccess.MovedInAsync(client, source.Cell, open, now, cancellationToken)).Distinct(StringComparer.Ordinal);
            var views = await Task.WhenAll(keys.Select(key => client.Alert(key).GetAsync(cancellationToken).AsTask()));
            var shown = new List<AlertView>();
            foreach (var view in views)
            {
                if (view is { IsOpen: true } && (wanted is null || view.Level == wanted)
                    && (await alerts.SourceAsync(view.Spec, cancellationToken)).Target.Cell == source.Cell
                    && (await alerts.CheckAsync(caller, Capability.ReadAlerts, view, cancellationToken)).Allowed)
                {
                    shown.Add(view);
                }
            }

            return shown;
        }));
        var shown = perCell.SelectMany(v => v).DistinctBy(v => v.Key).ToList();
        // Cells the caller may not read, narrowed to their caseload, with nothing of theirs in them: a refusal, not an empty list.
        if (sources.Count > 0 && sources.All(s => s.Narrow) && shown.Count == 0)
        {
            return Problems.Problems.Denied(new Access(false, null, ProblemTypes.OutOfScope));
        }

        return TypedResults.Ok(new AlertListResponse(time.GetUtcNow(), Order(shown)));
    }

    /// <summary>One alert; the caller must reach its cell or community (an officer: its person).</summary>
    public static async Task<Results<Ok<AlertResponse>, ProblemHttpResult>> GetAlertAsync(
        string key, GridCaller caller, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken)
    {
        var (view, problem) = await FindAsync(key, Capability.ReadAlerts, caller, client, guard, cancellationToken);
        return view is null ? problem! : TypedResults.Ok(AlertResponse.Of(view));
    }

    /// <summary>The caller takes the alert on, with a note; sending it again (or for a resolved alert) changes nothing.</summary>
    public static async Task<Results<Ok<AlertResponse>, ProblemHttpResult>> AcknowledgeAlertAsync(
        string key, AcknowledgeAlertRequest request, GridCaller caller, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Note))
        {
            return Problems.Problems.Invalid("note", "A note is required: what will be done about the alert.");
        }

        var (view, problem) = await FindAsync(key, Capability.ManageAlerts, caller, client, guard, cancellationToken);
        if (view is null)
        {
            return problem!;
        }

        var acknowledged = await client.Alert(view.Key).AcknowledgeAsync(caller.Actor, request.Note.Trim(), cancellationToken);
        return TypedResults.Ok(AlertResponse.Of(acknowledged ?? view));
    }

    /// <summary>
    /// Resolves an alert by hand, with a reason (journaled with the caller). A card whose duty is still open (pending or
    /// missed) is refused with 409 <c>alert-still-overdue</c>: doing the duty resolves it, and a hand resolution would
    /// hide an overdue item and count it as on time (HL-06). Hand resolution is for cards whose duty is done, withdrawn
    /// or gone (a repair). An alert already resolved answers as it stands.
    /// </summary>
    public static async Task<Results<Ok<AlertResponse>, ProblemHttpResult>> ResolveAlertAsync(
        string key, ResolveAlertRequest request, GridCaller caller, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            return Problems.Problems.Invalid("reason", "A reason is required to resolve an alert by hand.");
        }

        var (view, problem) = await FindAsync(key, Capability.ManageAlerts, caller, client, guard, cancellationToken);
        if (view is null)
        {
            return problem!;
        }

        if (view.Status == AlertStatus.Resolved)
        {
            return TypedResults.Ok(AlertResponse.Of(view));
        }

        if (await DutyOfAsync(view.Spec, client, cancellationToken) is { Status: DeadlineStatus.Pending or DeadlineStatus.Missed } duty)
        {
            return Problems.Problems.Problem(StatusCodes.Status409Conflict, StillOverdue,
                $"The {duty.Kind} ({duty.Rule}) this card is about is still open; completing it resolves the card. Only a card whose duty is done or withdrawn can be resolved by hand.",
                null);
        }

        var resolved = await client.Alert(view.Key).ResolveAsync(caller.Actor, request.Reason.Trim(), cancellationToken);
        return TypedResults.Ok(AlertResponse.Of(resolved ?? view));
    }

    /// <summary>
    /// The role check, then 404 for an unknown key, then the scope check on where the alert's source is now (and its
    /// person), with CC-31 for a correction subject's trip or monitoring card (<see cref="AlertAccess"/>).
    /// </summary>
    private static async Task<(AlertView? View, ProblemHttpResult? Problem)> FindAsync(
        string key, Capability capability, GridCaller caller, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken)
    {
        if (!ScopeGuard.Has(caller, capability))
        {
            return (null, Problems.Problems.Denied(new Access(false, null, ProblemTypes.ForbiddenRole)));
        }

        if (key.Length > 200 || AlertKeys.SourceOf(key) is null || await client.Alert(key).GetAsync(cancellationToken) is not { } view)
        {
            return (null, Problems.Problems.NotFound("No alert has this key."));
        }

        var access = await new AlertAccess(client, guard).CheckAsync(caller, capability, view, cancellationToken);
        return access.Allowed ? (view, null) : (null, Problems.Problems.Denied(access));
    }

    /// <summary>The deadline the card is about, as its source entity holds it now (null when the source no longer has it open).</summary>
    private static async Task<DeadlineView?> DutyOfAsync(AlertSpec spec, IClusterClient client, CancellationToken cancellationToken)
    {
        if (spec.Source.Kind == EntityKind.Cell)
        {
            // A cell's no-one-on-duty card (GR-10) has no deadline behind it: the cell's presence resolves it.
            return null;
        }

        IReadOnlyList<DeadlineView>? deadlines = spec.Source.Kind == EntityKind.RentalProperty
            ? (await client.Property(new PropertyId(spec.Source.Id)).GetAsync(cancellationToken))?.Deadlines
            : await client.Person(new PersonId(spec.Source.Id)).GetAsync(cancellationToken) is { UnderActiveControl: true } person ? person.Deadlines : null;
        return deadlines?.FirstOrDefault(d => d.Id == spec.DeadlineId);
    }

    /// <summary>
    /// An officer's open alerts: the missed duties of the people on their caseload whose record names them as officer
    /// (the index may lag a reassignment).
    /// </summary>
    private static async Task<IEnumerable<AlertView>> CaseloadAlertsAsync(GridCaller caller, IClusterClient client, AlertAccess alerts, CancellationToken cancellationToken)
    {
        var people = await client.Caseload(caller.Subject).GetPeopleAsync(cancellationToken);
        var perPerson = await Task.WhenAll(people.Select(async id =>
        {
            if (await client.Person(id).GetAsync(cancellationToken) is not { } person || !CaseloadRule.NamesOfficer(caller, person))
            {
                return Array.Empty<AlertView>();
            }

            var source = new EntityRef(EntityKind.MonitoredPerson, id.Value);
            var views = await Task.WhenAll(person.Deadlines.Where(d => d.Status == DeadlineStatus.Missed)
                .Select(d => client.Alert(AlertKeys.For(source, d.Id)).GetAsync(cancellationToken).AsTask()));
            var shown = new List<AlertView>();
            foreach (var view in views.OfType<AlertView>().Where(v => v.IsOpen))
            {
                if ((await alerts.CheckAsync(caller, Capability.ReadAlerts, view, cancellationToken)).Allowed)
                {
                    shown.Add(view);
                }
            }

            return shown.ToArray();
        }));
        return perPerson.SelectMany(v => v);
    }

    private static IReadOnlyList<AlertResponse> Order(IEnumerable<AlertView> views) =>
        [.. views.OrderByDescending(v => v.Level).ThenBy(v => v.Spec.DueAt).ThenBy(v => v.Key, StringComparer.Ordinal).Select(AlertResponse.Of)];
}

/// <summary>Open alerts.</summary>
/// <param name="AsOf">When the list was read.</param>
/// <param name="Alerts">Red first, then the longest overdue.</param>
public sealed record AlertListResponse(DateTimeOffset AsOf, IReadOnlyList<AlertResponse> Alerts);

/// <summary>An alert (a yellow or red card).</summary>
/// <param name="Key">Its key (<c>alert:&lt;source&gt;:&lt;deadline&gt;</c>); URL-encode it in paths.</param>
/// <param name="Source">The property or person whose deadline passed.</param>
/// <param name="DeadlineId">The deadline within the source.</param>
/// <param name="Kind">What the deadline was for.</param>
/// <param name="Rule">The rule behind it.</param>
/// <param name="DueAt">When it passed.</param>
/// <param name="Cell">The cell it was raised in.</param>
/// <param name="Community">That cell's community.</param>
/// <param name="Level">Yellow or Red.</param>
/// <param name="Status">Open, Acknowledged or Resolved.</param>
/// <param name="RaisedAt">When it was raised.</param>
/// <param name="AcknowledgedAt">When someone took it on.</param>
/// <param name="AcknowledgedBy">Who took it on (role:subject).</param>
/// <param name="RedAt">When it turned red.</param>
/// <param name="ResolvedAt">When it was resolved.</param>
/// <param name="ResolvedOnTime">Resolved while still yellow; null while open.</param>
public sealed record AlertResponse(
    string Key, TaskEntity Source, string DeadlineId, DeadlineKind Kind, string Rule, DateTimeOffset DueAt, string Cell, string? Community,
    AlertLevel Level, AlertStatus Status, DateTimeOffset RaisedAt, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy,
    DateTimeOffset? RedAt, DateTimeOffset? ResolvedAt, bool? ResolvedOnTime)
{
    /// <summary>From the grain's view.</summary>
    public static AlertResponse Of(AlertView view) => new(
        view.Key, TaskEntity.Of(view.Spec.Source), view.Spec.DeadlineId, view.Spec.Kind, view.Spec.Rule, view.Spec.DueAt, view.Spec.Cell.Value,
        string.IsNullOrEmpty(view.Spec.Community.Value) ? null : view.Spec.Community.Value,
        view.Level, view.Status, view.RaisedAt, view.AcknowledgedAt, view.AcknowledgedBy, view.RedAt, view.ResolvedAt, view.ResolvedOnTime);
}

/// <summary>Taking an alert on.</summary>
/// <param name="Note">What the caller will do (kept in the journal).</param>
public sealed record AcknowledgeAlertRequest([Required, StringLength(500, MinimumLength = 1)] string Note);

/// <summary>Resolving an alert by hand.</summary>
/// <param name="Reason">Why it is closed (kept in the journal).</param>
public sealed record ResolveAlertRequest([Required, StringLength(500, MinimumLength = 1)] string Reason);
