using System.Collections.Concurrent;
using System.Globalization;
using GridGovernance.Api.Security;
using GridGovernance.Api.Tests.Infrastructure;

namespace GridGovernance.Api.Tests.Matrix;

/// <summary>
/// Matrix rows of the case endpoints. Each builds its case through the API as <see cref="MatrixTarget.Officer"/>
/// (the person is on that officer's caseload), up to the stage the command needs.
/// </summary>
public static class CaseMatrix
{
    private const string C = "correction-case", R = "rehabilitation-case";

    private static readonly ConcurrentDictionary<string, Task<Guid>> PreReleaseCases = new();

    public static IReadOnlyList<MatrixEndpoint> Rows { get; } =
    [
        new("GetCorrectionCase", Capability.ReadCase, async t => Get(await PersonMatrix.PersonAsync(t), C)),
        new("RecordCorrectionIntakeStep", Capability.ManageCase, async t => Post(await PersonMatrix.PersonAsync(t), C, "/intake-steps", new { step = "FileCreated" })),
        new("SetCorrectionTeam", Capability.ManageCase, async t => new MatrixRequest(HttpMethod.Put, $"/api/v1/people/{await PersonMatrix.PersonAsync(t)}/{C}/team", Team)),
        new("RecordCorrectionDuty", Capability.ManageCase, async t => Post(await ActiveAsync(t), C, "/duties", new { reportId = Guid.NewGuid(), kind = "InPersonReport", at = DateTimeOffset.UtcNow })),
        new("RecordCorrectionAssessment", Capability.ManageCase, async t => Post(await ActiveAsync(t), C, "/assessments", new { year = Today.Year, month = Today.Month, grade = "Pass" })),
        new("RequestCorrectionTrip", Capability.ManageCase, async t => Post(await ActiveAsync(t), C, "/trips", Trip(Guid.NewGuid()))),
        new("DecideCorrectionTrip", Capability.ManageCase, async t =>
        {
            var (id, trip) = await TripAsync(t, approved: false);
            return Post(id, C, $"/trips/{trip}/decision", new { approved = true, approver = "所长", level = "JusticeOffice" });
        }),
        new("RecordCorrectionTripDeparture", Capability.ManageCase, async t =>
        {
            var (id, trip) = await TripAsync(t, approved: true);
            return Post(id, C, $"/trips/{trip}/departure", new { at = DateTimeOffset.UtcNow });
        }),
        new("RecordCorrectionTripReturn", Capability.ManageCase, async t =>
        {
            var (id, trip) = await TripAsync(t, approved: true);
            await SendAsync(t, Post(id, C, $"/trips/{trip}/departure", new { at = DateTimeOffset.UtcNow.AddMinutes(-1) }));
            return Post(id, C, $"/trips/{trip}/return", new { at = DateTimeOffset.UtcNow });
        }),
        new("RecordCorrectionViolation", Capability.ManageCase, async t => Post(await ActiveAsync(t), C, "/violations", Violation(Guid.NewGuid(), "VisitorRuleBreach", null))),
        new("DecideCorrectionSanction", Capability.ManageCase, async t =>
        {
            var (id, proposal) = await ProposalAsync(t, "VisitorRuleBreach", null, "Admonition");
            return Post(id, C, $"/sanctions/{Uri.EscapeDataString(proposal)}/decision", new { confirm = true, officer = "矫正官", note = "matrix" });
        }),
        new("RecordCorrectionSanctionCorrected", Capability.ManageCase, async t =>
        {
            var (id, proposal) = await ProposalAsync(t, "VisitorRuleBreach", null, "Admonition");
            await SendAsync(t, Post(id, C, $"/sanctions/{Uri.EscapeDataString(proposal)}/decision", new { confirm = true, officer = "矫正官", note = (string?)null }));
            return Post(id, C, $"/sanctions/{Uri.EscapeDataString(proposal)}/corrected", null);
        }),
        new("OrderCorrectionMonitoring", Capability.ManageCase, async t =>
        {
            var id = await ActiveAsync(t);
            await SendAsync(t, Post(id, C, "/violations", Violation(Guid.NewGuid(), "ProhibitionOrderBreach", null)));
            return Post(id, C, "/monitoring-orders", Order(Guid.NewGuid()));
        }),
        new("ExtendCorrectionMonitoring", Capability.ManageCase, async t =>
        {
            var (id, order) = (await ActiveAsync(t), Guid.NewGuid());
            await SendAsync(t, Post(id, C, "/violations", Violation(Guid.NewGuid(), "ProhibitionOrderBreach", null)));
            await SendAsync(t, Post(id, C, "/monitoring-orders", Order(order)));
            return Post(id, C, $"/monitoring-orders/{order}/extensions", new { extensionId = Guid.NewGuid(), months = 2, assessment = "重新评估：仍需监管", approver = "局长", level = "CountyBureauHead" });
        }),
        // Release documents are prepared in the last 30 days (CC-33): one case per target, waited into pre-release once (the cell's sweep moves it).
        new("RecordCorrectionReleaseDocument", Capability.ManageCase, async t => Post(await PreReleaseAsync(t), C, "/release-documents", new { document = "SelfSummary" })),
        new("RecordCorrectionCourtDecision", Capability.ManageCase, async t =>
        {
            var (id, proposal) = await ProposalAsync(t, "Absconding", 45, "RevocationProposal");
            await SendAsync(t, Post(id, C, $"/sanctions/{Uri.EscapeDataString(proposal)}/decision", new { confirm = true, officer = "矫正官", note = (string?)null }));
            return Post(id, C, "/court-decisions", new { decision = "ArrestDecided" });
        }),

        new("GetRehabilitationCase", Capability.ReadCase, async t => Get(await PersonMatrix.PersonAsync(t, "CommunityDrugRehabilitation"), R)),
        new("SignRehabilitationAgreement", Capability.ManageCase, async t =>
        {
            var id = await ReportedRehabAsync(t);
            return Post(id, R, "/agreement", new { signedAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        }),
        new("RecordRehabilitationDrugTest", Capability.ManageCase, async t => Post(await ActiveRehabAsync(t), R, "/drug-tests", new { testId = Guid.NewGuid(), takenAt = DateTimeOffset.UtcNow, result = "Negative" })),
        new("RecordRehabilitationAbsence", Capability.ManageCase, async t => Post(await ActiveRehabAsync(t), R, "/absences", new { absenceId = Guid.NewGuid(), from = Day(0), to = Day(0), reportedInAdvance = true })),
        new("RecordRehabilitationDetention", Capability.ManageCase, async t => Post(await ActiveRehabAsync(t), R, "/detentions", new { detentionId = Guid.NewGuid(), detainedAt = DateTimeOffset.UtcNow })),
        new("RecordRehabilitationRelease", Capability.ManageCase, async t =>
        {
            var (id, detention) = (await ActiveRehabAsync(t), Guid.NewGuid());
            await SendAsync(t, Post(id, R, "/detentions", new { detentionId = detention, detainedAt = DateTimeOffset.UtcNow.AddMinutes(-2) }));
            return Post(id, R, $"/detentions/{detention}/release", new { at = DateTimeOffset.UtcNow });
        }),
        new("RecordRehabilitationHelpActivity", Capability.ManageCase, async t => Post(await ActiveRehabAsync(t), R, "/help-activities", new { activityId = Guid.NewGuid(), at = DateTimeOffset.UtcNow })),
        new("RecordRehabilitationPoliceReport", Capability.ManageCase, async t =>
        {
            var id = await ActiveRehabAsync(t);
            await SendAsync(t, Post(id, R, "/drug-tests", new { testId = Guid.NewGuid(), takenAt = DateTimeOffset.UtcNow.AddMinutes(-1), result = "Positive" }));
            var view = await SendAsync(t, new MatrixRequest(HttpMethod.Get, $"/api/v1/people/{id}/{R}?purpose=matrix%20setup"));
            var task = view.Json["openPoliceReports"]!.AsArray()[0]!["id"]!.GetValue<string>();
            return Post(id, R, "/police-reports", new { reportId = Guid.NewGuid(), task, reportedAt = DateTimeOffset.UtcNow });
        }),
    ];

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private static string Day(int days) => Today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static object Team => new { team = new[] { new { name = "司法所 陈", role = "JudicialOfficer", gender = "Female" } } };

    private static object Trip(Guid id) => new { tripId = id, destination = "广州", departs = Day(0), returns = Day(2), reason = "探亲" };

    private static object Violation(Guid id, string kind, int? days) => new { violationId = id, kind, occurredOn = Day(0), days, description = "matrix" };

    private static object Order(Guid id) => new { orderId = id, ground = "ProhibitionOrderBreach", startsOn = Day(0), months = 1, approver = "局长", level = "CountyBureauHead" };

    private static MatrixRequest Get(Guid id, string kind) => new(HttpMethod.Get, $"/api/v1/people/{id}/{kind}?purpose=matrix");

    private static MatrixRequest Post(Guid id, string kind, string suffix, object? body) => new(HttpMethod.Post, $"/api/v1/people/{id}/{kind}{suffix}", body);

    private static string OfficerToken(MatrixTarget t) => ApiSystem.Token("correction-officer", t.Officer);

    /// <summary>Sends a setup request as the target's officer; fails the test unless it succeeded.</summary>
    private static async Task<ApiResponse> SendAsync(MatrixTarget t, MatrixRequest request)
    {
        var response = await t.Api.SendAsync(request.Method, request.Path, OfficerToken(t), request.Body);
        Assert.True(response.Status is >= 200 and < 300, $"matrix setup {request.Method} {request.Path}: {response}");
        return response;
    }

    /// <summary>A correction case past intake (four steps and a team): active.</summary>
    private static async Task<Guid> ActiveAsync(MatrixTarget t, string? endsOn = null)
    {
        var admin = t.AdminToken;
        var id = Guid.NewGuid();
        var body = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(PeopleKit.EnrolBody(PersonMatrix.Home(t)), ApiSystem.Json))!.AsObject();
        if (endsOn is not null)
        {
            body["correctionEndsOn"] = endsOn;
        }

        var enrolled = await t.Api.PutAsync($"/api/v1/people/{id}", admin, body.ToJsonString());
        Assert.True(enrolled.Status == 200, $"matrix setup enrol: {enrolled}");
        var assigned = await t.Api.PutAsync($"/api/v1/people/{id}/officer", admin, new { officer = t.Officer });
        Assert.True(assigned.Status == 204, $"matrix setup officer: {assigned}");
        foreach (var step in new[] { "DocumentsChecked", "IdentityVerified", "FileCreated", "RulesAnnounced" })
        {
            await SendAsync(t, Post(id, C, "/intake-steps", new { step }));
        }

        await SendAsync(t, new MatrixRequest(HttpMethod.Put, $"/api/v1/people/{id}/{C}/team", Team));
        return id;
    }

    private static async Task<(Guid Id, Guid Trip)> TripAsync(MatrixTarget t, bool approved)
    {
        var (id, trip) = (await ActiveAsync(t), Guid.NewGuid());
        await SendAsync(t, Post(id, C, "/trips", Trip(trip)));
        if (approved)
        {
            await SendAsync(t, Post(id, C, $"/trips/{trip}/decision", new { approved = true, approver = "所长", level = "JusticeOffice" }));
        }

        return (id, trip);
    }

    /// <summary>An active case with a violation and the proposal of <paramref name="kind"/> it grounds.</summary>
    private static async Task<(Guid Id, string Proposal)> ProposalAsync(MatrixTarget t, string violation, int? days, string kind)
    {
        var id = await ActiveAsync(t);
        await SendAsync(t, Post(id, C, "/violations", Violation(Guid.NewGuid(), violation, days)));
        var view = await SendAsync(t, new MatrixRequest(HttpMethod.Get, $"/api/v1/people/{id}/{C}?purpose=matrix%20setup"));
        var proposal = view.Json["sanctions"]!.AsArray().First(s => s!["kind"]!.GetValue<string>() == kind)!["id"]!.GetValue<string>();
        return (id, proposal);
    }

    /// <summary>One case per target in pre-release (ends in 20 days), shared: recording a release document is idempotent.</summary>
    private static Task<Guid> PreReleaseAsync(MatrixTarget t) => PreReleaseCases.GetOrAdd(t.Cell.Value + "/" + t.Officer, async _ =>
    {
        var id = await ActiveAsync(t, Day(20));
        // The pre-release milestone is already due; the cell's sweep (every minute) moves the case into pre-release.
        for (var attempt = 0; attempt < 90; attempt++)
        {
            var view = await SendAsync(t, new MatrixRequest(HttpMethod.Get, $"/api/v1/people/{id}/{C}?purpose=matrix%20setup"));
            if (view.Json["stage"]!.GetValue<string>() == "PreRelease")
            {
                return id;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        throw new TimeoutException($"matrix setup: correction case {id} did not reach pre-release within 90 s");
    });

    private static async Task<Guid> ReportedRehabAsync(MatrixTarget t)
    {
        var id = await PersonMatrix.PersonAsync(t, "CommunityDrugRehabilitation");
        await SendAsync(t, new MatrixRequest(HttpMethod.Post, $"/api/v1/people/{id}/reports", new { reportedAt = DateTimeOffset.UtcNow.AddMinutes(-10) }));
        return id;
    }

    private static async Task<Guid> ActiveRehabAsync(MatrixTarget t)
    {
        var id = await ReportedRehabAsync(t);
        await SendAsync(t, Post(id, R, "/agreement", new { signedAt = DateTimeOffset.UtcNow.AddMinutes(-5) }));
        return id;
    }
}
