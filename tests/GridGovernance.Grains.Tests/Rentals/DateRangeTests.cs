using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests.Rentals;

/// <summary>
/// Dates that feed deadline arithmetic are checked before anything changes (B1): out of range they are refused as
/// Invalid naming the field, and nothing is stored — not on the entity, and not in the cell it would have joined.
/// </summary>
[Collection(GrainCluster.Name)]
public sealed class DateRangeTests(GrainClusterFixture fixture)
{
    private static readonly DateTimeOffset NearTheEndOfTime = new(9999, 12, 30, 0, 0, 0, TimeSpan.Zero);

    private IGrainFactory Grains => fixture.Grains;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    public static TheoryData<string> Impossible => ["end of time", "before 2000", "tomorrow"];

    [Theory]
    [MemberData(nameof(Impossible))]
    public async Task RegisterProperty_LastVisitedAtOutOfRange_InvalidNamingIt_NothingStored_NoCellJoined(string which)
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var id = new PropertyId(Guid.NewGuid());
        var property = Grains.Property(id);

        var outcome = await property.RegisterAsync(
            new RegisterProperty(grid.District, "石岐出租屋路8号", RentalKit.Location, new Landlord("房东", "13800000000"), RiskGrade.Green, Date(which)), "test");

        Assert.Equal((OutcomeKind.Invalid, "lastVisitedAt", "impossible-date"), (outcome.Kind, outcome.Field, outcome.Problem));
        Assert.Null(await property.GetAsync());
        Assert.DoesNotContain(RentalKit.Ref(id), await Grains.Cell(grid.A2).GetMembersAsync());
        Assert.Equal(0, (await Grains.Cell(grid.A2).GetSummaryAsync())?.Properties ?? 0);
    }

    [Fact]
    public async Task RegisterProperty_LastVisitedAtAtTheEdges_IsAccepted()
    {
        var (early, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Instants.Earliest);
        var (now, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now + TimeSpan.FromMinutes(4));

        Assert.Equal(Instants.Earliest, (await early.GetAsync())!.LastVisitedAt);
        Assert.NotNull(await now.GetAsync());
    }

    [Theory]
    [MemberData(nameof(Impossible))]
    public async Task Enrol_LastVisitedAtOutOfRange_InvalidNamingIt_NothingStored_NoCellJoined(string which)
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var id = new PersonId(Guid.NewGuid());
        var person = Grains.Person(id);

        var outcome = await person.EnrolAsync(new Enrolment(grid.District, "对象", Gender.Male, TestGrid.Centre(0, 1), Programme.CommunityDrugRehabilitation, null, null,
            new DateOnly(2026, 2, 1), Now - TimeSpan.FromDays(20), Date(which)), "test");

        Assert.Equal((OutcomeKind.Invalid, "lastVisitedAt"), (outcome.Kind, outcome.Field));
        Assert.Null(await person.GetAsync());
        Assert.DoesNotContain(new EntityRef(EntityKind.MonitoredPerson, id.Value), await Grains.Cell(grid.B1).GetMembersAsync());
    }

    [Theory]
    [MemberData(nameof(Impossible))]
    public async Task RegisterTenancy_MoveInAtOutOfRange_InvalidNamingIt_NothingChanged(string which)
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var before = RentalKit.Snapshot(await property.GetAsync());

        var outcome = await property.RegisterTenancyAsync(RentalKit.Tenancy(Date(which)), "test");

        Assert.Equal((OutcomeKind.Invalid, "moveInAt", "impossible-date"), (outcome.Kind, outcome.Field, outcome.Problem));
        Assert.Empty((await property.GetTenanciesAsync())!);
        Assert.Equal(before, RentalKit.Snapshot(await property.GetAsync()));
    }

    [Fact]
    public async Task MoveOut_OutOfRange_InvalidNamingIt_NothingChanged()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var tenancy = RentalKit.Tenancy(Now - TimeSpan.FromDays(2));
        Assert.True((await property.RegisterTenancyAsync(tenancy, "test")).IsOk);
        var before = RentalKit.Snapshot(await property.GetAsync()) + RentalKit.Snapshot(await property.GetTenanciesAsync());

        var late = await property.RecordMoveOutAsync(tenancy.TenancyId, NearTheEndOfTime, "test");
        var early = await property.RecordMoveOutAsync(tenancy.TenancyId, new DateTimeOffset(1999, 12, 31, 0, 0, 0, TimeSpan.Zero), "test");

        Assert.Equal((OutcomeKind.Invalid, "movedOutAt"), (late.Kind, late.Field));
        Assert.Equal((OutcomeKind.Invalid, "movedOutAt"), (early.Kind, early.Field));
        Assert.Equal(before, RentalKit.Snapshot(await property.GetAsync()) + RentalKit.Snapshot(await property.GetTenanciesAsync()));
    }

    private DateTimeOffset Date(string which) => which switch
    {
        "end of time" => NearTheEndOfTime,
        "before 2000" => new DateTimeOffset(1999, 12, 31, 23, 0, 0, TimeSpan.FromHours(8)),
        _ => Now + TimeSpan.FromDays(1),
    };
}
