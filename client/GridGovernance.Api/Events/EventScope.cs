using System.Collections.Immutable;
using GridGovernance.Api.Endpoints;
using GridGovernance.Api.Security;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Geography;
using GridGovernance.Contracts.Security;
using GridGovernance.Contracts.Supervision;

namespace GridGovernance.Api.Events;

/// <summary>
/// What one stream may carry: the caller's own reach for <see cref="Capability.StreamEvents"/> (district,
/// community, cells or caseload), widened by the break-glass grants they opened under the same role, and
/// narrowed by the stream's optional cell or community filter. Caseload and grants are re-read every
/// <see cref="EventStreamOptions.ScopeRefreshInterval"/>; a grant's expiry is checked on every event.
/// </summary>
public sealed partial class EventScope
{
    private readonly GridCaller _caller;
    private readonly ScopeKind _reach;
    private readonly CellCode? _cell;
    private readonly CommunityCode? _community;
    private readonly IClusterClient _client;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshInterval;
    private readonly ILogger _logger;
    private readonly HashSet<string> _shownCommunities = [];
    private readonly Dictionary<EntityRef, Place> _places = [];
    private readonly Dictionary<string, bool> _locationAlerts = new(StringComparer.Ordinal);
    private ImmutableHashSet<Guid> _caseload = [];
    private ImmutableArray<AccessGrant> _grants = [];
    private DateTimeOffset _refreshedAt;

    private EventScope(GridCaller caller, ScopeKind reach, CellCode? cell, CommunityCode? community, IClusterClient client, TimeProvider time, TimeSpan refreshInterval, ILogger logger)
    {
        _caller = caller;
        _reach = reach;
        _cell = cell;
        _community = community;
        _client = client;
        _time = time;
        _refreshInterval = refreshInterval;
        _logger = logger;
    }

    /// <summary>The scope of <paramref name="caller"/>'s stream, with its caseload and grants read once.</summary>
    public static async Task<EventScope> CreateAsync(GridCaller caller, ScopeKind reach, CellCode? cell, CommunityCode? community, IClusterClient client, TimeProvider time, TimeSpan refreshInterval, ILogger logger, CancellationToken cancellationToken)
    {
        var scope = new EventScope(caller, reach, cell, community, client, time, refreshInterval, logger);
        await scope.RefreshAsync(cancellationToken);
        return scope;
    }

    /// <summary>Re-reads caseload and grants when the refresh interval has passed.</summary>
    public Task RefreshIfDueAsync(CancellationToken cancellationToken) =>
        _time.GetUtcNow() - _refreshedAt >= _refreshInterval ? RefreshAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// Whether this stream carries a journal row (and notes its community for <see cref="Shows(string)"/>). An alert is
    /// scoped by where its source is now (a moved property or person takes its cards along), a caseload also needs the
    /// person's record to name the caller as officer, and a correction subject's trip or monitoring card is carried
    /// only to callers who may read that person's location (CC-31).
    /// </summary>
    public async ValueTask<bool> ShowsAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var source = AlertKeys.SourceOf(entry.EntityId);
        var place = source is { } known ? await PlaceAsync(known, entry, cancellationToken) : new Place(entry.Cell, entry.Community, null);
        if ((_cell is { } cell && place.Cell != cell.Value) || (_community is { } community && place.Community != community.Value))
        {
            return false;
        }

        var person = source is { Kind: EntityKind.MonitoredPerson } subject ? subject.Id.ToString("N") : null;
        var shown = Reaches(_reach, place, person) || Granted(place, person);
        if (shown && person is not null && place.Person is not { Programme: not Programme.CommunityCorrection }
            && await IsLocationAlertAsync(entry.EntityId, cancellationToken))
        {
            shown = AccessPolicy.Reach(_caller.Role, Capability.ReadCorrectionLocation) is { } reach && place.Person is not null
                && (Reaches(reach, place, person) || Granted(place, person));
        }

        if (shown && entry.Community is { } shownCommunity)
        {
            _shownCommunities.Add(shownCommunity);
        }

        return shown;
    }

    /// <summary>
    /// Whether this stream carries a community's counts: counts are no personal data (every role reads the
    /// overview), so a stream gets those of the communities in its reach and of any community it has shown an alert of.
    /// </summary>
    public bool Shows(string community)
    {
        if (_community is { } filter && filter.Value != community)
        {
            return false;
        }

        return _shownCommunities.Contains(community) || (_cell is null && _reach switch
        {
            ScopeKind.District => true,
            ScopeKind.Community => _caller.Community?.Value == community,
            _ => false,
        });
    }

    private bool Reaches(ScopeKind reach, Place place, string? person) => reach switch
    {
        ScopeKind.District => true,
        ScopeKind.Community => _caller.Community is { } mine && place.Community == mine.Value,
        ScopeKind.Cells => place.Cell is { } cell && _caller.Cells.Contains(new CellCode(cell)),
        ScopeKind.Caseload => person is not null && Guid.TryParseExact(person, "N", out var id) && _caseload.Contains(id)
            && place.Person is { } record && CaseloadRule.NamesOfficer(_caller, record),
        _ => false,
    };

    private bool Granted(Place place, string? person) =>
        Granted(GrantTargetKind.Cell, place.Cell) || Granted(GrantTargetKind.Community, place.Community) || Granted(GrantTargetKind.Person, person);

    /// <summary>Where an alert's source is now (where the alert was raised when the source is no longer on record); remembered until the next refresh.</summary>
    private async ValueTask<Place> PlaceAsync(EntityRef source, JournalEntry entry, CancellationToken cancellationToken)
    {
        if (_places.TryGetValue(source, out var known))
        {
            return known;
        }

        Place place;
        if (source.Kind == EntityKind.Cell)
        {
            place = new Place(entry.Cell, entry.Community, null);
        }
        else if (source.Kind == EntityKind.RentalProperty)
        {
            place = await _client.Property(new PropertyId(source.Id)).GetAsync(cancellationToken) is { Cell: { } cell } property
                ? new Place(cell.Value, property.Community?.Value, null)
                : new Place(entry.Cell, entry.Community, null);
        }
        else
        {
            place = await _client.Person(new PersonId(source.Id)).GetAsync(cancellationToken) is { } person
                ? person.Cell is { } cell ? new Place(cell.Value, person.Community?.Value, person) : new Place(entry.Cell, entry.Community, person)
                : new Place(entry.Cell, entry.Community, null);
        }

        _places[source] = place;
        return place;
    }

    /// <summary>Whether the alert is a trip or monitoring card (its spec never changes, so the answer is kept).</summary>
    private async ValueTask<bool> IsLocationAlertAsync(string key, CancellationToken cancellationToken)
    {
        if (!_locationAlerts.TryGetValue(key, out var location))
        {
            // A card that cannot be read is treated as location data (withheld).
            location = await _client.Alert(key).GetAsync(cancellationToken) is not { } view || AlertAccess.IsLocationAlert(view.Spec);
            _locationAlerts[key] = location;
        }

        return location;
    }

    private bool Granted(GrantTargetKind kind, string? target)
    {
        if (target is null || _grants.IsEmpty)
        {
            return false;
        }

        var now = _time.GetUtcNow();
        foreach (var grant in _grants)
        {
            if (AccessGrantRules.Covers(grant, _caller.Role, kind, target, now))
            {
                return true;
            }
        }

        return false;
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        _refreshedAt = _time.GetUtcNow();
        _places.Clear();
        try
        {
            if (_reach == ScopeKind.Caseload)
            {
                _caseload = [.. (await _client.Caseload(_caller.Subject).GetPeopleAsync(cancellationToken)).Select(p => p.Value)];
            }

            if (_reach != ScopeKind.District)
            {
                var now = _time.GetUtcNow();
                _grants = [.. (await _client.AccessGrants(_caller.Subject).ListAsync(cancellationToken)).Where(g => g.Role == _caller.Role && g.ExpiresAt > now)];
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The stream keeps the scope it had (grants still expire on time) and tries again next interval.
            LogRefreshFailed(_logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An event stream could not re-read its caseload or grants; it keeps the previous scope")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    /// <summary>Where an alert's source is now.</summary>
    /// <param name="Cell">Its cell.</param>
    /// <param name="Community">Its community.</param>
    /// <param name="Person">The person's record, when the source is a person on record.</param>
    private sealed record Place(string? Cell, string? Community, PersonSummary? Person);
}
