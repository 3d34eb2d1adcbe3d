using GridGovernance.Hosting.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GridGovernance.Silo.Health;

/// <summary>Ready when this silo is an active member of the cluster.</summary>
public sealed class SiloActiveHealthCheck(ISiloStatusOracle oracle) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = oracle.CurrentStatus;
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"silo {oracle.SiloName} is active")
            : new HealthCheckResult(context.Registration.FailureStatus, $"silo {oracle.SiloName} is {status}"));
    }

    /// <summary>Name of the check in <c>/readyz</c>.</summary>
    public const string Name = "silo";

    /// <summary>Tags: part of readiness.</summary>
    public static readonly string[] Tags = [GridHealthExtensions.ReadyTag];
}
