using GridGovernance.Grains.Calendar;

namespace GridGovernance.Grains.Field.Presence;

/// <summary>
/// A cell's duty hours (GR-10): from <paramref name="start"/> to <paramref name="end"/> China time (+08:00) on working days of
/// the State Council calendar (make-up working days included, holidays excluded).
/// </summary>
public sealed class DutyHours(TimeSpan start, TimeSpan end, WorkingDayCalendar? calendar = null)
{
    private readonly WorkingDayCalendar _calendar = calendar ?? WorkingDayCalendar.China;

    /// <summary>Start of duty, China time.</summary>
    public TimeSpan Start { get; } = start;

    /// <summary>End of duty, China time.</summary>
    public TimeSpan End { get; } = end;

    /// <summary>Whether <paramref name="instant"/> falls within duty hours.</summary>
    public bool Contains(DateTimeOffset instant) => StartOfDuty(instant) is { } opens && instant >= opens && instant < EndOfDuty(opens);

    /// <summary>The start of duty on the local day of <paramref name="instant"/>, or null when that day is not a working day.</summary>
    public DateTimeOffset? StartOfDuty(DateTimeOffset instant)
    {
        var day = WorkingDayCalendar.LocalDate(instant);
        return _calendar.IsWorkingDay(day)
            ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), WorkingDayCalendar.Offset) + Start
            : null;
    }

    private DateTimeOffset EndOfDuty(DateTimeOffset startOfDuty) => startOfDuty - Start + End;
}
