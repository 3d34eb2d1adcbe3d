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
        return client;
    }
}
