using GridGovernance.Benchmarks.Infrastructure;

namespace GridGovernance.Benchmarks.Scenarios;

/// <summary>One benchmark of issue #7: it prints its figure beside its goal or a ceiling measured in the same run.</summary>
internal interface IScenario
{
    /// <summary>The <c>--scenario</c> name: p1 … p6.</summary>
    string Name { get; }

    /// <summary>Runs and prints a markdown table; false when it failed or made no progress (never because of a time).</summary>
    Task<bool> RunAsync(BenchSystem system);
}
