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
        await Task.Delay(TimeSpan.FromSeconds(2));
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
        // Managed heap after a full GC: what the grains hold, without the collector's headroom or load-grown pools.
        var perGrain = (double)(activeMemory.Managed - idleMemory.Managed) / Math.Max(1, activeCount - idleCount);
        // Against the baseline, not the "everything deactivated" point: the silo keeps memory after the entities are
        // deactivated, and it grows with them (see docs/PERFORMANCE.md), so it is part of what a registered entity costs.
        var perEntity = Math.Max(0, (double)(idleMemory.Managed - baseline.Managed)) / Math.Max(1, entities);
        var cityActive = baseline.Resident + (110_000 * (perEntity + perGrain));
        var millionIdle = baseline.Resident + (1_000_000 * perEntity);

        new Markdown("silo", "activations", "resident", "managed heap", "note")
            .Row("after grid import (baseline)", "", Markdown.MiB(baseline.Resident), Markdown.MiB(baseline.Managed), $"{system.Cells} cells")
            .Row("all active", activeCount, Markdown.MiB(activeMemory.Resident), Markdown.MiB(activeMemory.Managed), $"{properties.Count:#,0} properties, {people.Count:#,0} people; {Top(active)}")
            .Row("everything deactivated", "", Markdown.MiB(emptyMemory.Resident), Markdown.MiB(emptyMemory.Managed), "")
            .Row("idle: entities deactivated, district and cells active", idleCount, Markdown.MiB(idleMemory.Resident), Markdown.MiB(idleMemory.Managed), $"{pending:#,0} pending deadlines indexed; {Top(idle)}")
            .Print("P5 silo working set");
        new Markdown("figure", "value", "goal")
            .Row("managed bytes per active grain: (all active − idle) / activations collected", $"{perGrain:#,0}", "")
            .Row("managed bytes per idle registered entity: (idle − baseline) / entities (an upper bound: the cells' own cost and pools grown by the load are in it)", $"{perEntity:#,0}", "")
            .Row("of which left with every grain deactivated: (everything deactivated − baseline) / entities", $"{Math.Max(0, (double)(emptyMemory.Managed - baseline.Managed)) / Math.Max(1, entities):#,0}", "")
            .Row("a city all active (110k entities): baseline resident + 110k × both", $"{cityActive / GiB:0.00} GiB", "≤ 1.5 GB")
            .Row("1 M registered properties, idle deactivated: baseline resident + 1 M × per entity", $"{millionIdle / GiB:0.00} GiB", "≤ 4 GB")
            .Print("P5 extrapolated");
        Console.WriteLine("Extrapolated from the managed heap; the resident set adds the collector's headroom (see the rows above). Small runs make the deltas noisy.");

        system.Costs.Add(("silo memory per active entity grain", $"{perGrain:#,0} bytes (managed)", "P5"));
        system.Costs.Add(("silo memory per registered entity, deactivated", $"{perEntity:#,0} bytes (managed)", "P5"));
        system.Costs.Add(("silo baseline (grid imported, no entities)", $"{Markdown.MiB(baseline.Resident)} resident, {Markdown.MiB(baseline.Managed)} managed", "P5"));
        return activeCount > idleCount && entities > 0;
    }

    private static string Top(IReadOnlyDictionary<string, int> activations) =>
        string.Join(", ", activations.OrderByDescending(a => a.Value).Take(4).Select(a => $"{a.Key.Split(',')[0].Split('.')[^1]} {a.Value:#,0}"));
}
