namespace GridGovernance.Grains.Journal;

/// <summary>The one way grains here make a change durable.</summary>
internal static class JournaledWrite
{
    /// <summary>
    /// Writes state and outbox in one statement (deploy/sql/0004), then empties the outbox. On failure the
    /// activation is dropped, so the next call starts from what is stored rather than from memory that is ahead.
    /// </summary>
    public static async Task CommitAsync<T>(this IPersistentState<T> state, IGrainBase grain, CancellationToken cancellationToken)
        where T : JournaledState
    {
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            grain.DeactivateOnIdle();
            throw;
        }

        state.State.Outbox.Clear();
    }
}
