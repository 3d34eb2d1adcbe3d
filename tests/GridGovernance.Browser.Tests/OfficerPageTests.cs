using System.Globalization;
using System.Text.RegularExpressions;
using GridGovernance.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace GridGovernance.Browser.Tests;

/// <summary>The correction officer's desk in Chromium: the caseload most urgent first, a person's history with its rules.</summary>
public sealed partial class OfficerPageTests(BrowserSystem system)
{
    [Fact]
    public async Task TheCaseload_IsOrderedMostUrgentFirst_AndOpeningAPersonShowsTheirHistoryWithTheRuleBehindTheProposal()
    {
        var officer = "officer-" + Guid.NewGuid().ToString("N")[..8];
        var token = BrowserSystem.Token("correction-officer", officer);
        var (overdueCell, proposalCell, quietCell) = (system.Cells[60], system.Cells[61], system.Cells[62]);
        // Enrolled by the officer, so each joins their caseload: a drug rehabilitation case with nothing due yet (tier 5),
        // an active correction case with a sanction proposal waiting (tier 2), and a correction subject last visited
        // 60 days ago, whose visit is overdue (tier 1).
        var quiet = await EnrolAsync(token, quietCell, "CommunityDrugRehabilitation", "静观示例", reportedAt: null, lastVisitedAt: null);
        var proposal = await ActiveCorrectionCaseAsync(token, proposalCell, "提请示例");
        await system.SendAsync(HttpMethod.Post, $"/api/v1/people/{proposal}/correction-case/violations", token, new
        {
            violationId = Guid.NewGuid(),
            kind = "VisitorRuleBreach",
            occurredOn = ChinaToday(),
            description = "接待访客未报告（示例）",
        });
        var overdue = await EnrolAsync(token, overdueCell, "CommunityCorrection", "逾期示例", DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(-60));

        var page = await system.OpenAsync("/officer.html", token);
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
        var rows = page.Locator("#caseload tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        Assert.Equal([overdue.ToString(), proposal.ToString(), quiet.ToString()], await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.person)"));
        Assert.Equal(["1", "2", "5"], await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.tier)"));
        await Expect(rows.Nth(0).Locator("td").Nth(1)).ToContainTextAsync("Visit");
        await Expect(rows.Nth(1).Locator("td").Nth(2)).ToContainTextAsync("Admonition CC-19");
        foreach (var name in await rows.Locator("th button").AllTextContentsAsync())
        {
            Assert.Matches(MaskedName(), name);
        }

        await Expect(page.Locator("main")).Not.ToContainTextAsync(new Regex("静观示例|提请示例|逾期示例"));

        await rows.Nth(1).Locator("th button").ClickAsync();
        var heading = page.Locator("#history h2");
        await Expect(heading).ToContainTextAsync(new Regex(@"提\*+$"));
        await Expect(heading).ToBeFocusedAsync();
        var events = await page.Locator("#history tbody tr").EvaluateAllAsync<string[][]>("rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))");
        var proposed = Assert.Single(events, e => e[1] == "sanction-proposed");
        Assert.Equal(("CC-19", "Sanction proposed: Admonition (CC-19)"), (proposed[2], proposed[3]));
        Assert.Contains(events, e => e[1] == "intake-step-done" && e[2] == "CC-05");
        Assert.Contains(events, e => e[1] == "violation-recorded");
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e[4]), "every event names who recorded it"));
        // One audited read for the caseload, one for the history.
        Assert.Equal(2, await system.JournalCountAsync(proposal.ToString("N"), "person-record-read"));

        await BrowserSystem.ScreenshotAsync(page, "officer");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.Context.CloseAsync();
    }

    /// <summary>Enrols a person as the officer (their caseload), with the home in <paramref name="cell"/>.</summary>
    private async Task<Guid> EnrolAsync(string token, SeededCell cell, string programme, string name, DateTimeOffset? reportedAt, DateTimeOffset? lastVisitedAt)
    {
        var id = Guid.NewGuid();
        await system.SendAsync(HttpMethod.Put, $"/api/v1/people/{id}", token, new
        {
            name,
            gender = "Male",
            home = new { longitude = cell.Centre.Longitude, latitude = cell.Centre.Latitude },
            programme,
            sentenceType = programme == "CommunityCorrection" ? "Probation" : null,
            orderEffectiveOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            reportedAt,
            lastVisitedAt,
        });
        return id;
    }

    /// <summary>A correction subject who reported today, with intake complete and a team: the case is active (CC-05/06).</summary>
    private async Task<Guid> ActiveCorrectionCaseAsync(string token, SeededCell cell, string name)
    {
        var id = await EnrolAsync(token, cell, "CommunityCorrection", name, DateTimeOffset.UtcNow.AddMinutes(-5), lastVisitedAt: null);
        foreach (var step in new[] { "DocumentsChecked", "IdentityVerified", "FileCreated", "RulesAnnounced" })
        {
            await system.SendAsync(HttpMethod.Post, $"/api/v1/people/{id}/correction-case/intake-steps", token, new { step });
        }

        await system.SendAsync(HttpMethod.Put, $"/api/v1/people/{id}/correction-case/team", token, new
        {
            team = new[] { new { name = "司法所干警（示例）", role = "JudicialOfficer", gender = "Female" } },
        });
        return id;
    }

    private static string ChinaToday() => DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\S\*+$")]
    private static partial Regex MaskedName();
}
