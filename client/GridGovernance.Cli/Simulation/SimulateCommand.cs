using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using GridGovernance.Cli.Security;
using GridGovernance.Hosting;
using GridGovernance.Hosting.Security;
using Microsoft.IdentityModel.JsonWebTokens;

namespace GridGovernance.Cli.Simulation;

/// <summary>
/// <c>gridgov simulate</c>: field traffic against a running gateway's HTTP API — grid workers walking their cells,
/// checking in at due entities, some offline then bursting, some duties missed — at a chosen speed-up, with a running
/// summary. With a signing key it registers its own workers (ids derived from the seed) on the cells and mints their
/// tokens; with <c>--token</c> it acts as the grid workers those tokens name.
/// </summary>
internal static class SimulateCommand
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var api = new Option<string>("--api") { Description = "The gateway's base address, e.g. http://127.0.0.1:8080.", Required = true };
        var workers = new Option<int>("--workers") { Description = "Simulated grid workers (1–1000), one cell each.", DefaultValueFactory = _ => 10 };
        var duration = new Option<int>("--duration") { Description = "Real seconds to run (1–86400).", DefaultValueFactory = _ => 60 };
        var speed = new Option<double>("--speed") { Description = "Speed-up: simulated seconds per real second for walking and time on site (1–100000).", DefaultValueFactory = _ => 60 };
        var offlineShare = new Option<double>("--offline-share") { Description = "Share of workers whose phones drop offline and sync in bursts (0–1).", DefaultValueFactory = _ => 0.2 };
        var missShare = new Option<double>("--miss-share") { Description = "Share of due visits deliberately left undone, so their deadlines pass (0–1).", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same workers and choices.", DefaultValueFactory = _ => 1 };
        var cells = new Option<string[]>("--cells") { Description = "Cells to walk (default: every cell the gateway lists).", AllowMultipleArgumentsPerToken = true };
        var tokens = new Option<string[]>("--token") { Description = "Grid-worker tokens to act as (subject = worker id), instead of minting; one worker each.", AllowMultipleArgumentsPerToken = true };
        var keyFile = new Option<FileInfo?>("--key-file") { Description = "A file holding the base64 signing key (else GridGovernance__Auth__SigningKey)." };
        var command = new Command("simulate", "Simulate field traffic (check-ins, offline bursts, missed duties) against a running gateway.")
        {
            api, workers, duration, speed, offlineShare, missShare, seed, cells, tokens, keyFile,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(workers);
            var seconds = parse.GetValue(duration);
            var settings = new SimulationSettings(parse.GetValue(speed), parse.GetValue(missShare), parse.GetValue(seed));
            var offline = parse.GetValue(offlineShare);
            Check(count is >= 1 and <= 1000, "--workers must be 1–1000.");
            Check(seconds is >= 1 and <= 86_400, "--duration must be 1–86400 seconds.");
            Check(settings.Speed is >= 1 and <= 100_000, "--speed must be 1–100000.");
            Check(offline is >= 0 and <= 1, "--offline-share must be 0–1.");
            Check(settings.MissShare is >= 0 and <= 1, "--miss-share must be 0–1.");

            Check(Uri.TryCreate(parse.GetValue(api), UriKind.Absolute, out var gateway) && gateway.Scheme is "http" or "https", "--api must be an http(s) address, e.g. http://127.0.0.1:8080.");
            using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
            var fieldApi = new FieldApi(http, line => Console.Error.WriteLine("simulate: " + line));
            var given = parse.GetValue(tokens) ?? [];
            var team = given.Length > 0
                ? FromTokens(given, offline, settings.Seed)
                : await RegisterAsync(fieldApi, TokenCommand.SigningOptions(parse.GetValue(keyFile)), count, parse.GetValue(cells) ?? [], offline, settings.Seed, TimeSpan.FromSeconds(seconds) + TimeSpan.FromHours(1), cancellationToken);
            foreach (var w in team)
            {
                Console.WriteLine($"worker {w.Id} cell {w.Cell} {(w.OfflineProne ? "offline-prone" : "online")}");
            }

            // The clock of the summary starts with the walking, after the workers are registered.
            var tally = new SimulationTally();
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var aborted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stopping.CancelAfter(TimeSpan.FromSeconds(seconds));
            aborted.CancelAfter(TimeSpan.FromSeconds(seconds) + Grace);
            var simulation = new FieldSimulation(fieldApi, settings, tally);
            var running = Task.WhenAll(team.Select(w => simulation.RunAsync(w, stopping.Token, aborted.Token)));
            while (await Task.WhenAny(running, Task.Delay(ReportEvery, CancellationToken.None)) != running)
            {
                Console.WriteLine(tally.Line(settings.Speed));
            }

            try
            {
                await running;
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                Console.Error.WriteLine("simulate: stopped with requests in flight; check-ins still queued were not sent");
            }

            Console.WriteLine("simulate: done: " + tally.Line(settings.Speed));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Registers <paramref name="count"/> workers (ids derived from the seed, so a rerun reuses them) one cell each, as
    /// an operator, and mints their grid-worker tokens.
    /// </summary>
    private static async Task<IReadOnlyList<SimulatedWorker>> RegisterAsync(
        FieldApi api, GridAuthOptions signing, int count, string[] cells, double offlineShare, int seed, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var operatorToken = LocalTokens.Mint(signing, $"gridgov-simulate-{seed}", GridRoles.Operator, [], null, lifetime, now);
        IReadOnlyList<string> walked = cells.Length > 0 ? cells : await api.ListCellsAsync(operatorToken, cancellationToken);
        Check(walked.Count > 0, "there are no cells to walk: import a grid first (gridgov import or gridgov seed).");
        var random = new Random(seed);
        var order = walked.OrderBy(c => c, StringComparer.Ordinal).ToArray();
        random.Shuffle(order);
        var offline = OfflineIndexes(count, offlineShare, random);
        var team = new List<SimulatedWorker>();
        for (var i = 0; i < count; i++)
        {
            var id = WorkerId(seed, i);
            var cell = order[i % order.Length];
            if (await api.RegisterWorkerAsync(operatorToken, id, $"模拟巡查员 sim-{seed}-{i}", cell, cancellationToken))
            {
                team.Add(new SimulatedWorker(i, id, cell, LocalTokens.Mint(signing, id.ToString(), GridRoles.GridWorker, [cell], null, lifetime, now), offline.Contains(i)));
            }
        }

        Check(team.Count > 0, "no simulated worker could be registered (see the lines above).");
        return team;
    }

    /// <summary>Workers named by the given tokens: the subject is the worker id, the first cell claim the cell.</summary>
    private static IReadOnlyList<SimulatedWorker> FromTokens(string[] tokens, double offlineShare, int seed)
    {
        var offline = OfflineIndexes(tokens.Length, offlineShare, new Random(seed));
        return [.. tokens.Select((token, i) =>
        {
            var jwt = new JsonWebToken(token);
            Check(Guid.TryParse(jwt.Subject, out var id), $"--token {i + 1}: its subject is not a worker id (a UUID).");
            var cell = jwt.TryGetPayloadValue<string>(GridClaims.Cells, out var claimed) ? claimed.Split(' ')[0] : "?";
            return new SimulatedWorker(i, id, cell, token, offline.Contains(i));
        })];
    }

    /// <summary>round(count × share) workers, chosen by the seed.</summary>
    private static HashSet<int> OfflineIndexes(int count, double share, Random random)
    {
        var indexes = Enumerable.Range(0, count).ToArray();
        random.Shuffle(indexes);
        return [.. indexes.Take((int)Math.Round(count * share, MidpointRounding.AwayFromZero))];
    }

    /// <summary>A stable id for worker <paramref name="index"/> of a run with <paramref name="seed"/>.</summary>
    private static Guid WorkerId(int seed, int index) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"gridgov-simulate:{seed}:{index}")).AsSpan(0, 16));

    private static void Check(bool condition, string problem)
    {
        if (!condition)
        {
            throw new StartupException(problem);
        }
    }
}
