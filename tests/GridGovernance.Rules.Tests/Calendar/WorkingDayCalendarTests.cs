using System.Globalization;
using GridGovernance.Grains.Calendar;

namespace GridGovernance.Rules.Tests.Calendar;

/// <summary>
/// The national working-day calendar. Every expected date below was checked against
/// <c>grains/GridGovernance.Grains/Calendar/holidays-cn.json</c>.
/// </summary>
public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar China = WorkingDayCalendar.China;

    private static DateOnly D(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    [Fact]
    public void China_EmbeddedData_CoversNotices2020Through2026()
    {
        for (var year = 2020; year <= 2026; year++)
        {
            Assert.True(China.HasOfficialData(year), $"no data for {year}");
            Assert.Contains($"{year}年部分节假日安排", China.SourceOf(year), StringComparison.Ordinal);
        }

        Assert.False(China.HasOfficialData(2019));
        Assert.False(China.HasOfficialData(2027));
        Assert.Same(China, WorkingDayCalendar.China);
    }

    [Theory]
    [InlineData("2026-02-15")] // Sunday, first day off
    [InlineData("2026-02-16")] // Monday
    [InlineData("2026-02-17")] // Spring Festival's day
    [InlineData("2026-02-20")] // Friday
    [InlineData("2026-02-23")] // Monday, last day off
    public void IsWorkingDay_SpringFestival2026_IsFalse(string day) => Assert.False(China.IsWorkingDay(D(day)));

    [Theory]
    [InlineData("2026-01-04")] // Sunday, New Year's Day
    [InlineData("2026-02-14")] // Saturday, Spring Festival
    [InlineData("2026-02-28")] // Saturday, Spring Festival
    [InlineData("2026-05-09")] // Saturday, Labour Day
    [InlineData("2026-09-20")] // Sunday, National Day
    [InlineData("2026-10-10")] // Saturday, National Day
    public void IsWorkingDay_MakeUpWorkday2026_IsTrue(string day) => Assert.True(China.IsWorkingDay(D(day)));

    [Theory]
    [InlineData("2025-09-28", true)] // Sunday, make-up working day
    [InlineData("2025-09-30", true)] // Tuesday before the break
    [InlineData("2025-10-01", false)]
    [InlineData("2025-10-06", false)] // Mid-Autumn Festival, inside the merged break
    [InlineData("2025-10-08", false)] // Wednesday, last day off
    [InlineData("2025-10-09", true)]
    [InlineData("2025-10-11", true)] // Saturday, make-up working day
    [InlineData("2025-10-12", false)] // ordinary Sunday
    public void IsWorkingDay_NationalDay2025_FollowsTheNotice(string day, bool expected) =>
        Assert.Equal(expected, China.IsWorkingDay(D(day)));

    [Theory]
    [InlineData("2020-01-31")] // Friday, extension of the 2020 Spring Festival
    [InlineData("2020-02-01")] // Saturday: a make-up working day in the first notice, cancelled by the extension
    [InlineData("2022-12-31")] // Saturday, New Year's Day 2023, listed in the 2023 notice
    [InlineData("2023-01-02")] // Monday, New Year's Day 2023
    public void IsWorkingDay_DaysOffSetByAdjacentOrAmendingNotices_IsFalse(string day) =>
        Assert.False(China.IsWorkingDay(D(day)));

    [Theory]
    [InlineData("2026-02-12", 1, "2026-02-13")] // Thursday -> Friday
    [InlineData("2026-02-12", 2, "2026-02-14")] // the make-up Saturday counts
    [InlineData("2026-02-12", 3, "2026-02-24")] // 15-23 February are off
    [InlineData("2026-02-12", 5, "2026-02-26")]
    [InlineData("2026-02-14", 1, "2026-02-24")]
    [InlineData("2026-02-18", 1, "2026-02-24")] // counting from inside the break
    public void AddWorkingDays_AcrossSpringFestival2026_SkipsTheBreak(string start, int days, string expected) =>
        Assert.Equal(D(expected), China.AddWorkingDays(D(start), days));

    [Theory]
    [InlineData("2026-02-27", 1, "2026-02-28")] // Friday -> make-up Saturday
    [InlineData("2026-02-27", 2, "2026-03-02")] // then Monday; Sunday 1 March is off
    [InlineData("2026-05-08", 1, "2026-05-09")]
    [InlineData("2026-01-03", 1, "2026-01-04")] // last day off -> make-up Sunday
    public void AddWorkingDays_AcrossMakeUpWeekendDay_CountsIt(string start, int days, string expected) =>
        Assert.Equal(D(expected), China.AddWorkingDays(D(start), days));

    [Theory]
    [InlineData("2026-03-06", "2026-03-11")] // ordinary week: Monday, Tuesday, Wednesday
    [InlineData("2026-04-03", "2026-04-09")] // Qingming: 4-6 April off
    [InlineData("2026-09-18", "2026-09-22")] // Sunday 20 September is a make-up working day
    public void AddWorkingDays_ThreeAfterFriday_ReturnsExpectedDate(string friday, string expected)
    {
        Assert.Equal(DayOfWeek.Friday, D(friday).DayOfWeek);
        Assert.Equal(D(expected), China.AddWorkingDays(D(friday), 3));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void AddWorkingDays_LessThanOne_Throws(int days) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => China.AddWorkingDays(D("2026-03-06"), days));

    [Fact]
    public void IsWorkingDay_YearWithoutData_FallsBackToMondayToFriday()
    {
        Assert.False(China.HasOfficialData(2030));
        Assert.Null(China.SourceOf(2030));
        Assert.True(China.IsWorkingDay(D("2030-01-01"))); // Tuesday; New Year's Day, but no notice yet
        Assert.True(China.IsWorkingDay(D("2030-01-04"))); // Friday
        Assert.False(China.IsWorkingDay(D("2030-01-05"))); // Saturday
        Assert.False(China.IsWorkingDay(D("2030-01-06"))); // Sunday
        Assert.Equal(D("2030-01-07"), China.AddWorkingDays(D("2030-01-04"), 1));
        Assert.Equal(D("2027-01-05"), China.AddWorkingDays(D("2026-12-30"), 4)); // 31 Dec, then 1, 4, 5 Jan 2027
    }

    [Fact]
    public void EndOfWorkingDaysAfter_InstantLateUtcEvening_CountsFromChinaDateAndEndsAtChinaMidnight()
    {
        // 17:30 UTC on Thursday 5 March is 01:30 on Friday 6 March in China.
        var instant = new DateTimeOffset(2026, 3, 5, 17, 30, 0, TimeSpan.Zero);

        var deadline = China.EndOfWorkingDaysAfter(instant, 3);

        Assert.Equal(TimeSpan.Zero, deadline.Offset);
        Assert.Equal(new DateTimeOffset(2026, 3, 12, 0, 0, 0, WorkingDayCalendar.Offset), deadline);
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 16, 0, 0, TimeSpan.Zero), deadline);
    }

    [Fact]
    public void EndOfWorkingDaysAfter_FiveDaysAcrossSpringFestival2026_EndsAfterTheBreak()
    {
        var received = new DateTimeOffset(2026, 2, 12, 9, 0, 0, WorkingDayCalendar.Offset);

        var deadline = China.EndOfWorkingDaysAfter(received, 5);

        Assert.Equal(TimeSpan.Zero, deadline.Offset);
        Assert.Equal(new DateTimeOffset(2026, 2, 27, 0, 0, 0, WorkingDayCalendar.Offset), deadline);
    }

    [Theory]
    [InlineData(10, "2026-02-23")]
    [InlineData(15, "2026-02-28")]
    public void EndOfCalendarDaysAfter_ReportingPeriod_EndsAtChinaMidnightIncludingHolidays(int days, string endsAtMidnightOf)
    {
        var received = new DateTimeOffset(2026, 2, 12, 9, 0, 0, WorkingDayCalendar.Offset);

        var deadline = China.EndOfCalendarDaysAfter(received, days);

        Assert.Equal(TimeSpan.Zero, deadline.Offset);
        Assert.Equal(new DateTimeOffset(D(endsAtMidnightOf).ToDateTime(TimeOnly.MinValue), WorkingDayCalendar.Offset), deadline);
    }

    [Fact]
    public void EndOfCalendarDaysAfter_LessThanOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => China.EndOfCalendarDaysAfter(DateTimeOffset.UnixEpoch, 0));

    [Fact]
    public void Offset_China_IsPlusEightHours() => Assert.Equal(TimeSpan.FromHours(8), WorkingDayCalendar.Offset);

    [Fact]
    public void Parse_MinimalDocument_AppliesHolidaysAndMakeUpDaysOfThatYearOnly()
    {
        var calendar = WorkingDayCalendar.Parse(Document("""
            "2031": { "source": "test notice",
                      "holidays": { "2031-01-01": "元旦", "2030-12-31": "元旦" },
                      "workdays": { "2031-01-04": "元旦调休" } }
            """));

        Assert.True(calendar.HasOfficialData(2031));
        Assert.False(calendar.HasOfficialData(2030));
        Assert.Equal("test notice", calendar.SourceOf(2031));
        Assert.False(calendar.IsWorkingDay(D("2030-12-31"))); // Tuesday, from the 2031 notice
        Assert.False(calendar.IsWorkingDay(D("2031-01-01"))); // Wednesday
        Assert.True(calendar.IsWorkingDay(D("2031-01-04"))); // Saturday
        Assert.False(calendar.IsWorkingDay(D("2031-01-05"))); // Sunday
    }

    [Theory]
    [InlineData("{ \"timeZone\": \"+08:00\", \"years\": { ")] // truncated
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("null")]
    public void Parse_MalformedJson_ThrowsFormatException(string json)
    {
        var exception = Assert.Throws<FormatException>(() => WorkingDayCalendar.Parse(json));
        Assert.StartsWith("Holiday calendar:", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "years": {} }""", "timeZone")]
    [InlineData("""{ "timeZone": "+09:00", "years": {} }""", "+09:00")]
    [InlineData("""{ "timeZone": "+08:00", "years": {}, "extra": 1 }""", "extra")]
    public void Parse_WrongDocumentShape_ThrowsFormatExceptionNamingTheProblem(string json, string named)
    {
        var exception = Assert.Throws<FormatException>(() => WorkingDayCalendar.Parse(json));
        Assert.Contains(named, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "source": "n", "holidays": { "2031-13-01": "x" }, "workdays": {} }""", "2031-13-01")]
    [InlineData("""{ "source": "n", "holidays": { "1/1/2031": "x" }, "workdays": {} }""", "1/1/2031")]
    [InlineData("""{ "source": "n", "holidays": {}, "workdays": { "2031-01-06": "x" } }""", "2031-01-06 in year 2031 is a Monday")]
    [InlineData("""{ "source": "n", "holidays": { "2031-01-04": "x" }, "workdays": { "2031-01-04": "y" } }""", "both")]
    [InlineData("""{ "source": "n", "holidays": { "2031-01-01": "x", "2031-01-01": "y" }, "workdays": {} }""", "2031-01-01")]
    [InlineData("""{ "source": "n", "holidays": { "2035-01-01": "x" }, "workdays": {} }""", "listed under year 2031")]
    [InlineData("""{ "source": "n", "holidays": { "2031-01-01": "" }, "workdays": {} }""", "no name")]
    [InlineData("""{ "source": " ", "holidays": {}, "workdays": {} }""", "no source")]
    [InlineData("""{ "holidays": {}, "workdays": {} }""", "source")]
    [InlineData("""{ "source": "n", "holidays": {} }""", "workdays")]
    public void Parse_InconsistentYear_ThrowsFormatExceptionNamingTheProblem(string year, string named)
    {
        var exception = Assert.Throws<FormatException>(() => WorkingDayCalendar.Parse(Document($"\"2031\": {year}")));
        Assert.Contains(named, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SameDateUnderTwoYears_ThrowsFormatException()
    {
        var json = Document("""
            "2031": { "source": "a", "holidays": { "2030-12-31": "元旦" }, "workdays": {} },
            "2030": { "source": "b", "holidays": { "2030-12-31": "元旦" }, "workdays": {} }
            """);

        var exception = Assert.Throws<FormatException>(() => WorkingDayCalendar.Parse(json));
        Assert.Contains("2030-12-31 is listed more than once", exception.Message, StringComparison.Ordinal);
    }

    private static string Document(string years) => $$"""{ "timeZone": "+08:00", "years": { {{years}} } }""";
}
