using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Supervision;
using Microsoft.Extensions.Time.Testing;

namespace GridGovernance.Grains.Tests.Supervision;

/// <summary>Builds correction subjects for a test: enrolled, reported, through intake, on a fresh grid.</summary>
internal sealed class CorrectionSubjects(IGrainFactory grains, FakeTimeProvider time)
{
    public static readonly TeamMember Officer = new("司法所 李", TeamRole.JudicialOfficer, Gender.Male);
    public static readonly TeamMember SocialWorker = new("社工 王", TeamRole.SocialWorker, Gender.Female);

    public TestGrid Grid { get; } = new();

    public DateTimeOffset Now => time.GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(Now.ToOffset(TimeSpan.FromHours(8)).DateTime);

    public async Task ImportAsync() => await Grid.ImportAsync(grains);

    /// <summary>Enrols a subject; reported today unless <paramref name="reported"/> is false.</summary>
    public async Task<PersonId> EnrolAsync(Gender gender = Gender.Male, DateOnly? effective = null, DateOnly? endsOn = null,
        SentenceType sentence = SentenceType.Probation, bool reported = true)
    {
        var id = new PersonId(Guid.NewGuid());
        var on = effective ?? Today;
        // At 10:00 on the effective day, or now when that is still to come (a report cannot lie in the future).
        var tenOClock = new DateTimeOffset(on.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));
        var reportedAt = reported ? (tenOClock > Now ? Now : tenOClock) : (DateTimeOffset?)null;
        var outcome = await grains.Person(id).EnrolAsync(new Enrolment(Grid.District, "对象", gender, TestGrid.Centre(1, 0), Programme.CommunityCorrection,
            sentence, null, on, reportedAt, null, endsOn), "test");
        Assert.True(outcome.IsOk, outcome.Detail);
        return id;
    }

    /// <summary>An enrolled, reported subject with intake done and a team: the case is active.</summary>
    public async Task<PersonId> ActiveAsync(Gender gender = Gender.Male, DateOnly? effective = null, DateOnly? endsOn = null, SentenceType sentence = SentenceType.Probation)
    {
        var id = await EnrolAsync(gender, effective, endsOn, sentence);
        var c = grains.CorrectionCase(id);
        Ok(await c.SetTeamAsync([Officer, SocialWorker], "officer"));
        foreach (var step in Enum.GetValues<IntakeStep>())
        {
            Ok(await c.RecordIntakeStepAsync(step, "officer"));
        }

        Assert.Equal("Active", (await c.GetCorrectionCaseAsync())!.Stage);
        return id;
    }

    public async Task<CorrectionCaseView> CaseAsync(PersonId id) => (await grains.CorrectionCase(id).GetCorrectionCaseAsync())!;

    /// <summary>Moves the clock and makes the subject's cell sweep, then waits until <paramref name="until"/> holds.</summary>
    public async Task<CorrectionCaseView> AdvanceAsync(PersonId id, TimeSpan by, Func<CorrectionCaseView, bool> until, string what)
    {
        time.Advance(by);
        await grains.Cell(Grid.A2).SweepAsync();
        return await Eventually.ReturnsAsync(() => CaseAsync(id), until, TimeSpan.FromSeconds(10), what);
    }

    public async Task<AlertView?> AlertAsync(PersonId id, string deadlineId) =>
        await grains.Alert(AlertKeys.For(new EntityRef(EntityKind.MonitoredPerson, id.Value), deadlineId)).GetAsync();

    public static void Ok(Outcome outcome) => Assert.True(outcome.IsOk, $"{outcome.Kind} {outcome.Problem}: {outcome.Detail}");
}
