using GridGovernance.Contracts.Operations;

namespace GridGovernance.Contracts;

/// <summary>
/// The one place grain keys are built, so key formats never spread. String keys carry a non-hex prefix.
/// </summary>
public static class GrainFactoryExtensions
{
    /// <summary>The probe named <paramref name="name"/>.</summary>
    public static IProbeGrain Probe(this IGrainFactory grains, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return grains.GetGrain<IProbeGrain>("probe:" + name);
    }
}
