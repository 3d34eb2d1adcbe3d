using System.CommandLine;
using GridGovernance.Cli.Cluster;
using GridGovernance.Cli.Database;
using GridGovernance.Cli.Geography;
using GridGovernance.Cli.Security;
using GridGovernance.Cli.Seeding;
using GridGovernance.Cli.Simulation;
using GridGovernance.Hosting;

var connection = new ClusterConnection();
var root = new RootCommand("gridgov: GridGovernance operations from the command line.");
connection.AddTo(root);
root.Subcommands.Add(MigrateCommand.Create(connection));
root.Subcommands.Add(ImportCommand.Create(connection));
root.Subcommands.Add(SeedCommand.Create(connection));
root.Subcommands.Add(TokenCommand.Create());
root.Subcommands.Add(SimulateCommand.Create());

try
{
    // Our handler below prints one sentence for the faults an operator can fix; bugs keep their stack trace.
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception ex) when (GridHost.Explain(ex) is { } reason)
{
    await Console.Error.WriteLineAsync($"gridgov: {reason}");
    return GridHost.StartupFailed;
}
