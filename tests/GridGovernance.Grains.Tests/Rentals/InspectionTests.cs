using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Grains.Calendar;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests.Rentals;

/// <summary>Fire-safety inspections (FS-02..FS-06) on a property grain: hazards, their deadlines and alerts.</summary>
[Collection(GrainCluster.Name)]
public sealed class InspectionTests(GrainClusterFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private IGrainFactory Grains => fixture.Grains;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    [Fact]
    public async Task FS03_EBikeInCorridor_BecomesHazardWithDeadline()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var inspection = RentalKit.Inspection(Now, RentalKit.AllClear with { EBikesInCommonAreas = true });

        var result = await property.InspectAsync(inspection, "worker:test");

        Assert.True(result.Outcome.IsOk, result.Outcome.Detail);
        var hazard = Assert.Single((await property.GetAsync())!.OpenHazards);
        Assert.Equal([hazard.Id], result.HazardsOpened);
        Assert.Equal((FireHazardItem.EBikeInCommonArea, "FS-03", Now, HazardStatus.Open), (hazard.Item, hazard.Rule, hazard.FoundAt, hazard.Status));
        Assert.Equal(WorkingDayCalendar.China.EndOfCalendarDaysAfter(Now, 3), hazard.DueAt);
        var deadline = Assert.Single((await property.GetAsync())!.Deadlines, d => d.Kind == DeadlineKind.HazardRectification);
        Assert.Equal(("FS-03", hazard.DueAt, DeadlineStatus.Pending), (deadline.Rule, deadline.DueAt, deadline.Status));
        Assert.Equal(Now, (await property.GetAsync())!.LastVisitedAt); // an inspection is a visit
    }

    [Fact]
    public async Task FS04_FlammableGoodsWithLivingQuarters_BecomesHazard()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);

        await property.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear with { FlammableGoodsWithLiving = true }), "worker:test");

        var hazard = Assert.Single((await property.GetAsync())!.OpenHazards);
        Assert.Equal((FireHazardItem.FlammableGoodsWithLiving, "FS-04", WorkingDayCalendar.China.EndOfCalendarDaysAfter(Now, 7)), (hazard.Item, hazard.Rule, hazard.DueAt));
    }

    [Fact]
    public async Task FS05_GrillesWithoutEscapeWindowAndBlockedExits_BecomeTwoHazards()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);

        await property.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear with { GrillesWithoutEscapeWindow = true, ExitsBlocked = true }), "worker:test");

        var hazards = (await property.GetAsync())!.OpenHazards;
        Assert.Equal([FireHazardItem.BlockedExit, FireHazardItem.GrilleWithoutEscapeWindow], hazards.Select(h => h.Item)); // earliest due first
        Assert.All(hazards, h => Assert.Equal("FS-05", h.Rule));
    }

    [Fact]
    public async Task FS06_SmallShopFailingItsChecks_BecomesThreeHazards_LargeShopIsNotASmallPlace()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var failing = new SmallPlace(SmallPlaceType.Shop, 120, null, SleepingInside: true, Extinguishers: 1, EmergencyLighting: false);

        var small = await property.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear with { SmallPlace = failing }), "worker:test");
        var (other, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var large = await other.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear with { SmallPlace = failing with { AreaSquareMetres = 350 } }), "worker:test");

        Assert.True(small.IsSmallPlace);
        Assert.Equal(
            [FireHazardItem.SmallPlaceSleepingInside, FireHazardItem.SmallPlaceExtinguishers, FireHazardItem.SmallPlaceEmergencyLighting],
            (await property.GetAsync())!.OpenHazards.Select(h => h.Item).Order());
        Assert.All((await property.GetAsync())!.OpenHazards, h => Assert.Equal("FS-06", h.Rule));
        Assert.False(large.IsSmallPlace);
        Assert.Empty((await other.GetAsync())!.OpenHazards);
    }

    [Theory]
    [InlineData(-5.0, null, 2, "checklist.smallPlace.areaSquareMetres")]
    [InlineData(100.0, -3.0, 2, "checklist.smallPlace.heightMetres")]
    [InlineData(100.0, 6.0, -1, "checklist.smallPlace.extinguishers")]
    public async Task FS06_OutOfRangeSizesOrNegativeCounts_AreInvalidNamingTheFieldAndChangeNothing(double area, double? height, int extinguishers, string field)
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var before = RentalKit.Snapshot(await property.GetAsync());

        var result = await property.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear with { SmallPlace = new SmallPlace(SmallPlaceType.Workshop, area, height, false, extinguishers, true) }), "worker:test");

        Assert.Equal((OutcomeKind.Invalid, field), (result.Outcome.Kind, result.Outcome.Field));
        Assert.Equal(before, RentalKit.Snapshot(await property.GetAsync()));
    }

    [Fact]
    public async Task FS02_VulnerableHousehold_IsFlagged()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var flags = VulnerableHousehold.ElderlyLivingAlone | VulnerableHousehold.LeftBehindChildren;

        await property.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear with { Vulnerable = flags }), "worker:test");

        var summary = (await property.GetAsync())!;
        Assert.Equal(flags, summary.Vulnerable);
        Assert.Empty(summary.OpenHazards); // a flag, not a hazard
    }

    [Fact]
    public async Task FS02_UnknownEnumValues_AreInvalidNamingTheFieldAndChangeNothing()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var before = RentalKit.Snapshot(await property.GetAsync());

        var flags = await property.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear with { Vulnerable = (VulnerableHousehold)64 }), "worker:test");
        var type = await property.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear with { SmallPlace = new SmallPlace((SmallPlaceType)5, 50, null, false, 2, true) }), "worker:test");
        var grade = await property.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear, (RiskGrade)8, "x"), "worker:test");

        Assert.Equal((OutcomeKind.Invalid, "checklist.vulnerable"), (flags.Outcome.Kind, flags.Outcome.Field));
        Assert.Equal((OutcomeKind.Invalid, "checklist.smallPlace.type"), (type.Outcome.Kind, type.Outcome.Field));
        Assert.Equal((OutcomeKind.Invalid, "newGrade"), (grade.Outcome.Kind, grade.Outcome.Field));
        Assert.Equal(before, RentalKit.Snapshot(await property.GetAsync()));
    }

    [Fact]
    public async Task FS03_HazardFixedByFollowUpInspectionOnTime_IsClosedAndItsDeadlineMet()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        await property.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear with { EBikesInCommonAreas = true }), "worker:test");
        var hazard = Assert.Single((await property.GetAsync())!.OpenHazards);
        fixture.Time.Advance(TimeSpan.FromDays(1));

        var followUp = await property.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear), "worker:test");

        Assert.Equal([hazard.Id], followUp.HazardsRectified);
        var summary = (await property.GetAsync())!;
        Assert.Empty(summary.OpenHazards);
        Assert.Equal(DeadlineStatus.Met, summary.Deadlines.Single(d => d.Id == "hazard:" + hazard.Id).Status);
    }

    [Fact]
    public async Task FS05_HazardNotFixedInTime_RaisesAlert_ThenLateFixResolvesIt()
    {
        var (property, id, grid) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        await property.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear with { ExitsBlocked = true }), "worker:test");
        var hazard = Assert.Single((await property.GetAsync())!.OpenHazards);
        var key = AlertKeys.For(RentalKit.Ref(id), "hazard:" + hazard.Id);

        fixture.Time.Advance(hazard.DueAt - Now + TimeSpan.FromMinutes(1));
        await Grains.Cell(grid.A2).SweepAsync();
        var alert = await Eventually.ReturnsAsync(() => Grains.Alert(key).GetAsync().AsTask(), a => a is not null, Wait, $"the FS-05 alert {key}");
        await Eventually.ReturnsAsync(() => property.GetAsync().AsTask(), p => p!.Deadlines.Any(d => d.Id == "hazard:" + hazard.Id && d.Status == DeadlineStatus.Missed), Wait, "the hazard deadline missed");

        var followUp = await property.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear), "worker:test");

        Assert.Equal(("FS-05", DeadlineKind.HazardRectification), (alert!.Spec.Rule, alert.Spec.Kind));
        Assert.Equal([hazard.Id], followUp.HazardsRectified);
        Assert.Equal(DeadlineStatus.MetLate, (await property.GetAsync())!.Deadlines.Single(d => d.Id == "hazard:" + hazard.Id).Status);
        Assert.Equal(AlertStatus.Resolved, (await Grains.Alert(key).GetAsync())!.Status);
    }

    [Fact]
    public async Task FS04_SameItemFailingAgain_KeepsTheOneOpenHazard()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        await property.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear with { FlammableGoodsWithLiving = true }), "worker:test");
        var first = Assert.Single((await property.GetAsync())!.OpenHazards);

        var again = await property.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear with { FlammableGoodsWithLiving = true }), "worker:test");

        Assert.Empty(again.HazardsOpened);
        Assert.Equal(first, Assert.Single((await property.GetAsync())!.OpenHazards));
    }

    [Fact]
    public async Task Inspection_SameIdSameContent_SameAnswer_OtherContent_ConflictAndChangesNothing()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var inspection = RentalKit.Inspection(Now, RentalKit.AllClear with { EBikesInCommonAreas = true });

        var first = await property.InspectAsync(inspection, "worker:test");
        var before = RentalKit.Snapshot(await property.GetAsync());
        var replay = await property.InspectAsync(inspection, "worker:test");
        var conflict = await property.InspectAsync(inspection with { Checklist = RentalKit.AllClear }, "worker:test");

        Assert.True(first.Outcome.IsOk, first.Outcome.Detail);
        Assert.Equal(RentalKit.Snapshot(first), RentalKit.Snapshot(replay));
        Assert.Equal((OutcomeKind.Conflict, "inspectionId"), (conflict.Outcome.Kind, conflict.Outcome.Field));
        Assert.Equal(before, RentalKit.Snapshot(await property.GetAsync()));
    }

    [Fact]
    public async Task Inspection_ReusingARecordedVisitId_IsAConflictAndChangesNothing()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var visit = new VisitCommand(Guid.NewGuid(), RentalKit.Worker, RentalKit.Location, 5, Now, null);
        await property.RecordVisitAsync(visit, "worker:test");
        var before = RentalKit.Snapshot(await property.GetAsync());

        var result = await property.InspectAsync(new Inspection(Guid.NewGuid(), visit, RentalKit.AllClear with { ExitsBlocked = true }, null, null), "worker:test");

        Assert.Equal((OutcomeKind.Conflict, "visit.visitId"), (result.Outcome.Kind, result.Outcome.Field));
        Assert.Equal(before, RentalKit.Snapshot(await property.GetAsync()));
    }

    [Fact]
    public async Task RH09_InspectionWithNewGrade_RegradesAndPlansTheNextVisitByIt()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);

        var result = await property.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear with { ExitsBlocked = true }, RiskGrade.Orange, "exits blocked by goods"), "worker:test");

        var summary = (await property.GetAsync())!;
        var visit = summary.Deadlines.Single(d => d.Kind == DeadlineKind.Visit && d.Status == DeadlineStatus.Pending);
        Assert.Equal((RiskGrade.Orange, Now + TimeSpan.FromDays(7)), (summary.Grade, visit.DueAt));
        Assert.Equal(visit.DueAt, result.Visit!.NextVisitDue);
    }

    [Fact]
    public async Task Hazard_WithdrawUnknownOrBlank_IsNotFoundOrInvalid_AndKnownIsCancelled()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        await property.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear with { GrillesWithoutEscapeWindow = true }), "worker:test");
        var hazard = Assert.Single((await property.GetAsync())!.OpenHazards);
        var before = RentalKit.Snapshot(await property.GetAsync());

        var unknown = await property.WithdrawHazardAsync("no-such-hazard", "typo", "officer");
        var blank = await property.WithdrawHazardAsync(" ", "typo", "officer");
        Assert.Equal(before, RentalKit.Snapshot(await property.GetAsync()));
        var withdrawn = await property.WithdrawHazardAsync(hazard.Id, "recorded at the wrong address", "officer");

        Assert.Equal(OutcomeKind.NotFound, unknown.Kind);
        Assert.Equal((OutcomeKind.Invalid, "hazardId"), (blank.Kind, blank.Field));
        Assert.True(withdrawn.IsOk, withdrawn.Detail);
        var summary = (await property.GetAsync())!;
        Assert.Empty(summary.OpenHazards);
        Assert.Equal(DeadlineStatus.Cancelled, summary.Deadlines.Single(d => d.Id == "hazard:" + hazard.Id).Status);
    }

    [Fact]
    public async Task Inspection_OnAnUnregisteredProperty_IsNotFound()
    {
        var result = await Grains.Property(new PropertyId(Guid.NewGuid())).InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear), "worker:test");

        Assert.Equal(OutcomeKind.NotFound, result.Outcome.Kind);
    }
}
