using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using GridGovernance.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace GridGovernance.Browser.Tests;

/// <summary>The monthly statistics in Chromium: a row per seeded community, the chart, and the CSV download.</summary>
public sealed class StatisticsPageTests(BrowserSystem system)
{
    /// <summary>The figures of the page's table (after month and community) and the API's field for each, in column order.</summary>
    private static readonly string[] Figures =
    [
        "visits", "tenantRegistrations", "alertsRaised", "alertsClosedOnTime", "onTimeRate", "yellowCards", "redCards",
        "correctionCases", "drugRehabilitationCases", "rehabilitationCases", "sanctionsDecided",
    ];

    private const string CsvHeader =
        "Month 月份,Community 社区编码,Community name 社区名称,Visits 走访次数,Near visits 到场走访,Inspections 消防检查,"
        + "Tenant registrations 租客登记,Move-outs 租客退租,Alerts raised 预警发出,Yellow cards 黄牌,Red cards 红牌,Alerts closed 预警办结,"
        + "Closed on time 按时办结,On-time rate 按时办结率,Correction cases 社区矫正在册,Drug rehabilitation cases 社区戒毒在册,"
        + "Rehabilitation cases 社区康复在册,Enrolments 新接收,Discharges 解除,Sanctions proposed 提请处罚,Sanctions decided 处罚决定";

    [Fact]
    public async Task TheMonth_ShowsARowPerSeededCommunity_AsTheApiCountsIt_ChartsIt_AndDownloadsItAsBilingualCsvWithABom()
    {
        var token = BrowserSystem.Token("command-centre");
        var overview = await system.SendAsync(HttpMethod.Get, "/api/v1/overview", token);
        var communities = overview!["communities"]!.AsArray().ToDictionary(c => c!["code"]!.GetValue<string>(), c => c!["name"]!.GetValue<string>());
        // The seed's overdue items raise their cards as the cells sweep, within seconds of seeding.
        var month = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await Eventually.ReturnsAsync(
            async () => (await system.SendAsync(HttpMethod.Get, $"/api/v1/statistics/monthly?from={month}", token))!["totals"]!["alertsRaised"]!.GetValue<int>(),
            n => n > 0, TimeSpan.FromSeconds(30), "the seeded district's first cards in this month's statistics");

        var page = await system.OpenAsync("/statistics.html", token);
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
        // The page opens on this month in China time, as the API counts months.
        Assert.Equal((month, month), (await page.InputValueAsync("#from"), await page.InputValueAsync("#to")));
        // The table is compared with the answer the page itself received: other tests change this month's figures meanwhile.
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#load"), r => r.Url.Contains("/api/v1/statistics/monthly?", StringComparison.Ordinal));
        var answer = JsonNode.Parse(await response.TextAsync())!;
        var rows = answer["rows"]!.AsArray();
        Assert.Equal(communities.Keys.Order(StringComparer.Ordinal), rows.Select(r => r!["community"]!.GetValue<string>()));
        Assert.All(rows, r => Assert.Equal(month, r!["month"]!.GetValue<string>()));
        var totals = answer["totals"]!;
        Assert.True(Cases(totals) >= 30, $"the 30 seeded people are counted as cases ({Cases(totals)})");
        Assert.True(totals["tenantRegistrations"]!.GetValue<int>() > 0, "the seeded tenancies are counted");

        var expected = rows.Select(r => Cells(r!, $"{r!["communityName"]} {r["community"]}", month))
            .Append(Cells(totals, "", "合计 Total")).ToList();
        var shown = await Eventually.ReturnsAsync(
            () => page.Locator("#figures tbody tr").EvaluateAllAsync<string[][]>("rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))"),
            table => table.Length == expected.Count && table.Zip(expected).All(p => p.First.SequenceEqual(p.Second)),
            TimeSpan.FromSeconds(10), "the table to show the figures the page received");
        Assert.Equal(communities.Count + 1, shown.Length);
        Assert.All(rows, r => Assert.Equal(communities[r!["community"]!.GetValue<string>()], r!["communityName"]!.GetValue<string>()));

        // The chart draws the alerts raised (the seed's cards) as bars of their colour below the legend.
        var yellowPixels = await page.EvaluateAsync<int>("""
            () => {
              const canvas = document.getElementById("chart");
              const top = Math.floor(canvas.height * 0.2);
              const data = canvas.getContext("2d").getImageData(0, top, canvas.width, canvas.height - top).data;
              let n = 0;
              for (let i = 0; i < data.length; i += 4) if (data[i] === 0xf2 && data[i + 1] === 0xc3 && data[i + 2] === 0x00) n++;
              return n;
            }
            """);
        Assert.True(yellowPixels > 0, "the chart draws bars of the alerts raised");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#csv"));
        Assert.Equal($"gridgov-statistics-{month}.csv", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n");
        Assert.Equal(CsvHeader, lines[0]);
        Assert.Equal("", lines[^1]);
        Assert.Equal(communities.Count + 3, lines.Length);
        Assert.Equal(communities.Keys.Order(StringComparer.Ordinal).Select(c => $"{month},{c},{communities[c]}"), lines[1..^2].Select(l => string.Join(',', l.Split(',')[..3])));
        Assert.StartsWith("Total 合计,,,", lines[^2], StringComparison.Ordinal);

        await BrowserSystem.ScreenshotAsync(page, "statistics");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.Context.CloseAsync();
    }

    private static int Cases(JsonNode row) =>
        row["correctionCases"]!.GetValue<int>() + row["drugRehabilitationCases"]!.GetValue<int>() + row["rehabilitationCases"]!.GetValue<int>();

    /// <summary>A table row as the page writes it: month, community, then the figures (a rate as a percentage).</summary>
    private static string[] Cells(JsonNode row, string community, string month) =>
        [month, community.Trim(), .. Figures.Select(f => f == "onTimeRate" ? Percent(row[f]) : row[f]!.GetValue<int>().ToString(CultureInfo.InvariantCulture))];

    private static string Percent(JsonNode? rate) =>
        rate is null ? "—" : (rate.GetValue<double>() * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
