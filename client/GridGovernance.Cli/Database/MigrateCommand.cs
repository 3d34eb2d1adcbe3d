using System.CommandLine;
using GridGovernance.Hosting.Database;
using Microsoft.Extensions.Logging.Abstractions;

namespace GridGovernance.Cli.Database;

/// <summary><c>gridgov migrate</c>: applies the numbered migrations of <c>deploy/sql</c>, idempotently.</summary>
internal static class MigrateCommand
{
    public static Command Create(Cluster.ClusterConnection connection)
    {
        var command = new Command("migrate", "Apply the database migrations this build ships (safe to run again, and from two places at once).");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var connectionString = connection.ConnectionString(parse);
            await using var dataSource = GridDataSource.Create(connectionString, "gridgov-cli");
            var migrator = new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance);
            var result = await migrator.MigrateAsync(cancellationToken);
            foreach (var migration in result.Applied)
            {
                Console.WriteLine($"applied {migration.Version:D4}_{migration.Name}");
            }

            Console.WriteLine($"database {DatabasePreflight.Describe(connectionString)} is at schema version {result.CurrentVersion}");
            return 0;
        });
        return command;
    }
}
