using System.Globalization;
using System.Text.Json.Nodes;
using GridGovernance.Api.Security;
using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Api.Tests.Matrix;
using GridGovernance.Contracts.Common;

namespace GridGovernance.Api.Tests;

/// <summary>Correction and rehabilitation cases over HTTP: the officer's commands, audited reads, scope.</summary>
public sealed class CaseTests(ApiSystem api)
{
    private static readonly GeoPoint A1 = TestGrid.Centre(0, 0);

    private static string Day(int days) => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8).AddDays(days)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Enrols a correction subject as a new officer and completes intake (four steps and a team): the case is active.</summary>
    public static async Task<(Guid Id, string Officer)> ActiveCorrectionCaseAsync(ApiSystem api, GeoPoint home)
    {
        var officer = PeopleKit.NewOfficer();
        return (await PeopleKit.ActiveCorrectionCaseAsync(api, PeopleKit.OfficerToken(officer), home), officer);
    }

    [Fact]
    public async Task CorrectionCase_IntakeTeamAndTrip_TheOfficerReadsItWithTrips_AndTheReadIsLogged()
    {
        var (id, officer) = await ActiveCorrectionCaseAsync(api, A1);
        var token = PeopleKit.OfficerToken(officer);
        var trip = new { tripId = Guid.NewGuid(), destination = "广州", departs = Day(2), returns = Day(4), reason = "探亲" };

        var requested = await api.PostAsync($"/api/v1/people/{id}/correction-case/trips", token, trip);
        var retried = await api.PostAsync($"/api/v1/people/{id}/correction-case/trips", token, trip);
        var decided = await api.PostAsync($"/api/v1/people/{id}/correction-case/trips/{trip.tripId}/decision", token, new { approved = true, approver = "所长", level = "JusticeOffice" });
        var read = await api.GetAsync($"/api/v1/people/{id}/correction-case?purpose=trip%20review", token);

        Assert.Equal((204, 204, 204), (requested.Status, retried.Status, decided.Status));
        Assert.Equal(200, read.Status);
        Assert.Equal("Active", read.Json["stage"]!.GetValue<string>());
        Assert.Equal("Approved", Assert.Single(read.Json["trips"]!.AsArray())!["status"]!.GetValue<string>());
        Assert.Single(await PeopleKit.JournalAsync(api, id, "trip-requested"));
        var audit = Assert.Single(await PeopleKit.JournalAsync(api, id, "person-record-read"));
        Assert.Equal("correction-officer:" + officer, audit.Actor);
        Assert.Equal(("trip review", "GetCorrectionCase"), (JsonNode.Parse(audit.Payload)!["purpose"]!.GetValue<string>(), JsonNode.Parse(audit.Payload)!["operation"]!.GetValue<string>()));
    }

    [Fact]
    public async Task CorrectionCase_OtherRolesAndOtherOfficers_AreRefused_AndNothingIsLogged()
    {
        var (id, _) = await ActiveCorrectionCaseAsync(api, A1);
        var worker = ApiSystem.Token("grid-worker", "w-a1", cells: [api.Grid.A1.Value]);
        var admin = ApiSystem.Token("community-admin", "admin-a", community: api.Grid.CommunityA.Value);

        var byWorker = await api.GetAsync($"/api/v1/people/{id}/correction-case?purpose=x", worker);
        var byAdmin = await api.PostAsync($"/api/v1/people/{id}/correction-case/duties", admin, new { reportId = Guid.NewGuid(), kind = "InPersonReport", at = DateTimeOffset.UtcNow });
        var byCommandCentre = await api.GetAsync($"/api/v1/people/{id}/correction-case?purpose=x", ApiSystem.Token("command-centre"));
        var byOtherOfficer = await api.GetAsync($"/api/v1/people/{id}/correction-case?purpose=x", PeopleKit.OfficerToken(PeopleKit.NewOfficer()));

        Assert.Equal((403, "/problems/forbidden-role"), (byWorker.Status, byWorker.ProblemType));
        Assert.Equal((403, "/problems/forbidden-role"), (byAdmin.Status, byAdmin.ProblemType));
        Assert.Equal((403, "/problems/forbidden-role"), (byCommandCentre.Status, byCommandCentre.ProblemType));
        Assert.Equal((403, "/problems/out-of-scope"), (byOtherOfficer.Status, byOtherOfficer.ProblemType));
        Assert.Empty(await PeopleKit.JournalAsync(api, id, "person-record-read"));
    }

    [Fact]
    public async Task CorrectionCase_ReadWithoutPurpose_Is400_AndLogsNothing()
    {
        var (id, officer) = await ActiveCorrectionCaseAsync(api, A1);

        var response = await api.GetAsync($"/api/v1/people/{id}/correction-case", PeopleKit.OfficerToken(officer));

        Assert.Equal((400, "purpose"), (response.Status, response.Json["field"]!.GetValue<string>()));
        Assert.Empty(await PeopleKit.JournalAsync(api, id, "person-record-read"));
    }

    [Fact]
    public async Task CorrectionCase_BadBodies_Are400NamingTheField_AndChangeNothing()
    {
        var (id, officer) = await ActiveCorrectionCaseAsync(api, A1);
        var token = PeopleKit.OfficerToken(officer);
        var before = await PeopleKit.ChangesAsync(api, id);

        var duty = await api.PostAsync($"/api/v1/people/{id}/correction-case/duties", token, new { kind = "InPersonReport", at = DateTimeOffset.UtcNow });
        var team = await api.PutAsync($"/api/v1/people/{id}/correction-case/team", token, new { team = new[] { new { name = "", role = "JudicialOfficer", gender = "Male" } } });
        var month = await api.PostAsync($"/api/v1/people/{id}/correction-case/assessments", token, new { year = 2026, month = 13, grade = "Good" });
        var trip = await api.PostAsync($"/api/v1/people/{id}/correction-case/trips/not-a-uuid/departure", token, new { at = DateTimeOffset.UtcNow });

        Assert.Equal((400, "reportId"), (duty.Status, duty.Json["field"]!.GetValue<string>()));
        Assert.Equal((400, "team[0].name"), (team.Status, team.Json["field"]!.GetValue<string>()));
        Assert.Equal((400, "month"), (month.Status, month.Json["field"]!.GetValue<string>()));
        Assert.Equal((400, "tripId"), (trip.Status, trip.Json["field"]!.GetValue<string>()));
        Assert.Equal(before, await PeopleKit.ChangesAsync(api, id));
    }

    [Fact]
    public async Task CorrectionCase_CommandsTheCaseRefuses_ComeBackAsProblems()
    {
        var (id, officer) = await ActiveCorrectionCaseAsync(api, A1);

        var unknownTrip = await api.PostAsync($"/api/v1/people/{id}/correction-case/trips/{Guid.NewGuid()}/return", PeopleKit.OfficerToken(officer), new { at = DateTimeOffset.UtcNow });

        Assert.Equal("application/problem+json", unknownTrip.ContentType);
        Assert.InRange(unknownTrip.Status, 400, 409);
    }

    [Fact]
    public async Task RehabilitationCase_ReportAgreementAndTest_ThenTheOfficerReadsIt_Logged()
    {
        var officer = PeopleKit.NewOfficer();
        var token = PeopleKit.OfficerToken(officer);
        var id = await PeopleKit.EnrolAsync(api, token, A1, "CommunityDrugRehabilitation");
        var test = new { testId = Guid.NewGuid(), takenAt = DateTimeOffset.UtcNow, result = "Negative" };

        var report = await api.PostAsync($"/api/v1/people/{id}/reports", token, new { reportedAt = DateTimeOffset.UtcNow.AddMinutes(-10) });
        var agreement = await api.PostAsync($"/api/v1/people/{id}/rehabilitation-case/agreement", token, new { signedAt = DateTimeOffset.UtcNow.AddMinutes(-5) });
        var tested = await api.PostAsync($"/api/v1/people/{id}/rehabilitation-case/drug-tests", token, test);
        var retried = await api.PostAsync($"/api/v1/people/{id}/rehabilitation-case/drug-tests", token, test);
        var help = await api.PostAsync($"/api/v1/people/{id}/rehabilitation-case/help-activities", token, new { activityId = Guid.NewGuid(), at = DateTimeOffset.UtcNow });
        var read = await api.GetAsync($"/api/v1/people/{id}/rehabilitation-case?purpose=monthly%20check", token);

        Assert.Equal((204, 204, 204, 204, 204), (report.Status, agreement.Status, tested.Status, retried.Status, help.Status));
        Assert.Equal(200, read.Status);
        Assert.Equal(("Active", 1), (read.Json["stage"]!.GetValue<string>(), read.Json["testsTaken"]!.GetValue<int>()));
        var audit = Assert.Single(await PeopleKit.JournalAsync(api, id, "person-record-read"));
        Assert.Equal("GetRehabilitationCase", JsonNode.Parse(audit.Payload)!["operation"]!.GetValue<string>());
        Assert.Single(await PeopleKit.JournalAsync(api, id, "drug-test-recorded"));
    }

    [Fact]
    public async Task RehabilitationCase_BadBody_Is400_AndChangesNothing()
    {
        var officer = PeopleKit.NewOfficer();
        var id = await PeopleKit.EnrolAsync(api, PeopleKit.OfficerToken(officer), A1, "CommunityDrugRehabilitation");
        var before = await PeopleKit.ChangesAsync(api, id);

        var test = await api.PostAsync($"/api/v1/people/{id}/rehabilitation-case/drug-tests", PeopleKit.OfficerToken(officer), new { testId = Guid.NewGuid(), takenAt = DateTimeOffset.UtcNow, result = "Maybe" });
        var release = await api.PostAsync($"/api/v1/people/{id}/rehabilitation-case/detentions/nope/release", PeopleKit.OfficerToken(officer), new { at = DateTimeOffset.UtcNow });

        Assert.Equal(400, test.Status);
        Assert.Equal("application/problem+json", test.ContentType);
        Assert.Equal((400, "detentionId"), (release.Status, release.Json["field"]!.GetValue<string>()));
        Assert.Equal(before, await PeopleKit.ChangesAsync(api, id));
    }
}

/// <summary>
/// A check of this area's matrix rows (not the matrix itself): each builds a request that an allowed caller in
/// scope gets a 2xx for, so the full matrix can rely on them.
/// </summary>
public sealed class PeopleMatrixRowTests(ApiSystem api)
{
    public static TheoryData<string> Operations => [.. PersonMatrix.Rows.Concat(CaseMatrix.Rows).Concat(AuditMatrix.Rows).Select(r => r.Operation)];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Row_AsAnAllowedCallerInScope_Succeeds(string operation)
    {
        var row = PersonMatrix.Rows.Concat(CaseMatrix.Rows).Concat(AuditMatrix.Rows).Single(r => r.Operation == operation);
        var target = new MatrixTarget(api, api.Grid.A2, api.Grid.CommunityA, PeopleKit.NewOfficer());
        var token = row.Capability switch
        {
            Capability.EnrolPerson or Capability.AssignOfficer => target.AdminToken,
            Capability.ReadCase or Capability.ManageCase => ApiSystem.Token("correction-officer", target.Officer),
            Capability.ReadAudit => ApiSystem.Token("auditor"),
            _ => ApiSystem.Token("grid-worker", cells: [target.Cell.Value]),
        };

        var request = await row.Build(target);
        var response = await api.SendAsync(request.Method, request.Path, token, request.Body);

        Assert.True(response.Status is >= 200 and < 300, $"{operation}: {response}");
    }
}
