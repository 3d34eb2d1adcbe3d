using GridGovernance.Api.Security;
using GridGovernance.Api.Statistics;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Geography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Problem = GridGovernance.Api.Problems.Problems;

namespace GridGovernance.Api.Endpoints;

/// <summary>Monthly statistics of the work report, per community, as JSON and as CSV (docs/STATISTICS.md).</summary>
public static class StatisticsEndpoints
{
    private const string Definitions =
        " Months are calendar months in China time (Asia/Shanghai). Flows count journal events of the month in the community where they happened:"
        + " visits (nearVisits: the fix within the near radius), inspections, tenantRegistrations (tenancies registered), moveOuts (tenancies ended),"
        + " alertsRaised, yellowCards (raised yellow), redCards (raised red, or escalated to red), alertsClosed (resolved),"
        + " alertsClosedOnTime (resolved while still yellow, i.e. before the escalation deadline turned it red), onTimeRate = alertsClosedOnTime / alertsClosed"
        + " (null when none closed), enrolments, discharges (term ended, dynamic control left, or revoked), sanctionsProposed, sanctionsDecided (confirmed or rejected)."
        + " Cases by programme are people enrolled before the month's end and not discharged by then, in the community they lived in then."
        + " Totals sum the flows over all rows and the cases over the communities at the end of the last month."
        + " Query: from=YYYY-MM, to=YYYY-MM (default from, at most 24 months), community=CODE (default: every community in the caller's scope).";

    public static RouteGroupBuilder MapStatisticsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/statistics").WithTags("Statistics").RequireAuthorization().RequireRateLimiting(RateLimits.PerUser);
        group.MapGet("/monthly", GetMonthlyStatisticsAsync).WithName("GetMonthlyStatistics")
            .WithSummary("Monthly figures per community (visits, tenant registrations, cards, alerts closed on time, cases by programme, sanctions) from the journal." + Definitions);
        group.MapGet("/monthly.csv", GetMonthlyStatisticsCsvAsync).WithName("GetMonthlyStatisticsCsv")
            .WithSummary("The monthly figures as a CSV download (RFC 4180, UTF-8 with BOM, English and Chinese header, a last line of totals)." + Definitions)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return group;
    }

    /// <summary>
    /// The figures of each month from <paramref name="from"/> to <paramref name="to"/> and each community in the caller's
    /// scope (command centre: all; community administrator: their own), or of <paramref name="community"/> alone.
    /// </summary>
    /// <param name="from">First month, YYYY-MM.</param>
    /// <param name="to">Last month, YYYY-MM (default: <paramref name="from"/>); at most 24 months in all.</param>
    /// <param name="community">A community code; default every community in the caller's scope.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="guard">The scope guard.</param>
    /// <param name="client">The cluster (the district's communities).</param>
    /// <param name="options">The gateway's district.</param>
    /// <param name="query">The SQL over the journal.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<Results<Ok<MonthlyStatistics>, ProblemHttpResult>> GetMonthlyStatisticsAsync(
        string? from, string? to, string? community,
        GridCaller caller, ScopeGuard guard, IClusterClient client, IOptions<GridApiOptions> options, MonthlyStatisticsQuery query, CancellationToken cancellationToken)
    {
        var (statistics, problem) = await ReadAsync(from, to, community, caller, guard, client, options, query, cancellationToken);
        return statistics is null ? problem! : TypedResults.Ok(statistics);
    }

    /// <summary>The same figures as <see cref="GetMonthlyStatisticsAsync"/>, as a CSV file (<see cref="StatisticsCsv"/>).</summary>
    /// <param name="from">First month, YYYY-MM.</param>
    /// <param name="to">Last month, YYYY-MM (default: <paramref name="from"/>); at most 24 months in all.</param>
    /// <param name="community">A community code; default every community in the caller's scope.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="guard">The scope guard.</param>
    /// <param name="client">The cluster (the district's communities).</param>
    /// <param name="options">The gateway's district.</param>
    /// <param name="query">The SQL over the journal.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetMonthlyStatisticsCsvAsync(
        string? from, string? to, string? community,
        GridCaller caller, ScopeGuard guard, IClusterClient client, IOptions<GridApiOptions> options, MonthlyStatisticsQuery query, CancellationToken cancellationToken)
    {
        var (statistics, problem) = await ReadAsync(from, to, community, caller, guard, client, options, query, cancellationToken);
        if (statistics is null)
        {
            return problem!;
        }

        var name = $"statistics-{statistics.From}-{statistics.To}{(community is null ? "" : "-" + community)}.csv";
        return TypedResults.File(StatisticsCsv.Write(statistics), StatisticsCsv.ContentType, name);
    }

    /// <summary>Role, then the query's fields, then the community's scope; then the SQL.</summary>
    private static async Task<(MonthlyStatistics? Statistics, ProblemHttpResult? Problem)> ReadAsync(
        string? from, string? to, string? community,
        GridCaller caller, ScopeGuard guard, IClusterClient client, IOptions<GridApiOptions> options, MonthlyStatisticsQuery query, CancellationToken cancellationToken)
    {
        if (!ScopeGuard.Has(caller, Capability.ReadStatistics))
        {
            return (null, Problem.Denied(new Access(false, null, Problems.ProblemTypes.ForbiddenRole)));
        }

        if (Instants.ParseMonth(from) is not { } first)
        {
            return (null, Problem.Invalid("from", "from is a month, YYYY-MM (e.g. 2026-03)."));
        }

        var last = first;
        if (to is not null)
        {
            if (Instants.ParseMonth(to) is not { } parsedTo)
            {
                return (null, Problem.Invalid("to", "to is a month, YYYY-MM (e.g. 2026-04), not before from."));
            }

            last = parsedTo;
        }

        if (last < first)
        {
            return (null, Problem.Invalid("to", "to must not be before from."));
        }

        if (((last.Year - first.Year) * 12) + last.Month - first.Month >= MonthlyStatisticsQuery.MaxMonths)
        {
            return (null, Problem.Invalid("to", $"At most {MonthlyStatisticsQuery.MaxMonths} months from from to to."));
        }

        var overview = await client.District(new DistrictCode(options.Value.District)).GetOverviewAsync(cancellationToken);
        var known = overview.Communities.ToDictionary(c => c.Code.Value, c => c.Name, StringComparer.Ordinal);
        Dictionary<string, string> communities;
        if (community is not null)
        {
            if (!known.TryGetValue(community, out var name))
            {
                return (null, Problem.Invalid("community", "community is the code of a community of this district."));
            }

            var access = await guard.CheckAsync(caller, Capability.ReadStatistics, new ScopeTarget(null, new CommunityCode(community)), cancellationToken);
            if (!access.Allowed)
            {
                return (null, Problem.Denied(access));
            }

            communities = new(StringComparer.Ordinal) { [community] = name };
        }
        else if (AccessPolicy.Reach(caller.Role, Capability.ReadStatistics) == ScopeKind.District)
        {
            communities = known;
        }
        else if (caller.Community is { } mine && known.TryGetValue(mine.Value, out var ownName))
        {
            communities = new(StringComparer.Ordinal) { [mine.Value] = ownName };
        }
        else
        {
            return (null, Problem.Denied(new Access(false, null, Problems.ProblemTypes.OutOfScope)));
        }

        return (await query.QueryAsync(first, last, communities, cancellationToken), null);
    }

}
