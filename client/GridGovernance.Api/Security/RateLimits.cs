using System.Globalization;
using System.Threading.RateLimiting;
using GridGovernance.Hosting.Security;
using Microsoft.Extensions.Options;

namespace GridGovernance.Api.Security;

/// <summary>Per-user rate limits (a token bucket partitioned by the token's subject, or the remote address when anonymous).</summary>
public static class RateLimits
{
    /// <summary>The policy every API group uses.</summary>
    public const string PerUser = "per-user";

    /// <summary>Registers the limiter; a rejected request gets 429, <c>Retry-After</c> and a problem body.</summary>
    public static WebApplicationBuilder AddGridRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(PerUser, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<GridApiOptions>>().Value;
                var user = context.User.FindFirst(GridClaims.Subject)?.Value is { } subject ? "sub:" + subject : "ip:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(user, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.RequestsPerWindow,
                    TokensPerPeriod = options.RequestsPerWindow,
                    ReplenishmentPeriod = options.RateWindow,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Type = "/problems/rate-limited",
                        Title = "Too many requests",
                        Detail = "This user made too many requests; retry after the number of seconds in Retry-After.",
                    },
                });
            };
        });
        return builder;
    }
}
