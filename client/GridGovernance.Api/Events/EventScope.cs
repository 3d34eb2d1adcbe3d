using System.Collections.Immutable;
using GridGovernance.Api.Security;
using GridGovernance.Contracts;
using GridGovernance.Contracts.Alerts;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Geography;
using GridGovernance.Contracts.Security;

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

    /// <summary>Whether this stream carries a journal row (and notes its community for <see cref="Shows(string)"/>).</summary>
    public bool Shows(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if ((_cell is { } cell && entry.Cell != cell.Value) || (_community is { } community && entry.Community != community.Value))
        {
            return false;
        }

        var source = AlertKeys.SourceOf(entry.EntityId) is { Kind: EntityKind.MonitoredPerson } person ? person.Id.ToString("N") : null;
        var shown = Own(entry, source) || Granted(GrantTargetKind.Cell, entry.Cell) || Granted(GrantTargetKind.Community, entry.Community) || Granted(GrantTargetKind.Person, source);
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

    private bool Own(JournalEntry entry, string? source) => _reach switch
    {
        ScopeKind.District => true,
        ScopeKind.Community => _caller.Community is { } mine && entry.Community == mine.Value,
        ScopeKind.Cells => entry.Cell is { } cell && _caller.Cells.Contains(new CellCode(cell)),
        ScopeKind.Caseload => source is not null && Guid.TryParseExact(source, "N", out var person) && _caseload.Contains(person),
        _ => false,
    };

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
}
