using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Api.Tests.Matrix;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;

namespace GridGovernance.Api.Tests;

/// <summary>Rental properties over HTTP: registration, tenancies with masked ID numbers, reveals, visits, inspections, hazards, grades, moves.</summary>
public sealed class PropertyTests(ApiSystem api, GrainAccess grains)
{
    private TestGrid Grid => api.Grid;

    private string AdminA(string? subject = null) => ApiSystem.Token("community-admin", subject, community: Grid.CommunityA.Value);

    [Fact]
    public async Task Register_PlacesThePropertyInTheCellOfItsPoint_JournaledWithTheCaller_ARetryAnswersTheSame()
    {
        var id = Guid.NewGuid();
        var subject = "admin-" + Guid.NewGuid().ToString("N")[..6];
        var body = PlacesKit.PropertyBody(TestGrid.Centre(1, 0), "Yellow");

        var first = await api.PutAsync($"/api/v1/properties/{id}", AdminA(subject), body);
        var retry = await api.PutAsync($"/api/v1/properties/{id}", AdminA(subject), body);
        var read = await api.GetAsync($"/api/v1/properties/{id}", ApiSystem.Token("grid-worker", cells: [Grid.A2.Value]));

        Assert.Equal(200, first.Status);
        Assert.Equal((id, Grid.A2.Value, Grid.CommunityA.Value, "Yellow"),
            (first.Json["id"]!.GetValue<Guid>(), first.Json["cell"]!.GetValue<string>(), first.Json["community"]!.GetValue<string>(), first.Json["grade"]!.GetValue<string>()));
        Assert.Contains(first.Json["deadlines"]!.AsArray(), d => d!["kind"]!.GetValue<string>() == "Visit" && d["rule"]!.GetValue<string>() == "RH-09");
        Assert.Equal((200, first.Body), (retry.Status, retry.Body));
        Assert.Equal((200, first.Body), (read.Status, read.Body));
        var journal = await api.JournalAsync("property", id.ToString("N"));
        Assert.Contains(journal, row => row.EventType == "property-registered" && row.Actor == "community-admin:" + subject);
    }

    [Fact]
    public async Task Register_OtherContentUnderTheSameId_409_NothingChanged()
    {
        var id = Guid.NewGuid();
        await api.PutAsync($"/api/v1/properties/{id}", AdminA(), PlacesKit.PropertyBody(TestGrid.Centre(0, 0)));
        var before = await StateAsync(id);

        var conflict = await api.PutAsync($"/api/v1/properties/{id}", AdminA(), PlacesKit.PropertyBody(TestGrid.Centre(0, 0), "Orange"));

        Assert.Equal((409, "/problems/already-registered"), (conflict.Status, conflict.ProblemType));
        Assert.Equal(before, await StateAsync(id));
    }

    [Fact]
    public async Task Register_BadInput_400NamingTheField_NothingChanged()
    {
        var id = Guid.NewGuid();
        var admin = AdminA();

        var latitude = await api.PutAsync($"/api/v1/properties/{id}", admin, new { address = "x", location = new { longitude = 113.38, latitude = 95.0 }, landlord = new { name = "房东" }, grade = "Green" });
        var noLocation = await api.PutAsync($"/api/v1/properties/{id}", admin, new { address = "x", landlord = new { name = "房东" }, grade = "Green" });
        var noAddress = await api.PutAsync($"/api/v1/properties/{id}", admin, new { address = "  ", location = ApiSystem.Point(TestGrid.Centre(0, 0)), landlord = new { name = "房东" }, grade = "Green" });
        var noLandlordName = await api.PutAsync($"/api/v1/properties/{id}", admin, new { address = "x", location = ApiSystem.Point(TestGrid.Centre(0, 0)), landlord = new { phone = "1" }, grade = "Green" });
        var badGrade = await api.PutAsync($"/api/v1/properties/{id}", admin, new { address = "x", location = ApiSystem.Point(TestGrid.Centre(0, 0)), landlord = new { name = "房东" }, grade = "Purple" });
        var notJson = await api.PutAsync($"/api/v1/properties/{id}", admin, "{ address: ");

        Assert.Equal(Nothing, await StateAsync(id));
        AssertInvalid(latitude, "location.latitude");
        AssertInvalid(noLocation, "location");
        AssertInvalid(noAddress, "address");
        AssertInvalid(noLandlordName, "landlord.name");
        Assert.Equal(400, badGrade.Status);
        Assert.Equal(400, notJson.Status);
    }

    [Fact]
    public async Task Register_OutsideTheCallersCells_403_AndAPointInNoCell_403_NothingCreated()
    {
        var worker = ApiSystem.Token("grid-worker", cells: [Grid.A1.Value]);
        var id = Guid.NewGuid();
        var nowhere = Guid.NewGuid();

        var other = await api.PutAsync($"/api/v1/properties/{id}", worker, PlacesKit.PropertyBody(TestGrid.Centre(1, 0)));
        var noCell = await api.PutAsync($"/api/v1/properties/{nowhere}", AdminA(), PlacesKit.PropertyBody(new GeoPoint(100, 30)));
        var centre = await api.PutAsync($"/api/v1/properties/{id}", ApiSystem.Token("command-centre"), PlacesKit.PropertyBody(TestGrid.Centre(1, 0)));

        Assert.Equal((403, "/problems/out-of-scope"), (other.Status, other.ProblemType));
        Assert.Equal((403, "/problems/out-of-scope"), (noCell.Status, noCell.ProblemType));
        Assert.Equal((403, "/problems/forbidden-role"), (centre.Status, centre.ProblemType));
        Assert.Equal(Nothing, await StateAsync(id));
        Assert.Equal(Nothing, await StateAsync(nowhere));
    }

    [Fact]
    public async Task Get_Unknown404_OutOfScope403_RoleWithoutTheCapability403()
    {
        var id = await PlacesKit.RegisterPropertyAsync(api, AdminA(), TestGrid.Centre(0, 0));

        var unknown = await api.GetAsync($"/api/v1/properties/{Guid.NewGuid()}", ApiSystem.Token("command-centre"));
        var otherCommunity = await api.GetAsync($"/api/v1/properties/{id}", ApiSystem.Token("community-admin", community: Grid.CommunityB.Value));
        var auditor = await api.GetAsync($"/api/v1/properties/{id}", ApiSystem.Token("auditor"));
        var centre = await api.GetAsync($"/api/v1/properties/{id}", ApiSystem.Token("command-centre"));

        Assert.Equal((404, "/problems/not-found"), (unknown.Status, unknown.ProblemType));
        Assert.Equal((403, "/problems/out-of-scope"), (otherCommunity.Status, otherCommunity.ProblemType));
        Assert.DoesNotContain("石岐", otherCommunity.Body);
        Assert.Equal((403, "/problems/forbidden-role"), (auditor.Status, auditor.ProblemType));
        Assert.Equal(200, centre.Status);
    }

    [Fact]
    public async Task Tenancies_RegisteredAndListedMasked_ARetryAnswersTheSame_OtherContent409()
    {
        var id = await PlacesKit.RegisterPropertyAsync(api, AdminA(), TestGrid.Centre(1, 0));
        var tenancyId = Guid.NewGuid();
        var idNumber = PlacesKit.NewIdNumber();
        var body = PlacesKit.TenancyBody(tenancyId, DateTimeOffset.UtcNow.AddDays(-1), idNumber);
        var worker = ApiSystem.Token("grid-worker", cells: [Grid.A2.Value]);

        var created = await api.PostAsync($"/api/v1/properties/{id}/tenancies", worker, body);
        var retry = await api.PostAsync($"/api/v1/properties/{id}/tenancies", worker, body);
        var conflict = await api.PostAsync($"/api/v1/properties/{id}/tenancies", worker, PlacesKit.TenancyBody(tenancyId, DateTimeOffset.UtcNow.AddDays(-1)));
        var list = await api.GetAsync($"/api/v1/properties/{id}/tenancies", worker);
        var one = await api.GetAsync($"/api/v1/properties/{id}/tenancies/{tenancyId}", ApiSystem.Token("command-centre"));
        var property = await api.GetAsync($"/api/v1/properties/{id}", worker);

        Assert.Equal(201, created.Status);
        Assert.Equal($"/api/v1/properties/{id}/tenancies/{tenancyId}", created.Headers.Location?.OriginalString);
        Assert.Equal((201, created.Body), (retry.Status, retry.Body));
        Assert.Equal((409, "/problems/tenancy-id-reused"), (conflict.Status, conflict.ProblemType));
        var tenancy = Assert.Single(list.Json.AsArray())!;
        Assert.Equal((tenancyId, "租客", "ResidentIdentityCard", true, true),
            (tenancy["tenancyId"]!.GetValue<Guid>(), tenancy["tenantName"]!.GetValue<string>(), tenancy["idType"]!.GetValue<string>(), tenancy["active"]!.GetValue<bool>(), tenancy["pendingReport"]!.GetValue<bool>()));
        Assert.Equal(idNumber[..3] + new string('*', idNumber.Length - 7) + idNumber[^4..], tenancy["idNumberMasked"]!.GetValue<string>());
        foreach (var response in new[] { created, list, one, property })
        {
            Assert.DoesNotContain(idNumber, response.Body);
            Assert.DoesNotContain("index", response.Body, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(200, one.Status);
        Assert.Equal((1, 1), (property.Json["activeTenancies"]!.GetValue<int>(), property.Json["tenanciesPendingReport"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Tenancies_BadInput400NamingTheField_UnknownProperty404_NothingChanged()
    {
        var id = await PlacesKit.RegisterPropertyAsync(api, AdminA(), TestGrid.Centre(1, 0));
        var admin = AdminA();
        var before = await StateAsync(id);

        var noIdNumber = await api.PostAsync($"/api/v1/properties/{id}/tenancies", admin, new { tenancyId = Guid.NewGuid(), tenantName = "租客", idType = "Passport", moveInAt = DateTimeOffset.UtcNow });
        var noTenancyId = await api.PostAsync($"/api/v1/properties/{id}/tenancies", admin, new { tenantName = "租客", idType = "Passport", idNumber = "E12345678", moveInAt = DateTimeOffset.UtcNow });
        var unknown = await api.PostAsync($"/api/v1/properties/{Guid.NewGuid()}/tenancies", admin, PlacesKit.TenancyBody(Guid.NewGuid(), DateTimeOffset.UtcNow));

        AssertInvalid(noIdNumber, "idNumber");
        AssertInvalid(noTenancyId, "tenancyId");
        Assert.Equal((404, "/problems/not-found"), (unknown.Status, unknown.ProblemType));
        Assert.Equal(before, await StateAsync(id));
    }

    [Fact]
    public async Task Reveal_NeedsAPurpose_ReturnsTheNumber_JournaledWithActorAndPurpose_CommandCentreOnlyUnderAGrant()
    {
        var id = await PlacesKit.RegisterPropertyAsync(api, AdminA(), TestGrid.Centre(1, 0));
        var tenancyId = Guid.NewGuid();
        var idNumber = PlacesKit.NewIdNumber();
        await api.PostAsync($"/api/v1/properties/{id}/tenancies", AdminA(), PlacesKit.TenancyBody(tenancyId, DateTimeOffset.UtcNow.AddDays(-1), idNumber));
        var subject = "worker-" + Guid.NewGuid().ToString("N")[..6];
        var worker = ApiSystem.Token("grid-worker", subject, cells: [Grid.A2.Value]);
        var path = $"/api/v1/properties/{id}/tenancies/{tenancyId}/id-number-reveals";
        var before = await StateAsync(id);

        var noPurpose = await api.PostAsync(path, worker, new { });
        var blank = await api.PostAsync(path, worker, new { purpose = " " });
        var centre = await api.PostAsync(path, ApiSystem.Token("command-centre"), new { purpose = "curious" });
        var unchanged = await StateAsync(id);
        var revealed = await api.PostAsync(path, worker, new { purpose = "核对租客身份 on a visit" });
        var unknownTenancy = await api.PostAsync($"/api/v1/properties/{id}/tenancies/{Guid.NewGuid()}/id-number-reveals", worker, new { purpose = "x" });

        Assert.Equal(before, unchanged);
        AssertInvalid(noPurpose, "purpose");
        AssertInvalid(blank, "purpose");
        Assert.Equal((403, "/problems/out-of-scope"), (centre.Status, centre.ProblemType));
        Assert.Equal(200, revealed.Status);
        Assert.Equal(idNumber, revealed.Json["idNumber"]!.GetValue<string>());
        Assert.Equal("no-store", revealed.Headers.CacheControl?.ToString());
        Assert.Equal((404, "/problems/tenancy-not-found"), (unknownTenancy.Status, unknownTenancy.ProblemType));
        var journal = await api.JournalAsync("property", id.ToString("N"));
        var reveal = Assert.Single(journal, row => row.EventType == "personal-data-revealed");
        Assert.Equal("grid-worker:" + subject, reveal.Actor);
        Assert.Contains("核对租客身份 on a visit", reveal.Payload);
        Assert.DoesNotContain(idNumber, reveal.Payload);
    }

    [Fact]
    public async Task Reports_AndMoveOut_FollowRH02()
    {
        var id = await PlacesKit.RegisterPropertyAsync(api, AdminA(), TestGrid.Centre(0, 0));
        var tenancyId = Guid.NewGuid();
        var admin = AdminA();
        await api.PostAsync($"/api/v1/properties/{id}/tenancies", admin, PlacesKit.TenancyBody(tenancyId, DateTimeOffset.UtcNow.AddDays(-2)));
        var tenancy = $"/api/v1/properties/{id}/tenancies/{tenancyId}";

        var departureTooEarly = await api.PostAsync(tenancy + "/reports", admin, new { kind = "Departure" });
        var arrival = await api.PostAsync(tenancy + "/reports", admin, new { kind = "Arrival" });
        var arrivalAgain = await api.PostAsync(tenancy + "/reports", admin, new { kind = "Arrival" });
        var badKind = await api.PostAsync(tenancy + "/reports", admin, new { kind = "Sideways" });
        var noKind = await api.PostAsync(tenancy + "/reports", admin, new { });
        var movedOutAt = DateTimeOffset.UtcNow.AddHours(-1);
        var future = await api.PostAsync(tenancy + "/move-outs", admin, new { movedOutAt = DateTimeOffset.UtcNow.AddDays(3) });
        var movedOut = await api.PostAsync(tenancy + "/move-outs", admin, new { movedOutAt });
        var movedOutAgain = await api.PostAsync(tenancy + "/move-outs", admin, new { movedOutAt });
        var departure = await api.PostAsync(tenancy + "/reports", admin, new { kind = "Departure" });
        var unknownTenancy = await api.PostAsync($"/api/v1/properties/{id}/tenancies/{Guid.NewGuid()}/move-outs", admin, new { movedOutAt });

        Assert.Equal((409, "/problems/not-moved-out"), (departureTooEarly.Status, departureTooEarly.ProblemType));
        Assert.Equal(200, arrival.Status);
        Assert.Equal((200, arrival.Body), (arrivalAgain.Status, arrivalAgain.Body));
        Assert.Equal(400, badKind.Status);
        AssertInvalid(noKind, "kind");
        Assert.Equal((400, "movedOutAt"), (future.Status, future.Json["field"]!.GetValue<string>()));
        Assert.Equal(200, movedOut.Status);
        Assert.Equal((0, 1), (movedOut.Json["activeTenancies"]!.GetValue<int>(), movedOut.Json["tenanciesPendingReport"]!.GetValue<int>()));
        Assert.Equal((200, movedOut.Body), (movedOutAgain.Status, movedOutAgain.Body));
        Assert.Equal(200, departure.Status);
        Assert.Equal(0, departure.Json["tenanciesPendingReport"]!.GetValue<int>());
        Assert.Equal((404, "/problems/tenancy-not-found"), (unknownTenancy.Status, unknownTenancy.ProblemType));
    }

    [Fact]
    public async Task Visit_AGridWorkerVisitsAsThemselves_RetrySameAnswer_OthersNameTheWorker()
    {
        var id = await PlacesKit.RegisterPropertyAsync(api, AdminA(), TestGrid.Centre(1, 0));
        var workerId = Guid.NewGuid();
        var worker = ApiSystem.Token("grid-worker", workerId.ToString(), cells: [Grid.A2.Value]);
        var visitId = Guid.NewGuid();
        var body = PlacesKit.VisitBody(TestGrid.Centre(1, 0), null, visitId);

        var visit = await api.PostAsync($"/api/v1/properties/{id}/visits", worker, body);
        var retry = await api.PostAsync($"/api/v1/properties/{id}/visits", worker, body);
        var before = await StateAsync(id);
        var asSomeoneElse = await api.PostAsync($"/api/v1/properties/{id}/visits", worker, PlacesKit.VisitBody(TestGrid.Centre(1, 0), Guid.NewGuid()));
        var adminWithoutWorker = await api.PostAsync($"/api/v1/properties/{id}/visits", AdminA(), PlacesKit.VisitBody(TestGrid.Centre(1, 0), null));
        var badFix = await api.PostAsync($"/api/v1/properties/{id}/visits", worker, new { visitId = Guid.NewGuid(), location = new { longitude = 200.0, latitude = 22.5 }, deviceTime = DateTimeOffset.UtcNow });
        var outOfScope = await api.PostAsync($"/api/v1/properties/{id}/visits", ApiSystem.Token("grid-worker", Guid.NewGuid().ToString(), cells: [Grid.A1.Value]), PlacesKit.VisitBody(TestGrid.Centre(1, 0), null));

        Assert.Equal(200, visit.Status);
        Assert.Equal((visitId, "Near"), (visit.Json["visitId"]!.GetValue<Guid>(), visit.Json["proximity"]!.GetValue<string>()));
        Assert.Equal((200, visit.Body), (retry.Status, retry.Body));
        AssertInvalid(asSomeoneElse, "workerId");
        AssertInvalid(adminWithoutWorker, "workerId");
        AssertInvalid(badFix, "location.longitude");
        Assert.Equal((403, "/problems/out-of-scope"), (outOfScope.Status, outOfScope.ProblemType));
        Assert.Equal(before, await StateAsync(id));
        var journal = await api.JournalAsync("property", id.ToString("N"));
        var recorded = Assert.Single(journal, row => row.EventType == "visit-recorded");
        Assert.Equal("grid-worker:" + workerId, recorded.Actor);
        Assert.Contains(workerId.ToString(), recorded.Payload);
    }

    [Fact]
    public async Task Inspection_OpensAHazard_WithdrawalClosesIt_RegradeAndMove()
    {
        var id = await PlacesKit.RegisterPropertyAsync(api, AdminA(), TestGrid.Centre(1, 0));
        var admin = AdminA();
        var inspectionId = Guid.NewGuid();
        var inspectionBody = PlacesKit.InspectionBody(TestGrid.Centre(1, 0), Guid.NewGuid(), eBikes: true, inspectionId);

        var inspection = await api.PostAsync($"/api/v1/properties/{id}/inspections", admin, inspectionBody);
        var replay = await api.PostAsync($"/api/v1/properties/{id}/inspections", admin, inspectionBody);
        var noChecklist = await api.PostAsync($"/api/v1/properties/{id}/inspections", admin, new { inspectionId = Guid.NewGuid(), visit = PlacesKit.VisitBody(TestGrid.Centre(1, 0), Guid.NewGuid()) });
        var hazard = inspection.Json["hazardsOpened"]![0]!.GetValue<string>();
        var opened = await api.GetAsync($"/api/v1/properties/{id}", admin);
        var noReason = await api.PostAsync($"/api/v1/properties/{id}/hazards/{hazard}/withdrawals", admin, new { });
        var withdrawn = await api.PostAsync($"/api/v1/properties/{id}/hazards/{hazard}/withdrawals", admin, new { reason = "recorded in error" });
        var withdrawnAgain = await api.PostAsync($"/api/v1/properties/{id}/hazards/{hazard}/withdrawals", admin, new { reason = "recorded in error" });
        var unknownHazard = await api.PostAsync($"/api/v1/properties/{id}/hazards/nothing-here/withdrawals", admin, new { reason = "x" });
        var regradeId = Guid.NewGuid();
        var regrade = await api.PostAsync($"/api/v1/properties/{id}/regrades", admin, new { regradeId, grade = "Orange", reason = "e-bikes again" });
        var regradeReused = await api.PostAsync($"/api/v1/properties/{id}/regrades", admin, new { regradeId, grade = "Red", reason = "e-bikes again" });
        var moved = await api.PostAsync($"/api/v1/properties/{id}/moves", admin, new { location = ApiSystem.Point(TestGrid.Centre(0, 0)) });
        var outOfCommunity = await api.PostAsync($"/api/v1/properties/{id}/moves", admin, new { location = ApiSystem.Point(TestGrid.Centre(0, 1)) });

        Assert.Equal(200, inspection.Status);
        Assert.Equal((200, inspection.Body), (replay.Status, replay.Body));
        AssertInvalid(noChecklist, "checklist");
        Assert.Contains(opened.Json["openHazards"]!.AsArray(), h => h!["id"]!.GetValue<string>() == hazard && h["rule"]!.GetValue<string>() == "FS-03");
        AssertInvalid(noReason, "reason");
        Assert.Equal(200, withdrawn.Status);
        Assert.Empty(withdrawn.Json["openHazards"]!.AsArray());
        Assert.Equal((200, withdrawn.Body), (withdrawnAgain.Status, withdrawnAgain.Body));
        Assert.Equal((404, "/problems/hazard-not-found"), (unknownHazard.Status, unknownHazard.ProblemType));
        Assert.Equal((200, "Orange"), (regrade.Status, regrade.Json["grade"]!.GetValue<string>()));
        Assert.Equal((409, "/problems/regrade-id-reused"), (regradeReused.Status, regradeReused.ProblemType));
        Assert.Equal((200, Grid.A1.Value), (moved.Status, moved.Json["cell"]!.GetValue<string>()));
        Assert.Equal((403, "/problems/out-of-scope"), (outOfCommunity.Status, outOfCommunity.ProblemType));
        Assert.Equal(Grid.A1.Value, (await api.GetAsync($"/api/v1/properties/{id}", admin)).Json["cell"]!.GetValue<string>());
    }

    [Fact]
    public async Task Dates_OutOfRange_400NamingTheField_NothingChanged_NoHalfMadeRecord()
    {
        var admin = AdminA();
        var far = new DateTimeOffset(9999, 12, 30, 0, 0, 0, TimeSpan.Zero);
        var id = Guid.NewGuid();

        var endOfTime = await api.PutAsync($"/api/v1/properties/{id}", admin, new { address = "x路1号", location = ApiSystem.Point(TestGrid.Centre(1, 0)), landlord = new { name = "房东" }, grade = "Green", lastVisitedAt = far });
        var before2000 = await api.PutAsync($"/api/v1/properties/{id}", admin, new { address = "x路1号", location = ApiSystem.Point(TestGrid.Centre(1, 0)), landlord = new { name = "房东" }, grade = "Green", lastVisitedAt = new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.Zero) });

        AssertInvalid(endOfTime, "lastVisitedAt");
        AssertInvalid(before2000, "lastVisitedAt");
        Assert.Equal(Nothing, await StateAsync(id));

        var property = await PlacesKit.RegisterPropertyAsync(api, admin, TestGrid.Centre(1, 0));
        var state = await StateAsync(property);
        var moveIn = await api.PostAsync($"/api/v1/properties/{property}/tenancies", admin, PlacesKit.TenancyBody(Guid.NewGuid(), far));
        var moveInTomorrow = await api.PostAsync($"/api/v1/properties/{property}/tenancies", admin, PlacesKit.TenancyBody(Guid.NewGuid(), DateTimeOffset.UtcNow.AddDays(1)));

        AssertInvalid(moveIn, "moveInAt");
        AssertInvalid(moveInTomorrow, "moveInAt");
        Assert.Equal(state, await StateAsync(property));
    }

    [Fact]
    public async Task TenantNames_ClearToWhoManagesTheProperty_MaskedToTheCommandCentre()
    {
        var id = await PlacesKit.RegisterPropertyAsync(api, AdminA(), TestGrid.Centre(1, 0));
        var tenancyId = Guid.NewGuid();
        var body = new { tenancyId, tenantName = "欧阳三丰", idType = "Passport", idNumber = "E12345678", moveInAt = DateTimeOffset.UtcNow.AddDays(-1) };
        var created = await api.PostAsync($"/api/v1/properties/{id}/tenancies", AdminA(), body);
        var worker = ApiSystem.Token("grid-worker", cells: [Grid.A2.Value]);
        var centre = ApiSystem.Token("command-centre");

        string Name(ApiResponse r) => (r.Json is System.Text.Json.Nodes.JsonArray list ? list[0]! : r.Json)["tenantName"]!.GetValue<string>();
        var forWorker = await api.GetAsync($"/api/v1/properties/{id}/tenancies", worker);
        var forAdmin = await api.GetAsync($"/api/v1/properties/{id}/tenancies/{tenancyId}", AdminA());
        var centreList = await api.GetAsync($"/api/v1/properties/{id}/tenancies", centre);
        var centreOne = await api.GetAsync($"/api/v1/properties/{id}/tenancies/{tenancyId}", centre);

        Assert.Equal(201, created.Status);
        Assert.Equal(("欧阳三丰", "欧阳三丰", "欧阳三丰"), (Name(created), Name(forWorker), Name(forAdmin)));
        Assert.Equal(("欧***", "欧***"), (Name(centreList), Name(centreOne)));
        Assert.DoesNotContain("阳三丰", centreList.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("阳三丰", centreOne.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Residents_ShownToWhoManagesTheProperty_WithheldFromTheCommandCentre()
    {
        var id = await PlacesKit.RegisterPropertyAsync(api, AdminA(), TestGrid.Centre(1, 0));
        var client = await grains.GrainsAsync(api);
        Assert.True((await client.Property(new PropertyId(id)).SetResidentAsync(new PersonId(Guid.NewGuid()), living: true, "test:setup")).IsOk);

        var admin = await api.GetAsync($"/api/v1/properties/{id}", AdminA());
        var worker = await api.GetAsync($"/api/v1/properties/{id}", ApiSystem.Token("grid-worker", cells: [Grid.A2.Value]));
        var centre = await api.GetAsync($"/api/v1/properties/{id}", ApiSystem.Token("command-centre"));

        Assert.Equal((1, 1), (admin.Json["residents"]!.GetValue<int>(), worker.Json["residents"]!.GetValue<int>()));
        Assert.Contains(admin.Json["deadlines"]!.AsArray(), d => d!["kind"]!.GetValue<string>() == "Visit" && d["rule"]!.GetValue<string>() == "GR-06");
        Assert.Equal(200, centre.Status);
        Assert.Null(centre.Json["residents"]);
        Assert.All(centre.Json["deadlines"]!.AsArray().Where(d => d!["kind"]!.GetValue<string>() == "Visit"), d => Assert.Equal("RH-09/GR-06", d!["rule"]!.GetValue<string>()));
    }

    /// <summary>What an unregistered property looks like to <see cref="StateAsync"/>.</summary>
    private const string Nothing = "0 404";

    /// <summary>
    /// Everything stored about one property, as seen from outside: its journal length and what it reads as. Scoped to
    /// the property so that other tests writing at the same time do not disturb it (the global store fingerprint would).
    /// </summary>
    private async Task<string> StateAsync(Guid id)
    {
        var journal = await api.JournalAsync("property", id.ToString("N"));
        var centre = ApiSystem.Token("command-centre");
        var property = await api.GetAsync($"/api/v1/properties/{id}", centre);
        if (property.Status == 404)
        {
            return $"{journal.Count} 404";
        }

        var tenancies = await api.GetAsync($"/api/v1/properties/{id}/tenancies", centre);
        return $"{journal.Count} {property.Status} {property.Body} {tenancies.Body}";
    }

    /// <summary>A 400 problem that names <paramref name="field"/> (as <c>field</c>, or among the validation <c>errors</c>).</summary>
    private static void AssertInvalid(ApiResponse response, string field)
    {
        Assert.True(response.Status == 400, response.ToString());
        Assert.Equal("application/problem+json", response.ContentType);
        var named = response.Json["field"]?.GetValue<string>() == field
            || (response.Json["errors"]?.AsObject().Any(e => string.Equals(e.Key, field, StringComparison.Ordinal)) ?? false);
        Assert.True(named, $"expected the field '{field}' to be named: {response}");
    }
}
