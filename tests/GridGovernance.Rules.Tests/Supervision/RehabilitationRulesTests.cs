using GridGovernance.Grains.Supervision.Rehabilitation;

namespace GridGovernance.Rules.Tests.Supervision;

/// <summary>DR-03, DR-07, DR-08, DR-13, DR-18, DR-21 as pure rules, without a cluster.</summary>
public sealed class RehabilitationRulesTests
{
    private static readonly DateOnly Start = new(2026, 3, 2);
    private static readonly RehabilitationPolicy Policy = new();

    private static TestSchedule Schedule(params SuspendedPeriod[] suspensions) =>
        new(Start, Policy.TestIntervalMonthsByYear, Policy.ProgrammeYears, suspensions);

    [Fact]
    public void DR18_TestScheduleMonthlyThenBimonthlyThenQuarterly()
    {
        var schedule = Schedule();

        int?[] months = [.. Enumerable.Range(1, 22).Select(schedule.NominalMonth)];

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 18, 20, 22, 24, 27, 30, 33, null], months);
        Assert.Equal(new DateOnly(2026, 4, 2), schedule.DueOn(1));
        Assert.Equal(new DateOnly(2027, 5, 2), schedule.DueOn(13));
        Assert.Equal(new DateOnly(2028, 12, 2), schedule.DueOn(21));
        Assert.Null(schedule.DueOn(22));
    }

    [Fact]
    public void DR18_IntervalsAreConfigurable_LastEntryHoldsBeyond()
    {
        var schedule = new TestSchedule(Start, [6], 2, []);

        Assert.Equal([6, 12, 18], Enumerable.Range(1, 3).Select(n => schedule.NominalMonth(n)!.Value));
        Assert.Null(schedule.NominalMonth(4));
    }

    [Fact]
    public void DR18_FirstDueAfter_SkipsTestsAlreadyPast()
    {
        var schedule = Schedule();

        Assert.Equal(1, schedule.FirstDueAfter(Start));
        Assert.Equal(3, schedule.FirstDueAfter(new DateOnly(2026, 5, 2)));
        Assert.Null(schedule.FirstDueAfter(new DateOnly(2028, 12, 2)));
    }

    [Fact]
    public void DR03_ProgrammeEndsThreeYearsAfterTheReportDate()
    {
        Assert.Equal(new DateOnly(2029, 3, 2), Schedule().EndsOn);
        Assert.Equal(0, Schedule().SuspendedDays);
    }

    [Fact]
    public void DR13_DetentionSuspendsCase_EndDateMovesBySuspendedDays()
    {
        // Detained 10 days in May 2026, 20 days in 2027.
        var schedule = Schedule(new SuspendedPeriod(new DateOnly(2026, 5, 10), new DateOnly(2026, 5, 20)), new SuspendedPeriod(new DateOnly(2027, 7, 1), new DateOnly(2027, 7, 21)));

        Assert.Equal(30, schedule.SuspendedDays);
        Assert.Equal(new DateOnly(2029, 4, 1), schedule.EndsOn);
        Assert.Equal(new DateOnly(2026, 5, 2), schedule.DueOn(2)); // before the first detention: unchanged
        Assert.Equal(new DateOnly(2026, 6, 12), schedule.DueOn(3)); // 2026-06-02 + 10
        // The year-2 boundary moves by the first detention only: 2027-03-02 + 10.
        Assert.Equal(1, schedule.ProgrammeYearOn(new DateOnly(2027, 3, 11)));
        Assert.Equal(2, schedule.ProgrammeYearOn(new DateOnly(2027, 3, 12)));
        Assert.Equal(new DateOnly(2027, 8, 1), schedule.DueOn(14)); // 2027-07-02 + 10 = 07-12, after the detention of 07-01: + 20
    }

    [Fact]
    public void DR13_WhileDetained_LaterDatesAreUnknown()
    {
        var schedule = Schedule(new SuspendedPeriod(new DateOnly(2026, 5, 10), null));

        Assert.Equal(new DateOnly(2026, 5, 2), schedule.DueOn(2));
        Assert.Null(schedule.DueOn(3));
        Assert.Null(schedule.EndsOn);
        Assert.Equal(0, schedule.SuspendedDays);
    }

    [Fact]
    public void DR13_DetentionStartingOnTheDueDay_MovesThatTest()
    {
        var schedule = Schedule(new SuspendedPeriod(new DateOnly(2026, 4, 2), new DateOnly(2026, 4, 5)));

        Assert.Equal(new DateOnly(2026, 4, 5), schedule.DueOn(1));
    }

    [Fact]
    public void DR08_ThreeEvadedTests_IsSeriousViolation()
    {
        Assert.Empty(SeriousViolationRule.Reached(new ViolationTotals(2, 0, 0), Policy));
        Assert.Equal([SeriousViolationRule.EvadedTests], SeriousViolationRule.Reached(new ViolationTotals(3, 0, 0), Policy));
    }

    [Fact]
    public void DR08_ThreeUnauthorisedAbsences_IsSeriousViolation()
    {
        Assert.Empty(SeriousViolationRule.Reached(new ViolationTotals(0, 2, 9), Policy));
        Assert.Equal([SeriousViolationRule.UnauthorisedAbsences], SeriousViolationRule.Reached(new ViolationTotals(0, 3, 9), Policy));
    }

    [Fact]
    public void DR08_MoreThanThirtyUnauthorisedDays_IsSeriousViolation()
    {
        Assert.Empty(SeriousViolationRule.Reached(new ViolationTotals(0, 1, 30), Policy));
        Assert.Equal([SeriousViolationRule.UnauthorisedDays], SeriousViolationRule.Reached(new ViolationTotals(0, 1, 31), Policy));
    }

    [Fact]
    public void DR08_ThresholdsComeFromThePolicy()
    {
        var strict = new RehabilitationPolicy { SeriousEvadedTests = 2, SeriousUnauthorisedAbsences = 1, SeriousTotalAbsenceDays = 5 };

        Assert.Equal(3, SeriousViolationRule.Reached(new ViolationTotals(2, 1, 6), strict).Count);
    }

    [Theory]
    [InlineData(2, false, false)]
    [InlineData(3, false, true)]
    [InlineData(3, true, false)]
    [InlineData(10, true, false)]
    public void DR07_AbsenceOfThreeDaysOrMore_WithoutReportInAdvance_IsUnauthorised(int days, bool reported, bool unauthorised)
    {
        Assert.Equal(unauthorised, SeriousViolationRule.IsUnauthorised(days, reported, Policy));
    }

    [Fact]
    public void DR07_AbsenceDays_CountBothEnds()
    {
        Assert.Equal(3, SeriousViolationRule.DaysOf(new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 3)));
        Assert.Equal(1, SeriousViolationRule.DaysOf(new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 1)));
    }

    [Fact]
    public void DR21_Ledger_BooksFromTheTable_KeepsTheTotalAndTheRecentLines()
    {
        var @case = new RehabilitationCase();
        var at = new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.FromHours(8));

        for (var i = 0; i < PointsLedger.KeptLines + 5; i++)
        {
            PointsLedger.Book(@case, PointsEvents.TestNegative, at.AddDays(i), Policy.Points);
        }

        PointsLedger.Book(@case, PointsEvents.TestMissed, at, Policy.Points);

        Assert.Equal((PointsLedger.KeptLines + 5) * 3 - 5, @case.PointsTotal);
        Assert.Equal(PointsLedger.KeptLines, @case.Ledger.Count);
        Assert.Equal((PointsEvents.TestMissed, -5), (@case.Ledger[^1].Event, @case.Ledger[^1].Points));
        Assert.Null(PointsLedger.Book(@case, "not-in-the-table", at, Policy.Points));
    }

    [Fact]
    public void DR21_PointsNeverExcuseDr08Trigger()
    {
        var @case = new RehabilitationCase { MissedTests = 2, RefusedTests = 1 };
        for (var i = 0; i < 100; i++)
        {
            PointsLedger.Book(@case, PointsEvents.HelpActivity, DateTimeOffset.UnixEpoch, Policy.Points);
        }

        Assert.True(@case.PointsTotal >= 100);
        Assert.Equal([SeriousViolationRule.EvadedTests], SeriousViolationRule.Reached(new ViolationTotals(@case.EvadedTests, 0, 0), Policy));
    }
}
