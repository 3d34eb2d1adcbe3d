using GridGovernance.Contracts.Rentals;

namespace GridGovernance.Grains.Rentals;

/// <summary>Read views of the property beyond its summary.</summary>
public sealed partial class RentalPropertyGrain
{
    public ValueTask<IReadOnlyList<TenancyView>?> GetTenanciesAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<TenancyView>?>(State.Exists
            ? [.. State.Tenancies.OrderByDescending(t => t.Active).ThenByDescending(t => t.MoveInAt).Select(View)]
            : null);

    /// <summary>A tenancy for display: the masked number only (PI-14); never the protected value or its blind index.</summary>
    private static TenancyView View(Tenancy tenancy) => new(
        tenancy.Id,
        tenancy.TenantName,
        tenancy.IdType,
        tenancy.IdNumberMasked ?? "",
        tenancy.MoveInAt,
        tenancy.MovedOutAt,
        tenancy.ReportedAt,
        tenancy.DepartureReportedAt,
        tenancy.VerifiedAt,
        tenancy.Active,
        tenancy.PendingReport());
}
