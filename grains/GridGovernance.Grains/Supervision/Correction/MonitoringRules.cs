using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Supervision;

namespace GridGovernance.Grains.Supervision.Correction;

/// <summary>
/// Electronic monitoring (CC-29/30, CCL Art 29): only on one of five grounds that the case's own record shows,
/// approved by the head of the county justice bureau, for at most 3 months, each extension after a new
/// assessment and again at most 3 months.
/// </summary>
public static class MonitoringRules
{
    /// <summary>What is wrong with an order, or null.</summary>
    public static Outcome? Validate(MonitoringOrder order, CorrectionCase c, DateOnly today, CorrectionPolicy policy)
    {
        if (order.OrderId == Guid.Empty)
        {
            return Outcome.Invalid("orderId", "missing-field", "orderId is required (a UUID the client generates once).");
        }

        if (!Enum.IsDefined(order.Ground))
        {
            return Outcome.Invalid("ground", "invalid-ground", "CC-29: ground is one of ProhibitionOrderBreach, LeftAreaWithoutApproval, WarnedForRefusingToReport, PublicSecurityPenalty, PendingRevocationProposal.");
        }

        if (Approval(order.Approver, order.Level) is { } approval)
        {
            return approval;
        }

        if (order.Months < 1 || order.Months > policy.MonitoringMaxMonths)
        {
            return Outcome.Invalid("months", "monitoring-too-long", $"CC-30: an order lasts 1 to {policy.MonitoringMaxMonths} months.");
        }

        if (order.StartsOn < today.AddDays(-1) || order.StartsOn > today.AddDays(31))
        {
            return Outcome.Invalid("startsOn", "impossible-date", "startsOn must be within a month from today.");
        }

        return OnRecord(order.Ground, c) ? null
            : Outcome.Conflict("ground-not-on-record", $"CC-29: the case's record shows no {order.Ground}; record the violation or proposal first.", "ground");
    }

    /// <summary>What is wrong with an extension, or null.</summary>
    public static Outcome? Validate(MonitoringExtension extension, CorrectionPolicy policy)
    {
        if (extension.ExtensionId == Guid.Empty)
        {
            return Outcome.Invalid("extensionId", "missing-field", "extensionId is required (a UUID the client generates once).");
        }

        if (string.IsNullOrWhiteSpace(extension.Assessment))
        {
            return Outcome.Invalid("assessment", "missing-field", "CC-30: an extension needs a new assessment.");
        }

        if (Approval(extension.Approver, extension.Level) is { } approval)
        {
            return approval;
        }

        return extension.Months < 1 || extension.Months > policy.MonitoringMaxMonths
            ? Outcome.Invalid("months", "monitoring-too-long", $"CC-30: an extension lasts 1 to {policy.MonitoringMaxMonths} months.")
            : null;
    }

    /// <summary>The last day of a period of <paramref name="months"/> starting on <paramref name="start"/>.</summary>
    public static DateOnly LastDay(DateOnly start, int months) => start.AddMonths(months).AddDays(-1);

    private static Outcome? Approval(string approver, ApproverLevel level) =>
        string.IsNullOrWhiteSpace(approver)
            ? Outcome.Invalid("approver", "missing-field", "CC-29: the approver's name is required.")
            : level != ApproverLevel.CountyBureauHead
                ? new Outcome(OutcomeKind.Forbidden, "approver-level-too-low", "CC-29: electronic monitoring is approved by the head of the county justice bureau.", "level")
                : null;

    /// <summary>A warning for not reporting: grounded on a late report or a reporting breach, directly or through its admonitions.</summary>
    private static bool RestsOnReporting(Sanction warning, CorrectionCase c) =>
        warning.Evidence.Any(e =>
            c.Violations.Any(v => "violation:" + v.Report.ViolationId.ToString("N") == e && v.Report.Kind is ViolationKind.LateReporting or ViolationKind.ReportingRuleBreach)
            || (c.Sanctions.Find(s => s.Id == e) is { } counted && RestsOnReporting(counted, c)));

    private static bool OnRecord(MonitoringGround ground, CorrectionCase c) => ground switch
    {
        MonitoringGround.ProhibitionOrderBreach => c.Violations.Any(v => v.Report.Kind == ViolationKind.ProhibitionOrderBreach),
        MonitoringGround.LeftAreaWithoutApproval => c.Violations.Any(v => v.Report.Kind == ViolationKind.UnauthorisedAbsence),
        MonitoringGround.WarnedForRefusingToReport => c.Sanctions.Any(s => s.Kind == SanctionKind.Warning && s.Status == SanctionStatus.Confirmed && RestsOnReporting(s, c)),
        MonitoringGround.PublicSecurityPenalty => c.Violations.Any(v => v.Report.Kind == ViolationKind.PublicSecurityPenalty),
        MonitoringGround.PendingRevocationProposal => c.Sanctions.Any(s => s.Kind == SanctionKind.RevocationProposal && s.Status != SanctionStatus.Rejected),
        _ => false,
    };
}
