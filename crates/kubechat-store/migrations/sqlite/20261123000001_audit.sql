-- Audit trail: one row per step of a request, hash-chained per workspace.
-- `seq` orders a workspace's chain (gapless, assigned under the chain
-- head's row lock); `prev_hash`/`hash` link the rows. Free-text and JSON
-- columns are TEXT, not JSONB, so the bytes that were hashed are the
-- bytes that are stored. Ids are TEXT without foreign keys on both
-- engines: audit rows outlive the workspaces and users they name, and one
-- SQL text serves both engines.
CREATE TABLE audit_events (
    id              TEXT PRIMARY KEY,
    workspace_id    TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    request_id      TEXT NOT NULL,
    phase           TEXT NOT NULL,
    actor_user      TEXT NOT NULL,
    actor_role      TEXT NOT NULL,
    kube_user       TEXT NOT NULL,
    kube_groups     TEXT NOT NULL,
    session_id      TEXT,
    channel         TEXT NOT NULL,
    request_text    TEXT NOT NULL,
    operation       TEXT NOT NULL,
    kubectl         TEXT NOT NULL,
    verb            TEXT NOT NULL,
    resource        TEXT NOT NULL,
    namespace       TEXT,
    risk            TEXT NOT NULL,
    decision        TEXT,
    decision_reason TEXT,
    outcome         TEXT,
    duration_ms     INTEGER,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL,
    UNIQUE (workspace_id, seq)
);
CREATE INDEX audit_events_created_at ON audit_events (workspace_id, created_at);
CREATE INDEX audit_events_request ON audit_events (request_id);

-- The newest link of each workspace's chain; appenders lock this row.
CREATE TABLE audit_chain_heads (
    workspace_id TEXT PRIMARY KEY,
    seq          INTEGER NOT NULL,
    hash         TEXT NOT NULL
);

-- Where the kept chain starts after retention pruned older rows.
CREATE TABLE audit_anchors (
    workspace_id TEXT PRIMARY KEY,
    seq          INTEGER NOT NULL,
    hash         TEXT NOT NULL,
    pruned_at    TEXT NOT NULL,
    pruned_total INTEGER NOT NULL
);

-- Per sink and workspace: the last seq delivered to the SIEM.
CREATE TABLE audit_export_checkpoints (
    sink         TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (sink, workspace_id)
);

-- One exporter per sink across replicas holds the lease.
CREATE TABLE audit_export_leases (
    sink   TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until  TEXT NOT NULL
);
