using System.ComponentModel.DataAnnotations;
using GridGovernance.Api.Problems;
using GridGovernance.Api.Security;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Geography;
using GridGovernance.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GridGovernance.Api.Endpoints;

/// <summary>Grid workers and their cells.</summary>
public static class WorkerEndpoints
{
    /// <summary>The most cells one worker may be assigned.</summary>
    public const int MaxCells = 50;

    /// <summary>Maps the group.</summary>
    public static RouteGroupBuilder MapWorkerEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/workers").WithTags("Workers").RequireAuthorization().RequireRateLimiting(RateLimits.PerUser);
        group.MapPut("/{id:guid}", RegisterWorkerAsync)
            .WithName("RegisterWorker")
            .WithSummary("Registers a grid worker or replaces their cells (idempotent); every cell added or removed must be within the caller's scope.");
        group.MapGet("/{id:guid}", GetWorkerAsync)
            .WithName("GetWorker")
            .WithSummary("A grid worker and their cells; a grid worker may read themself.");
        group.MapGet("/{id:guid}/tasks", ListWorkerTasksAsync)
            .WithName("ListWorkerTasks")
            .WithSummary("The task list over a worker's cells, most urgent first; with longitude and latitude, nearest first within each urgency and each task's distance; due=today: only overdue and today's.");
        return group;
    }

    /// <summary>
    /// Registers the worker with exactly <c>cells</c> (replacing earlier assignments). Every cell added or removed must be
    /// within the caller's scope (an operator: any cell; a community administrator: cells of their community), cells
    /// kept are not checked, and the caller must reach at least one of the worker's cells, before or after the change
    /// (a worker without any cell: district reach only, i.e. an operator). Sending the same body again changes nothing.
    /// </summary>
    public static async Task<Results<Ok<WorkerResponse>, ProblemHttpResult>> RegisterWorkerAsync(
        Guid id, RegisterWorkerRequest request, GridCaller caller, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken)
    {
        if (!ScopeGuard.Has(caller, Capability.ManageWorkers))
        {
            return Problems.Problems.Denied(new Access(false, null, ProblemTypes.ForbiddenRole));
        }

        if (id == Guid.Empty)
        {
            return Problems.Problems.Invalid("id", "The worker id must be a non-empty UUID.");
        }

        if (string.IsNullOrWhiteSpace(request.Name))
        {
            return Problems.Problems.Invalid("name", "name is required.");
        }

        var cells = CellDirectory.Parse(request.Cells ?? [], "cells", MaxCells, out var invalid);
        if (invalid is not null)
        {
            return invalid;
        }

        var communities = new Dictionary<CellCode, CommunityCode>();
        for (var i = 0; i < cells.Count; i++)
        {
            if (await CellDirectory.FindAsync(client, cells[i], cancellationToken) is not { Retired: false } found)
            {
                return Problems.Problems.Invalid($"cells[{i}]", $"Cell '{cells[i].Value}' is not part of the imported grid.", "unknown-cell");
            }

            communities[cells[i]] = found.Community;
        }

        var worker = client.Worker(new WorkerId(id));
        var current = await worker.GetAsync(cancellationToken);
        var before = current?.Cells ?? [];
        // Taking a worker off a cell changes that cell's team as much as adding one does; a cell kept is nobody's change.
        foreach (var removed in before.Except(cells))
        {
            communities[removed] = (await CellDirectory.FindAsync(client, removed, cancellationToken))?.Community ?? default;
        }

        foreach (var changed in cells.Except(before).Concat(before.Except(cells)))
        {
            var community = communities[changed];
            var access = await guard.CheckAsync(caller, Capability.ManageWorkers, new ScopeTarget(changed, community.Value is null ? null : community), cancellationToken);
            if (!access.Allowed)
            {
                return Problems.Problems.Denied(access);
            }
        }

        // The caller must also reach the worker: at least one of their cells, before or after (none: district reach only).
        var reached = new Access(false, null, ProblemTypes.OutOfScope);
        foreach (var cell in before.Union(cells))
        {
            var community = communities.TryGetValue(cell, out var known) ? known : (await CellDirectory.FindAsync(client, cell, cancellationToken))?.Community ?? default;
            reached = await guard.CheckAsync(caller, Capability.ManageWorkers, new ScopeTarget(cell, community.Value is null ? null : community), cancellationToken);
            if (reached.Allowed)
            {
                break;
            }
        }

        if (!reached.Allowed && !before.Union(cells).Any())
        {
            reached = await guard.CheckAsync(caller, Capability.ManageWorkers, ScopeTarget.District, cancellationToken);
        }

        if (!reached.Allowed)
        {
            return Problems.Problems.Denied(reached);
        }

        var outcome = await worker.RegisterAsync(request.Name.Trim(), cells, caller.Actor, cancellationToken);
        if (!outcome.IsOk)
        {
            return Problems.Problems.From(outcome);
        }

        return TypedResults.Ok(WorkerResponse.Of((await worker.GetAsync(cancellationToken))!));
    }

    /// <summary>
    /// A worker and their cells. Readable by roles that read workers within their reach (a community administrator:
    /// a worker with a cell in their community), and by the grid worker whose token subject is this id.
    /// </summary>
    public static async Task<Results<Ok<WorkerResponse>, ProblemHttpResult>> GetWorkerAsync(
        Guid id, GridCaller caller, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken)
    {
        var self = caller.Role == GridRoles.GridWorker && Guid.TryParse(caller.Subject, out var subject) && subject == id;
        if (!self && !ScopeGuard.Has(caller, Capability.ReadWorker))
        {
            return Problems.Problems.Denied(new Access(false, null, ProblemTypes.ForbiddenRole));
        }

        if (await client.Worker(new WorkerId(id)).GetAsync(cancellationToken) is not { } worker)
        {
            return Problems.Problems.NotFound("No worker is registered under this id.");
        }

        if (!self && await CheckAnyCellAsync(caller, Capability.ReadWorker, worker, client, guard, cancellationToken) is { Allowed: false } denied)
        {
            return Problems.Problems.Denied(denied);
        }

        return TypedResults.Ok(WorkerResponse.Of(worker));
    }

    /// <summary>
    /// The open field tasks over the worker's cells; every one of them must be within the caller's reach for reading
    /// tasks. Position and <c>due</c> as for <see cref="TaskEndpoints.ListTasksAsync"/> (<see cref="TaskQuery"/>).
    /// </summary>
    public static async Task<Results<Ok<TaskListResponse>, ProblemHttpResult>> ListWorkerTasksAsync(
        Guid id, string? longitude, string? latitude, string? due, GridCaller caller, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken)
    {
        if (!ScopeGuard.Has(caller, Capability.ReadTasks))
        {
            return Problems.Problems.Denied(new Access(false, null, ProblemTypes.ForbiddenRole));
        }

        var (query, invalidQuery) = TaskQuery.Parse(longitude, latitude, due);
        if (query is null)
        {
            return invalidQuery!;
        }

        if (await client.Worker(new WorkerId(id)).GetAsync(cancellationToken) is not { } worker)
        {
            return Problems.Problems.NotFound("No worker is registered under this id.");
        }

        foreach (var cell in worker.Cells)
        {
            var community = (await CellDirectory.FindAsync(client, cell, cancellationToken))?.Community;
            var access = await guard.CheckAsync(caller, Capability.ReadTasks, new ScopeTarget(cell, community), cancellationToken);
            if (!access.Allowed)
            {
                return Problems.Problems.Denied(access);
            }
        }

        var list = await client.TaskBoard().GetTasksAsync(worker.Cells, cancellationToken);
        return TypedResults.Ok(await TaskEndpoints.ToResponseAsync(list, query, caller, client, guard, cancellationToken));
    }

    /// <summary>Allowed when any of the worker's cells is within reach (a worker without cells: district-wide reach only).</summary>
    private static async Task<Access> CheckAnyCellAsync(GridCaller caller, Capability capability, WorkerSummary worker, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken)
    {
        if (worker.Cells.Count == 0)
        {
            return await guard.CheckAsync(caller, capability, ScopeTarget.District, cancellationToken);
        }

        Access? denied = null;
        foreach (var cell in worker.Cells)
        {
            var community = (await CellDirectory.FindAsync(client, cell, cancellationToken))?.Community;
            var access = await guard.CheckAsync(caller, capability, new ScopeTarget(cell, community), cancellationToken);
            if (access.Allowed)
            {
                return access;
            }

            denied ??= access;
        }

        return denied!;
    }
}

/// <summary>Registers a grid worker or replaces their cells.</summary>
/// <param name="Name">The worker's name.</param>
/// <param name="Cells">The cell codes the worker is assigned (all of them; an empty list unassigns every cell).</param>
public sealed record RegisterWorkerRequest(
    [Required, StringLength(100, MinimumLength = 1)] string Name,
    [Required, MaxLength(WorkerEndpoints.MaxCells)] IReadOnlyList<string> Cells);

/// <summary>A grid worker.</summary>
/// <param name="Id">The worker's id (a grid worker's token subject).</param>
/// <param name="Name">Name.</param>
/// <param name="Cells">Assigned cell codes.</param>
public sealed record WorkerResponse(Guid Id, string Name, IReadOnlyList<string> Cells)
{
    /// <summary>From the grain's answer.</summary>
    public static WorkerResponse Of(WorkerSummary worker) => new(worker.Id.Value, worker.Name, [.. worker.Cells.Select(c => c.Value)]);
}
