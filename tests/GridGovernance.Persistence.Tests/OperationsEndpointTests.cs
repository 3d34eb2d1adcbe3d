using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using GridGovernance.Persistence.Tests.Infrastructure;

namespace GridGovernance.Persistence.Tests;

/// <summary>The operators' endpoints: the silo's dashboard (operator tokens only) and the Prometheus scrape endpoints.</summary>
[Collection(RealProcesses.Name)]
public sealed class OperationsEndpointTests(PostgresServer postgres)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Silo_Dashboard_RefusesAnonymousAndNonOperators_AllowsAnOperator_AndMetricsAnswerOnlyOnTheManagementPort()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var clusterId = "c-" + Guid.NewGuid().ToString("N")[..8];
        var (http, management) = (PostgresServer.FreePort(), PostgresServer.FreePort());
        await using var silo = HostProcess.StartSilo("silo", connectionString, clusterId, "svc", new Dictionary<string, string>
        {
            ["Urls"] = $"http://127.0.0.1:{Text(http)};http://127.0.0.1:{Text(management)}",
            ["GridGovernance__Auth__SigningKey"] = HostProcess.SigningKey,
            ["GridGovernance__Dashboard__Enabled"] = "true",
            ["GridGovernance__Telemetry__Prometheus"] = "true",
            ["GridGovernance__Telemetry__MetricsPort"] = Text(management),
        });
        // Redirects are followed by hand: HttpClient drops the Authorization header on a redirect.
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(20) };
        var main = $"http://127.0.0.1:{Text(http)}";
        await Eventually.ReturnsAsync(() => StatusAsync(client, main + "/readyz", null), s => s == HttpStatusCode.OK, StartTimeout, "the silo ready:\n" + silo.Output);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, main + "/dashboard", null));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, main + "/dashboard", HostProcess.Token("operator", "op", key: Convert.ToBase64String(new byte[32]))));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, main + "/dashboard", HostProcess.Token("command-centre")));
        Assert.Equal(HttpStatusCode.OK, await FollowAsync(client, main + "/dashboard", HostProcess.Token("operator")));
        // The page's data calls (grain state among them) sit behind the same policy.
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, main + "/dashboard/ClusterStats", null));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, main + "/dashboard/GrainState", null));
        Assert.Equal(HttpStatusCode.OK, await FollowAsync(client, main + "/dashboard/ClusterStats", HostProcess.Token("operator")));

        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(client, main + "/metrics", null));
        var metrics = await Eventually.ReturnsAsync(() => client.GetStringAsync($"http://127.0.0.1:{Text(management)}/metrics"),
            text => text.Contains("orleans_", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "Orleans metrics on the management port");
        Assert.Contains("# TYPE", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_Metrics_ServeTheJournalLagAndOpenAlertGauges()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var clusterId = "c-" + Guid.NewGuid().ToString("N")[..8];
        await using var silo = HostProcess.StartSilo("silo", connectionString, clusterId, "svc");
        await silo.WaitReadyAsync(StartTimeout);
        await using var gateway = HostProcess.StartGateway("gateway", connectionString, clusterId, "svc", new Dictionary<string, string> { ["GridGovernance__Telemetry__Prometheus"] = "true" });
        await gateway.WaitReadyAsync(StartTimeout);

        var (status, body) = await Eventually.ReturnsAsync(() => gateway.GetAsync("/metrics"),
            r => r.Body.Contains("gridgov_journal_lag", StringComparison.Ordinal) && r.Body.Contains("gridgov_alerts_open", StringComparison.Ordinal),
            TimeSpan.FromSeconds(45), "the gateway's gauges");

        Assert.Equal(200, status);
        Assert.Matches("gridgov_alerts_open\\{[^}]*level=\"red\"[^}]*\\} 0", body);
    }

    /// <summary>GET with the token, following up to three redirects with the token again.</summary>
    private static async Task<HttpStatusCode> FollowAsync(HttpClient client, string url, string token)
    {
        var target = new Uri(url);
        for (var hop = 0; hop < 3; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, target);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request);
            if (response.Headers.Location is not { } next)
            {
                return response.StatusCode;
            }

            target = new Uri(target, next);
        }

        return HttpStatusCode.LoopDetected;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string url, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        try
        {
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
