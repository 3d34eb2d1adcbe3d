using System.Globalization;
using GridGovernance.Api.Problems;
using GridGovernance.Api.Security;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Geography;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace GridGovernance.Api.Endpoints;

/// <summary>Task lists of cells: the open field tasks (visits, tenant reports, hazard follow-ups, searches) most urgent first.</summary>
public static class TaskEndpoints
{
    /// <summary>The most cells one task list may span.</summary>
    public const int MaxCells = 100;

    /// <summary>Maps the group.</summary>
    public static RouteGroupBuilder MapTaskEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tasks").WithTags("Tasks").RequireAuthorization().RequireRateLimiting(RateLimits.PerUser);
        group.MapGet("/", ListTasksAsync)
            .WithName("ListTasks")
            .WithSummary("The task list of the requested cells (a grid worker's own cells by default), most urgent first; with longitude and latitude, nearest first within each urgency and each task's distance; due=today: only overdue and today's.");
        return group;
    }

    /// <summary>
    /// The open field tasks of the requested cells, overdue first. Each cell must be within the caller's reach for
    /// reading tasks. Without <c>cell</c>: a grid worker's own cells (from the token), a community administrator's
    /// community. Homes of correction subjects are left out for roles that may not see correction locations (CC-31).
    /// Ordering and filtering follow <see cref="TaskQuery"/>.
    /// </summary>
    public static async Task<Results<Ok<TaskListResponse>, ProblemHttpResult>> ListTasksAsync(
        [FromQuery(Name = "cell")] string[]? cell, string? longitude, string? latitude, string? due,
        GridCaller caller, IClusterClient client, ScopeGuard guard, IOptions<GridApiOptions> options, CancellationToken cancellationToken)
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

        IReadOnlyList<string> requested = cell ?? [];
        if (requested.Count == 0)
        {
            requested = caller.Role switch
            {
                GridRoles.GridWorker => [.. caller.Cells.Select(c => c.Value).Order(StringComparer.Ordinal)],
                GridRoles.CommunityAdmin when caller.Community is { } community =>
                    [.. (await CellDirectory.OfCommunityAsync(client, options.Value, community, cancellationToken)).Select(c => c.Value)],
                _ => [],
            };
            if (requested.Count == 0)
            {
                return Problems.Problems.Invalid("cell", "Name at least one cell (cell=CODE, repeatable).");
            }
        }

        var cells = CellDirectory.Parse(requested, "cell", MaxCells, out var invalid);
        if (invalid is not null)
        {
            return invalid;
        }

        foreach (var code in cells)
        {
            if (await CellDirectory.FindAsync(client, code, cancellationToken) is not { } found)
            {
                return Problems.Problems.NotFound($"No cell '{code.Value}' in the grid.");
            }

            var access = await guard.CheckAsync(caller, Capability.ReadTasks, ScopeTarget.InCell(code, found.Community), cancellationToken);
            if (!access.Allowed)
            {
                return Problems.Problems.Denied(access);
            }
        }

        var list = await client.TaskBoard().GetTasksAsync(cells, cancellationToken);
        return TypedResults.Ok(await ToResponseAsync(list, query, caller, client, guard, cancellationToken));
    }

    /// <summary>
    /// A task list as the caller may see it: the registered home of a correction subject (or of a person who cannot be
    /// looked up) is shown only to a caller who may read correction locations for that person (CC-31), and so is its
    /// distance (a distance from the caller's position would give the home away). Filtered and ordered by <paramref name="query"/>.
    /// </summary>
    internal static async Task<TaskListResponse> ToResponseAsync(TaskList list, TaskQuery query, GridCaller caller, IClusterClient client, ScopeGuard guard, CancellationToken cancellationToken)
    {
        var people = list.Tasks.Where(t => t.Entity.Kind == EntityKind.MonitoredPerson && t.Location is not null).Select(t => t.Entity.Id).Distinct().ToList();
        var hidden = new HashSet<Guid>();
        var mayRead = ScopeGuard.Has(caller, Capability.ReadCorrectionLocation);
        var verdicts = await Task.WhenAll(people.Select(async id =>
        {
            var person = await client.Person(new PersonId(id)).GetAsync(cancellationToken);
            if (person is not null && person.Programme != Programme.CommunityCorrection)
            {
                return (id, Hide: false);
            }

            var allowed = mayRead && person is not null
                && (await guard.CheckAsync(caller, Capability.ReadCorrectionLocation, ScopeTarget.Of(person), cancellationToken)).Allowed;
            return (id, Hide: !allowed);
        }));
        hidden.UnionWith(verdicts.Where(v => v.Hide).Select(v => v.id));

        var tasks = list.Tasks
            .Where(t => !query.TodayOnly || t.Urgency is TaskUrgency.Overdue or TaskUrgency.Today)
            .Select(t =>
            {
                var at = hidden.Contains(t.Entity.Id) ? null : t.Location;
                return new TaskResponse(
                    TaskEntity.Of(t.Entity),
                    t.Cell.Value,
                    t.DeadlineId,
                    t.Kind,
                    t.Rule,
                    t.DueAt,
                    t.Urgency,
                    at is { } point ? new TaskLocation(point.Longitude, point.Latitude) : null,
                    query.From is { } from && at is { } to ? Math.Round(Geodesy.DistanceMetres(from, to), 1) : null);
            });
        return new TaskListResponse(list.AsOf, [.. list.Cells.Select(c => c.Value)], TaskQuery.Order(tasks, query));
    }
}

/// <summary>
/// The optional part of a task-list request: the caller's position (<c>longitude</c> and <c>latitude</c>, both or
/// neither) and <c>due=today</c> (only overdue and today's tasks). With a position, each task gets its great-circle
/// distance and the list is ordered by urgency, then nearest first (tasks without a known location last), then due
/// time; without one, the task board's order stands.
/// </summary>
/// <param name="From">The caller's position, if given.</param>
/// <param name="TodayOnly">Only overdue and today's tasks.</param>
public sealed record TaskQuery(GeoPoint? From, bool TodayOnly)
{
    /// <summary>The query, or the 400 naming the parameter at fault.</summary>
    public static (TaskQuery? Query, ProblemHttpResult? Problem) Parse(string? longitude, string? latitude, string? due)
    {
        var todayOnly = false;
        if (due is not null)
        {
            if (!string.Equals(due, "today", StringComparison.Ordinal))
            {
                return (null, Problems.Problems.Invalid("due", "due is 'today' (only overdue and today's tasks), or left out for the whole week."));
            }

            todayOnly = true;
        }

        if (longitude is null && latitude is null)
        {
            return (new TaskQuery(null, todayOnly), null);
        }

        if (longitude is null || latitude is null)
        {
            var missing = longitude is null ? "longitude" : "latitude";
            return (null, Problems.Problems.Invalid(missing, "Give both longitude and latitude (WGS84 degrees), or neither."));
        }

        if (!double.TryParse(longitude, NumberStyles.Float, CultureInfo.InvariantCulture, out var lon) || !double.IsFinite(lon) || lon is < -180 or > 180)
        {
            return (null, Problems.Problems.Invalid("longitude", "longitude is degrees east, a number from -180 to 180."));
        }

        if (!double.TryParse(latitude, NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) || !double.IsFinite(lat) || lat is < -90 or > 90)
        {
            return (null, Problems.Problems.Invalid("latitude", "latitude is degrees north, a number from -90 to 90."));
        }

        return (new TaskQuery(new GeoPoint(lon, lat), todayOnly), null);
    }

    /// <summary>
    /// The list order: unchanged without a position (the board's: urgency, due time); with one, urgency, then distance
    /// (unknown last), then due time and entity for a stable order.
    /// </summary>
    public static IReadOnlyList<TaskResponse> Order(IEnumerable<TaskResponse> tasks, TaskQuery query) =>
        query.From is null
            ? [.. tasks]
            : [.. tasks.OrderBy(t => t.Urgency).ThenBy(t => t.DistanceMetres ?? double.PositiveInfinity).ThenBy(t => t.DueAt)
                .ThenBy(t => t.Entity.Id).ThenBy(t => t.DeadlineId, StringComparer.Ordinal)];
}

/// <summary>Cells as the field endpoints need them: parsed codes, their community, a community's cells.</summary>
internal static class CellDirectory
{
    /// <summary>Parses codes (deduplicated, in order); on a bad one, <paramref name="invalid"/> names it as <c>field[i]</c>.</summary>
    public static List<CellCode> Parse(IReadOnlyList<string> codes, string field, int max, out ProblemHttpResult? invalid)
    {
        invalid = null;
        if (codes.Count > max)
        {
            invalid = Problems.Problems.Invalid(field, $"At most {max} cells at a time.");
            return [];
        }

        var cells = new List<CellCode>();
        for (var i = 0; i < codes.Count; i++)
        {
            if (Codes.Problem(codes[i]) is { } problem)
            {
                invalid = Problems.Problems.Invalid($"{field}[{i}]", $"'{codes[i]}': {problem}");
                return [];
            }

            var code = new CellCode(codes[i]);
            if (!cells.Contains(code))
            {
                cells.Add(code);
            }
        }

        return cells;
    }

    /// <summary>The cell's summary when it is part of an imported grid (it has a community), else null.</summary>
    public static async Task<CellSummary?> FindAsync(IClusterClient client, CellCode cell, CancellationToken cancellationToken) =>
        await client.Cell(cell).GetSummaryAsync(cancellationToken) is { } summary && summary.Community.Value.Length > 0 ? summary : null;

    /// <summary>The active cells of a community, from the district's boundaries.</summary>
    public static async Task<IReadOnlyList<CellCode>> OfCommunityAsync(IClusterClient client, GridApiOptions options, CommunityCode community, CancellationToken cancellationToken) =>
        [.. (await client.District(new DistrictCode(options.District)).GetBoundariesAsync(cancellationToken)).Cells
            .Where(c => c.Community == community).Select(c => c.Code).OrderBy(c => c.Value, StringComparer.Ordinal)];

    /// <summary>Every active cell of the district.</summary>
    public static async Task<IReadOnlyList<CellBoundary>> AllAsync(IClusterClient client, GridApiOptions options, CancellationToken cancellationToken) =>
        (await client.District(new DistrictCode(options.District)).GetBoundariesAsync(cancellationToken)).Cells;
}

/// <summary>A task list.</summary>
/// <param name="AsOf">When it was read.</param>
/// <param name="Cells">The cells it covers.</param>
/// <param name="Tasks">Overdue first (oldest first), then today's, then this week's.</param>
public sealed record TaskListResponse(DateTimeOffset AsOf, IReadOnlyList<string> Cells, IReadOnlyList<TaskResponse> Tasks);

/// <summary>One field task.</summary>
/// <param name="Entity">The property or person.</param>
/// <param name="Cell">Its cell.</param>
/// <param name="DeadlineId">The deadline within the entity (the key of its alert, if one is raised).</param>
/// <param name="Kind">Visit, tenant report, hazard follow-up, search.</param>
/// <param name="Rule">The rule behind it, e.g. <c>RH-09</c>.</param>
/// <param name="DueAt">When it is (or was) due.</param>
/// <param name="Urgency">Overdue, today or this week.</param>
/// <param name="Location">Where to go; null when unknown or withheld (a correction subject's home, CC-31).</param>
/// <param name="DistanceMetres">Great-circle distance from the position the list was asked for, in metres; null without a position or a location.</param>
public sealed record TaskResponse(TaskEntity Entity, string Cell, string DeadlineId, DeadlineKind Kind, string Rule, DateTimeOffset DueAt, TaskUrgency Urgency, TaskLocation? Location,
    double? DistanceMetres = null);

/// <summary>A property or a person a task or alert is about.</summary>
/// <param name="Kind"><c>property</c> or <c>person</c>; <c>cell</c> for a cell's own alert (nobody on duty, GR-10).</param>
/// <param name="Id">Its id.</param>
public sealed record TaskEntity(string Kind, Guid Id)
{
    /// <summary>From a grain reference.</summary>
    public static TaskEntity Of(EntityRef entity) => new(entity.Kind switch
    {
        EntityKind.RentalProperty => "property",
        EntityKind.Cell => "cell",
        _ => "person",
    }, entity.Id);
}

/// <summary>A WGS84 point.</summary>
/// <param name="Longitude">Degrees east.</param>
/// <param name="Latitude">Degrees north.</param>
public sealed record TaskLocation(double Longitude, double Latitude);
