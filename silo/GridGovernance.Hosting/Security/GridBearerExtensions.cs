using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace GridGovernance.Hosting.Security;

/// <summary>Bearer-token validation shared by the gateway (every API call) and the silo (its operator pages).</summary>
public static class GridBearerExtensions
{
    /// <summary>
    /// Validates bearer tokens from the configured issuer (an OIDC authority, or the local key that
    /// <c>gridgov token</c> signs with), settings from <see cref="GridAuthOptions"/> validated at start; claim names stay
    /// as in the token (<c>sub</c>, <c>role</c>), so role checks read <see cref="GridClaims.Role"/>.
    /// </summary>
    public static IServiceCollection AddGridBearer(this IServiceCollection services)
    {
        services.AddOptions<GridAuthOptions>().BindConfiguration(GridAuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<GridAuthOptions>>((jwt, auth) =>
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
        return services;
    }
}
