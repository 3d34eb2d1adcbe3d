-- The journal: every domain event a grain accepted, in the order PostgreSQL recorded them.
--
-- Grains keep the events of a change in an outbox inside their state ("Outbox": [...] in the JSON
-- payload). The grain-state write below inserts that outbox into the journal in the same statement as
-- the state row, so state and journal can never disagree: both are committed or neither is. Event ids
-- make the insert idempotent, so a retried write (or an outbox written twice) journals each event once.
CREATE TABLE journal (
    seq         bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,  -- recording order, for readers that resume
    event_id    uuid        PRIMARY KEY,
    entity_type text        NOT NULL,
    entity_id   text        NOT NULL,
    event_type  text        NOT NULL,
    actor       text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    cell        text,
    community   text,
    payload     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX journal_entity ON journal (entity_type, entity_id, seq);
CREATE INDEX journal_community_time ON journal (community, occurred_at);
CREATE INDEX journal_type_time ON journal (event_type, occurred_at);

-- Same contract as 0002's WriteToStorageKey, plus the outbox. Only the outbox is parsed, and only when the
-- payload carries a non-empty one ('"Outbox":[{' in the bytes). Grain state serialises "Outbox" as its last
-- member (JsonPropertyOrder), and JSON strings cannot hold an unescaped quote, so the first match is it.
UPDATE orleansquery SET querytext = $q$
WITH updated AS (
    UPDATE orleans_storage
    SET payloadbinary = @PayloadBinary, version = version + 1, modifiedon = now()
    WHERE @GrainStateVersion::integer IS NOT NULL
      AND serviceid = @ServiceId
      AND graintypestring = @GrainTypeString
      AND grainidextensionstring = coalesce(@GrainIdExtensionString::text, '')
      AND grainidn0 = @GrainIdN0
      AND grainidn1 = @GrainIdN1
      AND version = @GrainStateVersion::integer
    RETURNING version
), inserted AS (
    INSERT INTO orleans_storage (serviceid, graintypestring, grainidn0, grainidn1,
                                 grainidextensionstring, payloadbinary, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
           coalesce(@GrainIdExtensionString::text, ''), @PayloadBinary, 1
    WHERE @GrainStateVersion::integer IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
), written AS (
    SELECT version FROM updated
    UNION ALL
    SELECT version FROM inserted
), journaled AS (
    INSERT INTO journal (event_id, entity_type, entity_id, event_type, actor, occurred_at, cell, community, payload)
    SELECT (e ->> 'EventId')::uuid, e ->> 'EntityType', e ->> 'EntityId', e ->> 'Type', e ->> 'Actor',
           (e ->> 'OccurredAt')::timestamptz, e ->> 'Cell', e ->> 'Community',
           coalesce((e ->> 'Payload')::jsonb, '{}'::jsonb)
    FROM written,
         jsonb_array_elements(
             CASE WHEN position(convert_to('"Outbox":[{', 'UTF8') IN @PayloadBinary::bytea) > 0
                  -- "Outbox" is the last member of the state object: parse from its '[' up to the final '}'.
                  THEN rtrim(convert_from(substring(@PayloadBinary::bytea
                           FROM position(convert_to('"Outbox":[{', 'UTF8') IN @PayloadBinary::bytea) + 9), 'UTF8'), '} ')::jsonb
             END) AS e
    ON CONFLICT (event_id) DO NOTHING
)
SELECT version AS newgrainstateversion FROM written;
$q$
WHERE querykey = 'WriteToStorageKey';
