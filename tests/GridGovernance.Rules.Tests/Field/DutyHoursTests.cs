using GridGovernance.Grains.Field.Presence;

namespace GridGovernance.Rules.Tests.Field;

/// <summary>GR-10: duty hours are 08:30–17:30 China time on working days of the State Council calendar.</summary>
public sealed class DutyHoursTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static readonly DutyHours Default = new PresenceOptions().DutyHoursOf("SQ-01-001");

    // Monday 2026-03-02 before, at and after duty; a Saturday; National Day.
    [Theory]
    [InlineData(2026, 3, 2, 8, 29, false)]
    [InlineData(2026, 3, 2, 8, 30, true)]
    [InlineData(2026, 3, 2, 17, 29, true)]
    [InlineData(2026, 3, 2, 17, 30, false)]
    [InlineData(2026, 3, 7, 10, 0, false)]
    [InlineData(2026, 10, 1, 10, 0, false)]
    public void GR10_DutyHours_AreWorkingDaysFromEightThirtyToFiveThirtyChinaTime(int year, int month, int day, int hour, int minute, bool expected) =>
        Assert.Equal(expected, Default.Contains(new DateTimeOffset(year, month, day, hour, minute, 0, China)));

    [Fact]
    public void GR10_DutyHours_OfANamedCell_ComeFromItsOwnWindow()
    {
        var options = new PresenceOptions { Cells = { ["SQ-01-002"] = new DutyWindow { Start = TimeSpan.FromHours(7), End = TimeSpan.FromHours(20) } } };
        var evening = new DateTimeOffset(2026, 3, 2, 19, 0, 0, China);

        Assert.True(options.DutyHoursOf("SQ-01-002").Contains(evening));
        Assert.False(options.DutyHoursOf("SQ-01-001").Contains(evening));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 7, 0, 0, China), options.DutyHoursOf("SQ-01-002").StartOfDuty(evening));
    }
}
