-- A Slack channel bound to a bot (`/kubechat bot NAME`, by an admin):
-- requests in that channel use the bot's policy and default namespace.
CREATE TABLE slack_channels (
    team_id    TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    bot        TEXT NOT NULL,
    bound_by   TEXT NOT NULL,
    bound_at   BIGINT NOT NULL,
    PRIMARY KEY (team_id, channel_id)
);
