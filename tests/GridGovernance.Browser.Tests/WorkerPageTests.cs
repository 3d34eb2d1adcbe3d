using GridGovernance.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace GridGovernance.Browser.Tests;

/// <summary>The grid worker's phone page in Chromium: tasks nearest first, a visit queued offline and synced, scope.</summary>
public sealed class WorkerPageTests(BrowserSystem system)
{
    [Fact]
    public async Task AVisitRecordedOffline_IsQueued_ThenSyncedWhenBackOnline_AndJudgedNear()
    {
        var cell = system.Cells[12];
        var property = await system.RegisterPropertyAsync(cell, cell.Centre, DateTimeOffset.UtcNow.AddDays(-60));
        var page = await system.OpenAsync("/worker.html", BrowserSystem.Token("grid-worker", cells: [cell.Code]), phone: true, position: cell.Centre);
        var task = page.Locator($"#tasks li[data-entity='{property}'] button");
        await Expect(task).ToBeVisibleAsync();
        await Expect(page.Locator("#gps")).ToHaveAttributeAsync("data-state", "fix");

        await page.Context.SetOfflineAsync(true);
        await Expect(page.Locator("#network")).ToHaveAttributeAsync("data-state", "offline");
        await task.ClickAsync();
        await page.FillAsync("#visit-note", "离线走访 recorded offline");
        await page.ClickAsync("#visit-submit");

        await Expect(page.Locator("#outbox li[data-state='queued']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#queued-count")).ToHaveTextAsync("1");
        await BrowserSystem.ScreenshotAsync(page, "worker-offline");
        Assert.Equal(0, await system.JournalCountAsync(property.ToString("N"), "visit-recorded"));

        await page.Context.SetOfflineAsync(false);
        await Expect(page.Locator("#outbox li[data-state='accepted'][data-proximity='near']")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Expect(page.Locator("#queued-count")).ToHaveTextAsync("0");
        Assert.Equal(1, await system.JournalCountAsync(property.ToString("N"), "visit-recorded"));
        await BrowserSystem.ScreenshotAsync(page, "worker");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AWorker_CannotSeeAnotherCellsPerson_ButSeesTheirOwn()
    {
        var (mine, other) = (system.Cells[40], system.Cells[41]);
        var own = await system.EnrolPersonAsync(mine, mine.Centre, "本格示例", DateTimeOffset.UtcNow.AddDays(-90));
        var foreign = await system.EnrolPersonAsync(other, other.Centre, "他格示例", DateTimeOffset.UtcNow.AddDays(-90));
        var page = await system.OpenAsync("/worker.html", BrowserSystem.Token("grid-worker", cells: [mine.Code]), phone: true, position: mine.Centre);
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");

        const string read = "async id => (await fetch(`/api/v1/people/${id}?purpose=visit`, { headers: { Authorization: 'Bearer ' + sessionStorage.getItem('gridgov-token') } })).status";
        Assert.Equal(200, await page.EvaluateAsync<int>(read, own.ToString()));
        Assert.Equal(403, await page.EvaluateAsync<int>(read, foreign.ToString()));
        Assert.Equal(0, await page.Locator($"#tasks li[data-entity='{foreign}']").CountAsync());
        await page.Context.CloseAsync();
    }
}
