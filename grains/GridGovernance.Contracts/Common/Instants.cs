namespace GridGovernance.Contracts.Common;

/// <summary>
/// The range an instant in a command may take. Dates outside it are typing errors, and near the ends of
/// <see cref="DateTimeOffset"/> the calendar arithmetic that plans deadlines from them would overflow; a grain
/// checks them before it changes anything, so such a date is refused and nothing is half done.
/// </summary>
public static class Instants
{
    /// <summary>China Standard Time (UTC+8, no daylight saving): days, months and duty hours are counted in it.</summary>
    public static TimeSpan ChinaOffset { get; } = TimeSpan.FromHours(8);

    /// <summary>No date in this system lies before it (records migrated from earlier systems included).</summary>
    public static DateTimeOffset Earliest { get; } = new(2000, 1, 1, 0, 0, 0, ChinaOffset);

    /// <summary>A phone's clock may run a little ahead of the server's; "now" must not be refused for it.</summary>
    public static TimeSpan ClockSkew { get; } = TimeSpan.FromMinutes(5);

    /// <summary>A month written <c>YYYY-MM</c> (2000–2100) as its first day, or null (query parameters of statistics and rankings).</summary>
    public static DateOnly? ParseMonth(string? text) =>
        text is { Length: 7 } && DateOnly.TryParseExact(text, "yyyy-MM", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var month)
            && month.Year is >= 2000 and <= 2100
            ? month
            : null;

    /// <summary>
    /// An instant that has already happened (a move-in, a move-out, a last visit): not before <see cref="Earliest"/>
    /// and not after <paramref name="now"/> plus <see cref="ClockSkew"/>. Null when it is one, else an Invalid outcome
    /// naming <paramref name="field"/>.
    /// </summary>
    public static Outcome? PastProblem(DateTimeOffset value, DateTimeOffset now, string field) =>
        value < Earliest
            ? Outcome.Invalid(field, "impossible-date", $"{field} must not be before 2000-01-01.")
            : value > now + ClockSkew
                ? Outcome.Invalid(field, "impossible-date", $"{field} is in the future; it records something that has happened.")
                : null;
}
