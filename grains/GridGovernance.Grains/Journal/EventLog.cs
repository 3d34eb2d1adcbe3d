using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GridGovernance.Grains.Journal;

/// <summary>Builds domain events for one entity and adds them to its state's outbox.</summary>
/// <param name="entityType">Journal <c>entity_type</c>, e.g. <c>property</c>.</param>
/// <param name="entityId">Journal <c>entity_id</c>.</param>
internal sealed class EventLog(string entityType, string entityId)
{
    private static readonly JsonSerializerOptions PayloadOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public string EntityType { get; } = entityType;

    public string EntityId { get; } = entityId;

    /// <summary>
    /// Adds an event. <paramref name="idempotencyKey"/> makes the event id deterministic, so the same command
    /// replayed after a lost answer produces the same event id and is journaled once.
    /// </summary>
    public DomainEvent Append(JournaledState state, string type, string actor, DateTimeOffset at, string? cell, string? community, object payload, string idempotencyKey)
    {
        var @event = new DomainEvent(
            DeterministicId($"{EntityType}/{EntityId}/{type}/{idempotencyKey}"),
            EntityType,
            EntityId,
            type,
            actor,
            at,
            cell,
            community,
            JsonSerializer.Serialize(payload, PayloadOptions));
        state.Outbox.Add(@event);
        return @event;
    }

    /// <summary>A name-based UUID (SHA-256, version 8 bits set): the same name gives the same id.</summary>
    public static Guid DeterministicId(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8 (custom)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }
}
