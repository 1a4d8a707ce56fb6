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
