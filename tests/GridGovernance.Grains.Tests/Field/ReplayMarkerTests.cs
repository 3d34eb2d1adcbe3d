using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Grains.Tests.Infrastructure;
using GridGovernance.Grains.Tests.Rentals;

namespace GridGovernance.Grains.Tests.Field;

/// <summary>
/// Commands a phone may send again tell a first application from a replay (<see cref="Outcome.Replayed"/>), so that a
/// batch sync can answer "accepted" or "duplicate"; the same id with other content stays a conflict.
/// </summary>
[Collection(GrainCluster.Name)]
public sealed class ReplayMarkerTests(GrainClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    [Fact]
    public async Task PropertyVisit_FirstIsNotReplayed_SecondIsReplayedWithTheSameAnswer_OtherContentIsAConflict()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var visit = new VisitCommand(Guid.NewGuid(), RentalKit.Worker, RentalKit.Location, 5, Now, "门口");

        var first = await property.RecordVisitAsync(visit, "worker:test");
        var second = await property.RecordVisitAsync(visit, "worker:test");
        var other = await property.RecordVisitAsync(visit with { Note = "其他" }, "worker:test");

        Assert.Equal((OutcomeKind.Ok, false), (first.Outcome.Kind, first.Outcome.Replayed));
        Assert.Equal((OutcomeKind.Ok, true), (second.Outcome.Kind, second.Outcome.Replayed));
        Assert.Equal((first.Proximity, first.RecordedAt, first.NextVisitDue), (second.Proximity, second.RecordedAt, second.NextVisitDue));
        Assert.Equal((OutcomeKind.Conflict, "visit-id-reused", false), (other.Outcome.Kind, other.Outcome.Problem, other.Outcome.Replayed));
    }

    [Fact]
    public async Task PersonVisit_FirstIsNotReplayed_SecondIsReplayed_OtherContentIsAConflict()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var person = Grains.Person(new PersonId(Guid.NewGuid()));
        var home = TestGrid.Centre(0, 1);
        Assert.True((await person.EnrolAsync(new Enrolment(grid.District, "对象", Gender.Male, home, Programme.CommunityDrugRehabilitation, null, null,
            new DateOnly(2026, 2, 1), Now - TimeSpan.FromDays(20), null), "test")).IsOk);
        var visit = new VisitCommand(Guid.NewGuid(), RentalKit.Worker, home, 5, Now, null);

        var first = await person.RecordVisitAsync(visit, "worker:test");
        var second = await person.RecordVisitAsync(visit, "worker:test");
        var other = await person.RecordVisitAsync(visit with { AccuracyMetres = 6 }, "worker:test");

        Assert.Equal((OutcomeKind.Ok, false), (first.Outcome.Kind, first.Outcome.Replayed));
        Assert.Equal((OutcomeKind.Ok, true), (second.Outcome.Kind, second.Outcome.Replayed));
        Assert.Equal(OutcomeKind.Conflict, other.Outcome.Kind);
    }

    [Fact]
    public async Task Tenancy_FirstIsNotReplayed_SecondIsReplayed_OtherContentIsAConflict()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var tenancy = RentalKit.Tenancy(Now - TimeSpan.FromDays(1));

        var first = await property.RegisterTenancyAsync(tenancy, "landlord");
        var second = await property.RegisterTenancyAsync(tenancy, "landlord");
        var other = await property.RegisterTenancyAsync(tenancy with { TenantName = "别人" }, "landlord");

        Assert.Equal((OutcomeKind.Ok, false), (first.Kind, first.Replayed));
        Assert.Equal((OutcomeKind.Ok, true), (second.Kind, second.Replayed));
        Assert.Equal((OutcomeKind.Conflict, "tenancy-id-reused"), (other.Kind, other.Problem));
    }

    [Fact]
    public async Task MoveOutAndTenantReports_FirstIsNotReplayed_SecondIsReplayed_AnotherDateIsAConflict()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var tenancy = RentalKit.Tenancy(Now - TimeSpan.FromDays(5));
        Assert.True((await property.RegisterTenancyAsync(tenancy, "landlord")).IsOk);
        var movedOut = Now - TimeSpan.FromDays(1);

        var arrival = await property.RecordTenantReportAsync(tenancy.TenancyId, TenantReportKind.Arrival, "landlord");
        var arrivalAgain = await property.RecordTenantReportAsync(tenancy.TenancyId, TenantReportKind.Arrival, "landlord");
        var moveOut = await property.RecordMoveOutAsync(tenancy.TenancyId, movedOut, "landlord");
        var moveOutAgain = await property.RecordMoveOutAsync(tenancy.TenancyId, movedOut, "landlord");
        var moveOutOther = await property.RecordMoveOutAsync(tenancy.TenancyId, movedOut - TimeSpan.FromHours(1), "landlord");
        var departure = await property.RecordTenantReportAsync(tenancy.TenancyId, TenantReportKind.Departure, "landlord");
        var departureAgain = await property.RecordTenantReportAsync(tenancy.TenancyId, TenantReportKind.Departure, "landlord");

        Assert.Equal([false, true, false, true, false, true], new[] { arrival, arrivalAgain, moveOut, moveOutAgain, departure, departureAgain }.Select(o => o.Replayed));
        Assert.All(new[] { arrival, arrivalAgain, moveOut, moveOutAgain, departure, departureAgain }, o => Assert.True(o.IsOk, o.Detail));
        Assert.Equal((OutcomeKind.Conflict, "already-moved-out", false), (moveOutOther.Kind, moveOutOther.Problem, moveOutOther.Replayed));
    }

    [Fact]
    public async Task Inspection_FirstIsNotReplayed_SecondIsReplayedWithTheSameAnswer_OtherContentIsAConflict()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var inspection = RentalKit.Inspection(Now, RentalKit.AllClear with { ExitsBlocked = true });

        var first = await property.InspectAsync(inspection, "worker:test");
        var second = await property.InspectAsync(inspection, "worker:test");
        var other = await property.InspectAsync(inspection with { Checklist = RentalKit.AllClear }, "worker:test");

        Assert.Equal((OutcomeKind.Ok, false, false), (first.Outcome.Kind, first.Outcome.Replayed, first.Visit!.Outcome.Replayed));
        Assert.Equal((OutcomeKind.Ok, true, true), (second.Outcome.Kind, second.Outcome.Replayed, second.Visit!.Outcome.Replayed));
        Assert.Equal(first.HazardsOpened, second.HazardsOpened);
        Assert.Equal((OutcomeKind.Conflict, "inspection-id-reused"), (other.Outcome.Kind, other.Outcome.Problem));
    }
}
