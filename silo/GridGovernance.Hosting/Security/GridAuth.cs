using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GridGovernance.Hosting.Security;

/// <summary>The roles of DESIGN.md §7; a token carries one in its <c>role</c> claim.</summary>
public static class GridRoles
{
    /// <summary>A grid worker: their own cells.</summary>
    public const string GridWorker = "grid-worker";

    /// <summary>A correction officer: their own caseload.</summary>
    public const string CorrectionOfficer = "correction-officer";

    /// <summary>A community administrator: their own community.</summary>
    public const string CommunityAdmin = "community-admin";

    /// <summary>The command centre: the whole district, no personal detail by default.</summary>
    public const string CommandCentre = "command-centre";

    /// <summary>An auditor: reads the audit trail.</summary>
    public const string Auditor = "auditor";

    /// <summary>An operator: runs the system.</summary>
    public const string Operator = "operator";

    /// <summary>Every role.</summary>
    public static IReadOnlyList<string> All { get; } = [GridWorker, CorrectionOfficer, CommunityAdmin, CommandCentre, Auditor, Operator];
}

/// <summary>Claim names our tokens use (short JWT names, not the long WS-* URIs).</summary>
public static class GridClaims
{
    /// <summary>The user's role (one of <see cref="GridRoles"/>).</summary>
    public const string Role = "role";

    /// <summary>The user's id (the JWT subject).</summary>
    public const string Subject = "sub";

    /// <summary>A grid worker's cells, space-separated.</summary>
    public const string Cells = "gg_cells";

    /// <summary>A community administrator's community.</summary>
    public const string Community = "gg_community";
}

/// <summary>
/// Token settings of the gateway (<c>GridGovernance:Auth</c>). Production names an OIDC issuer
/// (<see cref="Authority"/>); the local run and tests sign with a symmetric key (<see cref="SigningKey"/>) that
/// <c>gridgov token</c> also uses. The key comes from the environment or a secret store, never from git.
/// </summary>
public sealed class GridAuthOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "GridGovernance:Auth";

    /// <summary>The <c>iss</c> tokens must carry (for a local key) or the OIDC authority's issuer.</summary>
    [Required] public string Issuer { get; set; } = "gridgov-local";

    /// <summary>The <c>aud</c> tokens must carry.</summary>
    [Required] public string Audience { get; set; } = "gridgov";

    /// <summary>A base64 HS256 key of at least 32 bytes, for local tokens.</summary>
    public string? SigningKey { get; set; }

    /// <summary>An OIDC issuer URL whose metadata and keys validate tokens (production).</summary>
    public string? Authority { get; set; }

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(SigningKey) && string.IsNullOrWhiteSpace(Authority))
        {
            yield return new ValidationResult(
                "set GridGovernance:Auth:SigningKey (base64, at least 32 bytes; `bash deploy/local/run.sh` makes one) or GridGovernance:Auth:Authority (an OIDC issuer)",
                [nameof(SigningKey)]);
        }
        else if (!string.IsNullOrWhiteSpace(SigningKey) && LocalTokens.TryKey(SigningKey) is null)
        {
            yield return new ValidationResult("GridGovernance:Auth:SigningKey must be base64 of at least 32 bytes", [nameof(SigningKey)]);
        }
    }
}

/// <summary>Mints and reads local HS256 tokens (the demo, tests and <c>gridgov token</c>).</summary>
public static class LocalTokens
{
    /// <summary>The symmetric key of a base64 text of at least 32 bytes, or null.</summary>
    public static SymmetricSecurityKey? TryKey(string base64)
    {
        try
        {
            var bytes = Convert.FromBase64String(base64.Trim());
            return bytes.Length >= 32 ? new SymmetricSecurityKey(bytes) { KeyId = "local" } : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A new random key, base64.</summary>
    public static string NewKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Mints a token for <paramref name="subject"/> in <paramref name="role"/> with its scope claims.</summary>
    public static string Mint(GridAuthOptions options, string subject, string role, IReadOnlyCollection<string> cells, string? community, TimeSpan lifetime, DateTimeOffset now)
    {
        var key = TryKey(options.SigningKey ?? "") ?? throw new InvalidOperationException("GridGovernance:Auth:SigningKey is missing or shorter than 32 bytes.");
        var claims = new Dictionary<string, object> { [GridClaims.Role] = role };
        if (cells.Count > 0)
        {
            claims[GridClaims.Cells] = string.Join(' ', cells);
        }

        if (community is not null)
        {
            claims[GridClaims.Community] = community;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity([new Claim(GridClaims.Subject, subject)]),
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
