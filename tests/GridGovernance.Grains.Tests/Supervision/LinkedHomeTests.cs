using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests.Supervision;

/// <summary>GR-06: a monitored person living at a rental property tightens its visits while the link holds.</summary>
[Collection(GrainCluster.Name)]
public sealed class LinkedHomeTests(GrainClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    [Fact]
    public async Task GR06_PersonLinkedToProperty_TightensItsVisits_UnlinkingRestores_NeverTwoVisitsPlanned()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var lastVisit = Now - TimeSpan.FromDays(2);
        var propertyId = new PropertyId(Guid.NewGuid());
        var property = Grains.Property(propertyId);
        Assert.True((await property.RegisterAsync(new RegisterProperty(grid.District, "石岐联动路1号", TestGrid.Centre(1, 0), new Landlord("房东", "13800000000"), RiskGrade.Green, lastVisit), "test")).IsOk);
        var person = Grains.Person(new PersonId(Guid.NewGuid()));
        Assert.True((await person.EnrolAsync(new Enrolment(grid.District, "对象", Gender.Male, TestGrid.Centre(1, 0), Programme.CommunityCorrection,
            SentenceType.Probation, null, DateOnly.FromDateTime(Now.UtcDateTime), Now, null), "test")).IsOk);

        Assert.True((await person.LinkHomeAsync(propertyId, "officer")).IsOk);
        Assert.True((await person.LinkHomeAsync(propertyId, "officer")).IsOk);
        var linked = PendingVisit(await property.GetAsync());

        Assert.True((await person.LinkHomeAsync(null, "officer")).IsOk);
        var unlinked = PendingVisit(await property.GetAsync());

        Assert.Equal((lastVisit + TimeSpan.FromDays(7), "GR-06"), (linked.DueAt, linked.Rule));
        Assert.Equal((lastVisit + TimeSpan.FromDays(21), "RH-09"), (unlinked.DueAt, unlinked.Rule));
    }

    [Fact]
    public async Task RH09_GR06_ATighterIntervalNeverMakesTheVisitOverdueTheMomentItApplies()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var property = Grains.Property(new PropertyId(Guid.NewGuid()));
        Assert.True((await property.RegisterAsync(new RegisterProperty(grid.District, "石岐联动路2号", TestGrid.Centre(1, 0), new Landlord("房东", "13800000000"), RiskGrade.Green, Now - TimeSpan.FromDays(10)), "test")).IsOk);

        Assert.True((await property.RegradeAsync(new Regrade(Guid.NewGuid(), RiskGrade.Red, "违法建筑"), "officer")).IsOk);
        await Grains.Cell(grid.A2).SweepAsync();

        var visit = PendingVisit(await property.GetAsync());
        Assert.True(visit.DueAt > Now + TimeSpan.FromHours(12), $"the re-planned visit is due {visit.DueAt}, not already past at {Now}");
        Assert.Equal(0, (await Grains.Cell(grid.A2).GetSummaryAsync())!.OpenAlerts);
    }

    [Fact]
    public async Task GR06_LinkToAnUnregisteredProperty_IsRefusedNamingTheFieldAndChangesNothing()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var person = Grains.Person(new PersonId(Guid.NewGuid()));
        Assert.True((await person.EnrolAsync(new Enrolment(grid.District, "对象", Gender.Female, TestGrid.Centre(1, 0), Programme.CommunityDrugRehabilitation,
            null, null, DateOnly.FromDateTime(Now.UtcDateTime), null, null), "test")).IsOk);

        var outcome = await person.LinkHomeAsync(new PropertyId(Guid.NewGuid()), "officer");

        Assert.Equal((OutcomeKind.NotFound, "home"), (outcome.Kind, outcome.Field));
    }

    private static DeadlineView PendingVisit(PropertySummary? summary) =>
        Assert.Single(summary!.Deadlines, d => d.Kind == DeadlineKind.Visit && d.Status == DeadlineStatus.Pending);
}
