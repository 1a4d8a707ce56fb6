//! Who is in the chat now: every open WebSocket is an entry of its
//! workspace's presence record in the shared cache (Redis when
//! configured, so every replica sees every connection), refreshed with
//! the heartbeat and removed when the socket closes. An entry not
//! refreshed for [`STALE`] (a replica that died) drops out by itself.
//!
//! The record is soft state, read and written whole: two replicas
//! writing at the same instant can drop one entry until its next
//! heartbeat (within [`crate::ws_api::HEARTBEAT`]) — good enough to show
//! who is around, never used to decide anything.

use std::collections::BTreeMap;
use std::time::Duration;

use kubechat_cache::Cache;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// An entry not refreshed for this long is gone (three heartbeats).
pub const STALE: Duration = Duration::from_secs(60);
/// Most connections listed per workspace (the record is bounded).
const MAX_ENTRIES: usize = 2000;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    user: String,
    session: String,
    /// Unix seconds of the last heartbeat.
    seen: i64,
}

/// One person in the chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Online {
    pub user: String,
    /// Their open chat sessions.
    pub sessions: Vec<String>,
}

fn key(workspace: Uuid) -> String {
    format!("presence:{workspace}")
}

async fn load(cache: &Cache, workspace: Uuid) -> BTreeMap<Uuid, Entry> {
    match cache.get(&key(workspace)).await {
        Ok(Some(bytes)) => serde_json::from_slice(&bytes).unwrap_or_default(),
        _ => BTreeMap::new(),
    }
}

async fn store(cache: &Cache, workspace: Uuid, entries: &BTreeMap<Uuid, Entry>) {
    let result = match serde_json::to_vec(entries) {
        Ok(bytes) => cache.set(&key(workspace), &bytes, STALE * 2).await,
        Err(_) => return,
    };
    if let Err(e) = result {
        tracing::debug!(error = %e, "presence could not be written");
    }
}

fn fresh(entries: &mut BTreeMap<Uuid, Entry>, now: OffsetDateTime) {
    let cutoff = now.unix_timestamp() - STALE.as_secs() as i64;
    entries.retain(|_, e| e.seen >= cutoff);
}

/// Marks connection `id` of `user` as present now.
pub async fn touch(
    cache: &Cache,
    workspace: Uuid,
    id: Uuid,
    user: &str,
    session: &str,
    now: OffsetDateTime,
) {
    let mut entries = load(cache, workspace).await;
    fresh(&mut entries, now);
    if entries.len() >= MAX_ENTRIES && !entries.contains_key(&id) {
        return;
    }
    entries.insert(
        id,
        Entry {
            user: user.to_owned(),
            session: session.to_owned(),
            seen: now.unix_timestamp(),
        },
    );
    store(cache, workspace, &entries).await;
}

/// Removes connection `id` (its socket closed).
pub async fn leave(cache: &Cache, workspace: Uuid, id: Uuid, now: OffsetDateTime) {
    let mut entries = load(cache, workspace).await;
    fresh(&mut entries, now);
    entries.remove(&id);
    store(cache, workspace, &entries).await;
}

/// The people with an open chat in `workspace`, by name.
pub async fn online(cache: &Cache, workspace: Uuid, now: OffsetDateTime) -> Vec<Online> {
    let mut entries = load(cache, workspace).await;
    fresh(&mut entries, now);
    let mut by_user: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in entries.into_values() {
        let sessions = by_user.entry(e.user).or_default();
        if !sessions.contains(&e.session) {
            sessions.push(e.session);
        }
    }
    by_user
        .into_iter()
        .map(|(user, mut sessions)| {
            sessions.sort();
            Online { user, sessions }
        })
        .collect()
}
