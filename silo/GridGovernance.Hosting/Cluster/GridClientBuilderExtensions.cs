using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GridGovernance.Hosting.Cluster;

/// <summary>The Orleans client configuration of the gateway and the CLI.</summary>
public static class GridClientBuilderExtensions
{
    /// <summary>
    /// Finds gateways through the same ADO.NET clustering table the silos write; cluster id and service id come
    /// from the <c>Orleans</c> configuration section.
    /// </summary>
    public static IClientBuilder UseGridPostgres(this IClientBuilder client, NpgsqlDataSource dataSource)
    {
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = "Npgsql";
            o.DataSource = dataSource;
        });
        client.AddActivityPropagation();
        client.Services.AddGridExceptionSerialization();
        return client;
    }

    /// <summary>
    /// Lets Npgsql's exceptions cross between silo and client as themselves (type, message, SQLSTATE in their data,
    /// inner socket error). Orleans serialises exceptions of System and Orleans namespaces only; any other answers the
    /// caller with a codec error instead, so a gateway could not tell "PostgreSQL is restarting, retry" (503) from a
    /// bug (500). Both ends must agree, so silos and clients call this.
    /// </summary>
    public static IServiceCollection AddGridExceptionSerialization(this IServiceCollection services) =>
        services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
}
