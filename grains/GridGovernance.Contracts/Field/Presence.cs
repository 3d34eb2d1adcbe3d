using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Geography;

namespace GridGovernance.Contracts.Field;

/// <summary>One heartbeat of a grid worker's page, as the gateway hands it to the cell it was located in.</summary>
/// <param name="Worker">The worker (their token subject).</param>
/// <param name="ClientId">The page's id for this heartbeat: a retry with the same id is answered as the first was.</param>
/// <param name="Point">Where the phone was.</param>
/// <param name="AccuracyMetres">The fix's accuracy.</param>
/// <param name="At">When the phone took the fix (its clock).</param>
/// <param name="OnCell">The point lies in one of the worker's own cells (only then does it put the worker on duty here).</param>
[GenerateSerializer, Immutable, Alias("gg.heartbeat")]
public sealed record Heartbeat(string Worker, string ClientId, GeoPoint Point, double AccuracyMetres, DateTimeOffset At, bool OnCell);

/// <summary>What a heartbeat did.</summary>
/// <param name="ClientId">The heartbeat's client id.</param>
/// <param name="Cell">The cell that recorded it.</param>
/// <param name="OnCell">Whether it counted for presence (in one of the worker's cells).</param>
/// <param name="SeenAt">The instant it was counted at: the phone's time, never later than the server's.</param>
/// <param name="OnDutyUntil">Until when it keeps the worker on duty in <paramref name="Cell"/>; null when off-cell.</param>
[GenerateSerializer, Immutable, Alias("gg.heartbeat-result")]
public sealed record HeartbeatResult(string ClientId, CellCode Cell, bool OnCell, DateTimeOffset SeenAt, DateTimeOffset? OnDutyUntil);

/// <summary>A worker on duty in a cell.</summary>
/// <param name="Worker">The worker (token subject).</param>
/// <param name="Since">Start of this unbroken spell on duty.</param>
/// <param name="LastSeen">The last heartbeat in the cell.</param>
/// <param name="Near">The last fix was accurate enough to trust (within the presence accuracy limit).</param>
[GenerateSerializer, Immutable, Alias("gg.on-duty-worker")]
public sealed record OnDutyWorker(string Worker, DateTimeOffset Since, DateTimeOffset LastSeen, bool Near);

/// <summary>Who is on duty in a cell now.</summary>
/// <param name="Cell">The cell.</param>
/// <param name="Community">Its community (empty until the cell told its presence).</param>
/// <param name="DutyHours">Whether now is within the cell's duty hours.</param>
/// <param name="OnDuty">Workers on duty now.</param>
/// <param name="LastSeen">The last heartbeat of any of the cell's workers in it.</param>
/// <param name="AssignedWorkers">How many workers the cell has.</param>
/// <param name="OpenAlert">The key of the open no-one-on-duty alert (GR-10), if any.</param>
/// <param name="AsOf">When this was computed.</param>
[GenerateSerializer, Immutable, Alias("gg.cell-presence")]
public sealed record CellPresence(CellCode Cell, CommunityCode Community, bool DutyHours, IReadOnlyList<OnDutyWorker> OnDuty, DateTimeOffset? LastSeen,
    int AssignedWorkers, string? OpenAlert, DateTimeOffset AsOf);

/// <summary>
/// On-duty presence of one cell's workers, from their pages' heartbeats (key <c>presence:&lt;cell&gt;</c>). A worker is on
/// duty for a while after a heartbeat in the cell; a cell with workers and nobody on duty past a grace during its
/// duty hours raises one alert per gap (GR-10), resolved when a worker comes on duty. A reminder checks it; the
/// cell tells it of its workers one-way, so a cell never waits on it.
/// </summary>
[Alias("gg.cell-presence-grain")]
public interface ICellPresenceGrain : IGrainWithStringKey
{
    /// <summary>Records a heartbeat (idempotent by worker and client id); durable before it answers.</summary>
    [Alias("heartbeat")]
    ValueTask<HeartbeatResult> RecordHeartbeatAsync(Heartbeat heartbeat, CommunityCode community, CancellationToken cancellationToken = default);

    /// <summary>The cell's number of assigned workers changed (one-way: the cell never waits on its presence).</summary>
    [OneWay]
    [Alias("workers-changed")]
    ValueTask WorkersChangedAsync(int assigned, CommunityCode community);

    /// <summary>Judges the cell now: raises or resolves the no-one-on-duty alert. The reminder calls it; so may operators and tests.</summary>
    [Alias("check")]
    ValueTask<CellPresence> CheckAsync(CancellationToken cancellationToken = default);

    /// <summary>Who is on duty now.</summary>
    [Alias("get")]
    ValueTask<CellPresence> GetAsync(CancellationToken cancellationToken = default);
}
