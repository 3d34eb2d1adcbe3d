namespace GridGovernance.Failover.Tests.Infrastructure;

/// <summary>
/// The failover tests run one at a time: each starts several processes and bounds how long recovery takes, which a
/// second cluster competing for the same cores would distort.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OneAtATime
{
    public const string Name = "one failover at a time";
}
