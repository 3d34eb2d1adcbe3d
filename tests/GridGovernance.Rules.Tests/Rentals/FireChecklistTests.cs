using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Grains.Rentals.Inspections;

namespace GridGovernance.Rules.Tests.Rentals;

/// <summary>The fire-safety checklist rules, without a cluster.</summary>
public sealed class FireChecklistTests
{
    private static readonly FireSafetyPolicy Policy = new();

    private static readonly FireChecklistAnswers AllClear = new(false, false, false, false, null, VulnerableHousehold.None);

    [Fact]
    public void FS03_EBikeInCorridor_FailsWithRuleFs03()
    {
        var findings = FireChecklist.Judge(AllClear with { EBikesInCommonAreas = true }, Policy);

        var failed = Assert.Single(findings, f => f.Failed);
        Assert.Equal((FireHazardItem.EBikeInCommonArea, "FS-03"), (failed.Item, FireChecklist.RuleOf(failed.Item)));
        Assert.Equal(Policy.EBikeRectificationDays, FireChecklist.RectificationDays(failed.Item, Policy));
    }

    [Fact]
    public void FS04_FlammableGoodsWithLiving_FailsWithRuleFs04()
    {
        var failed = Assert.Single(FireChecklist.Judge(AllClear with { FlammableGoodsWithLiving = true }, Policy), f => f.Failed);

        Assert.Equal((FireHazardItem.FlammableGoodsWithLiving, "FS-04"), (failed.Item, FireChecklist.RuleOf(failed.Item)));
    }

    [Fact]
    public void FS05_GrillesAndBlockedExits_AreTwoItemsUnderFs05()
    {
        var failed = FireChecklist.Judge(AllClear with { GrillesWithoutEscapeWindow = true, ExitsBlocked = true }, Policy).Where(f => f.Failed).ToList();

        Assert.Equal([FireHazardItem.GrilleWithoutEscapeWindow, FireHazardItem.BlockedExit], failed.Select(f => f.Item));
        Assert.All(failed, f => Assert.Equal("FS-05", FireChecklist.RuleOf(f.Item)));
        Assert.Equal(Policy.BlockedExitRectificationDays, FireChecklist.RectificationDays(FireHazardItem.BlockedExit, Policy));
        Assert.Equal(Policy.GrilleRectificationDays, FireChecklist.RectificationDays(FireHazardItem.GrilleWithoutEscapeWindow, Policy));
    }

    [Fact]
    public void FS03_FS05_AllClear_JudgesFourItemsAllPassed()
    {
        var findings = FireChecklist.Judge(AllClear, Policy);

        Assert.Equal(4, findings.Count);
        Assert.DoesNotContain(findings, f => f.Failed);
    }

    [Theory]
    [InlineData(SmallPlaceType.Shop, 300.0, null, true)]
    [InlineData(SmallPlaceType.Shop, 300.5, null, false)]
    [InlineData(SmallPlaceType.Workshop, 250.0, 24.0, true)]
    [InlineData(SmallPlaceType.Workshop, 251.0, 10.0, false)]
    [InlineData(SmallPlaceType.Workshop, 100.0, 24.5, false)]
    [InlineData(SmallPlaceType.Entertainment, 200.0, null, true)]
    [InlineData(SmallPlaceType.Entertainment, 201.0, null, false)]
    public void FS06_SizeLimits_DecideWhetherItIsASmallPlace(SmallPlaceType type, double area, double? height, bool small)
    {
        Assert.Equal(small, FireChecklist.IsSmallPlace(new SmallPlace(type, area, height, false, 2, true), Policy));
    }

    [Fact]
    public void FS06_SmallPlaceChecks_SleepingInsideTooFewExtinguishersNoLighting_AllFail()
    {
        var place = new SmallPlace(SmallPlaceType.Shop, 80, null, SleepingInside: true, Extinguishers: 1, EmergencyLighting: false);

        var failed = FireChecklist.Judge(AllClear with { SmallPlace = place }, Policy).Where(f => f.Failed).Select(f => f.Item).ToList();

        Assert.Equal([FireHazardItem.SmallPlaceSleepingInside, FireHazardItem.SmallPlaceExtinguishers, FireHazardItem.SmallPlaceEmergencyLighting], failed);
        Assert.All(failed, item => Assert.Equal("FS-06", FireChecklist.RuleOf(item)));
    }

    [Fact]
    public void FS06_CompliantSmallPlace_PassesItsThreeChecks()
    {
        var place = new SmallPlace(SmallPlaceType.Workshop, 200, 12, false, 2, true);

        var findings = FireChecklist.Judge(AllClear with { SmallPlace = place }, Policy);

        Assert.Equal(7, findings.Count);
        Assert.DoesNotContain(findings, f => f.Failed);
    }

    [Fact]
    public void FS06_PlaceAboveTheLimits_IsNotJudgedAsASmallPlace()
    {
        var place = new SmallPlace(SmallPlaceType.Entertainment, 450, null, true, 0, false);

        var findings = FireChecklist.Judge(AllClear with { SmallPlace = place }, Policy);

        Assert.Equal(4, findings.Count);
    }

    [Theory]
    [InlineData(SmallPlaceType.Shop, -1.0, null, 2, "checklist.smallPlace.areaSquareMetres")]
    [InlineData(SmallPlaceType.Shop, double.NaN, null, 2, "checklist.smallPlace.areaSquareMetres")]
    [InlineData(SmallPlaceType.Shop, 50.0, 0.0, 2, "checklist.smallPlace.heightMetres")]
    [InlineData(SmallPlaceType.Workshop, 50.0, null, 2, "checklist.smallPlace.heightMetres")]
    [InlineData(SmallPlaceType.Shop, 50.0, null, -1, "checklist.smallPlace.extinguishers")]
    [InlineData((SmallPlaceType)9, 50.0, null, 2, "checklist.smallPlace.type")]
    public void FS06_OutOfRangeSmallPlace_IsInvalidNamingTheField(SmallPlaceType type, double area, double? height, int extinguishers, string field)
    {
        var outcome = FireChecklist.Validate(Inspect(AllClear with { SmallPlace = new SmallPlace(type, area, height, false, extinguishers, true) }));

        Assert.Equal((OutcomeKind.Invalid, field), (outcome?.Kind, outcome?.Field));
    }

    [Fact]
    public void FS02_UnknownVulnerableFlag_IsInvalid()
    {
        var outcome = FireChecklist.Validate(Inspect(AllClear with { Vulnerable = (VulnerableHousehold)8 }));

        Assert.Equal((OutcomeKind.Invalid, "checklist.vulnerable"), (outcome?.Kind, outcome?.Field));
    }

    [Fact]
    public void RH09_InspectionRegradeWithoutReasonOrWithUnknownGrade_IsInvalid()
    {
        Assert.Equal("gradeReason", FireChecklist.Validate(Inspect(AllClear) with { NewGrade = RiskGrade.Orange })?.Field);
        Assert.Equal("newGrade", FireChecklist.Validate(Inspect(AllClear) with { NewGrade = (RiskGrade)7, GradeReason = "x" })?.Field);
        Assert.Null(FireChecklist.Validate(Inspect(AllClear) with { NewGrade = RiskGrade.Red, GradeReason = "illegal structure" }));
    }

    [Fact]
    public void HazardId_IsDeterministicFromInspectionAndItem()
    {
        var inspection = Guid.NewGuid();

        Assert.Equal(FireChecklist.HazardId(inspection, FireHazardItem.BlockedExit), FireChecklist.HazardId(inspection, FireHazardItem.BlockedExit));
        Assert.NotEqual(FireChecklist.HazardId(inspection, FireHazardItem.BlockedExit), FireChecklist.HazardId(inspection, FireHazardItem.GrilleWithoutEscapeWindow));
        Assert.StartsWith(inspection.ToString("N"), FireChecklist.HazardId(inspection, FireHazardItem.BlockedExit), StringComparison.Ordinal);
    }

    [Fact]
    public void HazardRegister_FailOpensOnce_PassRectifies_NotJudgedLeavesOpen()
    {
        var hazards = new List<Hazard>();
        var at = new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
        DateTimeOffset Due(FireHazardItem item) => at.AddDays(3);

        var (opened, _) = hazards.Apply(Guid.NewGuid(), [new(FireHazardItem.EBikeInCommonArea, true), new(FireHazardItem.SmallPlaceSleepingInside, true)], at, Due);
        var (again, _) = hazards.Apply(Guid.NewGuid(), [new(FireHazardItem.EBikeInCommonArea, true)], at.AddDays(1), Due);
        var (_, rectified) = hazards.Apply(Guid.NewGuid(), [new(FireHazardItem.EBikeInCommonArea, false)], at.AddDays(2), Due);

        Assert.Equal(2, opened.Count);
        Assert.Empty(again);
        Assert.Equal(opened[0].Id, Assert.Single(rectified).Id);
        Assert.Equal([FireHazardItem.SmallPlaceSleepingInside], hazards.OpenViews().Select(h => h.Item));
    }

    private static Inspection Inspect(FireChecklistAnswers answers) =>
        new(Guid.NewGuid(), new VisitCommand(Guid.NewGuid(), new WorkerId(Guid.NewGuid()), new GeoPoint(113.39, 22.525), 5, DateTimeOffset.UnixEpoch, null), answers, null, null);
}
