using GridGovernance.Api.People;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Supervision;

namespace GridGovernance.Api.Supervision;

/// <summary>
/// What an officer should look at first on their caseload: each person's urgent items and a tier, and the order of the
/// list. Tier 1: an overdue duty (any deadline but a milestone that has passed undone); 2: a sanction proposal waiting
/// for a decision; 3: a trip awaiting approval or under way; 4: a monitoring order that ends within
/// <see cref="ExpiryWindowDays"/> days; 5: the rest. Within a tier the most pressing comes first (the oldest overdue
/// item, the soonest return or order end, otherwise the next due date), then the id, so the order is stable.
/// Pure: no grains, no clock of its own.
/// </summary>
public static class CaseloadUrgency
{
    /// <summary>How many days ahead a monitoring order's end counts as expiring.</summary>
    public const int ExpiryWindowDays = 14;

    /// <summary>Tier of a person with an overdue duty.</summary>
    public const int OverdueTier = 1;

    /// <summary>Tier of a person with a pending sanction proposal.</summary>
    public const int ProposalTier = 2;

    /// <summary>Tier of a person with a trip awaiting approval or under way.</summary>
    public const int TripTier = 3;

    /// <summary>Tier of a person whose monitoring order ends soon.</summary>
    public const int ExpiringOrderTier = 4;

    /// <summary>Tier of everyone else.</summary>
    public const int QuietTier = 5;

    /// <summary>
    /// One person's entry (rank 0 until <see cref="Rank"/>). Case items come only from <paramref name="correction"/>
    /// (null for a rehabilitation subject or a caller without the case); trips, monitoring orders and their deadlines
    /// only when <paramref name="location"/> (CC-31).
    /// </summary>
    /// <param name="person">The person's summary.</param>
    /// <param name="maskedName">The name as the caseload shows it (masked).</param>
    /// <param name="correction">The correction case, when the caller may read it.</param>
    /// <param name="location">Whether the caller may see the person's location data.</param>
    /// <param name="now">The instant the list is judged at.</param>
    public static UrgentPerson Assess(PersonSummary person, string maskedName, CorrectionCaseView? correction, bool location, DateTimeOffset now)
    {
        var deadlines = person.Deadlines.Where(d => location || !LocationData.IsLocationDeadline(d)).ToList();
        var overdue = deadlines
            .Where(d => IsOverdue(d, now))
            .OrderBy(d => d.DueAt).ThenBy(d => d.Id, StringComparer.Ordinal)
            .Select(UrgentDeadline.From).ToList();
        var upcoming = deadlines
            .Where(d => d.Status == DeadlineStatus.Pending && d.DueAt > now && d.Kind != DeadlineKind.Escalation)
            .OrderBy(d => d.DueAt).ThenBy(d => d.Id, StringComparer.Ordinal)
            .Select(UrgentDeadline.From).ToList();
        var proposals = correction?.Sanctions.Where(s => s.Status == SanctionStatus.Proposed)
            .Select(s => new UrgentProposal(s.Id, s.Kind, s.Rule, s.Article, s.Evidence)).ToList() ?? [];
        var trips = location && correction is not null
            ? correction.Trips.Where(t => t.Status is TripStatus.Requested or TripStatus.Away)
                .OrderBy(t => t.Returns).ThenBy(t => t.TripId)
                .Select(t => new UrgentTrip(t.TripId, t.Departs, t.Returns, t.Destination, t.Status)).ToList()
            : [];
        var today = DateOnly.FromDateTime(now.ToOffset(Instants.ChinaOffset).DateTime);
        var orders = location && correction is not null
            ? correction.Monitoring.Where(m => m.Active && m.EndsOn <= today.AddDays(ExpiryWindowDays))
                .OrderBy(m => m.EndsOn).ThenBy(m => m.OrderId)
                .Select(m => new ExpiringOrder(m.OrderId, m.EndsOn, m.Ground)).ToList()
            : [];
        var tier = overdue.Count > 0 ? OverdueTier
            : proposals.Count > 0 ? ProposalTier
            : trips.Count > 0 ? TripTier
            : orders.Count > 0 ? ExpiringOrderTier
            : QuietTier;
        return new UrgentPerson(0, tier, person.Id.Value, maskedName, person.Programme, person.Stage, person.Level, person.Cell?.Value,
            overdue, proposals, trips, orders, upcoming);
    }

    /// <summary>A deadline that passed undone and is not a milestone (a milestone's passing is nobody's failure).</summary>
    public static bool IsOverdue(DeadlineView deadline, DateTimeOffset now) =>
        !DeadlineKinds.IsMilestone(deadline.Kind)
        && (deadline.Status == DeadlineStatus.Missed || (deadline.Status == DeadlineStatus.Pending && deadline.DueAt <= now));

    /// <summary>The list in urgency order, ranked from 1.</summary>
    public static IReadOnlyList<UrgentPerson> Rank(IEnumerable<UrgentPerson> people) =>
        [.. people.OrderBy(p => p.Tier).ThenBy(Pressing).ThenBy(p => p.Id).Select((p, i) => p with { Rank = i + 1 })];

    /// <summary>Within a tier: when its most pressing item falls due (none: last).</summary>
    private static DateTimeOffset Pressing(UrgentPerson person) => person.Tier switch
    {
        OverdueTier => person.Overdue[0].DueAt,
        TripTier => Start(person.Trips.Min(t => t.To)),
        ExpiringOrderTier => Start(person.ExpiringOrders.Min(o => o.EndsOn)),
        _ => person.Upcoming.Count > 0 ? person.Upcoming[0].DueAt : DateTimeOffset.MaxValue,
    };

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), Instants.ChinaOffset);
}

/// <summary>The caller's caseload, most urgent first.</summary>
/// <param name="AsOf">When it was judged.</param>
/// <param name="People">The people, in urgency order.</param>
public sealed record UrgentCaseloadResponse(DateTimeOffset AsOf, IReadOnlyList<UrgentPerson> People);

/// <summary>One person of the urgent caseload.</summary>
/// <param name="Rank">Position in the list, from 1.</param>
/// <param name="Tier">1 overdue duty, 2 pending sanction proposal, 3 trip awaiting approval or under way, 4 monitoring order ending within 14 days, 5 the rest.</param>
/// <param name="Id">The person's id.</param>
/// <param name="Name">The name, masked (张**).</param>
/// <param name="Programme">Programme.</param>
/// <param name="Stage">Where the case stands.</param>
/// <param name="Level">Correction: supervision level.</param>
/// <param name="Cell">Cell of the home.</param>
/// <param name="Overdue">Deadlines passed undone, oldest first.</param>
/// <param name="Proposals">Sanction proposals awaiting a decision.</param>
/// <param name="Trips">Trips awaiting approval or under way (CC-31: correction roles only).</param>
/// <param name="ExpiringOrders">Active monitoring orders ending within 14 days (CC-31: correction roles only).</param>
/// <param name="Upcoming">Pending deadlines not yet due, soonest first.</param>
public sealed record UrgentPerson(
    int Rank, int Tier, Guid Id, string Name, Programme Programme, string? Stage, SupervisionLevel? Level, string? Cell,
    IReadOnlyList<UrgentDeadline> Overdue, IReadOnlyList<UrgentProposal> Proposals, IReadOnlyList<UrgentTrip> Trips,
    IReadOnlyList<ExpiringOrder> ExpiringOrders, IReadOnlyList<UrgentDeadline> Upcoming);

/// <summary>A deadline on the urgent caseload.</summary>
/// <param name="Kind">What it is for.</param>
/// <param name="Rule">The rule behind it, e.g. <c>CC-10</c>.</param>
/// <param name="DueAt">When it is (or was) due.</param>
public sealed record UrgentDeadline(DeadlineKind Kind, string Rule, DateTimeOffset DueAt)
{
    /// <summary>From the grain's view.</summary>
    public static UrgentDeadline From(DeadlineView deadline) => new(deadline.Kind, deadline.Rule, deadline.DueAt);
}

/// <summary>A sanction proposal awaiting the officer.</summary>
/// <param name="Id">The proposal (the id the decision endpoint takes).</param>
/// <param name="Sanction">Admonition, warning or revocation proposal.</param>
/// <param name="Rule">Rule id, e.g. <c>CC-20</c>.</param>
/// <param name="Article">The article it rests on.</param>
/// <param name="Violations">The violations or sanctions it rests on.</param>
public sealed record UrgentProposal(string Id, SanctionKind Sanction, string Rule, string Article, IReadOnlyList<string> Violations);

/// <summary>A trip awaiting approval or under way.</summary>
/// <param name="Id">The trip.</param>
/// <param name="From">First day away.</param>
/// <param name="To">Last day away.</param>
/// <param name="Destination">Where to.</param>
/// <param name="Status">Requested or Away.</param>
public sealed record UrgentTrip(Guid Id, DateOnly From, DateOnly To, string Destination, TripStatus Status);

/// <summary>An electronic monitoring order that ends soon.</summary>
/// <param name="Id">The order.</param>
/// <param name="EndsOn">Its last day (after extensions).</param>
/// <param name="Ground">Why it was ordered.</param>
public sealed record ExpiringOrder(Guid Id, DateOnly EndsOn, MonitoringGround Ground);
