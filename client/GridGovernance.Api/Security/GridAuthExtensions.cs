using GridGovernance.Hosting.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace GridGovernance.Api.Security;

/// <summary>Policies, named after capabilities and applied per endpoint group.</summary>
public static class Policies
{
    /// <summary>District and community counts (no personal data): any role.</summary>
    public const string ReadOverview = "read-overview";
}

/// <summary>JWT bearer authentication and the capability policies.</summary>
public static class GridAuthExtensions
{
    /// <summary>
    /// Validates bearer tokens from the configured issuer (an OIDC authority, or the local key that
    /// <c>gridgov token</c> signs with); claim names stay as in the token (<c>sub</c>, <c>role</c>).
    /// </summary>
    public static WebApplicationBuilder AddGridAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GridAuthOptions>().BindConfiguration(GridAuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<GridAuthOptions>>((jwt, auth) =>
        {
            var o = auth.Value;
            jwt.MapInboundClaims = false;
            if (!string.IsNullOrWhiteSpace(o.Authority))
            {
                jwt.Authority = o.Authority;
            }

            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = o.Issuer,
                ValidAudience = o.Audience,
                IssuerSigningKey = string.IsNullOrWhiteSpace(o.SigningKey) ? null : LocalTokens.TryKey(o.SigningKey),
                ValidateIssuerSigningKey = true,
                NameClaimType = GridClaims.Subject,
                RoleClaimType = GridClaims.Role,
                ClockSkew = TimeSpan.FromMinutes(1),
            };
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.ReadOverview, p => p.RequireAuthenticatedUser().RequireRole(GridRoles.All));
        return builder;
    }
}
