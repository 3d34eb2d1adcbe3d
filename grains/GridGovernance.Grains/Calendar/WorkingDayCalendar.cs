using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridGovernance.Grains.Calendar;

/// <summary>
/// Working days in mainland China: the State Council's annual holiday arrangement, including the
/// make-up working days (调休) that turn a Saturday or Sunday into a working day.
/// </summary>
/// <remarks>
/// <para>
/// The arrangement is data (<c>Calendar/holidays-cn.json</c>, one entry per notice year), not code.
/// A date listed as a holiday is not a working day; a date listed as a make-up working day is one;
/// every other date is a working day exactly when it falls on Monday to Friday.
/// </para>
/// <para>
/// For a year whose notice is not in the data (<see cref="HasOfficialData"/> is <see langword="false"/>)
/// the calendar falls back to Monday to Friday, so statutory holidays in that year count as working days
/// until the notice is added. Instances are immutable and safe to share between threads and grains.
/// </para>
/// </remarks>
public sealed class WorkingDayCalendar
{
    private const string ResourceName = "calendar/holidays-cn.json";
    private const string TimeZoneText = "+08:00";

    private static readonly Lazy<WorkingDayCalendar> LazyChina = new(LoadChina, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private readonly FrozenSet<DateOnly> _holidays;
    private readonly FrozenSet<DateOnly> _workdays;
    private readonly FrozenDictionary<int, string> _sources;

    private WorkingDayCalendar(FrozenSet<DateOnly> holidays, FrozenSet<DateOnly> workdays, FrozenDictionary<int, string> sources)
    {
        _holidays = holidays;
        _workdays = workdays;
        _sources = sources;
    }

    /// <summary>The calendar's fixed UTC offset, +08:00 (China Standard Time has no daylight saving).</summary>
    public static TimeSpan Offset => Contracts.Common.Instants.ChinaOffset;

    /// <summary>The national calendar embedded in this assembly, loaded once on first use.</summary>
    public static WorkingDayCalendar China => LazyChina.Value;

    /// <summary>Reads a calendar in the shape of <c>holidays-cn.json</c>.</summary>
    /// <param name="json">The calendar document.</param>
    /// <returns>The calendar the document describes.</returns>
    /// <exception cref="FormatException">
    /// The text is not JSON of the expected shape, or its dates contradict each other (a date listed twice,
    /// a make-up working day that is not a Saturday or Sunday, a date far from its notice year).
    /// </exception>
    public static WorkingDayCalendar Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);

        CalendarDocument document;
        try
        {
            document = JsonSerializer.Deserialize<CalendarDocument>(json, SerializerOptions)
                ?? throw new FormatException("Holiday calendar: the document is null.");
        }
        catch (JsonException exception)
        {
            // Some System.Text.Json messages (duplicate keys) leave out where the problem is.
            var where = exception.Path is { } path && !exception.Message.Contains(path, StringComparison.Ordinal) ? $" Path: {path}" : "";
            throw new FormatException($"Holiday calendar: not valid calendar JSON ({exception.Message}{where})", exception);
        }

        if (document.TimeZone != TimeZoneText)
        {
            throw new FormatException($"Holiday calendar: timeZone must be \"{TimeZoneText}\", not \"{document.TimeZone}\".");
        }

        var holidays = new HashSet<DateOnly>();
        var workdays = new HashSet<DateOnly>();
        var sources = new Dictionary<int, string>();
        foreach (var (year, entry) in document.Years)
        {
            if (string.IsNullOrWhiteSpace(entry.Source))
            {
                throw new FormatException($"Holiday calendar: year {year} has no source.");
            }

            sources.Add(year, entry.Source);
            foreach (var (day, name) in entry.Holidays)
            {
                AddDay(holidays, year, day, name, "holiday");
            }

            foreach (var (day, name) in entry.Workdays)
            {
                if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                {
                    throw new FormatException($"Holiday calendar: make-up working day {Iso(day)} in year {year} is a {day.DayOfWeek}, not a weekend day.");
                }

                AddDay(workdays, year, day, name, "make-up working day");
            }
        }

        var both = workdays.Where(holidays.Contains).Order().Select(Iso).ToList();
        if (both.Count > 0)
        {
            throw new FormatException($"Holiday calendar: listed both as a holiday and as a make-up working day: {string.Join(", ", both)}.");
        }

        return new(holidays.ToFrozenSet(), workdays.ToFrozenSet(), sources.ToFrozenDictionary());
    }

    /// <summary>Whether <paramref name="day"/> is a working day.</summary>
    /// <remarks>In a year without official data this is simply Monday to Friday.</remarks>
    public bool IsWorkingDay(DateOnly day) =>
        !_holidays.Contains(day)
        && (_workdays.Contains(day) || day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    /// <summary>The date that is <paramref name="days"/> working days after <paramref name="start"/>.</summary>
    /// <param name="start">The day counting starts from; it never counts itself.</param>
    /// <param name="days">How many working days to count, at least 1.</param>
    /// <returns>The <paramref name="days"/>-th working day after <paramref name="start"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is less than 1.</exception>
    /// <remarks>Dates in years without official data count as Monday to Friday.</remarks>
    public DateOnly AddWorkingDays(DateOnly start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);

        var day = start;
        for (var counted = 0; counted < days;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }

        return day;
    }

    /// <summary>Whether the data holds the State Council's arrangement for <paramref name="year"/>.</summary>
    /// <remarks>When it does not, working days in that year fall back to Monday to Friday.</remarks>
    public bool HasOfficialData(int year) => _sources.ContainsKey(year);

    /// <summary>Where the arrangement for <paramref name="year"/> comes from, or <see langword="null"/> without official data.</summary>
    public string? SourceOf(int year) => _sources.GetValueOrDefault(year);

    /// <summary>
    /// The deadline for "within <paramref name="days"/> working days of <paramref name="instant"/>": the end
    /// (the following midnight, +08:00) of the <paramref name="days"/>-th working day after the local date of
    /// <paramref name="instant"/>.
    /// </summary>
    /// <param name="instant">When the period starts; its local date (+08:00) never counts.</param>
    /// <param name="days">How many working days, at least 1.</param>
    /// <returns>The deadline in UTC.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is less than 1.</exception>
    /// <remarks>Dates in years without official data count as Monday to Friday.</remarks>
    public DateTimeOffset EndOfWorkingDaysAfter(DateTimeOffset instant, int days) =>
        EndOfLocalDay(AddWorkingDays(LocalDate(instant), days));

    /// <summary>
    /// The deadline for "within <paramref name="days"/> calendar days of <paramref name="instant"/>": the end
    /// (the following midnight, +08:00) of the <paramref name="days"/>-th day after the local date of
    /// <paramref name="instant"/>, holidays included.
    /// </summary>
    /// <param name="instant">When the period starts; its local date (+08:00) never counts.</param>
    /// <param name="days">How many calendar days, at least 1.</param>
    /// <returns>The deadline in UTC.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is less than 1.</exception>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Callers reach both deadline kinds through the calendar instance they hold.")]
    public DateTimeOffset EndOfCalendarDaysAfter(DateTimeOffset instant, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        return EndOfLocalDay(LocalDate(instant).AddDays(days));
    }

    /// <summary>The local date (+08:00) of <paramref name="instant"/>: the day rules are looked up by.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>The instant a local day (+08:00) ends: the following midnight.</summary>
    public static DateTimeOffset EndOfLocalDay(DateOnly day) =>
        new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();

    private static void AddDay(HashSet<DateOnly> days, int year, DateOnly day, string name, string kind)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new FormatException($"Holiday calendar: {kind} {Iso(day)} has no name.");
        }

        // A notice may reach into the previous year: the 2023 notice gives 2022-12-31 off for New Year's Day.
        if (Math.Abs(day.Year - year) > 1)
        {
            throw new FormatException($"Holiday calendar: {kind} {Iso(day)} is listed under year {year}, more than a year away.");
        }

        if (!days.Add(day))
        {
            throw new FormatException($"Holiday calendar: {kind} {Iso(day)} is listed more than once.");
        }
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static WorkingDayCalendar LoadChina()
    {
        using var stream = typeof(WorkingDayCalendar).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing from {typeof(WorkingDayCalendar).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private sealed record CalendarDocument(string TimeZone, Dictionary<int, YearEntry> Years, string? Source = null);

    private sealed record YearEntry(string Source, Dictionary<DateOnly, string> Holidays, Dictionary<DateOnly, string> Workdays);
}
