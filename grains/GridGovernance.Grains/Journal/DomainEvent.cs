using System.Text.Json.Serialization;

namespace GridGovernance.Grains.Journal;

/// <summary>
/// One accepted change, as it is kept in a grain's outbox and appended to the <c>journal</c> table by the
/// grain-state write (deploy/sql/0004_journal.sql reads these JSON names: they are a contract).
/// </summary>
[GenerateSerializer, Immutable, Alias("gg.domain-event")]
public sealed record DomainEvent(
    [property: JsonPropertyName("EventId")] Guid EventId,
    [property: JsonPropertyName("EntityType")] string EntityType,
    [property: JsonPropertyName("EntityId")] string EntityId,
    [property: JsonPropertyName("Type")] string Type,
    [property: JsonPropertyName("Actor")] string Actor,
    [property: JsonPropertyName("OccurredAt")] DateTimeOffset OccurredAt,
    [property: JsonPropertyName("Cell")] string? Cell,
    [property: JsonPropertyName("Community")] string? Community,
    [property: JsonPropertyName("Payload")] string Payload);

/// <summary>State that carries an outbox of events not yet known to be journaled.</summary>
public abstract class JournaledState
{
    /// <summary>
    /// Events of the change being written; journaled in the same statement as the state row. Serialised last,
    /// so the SQL parses only this array, not the whole state.
    /// </summary>
    [JsonPropertyName("Outbox")]
    [JsonPropertyOrder(int.MaxValue)]
    [Id(0)]
    public List<DomainEvent> Outbox { get; set; } = [];

    /// <summary>A counter for ids of things not named by a client (deadline ids, event keys of repeatable changes).</summary>
    [Id(1)]
    public long Sequence { get; set; }

    /// <summary>The next value of <see cref="Sequence"/>; stored with the change that uses it, so a replay gets the same one.</summary>
    public long NextSequence() => ++Sequence;
}
