using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GridGovernance.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GridGovernance.Browser.Tests;

/// <summary>The command centre's wall screen in Chromium: the map, the live feed, the drill-down, city scale.</summary>
public sealed partial class CommandCentreTests(BrowserSystem system, ITestOutputHelper output)
{
    [Fact]
    public async Task TheMap_DrawsEverySeededCell_AndTheTableListsTheCommunities()
    {
        var page = await system.OpenAsync("/command-centre.html", BrowserSystem.Token("command-centre"));

        await Expect(page.Locator("#map")).ToHaveAttributeAsync("data-ready", "true");
        Assert.Equal(system.Cells.Count, await page.Locator("#map path.cell").CountAsync());
        Assert.Equal(system.Cells.Select(c => c.Community).Distinct().Count(), await page.Locator("#communities tbody tr").CountAsync());
        Assert.Equal(19, await page.Locator("#communities tbody tr").CountAsync());
        var paint = await page.EvaluateAsync<double>("performance.getEntriesByName('gg-first-useful-paint')[0]?.duration ?? -1");
        output.WriteLine($"first useful paint (navigation → map drawn, {system.Cells.Count} cells): {paint:F0} ms");
        Assert.True(paint > 0, "the page measures its first useful paint");

        await BrowserSystem.ScreenshotAsync(page, "command-centre");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnAlertRaisedThroughTheApi_RestylesItsCell_AndAppearsInTheFeed_WithoutReloading()
    {
        var cell = system.Cells[7];
        var page = await system.OpenAsync("/command-centre.html", BrowserSystem.Token("command-centre"));
        await Expect(page.Locator("#map")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "live");
        await page.EvaluateAsync("window.__loadedOnce = true");

        // A property registered as last visited 60 days ago: its visit (21 days) is overdue, and its cell raises a yellow card.
        var property = await system.RegisterPropertyAsync(cell, cell.Centre.East(5), DateTimeOffset.UtcNow.AddDays(-60));

        var item = page.Locator($"#feed li[data-alert*='{property:N}'][data-event='alert-raised']");
        await Expect(item).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Expect(page.Locator($"#map path.cell-{cell.Code}")).ToHaveClassAsync(StatusRaised());
        Assert.True(await page.EvaluateAsync<bool>("window.__loadedOnce === true"), "the page did not reload");

        var alerts = await system.SendAsync(HttpMethod.Get, $"/api/v1/alerts?cell={cell.Code}", BrowserSystem.Token("command-centre"));
        var alert = alerts!["alerts"]!.AsArray().Single(a => a!["key"]!.GetValue<string>().Contains(property.ToString("N"), StringComparison.Ordinal))!;
        var raisedAt = DateTimeOffset.Parse(alert["raisedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var receivedAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(await item.GetAttributeAsync("data-received-at") ?? "0", CultureInfo.InvariantCulture));
        output.WriteLine($"alert raised → shown in the feed: {(receivedAt - raisedAt).TotalMilliseconds:F0} ms");
        await BrowserSystem.ScreenshotAsync(page, "command-centre-live-alert");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ARedCardRaisedThroughTheApi_RestylesItsCellRed_AndAppearsInTheFeed_WithoutReloading()
    {
        var cell = await QuietCellAsync();
        var page = await system.OpenAsync("/command-centre.html", BrowserSystem.Token("command-centre"));
        await Expect(page.Locator("#map")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "live");
        var path = page.Locator($"#map path.cell-{cell.Code}");
        await Expect(path).Not.ToHaveClassAsync(StatusRaised());
        var redTotal = page.Locator("#totals [data-figure='redAlerts'] .value");
        var redBefore = int.Parse(await redTotal.TextContentAsync() ?? "", CultureInfo.InvariantCulture);
        // Notes when the cell first turns red, and that the page never reloads.
        await page.EvaluateAsync("""
            code => {
              window.__loadedOnce = true;
              const el = document.querySelector(`#map path.cell-${code}`);
              new MutationObserver((_, observer) => {
                if (el.classList.contains("status-red")) { window.__redAt = Date.now(); observer.disconnect(); }
              }).observe(el, { attributes: true, attributeFilter: ["class"] });
            }
            """, cell.Code);

        // HL-06: a source's card after three yellows in 90 days starts red. A property last visited 60 days ago (its
        // visit overdue) with three tenants who moved in 30 days ago and were never reported (RH-02 gives 3 working
        // days) has four overdue deadlines: three yellow cards and a red one, raised as soon as its cell sweeps.
        var property = await system.RegisterPropertyAsync(cell, cell.Centre.East(5), DateTimeOffset.UtcNow.AddDays(-60));
        for (var tenant = 0; tenant < 3; tenant++)
        {
            await system.RegisterTenancyAsync(cell, property, DateTimeOffset.UtcNow.AddDays(-30));
        }

        var raised = page.Locator($"#feed li[data-alert*='{property:N}'][data-event='alert-raised']");
        var red = page.Locator($"#feed li.red[data-alert*='{property:N}'][data-event='alert-raised']");
        await Expect(red).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Expect(path).ToHaveClassAsync(StatusRed());
        await Expect(raised).ToHaveCountAsync(4);
        // The district's red-card figure follows the community's counts on the stream.
        await Eventually.ReturnsAsync(
            async () => int.Parse(await redTotal.TextContentAsync() ?? "", CultureInfo.InvariantCulture), n => n > redBefore, TimeSpan.FromSeconds(10),
            $"the district's red cards above {redBefore}");
        Assert.True(await page.EvaluateAsync<bool>("window.__loadedOnce === true"), "the page did not reload");

        var alerts = (await system.SendAsync(HttpMethod.Get, $"/api/v1/alerts?cell={cell.Code}", BrowserSystem.Token("command-centre")))!["alerts"]!.AsArray()
            .Where(a => a!["key"]!.GetValue<string>().Contains(property.ToString("N"), StringComparison.Ordinal)).ToList();
        Assert.Equal(["Red", "Yellow", "Yellow", "Yellow"], alerts.Select(a => a!["level"]!.GetValue<string>()));
        var card = alerts[0]!;
        Assert.Equal(card["key"]!.GetValue<string>(), await red.GetAttributeAsync("data-alert"));
        var raisedAt = DateTimeOffset.Parse(card["raisedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var shownAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(await red.GetAttributeAsync("data-received-at") ?? "0", CultureInfo.InvariantCulture));
        var restyledAt = DateTimeOffset.FromUnixTimeMilliseconds(await page.EvaluateAsync<long>("window.__redAt ?? 0"));
        output.WriteLine($"red card raised → cell restyled red: {(restyledAt - raisedAt).TotalMilliseconds:F0} ms; → shown in the feed: {(shownAt - raisedAt).TotalMilliseconds:F0} ms");
        await BrowserSystem.ScreenshotAsync(page, "command-centre-red-card");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DrillDown_DistrictToCommunityToCellToPerson_ShowsTheNameMasked_AndTheReadIsAudited()
    {
        var cell = system.Cells[30];
        var person = await system.EnrolPersonAsync(cell, cell.Centre.East(-5), "欧阳示例", DateTimeOffset.UtcNow.AddDays(-90));
        var token = BrowserSystem.Token("command-centre");
        await Eventually.ReturnsAsync(
            async () => (await system.SendAsync(HttpMethod.Get, $"/api/v1/alerts?cell={cell.Code}", token))!["alerts"]!.AsArray().Count(a => a!["key"]!.GetValue<string>().Contains(person.ToString("N"), StringComparison.Ordinal)),
            n => n > 0, TimeSpan.FromSeconds(30), "the overdue visit's card of the person");

        var page = await system.OpenAsync("/command-centre.html", token);
        await Expect(page.Locator("#map")).ToHaveAttributeAsync("data-ready", "true");
        await page.Locator($"#communities tr[data-community='{cell.Community}'] button").ClickAsync();
        await page.Locator($"#detail tr[data-cell='{cell.Code}'] button").ClickAsync();
        await page.Locator($"#detail tr[data-alert*='{person:N}'] button").ClickAsync();

        var name = page.Locator("#detail dd[data-masked='true']");
        await Expect(name).ToHaveTextAsync(new Regex(@"^欧\*+$"));
        Assert.Equal(1, await system.JournalCountAsync(person.ToString("N"), "person-record-read"));
        await BrowserSystem.ScreenshotAsync(page, "command-centre-drill-down");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AtCityScale_3000Cells_AreDrawn_AndThePageKeepsAnswering()
    {
        var page = await system.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = system.BaseUrl, ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        // The city's cells are served in place of the district's: the page sees 3,000 cells as it would from the API.
        var city = CityCells(60, 50);
        await page.RouteAsync("**/api/v1/cells", route => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "application/geo+json", Body = city }));
        await page.GotoAsync("/command-centre.html#token=" + BrowserSystem.Token("command-centre"));

        await Expect(page.Locator("#map")).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = 60_000 });
        Assert.Equal(3000, await page.Locator("#map path.cell").CountAsync());
        var paint = await page.EvaluateAsync<double>("performance.getEntriesByName('gg-first-useful-paint')[0]?.duration ?? -1");

        // Responsiveness: zoom in and out with the keyboard and a community's drill-down while the map holds 3,000 cells.
        var started = DateTime.UtcNow;
        await page.Locator("#map").FocusAsync();
        await page.Keyboard.PressAsync("+");
        await page.Keyboard.PressAsync("-");
        await page.Locator("#communities tbody tr button").First.ClickAsync();
        await Expect(page.Locator("#detail h2")).ToContainTextAsync("SQ-");
        var interaction = DateTime.UtcNow - started;
        output.WriteLine($"3,000 cells: first useful paint {paint:F0} ms; zoom in, zoom out and a drill-down answered in {interaction.TotalMilliseconds:F0} ms");
        await page.CloseAsync();
    }

    private static Regex StatusRaised() => StatusRaisedPattern();

    private static Regex StatusRed() => StatusRedPattern();

    [GeneratedRegex("status-(yellow|red)")]
    private static partial Regex StatusRaisedPattern();

    [GeneratedRegex(@"\bstatus-red\b")]
    private static partial Regex StatusRedPattern();

    /// <summary>
    /// A seeded cell no other test uses with no card and nothing overdue (its next deadline, if any, an hour away or
    /// more), so that its colour changes only by what the test does.
    /// </summary>
    private async Task<SeededCell> QuietCellAsync()
    {
        var collection = await system.SendAsync(HttpMethod.Get, "/api/v1/cells", BrowserSystem.Token("command-centre"));
        var quiet = collection!["features"]!.AsArray()
            .Select(f => f!["properties"]!)
            .Where(p => p["openAlerts"]!.GetValue<int>() == 0 && p["redAlerts"]!.GetValue<int>() == 0
                && (p["nextDue"] is not { } due || DateTimeOffset.Parse(due.GetValue<string>(), CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddHours(1)))
            .Select(p => p["code"]!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);
        return system.Cells.Skip(100).LastOrDefault(c => quiet.Contains(c.Code))
            ?? throw new InvalidOperationException($"No quiet seeded cell among {system.Cells.Count - 100} for the red card.");
    }

    /// <summary>A FeatureCollection of columns × rows square cells around Zhongshan, shaped as GET /api/v1/cells answers.</summary>
    private static string CityCells(int columns, int rows)
    {
        var json = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        const double size = 0.004;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var (x, y) = (113.2 + (c * size), 22.4 + (r * size));
                var code = string.Create(CultureInfo.InvariantCulture, $"CT-{r:D2}-{c:D3}");
                var ring = string.Create(CultureInfo.InvariantCulture, $"[[{x},{y}],[{x + size},{y}],[{x + size},{y + size}],[{x},{y + size}],[{x},{y}]]");
                var alerts = (r * columns + c) % 17 == 0 ? 1 : 0;
                json.Append(CultureInfo.InvariantCulture, $"{{\"type\":\"Feature\",\"id\":\"{code}\",\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[{ring}]}},")
                    .Append(CultureInfo.InvariantCulture, $"\"properties\":{{\"code\":\"{code}\",\"community\":\"SQ-01\",\"name\":\"{code}\",\"openAlerts\":{alerts},\"redAlerts\":0,\"properties\":40,\"people\":3,\"workers\":1,\"pendingDeadlines\":10,\"nextDue\":null}}}},");
            }
        }

        json.Length--;
        return json.Append("]}").ToString();
    }
}
