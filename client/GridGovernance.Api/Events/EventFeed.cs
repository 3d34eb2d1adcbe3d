using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using GridGovernance.Api.Endpoints;
using GridGovernance.Contracts;
using GridGovernance.Contracts.CommandCentre;
using GridGovernance.Contracts.Geography;
using Microsoft.Extensions.Options;

namespace GridGovernance.Api.Events;

/// <summary>An alert change on the stream (event names <c>alert-raised</c>, <c>alert-escalated</c>, <c>alert-acknowledged</c>, <c>alert-resolved</c>).</summary>
/// <param name="Seq">The journal sequence number (also the event's id).</param>
/// <param name="Alert">The alert's key.</param>
/// <param name="Source">The property or person the alert is about ("property:&lt;id&gt;" / "person:&lt;id&gt;").</param>
/// <param name="Cell">The cell.</param>
/// <param name="Community">The community.</param>
/// <param name="Actor">Who made the change ("role:subject", or the system).</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Details">The journal payload of the change (level, reason, note…).</param>
public sealed record AlertChange(long Seq, string Alert, string? Source, string? Cell, string? Community, string Actor, DateTimeOffset OccurredAt, JsonElement Details);

/// <summary>
/// One stream: a replay from the journal after the client's last event, then the live events of the tail,
/// both filtered by the caller's <see cref="EventScope"/>, with a heartbeat comment when it is quiet.
/// </summary>
public sealed class EventFeed(JournalReader reader, IClusterClient client, IOptions<EventStreamOptions> options)
{
    private static readonly ReadOnlyMemory<byte> Heartbeat = ": heartbeat\n\n"u8.ToArray();

    private EventStreamOptions Options => options.Value;

    /// <summary>
    /// The events of one stream. With <paramref name="after"/>, first every in-scope event after it up to the
    /// point where <paramref name="subscription"/> joined the tail (from SQL), then what the tail publishes
    /// (skipping what <paramref name="after"/> already covers): no gap, no duplicate. Without a subscription
    /// (a replay-only request), the replay runs up to <paramref name="upTo"/> and the stream ends.
    /// </summary>
    public async IAsyncEnumerable<SseItem<object>> RunAsync(
        EventScope scope, JournalPosition? after, TailSubscription? subscription, JournalPosition upTo, Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A comment first, so the client sees the response (and its headers) before the first event.
        await WriteCommentAsync(body, cancellationToken);
        if (after is { } from)
        {
            var touched = new SortedSet<string>(StringComparer.Ordinal);
            var cursor = from;
            while (true)
            {
                var page = await reader.ReadRangeAsync(cursor, upTo, JournalTail.StreamedTypes.ToArray(), Options.BatchSize, cancellationToken);
                foreach (var entry in page)
                {
                    if (!await scope.ShowsAsync(entry, cancellationToken))
                    {
                        continue;
                    }

                    if (entry.Community is { } community)
                    {
                        touched.Add(community);
                    }

                    yield return Item(entry);
                }

                if (page.Count < Options.BatchSize)
                {
                    break;
                }

                cursor = page[^1].Position;
            }

            // The counts as they stand now, for the communities whose alerts the replay showed.
            foreach (var community in touched.Where(Codes.IsValid))
            {
                if (await client.Community(new CommunityCode(community)).GetOverviewAsync(cancellationToken) is { } overview)
                {
                    yield return Item(overview);
                }
            }
        }

        if (subscription is null)
        {
            yield break;
        }

        while (true)
        {
            var ready = await WaitAsync(subscription.Reader, cancellationToken);
            if (ready is null)
            {
                await WriteCommentAsync(body, cancellationToken);
                await scope.RefreshIfDueAsync(cancellationToken);
                continue;
            }

            if (ready == false)
            {
                // Completed: the tail dropped a slow stream or is stopping; the client reconnects with Last-Event-ID.
                yield break;
            }

            await scope.RefreshIfDueAsync(cancellationToken);
            while (subscription.Reader.TryRead(out var item))
            {
                if (item.Entry is { } entry && (after is not { } seen || entry.Position > seen) && await scope.ShowsAsync(entry, cancellationToken))
                {
                    yield return Item(entry);
                }
                else if (item.Community is { } overview && scope.Shows(overview.Code.Value))
                {
                    yield return Item(overview);
                }
            }
        }
    }

    /// <summary>True when items are ready, false when the channel is done, null when a heartbeat is due.</summary>
    private async Task<bool?> WaitAsync(System.Threading.Channels.ChannelReader<TailItem> channel, CancellationToken cancellationToken)
    {
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        quiet.CancelAfter(Options.HeartbeatInterval);
        try
        {
            return await channel.WaitToReadAsync(quiet.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (SlowStreamException)
        {
            return false;
        }
    }

    /// <summary>
    /// A comment line. SseItem cannot carry one, so it is written to the body between items: the formatter
    /// writes each item whole, and the response is unbuffered, so lines never interleave.
    /// </summary>
    private static async Task WriteCommentAsync(Stream body, CancellationToken cancellationToken)
    {
        await body.WriteAsync(Heartbeat, cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    private static SseItem<object> Item(JournalEntry entry)
    {
        using var details = JsonDocument.Parse(entry.Payload);
        var source = Contracts.Alerts.AlertKeys.SourceOf(entry.EntityId)?.ToString();
        var change = new AlertChange(entry.Seq, entry.EntityId, source, entry.Cell, entry.Community, entry.Actor, entry.OccurredAt, details.RootElement.Clone());
        return new SseItem<object>(change, entry.EventType) { EventId = entry.Seq.ToString(CultureInfo.InvariantCulture) };
    }

    /// <summary>No id: counts are a view of now, and resuming from them would skip the alert events sent before them.</summary>
    private static SseItem<object> Item(CommunityOverview overview) =>
        new(CommunityCounts.From(overview), "community-changed");
}
