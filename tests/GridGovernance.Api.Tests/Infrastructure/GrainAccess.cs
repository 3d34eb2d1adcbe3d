using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Hosting.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

[assembly: AssemblyFixture(typeof(GridGovernance.Api.Tests.Infrastructure.GrainAccess))]

namespace GridGovernance.Api.Tests.Infrastructure;

/// <summary>
/// An Orleans client on the shared system's cluster, for setting up what no endpoint of the area under test makes
/// (a property registered long ago, a person on a caseload, an overdue card). Connects on first use.
/// </summary>
public sealed class GrainAccess : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IHost? _host;
    private NpgsqlDataSource? _dataSource;

    public GrainAccess()
    {
        Shared = this;
    }

    /// <summary>The assembly's instance, for code that is not a test class (matrix rows).</summary>
    public static GrainAccess? Shared { get; private set; }

    /// <summary>The cluster's grains (connecting the client the first time).</summary>
    public async Task<IClusterClient> GrainsAsync(ApiSystem api)
    {
        await _gate.WaitAsync();
        try
        {
            if (_host is null)
            {
                _dataSource = NpgsqlDataSource.Create(api.ConnectionString);
                await using var command = _dataSource.CreateCommand("SELECT deploymentid FROM orleans_membership_version LIMIT 1");
                var clusterId = (string)(await command.ExecuteScalarAsync())!;
                var builder = Host.CreateApplicationBuilder();
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.Configuration["Orleans:ClusterId"] = clusterId;
                builder.Configuration["Orleans:ServiceId"] = "svc";
                builder.UseOrleansClient(client => client.UseGridPostgres(_dataSource));
                var host = builder.Build();
                await host.StartAsync();
                _host = host;
            }

            return _host.Services.GetRequiredService<IClusterClient>();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Registers a property at <paramref name="location"/>, last visited at <paramref name="lastVisitedAt"/>.</summary>
    public async Task<PropertyId> RegisterPropertyAsync(ApiSystem api, GeoPoint location, DateTimeOffset? lastVisitedAt = null, RiskGrade grade = RiskGrade.Green)
    {
        var grains = await GrainsAsync(api);
        var id = new PropertyId(Guid.NewGuid());
        var outcome = await grains.Property(id).RegisterAsync(
            new RegisterProperty(api.Grid.District, "石岐测试路" + Random.Shared.Next(1, 999) + "号", location, new Landlord("房东", "13800000000"), grade, lastVisitedAt), "test:setup");
        Assert.True(outcome.IsOk, outcome.Detail);
        return id;
    }

    /// <summary>Enrols a person at <paramref name="home"/>; with <paramref name="officer"/>, assigns them to that officer (record and caseload).</summary>
    public async Task<PersonId> EnrolPersonAsync(ApiSystem api, GeoPoint home, Programme programme, string? officer = null, DateTimeOffset? lastVisitedAt = null)
    {
        var grains = await GrainsAsync(api);
        var id = new PersonId(Guid.NewGuid());
        var correction = programme == Programme.CommunityCorrection;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var outcome = await grains.Person(id).EnrolAsync(new Enrolment(api.Grid.District, "测试对象", Gender.Male, home, programme,
            correction ? SentenceType.Probation : null, correction ? SupervisionLevel.Ordinary : null, today.AddDays(-30),
            DateTimeOffset.UtcNow - TimeSpan.FromDays(25), lastVisitedAt, correction ? today.AddYears(1) : null), "test:setup");
        Assert.True(outcome.IsOk, outcome.Detail);
        if (officer is not null)
        {
            // As the API assigns: the person's record names the officer and the caseload index follows.
            var assigned = await grains.Person(id).AssignOfficerAsync(officer, "test:setup");
            Assert.True(assigned.IsOk, assigned.Detail);
        }

        return id;
    }

    /// <summary>
    /// A real yellow card: an entity whose visit is long overdue, swept by its cell. Returns the alert's key once the
    /// alert exists.
    /// </summary>
    public async Task<string> OverdueVisitAlertAsync(ApiSystem api, EntityRef entity, Contracts.Geography.CellCode cell)
    {
        var grains = await GrainsAsync(api);
        var deadlines = entity.Kind == EntityKind.RentalProperty
            ? (await grains.Property(new PropertyId(entity.Id)).GetAsync())!.Deadlines
            : (await grains.Person(new PersonId(entity.Id)).GetAsync())!.Deadlines;
        // The cell sweeps an already-due deadline at once, so the visit may already be recorded as missed here.
        var visit = deadlines.Where(d => d.Kind == DeadlineKind.Visit && d.Status is DeadlineStatus.Pending or DeadlineStatus.Missed).MinBy(d => d.DueAt)
            ?? throw new InvalidOperationException("no visit deadline on " + entity);
        Assert.True(visit.DueAt < DateTimeOffset.UtcNow, "the visit must be overdue already");
        var key = AlertKeys.For(entity, visit.Id);
        await Eventually.ReturnsAsync(async () =>
        {
            await grains.Cell(cell).SweepAsync();
            return await grains.Alert(key).GetAsync();
        }, a => a is not null, Wait, "the overdue visit's card " + key);
        // The owner records the miss right after raising the card.
        await Eventually.ReturnsAsync(async () => entity.Kind == EntityKind.RentalProperty
            ? (await grains.Property(new PropertyId(entity.Id)).GetAsync())!.Deadlines
            : (await grains.Person(new PersonId(entity.Id)).GetAsync())!.Deadlines,
            d => d.Any(x => x.Id == visit.Id && x.Status == DeadlineStatus.Missed), Wait, "the missed visit recorded on " + entity);
        return key;
    }

    /// <summary>
    /// An open card raised directly (not by a sweep) for a person in <paramref name="target"/>'s cell on its officer's
    /// caseload, about a deadline the person does not have, so it may also be resolved by hand.
    /// </summary>
    public async Task<string> RaisedPersonAlertAsync(Matrix.MatrixTarget target)
    {
        var home = target.Cell == target.Api.Grid.A1 ? TestGrid.Centre(0, 0) : target.Cell == target.Api.Grid.A2 ? TestGrid.Centre(1, 0)
            : target.Cell == target.Api.Grid.B1 ? TestGrid.Centre(0, 1) : TestGrid.Centre(1, 1);
        var person = await EnrolPersonAsync(target.Api, home, Programme.CommunityDrugRehabilitation, target.Officer);
        var spec = new AlertSpec(new EntityRef(EntityKind.MonitoredPerson, person.Value), "matrix:" + Guid.NewGuid().ToString("N")[..8], DeadlineKind.Visit,
            DateTimeOffset.UtcNow.AddDays(-2), target.Cell, target.Community, "GR-06");
        await (await GrainsAsync(target.Api)).Alert(spec.Key).RaiseAsync(spec, AlertLevel.Yellow, "test:setup");
        return spec.Key;
    }

    /// <summary>An overdue property in the cell at (<paramref name="column"/>, <paramref name="row"/>) and its yellow card.</summary>
    public async Task<(PropertyId Property, string Key)> OverduePropertyAsync(ApiSystem api, int column, int row)
    {
        var property = await RegisterPropertyAsync(api, TestGrid.Centre(column, row), DateTimeOffset.UtcNow - TimeSpan.FromDays(60));
        var cell = (row, column) switch { (0, 0) => api.Grid.A1, (0, _) => api.Grid.A2, (_, 0) => api.Grid.B1, _ => api.Grid.B2 };
        return (property, await OverdueVisitAlertAsync(api, new EntityRef(EntityKind.RentalProperty, property.Value), cell));
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(TimeSpan.FromSeconds(5));
            _host.Dispose();
        }

        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        _gate.Dispose();
    }
}
