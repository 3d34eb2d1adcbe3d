using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.CommandCentre;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Geography;
using GridGovernance.Grains.CommandCentre;

namespace GridGovernance.Grains.Tests.CommandCentre;

/// <summary>A cell's month of alerts: counted by key, so repeated reports and the journal's reconciliation count once.</summary>
public sealed class AlertMonthTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 4, 12, 0, 0, Instants.ChinaOffset);

    [Fact]
    public void Raised_ThenResolvedYellow_CountsOnceEach_HoweverOftenReported()
    {
        var month = new AlertMonth();
        var raised = Alert("a", Noon);
        var resolved = raised with { Status = AlertStatus.Resolved, ResolvedAt = Noon.AddHours(3), ResolvedOnTime = true };

        Assert.True(month.Observe(raised, "2026-12"));
        Assert.False(month.Observe(raised, "2026-12"));
        Assert.True(month.Observe(resolved, "2026-12"));
        Assert.False(month.Observe(resolved, "2026-12"));

        Assert.Equal(new AlertTally("2026-12", 1, 1, 1), month.ToTally("2026-12"));
        Assert.Equal(1.0, month.ToTally("2026-12").OnTimeRate);
    }

    [Fact]
    public void ResolvedRed_IsClosedLate_AndTheRateCountsIt()
    {
        var month = new AlertMonth();
        month.Observe(Alert("a", Noon) with { Status = AlertStatus.Resolved, ResolvedAt = Noon, ResolvedOnTime = true }, "2026-12");
        month.Observe(Alert("b", Noon) with { Level = AlertLevel.Red, Status = AlertStatus.Resolved, ResolvedAt = Noon, ResolvedOnTime = false }, "2026-12");
        month.Observe(Alert("c", Noon), "2026-12");

        var tally = month.ToTally("2026-12");
        Assert.Equal(new AlertTally("2026-12", 3, 2, 1), tally);
        Assert.Equal(0.5, tally.OnTimeRate);
    }

    [Fact]
    public void MonthsAreChinaTime_AndALaterMonthStartsEmpty()
    {
        var month = new AlertMonth();
        // 2026-11-30 23:30 in China is 15:30 UTC the same day: still November there.
        var lateNovember = new DateTimeOffset(2026, 11, 30, 15, 30, 0, TimeSpan.Zero);
        Assert.Equal("2026-11", AlertTally.MonthOf(lateNovember));
        Assert.Equal("2026-12", AlertTally.MonthOf(lateNovember.AddHours(1)));

        month.Observe(Alert("a", lateNovember), "2026-11");
        Assert.Equal(1, month.ToTally("2026-11").Raised);
        Assert.Equal(AlertTally.Empty("2026-12"), month.ToTally("2026-12"));

        // Resolved in December: closed in December, raised in November (not December).
        Assert.True(month.Observe(Alert("a", lateNovember) with { Status = AlertStatus.Resolved, ResolvedAt = lateNovember.AddHours(2), ResolvedOnTime = true }, "2026-12"));
        Assert.Equal(new AlertTally("2026-12", 0, 1, 1), month.ToTally("2026-12"));
    }

    [Fact]
    public void Merge_AddsWhatTheJournalHasAndTheCellMissed_Once()
    {
        var month = new AlertMonth();
        month.Observe(Alert("a", Noon), "2026-12");
        var record = new AlertMonthRecord("2026-12", ["a", "b"], ["b"], []);

        Assert.True(month.Merge(record, "2026-12"));
        Assert.False(month.Merge(record, "2026-12"));
        Assert.False(month.Merge(record with { Month = "2026-11", Raised = ["z"] }, "2026-12"));

        Assert.Equal(new AlertTally("2026-12", 2, 1, 1), month.ToTally("2026-12"));
    }

    [Fact]
    public void Sum_CountsOnlyTheMonthAsked()
    {
        var sum = AlertTally.Sum("2026-12", [new AlertTally("2026-12", 2, 2, 1), new AlertTally("2026-11", 9, 9, 9), null, new AlertTally("2026-12", 1, 2, 2)]);
        Assert.Equal(new AlertTally("2026-12", 3, 4, 3), sum);
        Assert.Equal(0.75, sum.OnTimeRate);
        Assert.Null(AlertTally.Empty("2026-12").OnTimeRate);
    }

    private static AlertView Alert(string key, DateTimeOffset raisedAt) =>
        new(key, new AlertSpec(new EntityRef(EntityKind.RentalProperty, Guid.NewGuid()), "visit:1", DeadlineKind.Visit, raisedAt, new CellCode("T-A-1"), new CommunityCode("T-A"), "RH-09"),
            AlertLevel.Yellow, AlertStatus.Open, raisedAt, null);
}
