//! Which KubeChat person a Slack user is: a row per (team, Slack user),
//! made by the person themselves through a one-time link (or by an
//! admin with `kubechat users link-slack`), removed by unlinking or with
//! the person. A Slack user without a row acts as nobody.

use std::time::Duration;

use kubechat_cache::Cache;
use kubechat_store::{Pool, Store, on_pool};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Error, Result};

/// How long a link from `/kubechat link` stays usable.
pub const LINK_TTL: Duration = Duration::from_secs(600);

/// The person `slack_user` of `team` is linked to.
pub async fn linked(store: &Store, team: &str, slack_user: &str) -> Result<Option<Uuid>> {
    let sql = "SELECT user_id FROM slack_links WHERE team_id = $1 AND slack_user_id = $2";
    let id: Option<String> = on_pool!(store.pool(), p, at => sqlx::query_scalar(sql)
        .bind(team)
        .bind(slack_user)
        .fetch_optional(p)
        .await?);
    Ok(id.and_then(|s| Uuid::parse_str(&s).ok()))
}

/// Links `slack_user` of `team` to `user` (replacing an earlier link of
/// that Slack user).
pub async fn link(store: &Store, team: &str, slack_user: &str, user: Uuid, now: i64) -> Result<()> {
    let sql = "INSERT INTO slack_links (team_id, slack_user_id, user_id, linked_at) VALUES ($1, $2, $3, $4) \
               ON CONFLICT (team_id, slack_user_id) DO UPDATE SET user_id = excluded.user_id, linked_at = excluded.linked_at";
    let pool: &Pool = store.pool();
    on_pool!(pool, p, at => {
        sqlx::query(sql)
            .bind(team)
            .bind(slack_user)
            .bind(user.to_string())
            .bind(now)
            .execute(p)
            .await?;
    });
    Ok(())
}

/// Removes the links of `user` (all teams); how many there were.
pub async fn unlink_user(store: &Store, user: Uuid) -> Result<u64> {
    let sql = "DELETE FROM slack_links WHERE user_id = $1";
    Ok(on_pool!(store.pool(), p, at => sqlx::query(sql)
        .bind(user.to_string())
        .execute(p)
        .await?
        .rows_affected()))
}

/// What a one-time link binds once the person signs in.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PendingLink {
    pub team: String,
    pub slack_user: String,
}

fn key(token: &str) -> String {
    format!("slack:link:{token}")
}

/// A new one-time link token for `pending` (random, 128 bits).
pub async fn offer(cache: &Cache, pending: &PendingLink) -> Result<String> {
    let token = Uuid::new_v4().simple().to_string();
    let body = serde_json::to_vec(pending).map_err(|e| Error::Payload(e.to_string()))?;
    cache.set(&key(&token), &body, LINK_TTL).await?;
    Ok(token)
}

/// Takes the link of `token`: once, within [`LINK_TTL`]. Of two takers
/// at once only the one whose delete removed the key gets it.
pub async fn take(cache: &Cache, token: &str) -> Result<Option<PendingLink>> {
    if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let k = key(token);
    let Some(body) = cache.get(&k).await? else {
        return Ok(None);
    };
    if !cache.delete(&k).await? {
        return Ok(None);
    }
    Ok(serde_json::from_slice(&body).ok())
}

/// The bot `channel` of `team` is bound to, if any.
pub async fn channel_bot(store: &Store, team: &str, channel: &str) -> Result<Option<String>> {
    let sql = "SELECT bot FROM slack_channels WHERE team_id = $1 AND channel_id = $2";
    Ok(on_pool!(store.pool(), p, at => sqlx::query_scalar(sql)
        .bind(team)
        .bind(channel)
        .fetch_optional(p)
        .await?))
}

/// Binds `channel` of `team` to `bot` (`by`: the admin, for the record).
pub async fn bind_channel(
    store: &Store,
    team: &str,
    channel: &str,
    bot: &str,
    by: &str,
    now: i64,
) -> Result<()> {
    let sql = "INSERT INTO slack_channels (team_id, channel_id, bot, bound_by, bound_at) VALUES ($1, $2, $3, $4, $5) \
               ON CONFLICT (team_id, channel_id) DO UPDATE SET bot = excluded.bot, bound_by = excluded.bound_by, bound_at = excluded.bound_at";
    on_pool!(store.pool(), p, at => {
        sqlx::query(sql)
            .bind(team)
            .bind(channel)
            .bind(bot)
            .bind(by)
            .bind(now)
            .execute(p)
            .await?;
    });
    Ok(())
}

/// Where the answers about one plan go, and what its modal shows:
/// remembered when the preview is posted.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct PlanPost {
    /// The asker's `response_url` (slash commands, buttons).
    pub response_url: Option<String>,
    /// Or the channel and thread (mentions, direct messages).
    pub channel: Option<String>,
    pub thread: Option<String>,
    pub kubectl: String,
    /// The name to type for a destructive change.
    pub phrase: Option<String>,
}

/// How long a plan's post is remembered (the longest a plan waits, for an
/// approval, is an hour).
pub const PLAN_POST_TTL: Duration = Duration::from_secs(2 * 3600);

fn plan_key(plan: Uuid) -> String {
    format!("slack:plan:{plan}")
}

pub async fn remember_plan(cache: &Cache, plan: Uuid, post: &PlanPost) -> Result<()> {
    let body = serde_json::to_vec(post).map_err(|e| Error::Payload(e.to_string()))?;
    cache.set(&plan_key(plan), &body, PLAN_POST_TTL).await?;
    Ok(())
}

pub async fn plan_post(cache: &Cache, plan: Uuid) -> Result<Option<PlanPost>> {
    Ok(cache
        .get(&plan_key(plan))
        .await?
        .and_then(|b| serde_json::from_slice(&b).ok()))
}
