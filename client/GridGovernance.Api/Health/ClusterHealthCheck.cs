using GridGovernance.Hosting.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GridGovernance.Api.Health;

/// <summary>
/// Ready when a round trip through a gateway to the cluster succeeds and at least one silo is active.
/// </summary>
public sealed class ClusterHealthCheck(IClusterClient client) : IHealthCheck
{
    /// <summary>Name of the check in <c>/readyz</c>.</summary>
    public const string Name = "cluster";

    /// <summary>Tags: part of readiness.</summary>
    public static readonly string[] Tags = [GridHealthExtensions.ReadyTag];

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken).WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            return hosts.Count > 0
                ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)")
                : new HealthCheckResult(context.Registration.FailureStatus, "no active silo");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "cluster unreachable: " + ex.Message);
        }
    }
}
