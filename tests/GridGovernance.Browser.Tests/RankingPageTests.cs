using System.Globalization;
using GridGovernance.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace GridGovernance.Browser.Tests;

/// <summary>The leaderboard in Chromium: a community's cells of a month, and the drill-down to the items behind a row.</summary>
public sealed class RankingPageTests(BrowserSystem system)
{
    [Fact]
    public async Task ARowsDrillDown_ListsTheItemsBehindIt_IncludingAnOverdueVisitCreatedThroughTheApi()
    {
        var cell = system.Cells[80];
        var token = BrowserSystem.Token("community-admin", community: cell.Community);
        // Last visited 60 days ago: the visit (every 21 days for a GREEN property) fell due 39 days ago and was missed.
        var lastVisit = DateTimeOffset.UtcNow.AddDays(-60);
        var property = await system.RegisterPropertyAsync(cell, cell.Centre.East(-8), lastVisit);
        var month = lastVisit.AddDays(21).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var entity = $"property:{property:N}";
        await Eventually.ReturnsAsync(
            async () => (await system.SendAsync(HttpMethod.Get, $"/api/v1/rankings/cells/{cell.Code}/items?month={month}", token))!["items"]!.AsArray().Count(i => i!["entity"]!.GetValue<string>() == entity),
            n => n == 1, TimeSpan.FromSeconds(30), $"the missed visit of {entity} in the ranking items of {cell.Code}, {month}");

        var page = await system.OpenAsync("/ranking.html", token);
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
        // It opens on this month in China time, as the API counts months; the test asks for the visit's month.
        Assert.Equal(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", CultureInfo.InvariantCulture), await page.InputValueAsync("#month"));
        await page.FillAsync("#month", month);
        await page.ClickAsync("#load");
        var row = page.Locator($"#board tbody tr[data-key='{cell.Code}']");
        await Expect(row).ToHaveCountAsync(1);
        // A community administrator's ranking is their own community's.
        Assert.All(await page.Locator("#board tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.cells[2].textContent)"), c => Assert.Equal(cell.Community, c));
        var due = int.Parse(await row.Locator("td").Nth(2).TextContentAsync() ?? "", CultureInfo.InvariantCulture);
        var overdue = int.Parse(await row.Locator("td").Nth(5).TextContentAsync() ?? "", CultureInfo.InvariantCulture);
        Assert.True(overdue >= 1, $"the row of {cell.Code} counts the missed visit as overdue ({overdue})");

        await row.Locator("th button").ClickAsync();
        await Expect(page.Locator("#items h2")).ToBeFocusedAsync();
        var items = page.Locator("#items tbody tr");
        await Expect(items).ToHaveCountAsync(due);
        var cells = await items.EvaluateAllAsync<string[][]>("rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))");
        var mine = Assert.Single(cells, c => c[0] == entity);
        Assert.Equal(("Visit", "RH-09", "overdue", "—"), (mine[1], mine[2], mine[5], mine[4]));
        Assert.Equal(overdue, cells.Count(c => c[5] == "overdue"));

        await BrowserSystem.ScreenshotAsync(page, "ranking");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.Context.CloseAsync();
    }
}
