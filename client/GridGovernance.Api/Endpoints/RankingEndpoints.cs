using GridGovernance.Api.Problems;
using GridGovernance.Api.Rankings;
using GridGovernance.Api.Security;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Geography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GridGovernance.Api.Endpoints;

/// <summary>The grid leaderboard: cells, workers and officers by on-time rate and overdue items, drillable to the items.</summary>
public static class RankingEndpoints
{
    /// <summary>What a reader who may not manage a property sees as a visit's rule (either may have set it; see PropertyResponse).</summary>
    internal const string VisitRuleWithheld = "RH-09/GR-06";

    /// <summary>Months are China months (+08:00), as the working-day calendar counts days.</summary>

    /// <summary>Maps the group.</summary>
    public static RouteGroupBuilder MapRankingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/rankings").WithTags("Rankings").RequireAuthorization().RequireRateLimiting(RateLimits.PerUser);
        group.MapGet("/", ListRankingAsync)
            .WithName("ListRanking")
            .WithSummary("Cells, workers or officers of a month, best on-time rate first, then fewest overdue.");
        group.MapGet("/{kind}/{key}/items", ListRankingItemsAsync)
            .WithName("ListRankingItems")
            .WithSummary("The items behind one row of a ranking: each deadline due in the month, on time, late or overdue.");
        return group;
    }

    /// <summary>
    /// The ranking of <c>kind</c> (cells, workers, officers) for <c>month</c> (YYYY-MM, China time; this month by default), over
    /// one community (a community administrator's own by default) or the whole district.
    /// </summary>
    public static async Task<Results<Ok<RankingResponse>, ProblemHttpResult>> ListRankingAsync(
        [FromQuery(Name = "kind")] string? kind, [FromQuery(Name = "month")] string? month, [FromQuery(Name = "community")] string? community,
        GridCaller caller, IClusterClient client, ScopeGuard guard, RankingReader reader, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ScopeGuard.Has(caller, Capability.ReadRankings))
        {
            return Problems.Problems.Denied(new Access(false, null, ProblemTypes.ForbiddenRole));
        }

        var (query, invalid) = Parse(kind, month, community, caller, Capability.ReadRankings, time);
        if (invalid is not null)
        {
            return invalid;
        }

        var access = await guard.CheckAsync(caller, Capability.ReadRankings, query.Target, cancellationToken);
        if (!access.Allowed)
        {
            return Problems.Problems.Denied(access);
        }

        var items = await reader.ReadAsync(query.From, query.To, query.Community, time.GetUtcNow(), cancellationToken);
        var rows = Ranking.Rank(query.Kind, items);
        var labels = await Task.WhenAll(rows.Select(r => LabelAsync(query.Kind, r.Key, client, cancellationToken)));
        return TypedResults.Ok(new RankingResponse(Ranking.Name(query.Kind), query.Month,
            [.. rows.Select((r, i) => new RankingRowResponse(r.Rank, r.Key, labels[i], r.Community, r.Due, r.OnTime, r.Late, r.Overdue, r.OnTimeRate))]));
    }

    /// <summary>
    /// The items of one row: the deadlines due in <c>month</c> counted for <c>key</c>, earliest due first. A grid worker may
    /// read only their own row (<c>workers/&lt;their subject&gt;</c>); a community administrator the items in their community.
    /// </summary>
    public static async Task<Results<Ok<RankingItemsResponse>, ProblemHttpResult>> ListRankingItemsAsync(
        string kind, string key, [FromQuery(Name = "month")] string? month, [FromQuery(Name = "community")] string? community,
        GridCaller caller, IClusterClient client, ScopeGuard guard, RankingReader reader, TimeProvider time, CancellationToken cancellationToken)
    {
        if (AccessPolicy.Reach(caller.Role, Capability.ReadRankingItems) is not { } reach)
        {
            return Problems.Problems.Denied(new Access(false, null, ProblemTypes.ForbiddenRole));
        }

        var (query, invalid) = Parse(kind, month, community, caller, Capability.ReadRankingItems, time);
        if (invalid is not null)
        {
            return invalid;
        }

        if (string.IsNullOrWhiteSpace(key) || key.Length > 200)
        {
            return Problems.Problems.Invalid("key", "key is the row's key: a cell code, or a worker's or officer's subject (1–200 characters).");
        }

        var access = reach == ScopeKind.Own
            ? query.Kind == RankingKind.Workers && key == caller.Subject ? Access.Own : new Access(false, null, ProblemTypes.OutOfScope)
            : await guard.CheckAsync(caller, Capability.ReadRankingItems, query.Target, cancellationToken);
        if (!access.Allowed)
        {
            return Problems.Problems.Denied(access);
        }

        var items = await reader.ReadAsync(query.From, query.To, query.Community, time.GetUtcNow(), cancellationToken);
        var managesProperties = AccessPolicy.Reach(caller.Role, Capability.ManageProperty) is not null;
        return TypedResults.Ok(new RankingItemsResponse(Ranking.Name(query.Kind), key, query.Month,
            [.. items.Where(i => Ranking.KeyOf(query.Kind, i) == key).Select(i => RankingItemResponse.Of(i, managesProperties))]));
    }

    private static (RankingQuery Query, ProblemHttpResult? Invalid) Parse(string? kind, string? month, string? community, GridCaller caller, Capability capability, TimeProvider time)
    {
        if (Ranking.Parse(kind) is not { } rankingKind)
        {
            return (default!, Problems.Problems.Invalid("kind", "kind is cells, workers or officers."));
        }

        var first = month is null
            ? time.GetUtcNow().ToOffset(Instants.ChinaOffset) is var today ? new DateOnly(today.Year, today.Month, 1) : default
            : Instants.ParseMonth(month);
        if (first is not { } day)
        {
            return (default!, Problems.Problems.Invalid("month", "month is YYYY-MM (China time), e.g. 2026-03."));
        }

        if (community is not null && Codes.Problem(community) is { } problem)
        {
            return (default!, Problems.Problems.Invalid("community", $"'{community}': {problem}"));
        }

        // A community administrator sees their own community unless they name one (which the scope check then judges).
        community ??= AccessPolicy.Reach(caller.Role, capability) == ScopeKind.Community ? caller.Community?.Value : null;
        var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Instants.ChinaOffset);
        return (new RankingQuery(rankingKind, day.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), from, from.AddMonths(1), community), null);
    }

    private static async Task<string> LabelAsync(RankingKind kind, string key, IClusterClient client, CancellationToken cancellationToken) => kind switch
    {
        RankingKind.Cells when Codes.Problem(key) is null => (await client.Cell(new CellCode(key)).GetSummaryAsync(cancellationToken))?.Name is { Length: > 0 } name ? name : key,
        RankingKind.Workers when Guid.TryParse(key, out var id) => (await client.Worker(new WorkerId(id)).GetAsync(cancellationToken))?.Name ?? key,
        _ => key,
    };

    private sealed record RankingQuery(RankingKind Kind, string Month, DateTimeOffset From, DateTimeOffset To, string? Community)
    {
        public ScopeTarget Target => Community is null ? ScopeTarget.District : new ScopeTarget(null, new CommunityCode(Community));
    }
}

/// <summary>A ranking.</summary>
/// <param name="Kind"><c>cells</c>, <c>workers</c> or <c>officers</c>.</param>
/// <param name="Month">YYYY-MM (China time).</param>
/// <param name="Items">Best first: on-time rate high to low, then overdue low to high, then key.</param>
public sealed record RankingResponse(string Kind, string Month, IReadOnlyList<RankingRowResponse> Items);

/// <summary>One row of a ranking.</summary>
/// <param name="Rank">1 for the best.</param>
/// <param name="Key">The cell code, or the worker's or officer's subject: the drill-down's <c>{key}</c>.</param>
/// <param name="Label">The cell's or worker's name when known, else the key.</param>
/// <param name="Community">The community most of its items are in.</param>
/// <param name="Due">Items due in the month and judged.</param>
/// <param name="OnTime">Done before they were due.</param>
/// <param name="Late">Done after they were due.</param>
/// <param name="Overdue">Missed and not done yet.</param>
/// <param name="OnTimeRate">On time ÷ due (0..1).</param>
public sealed record RankingRowResponse(int Rank, string Key, string Label, string? Community, int Due, int OnTime, int Late, int Overdue, double OnTimeRate);

/// <summary>The items of one ranking row.</summary>
/// <param name="Kind">The ranking's kind.</param>
/// <param name="Key">The row's key.</param>
/// <param name="Month">YYYY-MM.</param>
/// <param name="Items">Earliest due first.</param>
public sealed record RankingItemsResponse(string Kind, string Key, string Month, IReadOnlyList<RankingItemResponse> Items);

/// <summary>One item of a ranking row.</summary>
/// <param name="Entity"><c>property:&lt;id&gt;</c> or <c>person:&lt;id&gt;</c>.</param>
/// <param name="Kind">The deadline's kind.</param>
/// <param name="Rule">The rule behind it (a property visit's as <c>RH-09/GR-06</c> for callers who may not manage properties).</param>
/// <param name="DueAt">When it was due.</param>
/// <param name="DoneAt">When it was done, if it was.</param>
/// <param name="Status"><c>onTime</c>, <c>late</c> or <c>overdue</c>.</param>
public sealed record RankingItemResponse(string Entity, string Kind, string Rule, DateTimeOffset DueAt, DateTimeOffset? DoneAt, string Status)
{
    /// <summary>From a journal item, as the caller may see it.</summary>
    public static RankingItemResponse Of(RankingItem item, bool managesProperties)
    {
        ArgumentNullException.ThrowIfNull(item);
        var rule = !managesProperties && item.EntityType == "property" && item.Kind == nameof(DeadlineKind.Visit) ? RankingEndpoints.VisitRuleWithheld : item.Rule;
        return new(item.Entity, item.Kind, rule, item.DueAt, item.DoneAt, item.Status);
    }
}
