//! The audit log handle: group-committed, write-ahead appends.
//!
//! Callers wait for their event to be committed (that is what makes the
//! `requested` event write-ahead), but do not each pay for a transaction:
//! one appender task takes every event queued while the previous
//! transaction ran and commits them together, one transaction per
//! workspace. Under load batches grow and the cost per event falls; an
//! idle system commits each event on its own at once.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use kubechat_core::{Clock, Signer};
use kubechat_store::Store;
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use crate::checkpoint::{self, Checkpoint, TrustedKey};
use crate::query::{Filter, Page};
use crate::verify::{Report, Window};
use crate::{AuditMetrics, Error, Event, NewEvent, Result, sql};

/// Tuning of the log.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// How long a caller waits for its event to commit before the log
    /// counts as unavailable.
    pub write_timeout: Duration,
    /// Most events in one transaction.
    pub max_batch: usize,
    /// Events waiting for the appender before callers wait to enqueue.
    pub queue: usize,
    /// Whether reads may run while the log cannot be written.
    pub reads_when_unavailable: bool,
}

impl Default for AuditOptions {
    fn default() -> Self {
        Self {
            write_timeout: Duration::from_secs(3),
            max_batch: 500,
            queue: 10_000,
            reads_when_unavailable: false,
        }
    }
}

/// Why a batch was not committed: a short cause and the full reason.
type Failure = (&'static str, String);

struct Job {
    event: Event,
    reply: oneshot::Sender<Result<Event, Failure>>,
}

/// The audit log; cheap to clone.
#[derive(Clone)]
pub struct AuditLog(Arc<Inner>);

struct Inner {
    store: Store,
    clock: Arc<dyn Clock>,
    metrics: AuditMetrics,
    options: AuditOptions,
    jobs: mpsc::Sender<Job>,
    /// The audit key (outside the database): signs anchors and
    /// checkpoints, and its public half checks them. Replaced when the
    /// key is rotated.
    signer: std::sync::RwLock<Option<Arc<dyn Signer>>>,
    /// Public halves of earlier audit keys: what they signed before a
    /// rotation still verifies.
    retired: std::sync::RwLock<Vec<crate::checkpoint::Retired>>,
}

impl std::fmt::Debug for AuditLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditLog")
            .field("options", &self.0.options)
            .finish_non_exhaustive()
    }
}

/// What a read gate decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadGate {
    /// The `requested` event is committed.
    Recorded(Box<Event>),
    /// The log could not be written and configuration lets reads go on;
    /// counted and logged.
    Unaudited,
}

impl AuditLog {
    /// Starts the appender task on the current Tokio runtime.
    pub fn start(
        store: Store,
        clock: Arc<dyn Clock>,
        metrics: AuditMetrics,
        options: AuditOptions,
    ) -> Self {
        let (tx, rx) = mpsc::channel(options.queue.max(1));
        tokio::spawn(appender(
            store.clone(),
            rx,
            options.max_batch.clamp(1, 1000),
            metrics.clone(),
        ));
        Self(Arc::new(Inner {
            store,
            clock,
            metrics,
            options,
            jobs: tx,
            signer: std::sync::RwLock::new(None),
            retired: std::sync::RwLock::new(Vec::new()),
        }))
    }

    /// Sets the audit key: from now on retention anchors are signed,
    /// [`AuditLog::verify`] requires their signatures and
    /// [`AuditLog::checkpoint`] works. A later call replaces the key (a
    /// rotation); keep the old one's public half with
    /// [`AuditLog::set_retired_keys`].
    pub fn set_signer(&self, signer: Arc<dyn Signer>) {
        *self.0.signer.write().unwrap_or_else(|e| e.into_inner()) = Some(signer);
    }

    /// The public halves of earlier audit keys, trusted for what they
    /// signed (checkpoints and anchors) before a rotation.
    pub fn set_retired_keys(&self, keys: Vec<crate::checkpoint::Retired>) {
        *self.0.retired.write().unwrap_or_else(|e| e.into_inner()) = keys;
    }

    fn signer(&self) -> Option<Arc<dyn Signer>> {
        self.0
            .signer
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The public half of the audit key, when one is set.
    pub fn trusted_key(&self) -> Option<TrustedKey> {
        self.signer().map(|s| TrustedKey::of(s.as_ref()))
    }

    /// The audit key's public half first, then the retired ones.
    pub fn trusted_keys(&self) -> Vec<TrustedKey> {
        let mut keys: Vec<TrustedKey> = self.trusted_key().into_iter().collect();
        for k in self
            .0
            .retired
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            if !keys.contains(&k.key) {
                keys.push(k.key.clone());
            }
        }
        keys
    }

    /// Signs every workspace's head and anchor as they are now.
    pub async fn checkpoint(&self) -> Result<Checkpoint> {
        self.checkpoint_of(None).await
    }

    /// Signs the head and anchor of `only` (every workspace when `None`):
    /// what a workspace's admin may hold without learning of others.
    pub async fn checkpoint_of(&self, only: Option<Uuid>) -> Result<Checkpoint> {
        let signer = self.signer().ok_or_else(|| Error::Invalid {
            what: "audit checkpoint",
            reason: "no audit signing key is configured (audit.signing_key_file)".to_owned(),
        })?;
        let mut marks = checkpoint::marks(self.0.store.pool()).await?;
        marks.retain(|m| only.is_none_or(|w| w == m.workspace_id));
        Ok(Checkpoint::sign(signer.as_ref(), self.0.clock.now(), marks))
    }

    /// Verifies the database against a checkpoint signed by one of
    /// `keys` (the one its `public_key` names; the others are tried when
    /// that field was altered): its signature first, then every workspace
    /// (or just `only`) — for those the checkpoint names, the first of
    /// truncation, a missing workspace, a forged anchor or a rewritten
    /// head; for all, the chain walk of [`AuditLog::verify`] with anchor
    /// signatures required (by any of `keys`).
    pub async fn verify_checkpoint(
        &self,
        cp: &Checkpoint,
        keys: &[TrustedKey],
        only: Option<Uuid>,
    ) -> Result<Report> {
        let signer = cp.verify_with_any(keys)?;
        self.signed_while_trusted(cp, &signer)?;
        let pool = self.0.store.pool();
        let mut named = checkpoint::compare(pool, cp).await?;
        named.retain(|f| only.is_none_or(|w| w == f.workspace_id));
        let mut report = crate::verify::verify(pool, only, Window::default(), keys).await?;
        report.workspaces += named
            .iter()
            .filter(|f| f.kind == crate::FindingKind::MissingWorkspace)
            .count();
        report
            .findings
            .retain(|f| !named.iter().any(|n| n.workspace_id == f.workspace_id));
        report.findings.extend(named);
        Ok(report)
    }

    /// A retired key vouches only for what it signed before it was
    /// retired (a key in use now is never held to that).
    fn signed_while_trusted(&self, cp: &Checkpoint, signer: &TrustedKey) -> Result<()> {
        if self.trusted_key().as_ref() == Some(signer) {
            return Ok(());
        }
        let retired_at = self
            .0
            .retired
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .filter(|r| &r.key == signer)
            .find_map(|r| r.at);
        let Some(at) = retired_at else {
            return Ok(());
        };
        let bad = |reason: String| Error::Invalid {
            what: "audit checkpoint",
            reason,
        };
        let issued = OffsetDateTime::parse(
            &cp.issued_at,
            &time::format_description::well_known::Rfc3339,
        )
        .map_err(|e| {
            bad(format!(
                "issued_at {:?} is not an RFC 3339 time: {e}",
                cp.issued_at
            ))
        })?;
        if issued > at {
            return Err(bad(format!(
                "the checkpoint of {} is signed by {signer}, a key retired at {at}: after its retirement that key vouches for nothing — forged with a leaked old key, or written by a process that had not taken up the new key",
                cp.issued_at
            )));
        }
        Ok(())
    }

    /// The store the log writes to.
    pub fn store(&self) -> &Store {
        &self.0.store
    }

    /// The log's metrics.
    pub fn metrics(&self) -> &AuditMetrics {
        &self.0.metrics
    }

    /// The log's clock.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.0.clock
    }

    /// Commits `new` and returns it as stored; [`Error::Unavailable`] when
    /// it is not committed within the write timeout. Invalid input is
    /// [`Error::Invalid`] and nothing is written.
    pub async fn record(&self, new: NewEvent) -> Result<Event> {
        let event = Event::prepare(new, self.0.clock.now())?;
        let (reply, answer) = oneshot::channel();
        let job = Job { event, reply };
        let stopped = || {
            (
                "appender stopped",
                "the audit appender has stopped".to_owned(),
            )
        };
        let waited = tokio::time::timeout(self.0.options.write_timeout, async {
            self.0.jobs.send(job).await.map_err(|_| stopped())?;
            answer.await.map_err(|_| stopped())?
        })
        .await;
        let (cause, reason) = match waited {
            Ok(Ok(event)) => return Ok(event),
            Ok(Err(failure)) => failure,
            Err(_) => (
                "timed out",
                format!(
                    "no commit within {} ms",
                    self.0.options.write_timeout.as_millis()
                ),
            ),
        };
        self.0.metrics.write_failures.inc();
        tracing::error!(cause, %reason, "audit write failed: database {cause}");
        Err(Error::Unavailable { reason })
    }

    /// Records the `requested` event of a read. When the log cannot be
    /// written, reads go on only if configured to (counted in
    /// `audit_unaudited_reads_total` and logged as an error); otherwise the
    /// error stands.
    pub async fn gate_read(&self, new: NewEvent) -> Result<ReadGate> {
        match self.record(new).await {
            Ok(e) => Ok(ReadGate::Recorded(Box::new(e))),
            Err(Error::Unavailable { reason }) if self.0.options.reads_when_unavailable => {
                self.0.metrics.unaudited_reads.inc();
                tracing::error!(%reason, "read served without an audit record");
                Ok(ReadGate::Unaudited)
            }
            Err(e) => Err(e),
        }
    }

    /// Walks the chains (every workspace, or one) and reports the first
    /// problem of each.
    pub async fn verify(&self, workspace: Option<Uuid>, window: Window) -> Result<Report> {
        let keys = self.trusted_keys();
        crate::verify::verify(self.0.store.pool(), workspace, window, &keys).await
    }

    /// One page of a workspace's events.
    pub async fn search(&self, workspace: Uuid, filter: &Filter) -> Result<Page> {
        sql::search(self.0.store.pool(), workspace, filter).await
    }

    /// Every step of one request, in order (`requested`, `confirmed`, …).
    pub async fn steps(&self, workspace: Uuid, request_id: Uuid) -> Result<Vec<Event>> {
        let filter = Filter {
            request_id: Some(request_id),
            after_seq: Some(0),
            limit: Some(crate::query::MAX_LIMIT),
            ..Filter::default()
        };
        Ok(sql::search(self.0.store.pool(), workspace, &filter)
            .await?
            .events)
    }

    /// Deletes events older than `keep` in every workspace, keeping each
    /// chain verifiable through its anchor. Returns how many were deleted.
    pub async fn prune(&self, keep: Duration) -> Result<u64> {
        let now = self.0.clock.now();
        let cutoff = now - keep;
        self.prune_before(cutoff, now).await
    }

    /// Deletes events older than `cutoff` in every workspace.
    pub async fn prune_before(&self, cutoff: OffsetDateTime, now: OffsetDateTime) -> Result<u64> {
        let mut total = 0;
        for head in sql::heads(self.0.store.pool()).await? {
            let signer = self.signer();
            total += sql::prune(
                self.0.store.pool(),
                head.workspace_id,
                cutoff,
                now,
                signer.as_deref(),
            )
            .await?;
        }
        if total > 0 {
            tracing::info!(deleted = total, cutoff = %cutoff, "audit retention pruned events");
        }
        Ok(total)
    }
}

/// Commits queued events in batches until every sender is gone.
async fn appender(store: Store, mut rx: mpsc::Receiver<Job>, max: usize, metrics: AuditMetrics) {
    let mut jobs = Vec::with_capacity(max);
    while rx.recv_many(&mut jobs, max).await > 0 {
        let mut by_workspace: BTreeMap<Uuid, Vec<Job>> = BTreeMap::new();
        for job in jobs.drain(..) {
            // A caller that gave up (timed out) no longer waits: skip its
            // event rather than commit something reported as failed.
            if job.reply.is_closed() {
                continue;
            }
            by_workspace
                .entry(job.event.workspace_id)
                .or_default()
                .push(job);
        }
        for (ws, group) in by_workspace {
            let (events, replies): (Vec<Event>, Vec<_>) =
                group.into_iter().map(|j| (j.event, j.reply)).unzip();
            match sql::append(store.pool(), ws, events).await {
                Ok(stored) => {
                    metrics.ingested.inc_by(stored.len() as u64);
                    for (event, reply) in stored.into_iter().zip(replies) {
                        let _ = reply.send(Ok(event));
                    }
                }
                Err(e) => {
                    let failure = (crate::error::db_cause(&e), e.to_string());
                    for reply in replies {
                        let _ = reply.send(Err(failure.clone()));
                    }
                }
            }
        }
    }
}
