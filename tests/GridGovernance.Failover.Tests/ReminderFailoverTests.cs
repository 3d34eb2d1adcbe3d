using GridGovernance.Failover.Tests.Infrastructure;
using GridGovernance.Grains.Rules;

namespace GridGovernance.Failover.Tests;

/// <summary>
/// Each cell's deadlines hang on one durable reminder, ticked by whichever silo owns the reminder's range of the
/// ring. When that silo dies, a survivor takes the range over and the deadlines are still judged, each once.
/// </summary>
[Collection(OneAtATime.Name)]
public sealed class ReminderFailoverTests(PostgresServer postgres, ITestOutputHelper output)
{
    /// <summary>How far ahead the visits fall due: time to find the owner and kill it first.</summary>
    private static readonly TimeSpan DueIn = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task SiloOwningCellRemindersKilledBeforeDeadlinesPass_EveryDeadlineIsDetected_OneAlertEach()
    {
        // The reminder service says at Debug which reminders each silo starts: that names the owner of each cell's.
        await using var cluster = await FailoverCluster.StartAsync(postgres, silos: 3, new Dictionary<string, string>
        {
            ["Logging__LogLevel__Orleans.Runtime.ReminderService"] = "Debug",
        });
        var greenDays = RuleBook.Default.At(DateOnly.FromDateTime(DateTime.UtcNow)).Rentals.GreenVisitDays;
        // Migrated records last visited one interval ago less DueIn: their next visit falls due DueIn from now.
        var properties = await cluster.RegisterPropertiesAsync(12, DateTimeOffset.UtcNow - TimeSpan.FromDays(greenDays) + DueIn);
        var firstDue = properties.Min(p => p.VisitDue);
        Assert.True(firstDue > DateTimeOffset.UtcNow, $"the visits must still be pending (first due {firstDue:O})");

        var cells = properties.Select(p => p.Cell).Distinct().Order().ToList();
        var owners = await Eventually.ReturnsAsync(
            () => Task.FromResult(cells.ToDictionary(c => c, c => cluster.Silos.Where(s => StartedReminderOf(s, c)).Select(s => s.Name).ToList())),
            o => o.Values.All(names => names.Count == 1), TimeSpan.FromSeconds(20), "each cell's reminder started on exactly one silo");
        var victim = cluster.Silos.MaxBy(s => owners.Count(o => o.Value[0] == s.Name))!;
        var victimCells = owners.Where(o => o.Value[0] == victim.Name).Select(o => o.Key).ToList();
        output.WriteLine($"reminder owners: {string.Join(", ", owners.Select(o => $"{o.Key} → {o.Value[0]}"))}");

        Assert.True(DateTimeOffset.UtcNow < firstDue - TimeSpan.FromSeconds(2), $"too slow: the first visit ({firstDue:O}) was about to fall due before the kill");
        var killedAt = DateTimeOffset.UtcNow;
        var survivorOutputBefore = cluster.Silos.Where(s => s != victim).ToDictionary(s => s.Name, s => s.Output.Length);
        victim.Kill();
        output.WriteLine($"killed {victim.Name} (pid {victim.ProcessId}), owner of {string.Join(", ", victimCells)}, {(firstDue - killedAt).TotalSeconds:F1} s before the first visit fell due");

        var raised = await Eventually.ReturnsAsync(() => AlertsRaisedAsync(cluster), n => n.Count >= properties.Count, TimeSpan.FromSeconds(90), "an alert for every overdue visit");
        var detectedAt = DateTimeOffset.UtcNow;
        // A few more sweeps (every 5 s) of every cell: none may raise or journal anything twice.
        await Task.Delay(TimeSpan.FromSeconds(12));

        var alerts = await AlertsRaisedAsync(cluster);
        var missed = await cluster.QueryAsync(
            "SELECT entity_id, payload->>'deadline', count(*) FROM journal WHERE event_type = 'deadline-missed' AND entity_id = ANY(@ids) GROUP BY 1, 2",
            ("ids", properties.Select(p => p.Id.ToString("N")).ToArray()));
        var lags = await cluster.QueryAsync(
            "SELECT extract(epoch FROM occurred_at - (payload->>'dueAt')::timestamptz) FROM journal WHERE event_type = 'alert-raised' AND cell LIKE @district",
            ("district", cluster.Grid.District.Value + "-%"));
        var lag = lags.Select(l => double.Parse(l[0]!, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(double.NaN).Max();
        output.WriteLine($"all {raised.Count} alerts raised {(detectedAt - firstDue).TotalSeconds:F1} s after the first visit fell due; " +
            $"largest lag from due to alert {lag:F1} s; {(detectedAt - killedAt).TotalSeconds:F1} s after the kill");

        Assert.Equal(properties.Select(p => $"{p.Id:N}|{p.VisitDeadline}").Order(), alerts.Keys.Order());
        Assert.All(alerts, a => Assert.True(a.Value == 1, $"{a.Key} raised {a.Value} times"));
        Assert.Equal(properties.Select(p => $"{p.Id:N}|{p.VisitDeadline}|1").Order(), missed.Select(m => $"{m[0]}|{m[1]}|{m[2]}").Order());
        foreach (var cell in victimCells)
        {
            var takenOver = cluster.Silos.Where(s => s != victim && StartedReminderOf(s, cell, survivorOutputBefore[s.Name])).Select(s => s.Name).ToList();
            Assert.True(takenOver.Count == 1, $"after the kill exactly one survivor should have started {cell}'s reminder; started by: {string.Join(", ", takenOver)}");
            output.WriteLine($"{cell}'s reminder taken over by {takenOver[0]}");
        }
    }

    /// <summary>Alerts raised for these properties' deadlines: "property id|deadline id" → journal rows.</summary>
    private static async Task<IReadOnlyDictionary<string, int>> AlertsRaisedAsync(FailoverCluster cluster)
    {
        var rows = await cluster.QueryAsync(
            "SELECT payload->>'source', payload->>'deadline', count(*) FROM journal WHERE event_type = 'alert-raised' AND cell LIKE @district GROUP BY 1, 2",
            ("district", cluster.Grid.District.Value + "-%"));
        return rows.ToDictionary(r => $"{r[0]![(r[0]!.IndexOf(':', StringComparison.Ordinal) + 1)..]}|{r[1]}", r => int.Parse(r[2]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Whether <paramref name="silo"/> logged starting the reminder of <paramref name="cell"/> (after <paramref name="from"/> characters of output).</summary>
    private static bool StartedReminderOf(HostProcess silo, string cell, int from = 0)
    {
        var text = silo.Output;
        return text[Math.Min(from, text.Length)..].Split('\n').Any(line => line.Contains("Started reminder", StringComparison.Ordinal) && line.Contains("cell:" + cell, StringComparison.Ordinal));
    }
}
