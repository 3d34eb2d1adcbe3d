using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Grains.Calendar;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests.Rentals;

/// <summary>The tenancy lifecycle (RH-01/RH-02), the risk grade (RH-07/RH-09) on a property grain.</summary>
[Collection(GrainCluster.Name)]
public sealed class TenancyTests(GrainClusterFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private IGrainFactory Grains => fixture.Grains;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    [Fact]
    public async Task RH02_MoveOut_DepartureReportDueInThreeWorkingDays()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var tenancy = RentalKit.Tenancy(Now - TimeSpan.FromDays(1));
        await property.RegisterTenancyAsync(tenancy, "test");
        await property.RecordTenantReportAsync(tenancy.TenancyId, TenantReportKind.Arrival, "landlord");
        var movedOut = Now - TimeSpan.FromHours(1);

        var outcome = await property.RecordMoveOutAsync(tenancy.TenancyId, movedOut, "landlord");
        var replay = await property.RecordMoveOutAsync(tenancy.TenancyId, movedOut, "landlord");

        Assert.True(outcome.IsOk, outcome.Detail);
        Assert.True(replay.IsOk, replay.Detail);
        var summary = (await property.GetAsync())!;
        var departure = Assert.Single(summary.Deadlines, d => d.Kind == DeadlineKind.TenantReport && d.Status == DeadlineStatus.Pending);
        Assert.Equal(WorkingDayCalendar.China.EndOfWorkingDaysAfter(movedOut, 3), departure.DueAt);
        Assert.Equal("RH-02", departure.Rule);
        Assert.NotEqual($"tenant-report:{tenancy.TenancyId:N}", departure.Id);
        Assert.Equal((0, 1), (summary.ActiveTenancies, summary.TenanciesPendingReport));

        var early = await property.RecordTenantReportAsync(tenancy.TenancyId, TenantReportKind.Arrival, "landlord");
        Assert.Equal(1, (await property.GetAsync())!.TenanciesPendingReport); // a retried arrival report is not the departure's
        var reported = await property.RecordTenantReportAsync(tenancy.TenancyId, TenantReportKind.Departure, "landlord");
        Assert.True(early.IsOk);

        Assert.True(reported.IsOk);
        summary = (await property.GetAsync())!;
        Assert.Equal(DeadlineStatus.Met, summary.Deadlines.Single(d => d.Id == departure.Id).Status);
        Assert.Equal(0, summary.TenanciesPendingReport);
    }

    [Fact]
    public async Task RH02_OverdueReport_RaisesAlertOnTheProperty()
    {
        var (property, id, grid) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var tenancy = RentalKit.Tenancy(Now);
        await property.RegisterTenancyAsync(tenancy, "test");
        var report = (await property.GetAsync())!.Deadlines.Single(d => d.Kind == DeadlineKind.TenantReport);
        var key = AlertKeys.For(RentalKit.Ref(id), report.Id);

        fixture.Time.Advance(report.DueAt - Now + TimeSpan.FromMinutes(1));
        await Grains.Cell(grid.A2).SweepAsync();

        var alert = await Eventually.ReturnsAsync(() => Grains.Alert(key).GetAsync().AsTask(), a => a is not null, Wait, $"the RH-02 alert {key}");
        Assert.Equal(("RH-02", DeadlineKind.TenantReport, AlertStatus.Open), (alert!.Spec.Rule, alert.Spec.Kind, alert.Status));

        // Reported late: the deadline is met late and the alert resolves.
        await property.RecordTenantReportAsync(tenancy.TenancyId, TenantReportKind.Arrival, "landlord");
        Assert.Equal(DeadlineStatus.MetLate, (await property.GetAsync())!.Deadlines.Single(d => d.Id == report.Id).Status);
        Assert.Equal(AlertStatus.Resolved, (await Grains.Alert(key).GetAsync())!.Status);
    }

    [Fact]
    public async Task RH02_VisitVerifiesReportedActiveTenancies()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var reported = RentalKit.Tenancy(Now);
        var unreported = RentalKit.Tenancy(Now);
        await property.RegisterTenancyAsync(reported, "test");
        await property.RegisterTenancyAsync(unreported, "test");
        await property.RecordTenantReportAsync(reported.TenancyId, TenantReportKind.Arrival, "landlord");
        Assert.Equal((1, 1), Pending((await property.GetAsync())!));

        await property.RecordVisitAsync(new VisitCommand(Guid.NewGuid(), RentalKit.Worker, RentalKit.Location, 5, Now, null), "worker:test");

        Assert.Equal((1, 0), Pending((await property.GetAsync())!));
    }

    [Fact]
    public async Task RH02_MoveOutAtAnImpossibleDate_IsInvalidNamingTheFieldAndChangesNothing()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var tenancy = RentalKit.Tenancy(Now - TimeSpan.FromDays(2));
        await property.RegisterTenancyAsync(tenancy, "test");
        var before = RentalKit.Snapshot(await property.GetAsync());

        var beforeMoveIn = await property.RecordMoveOutAsync(tenancy.TenancyId, tenancy.MoveInAt - TimeSpan.FromDays(1), "landlord");
        var future = await property.RecordMoveOutAsync(tenancy.TenancyId, Now + TimeSpan.FromDays(1), "landlord");
        var unknown = await property.RecordMoveOutAsync(Guid.NewGuid(), Now, "landlord");
        var unknownReport = await property.RecordTenantReportAsync(Guid.NewGuid(), TenantReportKind.Arrival, "landlord");

        Assert.Equal((OutcomeKind.Invalid, "movedOutAt"), (beforeMoveIn.Kind, beforeMoveIn.Field));
        Assert.Equal((OutcomeKind.Invalid, "movedOutAt"), (future.Kind, future.Field));
        Assert.Equal(OutcomeKind.NotFound, unknown.Kind);
        Assert.Equal(OutcomeKind.NotFound, unknownReport.Kind);
        Assert.Equal(before, RentalKit.Snapshot(await property.GetAsync()));
    }

    [Fact]
    public async Task RH02_MoveOutAgainWithAnotherDate_IsAConflictAndChangesNothing()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var tenancy = RentalKit.Tenancy(Now - TimeSpan.FromDays(2));
        await property.RegisterTenancyAsync(tenancy, "test");
        await property.RecordMoveOutAsync(tenancy.TenancyId, Now - TimeSpan.FromDays(1), "landlord");
        var before = RentalKit.Snapshot(await property.GetAsync());

        var conflict = await property.RecordMoveOutAsync(tenancy.TenancyId, Now, "landlord");

        Assert.Equal((OutcomeKind.Conflict, "movedOutAt"), (conflict.Kind, conflict.Field));
        Assert.Equal(before, RentalKit.Snapshot(await property.GetAsync()));
    }

    [Fact]
    public async Task RH07_NewTenancyOnRedProperty_IsRefusedAndChangesNothing()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Red, Now);
        var before = RentalKit.Snapshot(await property.GetAsync());

        var outcome = await property.RegisterTenancyAsync(RentalKit.Tenancy(Now), "test");

        Assert.Equal((OutcomeKind.Conflict, "not-rentable"), (outcome.Kind, outcome.Problem));
        Assert.Contains("RH-07", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(before, RentalKit.Snapshot(await property.GetAsync()));
    }

    [Fact]
    public async Task RH07_RegradeToRed_ThenTenancyRefused_AndClearedBackToGreen_Accepted()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);

        Assert.True((await property.RegradeAsync(new Regrade(Guid.NewGuid(), RiskGrade.Red, "illegal structure on the roof"), "officer")).IsOk);
        Assert.Equal("not-rentable", (await property.RegisterTenancyAsync(RentalKit.Tenancy(Now), "test")).Problem);
        Assert.True((await property.RegradeAsync(new Regrade(Guid.NewGuid(), RiskGrade.Green, "structure removed"), "officer")).IsOk);
        Assert.True((await property.RegisterTenancyAsync(RentalKit.Tenancy(Now), "test")).IsOk);
    }

    [Fact]
    public async Task RH09_RegradeToOrange_ReplansNextVisitAtOnce()
    {
        var registered = Now;
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, registered);
        fixture.Time.Advance(TimeSpan.FromHours(2));
        var regrade = new Regrade(Guid.NewGuid(), RiskGrade.Orange, "overcrowded, e-bikes charging indoors");

        var outcome = await property.RegradeAsync(regrade, "officer");
        var replay = await property.RegradeAsync(regrade, "officer");

        Assert.True(outcome.IsOk, outcome.Detail);
        Assert.True(replay.IsOk, replay.Detail);
        var summary = (await property.GetAsync())!;
        var visit = Assert.Single(summary.Deadlines, d => d.Kind == DeadlineKind.Visit && d.Status == DeadlineStatus.Pending);
        Assert.Equal((RiskGrade.Orange, registered + TimeSpan.FromDays(7), "RH-09"), (summary.Grade, visit.DueAt, visit.Rule));
    }

    [Fact]
    public async Task RH09_RegradeIdReusedWithOtherContent_IsAConflictAndChangesNothing()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var id = Guid.NewGuid();
        await property.RegradeAsync(new Regrade(id, RiskGrade.Yellow, "first"), "officer");
        var before = RentalKit.Snapshot(await property.GetAsync());

        var conflict = await property.RegradeAsync(new Regrade(id, RiskGrade.Orange, "second"), "officer");

        Assert.Equal((OutcomeKind.Conflict, "regradeId"), (conflict.Kind, conflict.Field));
        Assert.Equal(before, RentalKit.Snapshot(await property.GetAsync()));
    }

    [Theory]
    [InlineData((RiskGrade)9, "because", "grade")]
    [InlineData(RiskGrade.Orange, " ", "reason")]
    public async Task RH09_RegradeWithBadInput_IsInvalidNamingTheFieldAndChangesNothing(RiskGrade grade, string reason, string field)
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var before = RentalKit.Snapshot(await property.GetAsync());

        var outcome = await property.RegradeAsync(new Regrade(Guid.NewGuid(), grade, reason), "officer");
        var noId = await property.RegradeAsync(new Regrade(Guid.Empty, RiskGrade.Orange, "x"), "officer");

        Assert.Equal((OutcomeKind.Invalid, field), (outcome.Kind, outcome.Field));
        Assert.Equal((OutcomeKind.Invalid, "regradeId"), (noId.Kind, noId.Field));
        Assert.Equal(before, RentalKit.Snapshot(await property.GetAsync()));
    }

    [Fact]
    public async Task GR06_LinkedResident_IsCountedInTheSummary()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);

        await property.SetResidentAsync(new PersonId(Guid.NewGuid()), true, "test");

        var summary = (await property.GetAsync())!;
        Assert.Equal(1, summary.Residents);
        Assert.Equal("GR-06", summary.Deadlines.Single(d => d.Kind == DeadlineKind.Visit && d.Status == DeadlineStatus.Pending).Rule);
    }

    private static (int Report, int Verification) Pending(PropertySummary summary) => (summary.TenanciesPendingReport, summary.TenanciesPendingVerification);
}
