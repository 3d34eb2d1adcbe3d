using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests.Rentals;

/// <summary>A rental property run for two months of simulated time: tenants in and out, inspections, regrades.</summary>
[Collection(ScenarioCluster.Name)]
public sealed class RentalScenarioTests(ScenarioClusterFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private IGrainFactory Grains => fixture.Grains;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    [Fact]
    public async Task RH02_RH09_FS03_FS05_TwoMonthsOfAProperty_DeadlinesAndAlertsFollowTheRules()
    {
        var started = Now;
        var (property, id, grid) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);

        // Day 0: tenant A moves in and is reported; the first inspection finds e-bikes in the corridor and grades YELLOW.
        var tenantA = RentalKit.Tenancy(Now);
        await property.RegisterTenancyAsync(tenantA, "landlord");
        await property.RecordTenantReportAsync(tenantA.TenancyId, TenantReportKind.Arrival, "landlord");
        var first = await property.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear with { EBikesInCommonAreas = true }, RiskGrade.Yellow, "e-bikes charging in the corridor"), "worker");
        var eBike = Assert.Single(first.HazardsOpened);
        Assert.Equal(Now + TimeSpan.FromDays(14), first.Visit!.NextVisitDue);

        // Day 6: the e-bike hazard is overdue → alert; the follow-up finds it fixed (late) → the alert resolves.
        Step(6);
        var eBikeAlert = await AlertRaisedAsync(grid, id, "hazard:" + eBike);
        var second = await property.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear), "worker");
        Assert.Equal([eBike], second.HazardsRectified);
        Assert.Equal(AlertStatus.Resolved, (await Grains.Alert(eBikeAlert).GetAsync())!.Status);
        Assert.Equal(DeadlineStatus.MetLate, await StatusAsync(property, "hazard:" + eBike));

        // Tenant B moves in; the landlord forgets the RH-02 report → alert on the property; reported late → resolved.
        var tenantB = RentalKit.Tenancy(Now);
        await property.RegisterTenancyAsync(tenantB, "landlord");
        var reportB = (await property.GetAsync())!.Deadlines.Single(d => d.Id == $"tenant-report:{tenantB.TenancyId:N}");
        Step(6);
        AdvanceBeyond(reportB.DueAt);
        var reportAlert = await AlertRaisedAsync(grid, id, reportB.Id);
        await property.RecordTenantReportAsync(tenantB.TenancyId, TenantReportKind.Arrival, "landlord");
        Assert.Equal(AlertStatus.Resolved, (await Grains.Alert(reportAlert).GetAsync())!.Status);
        await VisitAsync(property);
        Assert.Equal((0, 0), Pending((await property.GetAsync())!)); // both reported, both verified by the visit

        // Day ~18: an inspection finds a blocked exit, a vulnerable household, and grades ORANGE (RH-09: weekly).
        Step(6);
        var third = await property.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear with { ExitsBlocked = true, Vulnerable = VulnerableHousehold.ElderlyLivingAlone }, RiskGrade.Orange, "exit blocked by goods"), "worker");
        var exit = Assert.Single(third.HazardsOpened);
        Assert.Equal(Now + TimeSpan.FromDays(7), third.Visit!.NextVisitDue);

        // Day ~24: the exit is still blocked → alert; tenant A moves out and the departure is reported on time.
        Step(6);
        var exitAlert = await AlertRaisedAsync(grid, id, "hazard:" + exit);
        await VisitAsync(property);
        await property.RecordMoveOutAsync(tenantA.TenancyId, Now - TimeSpan.FromHours(2), "landlord");
        Assert.Equal(1, (await property.GetAsync())!.TenanciesPendingReport);
        await property.RecordTenantReportAsync(tenantA.TenancyId, TenantReportKind.Departure, "landlord");
        Assert.Equal(DeadlineStatus.Met, await StatusAsync(property, $"tenant-departure-report:{tenantA.TenancyId:N}"));

        // Day ~30: the exit is cleared (late) → its alert resolves.
        Step(6);
        var fourth = await property.InspectAsync(RentalKit.Inspection(Now, RentalKit.AllClear with { Vulnerable = VulnerableHousehold.ElderlyLivingAlone }), "worker");
        Assert.Equal([exit], fourth.HazardsRectified);
        Assert.Equal(AlertStatus.Resolved, (await Grains.Alert(exitAlert).GetAsync())!.Status);

        // Day ~36: an illegal structure is found → RED (RH-07): no new tenants.
        Step(6);
        Assert.True((await property.RegradeAsync(new Regrade(Guid.NewGuid(), RiskGrade.Red, "illegal rooftop structure"), "officer")).IsOk);
        Assert.Equal("not-rentable", (await property.RegisterTenancyAsync(RentalKit.Tenancy(Now), "landlord")).Problem);
        await VisitAsync(property);

        // Weekly visits until two months have passed: nothing is missed.
        while (Now - started < TimeSpan.FromDays(60))
        {
            Step(6);
            await VisitAsync(property);
        }

        var summary = (await property.GetAsync())!;
        Assert.Equal((RiskGrade.Red, 1, 0, 0), (summary.Grade, summary.ActiveTenancies, summary.TenanciesPendingReport, summary.TenanciesPendingVerification));
        Assert.Empty(summary.OpenHazards);
        Assert.Equal(VulnerableHousehold.ElderlyLivingAlone, summary.Vulnerable);
        Assert.DoesNotContain(summary.Deadlines, d => d.Status == DeadlineStatus.Missed);
        var visit = Assert.Single(summary.Deadlines, d => d.Kind == DeadlineKind.Visit && d.Status == DeadlineStatus.Pending);
        Assert.Equal((summary.LastVisitedAt + TimeSpan.FromDays(7), "RH-09"), (visit.DueAt, visit.Rule));
        await Eventually.ReturnsAsync(() => Grains.Cell(grid.A2).GetSummaryAsync().AsTask(), s => s!.OpenAlerts == 0, Wait, $"no open alert left in {grid.A2}");
    }

    /// <summary>The only place the scenario's clock moves forward.</summary>
    private void Step(int days) => fixture.Time.Advance(TimeSpan.FromDays(days));

    /// <summary>Makes sure <paramref name="due"/> has passed (a holiday may push a working-day deadline past a step).</summary>
    private void AdvanceBeyond(DateTimeOffset due)
    {
        if (Now <= due)
        {
            fixture.Time.Advance(due - Now + TimeSpan.FromMinutes(1));
        }
    }

    private async Task<string> AlertRaisedAsync(TestGrid grid, PropertyId id, string deadlineId)
    {
        var key = AlertKeys.For(RentalKit.Ref(id), deadlineId);
        await Grains.Cell(grid.A2).SweepAsync();
        await Eventually.ReturnsAsync(() => Grains.Alert(key).GetAsync().AsTask(), a => a is { Status: AlertStatus.Open }, Wait, $"the open alert {key} at {Now:u}");
        await Eventually.ReturnsAsync(() => Grains.Property(id).GetAsync().AsTask(), p => p!.Deadlines.Any(d => d.Id == deadlineId && d.Status == DeadlineStatus.Missed), Wait, $"{deadlineId} recorded missed");
        return key;
    }

    private async Task VisitAsync(IRentalPropertyGrain property)
    {
        var result = await property.RecordVisitAsync(new VisitCommand(Guid.NewGuid(), RentalKit.Worker, RentalKit.Location, 5, Now, null), "worker");
        Assert.True(result.Outcome.IsOk, result.Outcome.Detail);
    }

    private static async Task<DeadlineStatus> StatusAsync(IRentalPropertyGrain property, string deadlineId) =>
        (await property.GetAsync())!.Deadlines.Single(d => d.Id == deadlineId).Status;

    private static (int Report, int Verification) Pending(PropertySummary summary) => (summary.TenanciesPendingReport, summary.TenanciesPendingVerification);
}
