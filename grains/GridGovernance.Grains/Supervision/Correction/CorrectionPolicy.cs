using System.ComponentModel.DataAnnotations;

namespace GridGovernance.Grains.Supervision.Correction;

/// <summary>Community correction (社区矫正) and resettlement after it.</summary>
public sealed class CorrectionPolicy
{
    /// <summary>CC-04 (LAW): days to report after the judgment takes effect.</summary>
    [Range(1, 90)] public int ReportDays { get; set; } = 10;

    /// <summary>CC-10 (PRACTICE): days between in-person reports at 严管 (strict).</summary>
    [Range(1, 365)] public int StrictReportDays { get; set; } = 7;

    /// <summary>CC-10: days between in-person reports at 普管 (ordinary).</summary>
    [Range(1, 365)] public int OrdinaryReportDays { get; set; } = 14;

    /// <summary>CC-10: days between in-person reports at 宽管 (lenient).</summary>
    [Range(1, 365)] public int LenientReportDays { get; set; } = 30;

    /// <summary>CC-10: 严管 also hands in a written report this often (days); other levels with their in-person report.</summary>
    [Range(1, 365)] public int StrictWrittenReportDays { get; set; } = 7;

    /// <summary>CC-10/GR-06: days between grid workers' visits at 严管.</summary>
    [Range(1, 365)] public int StrictVisitDays { get; set; } = 7;

    /// <summary>CC-10/GR-06: at 普管.</summary>
    [Range(1, 365)] public int OrdinaryVisitDays { get; set; } = 14;

    /// <summary>CC-10/GR-06: at 宽管.</summary>
    [Range(1, 365)] public int LenientVisitDays { get; set; } = 30;

    /// <summary>CC-11 (PRACTICE): new subjects stay at 严管 this many months after intake.</summary>
    [Range(0, 24)] public int StrictMonthsForNewSubjects { get; set; } = 2;

    /// <summary>CC-12 (OPEN): consecutive 良好 monthly assessments needed to move down one level.</summary>
    [Range(1, 24)] public int GoodAssessmentsToStepDown { get; set; } = 3;

    /// <summary>CC-15/16 (REG): the justice office approves trips up to this many days; the county above it.</summary>
    [Range(1, 30)] public int OfficeApprovalMaxTripDays { get; set; } = 7;

    /// <summary>CC-15/16 (REG): the longest a single approval may cover, in days.</summary>
    [Range(1, 365)] public int MaxTripDays { get; set; } = 30;

    /// <summary>CC-19/20 (REG): late reporting or absconding up to this many days earns an admonition; more, a warning.</summary>
    [Range(1, 90)] public int AdmonitionMaxDaysLate { get; set; } = 10;

    /// <summary>CC-20 (REG): uncorrected admonitions that ground a warning.</summary>
    [Range(1, 10)] public int AdmonitionsForWarning { get; set; } = 2;

    /// <summary>CC-22 (REG): uncorrected warnings that ground a revocation proposal; 3 before 2020-07-01 (IM2012 Art 25), 2 from it (rule-book.json).</summary>
    [Range(1, 10)] public int RevocationWarnings { get; set; } = 3;

    /// <summary>CC-22 (REG): absconding for more than this many days grounds a revocation proposal ("over a month").</summary>
    [Range(1, 365)] public int RevocationAbsenceDays { get; set; } = 30;

    /// <summary>CC-25 (LAW): days the court has to rule on a revocation proposal.</summary>
    [Range(1, 365)] public int CourtRulingDays { get; set; } = 30;

    /// <summary>CC-25 (LAW): hours for the arrest decision once revocation is proposed.</summary>
    [Range(1, 240)] public int ArrestDecisionHours { get; set; } = 48;

    /// <summary>CC-30 (LAW): months an electronic monitoring order (or an extension) lasts at most.</summary>
    [Range(1, 12)] public int MonitoringMaxMonths { get; set; } = 3;

    /// <summary>CC-33 (LAW): days before the end at which pre-release work starts.</summary>
    [Range(1, 180)] public int PreReleaseDays { get; set; } = 30;

    /// <summary>RP-01 (PRACTICE, Guangzhou): years of resettlement after correction ends.</summary>
    [Range(1, 10)] public int ResettlementYears { get; set; } = 3;

    /// <summary>RP-05 (PRACTICE): days after discharge for the first resettlement home visit; then every <see cref="ResettlementVisitDays"/>.</summary>
    [Range(1, 90)] public int ResettlementFirstVisitDays { get; set; } = 7;

    /// <summary>RP-05 (PRACTICE): days between resettlement follow-up visits.</summary>
    [Range(1, 365)] public int ResettlementVisitDays { get; set; } = 90;
}
