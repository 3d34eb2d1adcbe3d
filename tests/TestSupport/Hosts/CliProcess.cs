using System.Diagnostics;

namespace GridGovernance.TestSupport.Hosts;

/// <summary>Runs the real <c>gridgov</c> CLI (built beside the tests) and captures what it prints.</summary>
public static class CliProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string connectionString, string clusterId, string serviceId, params string[] arguments)
    {
        var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var cli = Path.Combine(testDir.Parent!.Parent!.FullName, "GridGovernance.Cli", testDir.Name, "gridgov.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cli);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__grid"] = connectionString;
        start.Environment["Orleans__ClusterId"] = clusterId;
        start.Environment["Orleans__ServiceId"] = serviceId;
        start.Environment["GridGovernance__Auth__SigningKey"] = HostProcess.SigningKey;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
