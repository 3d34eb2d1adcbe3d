using System.ComponentModel.DataAnnotations;
using GridGovernance.Api.People;
using GridGovernance.Api.Problems;
using GridGovernance.Api.Security;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Geography;
using GridGovernance.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace GridGovernance.Api.Endpoints;

/// <summary>Grid workers' on-duty presence per cell, from the heartbeats of the worker page (GR-10).</summary>
public static class PresenceEndpoints
{
    /// <summary>How far ahead of the gateway's clock a phone's clock may run.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Maps the group.</summary>
    public static RouteGroupBuilder MapPresenceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/presence").WithTags("Presence").RequireAuthorization().RequireRateLimiting(RateLimits.PerUser);
        group.MapPost("/heartbeats", RecordHeartbeatAsync)
            .WithName("RecordHeartbeat")
            .WithSummary("A grid worker's page reports where it is; idempotent by clientId. In one of the worker's cells it puts them on duty there.");
        group.MapGet("/", GetPresenceAsync)
            .WithName("GetPresence")
            .WithSummary("Who is on duty in a cell or in every cell of a community, now.");
        return group;
    }

    /// <summary>
    /// Records a heartbeat of the calling grid worker (the token subject). The point is located in the grid: in one of the
    /// worker's cells it keeps them on duty there for a while; anywhere else it is recorded as off-cell (by the cell it
    /// lies in, or the worker's first cell when it lies outside the grid). Sending the same <c>clientId</c> again is
    /// answered as the first time.
    /// </summary>
    public static async Task<Results<Ok<HeartbeatResponse>, ProblemHttpResult>> RecordHeartbeatAsync(
        HeartbeatRequest request, GridCaller caller, IClusterClient client, IOptions<GridApiOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ScopeGuard.Has(caller, Capability.RecordPresence))
        {
            return Problems.Problems.Denied(new Access(false, null, ProblemTypes.ForbiddenRole));
        }

        if (RequestValidation.Problem(request) is { } invalid)
        {
            return invalid;
        }

        var point = new GeoPoint(request.Longitude!.Value, request.Latitude!.Value);
        if (point.Problem() is { } problem)
        {
            return Problems.Problems.Invalid(point.ProblemMember(), problem);
        }

        if (!double.IsFinite(request.Accuracy!.Value))
        {
            return Problems.Problems.Invalid("accuracy", "accuracy is the fix's accuracy in metres, a finite number.");
        }

        var at = request.At!.Value;
        if (at > time.GetUtcNow() + MaxClockSkew)
        {
            return Problems.Problems.Invalid("at", $"at lies in the future (more than {MaxClockSkew.TotalMinutes:0} minutes ahead of the server's clock).");
        }

        var located = await client.Locator(new DistrictCode(options.Value.District)).LocateAsync(point, 0, cancellationToken);
        CellCode cell;
        var community = default(CommunityCode);
        if (located is not null)
        {
            (cell, community) = (located.Cell, located.Community);
        }
        else if (caller.Cells.Count > 0)
        {
            cell = caller.Cells.OrderBy(c => c.Value, StringComparer.Ordinal).First();
        }
        else
        {
            return Problems.Problems.Invalid("longitude", "The point lies outside the district's grid, and you have no cells to record it against.");
        }

        var onCell = located is not null && caller.Cells.Contains(located.Cell);
        var heartbeat = new Heartbeat(caller.Subject, request.ClientId.Trim(), point, request.Accuracy.Value, at, onCell);
        var result = await client.CellPresence(cell).RecordHeartbeatAsync(heartbeat, community, cancellationToken);
        return TypedResults.Ok(new HeartbeatResponse(result.ClientId, result.Cell.Value, result.OnCell, result.SeenAt, result.OnDutyUntil));
    }

    /// <summary>
    /// Who is on duty now in one cell (<c>cell</c>) or in every cell of a community (<c>community</c>; a community
    /// administrator's own by default), with whether it is within the cell's duty hours and when a worker was last seen.
    /// </summary>
    public static async Task<Results<Ok<PresenceResponse>, ProblemHttpResult>> GetPresenceAsync(
        [FromQuery(Name = "community")] string? community, [FromQuery(Name = "cell")] string? cell,
        GridCaller caller, IClusterClient client, ScopeGuard guard, IOptions<GridApiOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ScopeGuard.Has(caller, Capability.ReadPresence))
        {
            return Problems.Problems.Denied(new Access(false, null, ProblemTypes.ForbiddenRole));
        }

        if (community is not null && cell is not null)
        {
            return Problems.Problems.Invalid("cell", "Name a cell or a community, not both.");
        }

        List<CellCode> cells;
        if (cell is not null)
        {
            if (Codes.Problem(cell) is { } problem)
            {
                return Problems.Problems.Invalid("cell", $"'{cell}': {problem}");
            }

            var code = new CellCode(cell);
            if (await CellDirectory.FindAsync(client, code, cancellationToken) is not { } found)
            {
                return Problems.Problems.NotFound($"No cell '{cell}' in the grid.");
            }

            var access = await guard.CheckAsync(caller, Capability.ReadPresence, ScopeTarget.InCell(code, found.Community), cancellationToken);
            if (!access.Allowed)
            {
                return Problems.Problems.Denied(access);
            }

            cells = [code];
        }
        else
        {
            community ??= caller.Role == GridRoles.CommunityAdmin ? caller.Community?.Value : null;
            if (community is null)
            {
                return Problems.Problems.Invalid("community", "Name a community (community=CODE) or a cell (cell=CODE).");
            }

            if (Codes.Problem(community) is { } problem)
            {
                return Problems.Problems.Invalid("community", $"'{community}': {problem}");
            }

            var code = new CommunityCode(community);
            var access = await guard.CheckAsync(caller, Capability.ReadPresence, new ScopeTarget(null, code), cancellationToken);
            if (!access.Allowed)
            {
                return Problems.Problems.Denied(access);
            }

            cells = [.. await CellDirectory.OfCommunityAsync(client, options.Value, code, cancellationToken)];
            if (cells.Count == 0)
            {
                return Problems.Problems.NotFound($"No community '{community}' with cells in the grid.");
            }
        }

        var presence = await Task.WhenAll(cells.Select(c => client.CellPresence(c).GetAsync(cancellationToken).AsTask()));
        return TypedResults.Ok(new PresenceResponse(time.GetUtcNow(), [.. presence.Select(CellPresenceResponse.Of)]));
    }
}

/// <summary>A heartbeat of the worker page.</summary>
/// <param name="ClientId">The page's id for this heartbeat (1–100 characters): a retry with the same id changes nothing.</param>
/// <param name="Longitude">Degrees east (WGS84).</param>
/// <param name="Latitude">Degrees north (WGS84).</param>
/// <param name="Accuracy">The fix's accuracy in metres.</param>
/// <param name="At">When the phone took the fix.</param>
public sealed record HeartbeatRequest(
    [Required, StringLength(100, MinimumLength = 1)] string ClientId,
    [Required, Range(-180d, 180d)] double? Longitude,
    [Required, Range(-90d, 90d)] double? Latitude,
    [Required, Range(0d, 100_000d)] double? Accuracy,
    [Required] DateTimeOffset? At);

/// <summary>What a heartbeat did.</summary>
/// <param name="ClientId">The heartbeat's client id.</param>
/// <param name="Cell">The cell that recorded it.</param>
/// <param name="OnCell">In one of the worker's cells: it counts for presence.</param>
/// <param name="SeenAt">The instant it counts at (the phone's time, never after the server's).</param>
/// <param name="OnDutyUntil">Until when it keeps the worker on duty in the cell; null when off-cell.</param>
public sealed record HeartbeatResponse(string ClientId, string Cell, bool OnCell, DateTimeOffset SeenAt, DateTimeOffset? OnDutyUntil);

/// <summary>Presence in cells.</summary>
/// <param name="AsOf">When it was read.</param>
/// <param name="Cells">One entry per cell, in code order.</param>
public sealed record PresenceResponse(DateTimeOffset AsOf, IReadOnlyList<CellPresenceResponse> Cells);

/// <summary>Presence in one cell.</summary>
/// <param name="Cell">The cell.</param>
/// <param name="Community">Its community.</param>
/// <param name="DutyHours">Whether now is within the cell's duty hours.</param>
/// <param name="OnDuty">The workers on duty now.</param>
/// <param name="LastSeen">The last heartbeat of any of its workers in it.</param>
/// <param name="AssignedWorkers">How many workers the cell has.</param>
/// <param name="Alert">The open no-one-on-duty alert (GR-10), if any.</param>
public sealed record CellPresenceResponse(string Cell, string? Community, bool DutyHours, IReadOnlyList<OnDutyResponse> OnDuty, DateTimeOffset? LastSeen,
    int AssignedWorkers, string? Alert)
{
    /// <summary>From the grain's view.</summary>
    public static CellPresenceResponse Of(CellPresence p) => new(
        p.Cell.Value, p.Community.Value is { Length: > 0 } community ? community : null, p.DutyHours,
        [.. p.OnDuty.Select(w => new OnDutyResponse(w.Worker, w.Since, w.LastSeen, w.Near))], p.LastSeen, p.AssignedWorkers, p.OpenAlert);
}

/// <summary>A worker on duty.</summary>
/// <param name="Worker">The worker (token subject).</param>
/// <param name="Since">Start of this unbroken spell on duty.</param>
/// <param name="LastSeen">Their last heartbeat in the cell.</param>
/// <param name="Near">The last fix was accurate enough to trust.</param>
public sealed record OnDutyResponse(string Worker, DateTimeOffset Since, DateTimeOffset LastSeen, bool Near);
