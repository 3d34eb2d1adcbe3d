using System.Text;
using GridGovernance.Api.Security;
using GridGovernance.Hosting.Security;

namespace GridGovernance.Api.Tests;

/// <summary>docs/SECURITY.md prints the role × capability table the gateway enforces; this keeps the two the same.</summary>
public sealed class SecurityDocTests
{
    [Fact]
    public void SecurityDoc_RoleCapabilityTable_IsTheEnforcedPolicy()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "SECURITY.md"));

        var expected = Table();
        Assert.True(doc.Contains(expected, StringComparison.Ordinal), "docs/SECURITY.md must contain this table exactly:\n" + expected);
    }

    /// <summary>The table as markdown: one row per capability, one column per role, the reach in each cell.</summary>
    public static string Table()
    {
        var text = new StringBuilder();
        text.Append("| capability | ").AppendJoin(" | ", GridRoles.All).Append(" |\n");
        text.Append("|---|").AppendJoin("", GridRoles.All.Select(_ => "---|")).Append('\n');
        foreach (var capability in Enum.GetValues<Capability>())
        {
            text.Append("| `").Append(capability).Append("` | ")
                .AppendJoin(" | ", GridRoles.All.Select(role => AccessPolicy.Reach(role, capability) switch
                {
                    null => "—",
                    ScopeKind.GrantOnly => "break-glass only",
                    var reach => reach.ToString()!.ToLowerInvariant(),
                }))
                .Append(" |\n");
        }

        return text.ToString();
    }

    public static string RepositoryRoot()
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
}
