using GridGovernance.Contracts.Common;

namespace GridGovernance.Contracts.Supervision;

/// <summary>
/// A correction officer's caseload (keyed by the officer's token subject): the people assigned to them. The
/// person's grain is the source of truth for its officer and keeps this index in step; the gateway reads it
/// to scope an officer's requests.
/// </summary>
[Alias("gg.caseload")]
public interface ICaseloadGrain : IGrainWithStringKey
{
    /// <summary>Adds (true) or removes (false) a person; idempotent. Called by the person's grain.</summary>
    [Alias("set")]
    ValueTask SetAsync(PersonId person, bool assigned, CancellationToken cancellationToken = default);

    /// <summary>Whether the person is on this caseload. Interleaves: a read from memory.</summary>
    [AlwaysInterleave]
    [Alias("contains")]
    ValueTask<bool> ContainsAsync(PersonId person, CancellationToken cancellationToken = default);

    /// <summary>The people on this caseload. Interleaves: a read from memory.</summary>
    [AlwaysInterleave]
    [Alias("people")]
    ValueTask<IReadOnlyList<PersonId>> GetPeopleAsync(CancellationToken cancellationToken = default);
}
