using System.Globalization;
using GridGovernance.Api.Events;
using GridGovernance.Api.Problems;
using GridGovernance.Api.Security;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Geography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace GridGovernance.Api.Endpoints;

/// <summary>The live event stream (server-sent events).</summary>
public static class EventEndpoints
{
    /// <summary>Maps the group: one stream endpoint, rate-limited by open streams rather than by requests.</summary>
    public static RouteGroupBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/events").WithTags("Events").RequireAuthorization().RequireRateLimiting(RateLimits.PerUser);
        group.MapGet("/", StreamEventsAsync)
            .RequireRateLimiting(EventStreamExtensions.RateLimitPolicy)
            .WithName("StreamEvents")
            .WithSummary("Server-sent events of alert changes (alert-raised, alert-escalated, alert-acknowledged, alert-resolved) and community counts (community-changed) in the caller's scope; resumes after Last-Event-ID without gaps.");
        return group;
    }

    /// <summary>
    /// Streams alert changes in the caller's scope (a worker's cells, an administrator's community, an officer's
    /// caseload, everything for the command centre, widened by the caller's open break-glass
    /// grants), and after alert changes of a community its current counts (<c>community-changed</c>, coalesced).
    /// Event ids are journal sequence numbers: reconnecting with <c>Last-Event-ID</c> (or <c>lastEventId</c>)
    /// first replays every missed event in scope, then continues live. A comment is sent when the stream is quiet.
    /// </summary>
    /// <param name="caller">The caller.</param>
    /// <param name="lastEventIdHeader">The last event the client received (EventSource sends it when it reconnects).</param>
    /// <param name="lastEventId">The same, for clients that cannot set headers; the header wins when both are sent.</param>
    /// <param name="cell">Only this cell's events (must be within the caller's scope or a grant).</param>
    /// <param name="community">Only this community's events (must be within the caller's scope or a grant).</param>
    /// <param name="follow">False: replay the missed events and end instead of continuing live (for clients that poll).</param>
    /// <param name="context">The request.</param>
    /// <param name="guard">Scope checks.</param>
    /// <param name="client">The cluster.</param>
    /// <param name="tail">The gateway's journal tail.</param>
    /// <param name="reader">The journal.</param>
    /// <param name="stream">The stream writer.</param>
    /// <param name="options">Stream settings.</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggers">Loggers.</param>
    /// <param name="cancellationToken">Ends with the request.</param>
    public static async Task<Results<ServerSentEventsResult<object>, ProblemHttpResult>> StreamEventsAsync(
        GridCaller caller,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader,
        string? lastEventId,
        string? cell,
        string? community,
        bool? follow,
        HttpContext context,
        ScopeGuard guard,
        IClusterClient client,
        JournalTail tail,
        JournalReader reader,
        EventFeed stream,
        IOptions<EventStreamOptions> options,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (AccessPolicy.Reach(caller.Role, Capability.StreamEvents) is not { } reach)
        {
            return Problems.Problems.Denied(new Access(false, null, ProblemTypes.ForbiddenRole));
        }

        var lastText = string.IsNullOrWhiteSpace(lastEventIdHeader) ? lastEventId : lastEventIdHeader;
        long? lastSeq = null;
        if (!string.IsNullOrWhiteSpace(lastText))
        {
            if (!long.TryParse(lastText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return Problems.Problems.Invalid("lastEventId", "lastEventId (or the Last-Event-ID header) is the id of an event this stream sent: a non-negative integer.");
            }

            lastSeq = parsed;
        }

        if (cell is not null && !Codes.IsValid(cell))
        {
            return Problems.Problems.Invalid("cell", "cell is a cell code: " + Codes.Problem(cell));
        }

        if (community is not null && !Codes.IsValid(community))
        {
            return Problems.Problems.Invalid("community", "community is a community code: " + Codes.Problem(community));
        }

        CellCode? cellFilter = null;
        if (cell is not null)
        {
            if (await client.Cell(new CellCode(cell)).GetSummaryAsync(cancellationToken) is not { } summary)
            {
                return Problems.Problems.NotFound($"There is no cell {cell}.");
            }

            var access = await guard.CheckAsync(caller, Capability.StreamEvents, ScopeTarget.InCell(summary.Code, summary.Community), cancellationToken);
            if (!access.Allowed)
            {
                return Problems.Problems.Denied(access);
            }

            cellFilter = summary.Code;
        }

        CommunityCode? communityFilter = null;
        if (community is not null)
        {
            if (await client.Community(new CommunityCode(community)).GetOverviewAsync(cancellationToken) is null)
            {
                return Problems.Problems.NotFound($"There is no community {community}.");
            }

            var access = await guard.CheckAsync(caller, Capability.StreamEvents, new ScopeTarget(null, new CommunityCode(community)), cancellationToken);
            if (!access.Allowed)
            {
                return Problems.Problems.Denied(access);
            }

            communityFilter = new CommunityCode(community);
        }

        JournalPosition? after = null;
        if (lastSeq is { } seq)
        {
            after = seq == 0 ? JournalPosition.Start : await reader.PositionOfAsync(seq, cancellationToken);
            if (after is null)
            {
                return Problems.Problems.Invalid("lastEventId", "No event has this id; reconnect without one to start from now.");
            }
        }

        TailSubscription? subscription = null;
        JournalPosition upTo;
        try
        {
            if (follow is false)
            {
                upTo = await tail.HeadAsync(cancellationToken);
            }
            else
            {
                subscription = await tail.JoinAsync(cancellationToken);
                if (subscription is null)
                {
                    return Problems.Problems.Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "This gateway serves as many streams as it may; retry later or through another gateway.", null);
                }

                context.Response.RegisterForDispose(subscription);
                upTo = subscription.JoinedAt;
            }
        }
        catch (TimeoutException)
        {
            return Problems.Problems.Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "The event stream has not reached the database yet; retry shortly.", null);
        }

        var scope = await EventScope.CreateAsync(caller, reach, cellFilter, communityFilter, client, time, options.Value.ScopeRefreshInterval, loggers.CreateLogger<EventScope>(), cancellationToken);
        return TypedResults.ServerSentEvents(stream.RunAsync(scope, after, subscription, upTo, context.Response.Body, cancellationToken));
    }
}
