using System.Text.Json;
using GridGovernance.Persistence.Tests.Infrastructure;

namespace GridGovernance.Persistence.Tests;

/// <summary>The processes a newcomer runs: silo, gateway and gridgov, together on one database.</summary>
[Collection(RealProcesses.Name)]
public sealed class SystemTests(PostgresServer postgres)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Seed_ThenOverview_CountsEveryCommunityCellAndEntity_AndASecondSeedChangesNothing()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var clusterId = "c-" + Guid.NewGuid().ToString("N")[..8];
        await using var silo = HostProcess.StartSilo("silo", connectionString, clusterId, "svc");
        await silo.WaitReadyAsync(StartTimeout);
        await using var gateway = HostProcess.StartGateway("gateway", connectionString, clusterId, "svc");
        await gateway.WaitReadyAsync(StartTimeout);

        var (exitCode, output) = await CliProcess.RunAsync(connectionString, clusterId, "svc", "seed", "--properties", "120", "--people", "30", "--workers", "250");
        Assert.True(exitCode == 0, output);

        var token = HostProcess.Token("command-centre");
        var overview = await Eventually.ReturnsAsync(() => gateway.GetAsync("/api/v1/overview", token),
            r => r.Status == 200 && Totals(r.Body).GetProperty("people").GetInt32() == 30, StartTimeout, "the overview to count the seeded people");
        using var document = JsonDocument.Parse(overview.Body);
        var root = document.RootElement;
        Assert.Equal(19, root.GetProperty("communities").GetArrayLength());
        Assert.Equal((248, 120, 250), (Totals(overview.Body).GetProperty("cells").GetInt32(), Totals(overview.Body).GetProperty("properties").GetInt32(), Totals(overview.Body).GetProperty("workers").GetInt32()));
        Assert.Contains("synthetic", root.GetProperty("name").GetString(), StringComparison.Ordinal);
        // Counts only: no personal data can appear in the overview.
        Assert.All(root.GetProperty("communities").EnumerateArray(), c =>
            Assert.Equal(["code", "name", "cells", "properties", "people", "workers", "openAlerts", "redAlerts", "overdue", "month", "alertsRaised", "alertsClosed", "alertsClosedOnTime", "onTimeRate", "reconciledAt"], c.EnumerateObject().Select(p => p.Name)));
        Assert.EndsWith("社区（示例）", root.GetProperty("communities")[0].GetProperty("name").GetString(), StringComparison.Ordinal);

        var again = await CliProcess.RunAsync(connectionString, clusterId, "svc", "seed", "--if-empty");
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains("already has a grid", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_NeedsAValidToken_AGridgovTokenIsAccepted_HealthStaysOpen()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var clusterId = "c-" + Guid.NewGuid().ToString("N")[..8];
        await using var silo = HostProcess.StartSilo("silo", connectionString, clusterId, "svc");
        await silo.WaitReadyAsync(StartTimeout);
        await using var gateway = HostProcess.StartGateway("gateway", connectionString, clusterId, "svc");
        await gateway.WaitReadyAsync(StartTimeout);
        var (exitCode, minted) = await CliProcess.RunAsync(connectionString, clusterId, "svc", "token", "--role", "grid-worker", "--subject", "worker-7", "--cells", "SQ-01-001");
        Assert.True(exitCode == 0, minted);

        var anonymous = await gateway.GetResponseAsync("/api/v1/overview");
        var foreign = await gateway.GetAsync("/api/v1/overview", HostProcess.Token("command-centre", key: GridGovernance.Hosting.Security.LocalTokens.NewKey()));
        var unknownRole = await gateway.GetAsync("/api/v1/overview", HostProcess.Token("visitor"));
        var fromCli = await gateway.GetAsync("/api/v1/overview", minted.Trim());

        Assert.Equal((401, "application/problem+json"), (anonymous.Status, anonymous.ContentType));
        Assert.Equal((401, 403, 200), (foreign.Status, unknownRole.Status, fromCli.Status));
        Assert.Equal(200, (await gateway.GetAsync("/healthz")).Status);
        Assert.Equal(200, (await gateway.GetAsync("/readyz")).Status);

        // The OpenAPI document and its reference page need no token and no internet.
        var document = await gateway.GetAsync("/openapi/v1.json");
        Assert.Equal(200, document.Status);
        using var openApi = JsonDocument.Parse(document.Body);
        Assert.StartsWith("3.1", openApi.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("bearer", openApi.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.True(openApi.RootElement.GetProperty("paths").TryGetProperty("/api/v1/overview", out _), document.Body);
        var page = await gateway.GetAsync("/scalar");
        Assert.Equal(200, page.Status);
        Assert.DoesNotMatch(@"(src|href)\s*=\s*""https?://", page.Body);
        var script = System.Text.RegularExpressions.Regex.Match(page.Body, @"<script[^>]+src\s*=\s*""([^""]+)""");
        Assert.True(script.Success, page.Body);
        var path = script.Groups[1].Value.StartsWith('/') ? script.Groups[1].Value : "/scalar/" + script.Groups[1].Value;
        Assert.Equal(200, (await gateway.GetAsync(path)).Status);
    }

    [Fact]
    public async Task Overview_PerUserRateLimit_Answers429WithRetryAfter_AndOtherUsersAreNotAffected()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var clusterId = "c-" + Guid.NewGuid().ToString("N")[..8];
        await using var silo = HostProcess.StartSilo("silo", connectionString, clusterId, "svc");
        await silo.WaitReadyAsync(StartTimeout);
        await using var gateway = HostProcess.StartGateway("gateway", connectionString, clusterId, "svc",
            new Dictionary<string, string> { ["GridGovernance__Api__RequestsPerWindow"] = "3", ["GridGovernance__Api__RateWindow"] = "00:10:00" });
        await gateway.WaitReadyAsync(StartTimeout);
        var busy = HostProcess.Token("command-centre", "busy-user");

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await gateway.GetAsync("/api/v1/overview", busy)).Status);
        }

        var limited = await gateway.GetResponseAsync("/api/v1/overview", busy);
        Assert.Equal([200, 200, 200, 429], statuses);
        Assert.Equal((429, "application/problem+json"), (limited.Status, limited.ContentType));
        Assert.True(int.Parse(limited.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture) >= 1, limited.RetryAfter);
        Assert.Contains("/problems/rate-limited", limited.Body, StringComparison.Ordinal);
        Assert.Equal(200, (await gateway.GetAsync("/api/v1/overview", HostProcess.Token("command-centre", "other-user"))).Status);
        Assert.Equal(200, (await gateway.GetAsync("/healthz")).Status);
    }

    [Fact]
    public async Task Import_BadGeoJson_PrintsEachBadFeatureAndExitsOne_DryRunOfAGoodOneChangesNothing()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var clusterId = "c-" + Guid.NewGuid().ToString("N")[..8];
        await using var silo = HostProcess.StartSilo("silo", connectionString, clusterId, "svc");
        await silo.WaitReadyAsync(StartTimeout);
        var grid = new TestGrid();
        var bad = Path.GetTempFileName();
        var good = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(bad, grid.GeoJson().Replace("\"kind\":\"cell\",\"code\":\"" + grid.B2.Value + "\"", "\"kind\":\"cell\",\"code\":\"bad code\"", StringComparison.Ordinal));
            await File.WriteAllTextAsync(good, grid.GeoJson());

            var rejected = await CliProcess.RunAsync(connectionString, clusterId, "svc", "import", bad, "--district", grid.District.Value);
            var dryRun = await CliProcess.RunAsync(connectionString, clusterId, "svc", "import", good, "--district", grid.District.Value, "--dry-run");

            Assert.True(rejected.ExitCode == 1, rejected.Output);
            Assert.Contains("feature 5 (bad code): invalid-code", rejected.Output, StringComparison.Ordinal);
            Assert.True(dryRun.ExitCode == 0, dryRun.Output);
            Assert.Contains("dry run: valid: 2 communities, 4 cells; added 4", dryRun.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bad);
            File.Delete(good);
        }
    }

    [Fact]
    public async Task Migrate_DatabaseDown_ExitsTwoWithOneSentenceNamingTheCause()
    {
        var port = PostgresServer.FreePort();

        var (exitCode, output) = await CliProcess.RunAsync($"Host=127.0.0.1;Port={port};Database=gridgov;Username=gridgov;Timeout=3", "c", "svc", "migrate");

        Assert.Equal(2, exitCode);
        Assert.Contains($"gridgov: Cannot reach PostgreSQL at 127.0.0.1:{port}/gridgov", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    private static JsonElement Totals(string body) => JsonDocument.Parse(body).RootElement.GetProperty("totals").Clone();
}
