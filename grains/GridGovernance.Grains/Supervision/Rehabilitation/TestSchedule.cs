namespace GridGovernance.Grains.Supervision.Rehabilitation;

/// <summary>A period of detention (DR-13): <see cref="To"/> is the release date, null while still detained.</summary>
/// <param name="From">Local date of the detention.</param>
/// <param name="To">Local date of the release.</param>
public readonly record struct SuspendedPeriod(DateOnly From, DateOnly? To)
{
    /// <summary>Days the period suspends the programme (release date minus detention date); 0 while open.</summary>
    public int Days => To is { } to ? to.DayNumber - From.DayNumber : 0;
}

/// <summary>
/// The programme's calendar: its end (DR-03: <see cref="RehabilitationPolicy.ProgrammeYears"/> years from the report
/// date) and its drug-test dates (DR-18: an interval in months by programme year), both moved by the days the case
/// was suspended by detention (DR-13). Pure, so it is tested without a cluster.
/// </summary>
/// <remarks>
/// <para>Tests are numbered from 1. Nominal test dates are months after the start: each interval is that of the
/// programme year in which the previous test fell (monthly 1..12, then 14, 16 .. 24, then 27, 30, 33 with the
/// defaults); a test never falls on or after the nominal end, which is the exit itself.</para>
/// <para>A nominal date becomes a real one by adding the days of every suspension that began on or before it,
/// counted in order (a suspension that began before an already moved date moves it again). While a suspension
/// that began on or before a date is still open, that date is unknown (null).</para>
/// </remarks>
public sealed class TestSchedule
{
    private readonly DateOnly _start;
    private readonly IReadOnlyList<int> _intervals;
    private readonly int _years;
    private readonly List<SuspendedPeriod> _suspensions;

    /// <summary>A schedule from the programme's start with its suspensions so far.</summary>
    public TestSchedule(DateOnly start, IReadOnlyList<int> intervalMonthsByYear, int programmeYears, IEnumerable<SuspendedPeriod> suspensions)
    {
        ArgumentNullException.ThrowIfNull(intervalMonthsByYear);
        ArgumentOutOfRangeException.ThrowIfLessThan(programmeYears, 1);
        if (intervalMonthsByYear.Count == 0 || intervalMonthsByYear.Any(m => m < 1))
        {
            throw new ArgumentException("Each test interval is at least one month, and there is at least one.", nameof(intervalMonthsByYear));
        }

        _start = start;
        _intervals = intervalMonthsByYear;
        _years = programmeYears;
        _suspensions = [.. suspensions.OrderBy(s => s.From)];
    }

    /// <summary>Days suspended by completed detentions (DR-13).</summary>
    public int SuspendedDays => _suspensions.Sum(s => s.Days);

    /// <summary>The day the programme ends (the person leaves on it, DR-16); null while detained.</summary>
    public DateOnly? EndsOn => Shift(_start.AddYears(_years));

    /// <summary>Months after the start of test <paramref name="number"/>, or null when it would fall on or after the end.</summary>
    public int? NominalMonth(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        var month = 0;
        for (var i = 0; i < number; i++)
        {
            month += IntervalInYear(month / 12);
            if (month >= _years * 12)
            {
                return null;
            }
        }

        return month;
    }

    /// <summary>The day test <paramref name="number"/> is due (by the end of it); null after the end or while the date is unknown.</summary>
    public DateOnly? DueOn(int number) => NominalMonth(number) is { } month ? Shift(_start.AddMonths(month)) : null;

    /// <summary>Whether test <paramref name="number"/> exists (it falls before the programme's end).</summary>
    public bool Exists(int number) => NominalMonth(number) is not null;

    /// <summary>The first test due after <paramref name="day"/>; null when none is left (or dates are unknown).</summary>
    public int? FirstDueAfter(DateOnly day)
    {
        for (var number = 1; Exists(number); number++)
        {
            if (DueOn(number) is not { } due)
            {
                return null;
            }

            if (due > day)
            {
                return number;
            }
        }

        return null;
    }

    /// <summary>The programme year (1-based) a real day falls in, counting only unsuspended days; null while detained on it.</summary>
    public int? ProgrammeYearOn(DateOnly day)
    {
        for (var year = 1; year <= _years; year++)
        {
            if (Shift(_start.AddYears(year)) is not { } boundary)
            {
                return null;
            }

            if (day < boundary)
            {
                return year;
            }
        }

        return _years;
    }

    /// <summary>The real date of a nominal programme date: moved by every suspension that began on or before it.</summary>
    public DateOnly? Shift(DateOnly nominal)
    {
        var day = nominal;
        foreach (var suspension in _suspensions)
        {
            if (suspension.From > day)
            {
                break;
            }

            if (suspension.To is null)
            {
                return null;
            }

            day = day.AddDays(suspension.Days);
        }

        return day;
    }

    private int IntervalInYear(int yearIndex) => _intervals[Math.Min(yearIndex, _intervals.Count - 1)];
}
