using System.Text.RegularExpressions;

namespace GridGovernance.Rules.Tests.Rules;

/// <summary>
/// docs/RULES.md and the tests agree: every rule id listed has a test whose name carries it, every test named
/// there exists, and every test named after a rule id has its rule listed.
/// </summary>
public sealed partial class RuleIdCoverageTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void EveryListedRule_HasATestNamedAfterIt_AndEveryNamedTestExists()
    {
        var rows = ListedRules();
        var tests = TestMethodNames();

        Assert.NotEmpty(rows);
        foreach (var (id, named) in rows)
        {
            var prefix = id.Replace("-", "", StringComparison.Ordinal) + "_";
            Assert.True(tests.Any(t => t.StartsWith(prefix, StringComparison.Ordinal) || t.Contains("_" + prefix, StringComparison.Ordinal)),
                $"docs/RULES.md lists {id}, but no test name carries {prefix}");
            foreach (var test in named)
            {
                Assert.True(tests.Contains(test), $"docs/RULES.md names test {test} for {id}, which does not exist");
            }
        }
    }

    [Fact]
    public void EveryTestNamedAfterARule_HasItsRuleListed()
    {
        var listed = ListedRules().Select(r => r.Id.Replace("-", "", StringComparison.Ordinal)).ToHashSet();

        var unlisted = TestMethodNames()
            .SelectMany(t => RuleInName().Matches(t).Select(m => m.Groups[1].Value))
            .Where(id => !listed.Contains(id))
            .Distinct()
            .ToList();

        Assert.True(unlisted.Count == 0, $"tests are named after rules missing from docs/RULES.md: {string.Join(", ", unlisted)}");
    }

    private static List<(string Id, string[] Tests)> ListedRules() =>
        [.. File.ReadLines(Path.Combine(Root, "docs", "RULES.md"))
            .Select(line => RuleRow().Match(line))
            .Where(m => m.Success)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))];

    private static HashSet<string> TestMethodNames() =>
        [.. Directory.EnumerateFiles(Path.Combine(Root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => TestMethod().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GridGovernance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("GridGovernance.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A table row: <c>| CC-22 | tag | default | source | Test1, Test2 |</c>.</summary>
    [GeneratedRegex(@"^\|\s*([A-Z]{2}-\d{2})\s*\|(?:[^|]*\|){3}\s*([^|]+?)\s*\|\s*$")]
    private static partial Regex RuleRow();

    [GeneratedRegex(@"\[(?:Fact|Theory)[^\]]*\]\s*(?:\[[^\]]*\]\s*)*public\s+(?:async\s+)?(?:Task|void)\s+(\w+)\s*\(")]
    private static partial Regex TestMethod();

    [GeneratedRegex(@"(?:^|_)((?:RH|FS|CC|DR|RP|HL|GR|PI)\d{2})_")]
    private static partial Regex RuleInName();
}
