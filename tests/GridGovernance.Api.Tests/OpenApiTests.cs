using GridGovernance.Api.Tests.Infrastructure;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace GridGovernance.Api.Tests;

/// <summary>The OpenAPI document: public, OpenAPI 3.1, free of errors, every operation named and summarised.</summary>
public sealed class OpenApiTests(ApiSystem api)
{
    [Fact]
    public async Task Document_IsOpenApi31_ParsesAndValidatesWithoutErrors()
    {
        var response = await api.GetAsync("/openapi/v1.json", null);

        Assert.Equal(200, response.Status);
        Assert.StartsWith("3.1", response.Json["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var (document, diagnostic) = OpenApiDocument.Parse(response.Body, "json", new OpenApiReaderSettings());
        Assert.NotNull(document);
        Assert.Empty(diagnostic?.Errors ?? []);
        var errors = document.Validate(Microsoft.OpenApi.ValidationRuleSet.GetDefaultRuleSet()) ?? [];
        Assert.Empty(errors.Select(e => $"{e.Pointer}: {e.Message}"));
    }

    [Fact]
    public async Task EveryOperation_HasAUniqueNameAndASummary()
    {
        var paths = (await api.GetAsync("/openapi/v1.json", null)).Json["paths"]!.AsObject();
        var operations = paths.SelectMany(p => p.Value!.AsObject().Select(op => (Where: $"{op.Key} {p.Key}", Id: op.Value!["operationId"]?.GetValue<string>(), Summary: op.Value!["summary"]?.GetValue<string>()))).ToList();

        Assert.All(operations, op => Assert.False(string.IsNullOrWhiteSpace(op.Id), op.Where + " has no operationId"));
        Assert.All(operations, op => Assert.False(string.IsNullOrWhiteSpace(op.Summary), op.Where + " has no summary"));
        Assert.Equal(operations.Count, operations.Select(op => op.Id).Distinct(StringComparer.Ordinal).Count());
    }
}
