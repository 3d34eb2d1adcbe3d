using System.Diagnostics;
using GridGovernance.Benchmarks.Infrastructure;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Rentals;

namespace GridGovernance.Benchmarks.Scenarios;

/// <summary>
/// P3: many pending deadlines, of which <c>--due</c> fall due at the same instant. <c>--pending</c> properties are
/// registered with a visit due in three weeks, then <c>--due</c> GREEN properties last visited exactly one interval
/// before an instant T a few seconds ahead. Measured: T → the last "alert-raised" journal row of those cards, in the
/// database's clock; alerts per second; and the reminder rows, which must follow the cells, not the entities.
/// Goal: 100k due at once all raised ≤ 60 s (extrapolated from the rate at this size).
/// </summary>
internal sealed class DeadlineScenario : IScenario
{
    private const int InFlight = 64;
    private static readonly TimeSpan NoProgress = TimeSpan.FromSeconds(30);

    public string Name => "p3";

    public async Task<bool> RunAsync(BenchSystem system)
    {
        var options = system.Options;
        var skip = options.Properties + options.ImportProperties;
        var now = DateTimeOffset.UtcNow;
        var pending = await system.LocateAsync(system.MoreProperties(skip, options.PendingDeadlines, now)
            .Select(p => p with { Registration = p.Registration with { LastVisitedAt = now } }));
        var clock = Stopwatch.StartNew();
        await system.RegisterThroughGrainsAsync(pending, InFlight);
        var rate = pending.Count / clock.Elapsed.TotalSeconds;

        // T leaves time to register the due set at the rate just seen, with a margin.
        // RH-09: a GREEN property is visited every 21 days (RentalPolicy.GreenVisitDays); the sample below checks it.
        var green = TimeSpan.FromDays(21);
        var lead = TimeSpan.FromSeconds(Math.Max(5, (options.DueDeadlines / Math.Max(1, rate) * 1.5) + 3));
        var dueAt = DateTimeOffset.UtcNow + lead;
        dueAt = new DateTimeOffset(dueAt.Ticks - (dueAt.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var due = await system.LocateAsync(system.MoreProperties(skip + options.PendingDeadlines, options.DueDeadlines, now)
            .Select(p => p with { Registration = p.Registration with { Grade = RiskGrade.Green, LastVisitedAt = dueAt - green } }));
        await system.RegisterThroughGrainsAsync(due, InFlight);
        var registeredBefore = DateTimeOffset.UtcNow < dueAt;
        var sample = (await system.Grains.Property(due[0].Property.Id).GetAsync())!;
        var visit = sample.Deadlines.First(d => d.Kind == DeadlineKind.Visit && d.Status == DeadlineStatus.Pending);
        if (visit.DueAt != dueAt)
        {
            Console.WriteLine($"p3: the visit falls due at {visit.DueAt:O}, not at {dueAt:O}; measuring from the former");
            dueAt = visit.DueAt;
        }

        Console.WriteLine($"p3: {pending.Count} + {due.Count} properties registered ({rate:0}/s); {due.Count} visits fall due at {dueAt:HH:mm:ss} UTC" +
            (registeredBefore ? "" : " — registration ran past that instant, so the figure includes registering"));

        // Wait for the cards, counting only those of deadlines due at T (other cards may exist).
        long raised = 0;
        DateTime? last = null;
        var progress = Stopwatch.StartNew();
        while (raised < due.Count)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250));
            await using var command = system.DataSource.CreateCommand(
                "SELECT count(*), max(recorded_at) FROM journal WHERE event_type = 'alert-raised' AND (payload->>'dueAt')::timestamptz BETWEEN @from AND @to");
            command.Parameters.AddWithValue("from", dueAt.AddSeconds(-1));
            command.Parameters.AddWithValue("to", dueAt.AddSeconds(1));
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var count = reader.GetInt64(0);
            if (count > raised || DateTimeOffset.UtcNow < dueAt)
            {
                progress.Restart();
            }

            (raised, last) = (count, reader.IsDBNull(1) ? null : reader.GetDateTime(1));
            if (progress.Elapsed > NoProgress)
            {
                break;
            }
        }

        var seconds = last is { } l ? (new DateTimeOffset(l, TimeSpan.Zero) - dueAt).TotalSeconds : double.NaN;
        var perSecond = raised / seconds;
        var reminders = await system.ScalarAsync<long>("SELECT count(*) FROM orleans_reminders");
        var entities = await system.ScalarAsync<long>("SELECT count(*) FROM orleans_storage WHERE graintypestring IN ('property/rental-property', 'person/monitored-person')");
        var indexed = await system.PendingDeadlinesAsync();
        new Markdown("due at once", "raised", "all raised after", "alerts/s", "100k due at this rate", "goal", "pending deadlines (cell indexes)", "entities", "reminder rows", "cells", "reminders per cell")
            .Row(due.Count, raised, $"{seconds:0.0} s", perSecond, $"{100_000 / perSecond:0} s", "≤ 60 s for 100k", indexed, entities, reminders, system.Cells, (double)reminders / system.Cells)
            .Print("P3 deadlines falling due at the same instant");
        system.Costs.Add(("deadline falling due → card raised", $"{perSecond:0} alerts/s", "P3"));
        system.Costs.Add(("reminder rows", $"{reminders} for {system.Cells} cells and {entities:#,0} entities (per cell, not per entity)", "P3"));
        if (raised < due.Count)
        {
            Console.WriteLine($"p3: only {raised} of {due.Count} cards raised, no progress for {NoProgress.TotalSeconds:0} s");
        }

        // Reminders are per cell (a sweep and a presence check at most) and per community (reconciliation), never per entity.
        return raised == due.Count && reminders <= (system.Cells * 3) + 10;
    }
}
