using GridGovernance.Hosting.Security;

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
    /// <summary>Bearer tokens (<see cref="GridBearerExtensions.AddGridBearer"/>) and the policies.</summary>
    public static WebApplicationBuilder AddGridAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddGridBearer();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.ReadOverview, p => p.RequireAuthenticatedUser().RequireRole(GridRoles.All));
        return builder;
    }
}
