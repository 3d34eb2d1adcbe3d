using GridGovernance.Grains;

namespace GridGovernance.Persistence.Tests.Grains;

/// <summary>A grain whose state is one string; two classes below share the state name on purpose.</summary>
[Alias("gg.test.twin")]
public interface ITwinGrain : IGrainWithStringKey
{
    [Alias("set")]
    ValueTask SetAsync(string value);

    [Alias("get")]
    ValueTask<string?> GetAsync();
}

[GenerateSerializer, Alias("gg.test.twin-state")]
public sealed class TwinState
{
    [Id(0)] public string? Value { get; set; }
}

public abstract class TwinGrainBase(IPersistentState<TwinState> state) : Grain, ITwinGrain
{
    public async ValueTask SetAsync(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public ValueTask<string?> GetAsync() => ValueTask.FromResult(state.State.Value);
}

/// <summary>Same state name as <see cref="TwinBGrain"/>: upstream ADO.NET storage would give both one row.</summary>
[GrainType("test-twin-a")]
public sealed class TwinAGrain([PersistentState("twin", StorageNames.Grid)] IPersistentState<TwinState> state) : TwinGrainBase(state);

[GrainType("test-twin-b")]
public sealed class TwinBGrain([PersistentState("twin", StorageNames.Grid)] IPersistentState<TwinState> state) : TwinGrainBase(state);
