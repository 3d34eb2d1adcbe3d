using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Rentals;

namespace GridGovernance.Grains.Rentals.Inspections;

/// <summary>One checklist item as an inspection judged it.</summary>
/// <param name="Item">The item.</param>
/// <param name="Failed">True when the hazard was found.</param>
public readonly record struct ItemFinding(FireHazardItem Item, bool Failed);

/// <summary>
/// The fire-safety checklist rules (FS-02..FS-06): which items an inspection judges, which fail, the "three small
/// places" size test, each item's rule and rectification period. Pure, so tests need no cluster.
/// </summary>
internal static class FireChecklist
{
    private const double MaxAreaSquareMetres = 100_000;
    private const double MaxHeightMetres = 1_000;
    private const int MaxExtinguishers = 1_000;
    private const int MaxReasonLength = 500;

    private static readonly VulnerableHousehold AllVulnerable =
        VulnerableHousehold.ElderlyLivingAlone | VulnerableHousehold.Disabled | VulnerableHousehold.LeftBehindChildren;

    /// <summary>The rule an item rests on.</summary>
    public static string RuleOf(FireHazardItem item) => item switch
    {
        FireHazardItem.EBikeInCommonArea => "FS-03",
        FireHazardItem.FlammableGoodsWithLiving => "FS-04",
        FireHazardItem.GrilleWithoutEscapeWindow or FireHazardItem.BlockedExit => "FS-05",
        _ => "FS-06",
    };

    /// <summary>Calendar days to fix the item (FireSafetyPolicy).</summary>
    public static int RectificationDays(FireHazardItem item, FireSafetyPolicy policy) => item switch
    {
        FireHazardItem.EBikeInCommonArea => policy.EBikeRectificationDays,
        FireHazardItem.FlammableGoodsWithLiving => policy.GoodsWithLivingRectificationDays,
        FireHazardItem.GrilleWithoutEscapeWindow => policy.GrilleRectificationDays,
        FireHazardItem.BlockedExit => policy.BlockedExitRectificationDays,
        _ => policy.SmallPlaceRectificationDays,
    };

    /// <summary>The hazard's id: the same inspection finding the same item always names the same hazard.</summary>
    public static string HazardId(Guid inspectionId, FireHazardItem item) => $"{inspectionId:N}:{CodeOf(item)}";

    /// <summary>A short stable code of the item, for ids.</summary>
    public static string CodeOf(FireHazardItem item) => item switch
    {
        FireHazardItem.EBikeInCommonArea => "e-bike",
        FireHazardItem.FlammableGoodsWithLiving => "goods-with-living",
        FireHazardItem.GrilleWithoutEscapeWindow => "grille",
        FireHazardItem.BlockedExit => "blocked-exit",
        FireHazardItem.SmallPlaceSleepingInside => "small-place-sleeping",
        FireHazardItem.SmallPlaceExtinguishers => "small-place-extinguishers",
        _ => "small-place-lighting",
    };

    /// <summary>
    /// FS-06 (PRACTICE, Guangdong): whether the place is within the "three small places" limits (shop ≤ 300 m²,
    /// workshop ≤ 250 m² per floor and ≤ 24 m high, entertainment ≤ 200 m²). A larger place is not a small place.
    /// </summary>
    public static bool IsSmallPlace(SmallPlace place, FireSafetyPolicy policy) => place.Type switch
    {
        SmallPlaceType.Shop => place.AreaSquareMetres <= policy.SmallShopMaxSquareMetres,
        SmallPlaceType.Workshop => place.AreaSquareMetres <= policy.SmallWorkshopMaxSquareMetresPerFloor
            && place.HeightMetres is { } height && height <= policy.SmallWorkshopMaxHeightMetres,
        SmallPlaceType.Entertainment => place.AreaSquareMetres <= policy.SmallEntertainmentMaxSquareMetres,
        _ => false,
    };

    /// <summary>
    /// The items an inspection judged: FS-03..FS-05 always; FS-06 only when a small place within the limits is on the
    /// premises (no sleeping inside, enough 4 kg ABC extinguishers, emergency lighting).
    /// </summary>
    public static IReadOnlyList<ItemFinding> Judge(FireChecklistAnswers answers, FireSafetyPolicy policy)
    {
        List<ItemFinding> findings =
        [
            new(FireHazardItem.EBikeInCommonArea, answers.EBikesInCommonAreas),
            new(FireHazardItem.FlammableGoodsWithLiving, answers.FlammableGoodsWithLiving),
            new(FireHazardItem.GrilleWithoutEscapeWindow, answers.GrillesWithoutEscapeWindow),
            new(FireHazardItem.BlockedExit, answers.ExitsBlocked),
        ];
        if (answers.SmallPlace is { } place && IsSmallPlace(place, policy))
        {
            findings.Add(new(FireHazardItem.SmallPlaceSleepingInside, place.SleepingInside));
            findings.Add(new(FireHazardItem.SmallPlaceExtinguishers, place.Extinguishers < policy.SmallPlaceMinExtinguishers));
            findings.Add(new(FireHazardItem.SmallPlaceEmergencyLighting, !place.EmergencyLighting));
        }

        return findings;
    }

    /// <summary>The inspection's own validation (the visit is validated as a check-in); null when valid.</summary>
    public static Outcome? Validate(Inspection inspection)
    {
        if (inspection.InspectionId == Guid.Empty)
        {
            return Outcome.Invalid("inspectionId", "missing-field", "inspectionId is required (a UUID the phone generates once per inspection).");
        }

        if (inspection.Visit is null)
        {
            return Outcome.Invalid("visit", "missing-field", "An inspection is a visit: visit is required.");
        }

        if (inspection.Checklist is not { } checklist)
        {
            return Outcome.Invalid("checklist", "missing-field", "checklist is required.");
        }

        if ((checklist.Vulnerable & ~AllVulnerable) != 0)
        {
            return Outcome.Invalid("checklist.vulnerable", "invalid-value", "FS-02: vulnerable is a combination of ElderlyLivingAlone, Disabled and LeftBehindChildren.");
        }

        if (checklist.SmallPlace is { } place && Validate(place) is { } invalid)
        {
            return invalid;
        }

        return inspection.NewGrade is null ? null : ValidateGrade(inspection.NewGrade, inspection.GradeReason, "newGrade", "gradeReason");
    }

    /// <summary>A new grade and its reason; null when valid.</summary>
    public static Outcome? ValidateGrade(RiskGrade? grade, string? reason, string gradeField, string reasonField)
    {
        if (grade is not { } value || !Enum.IsDefined(value))
        {
            return Outcome.Invalid(gradeField, "invalid-grade", "grade is GREEN, YELLOW, ORANGE or RED.");
        }

        return string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength
            ? Outcome.Invalid(reasonField, "missing-field", "A change of grade needs a reason (at most 500 characters).")
            : null;
    }

    private static Outcome? Validate(SmallPlace place)
    {
        const string Prefix = "checklist.smallPlace.";
        if (!Enum.IsDefined(place.Type))
        {
            return Outcome.Invalid(Prefix + "type", "invalid-value", "FS-06: type is Shop, Workshop or Entertainment.");
        }

        if (!double.IsFinite(place.AreaSquareMetres) || place.AreaSquareMetres <= 0 || place.AreaSquareMetres > MaxAreaSquareMetres)
        {
            return Outcome.Invalid(Prefix + "areaSquareMetres", "out-of-range", "areaSquareMetres must be a number > 0 and ≤ 100000.");
        }

        if (place.HeightMetres is { } height && (!double.IsFinite(height) || height <= 0 || height > MaxHeightMetres))
        {
            return Outcome.Invalid(Prefix + "heightMetres", "out-of-range", "heightMetres must be a number > 0 and ≤ 1000.");
        }

        if (place.Type == SmallPlaceType.Workshop && place.HeightMetres is null)
        {
            return Outcome.Invalid(Prefix + "heightMetres", "missing-field", "FS-06: a workshop's height decides whether it is a small place.");
        }

        return place.Extinguishers is < 0 or > MaxExtinguishers
            ? Outcome.Invalid(Prefix + "extinguishers", "out-of-range", "extinguishers must be between 0 and 1000.")
            : null;
    }
}
