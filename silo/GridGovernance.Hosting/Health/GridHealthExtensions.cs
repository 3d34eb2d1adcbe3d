using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace GridGovernance.Hosting.Health;

/// <summary>
/// <c>/healthz</c>: the process is alive (touches nothing outside it). <c>/readyz</c>: every check tagged
/// <see cref="ReadyTag"/> passes, for example the database and the cluster.
/// </summary>
public static class GridHealthExtensions
{
    /// <summary>Tag of the checks that make up readiness.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Registers the liveness check and the PostgreSQL readiness check.</summary>
    public static IHealthChecksBuilder AddGridHealth(this IHostApplicationBuilder builder) =>
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy("process is running"))
            .AddNpgSql(
                sp => sp.GetRequiredService<NpgsqlDataSource>(),
                name: "postgres",
                failureStatus: HealthStatus.Unhealthy,
                tags: [ReadyTag],
                timeout: TimeSpan.FromSeconds(3));

    /// <summary>Maps <c>/healthz</c> and <c>/readyz</c>: anonymous, not in the API description.</summary>
    public static IEndpointRouteBuilder MapGridHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = check => check.Name == "self",
            ResponseWriter = WriteAsync,
        }).AllowAnonymous().ExcludeFromDescription();

        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteAsync,
        }).AllowAnonymous().ExcludeFromDescription();

        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description ?? e.Value.Exception?.Message }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonOptions, context.RequestAborted);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
