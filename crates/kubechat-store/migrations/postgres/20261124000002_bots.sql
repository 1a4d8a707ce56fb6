-- Bots of a workspace: the current settings of each (JSON of
-- kubechat_chat::bots::BotSettings, with its version) and every version
-- ever saved, who saved it and which fields changed. A workspace without
-- a row for its default bot "kubechat" uses the policy it had before bots
-- existed (workspace_policies) and the built-in settings.
CREATE TABLE bots (
    workspace_id TEXT NOT NULL,
    name         TEXT NOT NULL,
    version      BIGINT NOT NULL,
    settings     TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, name)
);

CREATE TABLE bot_versions (
    workspace_id TEXT NOT NULL,
    name         TEXT NOT NULL,
    version      BIGINT NOT NULL,
    settings     TEXT NOT NULL,
    changed      TEXT NOT NULL,
    changed_by   TEXT NOT NULL,
    changed_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, name, version)
);
