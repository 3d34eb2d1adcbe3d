using GridGovernance.Api.Supervision;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Geography;
using GridGovernance.Contracts.Supervision;

namespace GridGovernance.Api.Tests.Supervision;

/// <summary>The urgency order of an officer's caseload, without a cluster.</summary>
public sealed class CaseloadUrgencyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 3, 2);

    [Fact]
    public void Rank_OnePersonPerTier_OrdersOverdueThenProposalThenTripThenExpiringOrderThenQuiet()
    {
        var quiet = Assess(Person(Upcoming(DeadlineKind.ReportingDuty, 3)));
        var expiring = Assess(Person(), Case(monitoring: [Order(Today.AddDays(14))]));
        var trip = Assess(Person(), Case(trips: [Trip(TripStatus.Away)]));
        var proposal = Assess(Person(), Case(sanctions: [Proposal(SanctionStatus.Proposed)]));
        var overdue = Assess(Person(Missed(DeadlineKind.ReportingDuty, -2)));

        var ranked = CaseloadUrgency.Rank([quiet, expiring, trip, proposal, overdue]);

        Assert.Equal([overdue.Id, proposal.Id, trip.Id, expiring.Id, quiet.Id], ranked.Select(p => p.Id));
        Assert.Equal([1, 2, 3, 4, 5], ranked.Select(p => p.Tier));
        Assert.Equal([1, 2, 3, 4, 5], ranked.Select(p => p.Rank));
    }

    [Fact]
    public void Assess_OverdueWinsOverEverythingElseTheCaseHas()
    {
        var person = Assess(Person(Missed(DeadlineKind.Visit, -1)), Case(sanctions: [Proposal(SanctionStatus.Proposed)], trips: [Trip(TripStatus.Requested)], monitoring: [Order(Today)]));

        Assert.Equal(CaseloadUrgency.OverdueTier, person.Tier);
        Assert.Single(person.Proposals);
        Assert.Single(person.Trips);
        Assert.Single(person.ExpiringOrders);
    }

    [Fact]
    public void Assess_PendingPastDue_IsOverdue_AMilestoneOrAMetDeadlineIsNot()
    {
        var pendingPast = Assess(Person(Deadline(DeadlineKind.WrittenReport, -0.1, DeadlineStatus.Pending)));
        var milestone = Assess(Person(Deadline(DeadlineKind.StrictPeriodEnd, -1, DeadlineStatus.Pending), Deadline(DeadlineKind.Escalation, -1, DeadlineStatus.Pending)));
        var metLate = Assess(Person(Deadline(DeadlineKind.ReportingDuty, -3, DeadlineStatus.MetLate)));

        Assert.Equal((CaseloadUrgency.OverdueTier, DeadlineKind.WrittenReport), (pendingPast.Tier, Assert.Single(pendingPast.Overdue).Kind));
        Assert.Equal(CaseloadUrgency.QuietTier, milestone.Tier);
        Assert.Empty(milestone.Overdue);
        Assert.Empty(milestone.Upcoming);
        Assert.Equal(CaseloadUrgency.QuietTier, metLate.Tier);
    }

    [Fact]
    public void Assess_DecidedProposals_ReturnedOrApprovedTrips_AndOrdersEndingAfter14Days_AreNotUrgent()
    {
        var person = Assess(Person(), Case(
            sanctions: [Proposal(SanctionStatus.Confirmed), Proposal(SanctionStatus.Rejected)],
            trips: [Trip(TripStatus.Approved), Trip(TripStatus.Returned), Trip(TripStatus.Refused)],
            monitoring: [Order(Today.AddDays(15)), Order(Today.AddDays(3)) with { Active = false }]));

        Assert.Equal(CaseloadUrgency.QuietTier, person.Tier);
        Assert.Empty(person.Proposals);
        Assert.Empty(person.Trips);
        Assert.Empty(person.ExpiringOrders);
    }

    [Fact]
    public void Assess_CopiesTheProposalsRuleArticleAndViolations_AndTheTripsDates()
    {
        var trip = Trip(TripStatus.Requested);
        var person = Assess(Person(), Case(sanctions: [Proposal(SanctionStatus.Proposed)], trips: [trip]));

        var proposal = Assert.Single(person.Proposals);
        Assert.Equal(("CC-19:v1", SanctionKind.Admonition, "CC-19", "第三十五条第（二）项"), (proposal.Id, proposal.Sanction, proposal.Rule, proposal.Article));
        Assert.Equal(["v1"], proposal.Violations);
        Assert.Equal((trip.TripId, trip.Departs, trip.Returns, "广州"), (person.Trips[0].Id, person.Trips[0].From, person.Trips[0].To, person.Trips[0].Destination));
    }

    [Fact]
    public void CC31_Assess_WithoutLocationRights_WithholdsTripsOrdersAndTheirDeadlines()
    {
        var person = Assess(Person(Missed(DeadlineKind.TripReturn, -1), Upcoming(DeadlineKind.MonitoringExpiry, 5)),
            Case(trips: [Trip(TripStatus.Away)], monitoring: [Order(Today.AddDays(5))]), location: false);

        Assert.Equal(CaseloadUrgency.QuietTier, person.Tier);
        Assert.Empty(person.Overdue);
        Assert.Empty(person.Upcoming);
        Assert.Empty(person.Trips);
        Assert.Empty(person.ExpiringOrders);
    }

    [Fact]
    public void Rank_WithinATier_MostPressingFirst_QuietWithoutDeadlinesLast()
    {
        var lateLong = Assess(Person(Missed(DeadlineKind.ReportingDuty, -10)));
        var lateShort = Assess(Person(Missed(DeadlineKind.ReportingDuty, -1)));
        var soon = Assess(Person(Upcoming(DeadlineKind.Visit, 1)));
        var later = Assess(Person(Upcoming(DeadlineKind.Visit, 9)));
        var nothing = Assess(Person());
        var orderSooner = Assess(Person(), Case(monitoring: [Order(Today.AddDays(2))]));
        var orderLater = Assess(Person(), Case(monitoring: [Order(Today.AddDays(10))]));

        var ranked = CaseloadUrgency.Rank([nothing, later, orderLater, lateShort, soon, orderSooner, lateLong]);

        Assert.Equal([lateLong.Id, lateShort.Id, orderSooner.Id, orderLater.Id, soon.Id, later.Id, nothing.Id], ranked.Select(p => p.Id));
    }

    [Fact]
    public void Assess_ListsOverdueOldestFirst_AndUpcomingSoonestFirst()
    {
        var person = Assess(Person(Upcoming(DeadlineKind.Visit, 9), Missed(DeadlineKind.Visit, -1), Upcoming(DeadlineKind.ReportingDuty, 2), Missed(DeadlineKind.ReportingDuty, -5)));

        Assert.Equal([DeadlineKind.ReportingDuty, DeadlineKind.Visit], person.Overdue.Select(d => d.Kind));
        Assert.Equal([DeadlineKind.ReportingDuty, DeadlineKind.Visit], person.Upcoming.Select(d => d.Kind));
    }

    private static UrgentPerson Assess(PersonSummary person, CorrectionCaseView? correction = null, bool location = true) =>
        CaseloadUrgency.Assess(person, "张**", correction, location, Now);

    private static PersonSummary Person(params DeadlineView[] deadlines) =>
        new(new PersonId(Guid.NewGuid()), Programme.CommunityCorrection, SentenceType.Probation, SupervisionLevel.Ordinary, new CellCode("T-A-1"), new CommunityCode("T-A"),
            true, deadlines, null, "Active", true, "officer-1");

    private static CorrectionCaseView Case(IReadOnlyList<SanctionView>? sanctions = null, IReadOnlyList<TripView>? trips = null, IReadOnlyList<MonitoringView>? monitoring = null) =>
        new(new PersonId(Guid.NewGuid()), "Active", SentenceType.Probation, SupervisionLevel.Ordinary, Today.AddYears(1), [], [], null, 0,
            trips ?? [], [], sanctions ?? [], monitoring ?? [], []);

    private static DeadlineView Deadline(DeadlineKind kind, double days, DeadlineStatus status) =>
        new(kind + ":" + Guid.NewGuid().ToString("N")[..6], kind, Now.AddDays(days), status, null, "CC-10");

    private static DeadlineView Missed(DeadlineKind kind, double days) => Deadline(kind, days, DeadlineStatus.Missed);

    private static DeadlineView Upcoming(DeadlineKind kind, double days) => Deadline(kind, days, DeadlineStatus.Pending);

    private static SanctionView Proposal(SanctionStatus status) =>
        new("CC-19:v1", SanctionKind.Admonition, "CC-19", "第三十五条第（二）项", "minor breach", ["v1"], Today, status, null, null, false);

    private static TripView Trip(TripStatus status) =>
        new(Guid.NewGuid(), "广州", Today.AddDays(1), Today.AddDays(3), 3, ApproverLevel.JusticeOffice, status, null);

    private static MonitoringView Order(DateOnly endsOn) =>
        new(Guid.NewGuid(), MonitoringGround.ProhibitionOrderBreach, Today.AddMonths(-2), endsOn, 0, true);
}
