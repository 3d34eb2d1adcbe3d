using System.Text.Json;
using GridGovernance.Api.Problems;
using GridGovernance.Api.Security;
using GridGovernance.Api.Sync;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GridGovernance.Api.Endpoints;

/// <summary>Offline batch sync for phones.</summary>
public static class SyncEndpoints
{
    /// <summary>Maps the group.</summary>
    public static RouteGroupBuilder MapSyncEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sync").WithTags("Sync").RequireAuthorization().RequireRateLimiting(RateLimits.PerUser);
        group.MapPost("/", SyncFieldWorkAsync)
            .WithName("SyncFieldWork")
            .WithSummary("Applies a batch of field work recorded offline (visits, tenancies, move-outs, tenant reports, inspections); one result per item.")
            .Accepts<SyncRequest>("application/json")
            .Produces<SyncResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return group;
    }

    /// <summary>
    /// Applies each item on its own and answers 200 with one result per item in the request's order: <c>accepted</c>,
    /// <c>duplicate</c> (applied before: same id, same content), <c>conflict</c> (same id, other content, or against the
    /// record) or <c>rejected</c> (invalid, unknown target, out of scope). Sending a batch again is safe. A malformed
    /// envelope (not JSON, no items, more than 500, over 2 MB) is refused whole (400/413) and nothing is applied; so is
    /// a batch none of whose items is valid (400, <c>errors</c> naming <c>items[i].field</c>) and one none of whose
    /// items is within the caller's scope (403).
    /// </summary>
    public static async Task<Results<Ok<SyncResponse>, ProblemHttpResult>> SyncFieldWorkAsync(
        HttpRequest request, GridCaller caller, IClusterClient client, ScopeGuard guard, ILogger<BatchSync> logger,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        if (!ScopeGuard.Has(caller, Capability.SyncFieldWork))
        {
            return Problems.Problems.Denied(new Access(false, null, ProblemTypes.ForbiddenRole));
        }

        // Over the limit, the first read fails (Kestrel checks Content-Length, or counts a chunked body): 413.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = BatchSync.MaxBodyBytes;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (JsonException)
        {
            return Problems.Problems.Invalid("body", "The body is not valid JSON.");
        }

        using (document)
        {
            if (SyncItemParser.Read(document, json.Value.SerializerOptions, out var problem) is not { } batch)
            {
                return Problems.Problems.Invalid(problem!.Value.Field.Length == 0 ? "body" : problem.Value.Field, problem.Value.Detail);
            }

            // Nothing in the batch could be applied as sent: refuse it whole, naming each item's field at fault.
            if (batch.Items.All(i => i.Rejection is not null))
            {
                return Invalid(batch.Items.Select(i => i.Rejection!).ToList());
            }

            var (results, allDenied) = await new BatchSync(client, guard, logger).ApplyAsync(caller, batch.Items, cancellationToken);
            if (allDenied is not null)
            {
                return Problems.Problems.Denied(allDenied);
            }

            return TypedResults.Ok(new SyncResponse(
                batch.DeviceId,
                results.Count(r => r.Status == SyncStatus.Accepted),
                results.Count(r => r.Status == SyncStatus.Duplicate),
                results.Count(r => r.Status == SyncStatus.Conflict),
                results.Count(r => r.Status == SyncStatus.Rejected),
                results));
        }
    }

    /// <summary>A 400 whose <c>errors</c> name every item's field at fault (<c>items[i].field</c>); <c>field</c> is the first.</summary>
    private static ProblemHttpResult Invalid(IReadOnlyList<SyncItemResult> rejections)
    {
        var errors = rejections
            .GroupBy(r => r.Field is null ? $"items[{r.Index}]" : $"items[{r.Index}].{r.Field}")
            .ToDictionary(g => g.Key, g => g.Select(r => r.Detail ?? "invalid").ToArray());
        var first = errors.Keys.First();
        return TypedResults.Problem(
            detail: "No item of the batch is valid; nothing was applied. " + errors[first][0],
            statusCode: StatusCodes.Status400BadRequest,
            title: "The request is not valid.",
            type: ProblemTypes.Uri(ProblemTypes.InvalidRequest),
            extensions: new Dictionary<string, object?> { ["field"] = first, ["errors"] = errors });
    }

    private static ProblemHttpResult TooLarge() =>
        Problems.Problems.Problem(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge,
            $"A sync batch is at most {BatchSync.MaxBodyBytes / (1024 * 1024)} MB; send fewer items per batch.", null);
}
