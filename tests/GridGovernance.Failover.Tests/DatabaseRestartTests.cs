using GridGovernance.Failover.Tests.Infrastructure;

namespace GridGovernance.Failover.Tests;

/// <summary>
/// PostgreSQL restarted (<c>pg_ctl -m fast</c>, then started again) while grid workers check in: during the outage
/// clients get retryable 503s with Retry-After, afterwards writes succeed again without restarting any host, and no
/// acknowledged check-in is lost or applied twice.
/// </summary>
[Collection(OneAtATime.Name)]
public sealed class DatabaseRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task PostgresRestartedDuringCheckIns_ClientsGetRetryable503s_WritesResumeWithoutRestartingHosts_NothingLostOrDoubled()
    {
        // A server of its own: this test stops it.
        await using var postgres = new PostgresServer();
        await postgres.InitializeAsync();
        await using var cluster = await FailoverCluster.StartAsync(postgres, silos: 2);
        var properties = await cluster.RegisterPropertiesAsync(64);
        var hosts = cluster.Silos.Append(cluster.Gateway).ToDictionary(h => h.Name, h => h.ProcessId);

        await using var load = CheckInLoad.Start(cluster, properties, concurrency: 12);
        TimeSpan stoppedAt, startedAt;
        TimeSpan? recovery;
        try
        {
            await load.WaitForAcknowledgedAsync(200, TimeSpan.FromSeconds(60));
            stoppedAt = load.Now;
            await postgres.StopAsync();
            await Task.Delay(Outage);
            await postgres.StartAsync();
            startedAt = load.Now;
            recovery = await load.WaitUntilServedAfterAsync(startedAt, giveUp: RecoveryBound + TimeSpan.FromSeconds(15));
        }
        finally
        {
            await load.StopAsync();
        }

        var acknowledged = load.Acknowledged.ToList();
        var failures = load.Failures.ToList();
        output.WriteLine($"PostgreSQL stopped at {stoppedAt.TotalSeconds:F1} s, started again at {startedAt.TotalSeconds:F1} s; " +
            $"the last failure ended {(load.Failures.Select(f => f.At - startedAt).DefaultIfEmpty().Max().TotalSeconds):F1} s after the start; " +
            $"every property served again {(recovery is { } r ? $"{r.TotalSeconds:F1} s after the start" : "never")}");
        output.WriteLine($"{failures.Count} failed attempts ({string.Join(", ", failures.GroupBy(f => f.Status).Select(g => $"{g.Key}: {g.Count()}"))}); " +
            $"{acknowledged.Count} acknowledged, {acknowledged.Count(a => a.At > startedAt)} after the restart");
        foreach (var failure in failures.DistinctBy(f => (f.Status, f.ProblemType)).Take(5))
        {
            output.WriteLine("  " + failure);
        }

        if (failures.Any(f => f.Status != 503))
        {
            // The gateway logs what it answered 5xx for: the exception chain explains a wrong status.
            var log = cluster.Gateway.Output;
            var first = Math.Max(0, log.IndexOf("failed with 500", StringComparison.Ordinal));
            output.WriteLine("gateway log from the first 500:\n" + log[first..Math.Min(log.Length, first + 6000)]);
        }

        Assert.Contains(failures, f => f.At >= stoppedAt && f.At <= startedAt + TimeSpan.FromSeconds(1));
        Assert.All(failures, f => Assert.True(f is { Status: 503, ProblemType: "/problems/unavailable", RetryAfter: not null }, "not a retryable 503: " + f));
        Assert.True(recovery is not null, $"writes did not resume for every property within {RecoveryBound + TimeSpan.FromSeconds(15)} of the restart; last failures:\n{string.Join('\n', failures.TakeLast(5))}");
        Assert.True(recovery <= RecoveryBound, $"writes failed for {recovery} after PostgreSQL was back (bound {RecoveryBound})");
        // Recovered by themselves: the same processes, none restarted.
        Assert.All(cluster.Silos.Append(cluster.Gateway), h => Assert.True(!h.HasExited && hosts[h.Name] == h.ProcessId, $"{h.Name} exited or was restarted"));
        Assert.Equal(200, (await cluster.Gateway.GetAsync("/readyz")).Status);

        var applied = await load.AssertNothingLostOrDoubledAsync(properties);
        output.WriteLine($"{acknowledged.Count} acknowledged, {applied} journaled and in grain state");
    }
}
