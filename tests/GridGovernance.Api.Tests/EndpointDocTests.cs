using System.Text;
using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Api.Tests.Matrix;

namespace GridGovernance.Api.Tests;

/// <summary>docs/SECURITY.md lists every operation of the OpenAPI document with the capability the matrix proves it needs.</summary>
public sealed class EndpointDocTests(ApiSystem api)
{
    [Fact]
    public async Task SecurityDoc_EndpointTable_ListsEveryOperationWithItsCapability()
    {
        var paths = (await api.GetAsync("/openapi/v1.json", null)).Json["paths"]!.AsObject();
        var capabilities = MatrixRows.All.ToDictionary(r => r.Operation, r => r.Capability.ToString(), StringComparer.Ordinal);
        var rows = paths
            .SelectMany(p => p.Value!.AsObject().Select(op => (Path: p.Key, Method: op.Key.ToUpperInvariant(), Id: op.Value!["operationId"]!.GetValue<string>())))
            .OrderBy(r => r.Path, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .Select(r => $"| `{r.Method} {r.Path}` | `{r.Id}` | `{capabilities.GetValueOrDefault(r.Id, "?")}` |");
        var expected = new StringBuilder("| endpoint | operation | capability |\n|---|---|---|\n").AppendJoin('\n', rows).Append('\n').ToString();

        var doc = await File.ReadAllTextAsync(Path.Combine(SecurityDocTests.RepositoryRoot(), "docs", "SECURITY.md"));
        Assert.True(doc.Contains(expected, StringComparison.Ordinal), "docs/SECURITY.md must contain this table exactly:\n" + expected);
    }
}
