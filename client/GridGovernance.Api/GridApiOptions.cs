using System.ComponentModel.DataAnnotations;

namespace GridGovernance.Api;

/// <summary>The gateway's own settings, bound from <c>GridGovernance:Api</c>.</summary>
public sealed class GridApiOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "GridGovernance:Api";

    /// <summary>The district this gateway serves (its code), e.g. <c>SQ</c> for Shiqi.</summary>
    [Required, RegularExpression("^[A-Z0-9][A-Z0-9-]{0,31}$")]
    public string District { get; set; } = "SQ";

    /// <summary>Per-user rate limit: requests a user (the token's <c>sub</c>; the remote address when anonymous) may make per window.</summary>
    [Range(1, 100_000)]
    public int RequestsPerWindow { get; set; } = 600;

    /// <summary>Default largest request body (1 MiB); endpoints that need more (the grid import) say so themselves.</summary>
    public const long DefaultMaxBodyBytes = 1L << 20;

    /// <summary>Largest request body in bytes for endpoints that do not set their own; over it the answer is 413.</summary>
    [Range(1024L, 1L << 30)]
    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>The rate limit's window.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(1);
}
