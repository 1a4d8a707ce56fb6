//! One request's way through KubeChat: audit first, then the cluster.
//!
//! The engine is the only path from an [`Operation`] to the executor, so
//! the audit rules hold for every channel (CLI, API, WebSocket, operator):
//!
//! - a read records `requested` before it runs (when the audit log cannot
//!   be written, it runs only if configured to, counted and logged), then
//!   `executed` or `failed`;
//! - a mutation records `requested` before its server-side dry run and
//!   `confirmed` before it is applied; if either cannot be committed the
//!   mutation is refused and nothing reaches the cluster;
//! - a cancelled or refused request records `denied`.

use std::sync::Arc;
use std::time::Instant;

use kubechat_audit::{AuditActor, AuditLog, Channel, Decision, NewEvent, Phase, ReadGate};
use kubechat_core::{Operation, Risk};
use kubechat_kube::{Actor, Executor, Outcome, Plan};
use uuid::Uuid;

/// Engine failures: the audit log refused, or the cluster did.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Audit(#[from] kubechat_audit::Error),
    #[error(transparent)]
    Kube(#[from] kubechat_kube::Error),
    /// A read was given to [`Engine::plan`] or a mutation to
    /// [`Engine::read`].
    #[error("{0}")]
    WrongPath(String),
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Who is asking, through which channel.
#[derive(Debug, Clone)]
pub struct Requester {
    pub workspace_id: Uuid,
    /// Recorded in the audit log.
    pub audit: AuditActor,
    /// Impersonated by the executor.
    pub kube: Actor,
    pub channel: Channel,
    pub session_id: Option<String>,
}

/// A mutation previewed (dry run done, `requested` committed) and waiting
/// for confirmation.
#[derive(Debug)]
pub struct Pending {
    plan: Plan,
    event: NewEvent,
}

impl Pending {
    /// The dry-run preview.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Ties the audit events of this request together.
    pub fn request_id(&self) -> Uuid {
        self.event.request_id
    }
}

/// Runs operations for requesters; cheap to clone.
#[derive(Debug, Clone)]
pub struct Engine {
    executor: Arc<Executor>,
    audit: AuditLog,
}

fn millis(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

impl Engine {
    pub fn new(executor: Executor, audit: AuditLog) -> Self {
        Self {
            executor: Arc::new(executor),
            audit,
        }
    }

    pub fn executor(&self) -> &Executor {
        &self.executor
    }

    /// Where the policy sees `op` run: its namespace (`default_ns` when it
    /// names none), or `None` for all namespaces and cluster-scoped types.
    pub async fn policy_scope(&self, op: &Operation, default_ns: &str) -> Option<String> {
        if op.all_namespaces {
            return None;
        }
        // Every type the request touches: one cluster-scoped type among
        // them makes the whole request cluster-wide for the policy.
        for kind in op.touched_kinds() {
            if !self.executor.is_namespaced_type(&kind).await {
                return None;
            }
        }
        Some(
            op.namespace
                .as_ref()
                .map_or_else(|| default_ns.to_owned(), |n| n.as_str().to_owned()),
        )
    }

    /// The canonical name of a type the cluster serves, `Ok(None)` when
    /// it serves no such type, `Err` when discovery is out of reach.
    pub async fn served_type(
        &self,
        kind: &kubechat_core::ResourceType,
    ) -> std::result::Result<Option<String>, String> {
        self.executor
            .served_type(kind)
            .await
            .map_err(|e| e.to_string())
    }

    pub fn audit(&self) -> &AuditLog {
        &self.audit
    }

    fn requested(&self, who: &Requester, text: &str, op: &Operation, decision: &str) -> NewEvent {
        let mut e = NewEvent::requested(
            who.workspace_id,
            who.audit.clone(),
            who.channel,
            text,
            op.clone(),
        );
        e.session_id.clone_from(&who.session_id);
        e.decision = Some(Decision {
            outcome: decision.to_owned(),
            reason: String::new(),
        });
        e
    }

    /// Records the end of a request; a failure to record is logged (the
    /// operation already happened and its answer is still given).
    async fn finish(
        &self,
        mut event: NewEvent,
        result: Result<&Outcome, &Error>,
        started: Instant,
    ) {
        event.duration_ms = Some(millis(started));
        match result {
            Ok(o) => {
                event.phase = Phase::Executed;
                event.outcome = Some(o.summary.clone());
            }
            Err(e) => {
                event.phase = Phase::Failed;
                event.outcome = Some(e.to_string());
            }
        }
        if let Err(e) = self.audit.record(event).await {
            tracing::error!(error = %e, "the outcome of a request could not be audited");
        }
    }

    /// Runs a read: `requested`, the read, then `executed` or `failed`.
    pub async fn read(
        &self,
        who: &Requester,
        text: &str,
        op: &Operation,
        default_ns: &str,
    ) -> Result<Outcome> {
        self.read_request(who, text, op, default_ns)
            .await
            .map(|(_, o)| o)
    }

    /// [`Engine::read`], also answering the request id of its audit events.
    pub async fn read_request(
        &self,
        who: &Requester,
        text: &str,
        op: &Operation,
        default_ns: &str,
    ) -> Result<(Uuid, Outcome)> {
        if op.risk() != Risk::Read {
            return Err(Error::WrongPath(format!(
                "{} changes the cluster: preview it with plan and confirm it",
                op.verb.as_str()
            )));
        }
        let event = self.requested(who, text, op, "allowed");
        let request_id = event.request_id;
        let audited = match self.audit.gate_read(event.clone()).await? {
            ReadGate::Recorded(_) => true,
            ReadGate::Unaudited => false,
        };
        let started = Instant::now();
        let result = self
            .executor
            .read(&who.kube, op, default_ns)
            .await
            .map_err(Error::from);
        if audited {
            self.finish(event, result.as_ref(), started).await;
        }
        result.map(|o| (request_id, o))
    }

    /// Previews a mutation: commits `requested` (refused when the audit log
    /// cannot be written), then runs the server-side dry run.
    pub async fn plan(
        &self,
        who: &Requester,
        text: &str,
        op: &Operation,
        default_ns: &str,
    ) -> Result<Pending> {
        self.plan_as(who, text, op, default_ns, "needs-confirmation")
            .await
    }

    /// [`Engine::plan`] recording the policy decision `decision`
    /// (`needs-confirmation`, `needs-typed-confirmation`).
    pub async fn plan_as(
        &self,
        who: &Requester,
        text: &str,
        op: &Operation,
        default_ns: &str,
        decision: &str,
    ) -> Result<Pending> {
        if op.risk() == Risk::Read {
            return Err(Error::WrongPath(format!(
                "{} only reads: run it with read",
                op.verb.as_str()
            )));
        }
        let event = self.requested(who, text, op, decision);
        self.audit.record(event.clone()).await?;
        self.dry_run(who, op, default_ns, event).await
    }

    /// Previews again a request whose `requested` event is already
    /// recorded (`request_id`), e.g. when it is confirmed on another
    /// replica: nothing is recorded until it is applied or fails.
    pub async fn replan(
        &self,
        who: &Requester,
        text: &str,
        op: &Operation,
        default_ns: &str,
        request_id: Uuid,
    ) -> Result<Pending> {
        let mut event = self.requested(who, text, op, "needs-confirmation");
        event.request_id = request_id;
        self.dry_run(who, op, default_ns, event).await
    }

    async fn dry_run(
        &self,
        who: &Requester,
        op: &Operation,
        default_ns: &str,
        event: NewEvent,
    ) -> Result<Pending> {
        let started = Instant::now();
        match self.executor.plan(&who.kube, op, default_ns).await {
            Ok(plan) => Ok(Pending { plan, event }),
            Err(e) => {
                let e = Error::Kube(e);
                self.finish(event, Err(&e), started).await;
                Err(e)
            }
        }
    }

    /// Applies a confirmed mutation: commits `confirmed` first (refused,
    /// with nothing sent to the cluster, when it cannot be written), then
    /// applies and records `executed` or `failed`.
    pub async fn apply(&self, pending: Pending) -> Result<Outcome> {
        self.apply_with(pending, None).await
    }

    /// [`Engine::apply`] for a plan another person approved: the
    /// `confirmed` event names the approver (`approved by bob (admin)`);
    /// it still runs as the person who asked.
    pub async fn apply_approved(&self, pending: Pending, approver: &str) -> Result<Outcome> {
        let decision = Decision {
            outcome: "approved".to_owned(),
            reason: format!("approved by {approver}"),
        };
        self.apply_with(pending, Some(decision)).await
    }

    async fn apply_with(&self, pending: Pending, decision: Option<Decision>) -> Result<Outcome> {
        let mut confirmed = pending.event.next(Phase::Confirmed);
        if decision.is_some() {
            confirmed.decision = decision;
        }
        self.audit.record(confirmed).await?;
        let started = Instant::now();
        let result = self
            .executor
            .apply(pending.plan.confirm())
            .await
            .map_err(Error::from);
        self.finish(pending.event, result.as_ref(), started).await;
        result
    }

    /// Records `confirmed` for a mutation another process carries out (the
    /// operator, through a `KubeChatCommand` that audits its own
    /// execution); `destination` names where it went. Nothing is sent to
    /// the cluster here, and nothing is when the event cannot be written.
    pub async fn hand_off(
        &self,
        pending: Pending,
        approver: Option<&str>,
        destination: &str,
    ) -> Result<()> {
        let mut confirmed = pending.event.next(Phase::Confirmed);
        confirmed.decision = Some(Decision {
            outcome: "handed-off".to_owned(),
            reason: match approver {
                Some(a) => format!("approved by {a}; carried out by the operator as {destination}"),
                None => format!("carried out by the operator as {destination}"),
            },
        });
        self.audit.record(confirmed).await?;
        Ok(())
    }

    /// Records that a previewed mutation was not confirmed.
    pub async fn cancel(&self, pending: Pending, reason: &str) -> Result<()> {
        self.end_unapplied(pending, "cancelled", reason).await
    }

    /// Ends a previewed request the policy refuses once its dry run is
    /// known (a destructive effect the person's role may not take):
    /// audited as `denied` with the reason.
    pub async fn refuse(&self, pending: Pending, reason: &str) -> Result<()> {
        self.end_unapplied(pending, "denied", reason).await
    }

    async fn end_unapplied(&self, pending: Pending, outcome: &str, reason: &str) -> Result<()> {
        let mut denied = pending.event.next(Phase::Denied);
        denied.decision = Some(Decision {
            outcome: outcome.to_owned(),
            reason: reason.to_owned(),
        });
        self.audit.record(denied).await?;
        Ok(())
    }

    /// Records that a previewed request (`request_id`, already audited as
    /// `requested`) was cancelled, when its plan is no longer at hand
    /// (confirmations wait in the shared cache, not in memory).
    /// `outcome` is `cancelled` (by the person who asked) or `rejected`
    /// (by an approver).
    pub async fn cancel_request(
        &self,
        who: &Requester,
        text: &str,
        op: &Operation,
        request_id: Uuid,
        outcome: &str,
        reason: &str,
    ) -> Result<()> {
        let mut e = self.requested(who, text, op, outcome);
        e.request_id = request_id;
        e.phase = Phase::Denied;
        e.decision = Some(Decision {
            outcome: outcome.to_owned(),
            reason: reason.to_owned(),
        });
        self.audit.record(e).await?;
        Ok(())
    }

    /// Records a request that policy refused; nothing runs.
    pub async fn deny(
        &self,
        who: &Requester,
        text: &str,
        op: &Operation,
        reason: &str,
    ) -> Result<Uuid> {
        let mut e = self.requested(who, text, op, "denied");
        e.phase = Phase::Denied;
        e.decision = Some(Decision {
            outcome: "denied".to_owned(),
            reason: reason.to_owned(),
        });
        let id = e.request_id;
        self.audit.record(e).await?;
        Ok(id)
    }
}
