using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Supervision;
using GridGovernance.Grains.Rules;
using GridGovernance.Grains.Supervision.Correction;

namespace GridGovernance.Rules.Tests.Supervision;

/// <summary>The pure rules of community correction, without a cluster.</summary>
public sealed class CorrectionRulesTests
{
    private static readonly CorrectionPolicy Policy = new();

    [Theory]
    [InlineData(ViolationKind.Absconding, 10, SanctionKind.Admonition, "CC-19")]
    [InlineData(ViolationKind.Absconding, 11, SanctionKind.Warning, "CC-20")]
    [InlineData(ViolationKind.LateReporting, 3, SanctionKind.Admonition, "CC-19")]
    [InlineData(ViolationKind.UnauthorisedAbsence, 30, SanctionKind.Warning, "CC-20")]
    public void CC19_CC20_DaysLateOrAway_DecideAdmonitionOrWarning(ViolationKind kind, int days, SanctionKind expected, string rule)
    {
        var proposals = SanctionRules.ForViolation(new ViolationReport(Guid.NewGuid(), kind, new DateOnly(2026, 5, 1), days, "x"), SentenceType.Probation, Policy);

        var proposal = Assert.Single(proposals);
        Assert.Equal((expected, rule), (proposal.Kind, proposal.Rule));
    }

    [Theory]
    [InlineData(SentenceType.Probation, "第四十六条")]
    [InlineData(SentenceType.Parole, "第四十七条")]
    [InlineData(SentenceType.TemporaryExecutionOutsidePrison, "第四十九条")]
    public void CC22_CC23_CC24_AbsconsionOverAMonth_ProposesRevocationUnderTheSentencesArticle(SentenceType sentence, string article)
    {
        var proposals = SanctionRules.ForViolation(new ViolationReport(Guid.NewGuid(), ViolationKind.Absconding, new DateOnly(2026, 5, 1), 31, "x"), sentence, Policy);

        var revocation = Assert.Single(proposals, p => p.Kind == SanctionKind.RevocationProposal);
        Assert.Contains(article, revocation.Article, StringComparison.Ordinal);
    }

    [Fact]
    public void CC22_ControlHasNoRevocation()
    {
        var proposals = SanctionRules.ForViolation(new ViolationReport(Guid.NewGuid(), ViolationKind.Absconding, new DateOnly(2026, 5, 1), 40, "x"), SentenceType.Control, Policy);

        Assert.DoesNotContain(proposals, p => p.Kind == SanctionKind.RevocationProposal);
    }

    [Theory]
    [InlineData(2019, 2, false)]
    [InlineData(2019, 3, true)]
    [InlineData(2021, 2, true)]
    public void CC22_TwoUncorrectedWarningsAfter2020_ProposesRevocation_ThreeBefore(int year, int warnings, bool proposed)
    {
        var sanctions = Enumerable.Range(1, warnings).Select(i => Confirmed(SanctionKind.Warning, new DateOnly(year, i, 1))).ToList();

        var escalations = SanctionRules.Escalations(sanctions, SentenceType.Probation, day => RuleBook.Default.At(day).Correction);

        Assert.Equal(proposed, escalations.Any(e => e.Kind == SanctionKind.RevocationProposal && e.Rule == "CC-22"));
    }

    [Fact]
    public void CC22_WarningsAcross2020_07_01_AreJudgedAtTheWarningThatCompletesTheCount()
    {
        List<Sanction> warnings = [Confirmed(SanctionKind.Warning, new DateOnly(2019, 3, 1)), Confirmed(SanctionKind.Warning, new DateOnly(2019, 5, 1)), Confirmed(SanctionKind.Warning, new DateOnly(2021, 3, 1))];

        var revocation = Assert.Single(SanctionRules.Escalations(warnings, SentenceType.Probation, day => RuleBook.Default.At(day).Correction));

        Assert.Equal((new DateOnly(2021, 3, 1), 2), (revocation.EventOn, revocation.Evidence.Count));
        Assert.Equal(new[] { warnings[1].Id, warnings[2].Id }, revocation.Evidence);
        Assert.Contains("(2020) 第四十六条第（四）项", revocation.Article, StringComparison.Ordinal);
    }

    [Fact]
    public void CC23_ParoleAbsconsionOverAMonth_CitesArticle47ItemOne()
    {
        var proposals = SanctionRules.ForViolation(new ViolationReport(Guid.NewGuid(), ViolationKind.Absconding, new DateOnly(2026, 5, 1), 31, "x"), SentenceType.Parole, Policy);

        Assert.Contains("第四十七条第（一）项", Assert.Single(proposals, p => p.Kind == SanctionKind.RevocationProposal).Article, StringComparison.Ordinal);
    }

    [Fact]
    public void CC20_TwoUncorrectedAdmonitions_ProposeAWarning_CorrectedOrCountedOnesDoNot()
    {
        var corrected = Confirmed(SanctionKind.Admonition, new DateOnly(2026, 1, 1));
        corrected.Corrected = true;
        var counted = Confirmed(SanctionKind.Admonition, new DateOnly(2026, 1, 2));
        counted.CountedInto = "CC-20:earlier";
        var open = Confirmed(SanctionKind.Admonition, new DateOnly(2026, 2, 1));

        Assert.Empty(SanctionRules.Escalations([corrected, counted, open], SentenceType.Probation, _ => Policy));

        var warning = Assert.Single(SanctionRules.Escalations([corrected, counted, open, Confirmed(SanctionKind.Admonition, new DateOnly(2026, 3, 1))], SentenceType.Probation, _ => Policy));
        Assert.Equal((SanctionKind.Warning, "CC-20", new DateOnly(2026, 3, 1)), (warning.Kind, warning.Rule, warning.EventOn));
    }

    [Theory]
    [InlineData(7, ApproverLevel.JusticeOffice)]
    [InlineData(8, ApproverLevel.CountyAgency)]
    [InlineData(30, ApproverLevel.CountyAgency)]
    public void CC16_TheLengthDecidesWhoApproves(int days, ApproverLevel required)
    {
        var trip = new TripRequest(Guid.NewGuid(), "广州", new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 1).AddDays(days - 1), "探亲");

        Assert.Equal((days, required), (TripRules.Days(trip), TripRules.Required(trip, Policy)));
        Assert.Null(TripRules.Validate(trip, new DateOnly(2026, 5, 30), Policy));
    }

    [Fact]
    public void CC15_ThirtyOneDays_IsTooLongForOneApproval()
    {
        var trip = new TripRequest(Guid.NewGuid(), "广州", new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 1), "探亲");

        Assert.Equal((OutcomeKind.Invalid, "trip-too-long"), (TripRules.Validate(trip, new DateOnly(2026, 5, 30), Policy)!.Kind, TripRules.Validate(trip, new DateOnly(2026, 5, 30), Policy)!.Problem));
    }

    [Fact]
    public void CC12_ThreeGoodMonths_StepDownOnlyAfterTheStrictPeriod()
    {
        var c = new CorrectionCase { StrictUntil = new DateOnly(2026, 5, 1) };

        Assert.Null(SupervisionLevels.AfterAssessment(c, SupervisionLevel.Strict, AssessmentGrade.Good, new DateOnly(2026, 4, 1), Policy));
        Assert.Null(SupervisionLevels.AfterAssessment(c, SupervisionLevel.Strict, AssessmentGrade.Good, new DateOnly(2026, 4, 2), Policy));
        Assert.Null(SupervisionLevels.AfterAssessment(c, SupervisionLevel.Strict, AssessmentGrade.Good, new DateOnly(2026, 4, 30), Policy));
        Assert.Equal(SupervisionLevel.Ordinary, SupervisionLevels.StepDown(c, SupervisionLevel.Strict, new DateOnly(2026, 5, 1), Policy));
        Assert.Equal(0, c.GoodStreak);
    }

    [Fact]
    public void CC11_ASanction_ReturnsToStrictAndResetsTheStreak()
    {
        var c = new CorrectionCase { GoodStreak = 2 };

        Assert.Equal((SupervisionLevel.Strict, 0), (SupervisionLevels.AfterSanction(c), c.GoodStreak));
    }

    [Fact]
    public void CC10_ContactStandardByLevel()
    {
        Assert.Equal((7, 14, 30), (SupervisionLevels.ReportDays(SupervisionLevel.Strict, Policy), SupervisionLevels.ReportDays(SupervisionLevel.Ordinary, Policy), SupervisionLevels.ReportDays(SupervisionLevel.Lenient, Policy)));
        Assert.Equal((7, (int?)null), (SupervisionLevels.WrittenReportDays(SupervisionLevel.Strict, Policy), SupervisionLevels.WrittenReportDays(SupervisionLevel.Ordinary, Policy)));
    }

    [Fact]
    public void CC06_TeamRules()
    {
        TeamMember officer = new("李", TeamRole.JudicialOfficer, Gender.Male);

        Assert.Null(IntakeRules.ValidateTeam([officer], Gender.Male));
        Assert.Equal("team-needs-a-woman", IntakeRules.ValidateTeam([officer], Gender.Female)!.Problem);
        Assert.Equal("team-needs-officer", IntakeRules.ValidateTeam([new("王", TeamRole.SocialWorker, Gender.Female)], Gender.Female)!.Problem);
        Assert.Equal("team[0].name", IntakeRules.ValidateTeam([officer with { Name = " " }], Gender.Male)!.Field);
    }

    private static Sanction Confirmed(SanctionKind kind, DateOnly on) => new()
    {
        Id = $"{kind}:{Guid.NewGuid():N}",
        Kind = kind,
        Rule = kind == SanctionKind.Warning ? "CC-20" : "CC-19",
        Article = "x",
        Ground = "x",
        Evidence = [],
        EventOn = on,
        Status = SanctionStatus.Confirmed,
        ProposedAt = new DateTimeOffset(on.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
    };
}
