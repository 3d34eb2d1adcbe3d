using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Persistence.Tests.Infrastructure;
using Npgsql;

namespace GridGovernance.Persistence.Tests;

/// <summary>
/// Cases and cards in PostgreSQL: a correction case with trips, sanctions and monitoring reads back whole after a
/// full cluster restart (System.Text.Json state), and every step of an alert is in the journal.
/// </summary>
public sealed class CaseStateTests(PostgresServer postgres)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task CorrectionCase_AfterFullClusterRestart_ReadsBackTheSame()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var grid = new TestGrid();
        var id = new PersonId(Guid.NewGuid());
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        CorrectionCaseView before;
        await using (var first = await StorageCluster.StartAsync(connectionString, "svc"))
        {
            await grid.ImportAsync(first.Grains);
            Assert.True((await first.Grains.Person(id).EnrolAsync(new Enrolment(grid.District, "对象", Gender.Female, TestGrid.Centre(1, 0), Programme.CommunityCorrection,
                SentenceType.Parole, null, today, DateTimeOffset.UtcNow, null, today.AddYears(1)), "officer")).IsOk);
            var c = first.Grains.CorrectionCase(id);
            Assert.True((await c.SetTeamAsync([new TeamMember("李", TeamRole.JudicialOfficer, Gender.Male), new TeamMember("王", TeamRole.SocialWorker, Gender.Female)], "officer")).IsOk);
            foreach (var step in Enum.GetValues<IntakeStep>())
            {
                Assert.True((await c.RecordIntakeStepAsync(step, "officer")).IsOk);
            }

            Assert.True((await c.RecordDutyAsync(new DutyReport(Guid.NewGuid(), DutyKind.InPersonReport, DateTimeOffset.UtcNow), "officer")).IsOk);
            var trip = new TripRequest(Guid.NewGuid(), "佛山", today.AddDays(1), today.AddDays(3), "探亲");
            Assert.True((await c.RequestTripAsync(trip, "officer")).IsOk);
            Assert.True((await c.DecideTripAsync(new TripDecision(trip.TripId, true, "所长", ApproverLevel.JusticeOffice), "officer")).IsOk);
            Assert.True((await c.RecordViolationAsync(new ViolationReport(Guid.NewGuid(), ViolationKind.UnauthorisedAbsence, today, 2, "擅自离开"), "officer")).IsOk);
            Assert.True((await c.OrderMonitoringAsync(new MonitoringOrder(Guid.NewGuid(), MonitoringGround.LeftAreaWithoutApproval, today, 3, "局长", ApproverLevel.CountyBureauHead), "officer")).IsOk);
            before = (await c.GetCorrectionCaseAsync())!;
        }

        await using var second = await StorageCluster.StartAsync(connectionString, "svc");
        var after = (await second.Grains.CorrectionCase(id).GetCorrectionCaseAsync())!;

        Assert.Equal((before.Stage, before.Level, before.StrictUntil), (after.Stage, after.Level, after.StrictUntil));
        Assert.Equal(before.Team, after.Team);
        Assert.Equal(before.Trips, after.Trips);
        Assert.Equal(before.Violations, after.Violations);
        Assert.Equal(before.Sanctions.Select(s => (s.Id, s.Rule, s.Article, s.Status)), after.Sanctions.Select(s => (s.Id, s.Rule, s.Article, s.Status)));
        Assert.Equal(before.Monitoring, after.Monitoring);
        Assert.Equal(before.Deadlines, after.Deadlines);
        Assert.Equal(OutcomeKind.Ok, (await second.Grains.CorrectionCase(id).RecordDutyAsync(new DutyReport(Guid.NewGuid(), DutyKind.WrittenReport, DateTimeOffset.UtcNow), "officer")).Kind);
    }

    [Fact]
    public async Task PI06_TenantIdNumber_IsStoredEncrypted_FoundByItsIndex_AndARevealIsJournaledWithItsPurpose()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var cluster = await StorageCluster.StartAsync(connectionString, "svc");
        var grid = new TestGrid();
        await grid.ImportAsync(cluster.Grains);
        var property = cluster.Grains.Property(new PropertyId(Guid.NewGuid()));
        Assert.True((await property.RegisterAsync(new RegisterProperty(grid.District, "岐关路7号", TestGrid.Centre(1, 0), new Landlord("房东", "1"), RiskGrade.Green, null), "officer")).IsOk);
        const string IdNumber = "999999198707074321";
        var tenancy = new RegisterTenancy(Guid.NewGuid(), "租客", IdType.ResidentIdentityCard, IdNumber, DateTimeOffset.UtcNow.AddDays(-1));

        Assert.True((await property.RegisterTenancyAsync(tenancy, "officer")).IsOk);
        var duplicate = await property.RegisterTenancyAsync(tenancy with { TenancyId = Guid.NewGuid(), IdNumber = " " + IdNumber.ToLowerInvariant() + " " }, "officer");
        var noPurpose = await property.RevealTenantIdNumberAsync(tenancy.TenancyId, " ", "auditor:1");
        var revealed = await property.RevealTenantIdNumberAsync(tenancy.TenancyId, "核查租客身份 case 2026-118", "auditor:1");

        Assert.Equal((OutcomeKind.Conflict, "duplicate-registration"), (duplicate.Kind, duplicate.Problem));
        Assert.Equal((OutcomeKind.Invalid, "purpose"), (noPurpose.Outcome.Kind, noPurpose.Outcome.Field));
        Assert.Equal(IdNumber, revealed.IdNumber);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(["0"], await MigrationTests.QueryAsync(dataSource, $"SELECT count(*) FROM orleans_storage WHERE convert_from(payloadbinary, 'UTF8') LIKE '%{IdNumber[6..14]}%'"));
        Assert.Equal(["0"], await MigrationTests.QueryAsync(dataSource, $"SELECT count(*) FROM journal WHERE payload::text LIKE '%{IdNumber[6..14]}%'"));
        Assert.Equal(["1"], await MigrationTests.QueryAsync(dataSource, "SELECT count(*) FROM orleans_storage WHERE convert_from(payloadbinary, 'UTF8') LIKE '%999***********4321%'"));
        Assert.Equal(["personal-data-revealed|auditor:1|核查租客身份 case 2026-118"], await MigrationTests.QueryAsync(dataSource,
            "SELECT event_type || '|' || actor || '|' || (payload->>'purpose') FROM journal WHERE event_type = 'personal-data-revealed'"));
    }

    [Fact]
    public async Task Alert_EveryStepIsJournaled_RaisedAcknowledgedEscalatedResolved()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var cluster = await StorageCluster.StartAsync(connectionString, "svc");
        var grid = new TestGrid();
        await grid.ImportAsync(cluster.Grains);
        var property = cluster.Grains.Property(new PropertyId(Guid.NewGuid()));
        Assert.True((await property.RegisterAsync(new RegisterProperty(grid.District, "岐关路9号", TestGrid.Centre(1, 0), new Landlord("房东", "1"), RiskGrade.Orange, DateTimeOffset.UtcNow.AddDays(-8)), "officer")).IsOk);
        var summary = (await property.GetAsync())!;
        var key = AlertKeys.For(new EntityRef(EntityKind.RentalProperty, summary.Id.Value), summary.Deadlines.Single(d => d.Kind == DeadlineKind.Visit).Id);
        await cluster.Grains.Cell(grid.A2).SweepAsync();
        await Eventually.ReturnsAsync(() => cluster.Grains.Alert(key).GetAsync().AsTask(), a => a is not null, Wait, $"alert {key}");

        await cluster.Grains.Alert(key).AcknowledgeAsync("supervisor:9", "on it");
        await cluster.Grains.Alert(key).EscalateAsync("supervisor:9", "test");
        Assert.True((await property.RecordVisitAsync(new VisitCommand(Guid.NewGuid(), new WorkerId(Guid.NewGuid()), TestGrid.Centre(1, 0), 5, DateTimeOffset.UtcNow, null), "worker:3")).Outcome.IsOk);

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var rows = await MigrationTests.QueryAsync(dataSource,
            $"SELECT event_type || '|' || actor || '|' || cell FROM journal WHERE entity_type = 'alert' AND entity_id = '{key}' ORDER BY seq");
        Assert.Equal([$"alert-raised|system:deadlines|{grid.A2}", $"alert-acknowledged|supervisor:9|{grid.A2}", $"alert-escalated|supervisor:9|{grid.A2}", $"alert-resolved|worker:3|{grid.A2}"], rows);
    }
}
