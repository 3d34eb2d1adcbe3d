using System.Collections.Concurrent;
using System.Diagnostics;

namespace GridGovernance.Failover.Tests.Infrastructure;

/// <summary>
/// Sustained check-ins over HTTP as grid workers' phones send them: each loop visits its own properties in turn,
/// and sends a visit that got no 2xx again with the same visit id until it is acknowledged (the phone's outbox),
/// after a short pause. Records every acknowledgement and every failed attempt with the time since the start.
/// </summary>
public sealed class CheckInLoad : IAsyncDisposable
{
    /// <summary>Visits per property at most, below the silos' RememberedVisits, so every visit stays answerable as a replay.</summary>
    public const int MaxVisitsPerProperty = 150;

    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    /// <summary>A phone's patience: a request without an answer by then is given up and sent again.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private readonly FailoverCluster _cluster;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<CheckIn> _acknowledged = new();
    private readonly ConcurrentQueue<FailedAttempt> _failures = new();
    private readonly ConcurrentDictionary<Guid, Guid> _sent = new();
    private readonly IReadOnlyList<TestProperty> _properties;
    private readonly Task[] _loops;

    private CheckInLoad(FailoverCluster cluster, IReadOnlyList<TestProperty> properties, int concurrency)
    {
        _cluster = cluster;
        _properties = properties;
        _loops = [.. Enumerable.Range(0, concurrency).Select(loop => Task.Run(() => RunAsync([.. properties.Where((_, i) => i % concurrency == loop)])))];
    }

    /// <summary>Time since the load started.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Check-ins that got a 2xx answer.</summary>
    public IReadOnlyCollection<CheckIn> Acknowledged => _acknowledged;

    /// <summary>Attempts that did not (an error status, or no answer at all: status 0).</summary>
    public IReadOnlyCollection<FailedAttempt> Failures => _failures;

    /// <summary>Every visit id sent at least once, acknowledged or not.</summary>
    public IReadOnlyCollection<Guid> Sent => [.. _sent.Keys];

    /// <summary>Starts <paramref name="concurrency"/> loops over <paramref name="properties"/>.</summary>
    public static CheckInLoad Start(FailoverCluster cluster, IReadOnlyList<TestProperty> properties, int concurrency) => new(cluster, properties, concurrency);

    /// <summary>Stops sending; requests in flight finish (or time out) first.</summary>
    public async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await Task.WhenAll(_loops);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    /// <summary>Waits until <paramref name="count"/> check-ins have been acknowledged (the load is sustained before a fault).</summary>
    public Task WaitForAcknowledgedAsync(int count, TimeSpan timeout) =>
        Eventually.ReturnsAsync(() => Task.FromResult(_acknowledged.Count), n => n >= count, timeout, $"{count} acknowledged check-ins");

    /// <summary>
    /// After a fault at <paramref name="faultAt"/>: waits until every property has had a check-in sent after the fault
    /// acknowledged (so grains that lived on a dead silo are served again too), or <paramref name="giveUp"/> passes.
    /// Returns the time from the fault to the last of those first acknowledgements — what the slowest client waited,
    /// including a request that hung and timed out — or null if some property was never served again.
    /// </summary>
    public async Task<TimeSpan?> WaitUntilServedAfterAsync(TimeSpan faultAt, TimeSpan giveUp)
    {
        while (Now - faultAt < giveUp)
        {
            var firsts = _acknowledged.Where(a => a.Started > faultAt).GroupBy(a => a.Property).Select(g => g.Min(a => a.At)).ToList();
            if (firsts.Count == _properties.Count)
            {
                return firsts.Max() - faultAt;
            }

            await Task.Delay(100);
        }

        return null;
    }

    /// <summary>
    /// After <see cref="StopAsync"/>: every acknowledged check-in is in the journal and in its property's stored state,
    /// no visit is in either twice, and both hold the same visits. Returns how many visits were applied.
    /// </summary>
    public async Task<int> AssertNothingLostOrDoubledAsync(IReadOnlyList<TestProperty> properties)
    {
        var journaled = await _cluster.JournaledVisitsAsync(properties);
        var stored = await _cluster.StoredVisitsAsync(properties);
        var sent = _sent.Keys.ToHashSet();
        Assert.Empty(_acknowledged.Where(a => !journaled.ContainsKey(a.VisitId)).Select(a => $"acknowledged but not journaled: {a}"));
        Assert.Empty(_acknowledged.Where(a => !stored.ContainsKey(a.VisitId)).Select(a => $"acknowledged but not in grain state: {a}"));
        Assert.Empty(journaled.Where(j => j.Value != 1).Select(j => $"journaled {j.Value} times: {j.Key}"));
        Assert.Empty(stored.Where(s => s.Value != 1).Select(s => $"in grain state {s.Value} times: {s.Key}"));
        // State and journal are written by one statement: a visit whose answer was lost is in both or in neither.
        Assert.Equal(journaled.Keys.Order(), stored.Keys.Order());
        Assert.Empty(journaled.Keys.Where(v => !sent.Contains(v)).Select(v => $"journaled but never sent: {v}"));
        return journaled.Count;
    }

    private async Task RunAsync(IReadOnlyList<TestProperty> properties)
    {
        var worker = Guid.NewGuid();
        var token = _cluster.WorkerToken(worker);
        for (var n = 0; n < properties.Count * MaxVisitsPerProperty && !_stop.IsCancellationRequested; n++)
        {
            var property = properties[n % properties.Count];
            var visitId = Guid.NewGuid();
            var body = new { visitId, location = FailoverCluster.Point(property.At), accuracyMetres = 5.0, deviceTime = DateTimeOffset.UtcNow, note = "failover" };
            _sent[visitId] = property.Id;
            while (!_stop.IsCancellationRequested)
            {
                var started = Now;
                try
                {
                    // Not cancelled by the stop: an answer in flight is still recorded, so fewer visits end unknown.
                    var answer = await _cluster.SendAsync(HttpMethod.Post, $"/api/v1/properties/{property.Id}/visits", token, body, RequestTimeout);
                    if (answer.Status is >= 200 and < 300)
                    {
                        _acknowledged.Enqueue(new CheckIn(property.Id, visitId, started, Now, answer.Json["recordedAt"]!.GetValue<DateTimeOffset>()));
                        break;
                    }

                    _failures.Enqueue(new FailedAttempt(started, Now, answer.Status, answer.ProblemType, answer.RetryAfter, answer.Body));
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    _failures.Enqueue(new FailedAttempt(started, Now, 0, null, null, ex.GetType().Name + ": " + ex.Message));
                }

                await Task.Delay(RetryPause);
            }
        }
    }
}

/// <summary>An acknowledged check-in: property, visit id, when it was sent and answered (since the load started), and the server's time.</summary>
public sealed record CheckIn(Guid Property, Guid VisitId, TimeSpan Started, TimeSpan At, DateTimeOffset RecordedAt);

/// <summary>A failed attempt: when it was sent and ended, the status (0: no answer), the problem type, Retry-After and the body or error.</summary>
public sealed record FailedAttempt(TimeSpan Started, TimeSpan At, int Status, string? ProblemType, string? RetryAfter, string Detail)
{
    public override string ToString() => $"{Started.TotalSeconds:F1}–{At.TotalSeconds:F1}s {Status} {ProblemType} (Retry-After {RetryAfter}): {Detail[..Math.Min(Detail.Length, 300)]}";
}
