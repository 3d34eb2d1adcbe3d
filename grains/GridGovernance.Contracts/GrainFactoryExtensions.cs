using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.CommandCentre;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Geography;
using GridGovernance.Contracts.Operations;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Contracts.Security;
using GridGovernance.Contracts.Supervision;

namespace GridGovernance.Contracts;

/// <summary>
/// The one place grain keys are built, so key formats never spread. String keys carry a non-hex prefix.
/// </summary>
public static class GrainFactoryExtensions
{
    /// <summary>The probe named <paramref name="name"/>.</summary>
    public static IProbeGrain Probe(this IGrainFactory grains, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return grains.GetGrain<IProbeGrain>("probe:" + name);
    }

    /// <summary>A district.</summary>
    public static IDistrictGrain District(this IGrainFactory grains, DistrictCode code) => grains.GetGrain<IDistrictGrain>("district:" + code.Value);

    /// <summary>The point → cell locator of a district.</summary>
    public static IGridLocatorGrain Locator(this IGrainFactory grains, DistrictCode code) => grains.GetGrain<IGridLocatorGrain>("locator:" + code.Value);

    /// <summary>A community.</summary>
    public static ICommunityGrain Community(this IGrainFactory grains, CommunityCode code) => grains.GetGrain<ICommunityGrain>("community:" + code.Value);

    /// <summary>A grid cell.</summary>
    public static ICellGrain Cell(this IGrainFactory grains, CellCode code) => grains.GetGrain<ICellGrain>("cell:" + code.Value);

    /// <summary>A rental property.</summary>
    public static IRentalPropertyGrain Property(this IGrainFactory grains, PropertyId id) => grains.GetGrain<IRentalPropertyGrain>(id.Value);

    /// <summary>A monitored person.</summary>
    public static IMonitoredPersonGrain Person(this IGrainFactory grains, PersonId id) => grains.GetGrain<IMonitoredPersonGrain>(id.Value);

    /// <summary>The community correction case of a person (the same grain as <see cref="Person"/>).</summary>
    public static ICorrectionCaseGrain CorrectionCase(this IGrainFactory grains, PersonId id) => grains.GetGrain<ICorrectionCaseGrain>(id.Value);

    /// <summary>The drug rehabilitation case of a person (the same grain as <see cref="Person"/>).</summary>
    public static IRehabilitationCaseGrain RehabilitationCase(this IGrainFactory grains, PersonId id) => grains.GetGrain<IRehabilitationCaseGrain>(id.Value);

    /// <summary>A grid worker.</summary>
    public static IGridWorkerGrain Worker(this IGrainFactory grains, WorkerId id) => grains.GetGrain<IGridWorkerGrain>(id.Value);

    /// <summary>The on-duty presence of a grid cell's workers.</summary>
    public static ICellPresenceGrain CellPresence(this IGrainFactory grains, CellCode code) => grains.GetGrain<ICellPresenceGrain>("presence:" + code.Value);

    /// <summary>The task board (a stateless worker: any activation answers).</summary>
    public static ITaskBoardGrain TaskBoard(this IGrainFactory grains) => grains.GetGrain<ITaskBoardGrain>(0);

    /// <summary>The caseload of a correction officer (their token subject).</summary>
    public static ICaseloadGrain Caseload(this IGrainFactory grains, string officer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(officer);
        return grains.GetGrain<ICaseloadGrain>("caseload:" + officer);
    }

    /// <summary>The break-glass grants of a user (their token subject).</summary>
    public static IAccessGrantGrain AccessGrants(this IGrainFactory grains, string subject)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        return grains.GetGrain<IAccessGrantGrain>("grants:" + subject);
    }

    /// <summary>An alert by its deterministic key.</summary>
    public static IAlertGrain Alert(this IGrainFactory grains, string key) => grains.GetGrain<IAlertGrain>(key);

    /// <summary>The deadline owner an entity reference points at.</summary>
    public static IDeadlineOwnerGrain DeadlineOwner(this IGrainFactory grains, EntityRef entity) => grains.FieldEntity(entity);

    /// <summary>The property or person an entity reference points at.</summary>
    public static IFieldEntityGrain FieldEntity(this IGrainFactory grains, EntityRef entity) => entity.Kind switch
    {
        EntityKind.RentalProperty => grains.GetGrain<IRentalPropertyGrain>(entity.Id),
        EntityKind.MonitoredPerson => grains.GetGrain<IMonitoredPersonGrain>(entity.Id),
        _ => throw new ArgumentOutOfRangeException(nameof(entity), entity.Kind, "unknown entity kind"),
    };
}
