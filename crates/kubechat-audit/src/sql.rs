//! The audit tables' queries, one text for both engines.
//!
//! Audit ids are stored as text on both engines (no foreign keys: audit
//! rows outlive the workspaces and users they name), so one SQL text and
//! one row decoder serve PostgreSQL and SQLite; the `on_pool!` macro
//! compiles each body once per engine.

use kubechat_store::{Pool, on_pool};
use sqlx::{QueryBuilder, Row};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::event::{Event, GENESIS};
use crate::query::{Filter, Page};
use crate::{Error, Result};

const COLUMNS: &str = "id, workspace_id, seq, created_at, request_id, phase, actor_user, actor_role, \
     kube_user, kube_groups, session_id, channel, request_text, operation, kubectl, verb, \
     resource, namespace, risk, decision, decision_reason, outcome, duration_ms, prev_hash, hash";

/// Pushes `VALUES (…), (…)` for `events` in [`COLUMNS`] order.
macro_rules! push_events {
    ($q:expr, $events:expr, $at:expr) => {
        $q.push_values($events, |mut b, e| {
            b.push_bind(e.id.to_string())
                .push_bind(e.workspace_id.to_string())
                .push_bind(e.seq)
                .push_bind($at(e.at))
                .push_bind(e.request_id.to_string())
                .push_bind(e.phase.as_str())
                .push_bind(e.actor_user.clone())
                .push_bind(e.actor_role.clone())
                .push_bind(e.kube_user.clone())
                .push_bind(serde_json::to_string(&e.kube_groups).unwrap_or_default())
                .push_bind(e.session_id.clone())
                .push_bind(e.channel.as_str())
                .push_bind(e.text.clone())
                .push_bind(e.operation.clone())
                .push_bind(e.kubectl.clone())
                .push_bind(e.verb.clone())
                .push_bind(e.resource.clone())
                .push_bind(e.namespace.clone())
                .push_bind(e.risk.clone())
                .push_bind(e.decision.clone())
                .push_bind(e.decision_reason.clone())
                .push_bind(e.outcome.clone())
                .push_bind(e.duration_ms)
                .push_bind(e.prev_hash.clone())
                .push_bind(e.hash.clone());
        })
    };
}

/// Decodes one row of [`COLUMNS`]; a macro so the same text compiles for
/// both engines' row types.
macro_rules! event_from_row {
    ($r:expr) => {{
        let r = $r;
        let uuid = |col: &str| -> Result<Uuid> {
            let s: String = r.try_get(col)?;
            Uuid::parse_str(&s).map_err(|e| Error::Invalid {
                what: "stored id",
                reason: format!("{col} {s:?}: {e}"),
            })
        };
        let groups: String = r.try_get("kube_groups")?;
        let phase: String = r.try_get("phase")?;
        let channel: String = r.try_get("channel")?;
        Ok::<Event, Error>(Event {
            id: uuid("id")?,
            workspace_id: uuid("workspace_id")?,
            seq: r.try_get("seq")?,
            at: r.try_get("created_at")?,
            request_id: uuid("request_id")?,
            // A tampered enum column still decodes; verify reports it
            // through the hash.
            phase: phase.parse().unwrap_or(crate::Phase::Failed),
            actor_user: r.try_get("actor_user")?,
            actor_role: r.try_get("actor_role")?,
            kube_user: r.try_get("kube_user")?,
            kube_groups: serde_json::from_str(&groups).unwrap_or_else(|_| vec![groups.clone()]),
            session_id: r.try_get("session_id")?,
            channel: channel.parse().unwrap_or(crate::Channel::Api),
            text: r.try_get("request_text")?,
            operation: r.try_get("operation")?,
            kubectl: r.try_get("kubectl")?,
            verb: r.try_get("verb")?,
            resource: r.try_get("resource")?,
            namespace: r.try_get("namespace")?,
            risk: r.try_get("risk")?,
            decision: r.try_get("decision")?,
            decision_reason: r.try_get("decision_reason")?,
            outcome: r.try_get("outcome")?,
            duration_ms: r.try_get("duration_ms")?,
            prev_hash: r.try_get("prev_hash")?,
            hash: r.try_get("hash")?,
        })
    }};
}

/// Appends `events` (all of one workspace) to that workspace's chain in
/// one transaction: the head row is locked, each event is linked after
/// the previous one, every row is inserted in one statement and the head
/// moves. Concurrent appenders (other tasks, other replicas) wait on the
/// head row, so the chain stays linear. Returns the events as stored.
pub(crate) async fn append(
    pool: &Pool,
    workspace: Uuid,
    mut events: Vec<Event>,
) -> Result<Vec<Event>> {
    let ws = workspace.to_string();
    on_pool!(pool, p, at => {
        let mut tx = p.begin().await?;
        // One statement creates the head if needed, locks it (an upsert
        // that updates takes the row lock on PostgreSQL; a write takes the
        // database write lock on SQLite, waiting on busy_timeout instead of
        // failing a read→write upgrade) and returns it.
        let row = sqlx::query(
            "INSERT INTO audit_chain_heads (workspace_id, seq, hash) VALUES ($1, 0, $2) \
             ON CONFLICT (workspace_id) DO UPDATE SET seq = audit_chain_heads.seq \
             RETURNING seq, hash",
        )
        .bind(&ws)
        .bind(GENESIS)
        .fetch_one(&mut *tx)
        .await?;
        let mut seq: i64 = row.try_get("seq")?;
        let mut hash: String = row.try_get("hash")?;
        for e in &mut events {
            seq += 1;
            e.chain(seq, &hash);
            hash.clone_from(&e.hash);
        }
        InsertRows::insert_rows(&mut *tx, &events).await?;
        sqlx::query("UPDATE audit_chain_heads SET seq = $1, hash = $2 WHERE workspace_id = $3")
            .bind(seq)
            .bind(&hash)
            .bind(&ws)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(events)
    })
}

/// Events of `workspace` with `from <= seq <= to`, in chain order, at most
/// `limit`.
pub(crate) async fn range(
    pool: &Pool,
    workspace: Uuid,
    from: i64,
    to: i64,
    limit: u32,
) -> Result<Vec<Event>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM audit_events WHERE workspace_id = $1 AND seq >= $2 AND seq <= $3 \
         ORDER BY seq LIMIT $4"
    );
    on_pool!(pool, p, at => {
        sqlx::query(&sql)
            .bind(workspace.to_string())
            .bind(from)
            .bind(to)
            .bind(i64::from(limit))
            .fetch_all(p)
            .await?
            .iter()
            .map(|r| event_from_row!(r))
            .collect()
    })
}

/// The smallest seq of `workspace` with `at >= t` (`None`: no such row).
pub(crate) async fn first_seq_at_or_after(
    pool: &Pool,
    workspace: Uuid,
    t: OffsetDateTime,
) -> Result<Option<i64>> {
    let sql = "SELECT MIN(seq) FROM audit_events WHERE workspace_id = $1 AND created_at >= $2";
    on_pool!(pool, p, at => Ok(sqlx::query_scalar(sql)
        .bind(workspace.to_string())
        .bind(at(t))
        .fetch_one(p)
        .await?))
}

/// The largest seq of `workspace` with `at <= t`.
pub(crate) async fn last_seq_at_or_before(
    pool: &Pool,
    workspace: Uuid,
    t: OffsetDateTime,
) -> Result<Option<i64>> {
    let sql = "SELECT MAX(seq) FROM audit_events WHERE workspace_id = $1 AND created_at <= $2";
    on_pool!(pool, p, at => Ok(sqlx::query_scalar(sql)
        .bind(workspace.to_string())
        .bind(at(t))
        .fetch_one(p)
        .await?))
}

/// A workspace's chain head: the last seq and hash appended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub workspace_id: Uuid,
    pub seq: i64,
    pub hash: String,
}

/// Every chain head (one per workspace that has audit events).
pub(crate) async fn heads(pool: &Pool) -> Result<Vec<Head>> {
    let sql = "SELECT workspace_id, seq, hash FROM audit_chain_heads ORDER BY workspace_id";
    on_pool!(pool, p, at => {
        let rows = sqlx::query(sql).fetch_all(p).await?;
        rows.iter()
            .map(|r| {
                let ws: String = r.try_get("workspace_id")?;
                Ok(Head {
                    workspace_id: Uuid::parse_str(&ws).map_err(|e| Error::Invalid {
                        what: "stored workspace id",
                        reason: e.to_string(),
                    })?,
                    seq: r.try_get("seq")?,
                    hash: r.try_get("hash")?,
                })
            })
            .collect()
    })
}

/// The hash of row `seq` of `workspace`, if it is there.
pub(crate) async fn hash_at(pool: &Pool, workspace: Uuid, seq: i64) -> Result<Option<String>> {
    let sql = "SELECT hash FROM audit_events WHERE workspace_id = $1 AND seq = $2";
    on_pool!(pool, p, at => Ok(sqlx::query_scalar(sql)
        .bind(workspace.to_string())
        .bind(seq)
        .fetch_optional(p)
        .await?))
}

/// Where a pruned chain starts: the seq and hash of the last pruned row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub seq: i64,
    pub hash: String,
    pub pruned_total: i64,
    /// Ed25519 over the workspace, seq and hash, hex; `None` when pruned
    /// without the audit key.
    pub signature: Option<String>,
}

pub(crate) async fn anchor(pool: &Pool, workspace: Uuid) -> Result<Option<Anchor>> {
    let sql =
        "SELECT seq, hash, pruned_total, signature FROM audit_anchors WHERE workspace_id = $1";
    on_pool!(pool, p, at => {
        let row = sqlx::query(sql)
            .bind(workspace.to_string())
            .fetch_optional(p)
            .await?;
        row.map(|r| {
            Ok(Anchor {
                seq: r.try_get("seq")?,
                hash: r.try_get("hash")?,
                pruned_total: r.try_get("pruned_total")?,
                signature: r.try_get("signature")?,
            })
        })
        .transpose()
    })
}

/// Deletes the events of `workspace` older than `cutoff` — the longest
/// prefix of the chain whose rows are all older — and moves the anchor to
/// the last deleted row, in one transaction. Returns how many were deleted.
pub(crate) async fn prune(
    pool: &Pool,
    workspace: Uuid,
    cutoff: OffsetDateTime,
    now: OffsetDateTime,
    signer: Option<&dyn kubechat_core::Signer>,
) -> Result<u64> {
    let ws = workspace.to_string();
    on_pool!(pool, p, at => {
        let mut tx = p.begin().await?;
        // Serialise with appenders and other pruners on the head row.
        sqlx::query("UPDATE audit_chain_heads SET seq = seq WHERE workspace_id = $1")
            .bind(&ws)
            .execute(&mut *tx)
            .await?;
        let newer: Option<i64> = sqlx::query_scalar(
            "SELECT MIN(seq) FROM audit_events WHERE workspace_id = $1 AND created_at >= $2",
        )
        .bind(&ws)
        .bind(at(cutoff))
        .fetch_one(&mut *tx)
        .await?;
        let last: Option<i64> = match newer {
            Some(n) => Some(n - 1),
            None => sqlx::query_scalar("SELECT MAX(seq) FROM audit_events WHERE workspace_id = $1")
                .bind(&ws)
                .fetch_one(&mut *tx)
                .await?,
        };
        let Some(last) = last else {
            tx.commit().await?;
            return Ok(0);
        };
        let row = sqlx::query("SELECT hash FROM audit_events WHERE workspace_id = $1 AND seq = $2")
            .bind(&ws)
            .bind(last)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = row else {
            // Nothing at or before `last` is left: already pruned.
            tx.commit().await?;
            return Ok(0);
        };
        let hash: String = row.try_get("hash")?;
        let deleted = sqlx::query("DELETE FROM audit_events WHERE workspace_id = $1 AND seq <= $2")
            .bind(&ws)
            .bind(last)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let total = i64::try_from(deleted).unwrap_or(i64::MAX);
        let signature =
            signer.map(|s| crate::checkpoint::sign_anchor(s, workspace, last, &hash));
        sqlx::query(
            "INSERT INTO audit_anchors (workspace_id, seq, hash, pruned_at, pruned_total, signature) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (workspace_id) DO UPDATE SET \
             seq = excluded.seq, hash = excluded.hash, pruned_at = excluded.pruned_at, \
             pruned_total = audit_anchors.pruned_total + excluded.pruned_total, \
             signature = excluded.signature",
        )
        .bind(&ws)
        .bind(last)
        .bind(&hash)
        .bind(at(now))
        .bind(total)
        .bind(signature)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(deleted)
    })
}

/// Newest first, filtered, after the cursor (keyset on seq).
pub(crate) async fn search(pool: &Pool, workspace: Uuid, filter: &Filter) -> Result<Page> {
    let limit = filter.limit();
    let events: Vec<Event> = on_pool!(pool, p, at => {
        let mut q = QueryBuilder::<Db>::new(format!(
            "SELECT {COLUMNS} FROM audit_events WHERE workspace_id = "
        ));
        q.push_bind(workspace.to_string());
        if let Some(v) = &filter.actor {
            q.push(" AND actor_user = ").push_bind(v.clone());
        }
        if let Some(v) = &filter.verb {
            q.push(" AND verb = ").push_bind(v.clone());
        }
        if let Some(v) = &filter.resource {
            q.push(" AND resource = ").push_bind(v.clone());
        }
        if let Some(v) = &filter.namespace {
            q.push(" AND namespace = ").push_bind(v.clone());
        }
        if let Some(v) = filter.phase {
            q.push(" AND phase = ").push_bind(v.as_str());
        }
        if let Some(v) = &filter.request_id {
            q.push(" AND request_id = ").push_bind(v.to_string());
        }
        if let Some(v) = filter.since {
            q.push(" AND created_at >= ").push_bind(at(v));
        }
        if let Some(v) = filter.until {
            q.push(" AND created_at <= ").push_bind(at(v));
        }
        if let Some(v) = filter.before_seq {
            q.push(" AND seq < ").push_bind(v);
        }
        if let Some(v) = filter.after_seq {
            q.push(" AND seq > ").push_bind(v);
        }
        if filter.after_seq.is_some() {
            q.push(" ORDER BY seq ASC LIMIT ");
        } else {
            q.push(" ORDER BY seq DESC LIMIT ");
        }
        q.push_bind(i64::from(limit) + 1);
        q.build()
            .fetch_all(p)
            .await?
            .iter()
            .map(|r| event_from_row!(r))
            .collect::<Result<_>>()?
    });
    Ok(Page::new(events, limit))
}

/// The last seq delivered to `sink` for `workspace` (0: none).
pub(crate) async fn checkpoint(pool: &Pool, sink: &str, workspace: Uuid) -> Result<i64> {
    let sql = "SELECT seq FROM audit_export_checkpoints WHERE sink = $1 AND workspace_id = $2";
    on_pool!(pool, p, at => Ok(sqlx::query_scalar(sql)
        .bind(sink)
        .bind(workspace.to_string())
        .fetch_optional(p)
        .await?
        .unwrap_or(0)))
}

/// Moves the checkpoint forward (never back).
pub(crate) async fn set_checkpoint(
    pool: &Pool,
    sink: &str,
    workspace: Uuid,
    seq: i64,
    now: OffsetDateTime,
) -> Result<()> {
    let sql = "INSERT INTO audit_export_checkpoints (sink, workspace_id, seq, updated_at) \
               VALUES ($1, $2, $3, $4) ON CONFLICT (sink, workspace_id) DO UPDATE SET \
               seq = CASE WHEN excluded.seq > audit_export_checkpoints.seq \
                          THEN excluded.seq ELSE audit_export_checkpoints.seq END, \
               updated_at = excluded.updated_at";
    on_pool!(pool, p, at => {
        sqlx::query(sql)
            .bind(sink)
            .bind(workspace.to_string())
            .bind(seq)
            .bind(at(now))
            .execute(p)
            .await?;
        Ok(())
    })
}

/// Takes or renews the export lease of `sink` for `holder` until `until`;
/// true when `holder` has it. A lease held by another replica is taken
/// over only after it expired.
pub(crate) async fn lease(
    pool: &Pool,
    sink: &str,
    holder: &str,
    now: OffsetDateTime,
    until: OffsetDateTime,
) -> Result<bool> {
    let sql = "INSERT INTO audit_export_leases (sink, holder, until) VALUES ($1, $2, $3) \
               ON CONFLICT (sink) DO UPDATE SET holder = excluded.holder, until = excluded.until \
               WHERE audit_export_leases.holder = excluded.holder OR audit_export_leases.until < $4";
    on_pool!(pool, p, at => {
        let done = sqlx::query(sql)
            .bind(sink)
            .bind(holder)
            .bind(at(until))
            .bind(at(now))
            .execute(p)
            .await?;
        Ok(done.rows_affected() == 1)
    })
}

/// Every event of every workspace with `since <= at <= until`, after the
/// `(workspace, seq)` cursor, ordered by workspace then seq: the window a
/// re-export delivers.
pub(crate) async fn window(
    pool: &Pool,
    since: OffsetDateTime,
    until: OffsetDateTime,
    after: Option<(Uuid, i64)>,
    limit: u32,
) -> Result<Vec<Event>> {
    let (ws, seq) = after.map_or((String::new(), 0), |(w, s)| (w.to_string(), s));
    let sql = format!(
        "SELECT {COLUMNS} FROM audit_events WHERE created_at >= $1 AND created_at <= $2 \
         AND (workspace_id > $3 OR (workspace_id = $3 AND seq > $4)) \
         ORDER BY workspace_id, seq LIMIT $5"
    );
    on_pool!(pool, p, at => {
        sqlx::query(&sql)
            .bind(at(since))
            .bind(at(until))
            .bind(ws)
            .bind(seq)
            .bind(i64::from(limit))
            .fetch_all(p)
            .await?
            .iter()
            .map(|r| event_from_row!(r))
            .collect()
    })
}

/// Plain inserts with no chain: the benchmark's baseline.
#[doc(hidden)]
pub async fn insert_unchained(pool: &Pool, events: &[Event]) -> Result<()> {
    on_pool!(pool, p, at => {
        let mut conn = p.acquire().await?;
        InsertRows::insert_rows(&mut *conn, events).await
    })
}

/// Inserts rows of [`COLUMNS`] in one statement, the fastest way each
/// engine offers.
trait InsertRows {
    fn insert_rows(&mut self, events: &[Event]) -> impl Future<Output = Result<()>> + Send;
}

impl InsertRows for sqlx::PgConnection {
    /// One `INSERT … SELECT FROM UNNEST(…)` with one array per column:
    /// 25 parameters whatever the batch size, so PostgreSQL parses and
    /// plans it once instead of binding 25 × n values.
    async fn insert_rows(&mut self, events: &[Event]) -> Result<()> {
        let col = |f: fn(&Event) -> String| events.iter().map(f).collect::<Vec<String>>();
        let opt =
            |f: fn(&Event) -> Option<String>| events.iter().map(f).collect::<Vec<Option<String>>>();
        let sql = format!(
            "INSERT INTO audit_events ({COLUMNS}) SELECT * FROM UNNEST(\
             $1::text[], $2::text[], $3::int8[], $4::timestamptz[], $5::text[], $6::text[], \
             $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], \
             $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], \
             $19::text[], $20::text[], $21::text[], $22::text[], $23::int8[], $24::text[], \
             $25::text[])"
        );
        sqlx::query(&sql)
            .bind(col(|e| e.id.to_string()))
            .bind(col(|e| e.workspace_id.to_string()))
            .bind(events.iter().map(|e| e.seq).collect::<Vec<i64>>())
            .bind(events.iter().map(|e| e.at).collect::<Vec<OffsetDateTime>>())
            .bind(col(|e| e.request_id.to_string()))
            .bind(col(|e| e.phase.as_str().to_owned()))
            .bind(col(|e| e.actor_user.clone()))
            .bind(col(|e| e.actor_role.clone()))
            .bind(col(|e| e.kube_user.clone()))
            .bind(col(|e| {
                serde_json::to_string(&e.kube_groups).unwrap_or_default()
            }))
            .bind(opt(|e| e.session_id.clone()))
            .bind(col(|e| e.channel.as_str().to_owned()))
            .bind(col(|e| e.text.clone()))
            .bind(col(|e| e.operation.clone()))
            .bind(col(|e| e.kubectl.clone()))
            .bind(col(|e| e.verb.clone()))
            .bind(col(|e| e.resource.clone()))
            .bind(opt(|e| e.namespace.clone()))
            .bind(col(|e| e.risk.clone()))
            .bind(opt(|e| e.decision.clone()))
            .bind(opt(|e| e.decision_reason.clone()))
            .bind(opt(|e| e.outcome.clone()))
            .bind(
                events
                    .iter()
                    .map(|e| e.duration_ms)
                    .collect::<Vec<Option<i64>>>(),
            )
            .bind(col(|e| e.prev_hash.clone()))
            .bind(col(|e| e.hash.clone()))
            .execute(self)
            .await?;
        Ok(())
    }
}

impl InsertRows for sqlx::SqliteConnection {
    /// A multi-row `VALUES` list (SQLite has no arrays); batches are
    /// bounded well below SQLite's parameter limit.
    async fn insert_rows(&mut self, events: &[Event]) -> Result<()> {
        let at = kubechat_store::sqlite_time;
        let mut q =
            QueryBuilder::<sqlx::Sqlite>::new(format!("INSERT INTO audit_events ({COLUMNS}) "));
        push_events!(q, events, at);
        q.build().execute(self).await?;
        Ok(())
    }
}
