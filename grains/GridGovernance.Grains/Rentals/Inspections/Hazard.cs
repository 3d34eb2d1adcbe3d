using GridGovernance.Contracts.Rentals;

namespace GridGovernance.Grains.Rentals.Inspections;

/// <summary>A fire hazard as the property keeps it; its rectification deadline has the id <see cref="DeadlineId"/>.</summary>
[GenerateSerializer, Alias("gg.fire-hazard")]
public sealed class Hazard
{
    /// <summary>Deterministic from the inspection id and the item (<see cref="FireChecklist.HazardId"/>).</summary>
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public required FireHazardItem Item { get; init; }

    /// <summary>The rule id (FS-03..FS-06).</summary>
    [Id(2)] public required string Rule { get; init; }

    [Id(3)] public required Guid InspectionId { get; init; }

    [Id(4)] public required DateTimeOffset FoundAt { get; init; }

    [Id(5)] public required DateTimeOffset DueAt { get; init; }

    [Id(6)] public HazardStatus Status { get; set; }

    [Id(7)] public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The id of its rectification deadline (and so of its alert).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string DeadlineId => "hazard:" + Id;

    public HazardView ToView() => new(Id, Item, Rule, FoundAt, DueAt, Status);
}

/// <summary>The hazard list of a property: what an inspection's findings open and close. Pure, so tests need no cluster.</summary>
internal static class HazardRegister
{
    /// <summary>Closed hazards kept in state for display (the journal has them all); open ones are always kept.</summary>
    public const int KeptClosed = 10;

    /// <summary>
    /// Applies an inspection's findings: a failed item opens a hazard unless one of that item is open already (it stands,
    /// with its first deadline); a passed item rectifies the open hazard of that item. Items not judged change nothing.
    /// </summary>
    public static (List<Hazard> Opened, List<Hazard> Rectified) Apply(
        this List<Hazard> hazards, Guid inspectionId, IReadOnlyList<ItemFinding> findings, DateTimeOffset at, Func<FireHazardItem, DateTimeOffset> dueAt)
    {
        var opened = new List<Hazard>();
        var rectified = new List<Hazard>();
        foreach (var finding in findings)
        {
            var open = hazards.Find(h => h.Status == HazardStatus.Open && h.Item == finding.Item);
            if (finding.Failed && open is null)
            {
                var hazard = new Hazard
                {
                    Id = FireChecklist.HazardId(inspectionId, finding.Item),
                    Item = finding.Item,
                    Rule = FireChecklist.RuleOf(finding.Item),
                    InspectionId = inspectionId,
                    FoundAt = at,
                    DueAt = dueAt(finding.Item),
                };
                hazards.Add(hazard);
                opened.Add(hazard);
            }
            else if (!finding.Failed && open is not null)
            {
                open.Status = HazardStatus.Rectified;
                open.ClosedAt = at;
                rectified.Add(open);
            }
        }

        Prune(hazards);
        return (opened, rectified);
    }

    /// <summary>Open hazards, earliest due first.</summary>
    public static HazardViews OpenViews(this IReadOnlyList<Hazard> hazards) =>
        new([.. hazards.Where(h => h.Status == HazardStatus.Open).OrderBy(h => h.DueAt).Select(h => h.ToView())]);

    public static void Prune(List<Hazard> hazards)
    {
        var old = hazards.Where(h => h.Status != HazardStatus.Open).OrderByDescending(h => h.ClosedAt).Skip(KeptClosed).ToHashSet();
        if (old.Count > 0)
        {
            hazards.RemoveAll(old.Contains);
        }
    }
}
