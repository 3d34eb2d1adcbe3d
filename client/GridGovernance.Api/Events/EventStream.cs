namespace GridGovernance.Api.Events;

/// <summary>The journal tail behind <c>GET /api/v1/events</c> (filled in by the events feature).</summary>
public static class EventStreamExtensions
{
    /// <summary>Registers the journal tail.</summary>
    public static IServiceCollection AddEventStream(this IServiceCollection services) => services;
}
