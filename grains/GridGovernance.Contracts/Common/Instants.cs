namespace GridGovernance.Contracts.Common;

/// <summary>
/// The range an instant in a command may take. Dates outside it are typing errors, and near the ends of
/// <see cref="DateTimeOffset"/> the calendar arithmetic that plans deadlines from them would overflow; a grain
/// checks them before it changes anything, so such a date is refused and nothing is half done.
/// </summary>
public static class Instants
{
    /// <summary>No date in this system lies before it (records migrated from earlier systems included).</summary>
    public static DateTimeOffset Earliest { get; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));

    /// <summary>A phone's clock may run a little ahead of the server's; "now" must not be refused for it.</summary>
    public static TimeSpan ClockSkew { get; } = TimeSpan.FromMinutes(5);

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
