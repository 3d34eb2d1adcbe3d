using GridGovernance.Contracts.Supervision;

namespace GridGovernance.Grains.Supervision.Correction;

/// <summary>
/// The supervision level and its contact standard (CC-10/11/12): new subjects start at 严管 for a period, any
/// confirmed sanction moves them back to 严管 at once, and N consecutive 良好 monthly assessments move them down
/// one level once the strict period is over.
/// </summary>
public static class SupervisionLevels
{
    /// <summary>The level after a confirmed sanction (CC-11): 严管, with the streak reset.</summary>
    public static SupervisionLevel AfterSanction(CorrectionCase c)
    {
        c.GoodStreak = 0;
        return SupervisionLevel.Strict;
    }

    /// <summary>
    /// Applies an assessment to the streak and returns the new level, or null when it stays (CC-12).
    /// 合格 and 不合格 both break the streak.
    /// </summary>
    public static SupervisionLevel? AfterAssessment(CorrectionCase c, SupervisionLevel level, AssessmentGrade grade, DateOnly today, CorrectionPolicy policy)
    {
        c.GoodStreak = grade == AssessmentGrade.Good ? c.GoodStreak + 1 : 0;
        return StepDown(c, level, today, policy);
    }

    /// <summary>The level one step down when the streak and the strict period allow it, or null.</summary>
    public static SupervisionLevel? StepDown(CorrectionCase c, SupervisionLevel level, DateOnly today, CorrectionPolicy policy)
    {
        if (c.GoodStreak < policy.GoodAssessmentsToStepDown || level == SupervisionLevel.Lenient || (c.StrictUntil is { } until && today < until))
        {
            return null;
        }

        c.GoodStreak = 0;
        return level == SupervisionLevel.Strict ? SupervisionLevel.Ordinary : SupervisionLevel.Lenient;
    }

    /// <summary>Days between in-person reports at a level (CC-10).</summary>
    public static int ReportDays(SupervisionLevel level, CorrectionPolicy policy) => level switch
    {
        SupervisionLevel.Ordinary => policy.OrdinaryReportDays,
        SupervisionLevel.Lenient => policy.LenientReportDays,
        _ => policy.StrictReportDays,
    };

    /// <summary>Days between written reports, or null when the level needs none beyond the in-person report (CC-10).</summary>
    public static int? WrittenReportDays(SupervisionLevel level, CorrectionPolicy policy) =>
        level == SupervisionLevel.Strict ? policy.StrictWrittenReportDays : null;

    /// <summary>Days between grid workers' visits at a level.</summary>
    public static int VisitDays(SupervisionLevel level, CorrectionPolicy policy) => level switch
    {
        SupervisionLevel.Ordinary => policy.OrdinaryVisitDays,
        SupervisionLevel.Lenient => policy.LenientVisitDays,
        _ => policy.StrictVisitDays,
    };
}
