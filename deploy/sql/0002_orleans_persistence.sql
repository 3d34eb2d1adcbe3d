-- Orleans ADO.NET grain persistence for PostgreSQL, written for GridGovernance.
--
-- Identity of a row: (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring).
-- The provider sends the *state name* as GrainTypeString; our silo wraps the provider so that it
-- is "<grain type>/<state name>" and every key is a non-hex string (GrainTypeScopedStorage), which
-- closes the upstream collisions between grain classes and between hex-looking keys.
-- A NULL key extension is stored as '' so that the key is a plain b-tree primary key.
CREATE TABLE orleans_storage (
    serviceid              text        NOT NULL,
    graintypestring        text        NOT NULL,
    grainidn0              bigint      NOT NULL,
    grainidn1              bigint      NOT NULL,
    grainidextensionstring text        NOT NULL DEFAULT '',
    payloadbinary          bytea,                  -- NULL after a clear
    version                integer     NOT NULL,   -- the ETag
    modifiedon             timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (serviceid, graintypestring, grainidextensionstring, grainidn0, grainidn1)
);

-- A write changes no indexed column, so leaving room on each page keeps updates HOT.
ALTER TABLE orleans_storage SET (fillfactor = 90);

INSERT INTO orleansquery (querykey, querytext) VALUES

('ReadFromStorageKey', $q$
SELECT payloadbinary, version
FROM orleans_storage
WHERE serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidextensionstring = coalesce(@GrainIdExtensionString::text, '')
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1;
$q$),

-- Without a version (no ETag yet) the row is inserted unless it exists; with one, it is updated
-- only at that version. Either way one row, NewGrainStateVersion, or no row on a conflict.
('WriteToStorageKey', $q$
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
)
SELECT version AS newgrainstateversion FROM updated
UNION ALL
SELECT version FROM inserted;
$q$),

-- Keeps the row (and its version line) but drops the payload.
('ClearStorageKey', $q$
UPDATE orleans_storage
SET payloadbinary = NULL, version = version + 1, modifiedon = now()
WHERE serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidextensionstring = coalesce(@GrainIdExtensionString::text, '')
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1
  AND version = @GrainStateVersion::integer
RETURNING version;
$q$),

-- Used only with DeleteStateOnClear: removes the row at the expected version.
('DeleteStorageKey', $q$
DELETE FROM orleans_storage
WHERE serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidextensionstring = coalesce(@GrainIdExtensionString::text, '')
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1
  AND version = @GrainStateVersion::integer
RETURNING version + 1;
$q$)

ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
