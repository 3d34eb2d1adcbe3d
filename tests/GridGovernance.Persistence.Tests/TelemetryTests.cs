using System.Text.RegularExpressions;
using GridGovernance.Persistence.Tests.Infrastructure;

namespace GridGovernance.Persistence.Tests;

/// <summary>One request, one trace: the gateway's HTTP span, the grain call on the silo, and the SQL it ran share a trace id.</summary>
[Collection(RealProcesses.Name)]
public sealed partial class TelemetryTests(PostgresServer postgres)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ARequest_FlowsHttpToGrainToSql_UnderOneTraceId()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var clusterId = "c-" + Guid.NewGuid().ToString("N")[..8];
        var console = new Dictionary<string, string> { ["GridGovernance__Telemetry__ConsoleTraces"] = "true", ["Logging__LogLevel__Default"] = "Warning" };
        await using var silo = HostProcess.StartSilo("silo", connectionString, clusterId, "svc", console);
        await silo.WaitReadyAsync(StartTimeout);
        await using var gateway = HostProcess.StartGateway("gateway", connectionString, clusterId, "svc", console);
        await gateway.WaitReadyAsync(StartTimeout);

        var response = await gateway.GetResponseAsync("/api/v1/overview", HostProcess.Token("command-centre"));
        Assert.Equal(200, response.Status);

        var traceId = await Eventually.ReturnsAsync(() => Task.FromResult(Spans(gateway.Output).FirstOrDefault(s => s.Source == "Microsoft.AspNetCore" && s.Name.Contains("/api/v1/overview", StringComparison.Ordinal)).TraceId),
            id => id is not null, TimeSpan.FromSeconds(20), "the gateway's HTTP span");
        var onSilo = await Eventually.ReturnsAsync(() => Task.FromResult(Spans(silo.Output).Where(s => s.TraceId == traceId).ToList()),
            spans => spans.Any(s => s.Source == "Npgsql"), TimeSpan.FromSeconds(20), "the silo's spans of that trace, down to SQL:\n" + string.Join("\n", Spans(silo.Output).Take(40)));

        Assert.Contains(onSilo, s => s.Source.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
        Assert.Contains(Spans(gateway.Output), s => s.TraceId == traceId && s.Source.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
    }

    /// <summary>The spans the console exporter printed: trace id, source and display name of each.</summary>
    private static List<(string? TraceId, string Source, string Name)> Spans(string output) =>
        Span().Matches(output).Select(m => ((string?)m.Groups["trace"].Value, m.Groups["source"].Value, m.Groups["name"].Value)).ToList();

    [GeneratedRegex(@"Activity\.TraceId:\s+(?<trace>[0-9a-f]{32}).*?Activity\.DisplayName:\s+(?<name>[^\r\n]*).*?Instrumentation scope \(ActivitySource\):\s+Name:\s+(?<source>\S+)", RegexOptions.Singleline)]
    private static partial Regex Span();
}
