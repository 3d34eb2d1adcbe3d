using System.ComponentModel.DataAnnotations;
using System.Globalization;
using GridGovernance.Hosting.Security;
using Orleans.Dashboard;

namespace GridGovernance.Silo.Operations;

/// <summary>
/// The Orleans dashboard on the silo (<c>GridGovernance:Dashboard</c>), off by default. It shows every grain type, silo
/// and call rate, so it is for operators only: a bearer token with the <c>operator</c> role, validated as the gateway
/// validates its tokens (<see cref="GridAuthOptions"/>, the same issuer or key).
/// </summary>
public sealed class GridDashboardOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "GridGovernance:Dashboard";

    /// <summary>Run the dashboard. Turn it on for every silo of a cluster or none (each silo collects its own figures).</summary>
    public bool Enabled { get; set; }

    /// <summary>Where it is served.</summary>
    public string Path { get; set; } = "/dashboard";

    /// <summary>When set, the dashboard answers only requests that arrive on this local port (a management port).</summary>
    [Range(1, 65535)]
    public int? Port { get; set; }
}

/// <summary>Operations on the silo: Kubernetes hosting and the operators' dashboard, each switched on by configuration.</summary>
public static class GridOperationsExtensions
{
    /// <summary>Set to true when the silo runs in a Kubernetes pod (deploy/k8s); local runs leave it off.</summary>
    public const string KubernetesKey = "GridGovernance:Hosting:Kubernetes";

    /// <summary>The dashboard's authorization policy: an authenticated operator.</summary>
    public const string OperatorPolicy = "operator";

    /// <summary>Token validation and the operator policy, when the dashboard is on.</summary>
    public static WebApplicationBuilder AddGridDashboard(this WebApplicationBuilder builder)
    {
        if (Dashboard(builder.Configuration).Enabled)
        {
            builder.Services.AddGridBearer();
            builder.Services.AddAuthorizationBuilder()
                .AddPolicy(OperatorPolicy, p => p.RequireAuthenticatedUser().RequireRole(GridRoles.Operator));
        }

        return builder;
    }

    /// <summary>
    /// Kubernetes hosting (pod name, namespace and IP from the environment the manifests set; the silo watches the
    /// cluster's pods and declares a silo dead when its pod is gone) and the dashboard's grains, each when configured.
    /// </summary>
    public static ISiloBuilder UseGridOperations(this ISiloBuilder silo, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>(KubernetesKey))
        {
            silo.UseKubernetesHosting();
        }

        if (Dashboard(configuration).Enabled)
        {
            // No live log view: logs may carry keys of people at Debug.
            silo.AddDashboard(o => o.HideTrace = true);
        }

        return silo;
    }

    /// <summary>Maps the dashboard behind the operator policy (and its port, if one is set).</summary>
    public static WebApplication MapGridDashboard(this WebApplication app)
    {
        var options = Dashboard(app.Configuration);
        if (!options.Enabled)
        {
            return app;
        }

        app.UseAuthentication();
        app.UseAuthorization();
        var endpoint = app.MapOrleansDashboard(options.Path).RequireAuthorization(OperatorPolicy);
        if (options.Port is { } port)
        {
            endpoint.RequireHost("*:" + port.ToString(CultureInfo.InvariantCulture));
        }

        return app;
    }

    private static GridDashboardOptions Dashboard(IConfiguration configuration) =>
        configuration.GetSection(GridDashboardOptions.Section).Get<GridDashboardOptions>() ?? new();
}
