using System.Threading.Channels;
using GridGovernance.Contracts;
using GridGovernance.Contracts.CommandCentre;
using GridGovernance.Contracts.Geography;
using Microsoft.Extensions.Options;

namespace GridGovernance.Api.Events;

/// <summary>What the tail fans out: a journal row, or a community's counts after alert events there.</summary>
/// <param name="Entry">A journal row (alert events).</param>
/// <param name="Community">A community's current counts (coalesced after its alert events).</param>
public sealed record TailItem(JournalEntry? Entry, CommunityOverview? Community);

/// <summary>A stream's place at the tail: the events it has not read yet, and the head when it joined.</summary>
public sealed class TailSubscription : IDisposable
{
    private readonly JournalTail _tail;

    internal TailSubscription(JournalTail tail, Channel<TailItem> channel, JournalPosition joinedAt)
    {
        _tail = tail;
        Channel = channel;
        JoinedAt = joinedAt;
    }

    /// <summary>
    /// Everything the tail published after <see cref="JoinedAt"/>. Completed with <see cref="SlowStreamException"/>
    /// when the stream fell too far behind.
    /// </summary>
    public ChannelReader<TailItem> Reader => Channel.Reader;

    /// <summary>The tail's head when the stream joined: rows up to it come from a replay, rows after it from <see cref="Reader"/>.</summary>
    public JournalPosition JoinedAt { get; }

    internal Channel<TailItem> Channel { get; }

    /// <inheritdoc/>
    public void Dispose() => _tail.Leave(this);
}

/// <summary>A stream was dropped because it did not keep up.</summary>
public sealed class SlowStreamException() : Exception("The stream fell too far behind and was closed; reconnect with Last-Event-ID to resume.");

/// <summary>
/// The gateway's one follower of the journal: it polls PostgreSQL every <see cref="EventStreamOptions.PollInterval"/>
/// for alert events that have become final (gap-free, see <see cref="JournalReader"/>), fans them out to every open
/// stream through bounded channels, and after alert events of a community publishes that community's counts
/// once per <see cref="EventStreamOptions.CommunityCoalesceDelay"/>. A stream that cannot keep up is dropped
/// rather than slowing the others.
/// </summary>
public sealed partial class JournalTail(
    JournalReader reader,
    IClusterClient client,
    IOptions<EventStreamOptions> options,
    TimeProvider time,
    ILogger<JournalTail> logger) : BackgroundService
{
    /// <summary>The journal event types the stream carries (grains/GridGovernance.Grains/Alerts/AlertGrain.cs).</summary>
    public static readonly IReadOnlyList<string> StreamedTypes = ["alert-raised", "alert-escalated", "alert-acknowledged", "alert-resolved"];

    private readonly Lock _gate = new();
    private readonly List<TailSubscription> _subscriptions = [];
    private readonly Dictionary<string, DateTimeOffset> _changedCommunities = [];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JournalPosition _head;
    private long _caughtUpAt;

    private EventStreamOptions Options => options.Value;

    /// <summary>Open streams.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    /// <summary>
    /// When the tail last read everything that was final in the journal (null before its first poll). Its age is the
    /// tail's lag: it grows while PostgreSQL does not answer or polls fail (<c>gridgov.journal.lag</c>).
    /// </summary>
    public DateTimeOffset? CaughtUpAt => Interlocked.Read(ref _caughtUpAt) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>
    /// Joins the tail: from now on every published item is buffered for the caller. Null when the gateway
    /// already serves <see cref="EventStreamOptions.MaxStreams"/>; throws <see cref="TimeoutException"/> when the
    /// tail has not reached the database yet.
    /// </summary>
    public async Task<TailSubscription?> JoinAsync(CancellationToken cancellationToken)
    {
        await _started.Task.WaitAsync(TimeSpan.FromSeconds(10), time, cancellationToken);
        lock (_gate)
        {
            if (_subscriptions.Count >= Options.MaxStreams)
            {
                return null;
            }

            var channel = Channel.CreateBounded<TailItem>(new BoundedChannelOptions(Options.StreamBuffer) { SingleReader = true, SingleWriter = true });
            var subscription = new TailSubscription(this, channel, _head);
            _subscriptions.Add(subscription);
            return subscription;
        }
    }

    /// <summary>The last position published (everything up to it is final).</summary>
    public async Task<JournalPosition> HeadAsync(CancellationToken cancellationToken)
    {
        await _started.Task.WaitAsync(TimeSpan.FromSeconds(10), time, cancellationToken);
        lock (_gate)
        {
            return _head;
        }
    }

    internal void Leave(TailSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }

        subscription.Channel.Writer.TryComplete();
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Options.PollInterval, time);
        do
        {
            try
            {
                if (!_started.Task.IsCompleted)
                {
                    // Live streams start at the present; earlier events come from replays.
                    var horizon = await reader.HorizonAsync(stoppingToken);
                    lock (_gate)
                    {
                        _head = JournalPosition.Before(horizon);
                    }

                    _started.TrySetResult();
                }
                else
                {
                    await PollAsync(stoppingToken);
                    await PublishCommunitiesAsync(stoppingToken);
                }

                Interlocked.Exchange(ref _caughtUpAt, time.GetUtcNow().UtcTicks);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogPollFailed(logger, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));

        lock (_gate)
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.Channel.Writer.TryComplete();
            }

            _subscriptions.Clear();
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Publishes every streamed row that became final since the last poll, page by page.</summary>
    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var horizon = await reader.HorizonAsync(cancellationToken);
        JournalPosition cursor;
        lock (_gate)
        {
            cursor = _head;
        }

        if (horizon <= cursor.Txid)
        {
            return;
        }

        while (true)
        {
            var page = await reader.ReadFinalAsync(cursor, horizon, [.. StreamedTypes], Options.BatchSize, cancellationToken);
            if (page.Count > 0)
            {
                Publish(page.Select(e => new TailItem(e, null)), page[^1].Position);
                var now = time.GetUtcNow();
                foreach (var community in page.Select(e => e.Community).OfType<string>())
                {
                    _changedCommunities.TryAdd(community, now);
                }

                cursor = page[^1].Position;
            }

            if (page.Count < Options.BatchSize)
            {
                break;
            }
        }

        // Every streamed row below the horizon is now published: a stream joining from here replays nothing twice.
        lock (_gate)
        {
            _head = JournalPosition.Before(horizon);
        }
    }

    /// <summary>Counts of the communities whose alerts changed, once each per coalescing delay.</summary>
    private async Task PublishCommunitiesAsync(CancellationToken cancellationToken)
    {
        var due = time.GetUtcNow() - Options.CommunityCoalesceDelay;
        foreach (var (code, since) in _changedCommunities.Where(c => c.Value <= due).ToList())
        {
            _changedCommunities.Remove(code);
            if (!Codes.IsValid(code))
            {
                continue;
            }

            if (await client.Community(new CommunityCode(code)).GetOverviewAsync(cancellationToken) is { } overview)
            {
                Publish([new TailItem(null, overview)], null);
            }
        }
    }

    /// <summary>Hands items to every stream; a stream whose buffer is full is closed instead of waited for.</summary>
    private void Publish(IEnumerable<TailItem> items, JournalPosition? head)
    {
        lock (_gate)
        {
            foreach (var item in items)
            {
                for (var i = _subscriptions.Count - 1; i >= 0; i--)
                {
                    var subscription = _subscriptions[i];
                    if (!subscription.Channel.Writer.TryWrite(item))
                    {
                        _subscriptions.RemoveAt(i);
                        subscription.Channel.Writer.TryComplete(new SlowStreamException());
                        LogSlowStream(logger);
                    }
                }
            }

            if (head is { } position)
            {
                _head = position;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The journal tail could not poll; it retries on the next tick")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "An event stream fell too far behind and was closed")]
    private static partial void LogSlowStream(ILogger logger);
}
