using GridGovernance.Contracts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Grains.Tests.Infrastructure;

namespace GridGovernance.Grains.Tests.Rentals;

/// <summary>The tenancy view (PI-14): masked ID numbers, dates and report status; never the number in clear.</summary>
[Collection(GrainCluster.Name)]
public sealed class TenancyViewTests(GrainClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    [Fact]
    public async Task PI14_Tenancies_AreMasked_ActiveFirst_WithReportsAndDates()
    {
        var (property, _, _) = await RentalKit.RegisterAsync(Grains, RiskGrade.Green, Now);
        var earlier = RentalKit.Tenancy(Now - TimeSpan.FromDays(10));
        var later = RentalKit.Tenancy(Now - TimeSpan.FromDays(2));
        await property.RegisterTenancyAsync(earlier, "test");
        await property.RegisterTenancyAsync(later, "test");
        await property.RecordTenantReportAsync(earlier.TenancyId, TenantReportKind.Arrival, "landlord");
        var movedOut = Now - TimeSpan.FromDays(1);
        await property.RecordMoveOutAsync(earlier.TenancyId, movedOut, "landlord");

        var views = (await property.GetTenanciesAsync())!;

        Assert.Equal([later.TenancyId, earlier.TenancyId], views.Select(v => v.TenancyId));
        var ended = views[1];
        Assert.Equal(("租客", IdType.ResidentIdentityCard, earlier.MoveInAt, movedOut, false, true), (ended.TenantName, ended.IdType, ended.MoveInAt, ended.MovedOutAt, ended.Active, ended.PendingReport));
        Assert.NotNull(ended.ArrivalReportedAt);
        Assert.Null(ended.DepartureReportedAt);
        var current = views[0];
        Assert.True(current.Active);
        Assert.Null(current.ArrivalReportedAt);
        Assert.Equal(later.IdNumber![..3] + new string('*', later.IdNumber.Length - 7) + later.IdNumber[^4..], current.IdNumberMasked);
        var text = RentalKit.Snapshot(views);
        Assert.DoesNotContain(earlier.IdNumber!, text);
        Assert.DoesNotContain(later.IdNumber, text);
    }

    [Fact]
    public async Task Tenancies_OfAnUnregisteredProperty_AreNull()
    {
        Assert.Null(await Grains.Property(new PropertyId(Guid.NewGuid())).GetTenanciesAsync());
    }
}
