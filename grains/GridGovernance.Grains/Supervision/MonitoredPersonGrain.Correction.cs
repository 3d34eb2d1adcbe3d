using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Grains.Deadlines;
using GridGovernance.Grains.Supervision.Correction;

namespace GridGovernance.Grains.Supervision;

/// <summary>Community correction (CC-*): the programme's part of the person grain.</summary>
public sealed partial class MonitoredPersonGrain
{
    private static string CorrectionVisitRule => "CC-10";

    private TimeSpan CorrectionVisitInterval => TimeSpan.FromDays(State.Level switch
    {
        SupervisionLevel.Ordinary => Rules.Correction.OrdinaryVisitDays,
        SupervisionLevel.Lenient => Rules.Correction.LenientVisitDays,
        _ => Rules.Correction.StrictVisitDays,
    });

    private bool CorrectionUnderControl => State.Correction?.Stage is not (CorrectionStage.Closed or CorrectionStage.Revoked);

    private static Outcome? ValidateCorrection(Enrolment command) =>
        command.SentenceType is not { } sentence || !Enum.IsDefined(sentence)
            ? Outcome.Invalid("sentenceType", "missing-field", "CC-01: a community correction case needs its sentence type.")
            : null;

    private void EnrolCorrection(Enrolment command)
    {
        State.Correction = new CorrectionCase { EndsOn = command.CorrectionEndsOn };
        // CC-11: new subjects start at 严管.
        State.Level = command.Level ?? SupervisionLevel.Strict;
        // CC-04: report within 10 days of the judgment taking effect.
        PlanFirstReport(DeadlineKind.CorrectionReport, RulesOn(command.OrderEffectiveOn).Correction.ReportDays, "CC-04");
    }

    private Task OnCorrectionReportedAsync(DateTimeOffset reportedAt, string actor, CancellationToken cancellationToken)
    {
        State.Correction!.Stage = CorrectionStage.Intake;
        return Task.CompletedTask;
    }

    private Task OnCorrectionDeadlineAsync(Deadline deadline, string actor, CancellationToken cancellationToken) =>
        State.Correction is null ? Task.CompletedTask : Task.CompletedTask;
}
