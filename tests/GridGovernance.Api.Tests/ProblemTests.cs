using GridGovernance.Api.Tests.Infrastructure;

namespace GridGovernance.Api.Tests;

/// <summary>Errors the framework produces are problems with our stable types, never bare status codes.</summary>
public sealed class ProblemTests(ApiSystem api)
{
    [Fact]
    public async Task UnknownRoute_Is404Problem()
    {
        var response = await api.GetAsync("/api/v1/no-such-thing", ApiSystem.Token("operator"));

        Assert.Equal((404, "/problems/not-found"), (response.Status, response.ProblemType));
    }

    [Fact]
    public async Task NoToken_Is401Problem_WithAStableType()
    {
        var response = await api.GetAsync("/api/v1/overview", null);

        Assert.Equal((401, "/problems/unauthorized"), (response.Status, response.ProblemType));
    }

    [Fact]
    public async Task WrongMethod_Is405Problem()
    {
        var response = await api.SendAsync(HttpMethod.Delete, "/api/v1/overview", ApiSystem.Token("operator"));

        Assert.Equal((405, "/problems/method-not-allowed"), (response.Status, response.ProblemType));
    }

    [Fact]
    public async Task Problems_CarryATraceId_AndNoInternals()
    {
        var response = await api.GetAsync("/api/v1/no-such-thing", ApiSystem.Token("operator"));

        Assert.False(string.IsNullOrEmpty(response.Json["traceId"]?.GetValue<string>()));
        Assert.DoesNotContain("Exception", response.Body, StringComparison.Ordinal);
    }
}
