namespace GridGovernance.Api.Problems;

/// <summary>
/// Problem <c>type</c> slugs the gateway itself produces (grains' outcomes carry their own slugs). Each becomes
/// <c>/problems/&lt;slug&gt;</c>; README lists them. A slug never changes once published.
/// </summary>
public static class ProblemTypes
{
    /// <summary>The request body or a parameter is malformed (JSON syntax, wrong type, out of range).</summary>
    public const string InvalidRequest = "invalid-request";

    /// <summary>The role lacks the capability the endpoint needs.</summary>
    public const string ForbiddenRole = "forbidden-role";

    /// <summary>The target is outside the caller's scope (cells, community, caseload) and no break-glass grant covers it.</summary>
    public const string OutOfScope = "out-of-scope";

    /// <summary>No such resource.</summary>
    public const string NotFound = "not-found";

    /// <summary>The body is larger than the endpoint accepts.</summary>
    public const string PayloadTooLarge = "payload-too-large";

    /// <summary>The per-user rate limit is used up; retry after <c>Retry-After</c> seconds.</summary>
    public const string RateLimited = "rate-limited";

    /// <summary>A token is missing, expired or not ours.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>The cluster or database is unreachable for now; safe to retry.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>The path is relative so the type resolves against the gateway that answered.</summary>
    public static string Uri(string slug) => "/problems/" + slug;
}
