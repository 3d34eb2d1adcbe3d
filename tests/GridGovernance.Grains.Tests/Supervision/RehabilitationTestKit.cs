using System.Text.Json;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Geography;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Grains.Calendar;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests.Supervision;

/// <summary>Enrols drug rehabilitation cases on a fresh grid and waits for the person's cell to judge its deadlines.</summary>
internal sealed class RehabilitationTestKit(GrainClusterFixture fixture)
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    public IGrainFactory Grains => fixture.Grains;

    public DateTimeOffset Now => fixture.Time.GetUtcNow();

    public DateOnly Today => WorkingDayCalendar.LocalDate(Now);

    public TestGrid Grid { get; } = new();

    /// <summary>The cell the kit's people live in (their home is its centre).</summary>
    public CellCode Cell => Grid.B1;

    public static GeoPoint Home => TestGrid.Centre(0, 1);

    public IRehabilitationCaseGrain Case(PersonId id) => Grains.GetGrain<IRehabilitationCaseGrain>(id.Value);

    public async Task<RehabilitationCaseView> ViewAsync(PersonId id) => (await Case(id).GetRehabilitationCaseAsync())!;

    public Task ImportAsync() => Grid.ImportAsync(Grains);

    /// <summary>Enrols a person ordered today (or, for a migrated record, on the day they reported).</summary>
    public async Task<PersonId> EnrolAsync(Programme programme = Programme.CommunityDrugRehabilitation, DateTimeOffset? reportedAt = null)
    {
        var id = new PersonId(Guid.NewGuid());
        var order = WorkingDayCalendar.LocalDate(reportedAt ?? Now);
        var outcome = await Grains.Person(id).EnrolAsync(new Enrolment(Grid.District, "戒毒人员", Gender.Male, Home, programme, null, null, order, reportedAt, null), "test");
        Assert.True(outcome.IsOk, outcome.Detail);
        return id;
    }

    /// <summary>Enrols a person who reported at <paramref name="reportedAt"/> (default now) and signs the agreement now.</summary>
    public async Task<PersonId> EnrolActiveAsync(Programme programme = Programme.CommunityDrugRehabilitation, DateTimeOffset? reportedAt = null)
    {
        var id = await EnrolAsync(programme, reportedAt ?? Now);
        var signed = await Case(id).SignRehabilitationAgreementAsync(new SignRehabilitationAgreement(Now), "test");
        Assert.True(signed.IsOk, signed.Detail);
        return id;
    }

    /// <summary>Sweeps the cell until the case satisfies <paramref name="condition"/>.</summary>
    public Task<RehabilitationCaseView?> SweepUntilAsync(PersonId id, Func<RehabilitationCaseView, bool> condition, string what) =>
        Eventually.ReturnsAsync(async () =>
        {
            await Grains.Cell(Cell).SweepAsync();
            return await Case(id).GetRehabilitationCaseAsync();
        }, v => v is not null && condition(v), Wait, $"{what} (person {id.Value})");

    /// <summary>Sweeps the cell until no pending deadline of the person has passed.</summary>
    public Task SweepAllPassedAsync(PersonId id, string phase) =>
        Eventually.ReturnsAsync(async () =>
        {
            await Grains.Cell(Cell).SweepAsync();
            return await Grains.Person(id).GetAsync();
        }, p => p!.Deadlines.All(d => d.Status != Contracts.Deadlines.DeadlineStatus.Pending || d.DueAt > Now), Wait, $"{phase}: every passed deadline of person {id.Value} judged");

    public ValueTask<VisitResult> VisitAsync(PersonId id) =>
        Grains.Person(id).RecordVisitAsync(new VisitCommand(Guid.NewGuid(), new WorkerId(Guid.NewGuid()), Home, 5, Now, null), "test");

    /// <summary>Everything a caller can see of the person and the case, to assert that nothing changed.</summary>
    public async Task<string> SnapshotAsync(PersonId id) =>
        JsonSerializer.Serialize(new { person = await Grains.Person(id).GetAsync(), @case = await Case(id).GetRehabilitationCaseAsync() });

    public static DateTimeOffset EndOfDay(DateOnly day) => WorkingDayCalendar.EndOfLocalDay(day);
}
