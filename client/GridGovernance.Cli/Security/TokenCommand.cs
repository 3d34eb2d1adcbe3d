using System.CommandLine;
using GridGovernance.Hosting;
using GridGovernance.Hosting.Security;

namespace GridGovernance.Cli.Security;

/// <summary>
/// <c>gridgov token</c>: mints a local bearer token for the demo and tests, signed with the key in
/// <c>GridGovernance__Auth__SigningKey</c> (or <c>--key-file</c>). Production tokens come from the OIDC issuer.
/// </summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", GridRoles.All)}.", Required = true };
        var subject = new Option<string>("--subject") { Description = "The user id (the token's sub).", Required = true };
        var cells = new Option<string[]>("--cells") { Description = "A grid worker's cells.", AllowMultipleArgumentsPerToken = true };
        var community = new Option<string?>("--community") { Description = "A community administrator's community." };
        var hours = new Option<int>("--hours") { Description = "Lifetime in hours (1–720).", DefaultValueFactory = _ => 8 };
        var keyFile = new Option<FileInfo?>("--key-file") { Description = "A file holding the base64 signing key (else GridGovernance__Auth__SigningKey)." };
        var command = new Command("token", "Mint a local bearer token (demo and tests; production uses the OIDC issuer).") { role, subject, cells, community, hours, keyFile };
        command.SetAction(parse =>
        {
            var wanted = parse.GetValue(role)!;
            if (!GridRoles.All.Contains(wanted))
            {
                throw new StartupException($"--role '{wanted}' is not a role; use one of {string.Join(", ", GridRoles.All)}.");
            }

            var lifetime = parse.GetValue(hours);
            if (lifetime is < 1 or > 720)
            {
                throw new StartupException("--hours must be 1–720.");
            }

            var options = SigningOptions(parse.GetValue(keyFile));
            Console.WriteLine(LocalTokens.Mint(options, parse.GetValue(subject)!, wanted, parse.GetValue(cells) ?? [], parse.GetValue(community), TimeSpan.FromHours(lifetime), DateTimeOffset.UtcNow));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The local signing key (from <paramref name="keyFile"/>, else <c>GridGovernance__Auth__SigningKey</c>) with the
    /// issuer and audience of the environment; one sentence when there is no usable key.
    /// </summary>
    public static GridAuthOptions SigningOptions(FileInfo? keyFile)
    {
        var key = keyFile is { } file
            ? File.Exists(file.FullName) ? File.ReadAllText(file.FullName).Trim() : throw new StartupException($"--key-file {file.FullName} does not exist.")
            : Environment.GetEnvironmentVariable("GridGovernance__Auth__SigningKey");
        if (string.IsNullOrWhiteSpace(key) || LocalTokens.TryKey(key) is null)
        {
            throw new StartupException("no signing key: set GridGovernance__Auth__SigningKey (base64, at least 32 bytes) or pass --key-file.");
        }

        return new GridAuthOptions
        {
            SigningKey = key,
            Issuer = Environment.GetEnvironmentVariable("GridGovernance__Auth__Issuer") ?? new GridAuthOptions().Issuer,
            Audience = Environment.GetEnvironmentVariable("GridGovernance__Auth__Audience") ?? new GridAuthOptions().Audience,
        };
    }
}
