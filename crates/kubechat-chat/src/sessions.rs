//! Chat sessions and their history, in the database so a session outlives
//! connections and replicas.
//!
//! A session is named by the client (`/api/v1/chat/{name}`) and belongs to
//! one user. Each question and answer is kept (bounded: long texts are cut
//! and structured data is dropped from history), in order.

use kubechat_store::{Pool, on_pool};
use serde::Serialize;
use serde_json::Value;
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{Error, Result};

/// Longest text kept per history entry.
const MAX_HISTORY_TEXT: usize = 16 * 1024;
/// Most entries answered at once.
pub const MAX_PAGE: u32 = 200;

/// A session.
#[derive(Debug, Clone, Serialize)]
pub struct Session {
    pub id: Uuid,
    pub name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub last_active_at: OffsetDateTime,
}

/// One history entry.
#[derive(Debug, Clone, Serialize)]
pub struct Message {
    pub seq: i64,
    /// `user` or `kubechat`.
    pub author: String,
    /// `ask`, `result`, `preview`, `denied`, `error`, …
    pub kind: String,
    pub body: Value,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

fn unavailable(e: sqlx::Error) -> Error {
    Error::Unavailable(format!("chat history storage failed: {e}"))
}

/// Decodes a `chat_sessions` row (either engine's row type).
macro_rules! session_from_row {
    ($r:expr) => {{
        let r = $r;
        let id: String = r.try_get("id").map_err(unavailable)?;
        Ok::<Session, Error>(Session {
            id: Uuid::parse_str(&id).map_err(|e| Error::Unavailable(e.to_string()))?,
            name: r.try_get("name").map_err(unavailable)?,
            created_at: r.try_get("created_at").map_err(unavailable)?,
            last_active_at: r.try_get("last_active_at").map_err(unavailable)?,
        })
    }};
}

/// A session name: 1–128 letters, digits, `-` or `_`.
pub fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The user's session `name`, created when new.
pub(crate) async fn open(
    pool: &Pool,
    workspace: Uuid,
    user: Uuid,
    name: &str,
    now: OffsetDateTime,
) -> Result<Session> {
    if !valid_name(name) {
        return Err(Error::Invalid(
            "a session name is 1 to 128 letters, digits, '-' or '_'".to_owned(),
        ));
    }
    let insert = "INSERT INTO chat_sessions (id, workspace_id, user_id, name, created_at, last_active_at) \
                  VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, name) \
                  DO UPDATE SET last_active_at = excluded.last_active_at";
    let select = "SELECT id, name, created_at, last_active_at FROM chat_sessions \
                  WHERE user_id = $1 AND name = $2";
    on_pool!(pool, p, at => {
        sqlx::query(insert)
            .bind(Uuid::new_v4().to_string())
            .bind(workspace.to_string())
            .bind(user.to_string())
            .bind(name)
            .bind(at(now))
            .bind(at(now))
            .execute(p)
            .await
            .map_err(unavailable)?;
        let r = sqlx::query(select)
            .bind(user.to_string())
            .bind(name)
            .fetch_one(p)
            .await
            .map_err(unavailable)?;
        session_from_row!(&r)
    })
}

/// The user's sessions, most recently active first.
pub(crate) async fn list(pool: &Pool, user: Uuid) -> Result<Vec<Session>> {
    let sql = "SELECT id, name, created_at, last_active_at FROM chat_sessions \
               WHERE user_id = $1 ORDER BY last_active_at DESC LIMIT 500";
    on_pool!(pool, p, at => {
        let rows = sqlx::query(sql)
            .bind(user.to_string())
            .fetch_all(p)
            .await
            .map_err(unavailable)?;
        rows.iter()
            .map(|r| session_from_row!(r))
            .collect()
    })
}

/// Bounds an entry for history: long strings are cut, `data` dropped,
/// and what a person typed is redacted as audit rows are (a pasted
/// Secret manifest, a `password=…`): history is kept and shown again.
fn bounded(mut body: Value, author: &str) -> Value {
    if let Some(o) = body.as_object_mut() {
        o.remove("data");
        if author == "user"
            && let Some(Value::String(text)) = o.get_mut("text")
        {
            *text = kubechat_audit::redact::redact(text);
        }
        for v in o.values_mut() {
            if let Value::String(s) = v {
                *s = kubechat_audit::redact::bounded(s, MAX_HISTORY_TEXT);
            }
        }
    }
    body
}

/// Appends one entry (sequence numbers are per session; a concurrent
/// writer that takes the same number retries).
pub(crate) async fn append(
    pool: &Pool,
    session: Uuid,
    author: &str,
    kind: &str,
    body: Value,
    now: OffsetDateTime,
) -> Result<()> {
    let body = bounded(body, author).to_string();
    let sql = "INSERT INTO chat_messages (id, session_id, seq, author, kind, body, created_at) \
               SELECT $1, $2, COALESCE(MAX(seq), 0) + 1, $3, $4, $5, $6 \
               FROM chat_messages WHERE session_id = $2";
    for _ in 0..5 {
        let done = on_pool!(pool, p, at => sqlx::query(sql)
            .bind(Uuid::new_v4().to_string())
            .bind(session.to_string())
            .bind(author)
            .bind(kind)
            .bind(&body)
            .bind(at(now))
            .execute(p)
            .await
            .map(|_| ()));
        match done {
            Ok(()) => return Ok(()),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => continue,
            Err(e) => return Err(unavailable(e)),
        }
    }
    Err(Error::Unavailable(
        "chat history: too many concurrent writers to one session".to_owned(),
    ))
}

/// Entries of a session, oldest first: the last `limit` before `before`.
pub(crate) async fn history(
    pool: &Pool,
    session: Uuid,
    limit: u32,
    before: Option<i64>,
) -> Result<Vec<Message>> {
    let sql = "SELECT seq, author, kind, body, created_at FROM chat_messages \
               WHERE session_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3";
    let mut out: Vec<Message> = on_pool!(pool, p, at => {
        let rows = sqlx::query(sql)
            .bind(session.to_string())
            .bind(before.unwrap_or(i64::MAX))
            .bind(i64::from(limit.clamp(1, MAX_PAGE)))
            .fetch_all(p)
            .await
            .map_err(unavailable)?;
        rows.iter()
            .map(|r| {
                let body: String = r.try_get("body").map_err(unavailable)?;
                Ok(Message {
                    seq: r.try_get("seq").map_err(unavailable)?,
                    author: r.try_get("author").map_err(unavailable)?,
                    kind: r.try_get("kind").map_err(unavailable)?,
                    body: serde_json::from_str(&body).unwrap_or(Value::Null),
                    created_at: r.try_get("created_at").map_err(unavailable)?,
                })
            })
            .collect::<Result<Vec<_>>>()?
    });
    out.reverse();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_person_typed_is_kept_redacted() {
        let secret = "apply this:\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2-hunter2\n";
        let kept = bounded(
            serde_json::json!({"text": secret, "data": {"x": 1}}),
            "user",
        );
        let text = kept["text"].as_str().unwrap();
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains("kind: Secret"), "{text}");
        assert!(kept.get("data").is_none());
        // What the bot said is kept as said (only bounded).
        let said = bounded(serde_json::json!({"text": "password: shown"}), "bot");
        assert_eq!(said["text"], "password: shown");
    }
}
