using Npgsql;

namespace GridGovernance.Api;

/// <summary>The gateway's Orleans client configuration.</summary>
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
