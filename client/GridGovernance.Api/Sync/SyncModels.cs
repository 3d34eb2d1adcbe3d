using System.Text.Json.Serialization;
using GridGovernance.Contracts.Field;
using GridGovernance.Contracts.Rentals;

namespace GridGovernance.Api.Sync;

/// <summary>What a synced item records.</summary>
public enum SyncItemType
{
    /// <summary>A check-in at a property or person (the item id is the visit id).</summary>
    [JsonStringEnumMemberName("visit")] Visit,

    /// <summary>A tenant moving in (the item id is the tenancy id; RH-01/RH-02).</summary>
    [JsonStringEnumMemberName("tenancy")] Tenancy,

    /// <summary>A tenant moving out (<c>tenancyId</c>, <c>movedOutAt</c>; RH-02).</summary>
    [JsonStringEnumMemberName("move-out")] MoveOut,

    /// <summary>The landlord's arrival or departure report (<c>tenancyId</c>, <c>reportKind</c>; RH-02).</summary>
    [JsonStringEnumMemberName("tenant-report")] TenantReport,

    /// <summary>A fire-safety inspection (the item id is the inspection id; FS-02..FS-06).</summary>
    [JsonStringEnumMemberName("inspection")] Inspection,
}

/// <summary>The kind of thing an item is about.</summary>
public enum SyncEntityKind
{
    /// <summary>A rental property.</summary>
    [JsonStringEnumMemberName("property")] Property,

    /// <summary>A monitored person (visits only).</summary>
    [JsonStringEnumMemberName("person")] Person,
}

/// <summary>Which landlord report a <c>tenant-report</c> item records.</summary>
public enum SyncReportKind
{
    /// <summary>The tenant moved in.</summary>
    [JsonStringEnumMemberName("arrival")] Arrival,

    /// <summary>The tenant moved out.</summary>
    [JsonStringEnumMemberName("departure")] Departure,
}

/// <summary>What became of one item.</summary>
public enum SyncStatus
{
    /// <summary>Applied now.</summary>
    [JsonStringEnumMemberName("accepted")] Accepted,

    /// <summary>Applied before (same id, same content): nothing changed; the answer is the one it got then.</summary>
    [JsonStringEnumMemberName("duplicate")] Duplicate,

    /// <summary>Contradicts what is recorded (e.g. the same id with other content); nothing changed. See <c>problem</c>.</summary>
    [JsonStringEnumMemberName("conflict")] Conflict,

    /// <summary>Not applied: invalid, unknown target, out of scope, or unavailable for now. See <c>problem</c> and <c>field</c>.</summary>
    [JsonStringEnumMemberName("rejected")] Rejected,
}

/// <summary>A batch of field work recorded offline on a phone.</summary>
/// <param name="DeviceId">The phone (for logs and support).</param>
/// <param name="Items">1 to 500 items; each is applied on its own and answered in this order.</param>
public sealed record SyncRequest(string DeviceId, IReadOnlyList<SyncItem> Items);

/// <summary>One item of a batch; which fields apply depends on <see cref="Type"/>.</summary>
/// <param name="ItemId">The phone's id for the item, generated once; the idempotency key (visit, tenancy or inspection id).</param>
/// <param name="Type"><c>visit</c>, <c>tenancy</c>, <c>move-out</c>, <c>tenant-report</c> or <c>inspection</c>.</param>
/// <param name="Entity">The property or person it is about.</param>
/// <param name="DeviceTime">The phone's clock when it was recorded (evidence; the server's clock plans deadlines).</param>
/// <param name="Gps">The GPS fix (required for visits and inspections).</param>
/// <param name="Note">Free text (visit, inspection), at most 500 characters.</param>
/// <param name="TenancyId">move-out, tenant-report: the tenancy.</param>
/// <param name="TenantName">tenancy: the tenant's name (RH-01).</param>
/// <param name="IdType">tenancy: the ID document type (RH-01).</param>
/// <param name="IdNumber">tenancy: the ID document number (RH-01); stored encrypted, never echoed.</param>
/// <param name="MoveInAt">tenancy: when the tenant moved in.</param>
/// <param name="MovedOutAt">move-out: when the tenant moved out.</param>
/// <param name="ReportKind">tenant-report: <c>arrival</c> or <c>departure</c>.</param>
/// <param name="VisitId">inspection: the id of the visit it is (defaults to the item id).</param>
/// <param name="Checklist">inspection: the fire-safety checklist, required, with all four answers given (as for <c>POST /properties/{id}/inspections</c>).</param>
/// <param name="NewGrade">inspection: a new risk grade decided on the spot.</param>
/// <param name="GradeReason">inspection: why the grade changes.</param>
public sealed record SyncItem(
    Guid ItemId, SyncItemType? Type, SyncEntity? Entity, DateTimeOffset? DeviceTime, SyncGps? Gps, string? Note,
    Guid? TenancyId, string? TenantName, IdType? IdType, string? IdNumber, DateTimeOffset? MoveInAt, DateTimeOffset? MovedOutAt,
    SyncReportKind? ReportKind, Guid? VisitId, Endpoints.ChecklistBody? Checklist, RiskGrade? NewGrade, string? GradeReason);

/// <summary>The target of an item.</summary>
/// <param name="Kind"><c>property</c> or <c>person</c>.</param>
/// <param name="Id">Its id.</param>
public sealed record SyncEntity(SyncEntityKind? Kind, Guid Id);

/// <summary>A GPS fix (WGS84).</summary>
/// <param name="Longitude">Degrees east, −180..180.</param>
/// <param name="Latitude">Degrees north, −90..90.</param>
/// <param name="AccuracyMetres">The fix's accuracy radius, if the phone gave one.</param>
public sealed record SyncGps(double? Longitude, double? Latitude, double? AccuracyMetres);

/// <summary>The answer to a batch: one result per item, in the request's order.</summary>
/// <param name="DeviceId">The phone, as sent.</param>
/// <param name="Accepted">Items applied now.</param>
/// <param name="Duplicates">Items applied before.</param>
/// <param name="Conflicts">Items that contradict the record.</param>
/// <param name="Rejected">Items not applied.</param>
/// <param name="Results">One per item, in order.</param>
public sealed record SyncResponse(string DeviceId, int Accepted, int Duplicates, int Conflicts, int Rejected, IReadOnlyList<SyncItemResult> Results);

/// <summary>What became of one item.</summary>
/// <param name="Index">Its position in the request.</param>
/// <param name="ItemId">Its id, when it could be read.</param>
/// <param name="Type">Its type, when it could be read.</param>
/// <param name="Status">accepted, duplicate, conflict or rejected.</param>
/// <param name="Problem">For conflict and rejected: a stable problem slug (<c>/problems/&lt;slug&gt;</c>).</param>
/// <param name="Detail">For conflict and rejected: a sentence.</param>
/// <param name="Field">The item's field at fault, when one is (e.g. <c>gps.latitude</c>).</param>
/// <param name="Answer">For accepted and duplicate: what the server made of it.</param>
public sealed record SyncItemResult(int Index, Guid? ItemId, SyncItemType? Type, SyncStatus Status, string? Problem, string? Detail, string? Field, SyncAnswer? Answer);

/// <summary>What the server made of an applied item (visits and inspections; empty otherwise).</summary>
/// <param name="Proximity">Near, Far or Unverifiable against the registered location.</param>
/// <param name="DistanceMetres">Distance from the registered location; null for a person whose location the caller may not see (CC-31).</param>
/// <param name="RecordedAt">Server time of the visit.</param>
/// <param name="NextVisitDue">The next routine visit it planned.</param>
/// <param name="HazardsOpened">inspection: hazards it found.</param>
/// <param name="HazardsRectified">inspection: open hazards it found fixed.</param>
/// <param name="IsSmallPlace">inspection: whether the small place is within the FS-06 limits.</param>
public sealed record SyncAnswer(
    Proximity? Proximity, double? DistanceMetres, DateTimeOffset? RecordedAt, DateTimeOffset? NextVisitDue,
    IReadOnlyList<string>? HazardsOpened = null, IReadOnlyList<string>? HazardsRectified = null, bool? IsSmallPlace = null)
{
    /// <summary>From a visit's answer; the distance only when <paramref name="withDistance"/> (a person's location, CC-31).</summary>
    public static SyncAnswer? Of(VisitResult? visit, bool withDistance = true) =>
        visit is null ? null : new(visit.Proximity, withDistance ? visit.DistanceMetres : null, visit.RecordedAt, visit.NextVisitDue);
}
