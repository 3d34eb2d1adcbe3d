using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Contracts.Common;

namespace GridGovernance.Api.Tests;

/// <summary>Offline batch sync: each item on its own, scope-checked, exactly once however often it is sent.</summary>
public sealed class SyncTests(ApiSystem api, GrainAccess grains)
{
    private static readonly GeoPoint A1 = TestGrid.Centre(0, 0);

    private static object Visit(Guid itemId, PropertyId property, string? note = null, GeoPoint? at = null, double accuracy = 8) => new
    {
        itemId,
        type = "visit",
        entity = new { kind = "property", id = property.Value },
        deviceTime = DateTimeOffset.UtcNow.AddMinutes(-30),
        gps = new { longitude = (at ?? A1).Longitude, latitude = (at ?? A1).Latitude, accuracyMetres = accuracy },
        note,
    };

    private static object Batch(params object[] items) => new { deviceId = "phone-" + Guid.NewGuid().ToString("N")[..6], items };

    private static string Worker(string subject, string cell) => ApiSystem.Token("grid-worker", subject, cells: [cell]);

    private static string[] Statuses(ApiResponse response) => [.. response.Json["results"]!.AsArray().Select(r => r!["status"]!.GetValue<string>())];

    [Fact]
    public async Task Sync_EveryItemType_IsAcceptedInOrder_WithTheGrainsAnswer_AndTheActorInTheJournal()
    {
        var property = await grains.RegisterPropertyAsync(api, A1);
        var subject = Guid.NewGuid().ToString();
        var tenancy = Guid.NewGuid();
        var visit = Guid.NewGuid();
        var inspection = Guid.NewGuid();
        var entity = new { kind = "property", id = property.Value };
        var now = DateTimeOffset.UtcNow;
        var body = Batch(
            Visit(visit, property, "门口"),
            new { itemId = tenancy, type = "tenancy", entity, deviceTime = now, tenantName = "租客", idType = "ResidentIdentityCard", idNumber = "999999199001011234", moveInAt = now.AddDays(-2) },
            new { itemId = Guid.NewGuid(), type = "tenant-report", entity, deviceTime = now, tenancyId = tenancy, reportKind = "arrival" },
            new { itemId = Guid.NewGuid(), type = "move-out", entity, deviceTime = now, tenancyId = tenancy, movedOutAt = now.AddHours(-1) },
            new
            {
                itemId = inspection,
                type = "inspection",
                entity,
                deviceTime = now,
                gps = new { longitude = A1.Longitude, latitude = A1.Latitude, accuracyMetres = 5 },
                checklist = new { eBikesInCommonAreas = true, flammableGoodsWithLiving = false, grillesWithoutEscapeWindow = false, exitsBlocked = false, vulnerable = "None" },
            });

        var response = await api.PostAsync("/api/v1/sync", Worker(subject, api.Grid.A1.Value), body);

        Assert.Equal(200, response.Status);
        Assert.Equal(["accepted", "accepted", "accepted", "accepted", "accepted"], Statuses(response));
        var results = response.Json["results"]!.AsArray();
        Assert.Equal([0, 1, 2, 3, 4], results.Select(r => r!["index"]!.GetValue<int>()));
        Assert.Equal(visit, results[0]!["itemId"]!.GetValue<Guid>());
        Assert.Equal("Near", results[0]!["answer"]!["proximity"]!.GetValue<string>());
        Assert.NotNull(results[0]!["answer"]!["nextVisitDue"]);
        Assert.Single(results[4]!["answer"]!["hazardsOpened"]!.AsArray());
        Assert.Equal(5, response.Json["accepted"]!.GetValue<int>());
        var journal = await api.JournalAsync("property", property.Value.ToString("N"));
        Assert.Equal("grid-worker:" + subject, Assert.Single(journal, e => e.EventType == "visit-recorded" && e.Payload.Contains(visit.ToString(), StringComparison.Ordinal)).Actor);
        Assert.All(journal.Where(e => e.EventType is "tenancy-registered" or "tenant-reported" or "tenancy-ended" or "inspected"), e => Assert.Equal("grid-worker:" + subject, e.Actor));
        Assert.DoesNotContain("999999199001011234", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_SameBatchTwice_OrShuffled_IsAllDuplicate_AndEachVisitIsJournaledOnce()
    {
        var first = await grains.RegisterPropertyAsync(api, A1);
        var second = await grains.RegisterPropertyAsync(api, A1);
        var items = new[] { Visit(Guid.NewGuid(), first), Visit(Guid.NewGuid(), second), Visit(Guid.NewGuid(), first, "二次"), Visit(Guid.NewGuid(), second, "二次") };
        var token = Worker("worker-" + Guid.NewGuid().ToString("N")[..6], api.Grid.A1.Value);

        var applied = await api.PostAsync("/api/v1/sync", token, Batch(items));
        var journal = await JournalsAsync(first, second);
        var again = await api.PostAsync("/api/v1/sync", token, Batch(items));
        var shuffled = await api.PostAsync("/api/v1/sync", token, Batch([items[3], items[1], items[0], items[2]]));

        Assert.Equal(["accepted", "accepted", "accepted", "accepted"], Statuses(applied));
        Assert.Equal(["duplicate", "duplicate", "duplicate", "duplicate"], Statuses(again));
        Assert.Equal(["duplicate", "duplicate", "duplicate", "duplicate"], Statuses(shuffled));
        // The duplicate carries the answer the item got the first time.
        Assert.Equal(applied.Json["results"]![0]!["answer"]!.ToJsonString(), again.Json["results"]![0]!["answer"]!.ToJsonString());
        Assert.Equal(journal, await JournalsAsync(first, second));
        Assert.Equal(4, journal.Count(e => e.EventType == "visit-recorded"));
    }

    [Fact]
    public async Task Sync_SameItemIdWithOtherContent_IsAConflict_AndChangesNothing()
    {
        var property = await grains.RegisterPropertyAsync(api, A1);
        var id = Guid.NewGuid();
        var token = Worker("worker-" + Guid.NewGuid().ToString("N")[..6], api.Grid.A1.Value);
        Assert.Equal(["accepted"], Statuses(await api.PostAsync("/api/v1/sync", token, Batch(Visit(id, property, "原来")))));
        var before = await StateAsync(property);

        var response = await api.PostAsync("/api/v1/sync", token, Batch(Visit(id, property, "改过")));

        Assert.Equal(200, response.Status);
        var result = response.Json["results"]![0]!;
        Assert.Equal(("conflict", "visit-id-reused", "itemId"), (result["status"]!.GetValue<string>(), result["problem"]!.GetValue<string>(), result["field"]!.GetValue<string>()));
        Assert.Equal(before, await StateAsync(property));
    }

    [Fact]
    public async Task Sync_ItemsOutsideTheWorkersCells_AreRejectedOutOfScope_WhileTheRestAreAccepted()
    {
        var mine = await grains.RegisterPropertyAsync(api, A1);
        var theirs = await grains.RegisterPropertyAsync(api, TestGrid.Centre(0, 1));
        var token = Worker("worker-" + Guid.NewGuid().ToString("N")[..6], api.Grid.A1.Value);

        var response = await api.PostAsync("/api/v1/sync", token, Batch(Visit(Guid.NewGuid(), mine), Visit(Guid.NewGuid(), theirs, at: TestGrid.Centre(0, 1))));

        Assert.Equal(200, response.Status);
        Assert.Equal(["accepted", "rejected"], Statuses(response));
        Assert.Equal("out-of-scope", response.Json["results"]![1]!["problem"]!.GetValue<string>());
        Assert.DoesNotContain(await api.JournalAsync("property", theirs.Value.ToString("N")), e => e.EventType == "visit-recorded");
    }

    [Fact]
    public async Task Sync_WhenNoItemIsInScope_Is403_AndNothingChanges()
    {
        var theirs = await grains.RegisterPropertyAsync(api, TestGrid.Centre(0, 1));
        var before = await StateAsync(theirs);

        var response = await api.PostAsync("/api/v1/sync", Worker("worker-" + Guid.NewGuid().ToString("N")[..6], api.Grid.A1.Value), Batch(Visit(Guid.NewGuid(), theirs)));

        Assert.Equal((403, "/problems/out-of-scope"), (response.Status, response.ProblemType));
        Assert.Equal(before, await StateAsync(theirs));
    }

    [Fact]
    public async Task Sync_InvalidItems_AreRejectedNamingTheirField_AndTheValidOneIsStillAccepted()
    {
        var property = await grains.RegisterPropertyAsync(api, A1);
        var token = Worker("worker-" + Guid.NewGuid().ToString("N")[..6], api.Grid.A1.Value);
        var entity = new { kind = "property", id = property.Value };
        var now = DateTimeOffset.UtcNow;

        var response = await api.PostAsync("/api/v1/sync", token, Batch(
            new { itemId = Guid.NewGuid(), type = "visit", entity, deviceTime = now, gps = new { longitude = A1.Longitude, latitude = 123.0 } },
            new { itemId = Guid.NewGuid(), type = "dance", entity, deviceTime = now },
            new { itemId = Guid.NewGuid(), type = "visit", deviceTime = now, gps = new { longitude = A1.Longitude, latitude = A1.Latitude } },
            new { itemId = Guid.NewGuid(), type = "visit", entity = new { kind = "property", id = Guid.NewGuid() }, deviceTime = now, gps = new { longitude = A1.Longitude, latitude = A1.Latitude } },
            new { itemId = Guid.NewGuid(), type = "tenancy", entity = new { kind = "person", id = Guid.NewGuid() }, deviceTime = now },
            new { itemId = Guid.NewGuid(), type = "visit", entity, deviceTime = now, gps = new { longitude = "east", latitude = 1 } },
            new { itemId = Guid.NewGuid(), type = "tenancy", entity, deviceTime = now, moveInAt = now, idType = "ResidentIdentityCard", idNumber = "999999199001011234" },
            Visit(Guid.NewGuid(), property)));

        Assert.Equal(200, response.Status);
        Assert.Equal(["rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "accepted"], Statuses(response));
        var results = response.Json["results"]!.AsArray();
        Assert.Equal(["gps.latitude", "type", "entity", "entity.id", "type", "gps.longitude", "tenantName"], results.Take(7).Select(r => r!["field"]?.GetValue<string>()));
        Assert.Equal("not-found", results[3]!["problem"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sync_WhenNoItemIsValid_Is400NamingEachItemsField_AndNothingChanges()
    {
        var property = await grains.RegisterPropertyAsync(api, A1);
        var before = await StateAsync(property);
        var entity = new { kind = "property", id = property.Value };

        var response = await api.PostAsync("/api/v1/sync", Worker("worker-" + Guid.NewGuid().ToString("N")[..6], api.Grid.A1.Value), Batch(
            new { itemId = Guid.NewGuid(), type = "visit", entity, deviceTime = DateTimeOffset.UtcNow, gps = new { longitude = A1.Longitude, latitude = 999.5 } },
            new { itemId = Guid.NewGuid(), type = "visit", entity, gps = new { longitude = A1.Longitude, latitude = A1.Latitude } }));

        Assert.Equal((400, "/problems/invalid-request"), (response.Status, response.ProblemType));
        Assert.Equal("items[0].gps.latitude", response.Json["field"]!.GetValue<string>());
        Assert.Equal(["items[0].gps.latitude", "items[1].deviceTime"], response.Json["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(before, await StateAsync(property));
    }

    [Fact]
    public async Task Sync_MalformedEnvelope_IsRefusedWhole_AndNothingChanges()
    {
        var property = await grains.RegisterPropertyAsync(api, A1);
        var token = Worker("worker-" + Guid.NewGuid().ToString("N")[..6], api.Grid.A1.Value);
        var tooMany = Enumerable.Range(0, 501).Select(_ => Visit(Guid.NewGuid(), property)).ToArray();
        var before = await StateAsync(property);

        var notJson = await api.PostAsync("/api/v1/sync", token, "{ not json");
        var noItems = await api.PostAsync("/api/v1/sync", token, new { deviceId = "phone", items = Array.Empty<object>() });
        var noDevice = await api.PostAsync("/api/v1/sync", token, new { items = new[] { Visit(Guid.NewGuid(), property) } });
        var overLimit = await api.PostAsync("/api/v1/sync", token, Batch(tooMany));
        var huge = await api.PostAsync("/api/v1/sync", token, Batch(Visit(Guid.NewGuid(), property, new string('x', 3 * 1024 * 1024))));

        Assert.Equal((400, "/problems/invalid-request"), (notJson.Status, notJson.ProblemType));
        Assert.Equal((400, "items"), (noItems.Status, noItems.Json["field"]!.GetValue<string>()));
        Assert.Equal((400, "deviceId"), (noDevice.Status, noDevice.Json["field"]!.GetValue<string>()));
        Assert.Equal((400, "items"), (overLimit.Status, overLimit.Json["field"]!.GetValue<string>()));
        Assert.Equal((413, "/problems/payload-too-large"), (huge.Status, huge.ProblemType));
        Assert.Equal(before, await StateAsync(property));
    }

    [Fact]
    public async Task Sync_ARoleThatDoesNoFieldWork_Is403ForbiddenRole()
    {
        var property = await grains.RegisterPropertyAsync(api, A1);

        var response = await api.PostAsync("/api/v1/sync", ApiSystem.Token("command-centre"), Batch(Visit(Guid.NewGuid(), property)));

        Assert.Equal((403, "/problems/forbidden-role"), (response.Status, response.ProblemType));
    }

    /// <summary>The property's journal and summary: equal before and after means the property did not change.</summary>
    private async Task<string> StateAsync(PropertyId property)
    {
        var journal = await api.JournalAsync("property", property.Value.ToString("N"));
        var summary = await (await grains.GrainsAsync(api)).GetGrain<Contracts.Rentals.IRentalPropertyGrain>(property.Value).GetAsync();
        return string.Join("\n", journal) + "\n" + System.Text.Json.JsonSerializer.Serialize(summary);
    }

    private async Task<List<(string EventType, string Actor, string Payload)>> JournalsAsync(params PropertyId[] properties)
    {
        var rows = new List<(string, string, string)>();
        foreach (var property in properties)
        {
            rows.AddRange(await api.JournalAsync("property", property.Value.ToString("N")));
        }

        return rows;
    }

    private static object Inspection(PropertyId property, object? checklist) => new
    {
        itemId = Guid.NewGuid(),
        type = "inspection",
        entity = new { kind = "property", id = property.Value },
        deviceTime = DateTimeOffset.UtcNow,
        gps = new { longitude = A1.Longitude, latitude = A1.Latitude, accuracyMetres = 5 },
        checklist,
    };

    [Fact]
    public async Task B2_AnInspectionWithoutItsFourAnswers_IsRejectedNamingTheAnswer_AndClosesNoHazard()
    {
        var property = await grains.RegisterPropertyAsync(api, A1);
        var token = Worker(Guid.NewGuid().ToString(), api.Grid.A1.Value);
        var opened = await api.PostAsync("/api/v1/sync", token, Batch(Inspection(property, new { eBikesInCommonAreas = true, flammableGoodsWithLiving = false, grillesWithoutEscapeWindow = false, exitsBlocked = false })));
        Assert.Equal(["accepted"], Statuses(opened));
        var before = await api.JournalAsync("property", property.Value.ToString("N"));

        var response = await api.PostAsync("/api/v1/sync", token, Batch(
            Inspection(property, new { }),
            Inspection(property, new { eBikesInCommonAreas = false, flammableGoodsWithLiving = false, grillesWithoutEscapeWindow = false }),
            Inspection(property, null),
            Inspection(property, new { eBikesInCommonAreas = false, flammableGoodsWithLiving = false, grillesWithoutEscapeWindow = false, exitsBlocked = false, smallPlace = new { type = "Shop" } })));

        Assert.Equal(400, response.Status);
        var errors = response.Json["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("items[0].checklist.eBikesInCommonAreas", errors);
        Assert.Contains("items[1].checklist.exitsBlocked", errors);
        Assert.Contains("items[2].checklist", errors);
        Assert.Contains(errors, e => e.StartsWith("items[3].checklist.smallPlace.", StringComparison.Ordinal));
        Assert.Equal(before, await api.JournalAsync("property", property.Value.ToString("N")));
    }

    [Fact]
    public async Task B1_AnItemTheServerFailsOn_IsThatItemsRejection_NotTheBatchs()
    {
        var property = await grains.RegisterPropertyAsync(api, A1);
        var entity = new { kind = "property", id = property.Value };
        var visit = Guid.NewGuid();

        var response = await api.PostAsync("/api/v1/sync", Worker(Guid.NewGuid().ToString(), api.Grid.A1.Value), Batch(
            Visit(visit, property),
            new { itemId = Guid.NewGuid(), type = "tenancy", entity, deviceTime = DateTimeOffset.UtcNow, tenantName = "租客", idType = "ResidentIdentityCard", idNumber = "999999199001011234", moveInAt = new DateTimeOffset(9999, 12, 30, 0, 0, 0, TimeSpan.Zero) }));

        Assert.Equal(200, response.Status);
        Assert.Equal(["accepted", "rejected"], Statuses(response));
        var rejected = response.Json["results"]![1]!;
        // The grain now refuses the date itself (it used to throw); either way the item is rejected, the batch is not.
        Assert.True(rejected["problem"]!.GetValue<string>() is "impossible-date" or "invalid-request" or "unavailable", rejected.ToJsonString());
        Assert.DoesNotContain("Exception", response.Body, StringComparison.Ordinal);
        Assert.Contains(await api.JournalAsync("property", property.Value.ToString("N")), e => e.EventType == "visit-recorded" && e.Payload.Contains(visit.ToString(), StringComparison.Ordinal));
    }
}
