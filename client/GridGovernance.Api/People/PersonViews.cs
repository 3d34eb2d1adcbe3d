using System.ComponentModel.DataAnnotations;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Deadlines;
using GridGovernance.Contracts.Supervision;

namespace GridGovernance.Api.People;

/// <summary>A WGS84 point, longitude first (RFC 7946 order).</summary>
/// <param name="Longitude">Degrees east, −180..180.</param>
/// <param name="Latitude">Degrees north, −90..90.</param>
public sealed record PointBody([property: Required, Range(-180.0, 180.0)] double? Longitude, [property: Required, Range(-90.0, 90.0)] double? Latitude)
{
    /// <summary>The point (call after validation).</summary>
    public GeoPoint ToPoint() => new(Longitude ?? double.NaN, Latitude ?? double.NaN);

    /// <summary>The point as the API shows it.</summary>
    public static PointBody From(GeoPoint point) => new(point.Longitude, point.Latitude);
}

/// <summary>A monitored person without personal detail: programme, stage, where they are placed, deadlines.</summary>
/// <param name="Id">The person's id.</param>
/// <param name="Programme">Programme.</param>
/// <param name="SentenceType">Correction: sentence type.</param>
/// <param name="Level">Correction: supervision level.</param>
/// <param name="Stage">Where the case stands.</param>
/// <param name="Cell">Cell of the home.</param>
/// <param name="Community">Community of the home.</param>
/// <param name="Reported">Whether the person has reported in.</param>
/// <param name="UnderActiveControl">False once the case closed or the person left dynamic control.</param>
/// <param name="LastVisitedAt">Last visit.</param>
/// <param name="Officer">The correction officer whose caseload holds the person.</param>
/// <param name="Deadlines">Deadlines; trip and monitoring ones of a correction subject only for callers allowed location data (CC-31).</param>
public sealed record PersonSummaryView(
    Guid Id, Programme Programme, SentenceType? SentenceType, SupervisionLevel? Level, string? Stage, string? Cell, string? Community,
    bool Reported, bool UnderActiveControl, DateTimeOffset? LastVisitedAt, string? Officer, IReadOnlyList<DeadlineView> Deadlines)
{
    /// <summary>The summary as a caller sees it: location deadlines withheld unless <paramref name="location"/>.</summary>
    public static PersonSummaryView From(PersonSummary s, bool location) => new(
        s.Id.Value, s.Programme, s.SentenceType, s.Level, s.Stage, s.Cell?.Value, s.Community?.Value, s.Reported, s.UnderActiveControl, s.LastVisitedAt, s.Officer,
        location ? s.Deadlines : [.. s.Deadlines.Where(d => !LocationData.IsLocationDeadline(d))]);
}

/// <summary>A monitored person's record: the summary, the MASKED name (PI-14), gender and — when allowed — the home.</summary>
/// <param name="Person">The summary.</param>
/// <param name="Name">The name, masked (张**); the clear name needs a reveal with a purpose.</param>
/// <param name="Gender">Gender.</param>
/// <param name="Home">Registered home point; null when withheld (CC-31) or unknown.</param>
/// <param name="HomeProperty">The linked rental property; null when withheld (CC-31) or not linked.</param>
/// <param name="LocationWithheld">True when this caller may not see the person's location data (CC-31): home, home property, trips, monitoring.</param>
public sealed record PersonView(PersonSummaryView Person, string Name, Gender Gender, PointBody? Home, Guid? HomeProperty, bool LocationWithheld)
{
    /// <summary>The record as a caller sees it.</summary>
    public static PersonView From(PersonRecord record, bool location) => new(
        PersonSummaryView.From(record.Summary, location),
        record.MaskedName,
        record.Gender,
        location && record.Home is { } home ? PointBody.From(home) : null,
        location ? record.HomeProperty?.Value : null,
        !location);
}

/// <summary>What counts as a correction subject's location data (CC-31): trips, their returns, monitoring.</summary>
public static class LocationData
{
    /// <summary>A deadline that tells where the subject goes or that they are monitored.</summary>
    public static bool IsLocationDeadline(DeadlineView deadline) =>
        deadline.Kind is DeadlineKind.TripReturn or DeadlineKind.MonitoringExpiry
        || deadline.Id.StartsWith("trip:", StringComparison.Ordinal)
        || deadline.Id.StartsWith("escalate:trip:", StringComparison.Ordinal);
}
