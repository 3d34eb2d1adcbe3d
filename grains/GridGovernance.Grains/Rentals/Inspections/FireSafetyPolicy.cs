using System.ComponentModel.DataAnnotations;

namespace GridGovernance.Grains.Rentals.Inspections;

/// <summary>Fire-safety inspections (FS-02..FS-06): rectification deadlines and the "three small places" limits.</summary>
public sealed class FireSafetyPolicy
{
    /// <summary>FS-03 (LAW item, PRACTICE deadline): days to move e-bikes out of corridors, stairs and lifts.</summary>
    [Range(1, 365)] public int EBikeRectificationDays { get; set; } = 3;

    /// <summary>FS-04: days to separate stored flammable goods from living quarters.</summary>
    [Range(1, 365)] public int GoodsWithLivingRectificationDays { get; set; } = 7;

    /// <summary>FS-05: days to open an escape window in security grilles.</summary>
    [Range(1, 365)] public int GrilleRectificationDays { get; set; } = 15;

    /// <summary>FS-05: days to clear partitions or goods blocking exits.</summary>
    [Range(1, 365)] public int BlockedExitRectificationDays { get; set; } = 1;

    /// <summary>FS-06: days to fix a "three small places" failure (sleeping inside, extinguishers, emergency lighting).</summary>
    [Range(1, 365)] public int SmallPlaceRectificationDays { get; set; } = 7;

    /// <summary>FS-06 (PRACTICE, Guangdong): a small shop is at most this many m².</summary>
    [Range(1, 100_000)] public double SmallShopMaxSquareMetres { get; set; } = 300;

    /// <summary>FS-06: a small workshop is at most this many m² per floor.</summary>
    [Range(1, 100_000)] public double SmallWorkshopMaxSquareMetresPerFloor { get; set; } = 250;

    /// <summary>FS-06: and at most this many metres high.</summary>
    [Range(1, 1_000)] public double SmallWorkshopMaxHeightMetres { get; set; } = 24;

    /// <summary>FS-06: a small entertainment place is at most this many m².</summary>
    [Range(1, 100_000)] public double SmallEntertainmentMaxSquareMetres { get; set; } = 200;

    /// <summary>FS-06: at least this many 4 kg ABC extinguishers.</summary>
    [Range(0, 100)] public int SmallPlaceMinExtinguishers { get; set; } = 2;
}
