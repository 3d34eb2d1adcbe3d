using GridGovernance.Grains.Rules;

namespace GridGovernance.Rules.Tests.Rules;

/// <summary>The versioned rule book: defaults, dated versions by the event's date, and refusal of bad versions.</summary>
public sealed class RuleBookTests
{
    [Fact]
    public void CC22_RevocationWarnings_AreThreeBefore2020_07_01_AndTwoFromIt()
    {
        var book = RuleBook.Default;

        Assert.Equal(3, book.At(new DateOnly(2020, 6, 30)).Correction.RevocationWarnings);
        Assert.Equal(2, book.At(new DateOnly(2020, 7, 1)).Correction.RevocationWarnings);
        Assert.Equal(2, book.At(new DateOnly(2026, 11, 27)).Correction.RevocationWarnings);
    }

    [Fact]
    public void At_AnInstant_UsesItsBeijingDate()
    {
        // 2020-06-30T16:30Z is 2020-07-01 00:30 in Beijing: the new rule applies.
        Assert.Equal(2, RuleBook.Default.At(new DateTimeOffset(2020, 6, 30, 16, 30, 0, TimeSpan.Zero)).Correction.RevocationWarnings);
    }

    [Fact]
    public void OperatorVersion_ChangesOnlyWhatItNames_FromItsDateOn()
    {
        var book = RuleBook.Parse([
            ("built-in", """[{ "effectiveFrom": "2020-07-01", "source": "IM2020", "rules": { "correction": { "revocationWarnings": 2 } } }]"""),
            ("operator", """
                // Zhongshan decides on weekly visits for YELLOW from 2027.
                [{ "effectiveFrom": "2027-01-01", "source": "中山 decision", "rules": { "rentals": { "yellowVisitDays": 7 } } }]
                """),
        ]);

        var before = book.At(new DateOnly(2026, 12, 31));
        var after = book.At(new DateOnly(2027, 1, 1));
        Assert.Equal((14, 21), (before.Rentals.YellowVisitDays, before.Rentals.GreenVisitDays));
        Assert.Equal((7, 21, 2), (after.Rentals.YellowVisitDays, after.Rentals.GreenVisitDays, after.Correction.RevocationWarnings));
        Assert.Equal(3, book.Versions.Count);
    }

    [Theory]
    [InlineData("""[{ "effectiveFrom": "2027-01-01", "source": "x", "rules": { "correction": { "revocationWarningz": 2 } } }]""", "revocationWarningz")]
    [InlineData("""[{ "effectiveFrom": "2027-01-01", "source": "x", "rules": { "parking": { "x": 1 } } }]""", "parking")]
    [InlineData("""[{ "effectiveFrom": "2027-02-30", "source": "x", "rules": { } }]""", "effectiveFrom")]
    [InlineData("""[{ "effectiveFrom": "2027-01-01", "rules": { } }]""", "source")]
    [InlineData("""[{ "effectiveFrom": "2027-01-01", "source": " ", "rules": { } }]""", "source")]
    [InlineData("""[{ "effectiveFrom": "2027-01-01", "source": "x", "rules": { "correction": null } }]""", "correction")]
    [InlineData("""[{ "effectiveFrom": "2027-01-01", "source": "x", "rules": { "rentals": { "greenVisitDays": 0 } } }]""", "GreenVisitDays")]
    [InlineData("""[{ "effectiveFrom": "2027-01-01", "source": "x", "rules": { "rentals": { "greenVisitDays": "often" } } }]""", "greenVisitDays")]
    [InlineData("""[{ "effectiveFrom": "2027-01-01", "source": "x", "rules": { "rehabilitation": { "testIntervalMonthsByYear": [] } } }]""", "TestIntervalMonthsByYear")]
    [InlineData("""{ "effectiveFrom": "2027-01-01" }""", "array")]
    [InlineData("""[ not json""", "not valid JSON")]
    public void BadVersion_IsRefusedNamingTheDocumentAndTheField(string json, string named)
    {
        var ex = Assert.Throws<RuleBookException>(() => RuleBook.Parse([("ops.json", json)]));

        Assert.Contains("ops.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AMissingOperatorFile_IsRefusedNamingIt()
    {
        var ex = Assert.Throws<RuleBookException>(() => RuleBook.Load("/nonexistent/rules.json"));

        Assert.Contains("/nonexistent/rules.json", ex.Message, StringComparison.Ordinal);
    }
}
