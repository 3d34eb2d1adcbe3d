using GridGovernance.Grains;

namespace GridGovernance.Silo.Filters;

/// <summary>
/// When a call to one of our grains throws, the activation is dropped: the grain may have changed its memory
/// before a call to another grain or to storage failed, and the next call must start from what is stored,
/// not from memory that is ahead of it. Expected failures are <c>Outcome</c> values and do not throw.
/// </summary>
public sealed class DeactivateOnFailureFilter : IIncomingGrainCallFilter
{
    private static readonly System.Reflection.Assembly Ours = typeof(StorageNames).Assembly;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (context.Grain?.GetType().Assembly == Ours)
        {
            context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, ex, "a call failed; start again from stored state"));
            throw;
        }
    }
}
