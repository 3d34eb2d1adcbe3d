using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using GridGovernance.Benchmarks.Infrastructure;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Hosting.Security;

namespace GridGovernance.Benchmarks.Scenarios;

/// <summary>
/// P6: an alert change reaching a live SSE client. A command-centre client holds GET /api/v1/events open while
/// <c>--alerts</c> cards are raised one every 50 ms (grain calls, as a sweep raises them); each card's latency runs
/// from the raise command's send time (and from its <c>raisedAt</c>) to its <c>alert-raised</c> event's arrival.
/// Goal: p95 ≤ 2 s.
/// </summary>
internal sealed class EventScenario : IScenario
{
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan NoProgress = TimeSpan.FromSeconds(15);

    public string Name => "p6";

    public async Task<bool> RunAsync(BenchSystem system)
    {
        var arrivals = new ConcurrentDictionary<string, DateTimeOffset>();
        using var stop = new CancellationTokenSource();
        using var http = new HttpClient { BaseAddress = system.Http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", system.Token(GridRoles.CommandCentre));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var listening = ListenAsync(await response.Content.ReadAsStreamAsync(), arrivals, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var sent = new Dictionary<string, (DateTimeOffset Sent, DateTimeOffset RaisedAt)>();
        var random = new Random(6);
        for (var i = 0; i < system.Options.Alerts; i++)
        {
            var site = system.Sites[random.Next(system.Sites.Count)];
            var spec = new AlertSpec(new EntityRef(EntityKind.RentalProperty, site.Id), "bench-" + Guid.NewGuid().ToString("N")[..12], DeadlineKind.Visit,
                DateTimeOffset.UtcNow.AddDays(-1), site.Cell, site.Community, "RH-09");
            var at = DateTimeOffset.UtcNow;
            var view = await system.Grains.Alert(spec.Key).RaiseAsync(spec, AlertLevel.Yellow, "bench");
            sent[spec.Key] = (at, view.RaisedAt);
            await Task.Delay(Spacing);
        }

        var progress = Stopwatch.StartNew();
        var seen = 0;
        while (sent.Keys.Any(k => !arrivals.ContainsKey(k)) && progress.Elapsed < NoProgress)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            var now = sent.Keys.Count(arrivals.ContainsKey);
            if (now > seen)
            {
                (seen, progress) = (now, Stopwatch.StartNew());
            }
        }

        await stop.CancelAsync();
        await listening;
        var received = sent.Where(s => arrivals.ContainsKey(s.Key)).ToList();
        var fromSend = new Latencies(received.Select(s => (arrivals[s.Key] - s.Value.Sent).TotalMilliseconds));
        var fromRaised = new Latencies(received.Select(s => (arrivals[s.Key] - s.Value.RaisedAt).TotalMilliseconds));
        new Markdown("measured from", "alerts", "received", "p50 ms", "p95 ms", "max ms", "goal")
            .Row("raise command sent", sent.Count, received.Count, fromSend.P50, fromSend.P95, fromSend.Max, "p95 ≤ 2,000 ms")
            .Row("alert's raisedAt", sent.Count, received.Count, fromRaised.P50, fromRaised.P95, fromRaised.Max, "")
            .Print("P6 alert change → SSE client");
        Console.WriteLine("The gateway tails the journal every 250 ms (GridGovernance:Events:PollInterval): about half of that is in every figure.");
        system.Costs.Add(("alert → SSE client", $"p95 {fromSend.P95:0} ms", "P6"));
        return received.Count == sent.Count && sent.Count > 0;
    }

    /// <summary>Reads the stream, noting when each <c>alert-raised</c> event's alert arrives.</summary>
    private static async Task ListenAsync(Stream stream, ConcurrentDictionary<string, DateTimeOffset> arrivals, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream);
        string? name = null;
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    name = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal) && name == "alert-raised")
                {
                    using var data = JsonDocument.Parse(line[5..]);
                    arrivals.TryAdd(data.RootElement.GetProperty("alert").GetString()!, DateTimeOffset.UtcNow);
                }
                else if (line.Length == 0)
                {
                    name = null;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
