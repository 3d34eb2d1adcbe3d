using GridGovernance.Benchmarks.Infrastructure;
using GridGovernance.Contracts;

namespace GridGovernance.Benchmarks.Scenarios;

/// <summary>
/// P5: the silo's memory (after a forced full GC in it) with every property and person this run registered active,
/// then idle: entity grains deactivated (Orleans' activation collection forced with a 1 s age instead of waiting for
/// the default collection age), the district and cells active. Bytes per active grain and per registered entity are extrapolated to a
/// city (100k properties, 10k people) all active, goal ≤ 1.5 GB, and to 1 M registered properties idle, goal ≤ 4 GB.
/// </summary>
internal sealed class MemoryScenario : IScenario
{
    private const double GiB = 1 << 30;

    public string Name => "p5";

    public async Task<bool> RunAsync(BenchSystem system)
    {
        var properties = system.RegisteredProperties.Distinct().ToList();
        var people = system.EnrolledPeople.Distinct().ToList();
        await Parallel.ForEachAsync(properties, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (id, ct) => await system.Grains.Property(id).GetAsync(ct));
        await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (id, ct) => await system.Grains.Person(id).GetAsync(ct));
        var active = await system.ActivationsAsync();
        var activeMemory = await system.SiloMemoryAsync();
        await system.HoldAsync("all active");

        // Idle: every grain deactivated (collection forced with a 1 s age instead of the default's wait), then the
        // grains that stay busy in production brought back — the district, its communities and every cell with its
        // deadline index — so what is left per entity is what an idle registered entity costs.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var management = system.Grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.FromSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var emptyMemory = await system.SiloMemoryAsync();
        await system.Grains.District(system.Demo.District).GetOverviewAsync();
        var pending = await system.PendingDeadlinesAsync();
        var idle = await system.ActivationsAsync();
        var idleMemory = await system.SiloMemoryAsync();
        await system.HoldAsync("idle");

        var baseline = system.SiloBaseline;
        var activeCount = active.Values.Sum();
        var idleCount = idle.Values.Sum();
        var entities = properties.Count + people.Count;
        // With --gcdump, from the live heap (the firm figure); otherwise from the managed figure, which keeps the
        // fragmentation left by registering and load, so it gives upper bounds.
        static double Bytes(SiloMemory m) => m.Live ?? m.Managed;
        var source = idleMemory.Live is null ? "managed (process view: an upper bound)" : "live heap (gcdump)";
        var perGrain = (Bytes(activeMemory) - Bytes(idleMemory)) / Math.Max(1, activeCount - idleCount);
        // Against the baseline: an idle entity's cell index entry and directory cache entry stay in the silo.
        var perEntity = Math.Max(0, Bytes(idleMemory) - Bytes(baseline)) / Math.Max(1, entities);
        var leftBehind = Math.Max(0, Bytes(emptyMemory) - Bytes(baseline)) / Math.Max(1, entities);
        var cityActive = Bytes(baseline) + (110_000 * (perEntity + perGrain));
        var millionIdle = Bytes(baseline) + (1_000_000 * perEntity);

        static string Live(SiloMemory m) => m.Live is { } live ? Markdown.MiB(live) : "(--gcdump)";
        new Markdown("silo", "activations", "resident", "managed (heap + fragmentation)", "live heap", "note")
            .Row("after grid import (baseline)", "", Markdown.MiB(baseline.Resident), Markdown.MiB(baseline.Managed), Live(baseline), $"{system.Cells} cells")
            .Row("all active", activeCount, Markdown.MiB(activeMemory.Resident), Markdown.MiB(activeMemory.Managed), Live(activeMemory), $"{properties.Count:#,0} properties, {people.Count:#,0} people; {Top(active)}")
            .Row("everything deactivated", "", Markdown.MiB(emptyMemory.Resident), Markdown.MiB(emptyMemory.Managed), Live(emptyMemory), "")
            .Row("idle: entities deactivated, district and cells active", idleCount, Markdown.MiB(idleMemory.Resident), Markdown.MiB(idleMemory.Managed), Live(idleMemory), $"{pending:#,0} pending deadlines indexed; {Top(idle)}")
            .Print("P5 silo working set");
        new Markdown("figure (from the " + source + ")", "value", "goal")
            .Row("bytes per active grain: (all active − idle) / activations collected", $"{perGrain:#,0}", "")
            .Row("bytes per idle registered entity: (idle − baseline) / entities", $"{perEntity:#,0}", "")
            .Row("of which left with every grain deactivated: (everything deactivated − baseline) / entities", $"{leftBehind:#,0}", "")
            .Row("a city all active (110k entities): baseline + 110k × both", $"{cityActive / GiB:0.00} GiB", "≤ 1.5 GB")
            .Row("1 M registered properties, idle deactivated: baseline + 1 M × per idle entity", $"{millionIdle / GiB:0.00} GiB", "≤ 4 GB")
            .Print("P5 extrapolated");
        Console.WriteLine("The process needs more than its live heap (the GC's headroom: compare the resident column); the managed figure keeps the fragmentation left by registering and load.");

        system.Costs.Add(("silo memory per active entity grain", $"{perGrain:#,0} bytes, {source}", "P5"));
        system.Costs.Add(("silo memory per registered entity, deactivated", $"{perEntity:#,0} bytes, {source}", "P5"));
        system.Costs.Add(("silo baseline (grid imported, no entities)", $"{Markdown.MiB(baseline.Resident)} resident, {Markdown.MiB(baseline.Managed)} managed", "P5"));
        return activeCount > idleCount && entities > 0;
    }

    private static string Top(IReadOnlyDictionary<string, int> activations) =>
        string.Join(", ", activations.OrderByDescending(a => a.Value).Take(4).Select(a => $"{a.Key.Split(',')[0].Split('.')[^1]} {a.Value:#,0}"));
}
