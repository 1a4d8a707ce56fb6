-- Slack teams that added KubeChat ("Add to Slack"): the KubeChat workspace
-- each belongs to and its bot token, sealed with a key derived from the
-- app's client secret (never stored readable, never shown again).
CREATE TABLE slack_installs (
    team_id      TEXT PRIMARY KEY,
    team_name    TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    bot_user_id  TEXT NOT NULL,
    bot_token    TEXT NOT NULL,
    installed_by TEXT NOT NULL,
    installed_at BIGINT NOT NULL,
    -- Where changes waiting for a second admin are posted in this team.
    approvals_channel TEXT
);
CREATE INDEX slack_installs_workspace ON slack_installs (workspace_id);
