using System.ComponentModel.DataAnnotations;

namespace GridGovernance.Grains.Rentals;

/// <summary>Rental properties and tenants.</summary>
public sealed class RentalPolicy
{
    /// <summary>RH-09 (PRACTICE): visit interval in days for a GREEN property.</summary>
    [Range(1, 365)] public int GreenVisitDays { get; set; } = 21;

    /// <summary>RH-09: YELLOW.</summary>
    [Range(1, 365)] public int YellowVisitDays { get; set; } = 14;

    /// <summary>RH-09: ORANGE.</summary>
    [Range(1, 365)] public int OrangeVisitDays { get; set; } = 7;

    /// <summary>RH-09 / RH-07: RED (must not be rented) is visited weekly until cleared.</summary>
    [Range(1, 365)] public int RedVisitDays { get; set; } = 7;

    /// <summary>RH-02 (REG): working days the landlord has to report a tenant's arrival or departure.</summary>
    [Range(1, 30)] public int TenantReportWorkingDays { get; set; } = 3;

    /// <summary>GR-06 (PRACTICE): the visit interval of a property where a monitored person lives, while the link holds (at most).</summary>
    [Range(1, 365)] public int LinkedResidentVisitDays { get; set; } = 7;
}
