using System.Text.Json.Nodes;
using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Api.Tests.Matrix;
using GridGovernance.Hosting.Security;

namespace GridGovernance.Api.Tests;

/// <summary>
/// The role × endpoint × scope matrix (docs/SECURITY.md): every operation, as every role, on a target inside
/// the caller's scope and on one outside it, answers exactly as <see cref="GridGovernance.Api.Security.AccessPolicy"/>
/// says — 2xx when allowed; 403 problem with no data when not.
/// </summary>
public sealed class MatrixTests(ApiSystem api)
{
    private static readonly bool[] Scopes = [true, false];

    [Fact]
    public async Task EveryOperation_AsEveryRole_InAndOutOfScope_IsAllowedExactlyAsThePolicySays()
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        // One officer for the run: targets built for it are reused by rows that need a slow set-up (a case in pre-release).
        var officer = "officer-" + Guid.NewGuid().ToString("N")[..8];
        var cases = from row in MatrixRows.All from role in GridRoles.All from inScope in Scopes select (row, role, inScope);
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (c, _) =>
        {
            var target = c.inScope ? MatrixCallers.InScope(api, officer) : MatrixCallers.OutOfScope(api, officer + "-other");
            var request = await c.row.Build(target);
            var subject = c.row.OwnSubject && c.role != GridRoles.CorrectionOfficer ? MatrixCallers.OwnSubject(officer) : null;
            var response = await api.SendAsync(request.Method, request.Path, MatrixCallers.Token(api, c.role, officer, subject), request.Body);
            var allowed = MatrixCallers.Allowed(c.role, c.row, c.inScope);
            var ok = allowed
                ? response.Status is >= 200 and < 300
                : response.Status == 403 && response.ContentType == "application/problem+json";
            if (!ok)
            {
                failures.Add($"{c.row.Operation} as {c.role} {(c.inScope ? "in" : "out of")} scope: expected {(allowed ? "2xx" : "403")}, got {response}");
            }
        });

        Assert.True(failures.IsEmpty, string.Join("\n", failures.OrderBy(f => f, StringComparer.Ordinal)));
    }

    [Fact]
    public async Task EveryOperationInTheOpenApiDocument_HasAMatrixRow()
    {
        var document = await api.GetAsync("/openapi/v1.json", null);
        var operations = document.Json["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => op.Value!["operationId"]?.GetValue<string>() ?? $"{op.Key.ToUpperInvariant()} {path.Key}"))
            .ToHashSet(StringComparer.Ordinal);
        var rows = MatrixRows.All.Select(r => r.Operation).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(operations.Except(rows).Order(StringComparer.Ordinal));
        Assert.Empty(rows.Except(operations).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EveryOperation_WithoutAToken_Is401_AndTheDocumentDeclaresTheBearerScheme()
    {
        var document = (await api.GetAsync("/openapi/v1.json", null)).Json;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(MatrixRows.All, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (row, _) =>
        {
            var request = await row.Build(MatrixCallers.InScope(api, "officer-" + Guid.NewGuid().ToString("N")[..8]));
            var response = await api.SendAsync(request.Method, request.Path, null, request.Body);
            if (response.Status != 401 || response.ProblemType != "/problems/unauthorized")
            {
                failures.Add($"{row.Operation} without a token: {response}");
            }
        });

        Assert.True(failures.IsEmpty, string.Join("\n", failures));
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>());
        Assert.NotEmpty(document["security"]!.AsArray());
        var exempt = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(op => op.Value!["security"] is JsonArray { Count: 0 }).Select(op => $"{op.Key} {path.Key}"));
        Assert.Empty(exempt);
    }
}
