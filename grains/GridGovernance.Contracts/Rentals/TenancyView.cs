namespace GridGovernance.Contracts.Rentals;

/// <summary>
/// A tenancy as officers see it (PI-14): the tenant's name and ID type, the ID number masked, the dates and the
/// landlord's reports. Neither the number in clear nor its blind index ever leaves the grain in a view.
/// </summary>
/// <param name="TenancyId">The client-given id of the registration.</param>
/// <param name="TenantName">The tenant's name.</param>
/// <param name="IdType">Identity document type.</param>
/// <param name="IdNumberMasked">The ID number masked for display (e.g. <c>999***********4321</c>).</param>
/// <param name="MoveInAt">When the tenant moved in.</param>
/// <param name="MovedOutAt">When the tenant moved out, if they did.</param>
/// <param name="ArrivalReportedAt">When the landlord reported the arrival (RH-02).</param>
/// <param name="DepartureReportedAt">When the landlord reported the departure (RH-02).</param>
/// <param name="VerifiedAt">When a visit verified the reported tenancy on the spot.</param>
/// <param name="Active">Whether the tenant lives there now.</param>
/// <param name="PendingReport">Whether the arrival or departure report is still owed (RH-02).</param>
[GenerateSerializer, Immutable, Alias("gg.tenancy-view")]
public sealed record TenancyView(
    Guid TenancyId, string TenantName, IdType IdType, string IdNumberMasked, DateTimeOffset MoveInAt, DateTimeOffset? MovedOutAt,
    DateTimeOffset? ArrivalReportedAt, DateTimeOffset? DepartureReportedAt, DateTimeOffset? VerifiedAt, bool Active, bool PendingReport);
