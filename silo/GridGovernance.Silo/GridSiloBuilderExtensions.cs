using System.Net;
using GridGovernance.Grains;
using GridGovernance.Grains.CommandCentre;
using GridGovernance.Grains.Common.Protection;
using GridGovernance.Grains.Field.Presence;
using GridGovernance.Grains.Operations;
using GridGovernance.Grains.Rules;
using GridGovernance.Hosting;
using GridGovernance.Hosting.Cluster;
using GridGovernance.Silo.Filters;
using GridGovernance.Silo.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace GridGovernance.Silo;

/// <summary>
/// The silo's Orleans configuration, shared by the host and the tests so that both run the same providers.
/// </summary>
public static class GridSiloBuilderExtensions
{
    private const string Invariant = "Npgsql";
    private const string AdoNetStorageName = StorageNames.Grid + "-adonet";

    /// <summary>
    /// The production silo: ADO.NET clustering on PostgreSQL plus <see cref="UseGridStorage"/>. Cluster id,
    /// service id, endpoints and membership timings come from the <c>Orleans</c> configuration section.
    /// </summary>
    public static ISiloBuilder UseGridPostgres(this ISiloBuilder silo, NpgsqlDataSource dataSource, IConfiguration configuration)
    {
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.DataSource = dataSource;
        });
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection("Orleans:Membership"));
        // Reminder timings too (MinimumReminderPeriod; test clusters lower it to sweep cells every few seconds). Not
        // "Orleans:Reminders": Orleans reads that section as reminder providers by name.
        silo.Services.Configure<ReminderOptions>(configuration.GetSection("Orleans:ReminderOptions"));
        silo.Services.PostConfigure<EndpointOptions>(o => ApplyAdvertisedAddress(o, configuration));
        silo.AddActivityPropagation();
        silo.Services.AddGridExceptionSerialization();
        return silo.UseGridStorage(dataSource, configuration);
    }

    /// <summary>
    /// Grain storage and reminders on PostgreSQL through one data source; state stored as System.Text.Json;
    /// rows scoped by grain type (<see cref="GrainTypeScopedStorage"/>). Tests with in-memory membership use
    /// this alone.
    /// </summary>
    public static ISiloBuilder UseGridStorage(this ISiloBuilder silo, NpgsqlDataSource dataSource, IConfiguration configuration)
    {
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.DataSource = dataSource;
        });
        silo.AddAdoNetGrainStorage(AdoNetStorageName, o =>
        {
            o.Invariant = Invariant;
            o.DataSource = dataSource;
        });
        silo.Services.AddKeyedSingleton<IGrainStorage>(
            StorageNames.Grid,
            (sp, _) => new GrainTypeScopedStorage(sp.GetRequiredKeyedService<IGrainStorage>(AdoNetStorageName)));

#pragma warning disable ORLEANSEXP006 // Experimental in 10.4.2; chosen so no CLR type names are stored (ORLEANS-POSTGRES.md P3).
        silo.UseSystemTextJsonGrainStorageSerializer();
#pragma warning restore ORLEANSEXP006

        // The command centre reconciles its counts against the journal these writes keep.
        silo.Services.AddSingleton<IAlertJournal>(new PostgresAlertJournal(dataSource));
        return silo.AddGridRules();
    }

    /// <summary>
    /// The domain's rule parameters (<c>GridGovernance:Rules</c>, validated at start), the clock grains use, and
    /// the filter that drops an activation whose call failed (<see cref="DeactivateOnFailureFilter"/>).
    /// </summary>
    public static ISiloBuilder AddGridRules(this ISiloBuilder silo)
    {
        silo.AddIncomingGrainCallFilter<DeactivateOnFailureFilter>();
        silo.Services.TryAddSingleton(TimeProvider.System);
        // The domain's instruments (meter GridGovernance), created through the host's IMeterFactory so tests can collect them.
        silo.Services.AddMetrics();
        silo.Services.TryAddSingleton<GridMetrics>();
        silo.Services.AddOptions<GridRulesOptions>()
            .BindConfiguration(GridRulesOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GridRulesOptions>, RuleBookValidation>());
        silo.Services.AddOptions<PresenceOptions>().BindConfiguration(PresenceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Personal data at rest (PI-06): the keys are required; a silo without them refuses to start.
        silo.Services.AddOptions<PersonalDataOptions>().BindConfiguration(PersonalDataOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        silo.Services.TryAddSingleton<PersonalDataProtector>();
        // No journal unless the storage keeps one (UseGridStorage): pure grain tests have nothing to reconcile.
        silo.Services.TryAddSingleton<IAlertJournal, NoAlertJournal>();
        // Built once the options are valid: the built-in versions plus the operator's file, if any.
        silo.Services.TryAddSingleton(sp => RuleBook.Load(sp.GetRequiredService<IOptions<GridRulesOptions>>().Value.BookPath));
        return silo;
    }

    /// <summary>
    /// Orleans binds <c>Orleans:Endpoints</c> but cannot convert text to an <see cref="IPAddress"/>, so it would
    /// silently advertise the first network interface; here the configured address is parsed and enforced.
    /// </summary>
    private static void ApplyAdvertisedAddress(EndpointOptions options, IConfiguration configuration)
    {
        const string key = "Orleans:Endpoints:AdvertisedIPAddress";
        if (configuration[key] is not { Length: > 0 } text)
        {
            return;
        }

        if (!IPAddress.TryParse(text, out var address))
        {
            throw new StartupException($"{key} = '{text}' is not an IP address.");
        }

        options.AdvertisedIPAddress = address;
    }
}

/// <summary>Refuses to start with a rule book that cannot be used, naming the file, version and field.</summary>
internal sealed class RuleBookValidation : IValidateOptions<GridRulesOptions>
{
    public ValidateOptionsResult Validate(string? name, GridRulesOptions options)
    {
        try
        {
            RuleBook.Load(options.BookPath);
            return ValidateOptionsResult.Success;
        }
        catch (RuleBookException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
