//! The background exporter of one sink, its circuit breaker, and
//! re-export of a time window.

use std::sync::Arc;
use std::time::Duration;

use kubechat_config::SinkConfig;
use kubechat_core::{Breaker, Clock};
use kubechat_store::Store;
use time::OffsetDateTime;
use tokio::sync::watch;
use uuid::Uuid;

use super::Sink;
use crate::{AuditMetrics, Result, sql};

/// Exports one sink's events from the checkpoint on, forever.
#[derive(Debug)]
pub struct Exporter {
    sink: Sink,
    store: Store,
    clock: Arc<dyn Clock>,
    metrics: AuditMetrics,
    holder: String,
    batch: u32,
    poll: Duration,
    backoff_initial: Duration,
    backoff_max: Duration,
    breaker: Breaker,
}

/// How long a replica holds a sink's lease without renewing it.
const LEASE: Duration = Duration::from_secs(30);

impl Exporter {
    /// An exporter for `config`; `holder` names this replica in the lease.
    pub fn new(
        config: &SinkConfig,
        sink: Sink,
        store: Store,
        clock: Arc<dyn Clock>,
        metrics: AuditMetrics,
        holder: String,
    ) -> Self {
        Self {
            sink,
            store,
            clock,
            metrics,
            holder,
            batch: u32::try_from(config.batch_size).unwrap_or(200),
            poll: Duration::from_millis(config.poll_interval_ms),
            backoff_initial: Duration::from_millis(config.backoff_initial_ms),
            backoff_max: Duration::from_millis(config.backoff_max_ms),
            breaker: Breaker::new(
                config.breaker_failures,
                Duration::from_secs(config.breaker_cooldown_seconds),
            ),
        }
    }

    /// Delivers everything past the checkpoints, batch by batch; returns
    /// how many events were delivered. Stops at the first failed batch
    /// (its events stay pending).
    pub async fn pass(&mut self) -> Result<u64> {
        let pool = self.store.pool().clone();
        let name = self.sink.name().to_owned();
        let mut delivered = 0u64;
        let mut result = Ok(());
        for head in sql::heads(&pool).await? {
            loop {
                let cp = sql::checkpoint(&pool, &name, head.workspace_id).await?;
                if cp >= head.seq {
                    break;
                }
                let events =
                    sql::range(&pool, head.workspace_id, cp + 1, head.seq, self.batch).await?;
                let Some(last) = events.last().map(|e| e.seq) else {
                    break;
                };
                if let Err(e) = self.sink.deliver(&events).await {
                    self.metrics.export(&name, "failed", events.len());
                    result = Err(e);
                    break;
                }
                self.metrics.export(&name, "delivered", events.len());
                delivered += events.len() as u64;
                sql::set_checkpoint(&pool, &name, head.workspace_id, last, self.clock.now())
                    .await?;
            }
            if result.is_err() {
                break;
            }
        }
        self.update_lag().await?;
        result.map(|()| delivered)
    }

    /// Sets `audit_export_lag_seconds` to the age of the oldest event not
    /// yet delivered.
    async fn update_lag(&self) -> Result<()> {
        let pool = self.store.pool();
        let name = self.sink.name();
        let now = self.clock.now();
        let mut lag = 0.0f64;
        for head in sql::heads(pool).await? {
            let cp = sql::checkpoint(pool, name, head.workspace_id).await?;
            if cp >= head.seq {
                continue;
            }
            if let Some(oldest) = sql::range(pool, head.workspace_id, cp + 1, head.seq, 1)
                .await?
                .first()
            {
                lag = lag.max((now - oldest.at).as_seconds_f64().max(0.0));
            }
        }
        self.metrics.lag(name, lag);
        Ok(())
    }

    fn backoff(&self) -> Duration {
        let exp = self.breaker.failures().saturating_sub(1).min(20);
        self.backoff_initial
            .saturating_mul(1u32 << exp)
            .min(self.backoff_max)
    }

    /// Runs until `stop` turns true: holds the sink's lease (one exporter
    /// per sink across replicas), delivers, backs off and breaks the
    /// circuit on failures. Never touches the chat path: it only reads
    /// committed rows.
    pub async fn run(mut self, mut stop: watch::Receiver<bool>) {
        let name = self.sink.name().to_owned();
        tracing::info!(sink = %name, "audit exporter started");
        loop {
            if *stop.borrow() {
                break;
            }
            let now = self.clock.now();
            let wait = match self.step(now).await {
                Step::Again => Duration::ZERO,
                Step::Idle => self.poll,
                Step::Backoff => self.backoff(),
                Step::Open(until) => {
                    let left = (until - now).max(time::Duration::ZERO);
                    Duration::try_from(left).unwrap_or(self.poll).min(self.poll)
                }
            };
            if wait.is_zero() {
                continue;
            }
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = stop.changed() => {}
            }
        }
        tracing::info!(sink = %name, "audit exporter stopped");
    }

    async fn step(&mut self, now: OffsetDateTime) -> Step {
        let name = self.sink.name().to_owned();
        let until = now + LEASE;
        match sql::lease(self.store.pool(), &name, &self.holder, now, until).await {
            Ok(true) => {}
            Ok(false) => return Step::Idle,
            Err(e) => {
                tracing::warn!(sink = %name, error = %e, "audit exporter cannot take its lease");
                return Step::Idle;
            }
        }
        if !self.breaker.allows(now) {
            return self.breaker.open_until().map_or(Step::Idle, Step::Open);
        }
        match self.pass().await {
            Ok(0) => {
                self.breaker.success();
                Step::Idle
            }
            Ok(n) => {
                self.breaker.success();
                tracing::debug!(sink = %name, delivered = n, "audit events exported");
                Step::Again
            }
            Err(e) => {
                self.breaker.failure(self.clock.now());
                tracing::warn!(
                    sink = %name,
                    error = %e,
                    failures = self.breaker.failures(),
                    "audit export failed; will retry"
                );
                Step::Backoff
            }
        }
    }
}

enum Step {
    Again,
    Idle,
    Backoff,
    Open(OffsetDateTime),
}

/// Delivers every event with `since <= at <= until` to `sink` again
/// (checkpoints untouched): the runbook's "re-export a missed period".
/// Returns how many events were delivered.
pub async fn reexport(
    store: &Store,
    sink: &mut Sink,
    since: OffsetDateTime,
    until: OffsetDateTime,
    batch: u32,
) -> Result<u64> {
    let mut after: Option<(Uuid, i64)> = None;
    let mut total = 0u64;
    loop {
        let events = sql::window(store.pool(), since, until, after, batch.max(1)).await?;
        let Some(last) = events.last() else {
            return Ok(total);
        };
        after = Some((last.workspace_id, last.seq));
        sink.deliver(&events).await?;
        total += events.len() as u64;
    }
}
