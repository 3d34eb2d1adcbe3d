using System.Text.Json;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Rentals;

namespace GridGovernance.Grains.Tests.Rentals;

/// <summary>Registration and command builders shared by the rental tests.</summary>
internal static class RentalKit
{
    public static readonly WorkerId Worker = new(Guid.NewGuid());

    /// <summary>In cell A-2 of a <see cref="TestGrid"/>.</summary>
    public static readonly GeoPoint Location = TestGrid.Centre(1, 0);

    public static readonly FireChecklistAnswers AllClear = new(false, false, false, false, null, VulnerableHousehold.None);

    public static async Task<(IRentalPropertyGrain Property, PropertyId Id, TestGrid Grid)> RegisterAsync(IGrainFactory grains, RiskGrade grade, DateTimeOffset lastVisited)
    {
        var grid = new TestGrid();
        await grid.ImportAsync(grains);
        var id = new PropertyId(Guid.NewGuid());
        var property = grains.Property(id);
        var outcome = await property.RegisterAsync(new RegisterProperty(grid.District, "石岐出租屋路8号", Location, new Landlord("房东", "13800000000"), grade, lastVisited), "test");
        Assert.True(outcome.IsOk, outcome.Detail);
        return (property, id, grid);
    }

    public static RegisterTenancy Tenancy(DateTimeOffset moveIn) =>
        new(Guid.NewGuid(), "租客", IdType.ResidentIdentityCard, "99999919900101" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture), moveIn);

    public static Inspection Inspection(DateTimeOffset now, FireChecklistAnswers checklist, RiskGrade? grade = null, string? reason = null) =>
        new(Guid.NewGuid(), new VisitCommand(Guid.NewGuid(), Worker, Location, 5, now, null), checklist, grade, reason);

    public static EntityRef Ref(PropertyId id) => new(EntityKind.RentalProperty, id.Value);

    /// <summary>A deep snapshot of a summary or answer, to assert that a refused command changed nothing.</summary>
    public static string Snapshot<T>(T value) => JsonSerializer.Serialize(value);
}
