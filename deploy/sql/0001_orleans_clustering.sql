-- Orleans ADO.NET clustering (membership) for PostgreSQL, written for GridGovernance.
-- Contract: docs/ARCHITECTURE.md "Database" and the Microsoft.Orleans.Clustering.AdoNet 10.4.2 provider.
-- Every statement below is our own; column names are lower case because the provider reads
-- result columns by name and Npgsql matches names case-insensitively.

-- The providers bootstrap with the unquoted statement `SELECT QueryKey, QueryText FROM OrleansQuery`,
-- which PostgreSQL folds to orleansquery(querykey, querytext).
CREATE TABLE orleansquery (
    querykey  text PRIMARY KEY,
    querytext text NOT NULL
);

-- One row per cluster (DeploymentId = ClusterOptions.ClusterId). Its version is the optimistic
-- concurrency token of the whole membership table: every membership change bumps it.
CREATE TABLE orleans_membership_version (
    deploymentid text        PRIMARY KEY,
    version      integer     NOT NULL DEFAULT 0,
    changedat    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orleans_membership (
    deploymentid text        NOT NULL REFERENCES orleans_membership_version (deploymentid) ON DELETE CASCADE,
    address      text        NOT NULL,            -- text, not inet: the provider casts it to string
    port         integer     NOT NULL,
    generation   integer     NOT NULL,
    siloname     text        NOT NULL,
    hostname     text        NOT NULL,
    status       integer     NOT NULL,            -- SiloStatus: 3 Active, 6 Dead, ...
    proxyport    integer     NOT NULL DEFAULT 0,  -- read with GetInt32: never NULL
    suspecttimes text,                            -- opaque, formatted by Orleans
    starttime    timestamptz NOT NULL,
    iamalivetime timestamptz NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation)
);

INSERT INTO orleansquery (querykey, querytext) VALUES

-- Creates the version row at silo start. One row, one column: 1 when created, 0 when it existed.
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleans_membership_version (deploymentid)
    VALUES (@DeploymentId)
    ON CONFLICT (deploymentid) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer FROM created;
$q$),

-- The whole table: at least one row whenever the version row exists (member columns NULL when
-- the cluster has no member yet); the table version is read from the first row.
('MembershipReadAllKey', $q$
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status,
       m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime, v.version
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deploymentid = v.deploymentid
WHERE v.deploymentid = @DeploymentId;
$q$),

-- One silo, in the same shape; still returns the version row when the silo is absent.
('MembershipReadRowKey', $q$
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status,
       m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime, v.version
FROM orleans_membership_version v
LEFT JOIN orleans_membership m
       ON m.deploymentid = v.deploymentid
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deploymentid = @DeploymentId;
$q$),

-- Adds a silo and bumps the version in one statement, only if the caller saw the current
-- version and the silo is not there yet. The row lock on the version row serialises writers.
('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans_membership_version v
    SET version = v.version + 1, changedat = now()
    WHERE v.deploymentid = @DeploymentId
      AND v.version = @Version
      AND NOT EXISTS (
          SELECT 1 FROM orleans_membership m
          WHERE m.deploymentid = @DeploymentId
            AND m.address = @Address AND m.port = @Port AND m.generation = @Generation)
    RETURNING v.deploymentid
), inserted AS (
    INSERT INTO orleans_membership (deploymentid, address, port, generation, siloname, hostname,
                                    status, proxyport, starttime, iamalivetime)
    SELECT b.deploymentid, @Address, @Port, @Generation, @SiloName, @HostName,
           @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM bumped b
    RETURNING 1
)
SELECT count(*)::integer FROM inserted;
$q$),

-- Changes a silo's status and suspicions and bumps the version, only at the expected version.
('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans_membership_version v
    SET version = v.version + 1, changedat = now()
    WHERE v.deploymentid = @DeploymentId
      AND v.version = @Version
      AND EXISTS (
          SELECT 1 FROM orleans_membership m
          WHERE m.deploymentid = @DeploymentId
            AND m.address = @Address AND m.port = @Port AND m.generation = @Generation)
    RETURNING v.deploymentid
), updated AS (
    UPDATE orleans_membership m
    SET status = @Status, suspecttimes = @SuspectTimes, iamalivetime = @IAmAliveTime
    FROM bumped b
    WHERE m.deploymentid = b.deploymentid
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1
)
SELECT count(*)::integer FROM updated;
$q$),

-- Heartbeat: no version bump.
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership
SET iamalivetime = @IAmAliveTime
WHERE deploymentid = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation;
$q$),

-- Gateways for clients: active silos that accept client connections.
('GatewaysQueryKey', $q$
SELECT address, proxyport, generation
FROM orleans_membership
WHERE deploymentid = @DeploymentId
  AND status = @Status
  AND proxyport > 0;
$q$),

('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership_version WHERE deploymentid = @DeploymentId;
$q$),

-- Removes silos that stopped heart-beating before the cut-off and are not Active (3).
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
WHERE deploymentid = @DeploymentId
  AND iamalivetime < @IAmAliveTime
  AND status <> 3;
$q$)

ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
