namespace GridGovernance.Persistence.Tests.Infrastructure;

/// <summary>
/// Tests that start real host processes run one at a time: on a 2-core machine several clusters at once
/// starve each other's failure detectors, and free-port picking cannot race.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RealProcesses
{
    public const string Name = "real processes";
}
