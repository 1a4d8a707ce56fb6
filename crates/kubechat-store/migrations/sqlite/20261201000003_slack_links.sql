-- Which KubeChat person a Slack user is, per Slack team. Made by the
-- person through a one-time link (or by an admin), removed by unlinking
-- or with the person; a Slack user without a row acts as nobody.
CREATE TABLE slack_links (
    team_id       TEXT NOT NULL,
    slack_user_id TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    linked_at     BIGINT NOT NULL,
    PRIMARY KEY (team_id, slack_user_id)
);
CREATE INDEX slack_links_user ON slack_links (user_id);
