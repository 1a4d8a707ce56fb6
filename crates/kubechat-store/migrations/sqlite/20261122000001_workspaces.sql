-- Tenants. Every later table carries a workspace_id.
CREATE TABLE workspaces (
    id          TEXT PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

INSERT INTO workspaces (id, slug, name, created_at)
VALUES ('00000000-0000-0000-0000-000000000001', 'default', 'Default', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
