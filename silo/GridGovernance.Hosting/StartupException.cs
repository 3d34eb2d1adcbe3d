namespace GridGovernance.Hosting;

/// <summary>
/// A fault at start-up whose message already names the cause and the fix; hosts print it and exit non-zero.
/// </summary>
public sealed class StartupException : Exception
{
    public StartupException(string message)
        : base(message)
    {
    }

    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
