using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace GridGovernance.Hosting.Database;

/// <summary>Registers the process-wide data source.</summary>
public static class GridDataSourceExtensions
{
    /// <summary>
    /// Builds the data source from <c>ConnectionStrings:grid</c> and registers it; Orleans' providers get the
    /// same instance, so the process has one pool.
    /// </summary>
    public static NpgsqlDataSource AddGridDataSource(this IHostApplicationBuilder builder, string applicationName)
    {
        var dataSource = GridDataSource.Create(GridDataSource.GetConnectionString(builder.Configuration), applicationName);
        // A factory registration, so the container disposes the pool when the host stops.
        builder.Services.AddSingleton(_ => dataSource);
        return dataSource;
    }
}
