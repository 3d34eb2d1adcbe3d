namespace GridGovernance.Grains.Supervision.Rehabilitation;

/// <summary>The running totals DR-08 judges, over the whole case.</summary>
/// <param name="EvadedTests">Scheduled tests missed plus tests refused.</param>
/// <param name="UnauthorisedAbsences">Absences of at least the report threshold not reported in advance.</param>
/// <param name="UnauthorisedDays">Their days in total.</param>
public readonly record struct ViolationTotals(int EvadedTests, int UnauthorisedAbsences, int UnauthorisedDays);

/// <summary>
/// DR-08 (LAW, 戒毒条例 Art 20): a serious violation is evading or refusing tests at least 3 times, leaving without
/// authorisation at least 3 times, or more than 30 days away without authorisation in total. Points (DR-21) play no
/// part: nothing here reads them.
/// </summary>
public static class SeriousViolationRule
{
    /// <summary>Threshold names, as the journal and the case view give them.</summary>
    public const string EvadedTests = "evaded-tests", UnauthorisedAbsences = "unauthorised-absences", UnauthorisedDays = "unauthorised-days";

    /// <summary>Which thresholds the totals reach; empty when none (not a serious violation).</summary>
    public static IReadOnlyList<string> Reached(ViolationTotals totals, RehabilitationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var reasons = new List<string>(3);
        if (totals.EvadedTests >= policy.SeriousEvadedTests)
        {
            reasons.Add(EvadedTests);
        }

        if (totals.UnauthorisedAbsences >= policy.SeriousUnauthorisedAbsences)
        {
            reasons.Add(UnauthorisedAbsences);
        }

        if (totals.UnauthorisedDays > policy.SeriousTotalAbsenceDays)
        {
            reasons.Add(UnauthorisedDays);
        }

        return reasons;
    }

    /// <summary>DR-07: an absence is unauthorised when it lasts at least the report threshold and was not reported in advance.</summary>
    public static bool IsUnauthorised(int days, bool reportedInAdvance, RehabilitationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return !reportedInAdvance && days >= policy.AbsenceReportDays;
    }

    /// <summary>Days of an absence, both ends included (away from the 1st to the 3rd is 3 days).</summary>
    public static int DaysOf(DateOnly from, DateOnly to) => to.DayNumber - from.DayNumber + 1;
}
