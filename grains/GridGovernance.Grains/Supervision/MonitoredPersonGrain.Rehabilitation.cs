using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Grains.Deadlines;
using GridGovernance.Grains.Supervision.Rehabilitation;

namespace GridGovernance.Grains.Supervision;

/// <summary>Community drug rehabilitation and rehabilitation (DR-*): the programme's part of the person grain.</summary>
public sealed partial class MonitoredPersonGrain
{
    private static string RehabilitationVisitRule => "GR-06";

    private TimeSpan RehabilitationVisitInterval => TimeSpan.FromDays(Rules.Rehabilitation.VisitDays);

    private static bool RehabilitationUnderControl => true;

    private static Outcome? ValidateRehabilitation(Enrolment command) =>
        command.SentenceType is not null
            ? Outcome.Invalid("sentenceType", "not-applicable", "sentenceType applies to community correction only.")
            : null;

    private void EnrolRehabilitation(Enrolment command)
    {
        State.Rehabilitation = new RehabilitationCase();
        // DR-02: report within 15 days of the decision.
        PlanFirstReport(DeadlineKind.RehabReport, RulesOn(command.OrderEffectiveOn).Rehabilitation.ReportDays, "DR-02");
    }

    private Task OnRehabilitationReportedAsync(DateTimeOffset reportedAt, string actor, CancellationToken cancellationToken)
    {
        State.Rehabilitation!.Stage = RehabilitationStage.AwaitingAgreement;
        return Task.CompletedTask;
    }

    private Task OnRehabilitationDeadlineAsync(Deadline deadline, string actor, CancellationToken cancellationToken) =>
        State.Rehabilitation is null ? Task.CompletedTask : Task.CompletedTask;
}
