-- Accounts: users of a workspace, their refresh-token families and their
-- personal API tokens. Ids are TEXT (as in the audit tables) so one SQL
-- text serves both engines. Secrets are stored only as hashes.
CREATE TABLE users (
    id                  TEXT PRIMARY KEY,
    workspace_id        TEXT NOT NULL,
    username            TEXT NOT NULL,
    password_hash       TEXT NOT NULL,
    role                TEXT NOT NULL,
    kube_user           TEXT NOT NULL,
    kube_groups         TEXT NOT NULL,
    disabled            BOOLEAN NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    password_changed_at TIMESTAMPTZ NOT NULL,
    UNIQUE (workspace_id, username)
);

-- Refresh tokens rotate: each use replaces the token with a new one of the
-- same family; presenting a used one revokes the whole family.
CREATE TABLE refresh_tokens (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL,
    family_id   TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- The bot policy of a workspace (JSON of kubechat_core::Policy); a
-- workspace without a row uses the defaults.
CREATE TABLE workspace_policies (
    workspace_id TEXT PRIMARY KEY,
    policy       TEXT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

-- Chat sessions (named by the client, per user) and their history.
CREATE TABLE chat_sessions (
    id             TEXT PRIMARY KEY,
    workspace_id   TEXT NOT NULL,
    user_id        TEXT NOT NULL,
    name           TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    last_active_at TIMESTAMPTZ NOT NULL,
    UNIQUE (user_id, name)
);

CREATE TABLE chat_messages (
    id          TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    author      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (session_id, seq)
);
