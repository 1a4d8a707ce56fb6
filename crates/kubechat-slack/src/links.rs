//! Which KubeChat person a Slack user is: a row per (team, Slack user),
//! made by the person themselves with a one-time code from the web UI
//! typed in Slack (or by an admin with `kubechat users link-slack`),
//! removed by unlinking. A Slack user without a row acts as nobody.

use std::time::Duration;

use kubechat_cache::Cache;
use kubechat_store::{Pool, Store, on_pool};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Error, Result};

/// How long a link code stays usable.
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

/// Letters of a link code: no 0/O or 1/I/L to misread.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters of a link code (12 of 31: about 59 bits).
const CODE_LEN: usize = 12;

fn code_key(code: &str) -> String {
    format!("slack:linkcode:{code}")
}

/// A one-time code for `user`, made in the web UI by the signed-in
/// person and typed in Slack (`/kubechat link CODE`): Slack's signature
/// then proves the Slack side, and the signed-in session the KubeChat
/// side, so nobody can link their Slack account to someone else's.
/// Shown as `ABCD-EFGH-JKMN`.
pub async fn offer_code(cache: &Cache, user: Uuid) -> Result<String> {
    let bytes = *Uuid::new_v4().as_bytes();
    let code: String = bytes
        .iter()
        .take(CODE_LEN)
        .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
        .collect();
    cache
        .set(&code_key(&code), user.to_string().as_bytes(), LINK_TTL)
        .await?;
    Ok(format!("{}-{}-{}", &code[..4], &code[4..8], &code[8..]))
}

/// The person whose code `typed` is: once, within [`LINK_TTL`]. Dashes,
/// spaces and case do not matter. Of two takers at once only the one
/// whose delete removed the key gets it.
pub async fn take_code(cache: &Cache, typed: &str) -> Result<Option<Uuid>> {
    let code: String = typed
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if code.len() != CODE_LEN || !code.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
        return Ok(None);
    }
    let k = code_key(&code);
    let Some(body) = cache.get(&k).await? else {
        return Ok(None);
    };
    if !cache.delete(&k).await? {
        return Ok(None);
    }
    Ok(std::str::from_utf8(&body)
        .ok()
        .and_then(|s| Uuid::parse_str(s).ok()))
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
    /// The KubeChat person who asked (only they get the modal).
    #[serde(default)]
    pub asker: Option<Uuid>,
    /// The Slack user who asked.
    #[serde(default)]
    pub slack_user: Option<String>,
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
