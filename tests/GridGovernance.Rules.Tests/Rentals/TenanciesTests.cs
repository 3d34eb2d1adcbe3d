using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Rentals;
using GridGovernance.Grains.Calendar;
using GridGovernance.Grains.Rentals;

namespace GridGovernance.Rules.Tests.Rentals;

/// <summary>The tenancy lifecycle rules, without a cluster.</summary>
public sealed class TenanciesTests
{
    private static readonly DateTimeOffset MoveIn = new(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void RH02_DepartureReport_HasItsOwnIdAndIsDueThreeWorkingDaysAfterTheMoveOut()
    {
        var tenancy = Guid.NewGuid();
        var moveOut = new DateTimeOffset(2026, 3, 6, 18, 0, 0, TimeSpan.FromHours(8)); // a Friday

        var report = Tenancies.ReportDeadline(Tenancies.DepartureReportId(tenancy), tenancy, moveOut, 3);

        Assert.NotEqual(Tenancies.ArrivalReportId(tenancy), report.Id);
        Assert.Equal((tenancy.ToString("N"), "RH-02"), (report.Subject, report.Rule));
        Assert.Equal(WorkingDayCalendar.EndOfLocalDay(new DateOnly(2026, 3, 11)), report.DueAt); // Mon, Tue, Wed
    }

    [Fact]
    public void RH02_MoveOutBeforeMoveInOrInTheFuture_IsImpossible()
    {
        var tenancy = NewTenancy();
        var now = MoveIn.AddDays(10);

        Assert.Equal((OutcomeKind.Invalid, "movedOutAt"), Kind(tenancy.CheckMoveOut(MoveIn.AddMinutes(-1), now)));
        Assert.Equal((OutcomeKind.Invalid, "movedOutAt"), Kind(tenancy.CheckMoveOut(now.AddDays(1), now)));
        Assert.Null(tenancy.CheckMoveOut(now, now));
        Assert.Null(tenancy.CheckMoveOut(MoveIn, now));
    }

    [Fact]
    public void RH02_Lifecycle_ReportVerifyMoveOutReportAgain()
    {
        var tenancy = NewTenancy();
        var tenancies = new List<Tenancy> { tenancy };

        Assert.True(tenancy.PendingReport());
        Assert.Empty(tenancies.Verify(MoveIn.AddDays(1))); // not reported yet: a visit verifies nothing
        Assert.True(tenancy.RecordReport(TenantReportKind.Arrival, MoveIn.AddDays(1)));
        Assert.False(tenancy.RecordReport(TenantReportKind.Arrival, MoveIn.AddDays(2)));
        Assert.True(tenancy.PendingVerification());
        Assert.Equal([tenancy.Id], tenancies.Verify(MoveIn.AddDays(3)));
        Assert.Empty(tenancies.Verify(MoveIn.AddDays(4)));

        tenancy.MovedOutAt = MoveIn.AddDays(5);
        Assert.True(tenancy.PendingReport());
        Assert.False(tenancy.RecordReport(TenantReportKind.Arrival, MoveIn.AddDays(6))); // a retried arrival report
        Assert.True(tenancy.PendingReport());
        Assert.True(tenancy.RecordReport(TenantReportKind.Departure, MoveIn.AddDays(6)));
        Assert.Equal(MoveIn.AddDays(6), tenancy.DepartureReportedAt);
        Assert.False(tenancy.PendingReport());
    }

    [Fact]
    public void RH01_MissingIdType_IsInvalidNamingTheField()
    {
        var outcome = Tenancies.Validate(new RegisterTenancy(Guid.NewGuid(), "租客", (IdType)42, "123456", MoveIn));

        Assert.Equal((OutcomeKind.Invalid, "idType"), Kind(outcome));
    }

    private static (OutcomeKind?, string?) Kind(Outcome? outcome) => (outcome?.Kind, outcome?.Field);

    private static Tenancy NewTenancy() => new()
    {
        Id = Guid.NewGuid(),
        TenantName = "租客",
        IdType = IdType.ResidentIdentityCard,
        IdNumber = "999999199001011234",
        MoveInAt = MoveIn,
        Fingerprint = "f",
    };
}
