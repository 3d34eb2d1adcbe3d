using System.Threading.RateLimiting;
using GridGovernance.Hosting.Security;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace GridGovernance.Api.Events;

/// <summary>The journal tail behind <c>GET /api/v1/events</c>, its settings and its rate limit.</summary>
public static class EventStreamExtensions
{
    /// <summary>
    /// Rate-limit policy of the stream endpoint: a concurrency limit of <see cref="EventStreamOptions.MaxStreamsPerUser"/>
    /// open streams per user, chained with a bucket of <see cref="EventStreamOptions.ConnectsPerMinute"/> connections.
    /// It replaces the per-request bucket, in which a stream would be one request however long it lasts.
    /// </summary>
    public const string RateLimitPolicy = "event-stream";

    /// <summary>Registers the options, the reader, the one journal tail (a hosted service) and the stream's rate limit.</summary>
    public static IServiceCollection AddEventStream(this IServiceCollection services)
    {
        services.AddOptions<EventStreamOptions>().BindConfiguration(EventStreamOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JournalReader>();
        services.AddSingleton<JournalTail>();
        services.AddHostedService(sp => sp.GetRequiredService<JournalTail>());
        services.AddSingleton<EventFeed>();
        services.Configure<RateLimiterOptions>(limiter => limiter.AddPolicy(RateLimitPolicy, context =>
        {
            var options = context.RequestServices.GetRequiredService<IOptions<EventStreamOptions>>().Value;
            var user = context.User.FindFirst(GridClaims.Subject)?.Value is { } subject ? "sub:" + subject : "ip:" + context.Connection.RemoteIpAddress;
            return RateLimitPartition.Get(user, _ => RateLimiter.CreateChained(
                new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = options.MaxStreamsPerUser, QueueLimit = 0 }),
                new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.ConnectsPerMinute,
                    TokensPerPeriod = options.ConnectsPerMinute,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })));
        }));
        return services;
    }
}
