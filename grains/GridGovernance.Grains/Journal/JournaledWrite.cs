namespace GridGovernance.Grains.Journal;

/// <summary>The one way grains here make a change durable.</summary>
internal static class JournaledWrite
{
    /// <summary>
    /// Writes state and outbox in one statement (deploy/sql/0004), then empties the outbox. A failure
    /// propagates; the silo's DeactivateOnFailureFilter then drops the activation, so the next call starts
    /// from what is stored rather than from memory that is ahead.
    /// </summary>
    public static async Task CommitAsync<T>(this IPersistentState<T> state, CancellationToken cancellationToken)
        where T : JournaledState
    {
        await state.WriteStateAsync(cancellationToken);
        state.State.Outbox.Clear();
    }
}
