using System.Globalization;
using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Rentals;

namespace GridGovernance.Api.Tests;

/// <summary><c>gridgov simulate</c> against the running gateway: check-ins online and in offline bursts, all journaled.</summary>
public sealed class SimulatorTests(ApiSystem api, GrainAccess grains)
{
    [Fact]
    public async Task Simulate_TwoWorkersOneOffline_VisitsEveryDueProperty_OnlineAndByBurst_AndTheJournalHasEachOnce()
    {
        // A district of its own, so the simulated workers visit nothing other tests rely on.
        var cluster = await grains.GrainsAsync(api);
        var grid = new TestGrid();
        await grid.ImportAsync(cluster);
        var due = new Dictionary<string, List<PropertyId>> { [grid.A1.Value] = [], [grid.B1.Value] = [] };
        foreach (var (cell, row) in new[] { (grid.A1.Value, 0), (grid.B1.Value, 1) })
        {
            for (var i = 0; i < 3; i++)
            {
                var centre = TestGrid.Centre(0, row);
                var id = new PropertyId(Guid.NewGuid());
                var outcome = await cluster.Property(id).RegisterAsync(new RegisterProperty(grid.District, $"模拟路{i + 1}号",
                    centre with { Longitude = centre.Longitude + (i * 0.0005) }, new Landlord("房东", "13800000000"), RiskGrade.Green,
                    DateTimeOffset.UtcNow - TimeSpan.FromDays(60)), "test:setup");
                Assert.True(outcome.IsOk, outcome.Detail);
                due[cell].Add(id);
            }
        }

        var seed = Random.Shared.Next(1, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var (exitCode, output) = await CliProcess.RunAsync(api.ConnectionString, "unused", "svc", "simulate",
            "--api", api.Http.BaseAddress!.ToString(), "--cells", grid.A1.Value, grid.B1.Value, "--workers", "2",
            "--offline-share", "0.5", "--miss-share", "0", "--speed", "600", "--duration", "15", "--seed", seed);

        TestContext.Current.TestOutputHelper?.WriteLine(output);
        Assert.True(exitCode == 0, output);
        var workers = output.Split('\n').Where(l => l.StartsWith("worker ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        Assert.Equal(2, workers.Count);
        var offline = Assert.Single(workers, w => w[4].Trim() == "offline-prone");
        var summary = Assert.Single(output.Split('\n'), l => l.StartsWith("simulate: done:", StringComparison.Ordinal));
        Assert.Contains("failed=0", summary, StringComparison.Ordinal);
        Assert.Matches(@"ok=([6-9]|\d\d)", summary);
        Assert.Matches(@"syncs=[1-9]", summary);
        foreach (var worker in workers)
        {
            foreach (var property in due[worker[3]])
            {
                var visits = (await api.JournalAsync("property", property.Value.ToString("N"))).Where(e => e.EventType == "visit-recorded").ToList();
                // Each property once (a resent burst journals nothing twice), by the worker of its cell; the offline
                // worker's visits reach the server only through its bursts.
                Assert.True(visits.Count == 1, $"{property} in {worker[3]}: {visits.Count} visits\n{output}");
                Assert.Equal("grid-worker:" + worker[1], visits[0].Actor);
            }
        }

        Assert.NotNull(offline);
    }
}
