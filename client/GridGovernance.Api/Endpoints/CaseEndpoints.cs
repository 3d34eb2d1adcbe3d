using System.ComponentModel.DataAnnotations;
using GridGovernance.Api.People;
using GridGovernance.Api.Security;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Supervision;
using Microsoft.AspNetCore.Http.HttpResults;
using Problem = GridGovernance.Api.Problems.Problems;

namespace GridGovernance.Api.Endpoints;

/// <summary>
/// Correction (社区矫正) and drug rehabilitation (社区戒毒/康复) cases, under the person they belong to. Reading a case
/// needs a purpose and is logged (CC-37); a correction case's trips and monitoring are location data (CC-31). Every
/// command is idempotent (client ids, or commands that are the same when repeated).
/// </summary>
public static class CaseEndpoints
{
    private const string Correction = "/{id}/correction-case";
    private const string Rehabilitation = "/{id}/rehabilitation-case";

    public static RouteGroupBuilder MapCaseEndpoints(this IEndpointRouteBuilder app)
    {
        // Bodies are validated by RequestValidation (camelCase field names, the problem's "field"), not the framework's filter.
        var cases = app.MapGroup("/api/v1/people").WithTags("Cases").RequireAuthorization().RequireRateLimiting(RateLimits.PerUser).DisableValidation();

        cases.MapGet(Correction, GetCorrectionCaseAsync).WithName("GetCorrectionCase")
            .WithSummary("The correction case; needs a purpose and is logged (CC-37). Trips and monitoring only for callers allowed location data (CC-31).");
        Command<IntakeStepRequest>(cases, HttpMethod.Post, Correction + "/intake-steps", "RecordCorrectionIntakeStep", "Marks an intake step done (CC-05).",
            (g, b, a, c) => g.RecordIntakeStepAsync(b.Step!.Value, a, c));
        Command<TeamRequest>(cases, HttpMethod.Put, Correction + "/team", "SetCorrectionTeam", "Sets the correction team (CC-06).",
            (g, b, a, c) => g.SetTeamAsync([.. b.Team!.Select(m => new TeamMember(m.Name!.Trim(), m.Role!.Value, m.Gender!.Value))], a, c));
        Command<DutyRequest>(cases, HttpMethod.Post, Correction + "/duties", "RecordCorrectionDuty", "Records a fulfilled duty (CC-10); idempotent by reportId.",
            (g, b, a, c) => g.RecordDutyAsync(new DutyReport(b.ReportId!.Value, b.Kind!.Value, b.At!.Value), a, c));
        Command<AssessmentRequest>(cases, HttpMethod.Post, Correction + "/assessments", "RecordCorrectionAssessment", "Records a monthly assessment (CC-12); one per month.",
            (g, b, a, c) => g.RecordAssessmentAsync(new MonthlyAssessment(b.Year!.Value, b.Month!.Value, b.Grade!.Value), a, c));
        Command<TripRequestBody>(cases, HttpMethod.Post, Correction + "/trips", "RequestCorrectionTrip", "Requests a trip out of the area (CC-15/16); idempotent by tripId.",
            (g, b, a, c) => g.RequestTripAsync(new TripRequest(b.TripId!.Value, b.Destination!.Trim(), b.Departs!.Value, b.Returns!.Value, b.Reason!.Trim()), a, c));
        TripCommand<TripDecisionRequest>(cases, "/decision", "DecideCorrectionTrip", "Approves or refuses a trip at the approver's level (CC-15/16).",
            (g, trip, b, a, c) => g.DecideTripAsync(new TripDecision(trip, b.Approved!.Value, b.Approver!.Trim(), b.Level!.Value), a, c));
        TripCommand<InstantRequest>(cases, "/departure", "RecordCorrectionTripDeparture", "The subject left on an approved trip.",
            (g, trip, b, a, c) => g.RecordTripDepartureAsync(trip, b.At!.Value, a, c));
        TripCommand<InstantRequest>(cases, "/return", "RecordCorrectionTripReturn", "The subject came back and reported (a late return is a violation).",
            (g, trip, b, a, c) => g.RecordTripReturnAsync(trip, b.At!.Value, a, c));
        Command<ViolationRequest>(cases, HttpMethod.Post, Correction + "/violations", "RecordCorrectionViolation", "Records a violation; sanctions are proposed from it (CC-19/20/22). Idempotent by violationId.",
            (g, b, a, c) => g.RecordViolationAsync(new ViolationReport(b.ViolationId!.Value, b.Kind!.Value, b.OccurredOn!.Value, b.Days, b.Description!.Trim()), a, c));
        cases.MapPost(Correction + "/sanctions/{sanctionId}/decision", DecideSanctionAsync).WithName("DecideCorrectionSanction")
            .WithSummary("An officer confirms or rejects a proposed sanction.");
        cases.MapPost(Correction + "/sanctions/{sanctionId}/corrected", RecordCorrectedAsync).WithName("RecordCorrectionSanctionCorrected")
            .WithSummary("The subject corrected the behaviour behind a confirmed sanction.");
        Command<MonitoringOrderRequest>(cases, HttpMethod.Post, Correction + "/monitoring-orders", "OrderCorrectionMonitoring", "Orders electronic monitoring (CC-29/30); idempotent by orderId.",
            (g, b, a, c) => g.OrderMonitoringAsync(new MonitoringOrder(b.OrderId!.Value, b.Ground!.Value, b.StartsOn!.Value, b.Months!.Value, b.Approver!.Trim(), b.Level!.Value), a, c));
        cases.MapPost(Correction + "/monitoring-orders/{orderId}/extensions", ExtendMonitoringAsync).WithName("ExtendCorrectionMonitoring")
            .WithSummary("Extends a monitoring order after a new assessment (CC-30); idempotent by extensionId.");
        Command<ReleaseDocumentRequest>(cases, HttpMethod.Post, Correction + "/release-documents", "RecordCorrectionReleaseDocument", "Records a pre-release document (CC-33).",
            (g, b, a, c) => g.RecordReleaseDocumentAsync(b.Document!.Value, a, c));
        Command<CourtDecisionRequest>(cases, HttpMethod.Post, Correction + "/court-decisions", "RecordCorrectionCourtDecision", "Records the court's or police's decision after a revocation proposal (CC-25).",
            (g, b, a, c) => g.RecordCourtDecisionAsync(b.Decision!.Value, a, c));

        cases.MapGet(Rehabilitation, GetRehabilitationCaseAsync).WithName("GetRehabilitationCase")
            .WithSummary("The drug rehabilitation case (counters and dates); needs a purpose and is logged.");
        RehabCommand<AgreementRequest>(cases, "/agreement", "SignRehabilitationAgreement", "The agreement was signed (DR-05); the case becomes active.",
            (g, b, a, c) => g.SignRehabilitationAgreementAsync(new SignRehabilitationAgreement(b.SignedAt!.Value), a, c));
        RehabCommand<DrugTestRequest>(cases, "/drug-tests", "RecordRehabilitationDrugTest", "Records a drug test (DR-18); idempotent by testId.",
            (g, b, a, c) => g.RecordDrugTestAsync(new RecordDrugTest(b.TestId!.Value, b.TakenAt!.Value, b.Result!.Value, b.ScheduledTest), a, c));
        RehabCommand<AbsenceRequest>(cases, "/absences", "RecordRehabilitationAbsence", "Records an absence from the county (DR-07); idempotent by absenceId.",
            (g, b, a, c) => g.RecordRehabilitationAbsenceAsync(new RecordAbsence(b.AbsenceId!.Value, b.From!.Value, b.To!.Value, b.ReportedInAdvance!.Value), a, c));
        RehabCommand<DetentionRequest>(cases, "/detentions", "RecordRehabilitationDetention", "Records a detention; the case is suspended (DR-13). Idempotent by detentionId.",
            (g, b, a, c) => g.RecordRehabilitationDetentionAsync(new RecordDetention(b.DetentionId!.Value, b.DetainedAt!.Value), a, c));
        cases.MapPost(Rehabilitation + "/detentions/{detentionId}/release", RecordReleaseAsync).WithName("RecordRehabilitationRelease")
            .WithSummary("Records the release from a detention; the case resumes (DR-13).");
        RehabCommand<HelpActivityRequest>(cases, "/help-activities", "RecordRehabilitationHelpActivity", "Records a help-team activity (DR-21); idempotent by activityId.",
            (g, b, a, c) => g.RecordHelpActivityAsync(new RecordHelpActivity(b.ActivityId!.Value, b.At!.Value), a, c));
        RehabCommand<PoliceReportRequest>(cases, "/police-reports", "RecordRehabilitationPoliceReport", "Records the report to the police (DR-09); idempotent by reportId.",
            (g, b, a, c) => g.RecordPoliceReportAsync(new RecordPoliceReport(b.ReportId!.Value, b.Task!.Trim(), b.ReportedAt!.Value), a, c));
        return cases;
    }

    /// <summary>The correction case; trips and monitoring withheld from callers without CC-31 location access.</summary>
    public static Task<Results<Ok<CorrectionCaseView>, ProblemHttpResult>> GetCorrectionCaseAsync(string id, string? purpose, GridCaller caller, [AsParameters] PersonGate gate, CancellationToken cancellationToken) =>
        gate.AuditedReadAsync(caller, id, purpose, Capability.ReadCase, "GetCorrectionCase",
            async (allowed, location) => await gate.Client.CorrectionCase(allowed.Person.Id).GetCorrectionCaseAsync(cancellationToken) is { } view
                ? location ? view : view with { Trips = [], Monitoring = [], Deadlines = [.. view.Deadlines.Where(d => !LocationData.IsLocationDeadline(d))] }
                : null,
            cancellationToken);

    /// <summary>The rehabilitation case.</summary>
    public static Task<Results<Ok<RehabilitationCaseView>, ProblemHttpResult>> GetRehabilitationCaseAsync(string id, string? purpose, GridCaller caller, [AsParameters] PersonGate gate, CancellationToken cancellationToken) =>
        gate.AuditedReadAsync(caller, id, purpose, Capability.ReadCase, "GetRehabilitationCase",
            async (allowed, _) => await gate.Client.RehabilitationCase(allowed.Person.Id).GetRehabilitationCaseAsync(cancellationToken),
            cancellationToken);

    /// <summary>Confirms or rejects a sanction proposal.</summary>
    public static Task<Results<NoContent, ProblemHttpResult>> DecideSanctionAsync(string id, string sanctionId, SanctionDecisionRequest body, GridCaller caller, [AsParameters] PersonGate gate, CancellationToken cancellationToken) =>
        InvalidKey(sanctionId, "sanctionId") is { } invalid
            ? Task.FromResult<Results<NoContent, ProblemHttpResult>>(invalid)
            : gate.RunAsync(caller, id, Capability.ManageCase, body,
                p => gate.Client.CorrectionCase(p).DecideSanctionAsync(new SanctionDecision(sanctionId, body.Confirm!.Value, body.Officer!.Trim(), body.Note), caller.Actor, cancellationToken), cancellationToken);

    /// <summary>Marks a confirmed sanction corrected.</summary>
    public static Task<Results<NoContent, ProblemHttpResult>> RecordCorrectedAsync(string id, string sanctionId, GridCaller caller, [AsParameters] PersonGate gate, CancellationToken cancellationToken) =>
        InvalidKey(sanctionId, "sanctionId") is { } invalid
            ? Task.FromResult<Results<NoContent, ProblemHttpResult>>(invalid)
            : gate.RunAsync(caller, id, Capability.ManageCase, null, p => gate.Client.CorrectionCase(p).RecordCorrectedAsync(sanctionId, caller.Actor, cancellationToken), cancellationToken);

    /// <summary>Extends a monitoring order.</summary>
    public static Task<Results<NoContent, ProblemHttpResult>> ExtendMonitoringAsync(string id, string orderId, MonitoringExtensionRequest body, GridCaller caller, [AsParameters] PersonGate gate, CancellationToken cancellationToken) =>
        !Guid.TryParse(orderId, out var order)
            ? Task.FromResult<Results<NoContent, ProblemHttpResult>>(Problem.Invalid("orderId", "orderId must be a UUID."))
            : gate.RunAsync(caller, id, Capability.ManageCase, body,
                p => gate.Client.CorrectionCase(p).ExtendMonitoringAsync(new MonitoringExtension(order, body.ExtensionId!.Value, body.Months!.Value, body.Assessment!.Trim(), body.Approver!.Trim(), body.Level!.Value), caller.Actor, cancellationToken),
                cancellationToken);

    /// <summary>Records a release from detention.</summary>
    public static Task<Results<NoContent, ProblemHttpResult>> RecordReleaseAsync(string id, string detentionId, InstantRequest body, GridCaller caller, [AsParameters] PersonGate gate, CancellationToken cancellationToken) =>
        !Guid.TryParse(detentionId, out var detention)
            ? Task.FromResult<Results<NoContent, ProblemHttpResult>>(Problem.Invalid("detentionId", "detentionId must be a UUID."))
            : gate.RunAsync(caller, id, Capability.ManageCase, body,
                p => gate.Client.RehabilitationCase(p).RecordRehabilitationReleaseAsync(new RecordRelease(detention, body.At!.Value), caller.Actor, cancellationToken), cancellationToken);

    /// <summary>Maps one correction-case command: body validated by its annotations, then the shared person gate.</summary>
    private static void Command<TBody>(RouteGroupBuilder group, HttpMethod method, string pattern, string name, string summary,
        Func<ICorrectionCaseGrain, TBody, string, CancellationToken, ValueTask<Outcome>> command)
        where TBody : class
    {
        var handler = (string id, TBody body, GridCaller caller, [AsParameters] PersonGate gate, CancellationToken cancellationToken) =>
            gate.RunAsync(caller, id, Capability.ManageCase, body, p => command(gate.Client.CorrectionCase(p), body, caller.Actor, cancellationToken), cancellationToken);
        group.MapMethods(pattern, [method.Method], handler).WithName(name).WithSummary(summary);
    }

    /// <summary>Maps one command on a trip of a correction case (trip id in the path).</summary>
    private static void TripCommand<TBody>(RouteGroupBuilder group, string suffix, string name, string summary,
        Func<ICorrectionCaseGrain, Guid, TBody, string, CancellationToken, ValueTask<Outcome>> command)
        where TBody : class
    {
        var handler = (string id, string tripId, TBody body, GridCaller caller, [AsParameters] PersonGate gate, CancellationToken cancellationToken) =>
            Guid.TryParse(tripId, out var trip)
                ? gate.RunAsync(caller, id, Capability.ManageCase, body, p => command(gate.Client.CorrectionCase(p), trip, body, caller.Actor, cancellationToken), cancellationToken)
                : Task.FromResult<Results<NoContent, ProblemHttpResult>>(Problem.Invalid("tripId", "tripId must be a UUID."));
        group.MapPost(Correction + "/trips/{tripId}" + suffix, handler).WithName(name).WithSummary(summary);
    }

    /// <summary>Maps one rehabilitation-case command.</summary>
    private static void RehabCommand<TBody>(RouteGroupBuilder group, string suffix, string name, string summary,
        Func<IRehabilitationCaseGrain, TBody, string, CancellationToken, ValueTask<Outcome>> command)
        where TBody : class
    {
        var handler = (string id, TBody body, GridCaller caller, [AsParameters] PersonGate gate, CancellationToken cancellationToken) =>
            gate.RunAsync(caller, id, Capability.ManageCase, body, p => command(gate.Client.RehabilitationCase(p), body, caller.Actor, cancellationToken), cancellationToken);
        group.MapPost(Rehabilitation + suffix, handler).WithName(name).WithSummary(summary);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? InvalidKey(string value, string field) =>
        string.IsNullOrWhiteSpace(value) || value.Length > 200 ? Problem.Invalid(field, field + " is required (at most 200 characters).") : null;
}

/// <summary>An intake step done.</summary>
/// <param name="Step">DocumentsChecked, IdentityVerified, FileCreated or RulesAnnounced.</param>
public sealed record IntakeStepRequest([property: Required, EnumDataType(typeof(IntakeStep))] IntakeStep? Step);

/// <summary>The correction team.</summary>
/// <param name="Team">The members (at least one; a judicial officer leads it).</param>
public sealed record TeamRequest([property: Required, MinLength(1), MaxLength(20)] IReadOnlyList<TeamMemberBody>? Team);

/// <summary>A team member.</summary>
/// <param name="Name">Staff name.</param>
/// <param name="Role">Team role.</param>
/// <param name="Gender">Gender (CC-06).</param>
public sealed record TeamMemberBody(
    [property: Required, StringLength(100, MinimumLength = 1)] string? Name,
    [property: Required, EnumDataType(typeof(TeamRole))] TeamRole? Role,
    [property: Required, EnumDataType(typeof(Gender))] Gender? Gender);

/// <summary>A fulfilled duty.</summary>
/// <param name="ReportId">Client id.</param>
/// <param name="Kind">InPersonReport or WrittenReport.</param>
/// <param name="At">When.</param>
public sealed record DutyRequest([property: Required] Guid? ReportId, [property: Required, EnumDataType(typeof(DutyKind))] DutyKind? Kind, [property: Required] DateTimeOffset? At);

/// <summary>A monthly assessment.</summary>
/// <param name="Year">Year.</param>
/// <param name="Month">Month 1–12.</param>
/// <param name="Grade">Good, Pass or Fail.</param>
public sealed record AssessmentRequest(
    [property: Required, Range(2000, 2100)] int? Year,
    [property: Required, Range(1, 12)] int? Month,
    [property: Required, EnumDataType(typeof(AssessmentGrade))] AssessmentGrade? Grade);

/// <summary>A trip request.</summary>
/// <param name="TripId">Client id.</param>
/// <param name="Destination">Where to.</param>
/// <param name="Departs">First day away.</param>
/// <param name="Returns">Last day away.</param>
/// <param name="Reason">Why.</param>
public sealed record TripRequestBody(
    [property: Required] Guid? TripId,
    [property: Required, StringLength(200, MinimumLength = 1)] string? Destination,
    [property: Required] DateOnly? Departs,
    [property: Required] DateOnly? Returns,
    [property: Required, StringLength(500, MinimumLength = 1)] string? Reason);

/// <summary>A decision on a trip.</summary>
/// <param name="Approved">Approved or refused.</param>
/// <param name="Approver">The approver's name.</param>
/// <param name="Level">JusticeOffice, CountyAgency or CountyBureauHead.</param>
public sealed record TripDecisionRequest(
    [property: Required] bool? Approved,
    [property: Required, StringLength(100, MinimumLength = 1)] string? Approver,
    [property: Required, EnumDataType(typeof(ApproverLevel))] ApproverLevel? Level);

/// <summary>An instant (a departure, a return, a release).</summary>
/// <param name="At">When.</param>
public sealed record InstantRequest([property: Required] DateTimeOffset? At);

/// <summary>A violation.</summary>
/// <param name="ViolationId">Client id.</param>
/// <param name="Kind">What.</param>
/// <param name="OccurredOn">The day it happened.</param>
/// <param name="Days">Days late or away, for the kinds measured in days.</param>
/// <param name="Description">What happened.</param>
public sealed record ViolationRequest(
    [property: Required] Guid? ViolationId,
    [property: Required, EnumDataType(typeof(ViolationKind))] ViolationKind? Kind,
    [property: Required] DateOnly? OccurredOn,
    [property: Range(0, 3660)] int? Days,
    [property: Required, StringLength(1000, MinimumLength = 1)] string? Description);

/// <summary>A decision on a sanction proposal.</summary>
/// <param name="Confirm">Confirm or reject.</param>
/// <param name="Officer">The deciding officer's name.</param>
/// <param name="Note">Reasoning.</param>
public sealed record SanctionDecisionRequest(
    [property: Required] bool? Confirm,
    [property: Required, StringLength(100, MinimumLength = 1)] string? Officer,
    [property: StringLength(1000)] string? Note);

/// <summary>An electronic monitoring order.</summary>
/// <param name="OrderId">Client id.</param>
/// <param name="Ground">One of the five grounds (CC-29).</param>
/// <param name="StartsOn">First day.</param>
/// <param name="Months">Length, 1–3 months.</param>
/// <param name="Approver">The approver's name.</param>
/// <param name="Level">Must be CountyBureauHead.</param>
public sealed record MonitoringOrderRequest(
    [property: Required] Guid? OrderId,
    [property: Required, EnumDataType(typeof(MonitoringGround))] MonitoringGround? Ground,
    [property: Required] DateOnly? StartsOn,
    [property: Required, Range(1, 12)] int? Months,
    [property: Required, StringLength(100, MinimumLength = 1)] string? Approver,
    [property: Required, EnumDataType(typeof(ApproverLevel))] ApproverLevel? Level);

/// <summary>An extension of a monitoring order.</summary>
/// <param name="ExtensionId">Client id.</param>
/// <param name="Months">Length, 1–3 months.</param>
/// <param name="Assessment">The new assessment that justifies it.</param>
/// <param name="Approver">The approver's name.</param>
/// <param name="Level">Must be CountyBureauHead.</param>
public sealed record MonitoringExtensionRequest(
    [property: Required] Guid? ExtensionId,
    [property: Required, Range(1, 12)] int? Months,
    [property: Required, StringLength(1000, MinimumLength = 1)] string? Assessment,
    [property: Required, StringLength(100, MinimumLength = 1)] string? Approver,
    [property: Required, EnumDataType(typeof(ApproverLevel))] ApproverLevel? Level);

/// <summary>A pre-release document.</summary>
/// <param name="Document">SelfSummary, Appraisal or ResettlementRecommendation.</param>
public sealed record ReleaseDocumentRequest([property: Required, EnumDataType(typeof(ReleaseDocument))] ReleaseDocument? Document);

/// <summary>A court or police decision.</summary>
/// <param name="Decision">ArrestDecided, RevocationGranted or RevocationRefused.</param>
public sealed record CourtDecisionRequest([property: Required, EnumDataType(typeof(CourtDecision))] CourtDecision? Decision);

/// <summary>The rehabilitation agreement was signed.</summary>
/// <param name="SignedAt">When.</param>
public sealed record AgreementRequest([property: Required] DateTimeOffset? SignedAt);

/// <summary>A drug test.</summary>
/// <param name="TestId">Client id.</param>
/// <param name="TakenAt">When.</param>
/// <param name="Result">Negative, Positive or Refused.</param>
/// <param name="ScheduledTest">The scheduled test it fulfils; null for the earliest open one.</param>
public sealed record DrugTestRequest(
    [property: Required] Guid? TestId,
    [property: Required] DateTimeOffset? TakenAt,
    [property: Required, EnumDataType(typeof(DrugTestResult))] DrugTestResult? Result,
    [property: StringLength(200)] string? ScheduledTest);

/// <summary>An absence from the county.</summary>
/// <param name="AbsenceId">Client id.</param>
/// <param name="From">First day away.</param>
/// <param name="To">Last day away.</param>
/// <param name="ReportedInAdvance">Whether a written report was made before leaving.</param>
public sealed record AbsenceRequest([property: Required] Guid? AbsenceId, [property: Required] DateOnly? From, [property: Required] DateOnly? To, [property: Required] bool? ReportedInAdvance);

/// <summary>A detention.</summary>
/// <param name="DetentionId">Client id.</param>
/// <param name="DetainedAt">When.</param>
public sealed record DetentionRequest([property: Required] Guid? DetentionId, [property: Required] DateTimeOffset? DetainedAt);

/// <summary>A help-team activity.</summary>
/// <param name="ActivityId">Client id.</param>
/// <param name="At">When.</param>
public sealed record HelpActivityRequest([property: Required] Guid? ActivityId, [property: Required] DateTimeOffset? At);

/// <summary>A report to the police.</summary>
/// <param name="ReportId">Client id.</param>
/// <param name="Task">The police-report task id from the case view.</param>
/// <param name="ReportedAt">When.</param>
public sealed record PoliceReportRequest(
    [property: Required] Guid? ReportId,
    [property: Required, StringLength(200, MinimumLength = 1)] string? Task,
    [property: Required] DateTimeOffset? ReportedAt);
