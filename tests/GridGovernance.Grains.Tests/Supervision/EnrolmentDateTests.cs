using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests.Supervision;

/// <summary>B1: an enrolment's dates are range-checked before anything changes; a refused enrolment leaves no record.</summary>
[Collection(GrainCluster.Name)]
public sealed class EnrolmentDateTests(GrainClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    public static TheoryData<string, string> OutOfRange => new()
    {
        { "correctionEndsOn", "end of the calendar" },
        { "correctionEndsOn", "after 2100" },
        { "orderEffectiveOn", "end of the calendar" },
        { "reportedAt", "end of the calendar" },
        { "reportedAt", "tomorrow" },
        { "reportedAt", "before the order" },
        { "reportedAt", "start of the calendar" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public async Task Enrol_ADateOutOfRange_IsInvalidNamingIt_AndNothingIsRecorded(string field, string when)
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var valid = Enrolment(grid);
        var command = (field, when) switch
        {
            ("correctionEndsOn", "end of the calendar") => valid with { CorrectionEndsOn = DateOnly.MaxValue },
            ("correctionEndsOn", _) => valid with { CorrectionEndsOn = new DateOnly(2101, 1, 1) },
            ("orderEffectiveOn", _) => valid with { OrderEffectiveOn = DateOnly.MaxValue },
            (_, "end of the calendar") => valid with { ReportedAt = DateTimeOffset.MaxValue },
            (_, "tomorrow") => valid with { ReportedAt = Now.AddDays(1) },
            (_, "before the order") => valid with { ReportedAt = Now.AddDays(-30) },
            _ => valid with { ReportedAt = DateTimeOffset.MinValue },
        };
        var person = Grains.Person(new PersonId(Guid.NewGuid()));

        var outcome = await person.EnrolAsync(command, "community-admin:a");

        Assert.Equal((OutcomeKind.Invalid, field), (outcome.Kind, outcome.Field));
        Assert.Null(await person.GetAsync());
        // The same id still takes a valid enrolment: the refusal left nothing half made.
        Assert.True((await person.EnrolAsync(valid, "community-admin:a")).IsOk);
    }

    [Fact]
    public async Task Enrol_DatesInRange_AreAccepted_ReportedJustNowWithAFastClock()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var person = Grains.Person(new PersonId(Guid.NewGuid()));

        var outcome = await person.EnrolAsync(Enrolment(grid) with { ReportedAt = Now.AddMinutes(2), CorrectionEndsOn = new DateOnly(2100, 12, 31) }, "community-admin:a");

        Assert.True(outcome.IsOk, outcome.Detail);
        Assert.True((await person.GetAsync())!.Reported);
    }

    private Enrolment Enrolment(TestGrid grid) =>
        new(grid.District, "张三丰", Gender.Male, TestGrid.Centre(0, 0), Programme.CommunityCorrection, SentenceType.Probation, null,
            DateOnly.FromDateTime(Now.UtcDateTime.AddDays(-7)), Now.AddDays(-1), null, DateOnly.FromDateTime(Now.UtcDateTime.AddYears(2)), null);
}
