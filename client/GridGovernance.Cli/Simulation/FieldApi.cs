using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GridGovernance.Cli.Simulation;

/// <summary>A field task as the simulator reads it from a task list.</summary>
/// <param name="EntityKind"><c>property</c> or <c>person</c>.</param>
/// <param name="EntityId">The entity.</param>
/// <param name="DeadlineId">The deadline within the entity.</param>
/// <param name="Kind">The deadline kind (<c>Visit</c>, ...).</param>
/// <param name="Longitude">Where to go, if known.</param>
/// <param name="Latitude">Where to go, if known.</param>
internal sealed record FieldTask(string EntityKind, Guid EntityId, string DeadlineId, string Kind, double? Longitude, double? Latitude)
{
    public string Key => $"{EntityKind}:{EntityId:N}:{DeadlineId}";

    public bool IsVisit => Kind == "Visit" && Longitude is not null && Latitude is not null;
}

/// <summary>A check-in recorded on the phone: its id is generated once, so sending it again is harmless.</summary>
internal sealed record CheckIn(Guid VisitId, string EntityKind, Guid EntityId, double Longitude, double Latitude, double AccuracyMetres, DateTimeOffset DeviceTime, string Note);

/// <summary>What one request came to.</summary>
internal enum SendResult
{
    Ok,
    Failed,
}

/// <summary>What a batch sync came to.</summary>
internal sealed record SyncResult(int Accepted, int Duplicates, int Failed);

/// <summary>
/// The gateway's HTTP API as a field phone uses it: task lists, alerts, check-ins and batch sync. Transient failures
/// (no answer, 429, 5xx) are retried a few times with the same body, which the API makes safe: a check-in's visit id and
/// a sync item's id are idempotency keys.
/// </summary>
internal sealed class FieldApi(HttpClient http, Action<string> report)
{
    private const int Attempts = 4;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<string>> ListCellsAsync(string token, CancellationToken cancellationToken)
    {
        var body = await GetAsync("/api/v1/cells", token, cancellationToken) ?? throw new Hosting.StartupException("the gateway did not list its cells (GET /api/v1/cells).");
        return [.. body["features"]!.AsArray().Select(f => f!["properties"]!["code"]!.GetValue<string>())];
    }

    public async Task<bool> RegisterWorkerAsync(string token, Guid worker, string name, string cell, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => Request(HttpMethod.Put, $"/api/v1/workers/{worker}", token, new { name, cells = new[] { cell } }), cancellationToken);
        if (response?.IsSuccessStatusCode == true)
        {
            return true;
        }

        report($"worker {worker} on {cell}: {await DescribeAsync(response, cancellationToken)}");
        return false;
    }

    public async Task<IReadOnlyList<FieldTask>?> ListTasksAsync(string token, Guid worker, (double Longitude, double Latitude)? at, CancellationToken cancellationToken)
    {
        var path = $"/api/v1/workers/{worker}/tasks?due=today";
        if (at is { } position)
        {
            path += string.Create(CultureInfo.InvariantCulture, $"&longitude={position.Longitude}&latitude={position.Latitude}");
        }

        var body = await GetAsync(path, token, cancellationToken);
        return body?["tasks"]!.AsArray().Select(t => new FieldTask(
            t!["entity"]!["kind"]!.GetValue<string>(),
            t["entity"]!["id"]!.GetValue<Guid>(),
            t["deadlineId"]!.GetValue<string>(),
            t["kind"]!.GetValue<string>(),
            t["location"]?["longitude"]?.GetValue<double>(),
            t["location"]?["latitude"]?.GetValue<double>())).ToList();
    }

    public async Task<IReadOnlyList<string>> ListAlertKeysAsync(string token, CancellationToken cancellationToken) =>
        await GetAsync("/api/v1/alerts", token, cancellationToken) is { } body
            ? [.. body["alerts"]!.AsArray().Select(a => a!["key"]!.GetValue<string>())]
            : [];

    public async Task<SendResult> CheckInAsync(string token, CheckIn visit, CancellationToken cancellationToken)
    {
        var path = visit.EntityKind == "person" ? $"/api/v1/people/{visit.EntityId}/visits" : $"/api/v1/properties/{visit.EntityId}/visits";
        var body = new
        {
            visitId = visit.VisitId,
            location = new { longitude = visit.Longitude, latitude = visit.Latitude },
            accuracyMetres = visit.AccuracyMetres,
            deviceTime = visit.DeviceTime,
            note = visit.Note,
        };
        using var response = await SendAsync(() => Request(HttpMethod.Post, path, token, body), cancellationToken);
        if (response?.IsSuccessStatusCode == true)
        {
            return SendResult.Ok;
        }

        report($"check-in {visit.VisitId} at {visit.EntityKind} {visit.EntityId}: {await DescribeAsync(response, cancellationToken)}");
        return SendResult.Failed;
    }

    /// <summary>Sends queued check-ins as one batch; null when the gateway could not be reached (keep them queued).</summary>
    public async Task<SyncResult?> SyncAsync(string token, string deviceId, IReadOnlyList<CheckIn> visits, CancellationToken cancellationToken)
    {
        var body = new
        {
            deviceId,
            items = visits.Select(v => new
            {
                itemId = v.VisitId,
                type = "visit",
                entity = new { kind = v.EntityKind, id = v.EntityId },
                deviceTime = v.DeviceTime,
                gps = new { longitude = v.Longitude, latitude = v.Latitude, accuracyMetres = v.AccuracyMetres },
                note = v.Note,
            }).ToList(),
        };
        using var response = await SendAsync(() => Request(HttpMethod.Post, "/api/v1/sync", token, body), cancellationToken);
        if (response is null || (int)response.StatusCode >= 500)
        {
            report($"sync of {visits.Count} from {deviceId}: {await DescribeAsync(response, cancellationToken)}; kept for the next burst");
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            report($"sync of {visits.Count} from {deviceId}: {await DescribeAsync(response, cancellationToken)}");
            return new SyncResult(0, 0, visits.Count);
        }

        var answer = await response.Content.ReadFromJsonAsync<JsonNode>(Json, cancellationToken);
        int Count(string name) => answer?[name]?.GetValue<int>() ?? 0;
        foreach (var rejected in answer?["results"]?.AsArray().Where(r => r!["status"]!.GetValue<string>() is "conflict" or "rejected") ?? [])
        {
            report($"sync item {rejected!["itemId"]}: {rejected["status"]} {rejected["problem"]}: {rejected["detail"]}");
        }

        return new SyncResult(Count("accepted"), Count("duplicates"), Count("conflicts") + Count("rejected"));
    }

    private async Task<JsonNode?> GetAsync(string path, string token, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => Request(HttpMethod.Get, path, token, null), cancellationToken);
        if (response?.IsSuccessStatusCode != true)
        {
            report($"GET {path}: {await DescribeAsync(response, cancellationToken)}");
            return null;
        }

        return await response.Content.ReadFromJsonAsync<JsonNode>(Json, cancellationToken);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string token, object? body)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>Sends, retrying what may succeed later with the same request; null when no answer came.</summary>
    private async Task<HttpResponseMessage?> SendAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = build();
            HttpResponseMessage? response = null;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
                if (!IsTransient(response.StatusCode) || attempt == Attempts)
                {
                    return response;
                }
            }
            catch (HttpRequestException) when (attempt < Attempts)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested && attempt < Attempts)
            {
                // The client's timeout: the request may have been applied; the same ids make the retry harmless.
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            var wait = response?.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(200 * attempt);
            response?.Dispose();
            await Task.Delay(wait < TimeSpan.FromSeconds(5) ? wait : TimeSpan.FromSeconds(5), cancellationToken);
        }
    }

    private static bool IsTransient(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static async Task<string> DescribeAsync(HttpResponseMessage? response, CancellationToken cancellationToken)
    {
        if (response is null)
        {
            return "no answer";
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return $"{(int)response.StatusCode} {(text.Length > 300 ? text[..300] : text)}";
    }
}
