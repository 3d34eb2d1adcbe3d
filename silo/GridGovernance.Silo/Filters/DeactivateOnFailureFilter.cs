using GridGovernance.Grains;

namespace GridGovernance.Silo.Filters;

/// <summary>
/// When a call to one of our grains throws, the activation is dropped: the grain may have changed its memory
/// before a call to another grain or to storage failed, and the next call must start from what is stored,
/// not from memory that is ahead of it. Expected failures are <c>Outcome</c> values and do not throw.
/// </summary>
/// <remarks>
/// The deactivation reason carries no exception, on purpose: Orleans rejects the calls queued behind a
/// deactivating activation with the reason's exception when there is one (ActivationData: "DeactivationException is
/// null → reroute, else reject"), so every caller waiting on the grain would get the failed call's error (a read, or
/// another worker's command, answered with someone else's 400). Without it they are forwarded to a fresh activation,
/// which reads the stored state. The exception goes to the caller that caused it, and to the log.
/// </remarks>
public sealed partial class DeactivateOnFailureFilter(ILogger<DeactivateOnFailureFilter> logger) : IIncomingGrainCallFilter
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
            LogCallFailed(logger, ex, context.TargetId.ToString(), context.ImplementationMethod.Name);
            context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "a call failed; start again from stored state"));
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A call to {Grain} ({Method}) failed; the activation is dropped and the next call starts from stored state.")]
    private static partial void LogCallFailed(ILogger logger, Exception exception, string grain, string method);
}
