using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Grains.Supervision;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests.Supervision;

/// <summary>Officers' caseloads follow the person's own record; names are kept encrypted and shown masked (PI-14).</summary>
[Collection(GrainCluster.Name)]
public sealed class CaseloadTests(GrainClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    [Fact]
    public async Task Caseload_SetTwiceAndRemove_IsIdempotent()
    {
        var caseload = Grains.Caseload("officer-" + Guid.NewGuid().ToString("N"));
        var person = new PersonId(Guid.NewGuid());

        await caseload.SetAsync(person, true);
        await caseload.SetAsync(person, true);
        Assert.True(await caseload.ContainsAsync(person));
        Assert.Equal([person], await caseload.GetPeopleAsync());

        await caseload.SetAsync(person, false);
        await caseload.SetAsync(person, false);
        Assert.False(await caseload.ContainsAsync(person));
        Assert.Empty(await caseload.GetPeopleAsync());
    }

    [Fact]
    public async Task Enrol_WithAnOfficer_PutsThePersonOnTheirCaseload_ReplayKeepsIt()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var officer = "officer-" + Guid.NewGuid().ToString("N")[..8];
        var id = new PersonId(Guid.NewGuid());
        var enrolment = Enrolment(grid, "张三丰", officer);

        Assert.True((await Grains.Person(id).EnrolAsync(enrolment, "correction-officer:" + officer)).IsOk);
        Assert.True((await Grains.Person(id).EnrolAsync(enrolment, "correction-officer:" + officer)).IsOk);

        Assert.True(await Grains.Caseload(officer).ContainsAsync(id));
        Assert.Equal(officer, (await Grains.Person(id).GetAsync())!.Officer);
    }

    [Fact]
    public async Task AssignOfficer_MovesThePersonBetweenCaseloads_AndRepeatingItChangesNothing()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var (first, second) = ("officer-a-" + Guid.NewGuid().ToString("N")[..6], "officer-b-" + Guid.NewGuid().ToString("N")[..6]);
        var id = new PersonId(Guid.NewGuid());
        var person = Grains.Person(id);
        Assert.True((await person.EnrolAsync(Enrolment(grid, "李四", null), "community-admin:a")).IsOk);

        Assert.True((await person.AssignOfficerAsync(first, "community-admin:a")).IsOk);
        Assert.True(await Grains.Caseload(first).ContainsAsync(id));

        Assert.True((await person.AssignOfficerAsync(second, "community-admin:a")).IsOk);
        Assert.True((await person.AssignOfficerAsync(second, "community-admin:a")).IsOk);

        Assert.False(await Grains.Caseload(first).ContainsAsync(id));
        Assert.True(await Grains.Caseload(second).ContainsAsync(id));
        Assert.Equal(second, (await person.GetAsync())!.Officer);

        Assert.True((await person.AssignOfficerAsync(null, "community-admin:a")).IsOk);
        Assert.False(await Grains.Caseload(second).ContainsAsync(id));
        Assert.Null((await person.GetAsync())!.Officer);
    }

    [Fact]
    public async Task AssignOfficer_ARepeatRepairsACaseloadThatLostThePerson()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var officer = "officer-" + Guid.NewGuid().ToString("N")[..8];
        var id = new PersonId(Guid.NewGuid());
        var person = Grains.Person(id);
        Assert.True((await person.EnrolAsync(Enrolment(grid, "王五", null), "test")).IsOk);
        Assert.True((await person.AssignOfficerAsync(officer, "test")).IsOk);

        // As if telling the caseload had failed after the person's write.
        await Grains.Caseload(officer).SetAsync(id, false);
        Assert.True((await person.AssignOfficerAsync(officer, "test")).IsOk);

        Assert.True(await Grains.Caseload(officer).ContainsAsync(id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(" padded ")]
    public async Task AssignOfficer_AnInvalidSubject_IsRefusedNamingTheField(string officer)
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var person = Grains.Person(new PersonId(Guid.NewGuid()));
        Assert.True((await person.EnrolAsync(Enrolment(grid, "赵六", null), "test")).IsOk);

        var outcome = await person.AssignOfficerAsync(officer, "test");

        Assert.Equal((OutcomeKind.Invalid, "officer"), (outcome.Kind, outcome.Field));
    }

    [Fact]
    public async Task AssignOfficer_ToNobodyEnrolled_IsNotFound() =>
        Assert.Equal(OutcomeKind.NotFound, (await Grains.Person(new PersonId(Guid.NewGuid())).AssignOfficerAsync("someone", "test")).Kind);

    [Fact]
    public async Task PI14_Record_ShowsTheNameMasked_RevealNeedsAPurpose()
    {
        var grid = new TestGrid();
        await grid.ImportAsync(Grains);
        var person = Grains.Person(new PersonId(Guid.NewGuid()));
        Assert.True((await person.EnrolAsync(Enrolment(grid, "张三丰", null), "test")).IsOk);

        var record = await person.GetRecordAsync();
        var refused = await person.RevealNameAsync(" ", "auditor:x");
        var revealed = await person.RevealNameAsync("家访核对身份", "grid-worker:w1");

        Assert.Equal("张**", record!.MaskedName);
        Assert.Equal((OutcomeKind.Invalid, "purpose"), (refused.Outcome.Kind, refused.Outcome.Field));
        Assert.Equal("张三丰", revealed.Name);
    }

    [Theory]
    [InlineData("张", "张*")]
    [InlineData("张三", "张*")]
    [InlineData("欧阳娜娜", "欧***")]
    [InlineData("Li Lei", "L*****")]
    public void PI14_NameMask_KeepsOnlyTheFirstCharacter(string name, string masked) => Assert.Equal(masked, PersonNames.Mask(name));

    private Enrolment Enrolment(TestGrid grid, string name, string? officer) =>
        new(grid.District, name, Gender.Male, TestGrid.Centre(0, 0), Programme.CommunityCorrection, SentenceType.Probation, null,
            DateOnly.FromDateTime(Now.UtcDateTime), Now, null, null, officer);
}
