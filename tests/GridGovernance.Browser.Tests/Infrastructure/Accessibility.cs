using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests.Infrastructure;

/// <summary>axe-core's WCAG 2 A/AA rules on a page: keyboard reachability, names, contrast.</summary>
public static class Accessibility
{
    /// <summary>Fails with every violation's rule, impact and first nodes.</summary>
    public static async Task AssertNoViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var violations = result.Violations
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}")
            .ToList();
        Assert.True(violations.Count == 0, "accessibility violations:\n" + string.Join("\n", violations));
    }
}
