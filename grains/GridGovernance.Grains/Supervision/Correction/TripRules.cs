using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Supervision;

namespace GridGovernance.Grains.Supervision.Correction;

/// <summary>Leaving the city or county (CC-15/16): how long one approval may cover and who must approve.</summary>
public static class TripRules
{
    /// <summary>Days away, counting the first and the last day.</summary>
    public static int Days(TripRequest request) => request.Returns.DayNumber - request.Departs.DayNumber + 1;

    /// <summary>The level the length needs: the justice office up to 7 days, the county above (CC-16).</summary>
    public static ApproverLevel Required(TripRequest request, CorrectionPolicy policy) =>
        Days(request) <= policy.OfficeApprovalMaxTripDays ? ApproverLevel.JusticeOffice : ApproverLevel.CountyAgency;

    /// <summary>What is wrong with a request, or null.</summary>
    public static Outcome? Validate(TripRequest request, DateOnly today, CorrectionPolicy policy)
    {
        if (request.TripId == Guid.Empty)
        {
            return Outcome.Invalid("tripId", "missing-field", "tripId is required (a UUID the client generates once).");
        }

        if (string.IsNullOrWhiteSpace(request.Destination) || request.Destination.Length > 200)
        {
            return Outcome.Invalid("destination", "missing-field", "destination is required, at most 200 characters.");
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 500)
        {
            return Outcome.Invalid("reason", "missing-field", "reason is required, at most 500 characters.");
        }

        if (request.Departs < today)
        {
            return Outcome.Invalid("departs", "impossible-date", "A trip is requested before leaving: departs cannot be in the past.");
        }

        if (request.Returns < request.Departs)
        {
            return Outcome.Invalid("returns", "impossible-date", "returns must be on or after departs.");
        }

        var days = Days(request);
        return days > policy.MaxTripDays
            ? Outcome.Invalid("returns", "trip-too-long", $"CC-15: one approval covers at most {policy.MaxTripDays} days; this trip is {days}.")
            : null;
    }
}
