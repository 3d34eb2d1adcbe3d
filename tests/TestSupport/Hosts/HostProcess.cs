using System.Diagnostics;
using System.Text;

namespace GridGovernance.TestSupport.Hosts;

/// <summary>
/// A real host executable (the silo or the gateway) in a child process, configured only through
/// environment variables as an operator would, so that it can be killed without warning (SIGKILL).
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process, string name, int siloPort, int gatewayPort, int httpPort)
    {
        _process = process;
        Name = name;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        HttpPort = httpPort;
    }

    public string Name { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int HttpPort { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The operating-system process id.</summary>
    public int ProcessId => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the process wrote so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a silo; <paramref name="extra"/> adds or overrides environment variables.</summary>
    public static HostProcess StartSilo(string name, string connectionString, string clusterId, string serviceId, IReadOnlyDictionary<string, string>? extra = null)
    {
        var siloPort = PostgresServer.FreePort();
        var gatewayPort = PostgresServer.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["Orleans__Name"] = name,
            ["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1",
            ["GridGovernance__Protection__Keys__k1"] = ProtectionKeys["GridGovernance__Protection__Keys__k1"],
            ["GridGovernance__Protection__ActiveKey"] = ProtectionKeys["GridGovernance__Protection__ActiveKey"],
            ["GridGovernance__Protection__IndexKey"] = ProtectionKeys["GridGovernance__Protection__IndexKey"],
            ["Orleans__Endpoints__SiloPort"] = Text(siloPort),
            ["Orleans__Endpoints__GatewayPort"] = Text(gatewayPort),
            // Faster failure detection than the defaults, still tolerant of a busy 2-core machine.
            ["Orleans__Membership__ProbeTimeout"] = "00:00:02",
            ["Orleans__Membership__NumMissedProbesLimit"] = "2",
        };
        return Start("GridGovernance.Silo", name, connectionString, clusterId, serviceId, environment, extra, siloPort, gatewayPort);
    }

    /// <summary>Starts an API gateway; <paramref name="extra"/> adds or overrides environment variables.</summary>
    public static HostProcess StartGateway(string name, string connectionString, string clusterId, string serviceId, IReadOnlyDictionary<string, string>? extra = null) =>
        Start("GridGovernance.Api", name, connectionString, clusterId, serviceId, new() { ["GridGovernance__Auth__SigningKey"] = SigningKey }, extra, 0, 0);

    /// <summary>The personal-data keys every silo of this test run uses (made per run, like run.sh's), as environment.</summary>
    public static IReadOnlyDictionary<string, string> ProtectionKeys { get; } = new Dictionary<string, string>
    {
        ["GridGovernance__Protection__Keys__k1"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        ["GridGovernance__Protection__ActiveKey"] = "k1",
        ["GridGovernance__Protection__IndexKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
    };

    /// <summary>The signing key every gateway of this test run trusts (made per run, like run.sh's).</summary>
    public static string SigningKey { get; } = GridGovernance.Hosting.Security.LocalTokens.NewKey();

    /// <summary>A token for <paramref name="role"/> signed with <see cref="SigningKey"/> (or another key).</summary>
    public static string Token(string role, string subject = "tester", string? key = null) =>
        GridGovernance.Hosting.Security.LocalTokens.Mint(new GridGovernance.Hosting.Security.GridAuthOptions { SigningKey = key ?? SigningKey }, subject, role, [], null, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

    /// <summary>A token with scope claims: a grid worker's <paramref name="cells"/>, an administrator's <paramref name="community"/>.</summary>
    public static string Token(string role, string subject, IReadOnlyCollection<string> cells, string? community = null) =>
        GridGovernance.Hosting.Security.LocalTokens.Mint(new GridGovernance.Hosting.Security.GridAuthOptions { SigningKey = SigningKey }, subject, role, cells, community, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

    private static HostProcess Start(
        string assembly, string name, string connectionString, string clusterId, string serviceId,
        Dictionary<string, string> environment, IReadOnlyDictionary<string, string>? extra, int siloPort, int gatewayPort)
    {
        var httpPort = PostgresServer.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AssemblyPath(assembly));
        environment["ConnectionStrings__grid"] = connectionString;
        environment["Orleans__ClusterId"] = clusterId;
        environment["Orleans__ServiceId"] = serviceId;
        environment["Urls"] = $"http://127.0.0.1:{httpPort}";
        environment["Logging__LogLevel__Default"] = "Warning";
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = "";
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var host = new HostProcess(process, name, siloPort, gatewayPort, httpPort);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>GET a path on the host's HTTP port: status code and body.</summary>
    public async Task<(int Status, string Body)> GetAsync(string path, string? token = null)
    {
        var response = await GetResponseAsync(path, token);
        return (response.Status, response.Body);
    }

    /// <summary>A GET with an optional bearer token; returns status, body, content type and the Retry-After header.</summary>
    public async Task<(int Status, string Body, string? ContentType, string? RetryAfter)> GetResponseAsync(string path, string? token = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{HttpPort}{path}"));
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        var retryAfter = response.Headers.TryGetValues("Retry-After", out var values) ? values.FirstOrDefault() : null;
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType, retryAfter);
    }

    /// <summary>Waits until <c>/readyz</c> answers 200 (active in the cluster, database reachable).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}/readyz"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Name} was not ready after {timeout}:\n{Output}");
    }

    /// <summary>SIGKILL: no graceful shutdown, no membership update; the others must find out.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM and wait: the graceful stop an orchestrator would ask for.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Name} did not stop within {timeout} after SIGTERM:\n{Output}");
        }
    }

    /// <summary>Waits for the process to exit by itself.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A host built beside this test assembly: artifacts/bin/&lt;project&gt;/&lt;configuration&gt;/&lt;project&gt;.dll.</summary>
    private static string AssemblyPath(string project)
    {
        var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(testDir.Parent!.Parent!.FullName, project, testDir.Name, project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the solution first: {project} is not at {path}", path);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
