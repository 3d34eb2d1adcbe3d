using System.ComponentModel.DataAnnotations;

namespace GridGovernance.Api.Events;

/// <summary>Settings of the live event stream, bound from <c>GridGovernance:Events</c>.</summary>
public sealed class EventStreamOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "GridGovernance:Events";

    /// <summary>How often the gateway's one journal tail polls PostgreSQL.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a quiet stream waits before it sends a comment, so proxies and clients keep it open.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a stream re-reads its caller's caseload and break-glass grants.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ScopeRefreshInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long alert events of a community are gathered before one <c>community-changed</c> with its counts.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan CommunityCoalesceDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Events buffered per stream; a client that falls this far behind is disconnected (it resumes with Last-Event-ID).</summary>
    [Range(16, 1_000_000)]
    public int StreamBuffer { get; set; } = 1000;

    /// <summary>Rows per journal query (tail polls and replays page by this).</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Open streams one user (token subject) may hold at once; one more is refused with 429.</summary>
    [Range(1, 1000)]
    public int MaxStreamsPerUser { get; set; } = 4;

    /// <summary>Stream connections one user may open per minute (reconnect storms); beyond, 429.</summary>
    [Range(1, 100_000)]
    public int ConnectsPerMinute { get; set; } = 60;

    /// <summary>Open streams this gateway serves at once; beyond, 503.</summary>
    [Range(1, 1_000_000)]
    public int MaxStreams { get; set; } = 10_000;
}
