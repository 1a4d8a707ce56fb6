//! Bots: a workspace's customizable assistants.
//!
//! Each bot has a name (the workspace's default one is `kubechat`) and
//! settings: how it shows itself (display name, avatar), what it tells
//! the LLM (persona), where requests without a namespace run, its policy
//! (verbs, namespace patterns, denied resources, how destructive changes
//! are confirmed), which LLM provider and model read for it, and which
//! cluster it works on. Every save is a new version kept with who saved
//! it and which fields changed; a save names the version it was made
//! from, so two admins editing at once cannot silently overwrite each
//! other (the second gets a conflict).

use kubechat_core::Policy;
use kubechat_store::{Backend, Store, on_pool};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::Row;

use crate::{Error, Result};

/// The bot every workspace has.
pub const DEFAULT_BOT: &str = "kubechat";
/// Most bots per workspace.
pub const MAX_BOTS: i64 = 50;
/// Most versions listed.
pub const MAX_VERSIONS: i64 = 100;
const MAX_PERSONA: usize = 2000;

/// What an admin sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BotSettings {
    /// Shown in the chat beside its answers.
    pub display_name: String,
    /// One to four characters (initials or an emoji) shown as its avatar.
    pub avatar: String,
    /// Extra instructions for the LLM (tone, conventions of the team);
    /// quoted as data in the prompt and never able to widen the policy.
    pub persona: Option<String>,
    /// Where requests without a namespace run (else the session's).
    pub default_namespace: Option<String>,
    pub policy: Policy,
    /// The LLM provider that reads for this bot (one configured in
    /// `[nlp]`); none: every provider, in order.
    pub llm_provider: Option<String>,
    /// The model asked at that provider instead of its configured one.
    pub llm_model: Option<String>,
    /// The cluster it works on (a context of the deployment's
    /// kubeconfig); none: the deployment's cluster.
    pub cluster: Option<String>,
}

impl Default for BotSettings {
    fn default() -> Self {
        Self {
            display_name: "KubeChat".to_owned(),
            avatar: "⎈".to_owned(),
            persona: None,
            default_namespace: None,
            policy: Policy::default(),
            llm_provider: None,
            llm_model: None,
            cluster: None,
        }
    }
}

/// What a setting may name: the configured providers (`None`: a
/// translator service decides) and clusters.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    pub providers: Option<Vec<String>>,
    pub clusters: Vec<String>,
}

impl BotSettings {
    /// What is wrong with these settings, if anything, for people.
    pub fn validate(&self, choices: &Choices) -> std::result::Result<(), String> {
        let printable = |s: &str| !s.chars().any(|c| c.is_control() && c != '\n');
        let name = self.display_name.trim();
        if name.is_empty() || name.chars().count() > 60 || name.contains('\n') || !printable(name) {
            return Err("display_name: 1 to 60 characters on one line".to_owned());
        }
        let n = self.avatar.chars().count();
        if !(1..=4).contains(&n)
            || self.avatar.chars().any(char::is_whitespace)
            || !printable(&self.avatar)
        {
            return Err(
                "avatar: 1 to 4 characters without spaces (initials or an emoji)".to_owned(),
            );
        }
        if let Some(p) = &self.persona
            && (p.chars().count() > MAX_PERSONA || !printable(p))
        {
            return Err(format!("persona: at most {MAX_PERSONA} characters of text"));
        }
        if let Some(ns) = &self.default_namespace
            && kubechat_core::Namespace::parse(ns).is_err()
        {
            return Err(format!("default_namespace: {ns:?} is not a namespace name"));
        }
        self.policy.validate().map_err(|e| format!("policy: {e}"))?;
        if let Some(p) = &self.llm_provider {
            match &choices.providers {
                Some(list) if !list.contains(p) => {
                    return Err(format!(
                        "llm_provider: {p:?} is not configured here; choose one of: {}",
                        if list.is_empty() {
                            "(none: this deployment has no LLM providers)".to_owned()
                        } else {
                            list.join(", ")
                        }
                    ));
                }
                _ => {}
            }
        }
        if let Some(m) = &self.llm_model
            && (m.is_empty()
                || m.len() > 200
                || m.chars().any(|c| c.is_whitespace() || c.is_control()))
        {
            return Err("llm_model: a model name, up to 200 characters without spaces".to_owned());
        }
        if self.llm_model.is_some() && self.llm_provider.is_none() {
            return Err(
                "llm_model needs llm_provider: a model name belongs to one provider".to_owned(),
            );
        }
        if let Some(c) = &self.cluster
            && !choices.clusters.contains(c)
        {
            return Err(format!(
                "cluster: {c:?} is not a cluster of this deployment; choose one of: {}",
                choices.clusters.join(", ")
            ));
        }
        Ok(())
    }

    /// The fields that differ from `old`, by name.
    pub fn changed_from(&self, old: &BotSettings) -> Vec<String> {
        let a = serde_json::to_value(old).unwrap_or(Value::Null);
        let b = serde_json::to_value(self).unwrap_or(Value::Null);
        let mut out = Vec::new();
        if let (Some(a), Some(b)) = (a.as_object(), b.as_object()) {
            for (k, v) in b {
                if a.get(k) != Some(v) {
                    out.push(k.clone());
                }
            }
        }
        out
    }
}

/// A bot as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bot {
    pub name: String,
    /// 0 for a bot never saved (its built-in settings).
    pub version: i64,
    pub settings: BotSettings,
    pub updated_by: Option<String>,
    /// Unix seconds.
    pub updated_at: Option<i64>,
}

impl Bot {
    /// What the chat shows of the bot that answered.
    pub fn badge(&self) -> Value {
        serde_json::json!({
            "name": self.name,
            "display_name": self.settings.display_name,
            "avatar": self.settings.avatar,
        })
    }
}

/// One saved version.
#[derive(Debug, Clone, Serialize)]
pub struct BotVersion {
    pub version: i64,
    pub settings: BotSettings,
    pub changed: Vec<String>,
    pub changed_by: String,
    pub changed_at: i64,
}

/// Checks a bot name: an RFC 1123 label.
pub fn check_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 63
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "bot name {name:?}: use 1 to 63 lower-case letters, digits or '-'"
        )))
    }
}

fn unavailable(e: impl std::fmt::Display) -> Error {
    Error::Unavailable(format!("bots cannot be read or written: {e}"))
}

fn parse_settings(text: &str) -> Result<BotSettings> {
    serde_json::from_str(text)
        .map_err(|e| unavailable(format!("stored settings are unreadable: {e}")))
}

/// The stored bot `name` of `workspace`.
pub async fn get(store: &Store, workspace: &str, name: &str) -> Result<Option<Bot>> {
    Ok(select(store, workspace, Some(name))
        .await?
        .into_iter()
        .next())
}

/// The stored bots of `workspace`, by name.
pub async fn list(store: &Store, workspace: &str) -> Result<Vec<Bot>> {
    select(store, workspace, None).await
}

/// Bot `name` of `workspace`, or all of them (at most [`MAX_BOTS`]).
async fn select(store: &Store, workspace: &str, name: Option<&str>) -> Result<Vec<Bot>> {
    let columns =
        "SELECT name, version, settings, updated_by, updated_at FROM bots WHERE workspace_id = $1";
    let sql = match name {
        Some(_) => format!("{columns} AND name = $2"),
        None => format!("{columns} ORDER BY name LIMIT $2"),
    };
    let rows: Vec<(String, i64, String, String, i64)> = on_pool!(store.pool(), p, at => {
        let q = sqlx::query(&sql).bind(workspace);
        let q = match name {
            Some(n) => q.bind(n),
            None => q.bind(MAX_BOTS),
        };
        let rows = q.fetch_all(p).await.map_err(unavailable)?;
        rows.iter()
            .map(|r| -> std::result::Result<_, sqlx::Error> {
                Ok((r.try_get("name")?, r.try_get("version")?, r.try_get("settings")?, r.try_get("updated_by")?, r.try_get("updated_at")?))
            })
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(unavailable)?
    });
    rows.into_iter()
        .map(|(name, version, settings, by, at)| {
            Ok(Bot {
                name,
                version,
                settings: parse_settings(&settings)?,
                updated_by: Some(by),
                updated_at: Some(at),
            })
        })
        .collect()
}

/// The saved versions of bot `name`, newest first.
pub async fn versions(store: &Store, workspace: &str, name: &str) -> Result<Vec<BotVersion>> {
    let sql = "SELECT version, settings, changed, changed_by, changed_at FROM bot_versions \
               WHERE workspace_id = $1 AND name = $2 ORDER BY version DESC LIMIT $3";
    let rows: Vec<(i64, String, String, String, i64)> = on_pool!(store.pool(), p, at => {
        let rows = sqlx::query(sql).bind(workspace).bind(name).bind(MAX_VERSIONS).fetch_all(p).await.map_err(unavailable)?;
        rows.iter()
            .map(|r| -> std::result::Result<_, sqlx::Error> {
                Ok((r.try_get("version")?, r.try_get("settings")?, r.try_get("changed")?, r.try_get("changed_by")?, r.try_get("changed_at")?))
            })
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(unavailable)?
    });
    rows.into_iter()
        .map(|(version, settings, changed, changed_by, changed_at)| {
            Ok(BotVersion {
                version,
                settings: parse_settings(&settings)?,
                changed: serde_json::from_str(&changed).unwrap_or_default(),
                changed_by,
                changed_at,
            })
        })
        .collect()
}

/// One save of a bot.
#[derive(Debug)]
pub struct Save<'a> {
    pub workspace: &'a str,
    pub name: &'a str,
    /// The version the change was made from (0: the bot was never saved).
    pub from: i64,
    pub settings: &'a BotSettings,
    /// The settings it replaces, to name the changed fields.
    pub previous: &'a BotSettings,
    pub by: &'a str,
    /// Unix seconds.
    pub now: i64,
}

/// Saves the next version of a bot. Fails with a conflict when someone
/// saved in between, and when the workspace has its most bots.
pub async fn save(store: &Store, s: Save<'_>) -> Result<Bot> {
    let Save {
        workspace,
        name,
        from,
        settings,
        previous,
        by,
        now,
    } = s;
    let json = serde_json::to_string(settings).map_err(|e| Error::Invalid(e.to_string()))?;
    let changed =
        serde_json::to_string(&settings.changed_from(previous)).unwrap_or_else(|_| "[]".to_owned());
    let lock = match store.backend() {
        Backend::Postgres => " FOR UPDATE",
        Backend::Sqlite => "",
    };
    let version = from + 1;
    on_pool!(store.pool(), p, at => {
        let mut tx = p.begin().await.map_err(unavailable)?;
        let current: Option<i64> = sqlx::query(&format!(
            "SELECT version FROM bots WHERE workspace_id = $1 AND name = $2{lock}"
        ))
        .bind(workspace)
        .bind(name)
        .fetch_optional(&mut *tx)
        .await
        .map_err(unavailable)?
        .map(|r| r.try_get("version"))
        .transpose()
        .map_err(unavailable)?;
        if current.unwrap_or(0) != from {
            return Err(Error::Conflict(format!(
                "bot {name} is at version {} now, not {from}: someone saved it meanwhile; reload it and apply your change again",
                current.unwrap_or(0)
            )));
        }
        if current.is_none() {
            let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM bots WHERE workspace_id = $1")
                .bind(workspace)
                .fetch_one(&mut *tx)
                .await
                .and_then(|r| r.try_get("n"))
                .map_err(unavailable)?;
            if n >= MAX_BOTS {
                return Err(Error::Invalid(format!("a workspace has at most {MAX_BOTS} bots")));
            }
        }
        let upsert = "INSERT INTO bots (workspace_id, name, version, settings, updated_by, updated_at) \
                      VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (workspace_id, name) DO UPDATE SET \
                      version = excluded.version, settings = excluded.settings, \
                      updated_by = excluded.updated_by, updated_at = excluded.updated_at";
        sqlx::query(upsert)
            .bind(workspace).bind(name).bind(version).bind(&json).bind(by).bind(now)
            .execute(&mut *tx).await.map_err(unavailable)?;
        sqlx::query("INSERT INTO bot_versions (workspace_id, name, version, settings, changed, changed_by, changed_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(workspace).bind(name).bind(version).bind(&json).bind(&changed).bind(by).bind(now)
            .execute(&mut *tx).await.map_err(unavailable)?;
        tx.commit().await.map_err(unavailable)?;
        Ok::<(), Error>(())
    })?;
    Ok(Bot {
        name: name.to_owned(),
        version,
        settings: settings.clone(),
        updated_by: Some(by.to_owned()),
        updated_at: Some(now),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices() -> Choices {
        Choices {
            providers: Some(vec!["openai".to_owned()]),
            clusters: vec!["prod".to_owned(), "staging".to_owned()],
        }
    }

    #[test]
    fn settings_are_checked_with_what_is_configured() {
        let ok = BotSettings {
            display_name: "Ops Helper".into(),
            avatar: "🛠".into(),
            persona: Some("Answer briefly.\nPrefer the shop namespace.".into()),
            default_namespace: Some("shop".into()),
            llm_provider: Some("openai".into()),
            llm_model: Some("gpt-4o".into()),
            cluster: Some("staging".into()),
            ..BotSettings::default()
        };
        assert_eq!(ok.validate(&choices()), Ok(()));
        let cases: [(BotSettings, &str); 8] = [
            (
                BotSettings {
                    display_name: " ".into(),
                    ..ok.clone()
                },
                "display_name",
            ),
            (
                BotSettings {
                    avatar: "too long".into(),
                    ..ok.clone()
                },
                "avatar",
            ),
            (
                BotSettings {
                    persona: Some("x".repeat(2001)),
                    ..ok.clone()
                },
                "persona",
            ),
            (
                BotSettings {
                    default_namespace: Some("Shop".into()),
                    ..ok.clone()
                },
                "default_namespace",
            ),
            (
                BotSettings {
                    llm_provider: Some("claude".into()),
                    ..ok.clone()
                },
                "choose one of: openai",
            ),
            (
                BotSettings {
                    llm_provider: None,
                    ..ok.clone()
                },
                "llm_model needs llm_provider",
            ),
            (
                BotSettings {
                    cluster: Some("dev".into()),
                    ..ok.clone()
                },
                "choose one of: prod, staging",
            ),
            (
                BotSettings {
                    llm_model: Some("a b".into()),
                    ..ok.clone()
                },
                "llm_model",
            ),
        ];
        for (s, why) in cases {
            let e = s.validate(&choices()).err().unwrap_or_default();
            assert!(e.contains(why), "{why}: {e}");
        }
    }

    #[test]
    fn changed_fields_are_named() {
        let a = BotSettings::default();
        let mut b = a.clone();
        b.persona = Some("Be terse.".into());
        b.policy.allowed_verbs = vec![kubechat_core::Verb::Get];
        assert_eq!(b.changed_from(&a), vec!["persona", "policy"]);
        assert!(a.changed_from(&a).is_empty());
    }
}
