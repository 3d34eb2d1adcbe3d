using System.Security.Cryptography;
using System.Text;
using GridGovernance.Api.People;
using GridGovernance.Api.Problems;
using GridGovernance.Api.Security;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Rentals;

namespace GridGovernance.Api.Sync;

/// <summary>
/// Applies a batch of offline field work: every item on its own (a bad item never blocks the others), items on
/// different entities in parallel with a small bound, items on the same entity in the batch's order. Each item is
/// scope-checked against its entity's cell and carries its own id, which the grains deduplicate by, so a batch sent
/// again (whole, in part or shuffled) has its effects exactly once and answers <c>duplicate</c> for what was applied.
/// </summary>
public sealed partial class BatchSync(IClusterClient client, ScopeGuard guard, ILogger<BatchSync> logger)
{
    /// <summary>The most items in one batch.</summary>
    public const int MaxItems = 500;

    /// <summary>The largest body accepted, in bytes.</summary>
    public const long MaxBodyBytes = 2 * 1024 * 1024;

    /// <summary>How many entities are worked on at once.</summary>
    public const int Parallelism = 8;

    /// <summary>Applies the items of <paramref name="items"/> for <paramref name="caller"/>; results in the items' order.</summary>
    /// <returns>The results, and the refusal when every item was outside the caller's scope (then nothing was applied).</returns>
    public async Task<(IReadOnlyList<SyncItemResult> Results, Access? AllDenied)> ApplyAsync(
        GridCaller caller, IReadOnlyList<SyncItemParser.Parsed> items, CancellationToken cancellationToken)
    {
        var results = new SyncItemResult[items.Count];
        var denials = new Access?[items.Count];
        var groups = new List<List<SyncItemParser.Parsed>>();
        var byEntity = new Dictionary<EntityRef, List<SyncItemParser.Parsed>>();
        foreach (var parsed in items)
        {
            if (parsed.Rejection is { } rejection)
            {
                results[parsed.Index] = rejection;
                continue;
            }

            if (!byEntity.TryGetValue(parsed.Entity, out var group))
            {
                byEntity[parsed.Entity] = group = [];
                groups.Add(group);
            }

            group.Add(parsed);
        }

        var worker = WorkerOf(caller);
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (group, ct) =>
        {
            var entity = group[0].Entity;
            ScopeTarget? target = null;
            string? missing = null;
            Access? access = null;
            SyncFailure? failed = null;
            try
            {
                (target, missing) = await LocateAsync(entity, ct);
                access = target is { } found ? await CheckAsync(caller, entity, found, ct) : null;
            }
            catch (Exception ex) when (Failure(ex, ct) is { } failure)
            {
                // The entity could not be looked up: its items fail, the rest of the batch goes on.
                failed = failure;
            }

            foreach (var parsed in group)
            {
                if (failed is { } failure)
                {
                    results[parsed.Index] = Reject(parsed, failure.Problem, failure.Detail, null);
                }
                else if (missing is not null)
                {
                    results[parsed.Index] = Reject(parsed, ProblemTypes.NotFound, missing, "entity.id");
                }
                else if (access is { Allowed: false })
                {
                    denials[parsed.Index] = access;
                    results[parsed.Index] = Reject(parsed, access.Problem ?? ProblemTypes.OutOfScope, "This item's target is outside your scope; nothing was applied.", "entity");
                }
                else
                {
                    results[parsed.Index] = await ApplyOneAsync(parsed, worker, caller, ct);
                }
            }
        });

        var accepted = results.Count(r => r.Status == SyncStatus.Accepted);
        var duplicates = results.Count(r => r.Status == SyncStatus.Duplicate);
        LogApplied(logger, items.Count, accepted, duplicates, items.Count - accepted - duplicates);

        var allDenied = items.Count > 0 && denials.All(d => d is not null) ? denials[0] : null;
        return (results, allDenied);
    }

    /// <summary>
    /// The worker id visits are recorded under: the caller's subject when it is a worker id (a UUID), else a stable
    /// id derived from the subject, so the same caller always records as the same worker.
    /// </summary>
    public static WorkerId WorkerOf(GridCaller caller) =>
        Guid.TryParse(caller.Subject, out var id) && id != Guid.Empty
            ? new WorkerId(id)
            : new WorkerId(new Guid(SHA256.HashData(Encoding.UTF8.GetBytes("gg-worker:" + caller.Subject)).AsSpan(0, 16)));

    private async Task<(ScopeTarget? Target, string? Missing)> LocateAsync(EntityRef entity, CancellationToken cancellationToken)
    {
        if (entity.Kind == EntityKind.RentalProperty)
        {
            return await client.Property(new PropertyId(entity.Id)).GetAsync(cancellationToken) is { } property
                ? (ScopeTarget.Of(property), null)
                : (null, "No property is registered under this id.");
        }

        return await client.Person(new PersonId(entity.Id)).GetAsync(cancellationToken) is { } person
            ? (ScopeTarget.Of(person), null)
            : (null, "No person is enrolled under this id.");
    }

    /// <summary>Field work on the entity (ManageProperty / ManagePerson) and the right to sync it (SyncFieldWork), both within reach.</summary>
    private async Task<Access> CheckAsync(GridCaller caller, EntityRef entity, ScopeTarget target, CancellationToken cancellationToken)
    {
        var manage = entity.Kind == EntityKind.RentalProperty ? Capability.ManageProperty : Capability.ManagePerson;
        var access = await guard.CheckAsync(caller, manage, target, cancellationToken);
        return access.Allowed ? await guard.CheckAsync(caller, Capability.SyncFieldWork, target, cancellationToken) : access;
    }

    private async Task<SyncItemResult> ApplyOneAsync(SyncItemParser.Parsed parsed, WorkerId worker, GridCaller caller, CancellationToken cancellationToken)
    {
        var item = parsed.Item!;
        var actor = caller.Actor;
        try
        {
            switch (item.Type)
            {
                case SyncItemType.Visit:
                    var visit = await client.FieldEntity(parsed.Entity).RecordVisitAsync(VisitOf(item, item.ItemId, worker), actor, cancellationToken);
                    return Result(parsed, visit.Outcome, SyncAnswer.Of(visit, await MaySeeDistanceAsync(caller, parsed.Entity, cancellationToken)));
                case SyncItemType.Tenancy:
                    return Result(parsed, await Property(parsed).RegisterTenancyAsync(
                        new RegisterTenancy(item.ItemId, item.TenantName, item.IdType, item.IdNumber, item.MoveInAt!.Value), actor, cancellationToken), null);
                case SyncItemType.MoveOut:
                    return Result(parsed, await Property(parsed).RecordMoveOutAsync(item.TenancyId!.Value, item.MovedOutAt!.Value, actor, cancellationToken), null);
                case SyncItemType.TenantReport:
                    var kind = item.ReportKind == SyncReportKind.Departure ? TenantReportKind.Departure : TenantReportKind.Arrival;
                    return Result(parsed, await Property(parsed).RecordTenantReportAsync(item.TenancyId!.Value, kind, actor, cancellationToken), null);
                default:
                    var inspection = await Property(parsed).InspectAsync(
                        new Inspection(item.ItemId, VisitOf(item, item.VisitId ?? item.ItemId, worker), AnswersOf(item.Checklist!), item.NewGrade, item.GradeReason), actor, cancellationToken);
                    var answer = (SyncAnswer.Of(inspection.Visit) ?? new SyncAnswer(null, null, null, null)) with
                    {
                        HazardsOpened = inspection.HazardsOpened,
                        HazardsRectified = inspection.HazardsRectified,
                        IsSmallPlace = inspection.IsSmallPlace,
                    };
                    return Result(parsed, inspection.Outcome, answer);
            }
        }
        catch (Exception ex) when (Failure(ex, cancellationToken) is { } failure)
        {
            return Reject(parsed, failure.Problem, failure.Detail, null);
        }
    }

    /// <summary>
    /// What an exception on one item means for that item (never for the batch): the cluster unreachable or slow is
    /// <c>unavailable</c> (send it again later); anything else failed on the item's content and is <c>invalid-request</c>
    /// (sending it again as it is would fail again). Null for the request's own cancellation, which ends the batch.
    /// </summary>
    private SyncFailure? Failure(Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        if (exception is TimeoutException or OrleansException or OperationCanceledException)
        {
            LogUnavailable(logger, exception);
            return new SyncFailure(ProblemTypes.Unavailable, "The item could not be applied just now; send it again later.");
        }

        LogItemFailed(logger, exception);
        return new SyncFailure(ProblemTypes.InvalidRequest, "The item could not be applied: the server failed on its content (the error is logged). Check its values, dates especially, before sending it again.");
    }

    /// <summary>The checklist's answers (after <see cref="SyncItemParser"/> checked that all four are given).</summary>
    private static FireChecklistAnswers AnswersOf(Endpoints.ChecklistBody c)
    {
        var place = c.SmallPlace is { } p
            ? new SmallPlace(p.Type!.Value, p.AreaSquareMetres!.Value, p.HeightMetres, p.SleepingInside!.Value, p.Extinguishers!.Value, p.EmergencyLighting!.Value)
            : null;
        return new FireChecklistAnswers(c.EBikesInCommonAreas!.Value, c.FlammableGoodsWithLiving!.Value, c.GrillesWithoutEscapeWindow!.Value, c.ExitsBlocked!.Value,
            place, c.Vulnerable ?? VulnerableHousehold.None);
    }

    /// <summary>A visit's distance from a person's home only for those who may see the person's location (CC-31), as over HTTP.</summary>
    private async Task<bool> MaySeeDistanceAsync(GridCaller caller, EntityRef entity, CancellationToken cancellationToken) =>
        entity.Kind != EntityKind.MonitoredPerson
        || (await client.Person(new PersonId(entity.Id)).GetAsync(cancellationToken) is { } person && await PersonGate.MaySeeLocationAsync(guard, caller, person, cancellationToken));

    private IRentalPropertyGrain Property(SyncItemParser.Parsed parsed) => client.Property(new PropertyId(parsed.Entity.Id));

    private static VisitCommand VisitOf(SyncItem item, Guid visitId, WorkerId worker) =>
        new(visitId, worker, new GeoPoint(item.Gps!.Longitude!.Value, item.Gps.Latitude!.Value), item.Gps.AccuracyMetres, item.DeviceTime!.Value, item.Note);

    /// <summary>A grain's answer as an item result; the grain's field is renamed to the item's.</summary>
    private static SyncItemResult Result(SyncItemParser.Parsed parsed, Outcome outcome, SyncAnswer? answer)
    {
        var status = outcome.Kind switch
        {
            OutcomeKind.Ok => outcome.Replayed ? SyncStatus.Duplicate : SyncStatus.Accepted,
            OutcomeKind.Conflict => SyncStatus.Conflict,
            _ => SyncStatus.Rejected,
        };
        return status is SyncStatus.Accepted or SyncStatus.Duplicate
            ? new SyncItemResult(parsed.Index, parsed.Item!.ItemId, parsed.Item.Type, status, null, null, null, answer)
            : new SyncItemResult(parsed.Index, parsed.Item!.ItemId, parsed.Item.Type, status, outcome.Problem ?? ProblemTypes.InvalidRequest, outcome.Detail, FieldOf(outcome.Field), null);
    }

    private static string? FieldOf(string? field) => field switch
    {
        null => null,
        "visitId" or "tenancyId" or "inspectionId" => "itemId",
        "location" or "visit.location" => "gps",
        "accuracyMetres" or "visit.accuracyMetres" => "gps.accuracyMetres",
        "visit.visitId" => "visitId",
        "kind" => "reportKind",
        _ => field,
    };

    private static SyncItemResult Reject(SyncItemParser.Parsed parsed, string problem, string detail, string? field) =>
        new(parsed.Index, parsed.Item?.ItemId, parsed.Item?.Type, SyncStatus.Rejected, problem, detail, field, null);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync batch of {Items} item(s): {Accepted} accepted, {Duplicates} duplicate, {Refused} conflict or rejected")]
    private static partial void LogApplied(ILogger logger, int items, int accepted, int duplicates, int refused);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A sync item could not be applied for now")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A sync item failed unexpectedly; it is answered as rejected and the rest of the batch goes on")]
    private static partial void LogItemFailed(ILogger logger, Exception exception);

    /// <summary>Why an item failed: its problem slug and detail.</summary>
    private sealed record SyncFailure(string Problem, string Detail);
}
