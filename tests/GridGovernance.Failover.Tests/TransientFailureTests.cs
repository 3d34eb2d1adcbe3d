using GridGovernance.Api.Problems;
using Npgsql;

namespace GridGovernance.Failover.Tests;

/// <summary>Which failures the gateway answers with a retryable 503 (the rest are 500s): the whole exception chain counts.</summary>
public sealed class TransientFailureTests
{
    [Theory]
    [InlineData("database unreachable, wrapped by Orleans' storage bridge", true)]
    [InlineData("database shutting down (57P01)", true)]
    [InlineData("database starting up (57P03)", true)]
    [InlineData("a silo gone", true)]
    [InlineData("a timeout, wrapped twice", true)]
    [InlineData("a violated constraint (23505)", false)]
    [InlineData("a bug", false)]
    public void IsTransient_LooksThroughTheChain(string failure, bool transient) =>
        Assert.True(ProblemHandling.IsTransient(Failure(failure)) == transient, $"{failure}: expected transient = {transient}");

    private static Exception Failure(string failure) => failure switch
    {
        "database unreachable, wrapped by Orleans' storage bridge" => Storage(new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111))),
        "database shutting down (57P01)" => Storage(Postgres("57P01")),
        "database starting up (57P03)" => Storage(Postgres("57P03")),
        "a silo gone" => new SiloUnavailableException(),
        "a timeout, wrapped twice" => new InvalidOperationException("outer", Storage(new TimeoutException())),
        "a violated constraint (23505)" => Storage(Postgres("23505")),
        "a bug" => Storage(new InvalidOperationException("a bug")),
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, null),
    };

    /// <summary>As Orleans' storage bridge wraps a provider's failure.</summary>
    private static OrleansException Storage(Exception inner) => new("Error from storage provider", inner);

    private static PostgresException Postgres(string sqlState) => new("message", "FATAL", "FATAL", sqlState);
}
