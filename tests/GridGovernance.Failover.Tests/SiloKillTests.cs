using GridGovernance.Failover.Tests.Infrastructure;

namespace GridGovernance.Failover.Tests;

/// <summary>
/// One of three silos killed without warning (SIGKILL: no graceful shutdown, no membership update) while grid workers
/// check in through the gateway: nothing acknowledged is lost, nothing is applied twice, and the cluster serves again.
/// </summary>
[Collection(OneAtATime.Name)]
public sealed class SiloKillTests(PostgresServer postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SiloKilledDuringCheckIns_EveryAcknowledgedCheckInIsStoredAndJournaledOnce_AndTheClusterServesAgainWithin30s()
    {
        await using var cluster = await FailoverCluster.StartAsync(postgres, silos: 3);
        var properties = await cluster.RegisterPropertiesAsync(96);
        var victim = cluster.Silos[1];

        await using var load = CheckInLoad.Start(cluster, properties, concurrency: 16);
        TimeSpan killedAt;
        TimeSpan? recovery;
        try
        {
            await load.WaitForAcknowledgedAsync(300, TimeSpan.FromSeconds(60));
            killedAt = load.Now;
            victim.Kill();
            recovery = await load.WaitUntilServedAfterAsync(killedAt, giveUp: RecoveryBound + TimeSpan.FromSeconds(15));
        }
        finally
        {
            await load.StopAsync();
        }

        var acknowledged = load.Acknowledged.ToList();
        var failures = load.Failures.ToList();
        var before = acknowledged.Count(a => a.At <= killedAt);
        output.WriteLine($"killed {victim.Name} (pid {victim.ProcessId}) at {killedAt.TotalSeconds:F1} s after {before} check-ins ({before / killedAt.TotalSeconds:F0}/s)");
        output.WriteLine($"served again (every property's first check-in sent after the kill acknowledged): {(recovery is { } r ? $"{r.TotalSeconds:F1} s" : "never")} after the kill; " +
            $"{failures.Count} failed attempts ({string.Join(", ", failures.GroupBy(f => f.Status).Select(g => $"{g.Key}: {g.Count()}"))}), " +
            $"{failures.Count(f => f.Started < killedAt)} of them in flight at the kill; last failure sent at {failures.Select(f => f.Started - killedAt).DefaultIfEmpty().Max().TotalSeconds:F1} s after it; " +
            $"{acknowledged.Count} acknowledged in {load.Now.TotalSeconds:F1} s");
        foreach (var failure in failures.Take(5))
        {
            output.WriteLine("  " + failure);
        }

        Assert.True(recovery is not null, $"some property was not served again within {RecoveryBound + TimeSpan.FromSeconds(15)} of the kill; last failures:\n{string.Join('\n', failures.TakeLast(5))}");
        Assert.True(recovery <= RecoveryBound, $"the last property was served again {recovery} after the kill (bound {RecoveryBound})");
        // What a phone sees while a silo dies: a retryable answer, or none at all; never a refusal or a server error.
        Assert.All(failures, f => Assert.True(f.Status is 0 or 503 && (f.Status == 0 || f.RetryAfter is not null), f.ToString()));

        var journaled = await load.AssertNothingLostOrDoubledAsync(properties);
        output.WriteLine($"{acknowledged.Count} acknowledged, {journaled} journaled and in grain state (the rest applied but their answer was lost or cut off by the stop)");

        var membership = await Eventually.ReturnsAsync(cluster.MembershipAsync, m => m.GetValueOrDefault(victim.Name) == 6, TimeSpan.FromSeconds(60), $"{victim.Name} voted Dead (6) in orleans_membership");
        Assert.Equal(2, membership.Count(m => m.Value == 3));
    }
}
