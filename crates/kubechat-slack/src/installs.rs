//! Slack teams that added KubeChat ("Add to Slack", OAuth v2): a row per
//! team with the KubeChat workspace it belongs to and its bot token.
//!
//! An install is started by a workspace admin in the web UI, which gets a
//! single-use `state` bound to that admin and workspace; Slack sends the
//! admin back with a `code` and that `state`, and the code is exchanged
//! for the team's bot token (`oauth.v2.access`). The token is sealed
//! before it is stored (ChaCha20-Poly1305, keyed from the app's client
//! secret, bound to its team id), never logged and never shown again: a
//! copied database alone does not give the tokens away, and a row moved
//! to another team does not open.

use std::time::Duration;

use kubechat_cache::Cache;
use kubechat_config::Secret;
use kubechat_store::{Store, on_pool};
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Error, Result};

/// How long an install's `state` waits for Slack to send the admin back.
pub const STATE_TTL: Duration = Duration::from_secs(600);

/// The bot scopes KubeChat asks for: mentions, direct messages, the
/// slash command and posting answers — what the README's app manifest
/// lists, nothing more.
pub const BOT_SCOPES: &str = "app_mentions:read,chat:write,commands,im:history,im:read,im:write";

/// One team's install, token included (only ever in memory).
#[derive(Clone)]
pub struct Install {
    pub team_id: String,
    pub team_name: String,
    pub workspace_id: Uuid,
    pub bot_user_id: String,
    pub token: Secret,
    /// Where changes waiting for a second admin are posted in this team
    /// (`/kubechat approvals here`); unset: approved in the web UI.
    pub approvals_channel: Option<String>,
}

impl std::fmt::Debug for Install {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Install")
            .field("team_id", &self.team_id)
            .field("team_name", &self.team_name)
            .field("workspace_id", &self.workspace_id)
            .field("bot_user_id", &self.bot_user_id)
            .finish_non_exhaustive()
    }
}

/// What `oauth.v2.access` granted: a bot token for a team.
pub struct Granted {
    pub team_id: String,
    pub team_name: String,
    pub bot_user_id: String,
    pub token: Secret,
}

impl std::fmt::Debug for Granted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Granted")
            .field("team_id", &self.team_id)
            .field("team_name", &self.team_name)
            .finish_non_exhaustive()
    }
}

impl Granted {
    /// Reads Slack's answer: `ok`, a bot token (`xoxb-`), the team. An
    /// Enterprise Grid org-wide install has no team and is refused (the
    /// app is installed per team).
    pub fn from_answer(v: &serde_json::Value) -> Result<Self> {
        if v["ok"].as_bool() != Some(true) {
            return Err(Error::Api(format!(
                "oauth.v2.access: {}",
                v["error"].as_str().unwrap_or("refused without a reason")
            )));
        }
        if v["is_enterprise_install"].as_bool() == Some(true) {
            return Err(Error::Payload(
                "an organisation-wide (Enterprise Grid) install; add KubeChat to one team".into(),
            ));
        }
        let text = |path: &str| {
            v.pointer(path)
                .and_then(serde_json::Value::as_str)
                .filter(|s| !s.is_empty() && s.len() <= 256)
        };
        let token = text("/access_token")
            .filter(|t| t.starts_with("xoxb-") && v["token_type"].as_str() == Some("bot"))
            .ok_or_else(|| Error::Payload("oauth.v2.access gave no bot token".into()))?;
        let team_id = text("/team/id")
            .filter(|t| t.bytes().all(|b| b.is_ascii_alphanumeric()))
            .ok_or_else(|| Error::Payload("oauth.v2.access named no team".into()))?;
        Ok(Self {
            team_id: team_id.to_owned(),
            team_name: text("/team/name").unwrap_or(team_id).to_owned(),
            bot_user_id: text("/bot_user_id").unwrap_or_default().to_owned(),
            token: Secret::new(token),
        })
    }
}

/// What is shown of an install: never its token.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct InstallInfo {
    pub team_id: String,
    pub team_name: String,
    pub bot_user_id: String,
    pub installed_by: String,
    pub installed_at: i64,
}

/// The sealing key of installs, derived from the Slack app's client
/// secret (HKDF-SHA256), so the key lives in the configuration, never in
/// the database beside what it seals.
pub struct Sealer(LessSafeKey);

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(..)")
    }
}

struct KeyLen;

impl ring::hkdf::KeyType for KeyLen {
    fn len(&self) -> usize {
        CHACHA20_POLY1305.key_len()
    }
}

impl Sealer {
    pub fn new(client_secret: &Secret) -> Result<Self> {
        let salt = ring::hkdf::Salt::new(ring::hkdf::HKDF_SHA256, b"kubechat slack installs");
        let prk = salt.extract(client_secret.expose().as_bytes());
        let info = [b"bot token sealing key v1".as_slice()];
        let okm = prk
            .expand(&info, KeyLen)
            .map_err(|_| Error::Api("cannot derive the install key".into()))?;
        let mut key = [0u8; 32];
        okm.fill(&mut key)
            .map_err(|_| Error::Api("cannot derive the install key".into()))?;
        let unbound = UnboundKey::new(&CHACHA20_POLY1305, &key)
            .map_err(|_| Error::Api("cannot derive the install key".into()))?;
        Ok(Self(LessSafeKey::new(unbound)))
    }

    /// `token` sealed for `team` (what it is bound to): hex of nonce and
    /// ciphertext.
    pub fn seal(&self, team: &str, token: &Secret) -> Result<String> {
        let mut nonce = [0u8; NONCE_LEN];
        SystemRandom::new()
            .fill(&mut nonce)
            .map_err(|_| Error::Api("no randomness for sealing".into()))?;
        let mut sealed = token.expose().as_bytes().to_vec();
        self.0
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(team.as_bytes()),
                &mut sealed,
            )
            .map_err(|_| Error::Api("cannot seal the token".into()))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(hex::encode(out))
    }

    /// The token `sealed` holds, if it was sealed for `team` with this
    /// key (a changed client secret or a row of another team does not
    /// open: the team installs again).
    pub fn open(&self, team: &str, sealed: &str) -> Option<Secret> {
        let bytes = hex::decode(sealed).ok()?;
        if bytes.len() <= NONCE_LEN {
            return None;
        }
        let (nonce, rest) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut rest = rest.to_vec();
        let plain = self
            .0
            .open_in_place(nonce, Aad::from(team.as_bytes()), &mut rest)
            .ok()?;
        String::from_utf8(plain.to_vec()).ok().map(Secret::new)
    }
}

/// Stores (or replaces) the install of a team, sealed. A team installed
/// for another workspace is not moved: `Ok(false)`, nothing written.
pub async fn save(
    store: &Store,
    sealer: &Sealer,
    install: &Install,
    installed_by: &str,
    now: i64,
) -> Result<bool> {
    let sealed = sealer.seal(
        &bound(&install.team_id, &install.workspace_id.to_string()),
        &install.token,
    )?;
    let sql = "INSERT INTO slack_installs (team_id, team_name, workspace_id, bot_user_id, bot_token, installed_by, installed_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7) \
               ON CONFLICT (team_id) DO UPDATE SET team_name = excluded.team_name, bot_user_id = excluded.bot_user_id, \
               bot_token = excluded.bot_token, installed_by = excluded.installed_by, installed_at = excluded.installed_at \
               WHERE slack_installs.workspace_id = excluded.workspace_id";
    let written = on_pool!(store.pool(), p, at => sqlx::query(sql)
        .bind(&install.team_id)
        .bind(&install.team_name)
        .bind(install.workspace_id.to_string())
        .bind(&install.bot_user_id)
        .bind(&sealed)
        .bind(installed_by)
        .bind(now)
        .execute(p)
        .await?
        .rows_affected());
    Ok(written == 1)
}

/// What is stored for a team.
#[derive(Debug)]
pub enum Found {
    /// An install, its token opened.
    Install(Install),
    /// A row whose token does not open (the client secret changed, or
    /// the row was altered): the team adds the app again.
    Unreadable,
    /// The team never added the app (or it was removed).
    Absent,
}

/// The seal's associated data: the team and its workspace, so a token
/// opens only in the row it was sealed for.
fn bound(team: &str, workspace: &str) -> String {
    format!("{team}|{workspace}")
}

/// The install of `team`.
pub async fn find(store: &Store, sealer: &Sealer, team: &str) -> Result<Found> {
    let sql = "SELECT team_name, workspace_id, bot_user_id, bot_token, approvals_channel FROM slack_installs WHERE team_id = $1";
    type Row = (String, String, String, String, Option<String>);
    let row: Option<Row> = on_pool!(store.pool(), p, at => sqlx::query_as(sql)
        .bind(team)
        .fetch_optional(p)
        .await?);
    let Some((team_name, workspace, bot_user_id, sealed, approvals_channel)) = row else {
        return Ok(Found::Absent);
    };
    let Some(token) = sealer.open(&bound(team, &workspace), &sealed) else {
        tracing::error!(
            team,
            "slack: the install's token does not open (was the client secret changed?); the team must install again"
        );
        return Ok(Found::Unreadable);
    };
    let workspace_id = Uuid::parse_str(&workspace)
        .map_err(|e| Error::Payload(format!("slack_installs.workspace_id: {e}")))?;
    Ok(Found::Install(Install {
        team_id: team.to_owned(),
        team_name,
        workspace_id,
        bot_user_id,
        token,
        approvals_channel,
    }))
}

/// Sets the approvals channel of `team` installed for `workspace`;
/// whether it is one.
pub async fn set_approvals(
    store: &Store,
    workspace: Uuid,
    team: &str,
    channel: &str,
) -> Result<bool> {
    let sql =
        "UPDATE slack_installs SET approvals_channel = $1 WHERE team_id = $2 AND workspace_id = $3";
    let n = on_pool!(store.pool(), p, at => sqlx::query(sql)
        .bind(channel)
        .bind(team)
        .bind(workspace.to_string())
        .execute(p)
        .await?
        .rows_affected());
    Ok(n == 1)
}

/// The teams installed for `workspace`, by name.
pub async fn list(store: &Store, workspace: Uuid) -> Result<Vec<InstallInfo>> {
    let sql = "SELECT team_id, team_name, bot_user_id, installed_by, installed_at FROM slack_installs \
               WHERE workspace_id = $1 ORDER BY team_name, team_id";
    let rows: Vec<(String, String, String, String, i64)> = on_pool!(store.pool(), p, at => sqlx::query_as(sql)
        .bind(workspace.to_string())
        .fetch_all(p)
        .await?);
    Ok(rows
        .into_iter()
        .map(
            |(team_id, team_name, bot_user_id, installed_by, installed_at)| InstallInfo {
                team_id,
                team_name,
                bot_user_id,
                installed_by,
                installed_at,
            },
        )
        .collect())
}

/// Removes the install of `team` from `workspace`; whether there was one.
/// Its token is gone with the row (Slack keeps it valid until the app is
/// removed from the team there too).
pub async fn remove(store: &Store, workspace: Uuid, team: &str) -> Result<bool> {
    let sql = "DELETE FROM slack_installs WHERE team_id = $1 AND workspace_id = $2";
    let n = on_pool!(store.pool(), p, at => sqlx::query(sql)
        .bind(team)
        .bind(workspace.to_string())
        .execute(p)
        .await?
        .rows_affected());
    Ok(n == 1)
}

/// Who started an install, for which workspace and in which browser
/// (the SHA-256 of a cookie set when it started), kept under its state:
/// a state carried to another browser does not finish there.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Started {
    pub workspace_id: Uuid,
    pub user_id: Uuid,
    pub browser: String,
}

fn state_key(state: &str) -> String {
    format!("slack:install:{state}")
}

/// A new install's `state`: random, remembered for [`STATE_TTL`].
pub async fn offer_state(cache: &Cache, started: &Started) -> Result<String> {
    let mut bytes = [0u8; 24];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| Error::Api("no randomness for the install state".into()))?;
    let state = hex::encode(bytes);
    let body = serde_json::to_vec(started).map_err(|e| Error::Payload(e.to_string()))?;
    cache.set(&state_key(&state), &body, STATE_TTL).await?;
    Ok(state)
}

/// Who started the install of `state`: once (of two takers at once only
/// the one whose delete removed it), within [`STATE_TTL`].
pub async fn take_state(cache: &Cache, state: &str) -> Result<Option<Started>> {
    if state.len() != 48 || !state.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let k = state_key(state);
    let Some(body) = cache.get(&k).await? else {
        return Ok(None);
    };
    if !cache.delete(&k).await? {
        return Ok(None);
    }
    Ok(serde_json::from_slice(&body).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_token_opens_only_for_its_team_and_key() {
        let sealer = Sealer::new(&Secret::new("client-secret-1")).unwrap();
        let token = Secret::new("xoxb-1-2-abc");
        let sealed = sealer.seal("T1", &token).unwrap();
        assert!(!sealed.contains("xoxb"), "the token is not stored readable");
        assert_eq!(sealer.open("T1", &sealed).unwrap().expose(), "xoxb-1-2-abc");
        assert!(sealer.open("T2", &sealed).is_none(), "bound to its team");
        let other = Sealer::new(&Secret::new("client-secret-2")).unwrap();
        assert!(other.open("T1", &sealed).is_none(), "bound to the key");
        let mut tampered = sealed.clone().into_bytes();
        let last = tampered.len() - 1;
        tampered[last] = if tampered[last] == b'0' { b'1' } else { b'0' };
        assert!(
            sealer
                .open("T1", std::str::from_utf8(&tampered).unwrap())
                .is_none()
        );
        assert!(sealer.open("T1", "zz").is_none());
        // Two seals of one token differ (a fresh nonce each).
        assert_ne!(sealed, sealer.seal("T1", &token).unwrap());
    }
}
