//! The controller: every `KubeChatCommand` is validated, checked against
//! the workspace policy, held in AwaitingApproval while a destructive one
//! has no approval, then executed through the engine — audited, and as
//! `spec.requestedBy` (impersonated, so cluster RBAC decides) — and its
//! outcome written to the status and as a Kubernetes Event. Finished
//! commands are deleted after `ttlSecondsAfterFinished`.
//!
//! Exactly once: before executing, an instance moves the command to
//! Running with a status patch that carries the resourceVersion it read;
//! the API server refuses the patch of every other instance (409), so two
//! operator replicas never run the same command twice.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{Condition, Time};
use kube::api::{Api, DeleteParams, Patch, PatchParams};
use kube::runtime::controller::{Action, Controller};
use kube::runtime::events::{Event, EventType, Recorder, Reporter};
use kube::runtime::watcher;
use kube::{Resource, ResourceExt};
use kubechat_audit::{AuditActor, Channel};
use kubechat_core::{Clock, Decision, Operation, Policy, Risk, UserRole};
use kubechat_engine::{Engine, Requester};
use kubechat_kube::Actor;
use kubechat_store::DEFAULT_WORKSPACE_ID;
use serde_json::json;
use uuid::Uuid;

use crate::crd::{
    Approval, CommandPhase, KubeChatCommand, KubeChatCommandStatus, KubeChatRequester,
    MAX_OUTPUT_BYTES,
};

/// A requester's standing when their command runs: their role and their
/// bot's policy, or (inner `Err`) why they may no longer act; the outer
/// `Err` is "cannot tell now" (retried).
pub type RequesterStanding = Result<Result<(UserRole, Policy), String>, String>;

/// Where the policy a command is decided by comes from (the gateway's
/// store in production; fixed in tests).
pub trait PolicySource: Send + Sync + 'static {
    /// The default workspace's policy, for commands people create with
    /// kubectl (cluster RBAC is the authority on who may run them).
    fn policy(&self) -> futures_util::future::BoxFuture<'_, Result<Policy, String>>;

    /// For a command the gateway created for a KubeChat person: their
    /// role and their bot's policy as they are now, or (inner `Err`) why
    /// they may no longer act — disabled, removed, moved, or their plan
    /// no longer allows `op`. The outer `Err` is "cannot tell now".
    fn for_requester<'a>(
        &'a self,
        requester: &'a KubeChatRequester,
        identity: (&'a str, &'a [String]),
        op: &'a Operation,
    ) -> futures_util::future::BoxFuture<'a, RequesterStanding>;

    /// For a command the gateway created for a KubeChat person, the
    /// approvals on it that still stand: each names (by its Kubernetes
    /// user) a KubeChat admin of that workspace, enabled, other than the
    /// requester. Those that do not are ignored; `Ok(Err(why))` when
    /// there were approvals and none stands. The outer `Err` is "cannot
    /// tell now".
    fn approvals_stand<'a>(
        &'a self,
        requester: &'a KubeChatRequester,
        approvals: &'a [Approval],
    ) -> futures_util::future::BoxFuture<'a, Result<Result<Vec<String>, String>, String>>;
}

impl PolicySource for Policy {
    fn policy(&self) -> futures_util::future::BoxFuture<'_, Result<Policy, String>> {
        let p = self.clone();
        Box::pin(async move { Ok(p) })
    }

    fn for_requester<'a>(
        &'a self,
        _: &'a KubeChatRequester,
        _: (&'a str, &'a [String]),
        _: &'a Operation,
    ) -> futures_util::future::BoxFuture<'a, RequesterStanding> {
        let p = self.clone();
        Box::pin(async move { Ok(Ok((UserRole::Admin, p))) })
    }

    fn approvals_stand<'a>(
        &'a self,
        _: &'a KubeChatRequester,
        approvals: &'a [Approval],
    ) -> futures_util::future::BoxFuture<'a, Result<Result<Vec<String>, String>, String>> {
        let all = approvals.iter().map(|a| a.by.clone()).collect();
        Box::pin(async { Ok(Ok(all)) })
    }
}

/// The policies, people and plans as the gateway stores them.
#[derive(Debug, Clone)]
pub struct StoredPolicy {
    pub store: kubechat_store::Store,
    /// Plans, when billing is on (`None`: every plan allows everything).
    pub billing: Option<kubechat_billing::Billing>,
}

impl StoredPolicy {
    pub fn new(store: kubechat_store::Store, billing: Option<kubechat_billing::Billing>) -> Self {
        Self { store, billing }
    }
}

impl PolicySource for StoredPolicy {
    fn policy(&self) -> futures_util::future::BoxFuture<'_, Result<Policy, String>> {
        Box::pin(async move {
            kubechat_chat::policy_of(&self.store, DEFAULT_WORKSPACE_ID)
                .await
                .map_err(|e| e.to_string())
        })
    }

    fn for_requester<'a>(
        &'a self,
        requester: &'a KubeChatRequester,
        identity: (&'a str, &'a [String]),
        op: &'a Operation,
    ) -> futures_util::future::BoxFuture<'a, RequesterStanding> {
        Box::pin(async move {
            let (workspace, id) = match requester_ids(requester) {
                Ok(ids) => ids,
                Err(why) => return Ok(Err(why)),
            };
            let user = kubechat_auth::current_user(&self.store, id)
                .await
                .map_err(|e| e.to_string())?;
            let user = match user {
                None => {
                    return Ok(Err(
                        "the person who asked no longer exists in KubeChat".to_owned()
                    ));
                }
                Some(u) if u.disabled => {
                    return Ok(Err(format!(
                        "{} was disabled in KubeChat after asking; nothing ran",
                        u.username
                    )));
                }
                Some(u) if u.workspace_id != workspace => {
                    return Ok(Err(format!(
                        "{} is no longer in the workspace the command was asked in",
                        u.username
                    )));
                }
                // The Kubernetes identity it would run as is the one the
                // person has now, or nothing runs.
                Some(u) if u.kube_user != identity.0 || u.kube_groups != identity.1 => {
                    return Ok(Err(format!(
                        "{}'s Kubernetes identity changed since asking; ask again",
                        u.username
                    )));
                }
                Some(u) => u,
            };
            let bot = match kubechat_chat::bot_of(&self.store, workspace, requester.bot.as_deref())
                .await
            {
                Ok(b) => b,
                Err(kubechat_chat::Error::UnknownBot(m)) => return Ok(Err(m)),
                Err(e) => return Err(e.to_string()),
            };
            if let Some(billing) = &self.billing {
                let standing = billing
                    .standing(workspace)
                    .await
                    .map_err(|e| e.to_string())?;
                if let Err(refusal) = kubechat_billing::Billing::check_operation(&standing, op) {
                    return Ok(Err(refusal.message));
                }
            }
            Ok(Ok((user.role, bot.settings.policy)))
        })
    }

    fn approvals_stand<'a>(
        &'a self,
        requester: &'a KubeChatRequester,
        approvals: &'a [Approval],
    ) -> futures_util::future::BoxFuture<'a, Result<Result<Vec<String>, String>, String>> {
        Box::pin(async move {
            if approvals.is_empty() {
                return Ok(Ok(Vec::new()));
            }
            let (workspace, requester_id) = match requester_ids(requester) {
                Ok(ids) => ids,
                Err(why) => return Ok(Err(why)),
            };
            let people = kubechat_auth::workspace_users(&self.store, workspace)
                .await
                .map_err(|e| e.to_string())?;
            let mut standing = Vec::new();
            let mut first_refusal = None;
            for a in approvals {
                match approver_stands(&people, requester_id, a) {
                    Ok(()) => standing.push(a.by.clone()),
                    Err(why) => {
                        first_refusal.get_or_insert(why);
                    }
                }
            }
            Ok(match first_refusal {
                Some(why) if standing.is_empty() => Err(why),
                _ => Ok(standing),
            })
        })
    }
}

/// The workspace and user ids a command names, or why they are unusable.
fn requester_ids(requester: &KubeChatRequester) -> Result<(Uuid, Uuid), String> {
    match (
        Uuid::parse_str(&requester.workspace),
        Uuid::parse_str(&requester.user),
    ) {
        (Ok(w), Ok(u)) => Ok((w, u)),
        _ => Err("spec.kubechatRequester does not name a KubeChat workspace and user".to_owned()),
    }
}

/// Whether an approval stands for a command `requester` asked in
/// KubeChat: the person who gave it (its `kubechatUser`, else whoever
/// acts as its Kubernetes user) is an enabled admin of the workspace,
/// acts as that Kubernetes user, and is not the requester. The reason
/// names the approver and what changed.
fn approver_stands(
    people: &[kubechat_auth::User],
    requester: Uuid,
    approval: &Approval,
) -> Result<(), String> {
    let by = approval.by.as_str();
    let named: Vec<&kubechat_auth::User> = match &approval.kubechat_user {
        // Given in KubeChat: that person, whoever else shares the name.
        Some(id) => people
            .iter()
            .filter(|u| u.id.to_string() == *id && u.kube_user == by)
            .collect(),
        None => people.iter().filter(|u| u.kube_user == by).collect(),
    };
    if named
        .iter()
        .any(|u| !u.disabled && u.role == UserRole::Admin && u.id != requester)
    {
        return Ok(());
    }
    Err(match named.first() {
        None => format!(
            "the approval by {by} does not stand: no KubeChat user of this workspace acts as {by} in Kubernetes; a change asked in KubeChat is approved by its admins"
        ),
        Some(u) if u.id == requester => {
            format!("the approval by {by} is the requester's own; nothing ran")
        }
        Some(u) if u.disabled => format!(
            "the approval by {by} does not stand: {} was disabled in KubeChat after approving; nothing ran",
            u.username
        ),
        Some(u) => format!(
            "the approval by {by} does not stand: {} has the role {} now, and only admins approve; nothing ran",
            u.username, u.role
        ),
    })
}

/// Reconciles while this replica holds the lease; waits for it otherwise,
/// until `shutdown`.
pub async fn run_elected(
    ctx: Arc<Context>,
    lease: crate::lease::LeaderLease,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) {
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    });
    let stopping = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|s| *s).await;
    };
    loop {
        if *stop_rx.borrow() {
            return;
        }
        match lease.acquire_or_renew().await {
            Ok(true) => {}
            Ok(false) => {
                tokio::select! {
                    () = tokio::time::sleep(lease.renew_every()) => continue,
                    () = stopping(stop_rx.clone()) => return,
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "leader lease unavailable; retrying");
                tokio::select! {
                    () = tokio::time::sleep(lease.renew_every()) => continue,
                    () = stopping(stop_rx.clone()) => return,
                }
            }
        }
        tracing::info!(instance = %ctx.instance, "leader lease acquired; reconciling");
        ctx.metrics.set_leader(true);
        // Reconcile until the lease is lost or we are asked to stop.
        let (lost_tx, lost_rx) = tokio::sync::watch::channel(false);
        let stop = stop_rx.clone();
        let controller = tokio::spawn(run(ctx.clone(), {
            let lost = lost_rx.clone();
            async move {
                tokio::select! {
                    () = stopping(stop) => {}
                    () = stopping(lost) => {}
                }
            }
        }));
        loop {
            tokio::select! {
                () = tokio::time::sleep(lease.renew_every()) => {}
                () = stopping(stop_rx.clone()) => break,
            }
            match lease.acquire_or_renew().await {
                Ok(true) => {}
                Ok(false) | Err(_) => {
                    tracing::warn!(instance = %ctx.instance, "leader lease lost; stopping reconciles");
                    break;
                }
            }
        }
        ctx.metrics.set_leader(false);
        let _ = lost_tx.send(true);
        let _ = controller.await;
        drop(lost_rx);
    }
}

/// What the reconciler needs.
pub struct Context {
    /// The operator's own client: reads commands, writes their status.
    pub client: kube::Client,
    /// Executes as the requester, audited.
    pub engine: Engine,
    pub policy: Arc<dyn PolicySource>,
    pub clock: Arc<dyn Clock>,
    /// Names this instance in Events and logs.
    pub instance: String,
    pub metrics: crate::metrics::OperatorMetrics,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("instance", &self.instance)
            .finish()
    }
}

/// Why a reconcile did not finish; it is retried.
#[derive(Debug, thiserror::Error)]
pub enum ReconcileError {
    #[error("the API server refused a status update: {0}")]
    Kube(#[from] kube::Error),
}

const RETRY: Duration = Duration::from_secs(5);

/// Runs the controller over every namespace until `shutdown` resolves.
pub async fn run(
    ctx: Arc<Context>,
    shutdown: impl std::future::Future<Output = ()> + Send + Sync + 'static,
) {
    let api: Api<KubeChatCommand> = Api::all(ctx.client.clone());
    Controller::new(api, watcher::Config::default())
        .graceful_shutdown_on(shutdown)
        .run(reconcile, error_policy, ctx)
        .for_each(|r| async move {
            if let Err(e) = r {
                tracing::debug!(error = %e, "reconcile ended with an error");
            }
        })
        .await;
}

fn error_policy(_: Arc<KubeChatCommand>, e: &ReconcileError, ctx: Arc<Context>) -> Action {
    ctx.metrics.reconcile_error();
    tracing::warn!(error = %e, "kubechatcommand reconcile failed; retrying");
    Action::requeue(RETRY)
}

fn finished(phase: Option<CommandPhase>) -> bool {
    matches!(
        phase,
        Some(CommandPhase::Succeeded | CommandPhase::Failed | CommandPhase::Denied)
    )
}

fn now_time(clock: &dyn Clock) -> Time {
    Time(crate::timestamp(clock))
}

/// One step for one command.
pub async fn reconcile(
    cmd: Arc<KubeChatCommand>,
    ctx: Arc<Context>,
) -> Result<Action, ReconcileError> {
    let ns = cmd.namespace().unwrap_or_else(|| "default".to_owned());
    let api: Api<KubeChatCommand> = Api::namespaced(ctx.client.clone(), &ns);
    let status = cmd.status.clone().unwrap_or_default();
    if finished(status.phase) {
        return garbage_collect(&api, &cmd, &status, &ctx).await;
    }
    if status.phase == Some(CommandPhase::Running) {
        // Another instance (or this one) is executing it — unless it has
        // been Running for longer than any execution takes: the replica
        // that claimed it stopped midway.
        return interrupted(&api, &cmd, &status, &ctx).await;
    }
    // What to run, decided before anything is written; every write that
    // settles or starts the command is claimed first, so only one replica
    // acts (and audits) for it.
    let parsed = operation(&cmd, &ns).and_then(|op| {
        requester(&cmd.spec.requested_by, &cmd.spec.requested_groups).map(|who| (op, who))
    });
    let (op, who) = match parsed {
        Ok(x) => x,
        Err(message) => {
            if !claim(&api, &cmd, &ctx, None).await? {
                return Ok(Action::await_change());
            }
            return settle(
                &api,
                &cmd,
                &ctx,
                CommandPhase::Failed,
                "InvalidRequest",
                &message,
                None,
                None,
            )
            .await;
        }
    };
    // A command the gateway created for a KubeChat person is decided for
    // them as they are now (their role, their bot, their plan); one made
    // with kubectl by the default policy, with cluster RBAC the authority
    // on who may do what.
    let decided = match &cmd.spec.kubechat_requester {
        Some(r) => {
            ctx.policy
                .for_requester(r, (&cmd.spec.requested_by, &cmd.spec.requested_groups), &op)
                .await
        }
        None => ctx.policy.policy().await.map(|p| Ok((UserRole::Admin, p))),
    };
    let kubectl = kubechat_core::kubectl::render(&op);
    let text = cmd.spec.text.clone().unwrap_or_else(|| kubectl.clone());
    let scope = ctx.engine.policy_scope(&op, &ns).await;
    let (decision, why) = match decided {
        Ok(Ok((role, policy))) => (policy.decide(role, &op, scope.as_deref()), "PolicyDenied"),
        Ok(Err(reason)) => (Decision::Deny { reason }, "RequesterRefused"),
        Err(e) => {
            tracing::error!(error = %e, "workspace policy unavailable");
            return Ok(Action::requeue(RETRY));
        }
    };
    // Approvals are re-read the same way: only those by an approver who
    // is still an admin of the workspace, enabled, and not the requester
    // count; approvals of which none stands deny the command.
    let mut approved_by: Vec<String> = cmd.spec.approvals.iter().map(|a| a.by.clone()).collect();
    let (decision, why) = match (&decision, &cmd.spec.kubechat_requester) {
        (Decision::Deny { .. }, _) | (_, None) => (decision, why),
        (_, Some(r)) => match ctx.policy.approvals_stand(r, &cmd.spec.approvals).await {
            Ok(Ok(standing)) => {
                approved_by = standing;
                (decision, why)
            }
            Ok(Err(reason)) => (Decision::Deny { reason }, "ApproverRefused"),
            Err(e) => {
                tracing::error!(error = %e, "KubeChat users unavailable to check approvals");
                return Ok(Action::requeue(RETRY));
            }
        },
    };
    if let Decision::Deny { reason } = &decision {
        if !claim(&api, &cmd, &ctx, Some(&kubectl)).await? {
            return Ok(Action::await_change());
        }
        let id = ctx.engine.deny(&who, &text, &op, reason).await.ok();
        return settle(
            &api,
            &cmd,
            &ctx,
            CommandPhase::Denied,
            why,
            reason,
            Some(kubectl),
            id,
        )
        .await;
    }
    // Typed in the chat, where the workspace asks for no more than that.
    let typed_in_chat = matches!(decision, Decision::ConfirmTyped { .. })
        && cmd
            .spec
            .chat_confirmation
            .as_ref()
            .is_some_and(|c| c.kind == "typed");
    if op.risk() == Risk::Destructive
        && approved_by.is_empty()
        && !typed_in_chat
        && !cmd.spec.dry_run
    {
        if status.phase != Some(CommandPhase::AwaitingApproval) {
            let message = "destructive: waiting for an approval by someone other than the requester (spec.approvals)";
            let waiting = patch_status(&api, &cmd, json!({
                "phase": "AwaitingApproval",
                "kubectl": kubectl,
                "observedGeneration": cmd.meta().generation,
                "conditions": [condition("Approved", "False", "AwaitingApproval", message, &ctx)],
            }), cmd.resource_version()).await;
            match waiting {
                Ok(()) => publish(&ctx, &cmd, EventType::Normal, "AwaitingApproval", message).await,
                Err(kube::Error::Api(e)) if e.code == 409 => {}
                Err(e) => return Err(e.into()),
            }
        }
        return Ok(Action::await_change());
    }
    if !claim(&api, &cmd, &ctx, Some(&kubectl)).await? {
        return Ok(Action::await_change());
    }
    let default_ns = op
        .namespace
        .as_ref()
        .map_or(ns.clone(), |n| n.as_str().to_owned());
    let result = execute(
        &ctx,
        &cmd,
        &who,
        &text,
        &op,
        &default_ns,
        decision.as_str(),
        &approved_by,
        typed_in_chat,
    )
    .await;
    match result {
        Ok((id, kubectl, output)) => {
            settle(
                &api,
                &cmd,
                &ctx,
                CommandPhase::Succeeded,
                "Executed",
                &output,
                Some(kubectl),
                Some(id),
            )
            .await
        }
        Err(message) => {
            settle(
                &api,
                &cmd,
                &ctx,
                CommandPhase::Failed,
                "ExecutionFailed",
                &message,
                Some(kubectl),
                None,
            )
            .await
        }
    }
}

/// Runs the operation as the requester through the engine; the audit
/// request id, the kubectl line and the output.
#[allow(clippy::too_many_arguments)]
async fn execute(
    ctx: &Context,
    cmd: &KubeChatCommand,
    who: &Requester,
    text: &str,
    op: &Operation,
    ns: &str,
    decision: &str,
    approved_by: &[String],
    typed_in_chat: bool,
) -> Result<(Uuid, String, String), String> {
    if op.risk() == Risk::Read {
        let (id, outcome) = ctx
            .engine
            .read_request(who, text, op, ns)
            .await
            .map_err(|e| e.to_string())?;
        return Ok((id, outcome.kubectl, outcome.text));
    }
    let pending = ctx
        .engine
        .plan_as(who, text, op, ns, decision)
        .await
        .map_err(|e| e.to_string())?;
    let id = pending.request_id();
    // Risk by effect: a change the verb calls ordinary but whose dry run
    // is destructive (replicas to zero in an applied manifest, many
    // objects through a selector) runs only as a destructive change does
    // — approved by someone else, or typed in the chat.
    let plan_risk = pending.plan().risk;
    if plan_risk == Risk::Destructive
        && op.risk() != Risk::Destructive
        && approved_by.is_empty()
        && !typed_in_chat
        && !cmd.spec.dry_run
    {
        let reason = "the dry run shows a destructive effect; it runs only with an approval by someone other than the requester (spec.approvals)";
        ctx.engine
            .refuse(pending, reason)
            .await
            .map_err(|e| e.to_string())?;
        return Err(format!("not applied: {reason}"));
    }
    if cmd.spec.dry_run {
        let preview = pending.plan().preview_text();
        let kubectl = pending.plan().kubectl.clone();
        ctx.engine
            .cancel(pending, "dry run only (spec.dryRun)")
            .await
            .map_err(|e| e.to_string())?;
        return Ok((id, kubectl, preview));
    }
    let outcome = if approved_by.is_empty() {
        ctx.engine.apply(pending).await
    } else {
        ctx.engine
            .apply_approved(pending, &approved_by.join(", "))
            .await
    }
    .map_err(|e| e.to_string())?;
    Ok((id, outcome.kubectl, outcome.text))
}

fn requester(user: &str, groups: &[String]) -> Result<Requester, String> {
    let kube = Actor::new(user, groups.to_vec()).map_err(|e| {
        format!("spec.requestedBy {user:?} with groups {groups:?} cannot be impersonated: {e}")
    })?;
    Ok(Requester {
        workspace_id: DEFAULT_WORKSPACE_ID,
        audit: AuditActor {
            user: user.to_owned(),
            role: "kubernetes".to_owned(),
            kube_user: user.to_owned(),
            kube_groups: groups.to_vec(),
        },
        kube,
        channel: Channel::Operator,
        session_id: None,
    })
}

/// The operation of a command: `spec.operation` (validated like any
/// input) or `spec.text` read by the translator, in the command's
/// namespace unless it names another.
fn operation(cmd: &KubeChatCommand, ns: &str) -> Result<Operation, String> {
    if let Some(v) = &cmd.spec.operation {
        let op: Operation = serde_json::from_value(v.clone())
            .map_err(|e| format!("spec.operation is not a valid operation: {e}"))?;
        if let Some(c) = &op.context {
            return Err(format!(
                "spec.operation names cluster {c}: the operator runs commands on its own cluster only; ask the bot of that cluster in the chat"
            ));
        }
        return Ok(kubechat_chat::with_namespace(op, ns));
    }
    match &cmd.spec.text {
        Some(t) => kubechat_chat::interpret(t, ns).map_err(|e| e.to_string()),
        None => Err("spec.text or spec.operation is required".to_owned()),
    }
}

fn condition(type_: &str, status: &str, reason: &str, message: &str, ctx: &Context) -> Condition {
    Condition {
        type_: type_.to_owned(),
        status: status.to_owned(),
        reason: reason.to_owned(),
        message: kubechat_audit::redact::bounded(message, 1024),
        last_transition_time: now_time(ctx.clock.as_ref()),
        observed_generation: None,
    }
}

/// Moves the command to Running with a status write that carries the
/// resourceVersion read: the API server refuses it (409) for every
/// replica but the first. False when another replica got there first.
async fn claim(
    api: &Api<KubeChatCommand>,
    cmd: &KubeChatCommand,
    ctx: &Context,
    kubectl: Option<&str>,
) -> Result<bool, ReconcileError> {
    let claimed = patch_status(
        api,
        cmd,
        json!({
            "phase": "Running",
            "kubectl": kubectl,
            "observedGeneration": cmd.meta().generation,
            "conditions": [condition("Running", "True", "Claimed",
                &format!("claimed by {}", ctx.instance), ctx)],
        }),
        cmd.resource_version(),
    )
    .await;
    match claimed {
        Ok(()) => Ok(true),
        Err(kube::Error::Api(e)) if e.code == 409 => Ok(false),
        Err(e) => Err(e.into()),
    }
}

async fn patch_status(
    api: &Api<KubeChatCommand>,
    cmd: &KubeChatCommand,
    status: serde_json::Value,
    resource_version: Option<String>,
) -> Result<(), kube::Error> {
    let mut body = json!({"status": status});
    if let Some(rv) = resource_version {
        body["metadata"] = json!({"resourceVersion": rv});
    }
    api.patch_status(
        &cmd.name_any(),
        &PatchParams::default(),
        &Patch::Merge(&body),
    )
    .await
    .map(|_| ())
}

/// Writes a final status and an Event.
#[allow(clippy::too_many_arguments)]
async fn settle(
    api: &Api<KubeChatCommand>,
    cmd: &KubeChatCommand,
    ctx: &Context,
    phase: CommandPhase,
    reason: &str,
    message: &str,
    kubectl: Option<String>,
    audit: Option<Uuid>,
) -> Result<Action, ReconcileError> {
    let ok = phase == CommandPhase::Succeeded;
    let status = KubeChatCommandStatus {
        phase: Some(phase),
        kubectl,
        output: Some(kubechat_audit::redact::bounded(message, MAX_OUTPUT_BYTES)),
        audit_event_id: audit.map(|u| u.to_string()),
        finished_at: Some(now_time(ctx.clock.as_ref())),
        conditions: vec![condition(
            "Complete",
            if ok { "True" } else { "False" },
            reason,
            message,
            ctx,
        )],
        observed_generation: cmd.meta().generation,
    };
    let value = serde_json::to_value(&status).unwrap_or_default();
    patch_status(api, cmd, value, None).await?;
    ctx.metrics.finished(&format!("{phase:?}"));
    let kind = if ok {
        EventType::Normal
    } else {
        EventType::Warning
    };
    publish(ctx, cmd, kind, reason, message).await;
    tracing::info!(command = %cmd.name_any(), phase = ?phase, reason, "kubechatcommand finished");
    Ok(match cmd.spec.ttl_seconds_after_finished {
        Some(ttl) => Action::requeue(Duration::from_secs(ttl.max(0).unsigned_abs())),
        None => Action::await_change(),
    })
}

/// How long a command may stay Running before it is taken for
/// interrupted (a drain of a busy node is the longest execution).
pub const STALE_RUNNING: Duration = Duration::from_secs(30 * 60);

/// A Running command whose claim is older than [`STALE_RUNNING`] is
/// marked Failed (`Interrupted`), never run again: the change may or may
/// not have reached the cluster, and the audit log says which. The write
/// carries the resourceVersion read, so one replica records it once.
async fn interrupted(
    api: &Api<KubeChatCommand>,
    cmd: &KubeChatCommand,
    status: &KubeChatCommandStatus,
    ctx: &Context,
) -> Result<Action, ReconcileError> {
    let claim = status.conditions.iter().find(|c| c.type_ == "Running");
    let Some(claim) = claim else {
        // Claimed before claims were dated: give it the full time from now.
        return Ok(Action::requeue(STALE_RUNNING));
    };
    let since = claim.last_transition_time.0.as_second();
    let now = ctx.clock.now().unix_timestamp();
    let age = Duration::from_secs(now.saturating_sub(since).max(0).unsigned_abs());
    if age < STALE_RUNNING {
        return Ok(Action::requeue(
            STALE_RUNNING - age + Duration::from_secs(1),
        ));
    }
    let message = format!(
        "interrupted: {} stopped while running it (Running for {} min); it is not run again — \
         whether the change reached the cluster is in the audit log (channel operator, requested by {}); \
         create a new command to retry",
        claim.message.trim_start_matches("claimed by "),
        age.as_secs() / 60,
        cmd.spec.requested_by
    );
    let failed = KubeChatCommandStatus {
        phase: Some(CommandPhase::Failed),
        kubectl: status.kubectl.clone(),
        output: Some(kubechat_audit::redact::bounded(&message, MAX_OUTPUT_BYTES)),
        audit_event_id: status.audit_event_id.clone(),
        finished_at: Some(now_time(ctx.clock.as_ref())),
        conditions: vec![condition("Complete", "False", "Interrupted", &message, ctx)],
        observed_generation: cmd.meta().generation,
    };
    let value = serde_json::to_value(&failed).unwrap_or_default();
    match patch_status(api, cmd, value, cmd.resource_version()).await {
        Ok(()) => {}
        Err(kube::Error::Api(e)) if e.code == 409 => return Ok(Action::await_change()),
        Err(e) => return Err(e.into()),
    }
    ctx.metrics.finished("Failed");
    publish(ctx, cmd, EventType::Warning, "Interrupted", &message).await;
    tracing::warn!(command = %cmd.name_any(), "kubechatcommand interrupted: its replica stopped while running it");
    Ok(match cmd.spec.ttl_seconds_after_finished {
        Some(ttl) => Action::requeue(Duration::from_secs(ttl.max(0).unsigned_abs())),
        None => Action::await_change(),
    })
}

async fn garbage_collect(
    api: &Api<KubeChatCommand>,
    cmd: &KubeChatCommand,
    status: &KubeChatCommandStatus,
    ctx: &Context,
) -> Result<Action, ReconcileError> {
    let (Some(ttl), Some(done)) = (cmd.spec.ttl_seconds_after_finished, &status.finished_at) else {
        return Ok(Action::await_change());
    };
    let due = done.0.as_second().saturating_add(ttl.max(0));
    let now = ctx.clock.now().unix_timestamp();
    if now >= due {
        match api.delete(&cmd.name_any(), &DeleteParams::default()).await {
            Ok(_) => {}
            Err(kube::Error::Api(e)) if e.code == 404 => {}
            Err(e) => return Err(e.into()),
        }
        tracing::info!(command = %cmd.name_any(), "finished kubechatcommand deleted after its TTL");
        return Ok(Action::await_change());
    }
    Ok(Action::requeue(Duration::from_secs(
        (due - now).unsigned_abs(),
    )))
}

async fn publish(ctx: &Context, cmd: &KubeChatCommand, type_: EventType, reason: &str, note: &str) {
    let reporter = Reporter {
        controller: "kubechat-operator".into(),
        instance: Some(ctx.instance.clone()),
    };
    let recorder = Recorder::new(ctx.client.clone(), reporter);
    let event = Event {
        type_,
        reason: reason.to_owned(),
        note: Some(kubechat_audit::redact::bounded(note, 1024)),
        action: "Execute".to_owned(),
        secondary: None,
    };
    if let Err(e) = recorder.publish(&event, &cmd.object_ref(&())).await {
        tracing::warn!(error = %e, "kubernetes event could not be written");
    }
}
