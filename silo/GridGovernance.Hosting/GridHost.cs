using System.Net.Sockets;
using Microsoft.Extensions.Hosting;

namespace GridGovernance.Hosting;

/// <summary>
/// Runs a host and turns start-up faults into one line on stderr and a non-zero exit code, instead of a stack trace.
/// </summary>
public static class GridHost
{
    /// <summary>Exit code for a fault the operator can fix (configuration, database, ports).</summary>
    public const int StartupFailed = 2;

    /// <summary>Builds and runs; Ctrl-C and SIGTERM stop it gracefully through the generic host.</summary>
    public static async Task<int> RunAsync<THost>(string processName, Func<Task<THost>> build)
        where THost : IHost
    {
        try
        {
            using var host = await build();
            await host.RunAsync();
            return 0;
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or SIGTERM arrived while the host was still starting (say, waiting for a gateway).
            await Console.Error.WriteLineAsync($"{processName}: stopped before it finished starting");
            return 0;
        }
        catch (Exception ex) when (Explain(ex) is { } reason)
        {
            await Console.Error.WriteLineAsync($"{processName}: cannot start: {reason}");
            return StartupFailed;
        }
    }

    /// <summary>A sentence for the faults an operator can fix, or null for a bug (which keeps its stack trace).</summary>
    public static string? Explain(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case StartupException startup:
                    return startup.Message;
                case Database.MigrationException migration:
                    return migration.Message;
                case SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } socket:
                    return $"a port is already in use ({socket.Message}). Choose other ports in configuration.";
                case IOException io when io.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase):
                    return $"{io.Message}. Choose another port in configuration.";
                case Microsoft.Extensions.Options.OptionsValidationException options:
                    return $"invalid configuration: {options.Message}";
                default:
                    break;
            }
        }

        return null;
    }
}
