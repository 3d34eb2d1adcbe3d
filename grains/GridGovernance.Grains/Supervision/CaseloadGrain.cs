using System.Collections.Frozen;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Supervision;

namespace GridGovernance.Grains.Supervision;

/// <summary>State of a <see cref="CaseloadGrain"/>: the people on the caseload.</summary>
[GenerateSerializer, Alias("gg.caseload-state")]
public sealed class CaseloadState
{
    [Id(0)] public List<Guid> People { get; set; } = [];
}

/// <inheritdoc cref="ICaseloadGrain"/>
/// <remarks>
/// An index kept by the people's grains (each person is the source of truth for its officer). Reads interleave and
/// answer from a snapshot taken after the last successful write, so an addition is never visible before it is
/// durable. It calls no grain, so it cannot be part of a call cycle.
/// </remarks>
[GrainType("caseload")]
public sealed class CaseloadGrain([PersistentState("caseload", StorageNames.Grid)] IPersistentState<CaseloadState> state) : Grain, ICaseloadGrain
{
    private FrozenSet<Guid> _committed = FrozenSet<Guid>.Empty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _committed = state.State.People.ToFrozenSet();
        return Task.CompletedTask;
    }

    public async ValueTask SetAsync(PersonId person, bool assigned, CancellationToken cancellationToken = default)
    {
        if (_committed.Contains(person.Value) == assigned)
        {
            return;
        }

        List<Guid> people = assigned ? [.. _committed, person.Value] : [.. _committed.Where(p => p != person.Value)];
        people.Sort();
        state.State.People = people;
        await state.WriteStateAsync(cancellationToken);
        _committed = people.ToFrozenSet();
    }

    public ValueTask<bool> ContainsAsync(PersonId person, CancellationToken cancellationToken = default) => ValueTask.FromResult(_committed.Contains(person.Value));

    public ValueTask<IReadOnlyList<PersonId>> GetPeopleAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<PersonId>>([.. _committed.Order().Select(p => new PersonId(p))]);
}
