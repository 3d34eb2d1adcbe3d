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
}
