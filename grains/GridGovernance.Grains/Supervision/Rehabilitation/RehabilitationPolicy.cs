using System.ComponentModel.DataAnnotations;

namespace GridGovernance.Grains.Supervision.Rehabilitation;

/// <summary>Community drug rehabilitation (社区戒毒) and rehabilitation (社区康复).</summary>
public sealed class RehabilitationPolicy : IValidatableObject
{
    /// <summary>DR-02 (LAW): days to report after the decision.</summary>
    [Range(1, 90)] public int ReportDays { get; set; } = 15;

    /// <summary>DR-03 (LAW): programme length in years from the report date (suspended time excluded, DR-13).</summary>
    [Range(1, 10)] public int ProgrammeYears { get; set; } = 3;

    /// <summary>DR-18 (PRACTICE): months between drug tests in programme year 1, 2, 3, ... (the last entry holds beyond).</summary>
    public List<int> TestIntervalMonthsByYear { get; set; } = [1, 2, 3];

    /// <summary>DR-07 (LAW): an absence of at least this many days needs a written report before leaving.</summary>
    [Range(1, 90)] public int AbsenceReportDays { get; set; } = 3;

    /// <summary>DR-08 (LAW): evaded or refused tests that make a serious violation.</summary>
    [Range(1, 100)] public int SeriousEvadedTests { get; set; } = 3;

    /// <summary>DR-08 (LAW): unauthorised absences that make a serious violation.</summary>
    [Range(1, 100)] public int SeriousUnauthorisedAbsences { get; set; } = 3;

    /// <summary>DR-08 (LAW): a total of unauthorised days away above this makes a serious violation.</summary>
    [Range(1, 365)] public int SeriousTotalAbsenceDays { get; set; } = 30;

    /// <summary>DR-09 (LAW "promptly", PRACTICE value): working days to report a serious violation to the police.</summary>
    [Range(1, 30)] public int PoliceReportWorkingDays { get; set; } = 1;

    /// <summary>GR-06 (PRACTICE): visit interval in days.</summary>
    [Range(1, 365)] public int VisitDays { get; set; } = 30;

    /// <summary>DR-21 (OPEN): points per event (positive or negative), by event name.</summary>
    public Dictionary<string, int> Points { get; set; } = new()
    {
        ["test-attended"] = 2,
        ["test-negative"] = 3,
        ["help-activity"] = 1,
        ["test-missed"] = -5,
        ["test-refused"] = -5,
        ["test-positive"] = -10,
        ["unreported-absence"] = -5,
    };

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TestIntervalMonthsByYear.Count == 0 || TestIntervalMonthsByYear.Any(m => m is < 1 or > 12))
        {
            yield return new ValidationResult("each entry is 1..12 months, at least one entry", [nameof(TestIntervalMonthsByYear)]);
        }
    }
}
