using System.CommandLine;
using GridGovernance.Cli.Database;
using GridGovernance.Hosting;

var connection = new Option<string?>("--connection", "-c")
{
    Description = "PostgreSQL connection string (default: the ConnectionStrings__grid environment variable).",
    Recursive = true,
};

var root = new RootCommand("gridgov: GridGovernance operations from the command line.");
root.Options.Add(connection);
root.Subcommands.Add(MigrateCommand.Create(connection));

try
{
    return await root.Parse(args).InvokeAsync();
}
catch (Exception ex) when (GridHost.Explain(ex) is { } reason)
{
    await Console.Error.WriteLineAsync($"gridgov: {reason}");
    return GridHost.StartupFailed;
}
