using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Grains.Deadlines;
using GridGovernance.Grains.Field;
using GridGovernance.Grains.Rentals.Inspections;

namespace GridGovernance.Grains.Rentals;

/// <summary>Fire-safety inspections (FS-02..FS-06): a visit with a checklist whose failed items become hazards.</summary>
public sealed partial class RentalPropertyGrain
{
    /// <summary>The inspection being recorded, read by the visit hook; set only while <see cref="InspectAsync"/> runs.</summary>
    private PendingInspection? _inspection;

    public async ValueTask<InspectionResult> InspectAsync(Inspection inspection, string actor, CancellationToken cancellationToken = default)
    {
        if (!State.Exists)
        {
            return Rejected(inspection, Outcome.NotFound("not-registered", "No property is registered under this id."));
        }

        var fingerprint = FingerprintOf(inspection);
        if (State.Inspections.Find(i => i.Id == inspection.InspectionId) is { } prior)
        {
            return prior.Fingerprint == fingerprint
                ? Replayed(prior)
                : Rejected(inspection, Outcome.Conflict("inspection-id-reused", "This inspection id was already used for an inspection with other content; nothing was changed.", "inspectionId"));
        }

        if (FireChecklist.Validate(inspection) is { } invalid)
        {
            return Rejected(inspection, invalid);
        }

        // The inspection is recorded as the visit it is: check-in rules, then the hook applies the checklist before the
        // one commit, so visit, hazards, grade and journal are written together or not at all.
        var pending = new PendingInspection(inspection, fingerprint);
        _inspection = pending;
        try
        {
            var visit = await RecordVisitAsync(inspection.Visit!, actor, cancellationToken);
            if (!visit.Outcome.IsOk)
            {
                return Rejected(inspection, visit.Outcome) with { Visit = visit };
            }

            return pending.Record is { } record
                ? Result(record, visit)
                : Rejected(inspection, Outcome.Conflict("visit-id-reused", "This visit was already recorded without this inspection; send the inspection with a new visit id.", "visit.visitId"));
        }
        finally
        {
            _inspection = null;
        }
    }

    public async ValueTask<Outcome> WithdrawHazardAsync(string hazardId, string reason, string actor, CancellationToken cancellationToken = default)
    {
        if (!State.Exists)
        {
            return Outcome.NotFound("not-registered", "No property is registered under this id.");
        }

        if (string.IsNullOrWhiteSpace(hazardId))
        {
            return Outcome.Invalid("hazardId", "missing-field", "hazardId is required.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return Outcome.Invalid("reason", "missing-field", "A withdrawal needs a reason.");
        }

        var hazard = State.Hazards.Find(h => h.Id == hazardId);
        switch (hazard?.Status)
        {
            case null:
                return Outcome.NotFound("hazard-not-found", "No such hazard at this property.");
            case HazardStatus.Cancelled:
                return Outcome.Ok;
            case HazardStatus.Rectified:
                return Outcome.Conflict("hazard-closed", "This hazard was found rectified already; nothing was changed.", "hazardId");
        }

        hazard.Status = HazardStatus.Cancelled;
        hazard.ClosedAt = Time.GetUtcNow();
        await CancelAsync(d => d.Kind == DeadlineKind.HazardRectification && d.Subject == hazard.Id, actor, reason, cancellationToken);
        Emit("hazard-withdrawn", actor, new { hazard = hazard.Id, item = hazard.Item, rule = hazard.Rule, reason }, "withdraw:" + hazard.Id);
        await CommitAsync(cancellationToken: cancellationToken);
        return Outcome.Ok;
    }

    /// <summary>
    /// Called from the visit hook, before the commit: opens a hazard with a rectification deadline for each failed item,
    /// closes the open hazard of each passed item (on time → Met, late → MetLate and its alert resolves), flags vulnerable
    /// households and applies a new grade.
    /// </summary>
    private async Task ApplyInspectionAsync(PendingInspection pending, string actor, CancellationToken cancellationToken)
    {
        var inspection = pending.Command;
        var checklist = inspection.Checklist!;
        var now = Time.GetUtcNow();
        var policy = Rules.FireSafety;
        var findings = FireChecklist.Judge(checklist, policy);
        var (opened, rectified) = State.Hazards.Apply(inspection.InspectionId, findings, now,
            item => Calendar.EndOfCalendarDaysAfter(now, FireChecklist.RectificationDays(item, policy)));

        foreach (var hazard in opened)
        {
            State.Deadlines.Plan(new Deadline
            {
                Id = hazard.DeadlineId,
                Kind = DeadlineKind.HazardRectification,
                DueAt = hazard.DueAt,
                Rule = hazard.Rule,
                Subject = hazard.Id,
            });
            Emit("hazard-found", actor, new { hazard = hazard.Id, item = hazard.Item, rule = hazard.Rule, dueAt = hazard.DueAt }, "hazard:" + hazard.Id);
        }

        foreach (var hazard in rectified)
        {
            await CompleteAsync(d => d.Kind == DeadlineKind.HazardRectification && d.Subject == hazard.Id, actor, "rectified", cancellationToken);
            Emit("hazard-rectified", actor, new { hazard = hazard.Id, item = hazard.Item, rule = hazard.Rule, inspectionId = inspection.InspectionId }, "rectified:" + hazard.Id);
        }

        // FS-02: the latest inspection says who lives here now.
        State.Vulnerable = checklist.Vulnerable;
        bool? isSmallPlace = checklist.SmallPlace is { } place ? FireChecklist.IsSmallPlace(place, policy) : null;
        if (inspection.NewGrade is { } grade && grade != State.Grade)
        {
            ChangeGrade(grade, inspection.GradeReason!.Trim(), actor, "regrade:" + inspection.InspectionId.ToString("N"));
        }

        var record = new InspectionRecord
        {
            Id = inspection.InspectionId,
            Fingerprint = pending.Fingerprint,
            VisitId = inspection.Visit!.VisitId,
            Opened = [.. opened.Select(h => h.Id)],
            Rectified = [.. rectified.Select(h => h.Id)],
            IsSmallPlace = isSmallPlace,
        };
        Remember(State.Inspections, record);
        Emit("inspected", actor, new
        {
            inspectionId = inspection.InspectionId,
            visitId = record.VisitId,
            failed = findings.Where(f => f.Failed).Select(f => f.Item),
            hazardsOpened = record.Opened,
            hazardsRectified = record.Rectified,
            isSmallPlace,
            vulnerable = checklist.Vulnerable,
        }, "inspection:" + inspection.InspectionId.ToString("N"));
        pending.Record = record;
    }

    /// <summary>A replay: the same answer (marked as a replay), the visit's part rebuilt from the remembered visits.</summary>
    private InspectionResult Replayed(InspectionRecord record) =>
        Result(record, VisitReplay.Find(State.Visits, record.VisitId)?.Replay) with { Outcome = Outcome.AlreadyApplied };

    private static InspectionResult Result(InspectionRecord record, VisitResult? visit) =>
        new(Outcome.Ok, record.Id, visit, record.Opened, record.Rectified, record.IsSmallPlace);

    private static InspectionResult Rejected(Inspection inspection, Outcome outcome) => new(outcome, inspection.InspectionId, null, [], [], null);

    /// <summary>An inspection on its way through the visit logic, and what the hook recorded for it.</summary>
    private sealed class PendingInspection(Inspection command, string fingerprint)
    {
        public Inspection Command { get; } = command;

        public string Fingerprint { get; } = fingerprint;

        public InspectionRecord? Record { get; set; }
    }
}
