//! One conversation turn: what a person typed → a typed operation → the
//! workspace policy with the person's role → an audited answer.
//!
//! Reads run at once. Mutations answer with a server-side dry-run preview
//! and a plan id; the plan waits in the shared cache (Redis when
//! configured, so any replica can take the confirmation) until it is
//! confirmed, cancelled or expires. On confirmation the plan is dry-run
//! again and applied only if the cluster would change exactly as
//! previewed; otherwise the new preview is answered instead. Destructive
//! operations are confirmed by typing a phrase (the object's name).

pub mod sessions;

use std::sync::Arc;
use std::time::Duration;

use kubechat_audit::{AuditActor, Channel};
use kubechat_auth::User;
use kubechat_cache::Cache;
use kubechat_core::{Clock, Decision, Operation, Policy, Risk};
use kubechat_engine::{Engine, Requester};
use kubechat_kube::{Actor, Change, OutcomeKind};
use kubechat_store::{Store, on_pool};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

/// How long a previewed plan waits for its confirmation.
pub const PLAN_TTL: Duration = Duration::from_secs(300);

/// Who is asking and from where.
#[derive(Debug, Clone)]
pub struct Asker {
    pub user: User,
    pub channel: Channel,
    pub session_id: Option<String>,
    /// Where requests without a namespace run.
    pub default_namespace: String,
}

/// How a preview is confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Confirmation {
    /// A confirm message is enough.
    Simple,
    /// The confirm message must carry `phrase`, typed.
    Typed { phrase: String },
}

/// An answer.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Reply {
    /// A read ran, or a confirmed mutation was applied.
    Result {
        request_id: Uuid,
        operation: Operation,
        kubectl: String,
        risk: Risk,
        kind: OutcomeKind,
        summary: String,
        text: String,
        data: Value,
    },
    /// A mutation's dry run; confirm with `plan_id`.
    Preview {
        request_id: Uuid,
        plan_id: Uuid,
        operation: Operation,
        kubectl: String,
        risk: Risk,
        changes: Vec<Change>,
        text: String,
        confirmation: Confirmation,
        #[serde(with = "time::serde::rfc3339")]
        expires_at: OffsetDateTime,
    },
    /// A dry run found nothing to change; nothing was applied.
    NothingToChange { request_id: Uuid, kubectl: String },
    /// A plan was cancelled.
    Cancelled { plan_id: Uuid },
    /// Policy (or the role) refused; nothing ran.
    Denied { request_id: Uuid, reason: String },
}

impl Reply {
    fn result(request_id: Uuid, operation: Operation, outcome: kubechat_kube::Outcome) -> Self {
        Reply::Result {
            request_id,
            risk: operation.risk(),
            operation,
            kubectl: outcome.kubectl,
            kind: outcome.kind,
            summary: outcome.summary,
            text: outcome.text,
            data: outcome.data,
        }
    }
}

/// Why a turn has no answer but an error. Codes are stable (API and
/// WebSocket `error` messages carry them).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    NotUnderstood(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    PlanGone(String),
    #[error("{0}")]
    PlanForeign(String),
    #[error("{0}")]
    TypedConfirmation(String),
    #[error(transparent)]
    Engine(#[from] kubechat_engine::Error),
    #[error("{0}")]
    Unavailable(String),
}

impl Error {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        use kubechat_kube::Error as K;
        match self {
            Error::NotUnderstood(_) => "not_understood",
            Error::Invalid(_) => "invalid_request",
            Error::PlanGone(_) => "plan_expired",
            Error::PlanForeign(_) => "plan_foreign",
            Error::TypedConfirmation(_) => "confirmation_mismatch",
            Error::Unavailable(_) => "unavailable",
            Error::Engine(kubechat_engine::Error::Audit(_)) => "audit_unavailable",
            Error::Engine(kubechat_engine::Error::WrongPath(_)) => "invalid_request",
            Error::Engine(kubechat_engine::Error::Kube(k)) => match k {
                K::Forbidden { .. } => "forbidden",
                K::NotFound { .. } => "not_found",
                K::UnknownResource { .. } => "unknown_resource",
                K::Refused { .. } | K::Rejected { .. } | K::TooMany { .. } => "refused",
                _ => "cluster_error",
            },
        }
    }
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What waits in the cache between preview and confirmation.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct PendingPlan {
    user_id: Uuid,
    workspace_id: Uuid,
    request_id: Uuid,
    text: String,
    operation: Operation,
    namespace: String,
    session_id: Option<String>,
    channel: Channel,
    changes: Value,
    confirmation: Confirmation,
}

/// The conversation service; cheap to clone.
#[derive(Debug, Clone)]
pub struct ChatService {
    engine: Engine,
    cache: Cache,
    store: Store,
    clock: Arc<dyn Clock>,
}

/// Reads `text` into an operation, with the session's namespace filled in.
pub fn interpret(text: &str, default_ns: &str) -> Result<Operation> {
    let t = kubechat_nlp::interpret(text).map_err(|e| match e {
        kubechat_nlp::Error::NotUnderstood { .. } => Error::NotUnderstood(e.to_string()),
        other => Error::Invalid(other.to_string()),
    })?;
    Ok(with_namespace(t.operation, default_ns))
}

/// `op` with the session's namespace filled in where it runs in one
/// (so previews, kubectl lines and audit rows name it); cluster-scoped
/// types and all-namespace requests stay as they are.
pub fn with_namespace(mut op: Operation, default_ns: &str) -> Operation {
    let namespaced = op.resource.builtin().is_none_or(|b| b.namespaced);
    if op.namespace.is_none() && !op.all_namespaces && namespaced {
        op.namespace = kubechat_core::Namespace::parse(default_ns).ok();
    }
    op
}

fn plan_key(id: Uuid) -> String {
    format!("plan:{id}")
}

fn requester(user: &User, channel: Channel, session_id: Option<String>) -> Result<Requester> {
    let kube = Actor::new(user.kube_user.clone(), user.kube_groups.clone()).map_err(|e| {
        Error::Invalid(format!(
            "the account's Kubernetes identity is not usable: {e}"
        ))
    })?;
    Ok(Requester {
        workspace_id: user.workspace_id,
        audit: AuditActor {
            user: user.username.clone(),
            role: user.role.as_str().to_owned(),
            kube_user: user.kube_user.clone(),
            kube_groups: user.kube_groups.clone(),
        },
        kube,
        channel,
        session_id,
    })
}

impl ChatService {
    pub fn new(engine: Engine, cache: Cache, store: Store, clock: Arc<dyn Clock>) -> Self {
        Self {
            engine,
            cache,
            store,
            clock,
        }
    }

    /// The policy of a workspace (the defaults when none is stored).
    pub async fn policy(&self, workspace: Uuid) -> Result<Policy> {
        let sql = "SELECT policy FROM workspace_policies WHERE workspace_id = $1";
        let text: Option<String> = on_pool!(self.store.pool(), p, at => sqlx::query(sql)
            .bind(workspace.to_string())
            .fetch_optional(p)
            .await
            .map_err(|e| Error::Unavailable(format!("the policy cannot be read: {e}")))?
            .map(|r| r.try_get("policy"))
            .transpose()
            .map_err(|e| Error::Unavailable(format!("the policy cannot be read: {e}")))?);
        match text {
            None => Ok(Policy::default()),
            Some(t) => serde_json::from_str(&t)
                .map_err(|e| Error::Unavailable(format!("the stored policy is unreadable: {e}"))),
        }
    }

    /// Replaces a workspace's policy (validated first).
    pub async fn set_policy(&self, workspace: Uuid, policy: &Policy) -> Result<()> {
        policy.validate().map_err(Error::Invalid)?;
        let json = serde_json::to_string(policy).map_err(|e| Error::Invalid(e.to_string()))?;
        let now = self.clock.now();
        let sql = "INSERT INTO workspace_policies (workspace_id, policy, updated_at) VALUES ($1, $2, $3) \
                   ON CONFLICT (workspace_id) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at";
        on_pool!(self.store.pool(), p, at => sqlx::query(sql)
            .bind(workspace.to_string())
            .bind(&json)
            .bind(at(now))
            .execute(p)
            .await
            .map(|_| ())
            .map_err(|e| Error::Unavailable(format!("the policy cannot be stored: {e}"))))
    }

    /// One request.
    pub async fn ask(&self, asker: &Asker, text: &str) -> Result<Reply> {
        let op = interpret(text, &asker.default_namespace)?;
        self.ask_operation(asker, text, op).await
    }

    /// [`ChatService::ask`] for a request already read with [`interpret`]
    /// (the WebSocket shows the operation before running it).
    pub async fn ask_operation(&self, asker: &Asker, text: &str, op: Operation) -> Result<Reply> {
        let who = requester(&asker.user, asker.channel, asker.session_id.clone())?;
        let namespace = op.namespace.as_ref().map_or_else(
            || asker.default_namespace.clone(),
            |n| n.as_str().to_owned(),
        );
        let scope = if op.all_namespaces || !self.engine.executor().is_namespaced(&op).await {
            None
        } else {
            Some(namespace.as_str())
        };
        let policy = self.policy(asker.user.workspace_id).await?;
        let decision = policy.decide(asker.user.role, &op, scope);
        let confirmation = match &decision {
            Decision::Deny { reason } => {
                let request_id = self.engine.deny(&who, text, &op, reason).await?;
                return Ok(Reply::Denied {
                    request_id,
                    reason: reason.clone(),
                });
            }
            Decision::Run => {
                let (request_id, outcome) = self
                    .engine
                    .read_request(&who, text, &op, &namespace)
                    .await?;
                return Ok(Reply::result(request_id, op, outcome));
            }
            Decision::Confirm => Confirmation::Simple,
            Decision::ConfirmTyped { phrase } => Confirmation::Typed {
                phrase: phrase.clone(),
            },
        };
        let pending = self
            .engine
            .plan_as(&who, text, &op, &namespace, decision.as_str())
            .await?;
        let record = PendingPlan {
            user_id: asker.user.id,
            workspace_id: asker.user.workspace_id,
            request_id: pending.request_id(),
            text: text.to_owned(),
            operation: op,
            namespace,
            session_id: asker.session_id.clone(),
            channel: asker.channel,
            changes: serde_json::to_value(&pending.plan().changes).unwrap_or(Value::Null),
            confirmation,
        };
        self.offer(pending, record).await
    }

    /// Stores the plan and answers its preview (or "nothing to change").
    async fn offer(&self, pending: kubechat_engine::Pending, record: PendingPlan) -> Result<Reply> {
        let plan = pending.plan();
        if plan.changes.is_empty() {
            let kubectl = plan.kubectl.clone();
            let request_id = record.request_id;
            self.engine.cancel(pending, "nothing to change").await?;
            return Ok(Reply::NothingToChange {
                request_id,
                kubectl,
            });
        }
        let plan_id = Uuid::new_v4();
        let bytes = serde_json::to_vec(&record).map_err(|e| Error::Invalid(e.to_string()))?;
        self.cache
            .set(&plan_key(plan_id), &bytes, PLAN_TTL)
            .await
            .map_err(|e| {
                Error::Unavailable(format!("the plan cannot be kept for confirmation: {e}"))
            })?;
        Ok(Reply::Preview {
            request_id: record.request_id,
            plan_id,
            risk: plan.risk,
            kubectl: plan.kubectl.clone(),
            changes: plan.changes.clone(),
            text: plan.preview_text(),
            operation: record.operation,
            confirmation: record.confirmation,
            expires_at: self.clock.now() + PLAN_TTL,
        })
    }

    async fn take(&self, user: &User, plan_id: Uuid) -> Result<PendingPlan> {
        let gone = || {
            Error::PlanGone(format!(
                "there is no pending plan {plan_id}: it was confirmed or cancelled already, or it expired (plans wait {} minutes); ask again",
                PLAN_TTL.as_secs() / 60
            ))
        };
        let bytes = self
            .cache
            .get(&plan_key(plan_id))
            .await
            .map_err(|e| Error::Unavailable(format!("pending plans cannot be read: {e}")))?
            .ok_or_else(gone)?;
        let record: PendingPlan = serde_json::from_slice(&bytes).map_err(|_| gone())?;
        if record.user_id != user.id {
            return Err(Error::PlanForeign(format!(
                "plan {plan_id} belongs to someone else; only the person who asked can confirm it"
            )));
        }
        Ok(record)
    }

    /// Confirms a previewed plan: dry-runs it again and applies it when
    /// the cluster would change exactly as previewed.
    pub async fn confirm(&self, user: &User, plan_id: Uuid, typed: Option<&str>) -> Result<Reply> {
        let record = self.take(user, plan_id).await?;
        if let Confirmation::Typed { phrase } = &record.confirmation
            && typed.map(str::trim) != Some(phrase.as_str())
        {
            return Err(Error::TypedConfirmation(format!(
                "this is destructive: type {phrase:?} to confirm it"
            )));
        }
        // Single use: whoever deletes the key owns the confirmation.
        let won = self
            .cache
            .delete(&plan_key(plan_id))
            .await
            .map_err(|e| Error::Unavailable(format!("pending plans cannot be updated: {e}")))?;
        if !won {
            return Err(Error::PlanGone(format!(
                "plan {plan_id} was confirmed or cancelled already"
            )));
        }
        let who = requester(user, record.channel, record.session_id.clone())?;
        let pending = self
            .engine
            .replan(
                &who,
                &record.text,
                &record.operation,
                &record.namespace,
                record.request_id,
            )
            .await?;
        let now_changes = serde_json::to_value(&pending.plan().changes).unwrap_or(Value::Null);
        if now_changes != record.changes {
            // The cluster moved since the preview: show the new one.
            let mut fresh = record;
            fresh.changes = now_changes;
            return self.offer(pending, fresh).await;
        }
        let op = record.operation;
        let outcome = self.engine.apply(pending).await?;
        Ok(Reply::result(record.request_id, op, outcome))
    }

    /// The user's session `name` (created when new).
    pub async fn open_session(&self, user: &User, name: &str) -> Result<sessions::Session> {
        sessions::open(
            self.store.pool(),
            user.workspace_id,
            user.id,
            name,
            self.clock.now(),
        )
        .await
    }

    /// The user's sessions, most recently active first.
    pub async fn sessions(&self, user: &User) -> Result<Vec<sessions::Session>> {
        sessions::list(self.store.pool(), user.id).await
    }

    /// A page of a session's history, oldest first.
    pub async fn history(
        &self,
        session: Uuid,
        limit: u32,
        before: Option<i64>,
    ) -> Result<Vec<sessions::Message>> {
        sessions::history(self.store.pool(), session, limit, before).await
    }

    /// Adds one entry to a session's history. A failure is logged, not
    /// answered: the request itself was served and audited.
    pub async fn remember(&self, session: Uuid, author: &str, kind: &str, body: Value) {
        if let Err(e) = sessions::append(
            self.store.pool(),
            session,
            author,
            kind,
            body,
            self.clock.now(),
        )
        .await
        {
            tracing::error!(error = %e, "chat history could not be written");
        }
    }

    /// Previews of the session still waiting for confirmation (their plans
    /// are in the shared cache): what a reconnecting client resumes.
    pub async fn pending(&self, session: Uuid) -> Result<Vec<Value>> {
        let recent = self.history(session, sessions::MAX_PAGE, None).await?;
        let mut out = Vec::new();
        for m in recent.into_iter().filter(|m| m.kind == "preview") {
            let Some(id) = m.body["plan_id"]
                .as_str()
                .and_then(|s| Uuid::parse_str(s).ok())
            else {
                continue;
            };
            if matches!(self.cache.get(&plan_key(id)).await, Ok(Some(_))) {
                out.push(m.body);
            }
        }
        Ok(out)
    }

    /// Cancels a previewed plan (recorded as denied by the person).
    pub async fn cancel(&self, user: &User, plan_id: Uuid) -> Result<Reply> {
        let record = self.take(user, plan_id).await?;
        self.cache
            .delete(&plan_key(plan_id))
            .await
            .map_err(|e| Error::Unavailable(format!("pending plans cannot be updated: {e}")))?;
        let who = requester(user, record.channel, record.session_id.clone())?;
        self.engine
            .cancel_request(
                &who,
                &record.text,
                &record.operation,
                record.request_id,
                "cancelled by the person who asked",
            )
            .await?;
        Ok(Reply::Cancelled { plan_id })
    }
}
