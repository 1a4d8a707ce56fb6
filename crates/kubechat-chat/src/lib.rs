//! One conversation turn: what a person typed → a typed operation → the
//! workspace policy with the person's role → an audited answer.
//!
//! Reads run at once. Mutations answer with a server-side dry-run preview
//! and a plan id; the plan waits in the shared cache (Redis when
//! configured, so any replica can take the confirmation) until it is
//! confirmed, cancelled or expires. On confirmation the plan is dry-run
//! again and applied only if the cluster would change exactly as
//! previewed; otherwise the new preview is answered instead. Destructive
//! operations are confirmed by typing a phrase (the object's name), or,
//! when the workspace policy says so, approved by another admin (four
//! eyes): the plan then waits longer, is listed for approvers, and runs
//! as the person who asked once someone else approves it.

pub mod approvals;
pub mod bots;
pub mod sessions;

use std::sync::Arc;
use std::time::Duration;

use kubechat_audit::{AuditActor, Channel};
use kubechat_auth::User;
use kubechat_cache::Cache;
use kubechat_core::{Clock, Decision, Namespace, Operation, Policy, Risk};
use kubechat_engine::{Engine, Requester};
use kubechat_kube::{Actor, Change, OutcomeKind};
use kubechat_store::{Store, on_pool};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

/// The name bots use for the deployment's own cluster.
pub const DEFAULT_CLUSTER: &str = "default";

/// How long a previewed plan waits for its confirmation.
pub const PLAN_TTL: Duration = Duration::from_secs(300);
/// How long a plan waits for another admin's approval.
pub const APPROVAL_TTL: Duration = Duration::from_secs(3600);

/// Carries out confirmed changes in another process: the operator, as a
/// `KubeChatCommand` per change (`execution.mode = "operator"`). The
/// implementation lives where the resource's types do (the server), so
/// this crate stays below the operator.
pub trait Handoff: Send + Sync + std::fmt::Debug {
    /// Where `job` goes, for the audit record (`kubechatcommand NS/NAME`).
    fn destination(&self, job: &HandoffJob) -> String;

    /// Hands `job` over and waits for its end, telling `progress` each
    /// phase it passes (`Pending`, `Running`, …).
    fn run<'a>(
        &'a self,
        job: &'a HandoffJob,
        progress: &'a (dyn Fn(&str) + Send + Sync),
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<kubechat_kube::Outcome>> + Send + 'a>>;
}

/// A confirmed change for [`Handoff`].
#[derive(Debug, Clone)]
pub struct HandoffJob {
    /// The gateway's audit request of the preview.
    pub request_id: Uuid,
    pub text: String,
    /// As planned (relative counts resolved).
    pub operation: Operation,
    /// Who asked: the change runs as their Kubernetes identity.
    pub requester: User,
    /// `simple` or `typed` (confirmed by the asker), or `approved`.
    pub confirmation: &'static str,
    /// The approver, for `approved`: their Kubernetes user and their
    /// KubeChat id (the operator checks the person, not only the name).
    pub approver: Option<(String, Uuid)>,
    /// The bot whose policy decided (`None`: the default bot), re-read
    /// with the requester when the change runs.
    pub bot: Option<String>,
}

/// Who is asking and from where.
#[derive(Debug, Clone)]
pub struct Asker {
    pub user: User,
    pub channel: Channel,
    pub session_id: Option<String>,
    /// Where requests without a namespace run.
    pub default_namespace: String,
    /// The bot asked (`None`: the workspace's default bot); see
    /// [`ChatService::bot`].
    pub bot: Option<bots::Bot>,
}

/// One chat request as a channel received it, before anything is
/// resolved: every channel (REST, WebSocket, MCP) hands the same fields to
/// [`ChatService::prepare_turn`], so a bad field is refused alike
/// everywhere.
#[derive(Debug, Clone)]
pub struct TurnRequest {
    pub text: String,
    /// Where requests without a namespace run [default: the bot's
    /// default namespace, else `default`].
    pub namespace: Option<String>,
    /// The bot asked [default: the workspace's default bot].
    pub bot: Option<String>,
    /// A session whose history keeps the question and the answer.
    pub session: Option<String>,
    pub channel: Channel,
}

/// A turn ready to run: who asks (with the bot and namespace resolved)
/// and the history it is kept in.
#[derive(Debug, Clone)]
pub struct Turn {
    pub asker: Asker,
    pub bot: bots::Bot,
    pub text: String,
    /// The session row the question and answer are kept in.
    pub history: Option<Uuid>,
}

/// What a turn tells the channel carrying it while it runs; each channel
/// maps these to its own wire format (a WebSocket frame, nothing at all
/// for REST).
#[derive(Debug, Clone, Copy)]
pub enum TurnEvent<'a> {
    /// What was understood, before anything runs.
    Translated(&'a kubechat_nlp::Translation),
    /// A phase a confirmed change handed to the operator passed
    /// (`submitted`, `running`, …), before its result.
    Progress(&'a str),
}

/// A channel's side of a turn: the events it shows as the turn goes, and
/// the answer — a result, a preview, a denial, or an error — as the
/// channel writes it, which is what the session history keeps. One turn
/// serves every channel through this, so none keeps its own copy.
pub trait TurnSink: Send + Sync {
    /// An event of the running turn (default: not shown).
    fn event(&self, _event: TurnEvent<'_>) {}
    /// The answer as this channel writes it.
    fn answer(&self, answer: &Result<Reply>) -> Value;
}

/// A sink from two closures: one for events, one shaping the answer.
pub struct FnSink<E, A>(pub E, pub A);

impl<E, A> std::fmt::Debug for FnSink<E, A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FnSink")
    }
}

impl<E, A> TurnSink for FnSink<E, A>
where
    E: Fn(TurnEvent<'_>) + Send + Sync,
    A: Fn(&Result<Reply>) -> Value + Send + Sync,
{
    fn event(&self, event: TurnEvent<'_>) {
        (self.0)(event);
    }

    fn answer(&self, answer: &Result<Reply>) -> Value {
        (self.1)(answer)
    }
}

/// A sink that shows nothing and keeps no shaped answer (a turn without
/// history, or a channel that shapes the answer itself afterwards).
#[derive(Debug, Clone, Copy)]
pub struct Silent;

impl TurnSink for Silent {
    fn answer(&self, _answer: &Result<Reply>) -> Value {
        Value::Null
    }
}

/// How a preview is confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Confirmation {
    /// A confirm message is enough.
    Simple,
    /// The confirm message must carry `phrase`, typed.
    Typed { phrase: String },
    /// Another admin approves it (`POST /api/v1/plans/{id}/approve`);
    /// the person who asked can only cancel.
    Approval,
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
    /// The answer's kind as channels and the history name it.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Reply::Result { .. } => "result",
            Reply::Preview { .. } => "preview",
            Reply::NothingToChange { .. } => "nothing-to-change",
            Reply::Cancelled { .. } => "cancelled",
            Reply::Denied { .. } => "denied",
        }
    }

    /// The verb answered, for metrics (`unknown` when there is none).
    pub fn verb_name(&self) -> String {
        match self {
            Reply::Result { operation, .. } | Reply::Preview { operation, .. } => {
                operation.verb.as_str().to_owned()
            }
            Reply::NothingToChange { kubectl, .. } => kubectl
                .split_whitespace()
                .nth(1)
                .unwrap_or("unknown")
                .to_owned(),
            _ => "unknown".to_owned(),
        }
    }

    /// This reply saying where `name` was found, when it was looked up
    /// outside the session's namespace ("checkout is in namespace shop").
    fn found_in(mut self, name: &str, namespace: &str) -> Self {
        if let Reply::Result { summary, .. } = &mut self {
            *summary = format!("{name} is in namespace {namespace}: {summary}");
        }
        self
    }

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

/// Whether `r` failed because the named object does not exist.
/// The kinds people name an app by, in the order they mean them.
const WORKLOAD_KINDS: [&str; 4] = ["deployments", "statefulsets", "daemonsets", "jobs"];

/// `reply` with `note` before its summary ("no pod is named web; the
/// pods of deployment web (app=web): 2 pods").
fn noted(reply: Result<Reply>, note: &str) -> Result<Reply> {
    reply.map(|mut r| {
        if let Reply::Result { summary, .. } = &mut r {
            *summary = format!("{note}: {summary}");
        }
        r
    })
}

fn is_missing(r: &Result<Reply>) -> bool {
    matches!(
        r,
        Err(Error::Engine(kubechat_engine::Error::Kube(
            kubechat_kube::Error::NotFound { .. }
        )))
    )
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
    #[error("{0}")]
    ApprovalRequired(String),
    #[error("{0}")]
    NotAllowed(String),
    #[error(transparent)]
    Engine(#[from] kubechat_engine::Error),
    #[error("{0}")]
    Unavailable(String),
    /// A name fits several live objects; the message lists them.
    #[error("{0}")]
    Ambiguous(String),
    /// The operator did not carry out a handed-off change (Failed or
    /// Denied; the message has its reason).
    #[error("{0}")]
    Operator(String),
    /// The workspace's plan does not include this (reads only, the day's
    /// requests used up); the message says what an upgrade would give.
    #[error("{}", .0.message)]
    Plan(kubechat_billing::Refusal),
    /// Saved from an older version than the current one.
    #[error("{0}")]
    Conflict(String),
    /// No bot of that name in the workspace.
    #[error("{0}")]
    UnknownBot(String),
    /// The request names a cluster other than the one its bot works on
    /// ("on the gke-dev cluster", `kubectl --context gke-dev …`): it is
    /// never run on the bot's cluster instead.
    #[error(
        "the request names the cluster {said}, and this bot works on the cluster {works_on}: ask a bot set up for {said} (a bot's cluster is one of its settings), or leave the cluster out to run it on {works_on}"
    )]
    OtherCluster { said: String, works_on: String },
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
            Error::ApprovalRequired(_) => "approval_required",
            Error::NotAllowed(_) => "forbidden",
            Error::Unavailable(_) => "unavailable",
            Error::Ambiguous(_) => "ambiguous_name",
            Error::Operator(_) => "operator_failed",
            Error::Plan(r) => r.code,
            Error::Conflict(_) => "version_conflict",
            Error::UnknownBot(_) => "unknown_bot",
            Error::OtherCluster { .. } => "other_cluster",
            Error::Engine(kubechat_engine::Error::Audit(_)) => "audit_unavailable",
            Error::Engine(kubechat_engine::Error::WrongPath(_)) => "invalid_request",
            Error::Engine(kubechat_engine::Error::Kube(k)) => match k {
                K::Forbidden { .. } | K::Escalation { .. } => "forbidden",
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
    /// The person who asked, for an approver to act as them (absent in
    /// plans stored before approvals existed).
    #[serde(default)]
    requester: Option<User>,
    /// The bot whose policy decided (absent: the default bot).
    #[serde(default)]
    bot: Option<String>,
    /// The risk the dry run showed (above the verb's when the effect is
    /// worse: replicas to zero, a container removed, many objects); the
    /// recheck at confirm and approve decides at this risk.
    #[serde(default)]
    shown_risk: Option<kubechat_core::Risk>,
}

/// The conversation service; cheap to clone.
#[derive(Debug, Clone)]
pub struct ChatService {
    engine: Engine,
    cache: Cache,
    store: Store,
    clock: Arc<dyn Clock>,
    translator: kubechat_nlp::Chain,
    handoff: Option<Arc<dyn Handoff>>,
    billing: Option<kubechat_billing::Billing>,
    /// Engines on the other clusters bots may work on, by name (the
    /// deployment's own, `default`, is `engine`).
    others: std::collections::BTreeMap<String, Engine>,
    /// Other names of a cluster people may say ("on the prod-eu
    /// cluster"): its kubeconfig context, by the cluster's name here.
    aliases: std::collections::BTreeMap<String, Vec<String>>,
}

/// Reads `text` into an operation, with the session's namespace filled in.
pub fn interpret(text: &str, default_ns: &str) -> Result<Operation> {
    let t = kubechat_nlp::chain::decide(
        kubechat_nlp::interpret(text),
        kubechat_nlp::chain::DEFAULT_THRESHOLD,
    )
    .and_then(kubechat_nlp::Translation::on_own_cluster)
    .map_err(translation_error)?;
    Ok(with_namespace(t.operation, default_ns))
}

fn translation_error(e: kubechat_nlp::Error) -> Error {
    match e {
        kubechat_nlp::Error::NotUnderstood { .. } | kubechat_nlp::Error::Refused { .. } => {
            Error::NotUnderstood(e.to_string())
        }
        other => Error::Invalid(other.to_string()),
    }
}

/// `op` with the session's namespace filled in where it runs in one
/// (so previews, kubectl lines and audit rows name it); cluster-scoped
/// types and all-namespace requests stay as they are.
pub fn with_namespace(op: Operation, default_ns: &str) -> Operation {
    match kubechat_core::Namespace::parse(default_ns) {
        Ok(ns) => kubechat_nlp::with_namespace(op, &ns),
        Err(_) => op,
    }
}

/// The object names in a list answer: a server-side Table (each row's
/// object name, else the cell of its `Name` column, else its first cell)
/// or a plain list of objects. One reading for every caller (ambiguous
/// names here, the namespace picker in the server).
pub fn table_names(data: &Value) -> Vec<String> {
    if let Some(rows) = data["rows"].as_array() {
        let name_column = data["columnDefinitions"]
            .as_array()
            .and_then(|c| {
                c.iter().position(|d| {
                    d["name"]
                        .as_str()
                        .is_some_and(|n| n.eq_ignore_ascii_case("name"))
                })
            })
            .unwrap_or(0);
        return rows
            .iter()
            .filter_map(|r| {
                r["object"]["metadata"]["name"]
                    .as_str()
                    .or_else(|| r["cells"][name_column].as_str())
                    .map(str::to_owned)
            })
            .collect();
    }
    data["items"]
        .as_array()
        .or_else(|| data.as_array())
        .map(|items| {
            items
                .iter()
                .filter_map(|o| o["metadata"]["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn decided_key(id: Uuid) -> String {
    format!("decided:{id}")
}

fn plan_key(id: Uuid) -> String {
    format!("plan:{id}")
}

/// How the audit log names `user`: the account and its Kubernetes
/// identity.
pub fn audit_actor(user: &User) -> AuditActor {
    AuditActor {
        user: user.username.clone(),
        role: user.role.as_str().to_owned(),
        kube_user: user.kube_user.clone(),
        kube_groups: user.kube_groups.clone(),
    }
}

fn requester(user: &User, channel: Channel, session_id: Option<String>) -> Result<Requester> {
    let kube = Actor::new(user.kube_user.clone(), user.kube_groups.clone()).map_err(|e| {
        Error::Invalid(format!(
            "the account's Kubernetes identity is not usable: {e}"
        ))
    })?;
    Ok(Requester {
        workspace_id: user.workspace_id,
        audit: audit_actor(user),
        kube,
        channel,
        session_id,
    })
}

/// The policy of a workspace (the defaults when none is stored): what the
/// gateway and the operator both apply.
pub async fn policy_of(store: &Store, workspace: Uuid) -> Result<Policy> {
    Ok(bot_of(store, workspace, None).await?.settings.policy)
}

/// Bot `name` (default: the workspace's default bot), see
/// [`ChatService::bot`].
pub async fn bot_of(store: &Store, workspace: Uuid, name: Option<&str>) -> Result<bots::Bot> {
    let name = name.unwrap_or(bots::DEFAULT_BOT);
    bots::check_name(name)?;
    if let Some(b) = bots::get(store, &workspace.to_string(), name).await? {
        return Ok(b);
    }
    if name != bots::DEFAULT_BOT {
        return Err(Error::UnknownBot(format!(
            "this workspace has no bot {name:?}; GET /api/v1/bots lists them"
        )));
    }
    Ok(bots::Bot {
        name: name.to_owned(),
        version: 0,
        settings: bots::BotSettings {
            policy: legacy_policy(store, workspace).await?,
            ..bots::BotSettings::default()
        },
        updated_by: None,
        updated_at: None,
    })
}

/// The policy a workspace had before bots existed (the defaults when none
/// was stored).
async fn legacy_policy(store: &Store, workspace: Uuid) -> Result<Policy> {
    let sql = "SELECT policy FROM workspace_policies WHERE workspace_id = $1";
    let text: Option<String> = on_pool!(store.pool(), p, at => sqlx::query(sql)
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

impl ChatService {
    pub fn new(engine: Engine, cache: Cache, store: Store, clock: Arc<dyn Clock>) -> Self {
        Self {
            engine,
            cache,
            store,
            clock,
            translator: kubechat_nlp::Chain::rules_only(Default::default()),
            handoff: None,
            billing: None,
            others: std::collections::BTreeMap::new(),
            aliases: std::collections::BTreeMap::new(),
        }
    }

    /// This service also working on cluster `name` through `engine`
    /// (for bots whose settings name it).
    pub fn with_cluster(mut self, name: &str, engine: Engine) -> Self {
        self.others.insert(name.to_owned(), engine);
        self
    }

    /// `alias` is another name of cluster `name` (`default` for the
    /// deployment's own): a request saying it runs on that cluster's bots.
    pub fn with_cluster_alias(mut self, name: &str, alias: &str) -> Self {
        self.aliases
            .entry(name.to_owned())
            .or_default()
            .push(alias.to_owned());
        self
    }

    /// Whether `said` is what cluster `name` is called here.
    fn cluster_called(&self, name: &str, said: &str) -> bool {
        said.eq_ignore_ascii_case(name)
            || self
                .aliases
                .get(name)
                .is_some_and(|a| a.iter().any(|x| x.eq_ignore_ascii_case(said)))
    }

    /// What bot settings may name here.
    pub fn choices(&self) -> bots::Choices {
        let mut clusters = vec![DEFAULT_CLUSTER.to_owned()];
        clusters.extend(self.others.keys().cloned());
        bots::Choices {
            providers: self.translator.provider_names(),
            clusters,
        }
    }

    /// Denied types that are not built in (`plural.group`) are checked
    /// against the bot's cluster: a type it serves is saved as discovery
    /// names it, one it does not serve is refused with the reason (a
    /// misspelt denial protects nothing). When discovery cannot be
    /// reached the name is kept as written, and said in the log.
    async fn check_denied_types(&self, settings: &mut bots::BotSettings) -> Result<()> {
        let mut probe = Operation::new(
            kubechat_core::Verb::Get,
            kubechat_core::ResourceType::parse("pods")
                .map_err(|e| Error::Invalid(e.to_string()))?,
        );
        probe.context = match settings.cluster.as_deref() {
            None | Some(DEFAULT_CLUSTER) => None,
            Some(c) => Some(
                kubechat_core::ClusterName::parse(c).map_err(|e| Error::Invalid(e.to_string()))?,
            ),
        };
        let Ok(engine) = self.engine_for(&probe) else {
            return Ok(());
        };
        for denied in &mut settings.policy.denied_resources {
            if !denied.contains('.') {
                continue;
            }
            let Ok(kind) = kubechat_core::ResourceType::parse(denied) else {
                continue;
            };
            match engine.served_type(&kind).await {
                Ok(Some(canonical)) => *denied = canonical,
                Ok(None) => {
                    return Err(Error::Invalid(format!(
                        "policy: denied resource {denied:?} is not a type this bot's cluster serves (kubectl api-resources lists them); a misspelt denial would protect nothing"
                    )));
                }
                Err(e) => {
                    tracing::warn!(resource = %denied, error = %e, "cluster discovery unreachable; denied type kept as written");
                }
            }
        }
        Ok(())
    }

    /// The engine of the cluster `op` runs on.
    fn engine_for(&self, op: &Operation) -> Result<&Engine> {
        match &op.context {
            None => Ok(&self.engine),
            Some(c) => self.others.get(c.as_str()).ok_or_else(|| {
                Error::Unavailable(format!(
                    "cluster {c} is not configured here (kubernetes.clusters); an admin can point the bot at another one"
                ))
            }),
        }
    }

    /// `op` on the cluster of the asker's bot.
    async fn on_bot_cluster(&self, asker: &Asker, mut op: Operation) -> Result<Operation> {
        let bot = self.bot_of_asker(asker).await?;
        op.context = match bot.settings.cluster.as_deref() {
            None | Some(DEFAULT_CLUSTER) => None,
            Some(c) => Some(
                kubechat_core::ClusterName::parse(c).map_err(|e| Error::Invalid(e.to_string()))?,
            ),
        };
        Ok(op)
    }

    /// Bot `name` of `workspace` (`None`: the default bot). The default
    /// bot exists before anyone saves it: built-in settings with the
    /// policy the workspace had before bots existed.
    pub async fn bot(&self, workspace: Uuid, name: Option<&str>) -> Result<bots::Bot> {
        bot_of(&self.store, workspace, name).await
    }

    /// The workspace's bots, the default one first.
    pub async fn bots(&self, workspace: Uuid) -> Result<Vec<bots::Bot>> {
        let mut list = bots::list(&self.store, &workspace.to_string()).await?;
        match list.iter().position(|b| b.name == bots::DEFAULT_BOT) {
            Some(i) => {
                let d = list.remove(i);
                list.insert(0, d);
            }
            None => list.insert(0, self.bot(workspace, None).await?),
        }
        Ok(list)
    }

    /// The saved versions of a bot, newest first.
    pub async fn bot_versions(&self, workspace: Uuid, name: &str) -> Result<Vec<bots::BotVersion>> {
        bots::check_name(name)?;
        bots::versions(&self.store, &workspace.to_string(), name).await
    }

    /// Saves `settings` as the next version of bot `name` (created when
    /// new), made from version `from`; audited (a `patch` of
    /// `bots.kubechat.io/NAME` naming the changed fields).
    pub async fn save_bot(
        &self,
        user: &User,
        channel: Channel,
        name: &str,
        from: i64,
        settings: bots::BotSettings,
    ) -> Result<bots::Bot> {
        bots::check_name(name)?;
        let mut settings = settings;
        settings.policy = settings
            .policy
            .canonicalized()
            .map_err(|e| Error::Invalid(format!("policy: {e}")))?;
        settings.validate(&self.choices()).map_err(Error::Invalid)?;
        self.check_denied_types(&mut settings).await?;
        let previous = match bot_of(&self.store, user.workspace_id, Some(name)).await {
            Ok(b) => b.settings,
            Err(Error::UnknownBot(_)) => bots::BotSettings::default(),
            Err(e) => return Err(e),
        };
        self.check_clusters(user.workspace_id, name, &settings)
            .await?;
        let changed = settings.changed_from(&previous);
        let bot = bots::save(
            &self.store,
            bots::Save {
                workspace: &user.workspace_id.to_string(),
                name,
                from,
                settings: &settings,
                previous: &previous,
                by: &user.username,
                now: self.clock.now().unix_timestamp(),
            },
        )
        .await?;
        self.audit_bot_change(user, channel, &bot, &changed).await;
        Ok(bot)
    }

    /// Refuses settings that would make the workspace's bots work on more
    /// clusters than its plan allows.
    async fn check_clusters(
        &self,
        workspace: Uuid,
        name: &str,
        settings: &bots::BotSettings,
    ) -> Result<()> {
        let standing = self.standing(workspace).await?;
        let allowed = standing.plan.clusters;
        if allowed == 0 {
            return Ok(());
        }
        // Every bot counts, the default one before it is saved too.
        let mut used: Vec<String> = self
            .bots(workspace)
            .await?
            .into_iter()
            .filter(|b| b.name != name)
            .map(|b| {
                b.settings
                    .cluster
                    .unwrap_or_else(|| DEFAULT_CLUSTER.to_owned())
            })
            .collect();
        used.push(
            settings
                .cluster
                .clone()
                .unwrap_or_else(|| DEFAULT_CLUSTER.to_owned()),
        );
        used.sort();
        used.dedup();
        if used.len() as u32 > allowed {
            return Err(Error::Plan(kubechat_billing::Refusal {
                code: "plan_clusters",
                message: format!(
                    "your plan ({}) allows bots on {allowed} cluster(s); this change would use {} — upgrade for more clusters",
                    standing.plan.display_name,
                    used.len()
                ),
            }));
        }
        Ok(())
    }

    /// Writes a bot change to the audit trail (logged when it cannot be:
    /// the change is saved and versioned either way).
    async fn audit_bot_change(
        &self,
        user: &User,
        channel: Channel,
        bot: &bots::Bot,
        changed: &[String],
    ) {
        let (Ok(resource), Ok(name)) = (
            kubechat_core::ResourceType::parse("bots.kubechat.io"),
            kubechat_core::ResourceName::parse(&bot.name),
        ) else {
            return;
        };
        let mut op = Operation::new(kubechat_core::Verb::Patch, resource);
        op.name = Some(name);
        let new = serde_json::to_value(&bot.settings).unwrap_or(Value::Null);
        let patch: serde_json::Map<String, Value> = changed
            .iter()
            .map(|k| (k.clone(), new[k].clone()))
            .collect();
        op.params.patch = Some(Value::Object(patch).to_string());
        let actor = audit_actor(user);
        let mut event = kubechat_audit::NewEvent::requested(
            user.workspace_id,
            actor,
            channel,
            &format!(
                "save bot {} (version {}): {}",
                bot.name,
                bot.version,
                changed.join(", ")
            ),
            op,
        )
        .next(kubechat_audit::Phase::Executed);
        event.outcome = Some(format!("bot {} saved as version {}", bot.name, bot.version));
        if let Err(e) = self.engine.audit().record(event).await {
            tracing::error!(error = %e, bot = %bot.name, version = bot.version, "the bot change could not be audited");
        }
    }

    /// This service enforcing the workspace plans of `billing`: changes
    /// only on plans with mutations, the plan's requests per day, the LLM
    /// only on plans with LLM access.
    pub fn with_billing(mut self, billing: kubechat_billing::Billing) -> Self {
        self.billing = Some(billing);
        self
    }

    /// Where the workspace stands with its plan (everything allowed
    /// without billing).
    async fn standing(&self, workspace: Uuid) -> Result<kubechat_billing::Standing> {
        match &self.billing {
            Some(b) => b
                .standing(workspace)
                .await
                .map_err(|e| Error::Unavailable(e.to_string())),
            None => Ok(kubechat_billing::Standing::unlimited()),
        }
    }

    /// This service handing confirmed changes to `handoff` (the operator)
    /// instead of applying them itself.
    pub fn with_handoff(mut self, handoff: Arc<dyn Handoff>) -> Self {
        self.handoff = Some(handoff);
        self
    }

    /// Applies a confirmed plan here, or hands it to the operator.
    async fn carry_out(
        &self,
        pending: kubechat_engine::Pending,
        record: PendingPlan,
        asker: &User,
        approver: Option<&User>,
        progress: &(dyn Fn(&str) + Send + Sync),
    ) -> Result<Reply> {
        // The operator works on the deployment's own cluster; changes on
        // another one are applied from here.
        let handoff = self
            .handoff
            .as_ref()
            .filter(|_| record.operation.context.is_none());
        let Some(handoff) = handoff else {
            let engine = self.engine_for(&record.operation)?;
            let outcome = match approver {
                Some(a) => {
                    let by = format!("{} ({})", a.username, a.role);
                    engine.apply_approved(pending, &by).await?
                }
                None => engine.apply(pending).await?,
            };
            return Ok(Reply::result(record.request_id, record.operation, outcome));
        };
        let job = HandoffJob {
            request_id: record.request_id,
            text: record.text.clone(),
            operation: pending.plan().operation().clone(),
            requester: record.requester.clone().unwrap_or_else(|| asker.clone()),
            confirmation: match (&record.confirmation, approver) {
                (_, Some(_)) => "approved",
                (Confirmation::Typed { .. }, None) => "typed",
                _ => "simple",
            },
            approver: approver.map(|a| (a.kube_user.clone(), a.id)),
            bot: record.bot.clone(),
        };
        let by = approver.map(|a| format!("{} ({})", a.username, a.role));
        self.engine
            .hand_off(pending, by.as_deref(), &handoff.destination(&job))
            .await?;
        let outcome = handoff.run(&job, progress).await?;
        Ok(Reply::result(record.request_id, record.operation, outcome))
    }

    /// This service translating with `translator` (rules and LLM
    /// providers) instead of the rules alone.
    pub fn with_translator(mut self, translator: kubechat_nlp::Chain) -> Self {
        self.translator = translator;
        self
    }

    /// Reads `text` with the translator chain under the workspace's bot
    /// settings, with the asker's namespace filled in.
    pub async fn interpret(&self, asker: &Asker, text: &str) -> Result<kubechat_nlp::Translation> {
        let chosen = self.bot_of_asker(asker).await?;
        let standing = self.standing(asker.user.workspace_id).await?;
        let s = &chosen.settings;
        let bot = kubechat_nlp::BotContext {
            rules_only: !standing.plan.llm,
            fingerprint: format!(
                "{}:{}:{}",
                asker.user.workspace_id,
                chosen.name,
                serde_json::to_string(s).unwrap_or_default()
            ),
            allowed_verbs: s.policy.allowed_verbs.clone(),
            persona: s.persona.clone(),
            known_names: Vec::new(),
            provider: s.llm_provider.clone(),
            model: s.llm_model.clone(),
        };
        let namespace = kubechat_core::Namespace::parse(&asker.default_namespace).ok();
        let request = kubechat_nlp::Request {
            text,
            namespace: namespace.as_ref(),
            bot: &bot,
        };
        use kubechat_nlp::Translator as _;
        let t = self
            .translator
            .translate(&request)
            .await
            .map_err(translation_error)?;
        // The cluster a request runs on is its bot's: one meant for
        // another ("scale web on the gke-dev cluster") is refused, never
        // run on the wrong cluster.
        let works_on = s.cluster.as_deref().unwrap_or(DEFAULT_CLUSTER);
        if let Some(said) = t.cluster.as_deref()
            && !self.cluster_called(works_on, said)
        {
            return Err(Error::OtherCluster {
                said: said.to_owned(),
                works_on: works_on.to_owned(),
            });
        }
        let t = t.in_namespace(namespace.as_ref());
        // Shown with the cluster it will run on (`--context NAME`).
        let operation = self.on_bot_cluster(asker, t.operation).await?;
        Ok(kubechat_nlp::Translation {
            kubectl: kubechat_core::kubectl::render(&operation),
            operation,
            ..t
        })
    }

    /// The policy of a workspace's default bot.
    pub async fn policy(&self, workspace: Uuid) -> Result<Policy> {
        policy_of(&self.store, workspace).await
    }

    /// The asker's bot (loaded when the caller did not).
    async fn bot_of_asker(&self, asker: &Asker) -> Result<bots::Bot> {
        match &asker.bot {
            Some(b) => Ok(b.clone()),
            None => self.bot(asker.user.workspace_id, None).await,
        }
    }

    /// Replaces the policy of the workspace's default bot (a new version
    /// of it, saved by `user`).
    pub async fn set_policy(&self, user: &User, channel: Channel, policy: &Policy) -> Result<()> {
        policy.validate().map_err(Error::Invalid)?;
        let bot = self.bot(user.workspace_id, None).await?;
        let mut settings = bot.settings;
        settings.policy = policy.clone();
        self.save_bot(user, channel, bots::DEFAULT_BOT, bot.version, settings)
            .await
            .map(|_| ())
    }

    /// One request.
    /// Checks a channel's request and resolves it: the text (no control
    /// characters), the session name, the bot and the namespace — each
    /// refused with [`Error::Invalid`] naming the field — and opens the
    /// session's history. Nothing is recorded until the turn runs.
    pub async fn prepare_turn(&self, user: &User, req: TurnRequest) -> Result<Turn> {
        kubechat_nlp::refuse_control_characters(&req.text)
            .map_err(|e| Error::Invalid(format!("field `text`: {e}")))?;
        if req.text.trim().is_empty() {
            return Err(Error::Invalid(
                "field `text`: empty; say what to do, e.g. \"list pods\"".to_owned(),
            ));
        }
        if req
            .session
            .as_deref()
            .is_some_and(|s| !sessions::valid_name(s))
        {
            return Err(Error::Invalid(
                "field `session_id`: use 1 to 128 letters, digits, '-' or '_'".to_owned(),
            ));
        }
        let bot = self.bot(user.workspace_id, req.bot.as_deref()).await?;
        let namespace = req
            .namespace
            .or_else(|| bot.settings.default_namespace.clone())
            .unwrap_or_else(|| "default".to_owned());
        if Namespace::parse(&namespace).is_err() {
            return Err(Error::Invalid(format!(
                "field `namespace`: {namespace:?} is not a namespace name"
            )));
        }
        let history = match &req.session {
            Some(name) => Some(self.open_session(user, name).await?.id),
            None => None,
        };
        Ok(Turn {
            asker: Asker {
                user: user.clone(),
                channel: req.channel,
                session_id: req.session,
                default_namespace: namespace,
                bot: Some(bot.clone()),
            },
            bot,
            text: req.text,
            history,
        })
    }

    /// Runs a prepared turn: keeps the question in the history, tells the
    /// sink what was understood before anything runs, answers, and keeps
    /// the answer — or the error, alike on every channel — in the history
    /// as the sink writes it for its channel.
    pub async fn run_turn(
        &self,
        turn: &Turn,
        question: Value,
        sink: &dyn TurnSink,
    ) -> Result<Reply> {
        if let Some(h) = turn.history {
            self.remember(h, "user", "ask", question).await;
        }
        let result = match self.interpret(&turn.asker, &turn.text).await {
            Ok(t) => {
                sink.event(TurnEvent::Translated(&t));
                self.ask_operation(&turn.asker, &turn.text, t.operation)
                    .await
            }
            Err(e) => Err(e),
        };
        if let Some(h) = turn.history {
            let kind = match &result {
                Ok(reply) => reply.kind_name(),
                Err(_) => "error",
            };
            self.remember(h, "kubechat", kind, sink.answer(&result))
                .await;
        }
        result
    }

    pub async fn ask(&self, asker: &Asker, text: &str) -> Result<Reply> {
        let op = self.interpret(asker, text).await?.operation;
        self.ask_operation(asker, text, op).await
    }

    /// [`ChatService::ask`] for a request already read with [`interpret`]
    /// (the WebSocket shows the operation before running it).
    ///
    /// A name that does not exist is looked up among the live names of
    /// its type (as the asker, audited like any read): one fitting name
    /// (prefix, then a small typo or a dash-separated part: "checkout" →
    /// "checkout-7d9f") is used — the answer's kubectl line shows it, and
    /// a change is still previewed first; several are asked back
    /// (`ambiguous_name`).
    pub async fn ask_operation(&self, asker: &Asker, text: &str, op: Operation) -> Result<Reply> {
        if let Some(billing) = &self.billing {
            let standing = self.standing(asker.user.workspace_id).await?;
            billing
                .count_request(asker.user.workspace_id, &standing)
                .await
                .map_err(Error::Plan)?;
        }
        let op = self.on_bot_cluster(asker, op).await?;
        let first = self.ask_resolving(asker, text, op.clone()).await;
        // Names found where they live: a name the person did not place
        // in a namespace, missing from the session's, is looked up in the
        // namespaces they may list (as them, audited, bounded).
        // The session's namespace is filled in by the translation; one the
        // person wrote ("in default", "-n default") is never left.
        let stated = op.namespace.as_ref().is_some_and(|ns| {
            ns.as_str() != asker.default_namespace
                || text
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                    .any(|w| w == ns.as_str())
        });
        // Missing here, or not readable here by this person: where they
        // may read, it may be.
        let elsewhere = is_missing(&first)
            || matches!(
                &first,
                Err(Error::Engine(kubechat_engine::Error::Kube(
                    kubechat_kube::Error::Forbidden { .. }
                )))
            );
        if !elsewhere
            || stated
            || op.all_namespaces
            || op.is_multi_kind()
            || op.resource.builtin().is_some_and(|b| !b.namespaced)
        {
            return first;
        }
        let Some(given) = op.name.clone() else {
            return first;
        };
        let Some(places) = self.namespaces_holding(asker, text, &op).await else {
            return first;
        };
        match places.as_slice() {
            [] => first,
            // Here after all (a workload of that name, or unreadable here):
            // the first answer stands.
            several if several.contains(&asker.default_namespace) => first,
            [ns] if !op.verb.is_read() => Err(Error::Ambiguous(format!(
                "{given} is not in namespace {}; it is in {ns}: to change it there, say so (\"… in {ns}\")",
                asker.default_namespace
            ))),
            [ns] => {
                let Ok(namespace) = kubechat_core::Namespace::parse(ns) else {
                    return first;
                };
                let mut moved = op;
                moved.namespace = Some(namespace);
                let reply = self.ask_resolving(asker, text, moved).await?;
                Ok(reply.found_in(given.as_str(), ns))
            }
            several => Err(Error::Ambiguous(format!(
                "{given} is not in namespace {}, and there is one in each of {}; say which (\"… in {}\")",
                asker.default_namespace,
                several.join(", "),
                several[0]
            ))),
        }
    }

    /// One try of `op`, and when its name is missing, the one live name of
    /// its type that fits it where it runs.
    async fn ask_resolving(&self, asker: &Asker, text: &str, op: Operation) -> Result<Reply> {
        let first = self.ask_once(asker, text, op.clone()).await;
        let Some(given) = op.name.clone().filter(|_| is_missing(&first)) else {
            return first;
        };
        // "restart node-exporter", "is the fluentd rollout done?": a
        // rollout names a Deployment unless a kind is said; when none has
        // the name, the StatefulSet or DaemonSet that has it is the one
        // meant — asked again as that kind, so its own policy decision,
        // preview and audit apply, and the line shows the kind. Never for
        // an undo: its typed confirmation names the object, not its kind,
        // so a switched kind would go unnoticed.
        if matches!(
            op.verb,
            kubechat_core::Verb::RolloutRestart
                | kubechat_core::Verb::RolloutStatus
                | kubechat_core::Verb::RolloutHistory
        ) && op.resource.as_str() == "deployments"
            && let Some((_, again)) = self
                .ask_as_kinds(asker, text, &op, &["statefulsets", "daemonsets"], |r| {
                    !is_missing(r)
                })
                .await
        {
            return again;
        }
        // "logs of payment-service", "errors in checkout's logs": people
        // name the app, and the translator reads its Deployment; a pod's
        // name ("web-1") reads the pod. When nothing of that kind has the
        // name, the pod or the other workload that has it is read —
        // asked again as that kind, a read with its own policy decision
        // and audit; the answer says which was read.
        let others: &[&'static str] = match op.resource.as_str() {
            "pods" => &WORKLOAD_KINDS,
            "deployments" => &["pods", "statefulsets", "daemonsets", "jobs"],
            _ => &[],
        };
        if op.verb == kubechat_core::Verb::Logs && op.selector.is_none() && !others.is_empty() {
            // Found and read, or found with no pod to read ("has no
            // pods"); a kind the person may not read is passed over.
            let found = |r: &Result<Reply>| match r {
                Ok(_) => true,
                Err(Error::Engine(kubechat_engine::Error::Kube(e))) => matches!(
                    e,
                    kubechat_kube::Error::Refused { .. }
                        | kubechat_kube::Error::AmbiguousContainer { .. }
                ),
                Err(_) => false,
            };
            if let Some((kind, again)) = self.ask_as_kinds(asker, text, &op, others, found).await {
                let (asked, singular) = (
                    op.resource.as_str().trim_end_matches('s'),
                    kind.trim_end_matches('s'),
                );
                return noted(
                    again,
                    &format!("no {asked} is named {given}; the logs of {singular} {given}"),
                );
            }
        }
        // "show me the checkout pods", `get pod checkout`: no pod has the
        // name, a workload may. Its object is read (a policy decision and
        // an audited read of its own), and its pods by its selector.
        if let Some(reply) = self.pods_of_workload(asker, text, &op).await {
            return reply;
        }
        match self.live_names(asker, text, &op).await {
            Some(names) => match kubechat_nlp::resolve::resolve(given.as_str(), &names) {
                kubechat_nlp::resolve::Resolution::Unique(name) => {
                    let Ok(name) = kubechat_core::ResourceName::parse(&name) else {
                        return first;
                    };
                    let mut resolved = op;
                    resolved.name = Some(name);
                    self.ask_once(asker, text, resolved).await
                }
                kubechat_nlp::resolve::Resolution::Ambiguous(names) => {
                    Err(Error::Ambiguous(format!(
                        "no {} is called \"{given}\", and several fit: {}; say which one",
                        op.resource,
                        names.join(", ")
                    )))
                }
                kubechat_nlp::resolve::Resolution::Exact
                | kubechat_nlp::resolve::Resolution::Unknown => first,
            },
            None => first,
        }
    }

    /// The pods of the Deployment, StatefulSet, DaemonSet or Job named
    /// like the pod `op` reads (get or describe, one name, no selector),
    /// when one has that name: each workload is read as the asker through
    /// [`Self::ask_once`] (so the bot's policy may deny it, and the read is
    /// audited), then its pods by its `matchLabels` (one with match
    /// expressions is left alone: its labels alone would pick wrong
    /// pods). `None` when no workload answers.
    async fn pods_of_workload(
        &self,
        asker: &Asker,
        text: &str,
        op: &Operation,
    ) -> Option<Result<Reply>> {
        if !matches!(
            op.verb,
            kubechat_core::Verb::Get | kubechat_core::Verb::Describe
        ) || op.resource.as_str() != "pods"
            || op.selector.is_some()
            || op.is_multi_kind()
        {
            return None;
        }
        let name = op.name.clone()?;
        for kind in WORKLOAD_KINDS {
            let mut probe = Operation::new(
                kubechat_core::Verb::Get,
                kubechat_core::ResourceType::parse(kind).ok()?,
            );
            probe.name = Some(name.clone());
            probe.namespace = op.namespace.clone();
            probe.context = op.context.clone();
            probe.params.output = Some(kubechat_core::operation::OutputFormat::Json);
            let Ok(Reply::Result { data, .. }) = self.ask_once(asker, text, probe).await else {
                continue;
            };
            let spec = &data["spec"]["selector"];
            if spec.get("matchExpressions").is_some_and(|e| !e.is_null()) {
                continue;
            }
            let labels = spec["matchLabels"].as_object().filter(|m| !m.is_empty())?;
            let selector = labels
                .iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                .collect::<Vec<_>>()
                .join(",");
            let mut pods = op.clone();
            pods.name = None;
            pods.selector = kubechat_core::Selector::parse(&selector).ok();
            let singular = kind.trim_end_matches('s');
            return Some(noted(
                self.ask_once(asker, text, pods).await,
                &format!("no pod is named {name}; the pods of {singular} {name} ({selector})"),
            ));
        }
        None
    }

    /// `op` asked again as each of `kinds` in turn — each try an operation
    /// of its own, with its own policy decision, preview and audit — until
    /// `found` accepts an answer; that answer and its kind.
    async fn ask_as_kinds(
        &self,
        asker: &Asker,
        text: &str,
        op: &Operation,
        kinds: &[&'static str],
        found: impl Fn(&Result<Reply>) -> bool,
    ) -> Option<(&'static str, Result<Reply>)> {
        for &kind in kinds {
            let Ok(resource) = kubechat_core::ResourceType::parse(kind) else {
                continue;
            };
            let mut other = op.clone();
            other.resource = resource;
            let again = self.ask_once(asker, text, other).await;
            if found(&again) {
                return Some((kind, again));
            }
        }
        None
    }

    /// The namespaces where an object named like `op`'s lives: of its type
    /// that name, or (for pods) a Deployment, StatefulSet or DaemonSet of
    /// that name (the diagnoser reads a workload's pods). Listed across
    /// namespaces by name (a field selector: a few rows, whatever the
    /// cluster's size) as the asker, when the policy and their rights allow
    /// it (`None` otherwise); each list is audited as a read.
    async fn namespaces_holding(
        &self,
        asker: &Asker,
        text: &str,
        op: &Operation,
    ) -> Option<Vec<String>> {
        let given = op.name.as_ref()?.as_str().to_owned();
        let who = requester(&asker.user, asker.channel, asker.session_id.clone()).ok()?;
        let policy = self.bot_of_asker(asker).await.ok()?.settings.policy;
        let by_name = kubechat_core::Selector::parse(&format!("metadata.name={given}")).ok()?;
        let mut kinds = vec![op.resource.clone()];
        let also: &[&str] = match op.resource.as_str() {
            "pods" => &["deployments", "statefulsets", "daemonsets"],
            // The logs of an app: its pod of that name, or another
            // workload's, are read in its place (see `ask_resolving`).
            "deployments" if op.verb == kubechat_core::Verb::Logs => {
                &["pods", "statefulsets", "daemonsets"]
            }
            _ => &[],
        };
        for k in also {
            kinds.extend(kubechat_core::ResourceType::parse(k).ok());
        }
        let mut places: Vec<String> = Vec::new();
        let mut listed = false;
        for kind in kinds {
            let mut list = Operation::new(kubechat_core::Verb::Get, kind);
            list.all_namespaces = true;
            list.context = op.context.clone();
            list.params.field_selector = Some(by_name.clone());
            let engine = self.engine_for(&list).ok()?;
            if policy.decide(asker.user.role, &list, None) != Decision::Run {
                continue;
            }
            let lookup = format!("(where is {given}) {text}");
            let Ok((_, outcome)) = engine
                .read_request(&who, &lookup, &list, &asker.default_namespace)
                .await
            else {
                continue;
            };
            listed = true;
            for row in outcome.data["rows"].as_array().into_iter().flatten() {
                let ns = row["object"]["metadata"]["namespace"]
                    .as_str()
                    .unwrap_or_default();
                if !ns.is_empty() && !places.iter().any(|p| p == ns) {
                    places.push(ns.to_owned());
                }
            }
        }
        listed.then_some(places)
    }

    /// Names of the objects of `op`'s type where it runs, listed as the
    /// asker when the policy lets them list that type (else `None`).
    async fn live_names(&self, asker: &Asker, text: &str, op: &Operation) -> Option<Vec<String>> {
        // A name corrected for one type would be used for every type of
        // the request: several types are never corrected.
        if op.is_multi_kind() {
            return None;
        }
        let who = requester(&asker.user, asker.channel, asker.session_id.clone()).ok()?;
        let namespace = op.namespace.as_ref().map_or_else(
            || asker.default_namespace.clone(),
            |n| n.as_str().to_owned(),
        );
        let mut list = Operation::new(kubechat_core::Verb::Get, op.resource.clone());
        list.namespace = op.namespace.clone();
        list.context = op.context.clone();
        let engine = self.engine_for(&list).ok()?;
        let scope = engine.policy_scope(&list, &namespace).await;
        let policy = self.bot_of_asker(asker).await.ok()?.settings.policy;
        if policy.decide(asker.user.role, &list, scope.as_deref()) != Decision::Run {
            return None;
        }
        let lookup = format!("(name lookup) {text}");
        let (_, outcome) = engine
            .read_request(&who, &lookup, &list, &namespace)
            .await
            .ok()?;
        Some(table_names(&outcome.data))
    }

    async fn ask_once(&self, asker: &Asker, text: &str, op: Operation) -> Result<Reply> {
        // "delete -f pod.json", "apply this: …": the manifest's object,
        // before the policy decides (so it decides on that object).
        let op = if op.resource.is_manifest() {
            let resolved = kubechat_kube::manifest::resolve(op)
                .map_err(|e| Error::Engine(kubechat_engine::Error::Kube(e)))?;
            // Where the manifest says none, where the person is working
            // (so the line and the preview name it).
            with_namespace(resolved, &asker.default_namespace)
        } else {
            op
        };
        let who = requester(&asker.user, asker.channel, asker.session_id.clone())?;
        let namespace = op.namespace.as_ref().map_or_else(
            || asker.default_namespace.clone(),
            |n| n.as_str().to_owned(),
        );
        let engine = self.engine_for(&op)?;
        let scope = engine.policy_scope(&op, &namespace).await;
        let policy = self.bot_of_asker(asker).await?.settings.policy;
        let decision = policy.decide(asker.user.role, &op, scope.as_deref());
        if !matches!(decision, Decision::Deny { .. } | Decision::Run) {
            self.check_plan(&who, text, &op, asker.user.workspace_id)
                .await?;
        }
        let confirmation = match &decision {
            Decision::Deny { reason } => {
                let request_id = engine.deny(&who, text, &op, reason).await?;
                return Ok(Reply::Denied {
                    request_id,
                    reason: reason.clone(),
                });
            }
            Decision::Run => {
                let (request_id, outcome) =
                    engine.read_request(&who, text, &op, &namespace).await?;
                return Ok(Reply::result(request_id, op, outcome));
            }
            Decision::Confirm => Confirmation::Simple,
            Decision::ConfirmTyped { phrase } => Confirmation::Typed {
                phrase: phrase.clone(),
            },
            Decision::NeedsApproval => Confirmation::Approval,
        };
        let pending = engine
            .plan_as(&who, text, &op, &namespace, decision.as_str())
            .await?;
        // The dry run may show more harm than the verb says ("patch
        // replicas to 0", a label through a selector on many pods): the
        // policy decides again at that risk.
        let shown_risk = pending.plan().risk;
        let confirmation = match at_shown_risk(
            &policy,
            asker.user.role,
            &op,
            scope.as_deref(),
            shown_risk,
            confirmation,
        ) {
            Ok(c) => c,
            Err(reason) => {
                let request_id = pending.request_id();
                engine.refuse(pending, &reason).await?;
                return Ok(Reply::Denied { request_id, reason });
            }
        };
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
            requester: Some(asker.user.clone()),
            bot: asker.bot.as_ref().map(|b| b.name.clone()),
            shown_risk: Some(shown_risk),
        };
        self.offer(pending, record).await
    }

    /// Refuses (and audits the refusal of) a change the workspace's plan
    /// does not include.
    async fn check_plan(
        &self,
        who: &Requester,
        text: &str,
        op: &Operation,
        workspace: Uuid,
    ) -> Result<()> {
        let standing = self.standing(workspace).await?;
        if let Err(refusal) = kubechat_billing::Billing::check_operation(&standing, op) {
            self.engine_for(op)?
                .deny(who, text, op, &refusal.message)
                .await?;
            return Err(Error::Plan(refusal));
        }
        Ok(())
    }

    /// Stores the plan and answers its preview (or "nothing to change").
    async fn offer(&self, pending: kubechat_engine::Pending, record: PendingPlan) -> Result<Reply> {
        let plan = pending.plan();
        if plan.changes.is_empty() {
            let kubectl = plan.kubectl.clone();
            let request_id = record.request_id;
            self.engine_for(&record.operation)?
                .cancel(pending, "nothing to change")
                .await?;
            return Ok(Reply::NothingToChange {
                request_id,
                kubectl,
            });
        }
        let plan_id = Uuid::new_v4();
        let ttl = match record.confirmation {
            Confirmation::Approval => APPROVAL_TTL,
            _ => PLAN_TTL,
        };
        let bytes = serde_json::to_vec(&record).map_err(|e| Error::Invalid(e.to_string()))?;
        self.cache
            .set(&plan_key(plan_id), &bytes, ttl)
            .await
            .map_err(|e| {
                Error::Unavailable(format!("the plan cannot be kept for confirmation: {e}"))
            })?;
        let now = self.clock.now();
        if record.confirmation == Confirmation::Approval {
            let requested_by = record
                .requester
                .as_ref()
                .map_or("unknown", |u| u.username.as_str());
            approvals::insert(
                self.store.pool(),
                &approvals::NewApproval {
                    plan_id,
                    workspace_id: record.workspace_id,
                    request_id: record.request_id,
                    requester_id: record.user_id,
                    requested_by,
                    text: &record.text,
                    kubectl: &plan.kubectl,
                    namespace: &record.namespace,
                    changes: &record.changes,
                    created_at: now,
                    expires_at: now + ttl,
                },
            )
            .await?;
        }
        Ok(Reply::Preview {
            request_id: record.request_id,
            plan_id,
            risk: plan.risk,
            kubectl: plan.kubectl.clone(),
            changes: plan.changes.clone(),
            text: plan.preview_text(),
            operation: record.operation,
            confirmation: record.confirmation,
            expires_at: now + ttl,
        })
    }

    async fn take(&self, user: &User, plan_id: Uuid) -> Result<PendingPlan> {
        let record = self.load(plan_id).await?;
        if record.user_id != user.id {
            return Err(Error::PlanForeign(format!(
                "plan {plan_id} belongs to someone else; only the person who asked can confirm it"
            )));
        }
        Ok(record)
    }

    /// The plan `plan_id`, whoever asked for it.
    async fn load(&self, plan_id: Uuid) -> Result<PendingPlan> {
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
        serde_json::from_slice(&bytes).map_err(|_| gone())
    }

    /// Confirms a previewed plan: dry-runs it again and applies it when
    /// the cluster would change exactly as previewed.
    pub async fn confirm(&self, user: &User, plan_id: Uuid, typed: Option<&str>) -> Result<Reply> {
        self.confirm_with_progress(user, plan_id, typed, &Silent)
            .await
    }

    /// [`ChatService::confirm`], telling the sink each phase a change
    /// handed to the operator passes ([`TurnEvent::Progress`]; the
    /// WebSocket streams them).
    pub async fn confirm_with_progress(
        &self,
        user: &User,
        plan_id: Uuid,
        typed: Option<&str>,
        sink: &dyn TurnSink,
    ) -> Result<Reply> {
        let progress = |phase: &str| sink.event(TurnEvent::Progress(phase));
        let record = self.take(user, plan_id).await?;
        if record.confirmation == Confirmation::Approval {
            return Err(Error::ApprovalRequired(format!(
                "plan {plan_id} is destructive and this workspace needs another admin to approve it; \
                 it waits for them (GET /api/v1/approvals) until it expires"
            )));
        }
        if let Confirmation::Typed { phrase } = &record.confirmation
            && typed.map(str::trim) != Some(phrase.as_str())
        {
            return Err(Error::TypedConfirmation(format!(
                "this is destructive: type {phrase:?} to confirm it"
            )));
        }
        // A plan previewed before a downgrade does not run after it.
        let standing = self.standing(record.workspace_id).await?;
        kubechat_billing::Billing::check_operation(&standing, &record.operation)
            .map_err(Error::Plan)?;
        // Nor one the person or the policy no longer allows.
        let person = self.recheck(&record, plan_id).await?;
        // Single use: whoever deletes the key owns the confirmation.
        self.claim(plan_id).await?;
        let who = requester(&person, record.channel, record.session_id.clone())?;
        let (pending, now_changes) = self.replan(&who, &record).await?;
        if now_changes != record.changes {
            // The cluster moved since the preview: show the new one, at
            // the risk its dry run shows now ("label -l app=web" that
            // touched one pod and now touches twenty).
            let engine = self.engine_for(&record.operation)?;
            let (scope, policy) = self.scope_and_policy(&record).await?;
            let shown = pending.plan().risk;
            let mut fresh = record;
            fresh.changes = now_changes;
            match at_shown_risk(
                &policy,
                person.role,
                &fresh.operation,
                scope.as_deref(),
                shown,
                fresh.confirmation.clone(),
            ) {
                Ok(c) => {
                    fresh.confirmation = c;
                    fresh.shown_risk = Some(shown.max(fresh.shown_risk.unwrap_or(shown)));
                }
                Err(reason) => {
                    let request_id = pending.request_id();
                    engine.refuse(pending, &reason).await?;
                    return Ok(Reply::Denied { request_id, reason });
                }
            }
            return self.offer(pending, fresh).await;
        }
        self.carry_out(pending, record, user, None, &progress).await
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
        self.claim(plan_id).await?;
        if record.confirmation == Confirmation::Approval {
            approvals::decide(
                self.store.pool(),
                plan_id,
                "cancelled",
                &user.username,
                self.clock.now(),
            )
            .await?;
        }
        let who = requester(user, record.channel, record.session_id.clone())?;
        self.engine_for(&record.operation)?
            .cancel_request(
                &who,
                &record.text,
                &record.operation,
                record.request_id,
                "cancelled",
                "cancelled by the person who asked",
            )
            .await?;
        Ok(Reply::Cancelled { plan_id })
    }
}

/// How strict a confirmation is, to compare the one a plan was offered
/// with what the policy asks now.
/// The confirmation a plan needs at the risk its dry run showed (never
/// less than `given`), or why the policy refuses that risk.
fn at_shown_risk(
    policy: &kubechat_core::Policy,
    role: kubechat_core::UserRole,
    op: &Operation,
    scope: Option<&str>,
    shown: kubechat_core::Risk,
    given: Confirmation,
) -> std::result::Result<Confirmation, String> {
    if shown <= op.risk() {
        return Ok(given);
    }
    let needed = match policy.decide_at_risk(role, op, scope, shown) {
        Decision::Deny { reason } => {
            return Err(format!("the dry run shows a destructive effect: {reason}"));
        }
        Decision::Run | Decision::Confirm => Confirmation::Simple,
        Decision::ConfirmTyped { phrase } => Confirmation::Typed { phrase },
        Decision::NeedsApproval => Confirmation::Approval,
    };
    Ok(if strictness(&needed) > strictness(&given) {
        needed
    } else {
        given
    })
}

fn strictness(c: &Confirmation) -> u8 {
    match c {
        Confirmation::Simple => 0,
        Confirmation::Typed { .. } => 1,
        Confirmation::Approval => 2,
    }
}

/// Only admins approve (and list what waits for approval).
fn require_approver(user: &User) -> Result<()> {
    if user.role == kubechat_core::UserRole::Admin {
        Ok(())
    } else {
        Err(Error::NotAllowed(format!(
            "{} has the role {}; only admins approve destructive requests",
            user.username, user.role
        )))
    }
}

impl ChatService {
    /// Authorization when a change runs, not only when it was previewed:
    /// the person who asked as stored now (not disabled; their current
    /// role) and the bot's policy as it is now must still allow the
    /// change with no stricter confirmation than the one given. A refusal
    /// takes the plan away and is audited as denied.
    async fn recheck(&self, record: &PendingPlan, plan_id: Uuid) -> Result<User> {
        let refuse = |reason: String| async move {
            let _ = self.claim(plan_id).await;
            if let Some(asked_by) = &record.requester
                && let Ok(who) = requester(asked_by, record.channel, record.session_id.clone())
                && let Ok(engine) = self.engine_for(&record.operation)
            {
                let _ = engine
                    .cancel_request(
                        &who,
                        &record.text,
                        &record.operation,
                        record.request_id,
                        "denied",
                        &reason,
                    )
                    .await;
            }
            Err(Error::NotAllowed(reason))
        };
        let person = kubechat_auth::current_user(&self.store, record.user_id)
            .await
            .map_err(|e| Error::Unavailable(format!("accounts cannot be read: {e}")))?;
        let person = match person {
            Some(p) if !p.disabled => p,
            Some(p) => {
                return refuse(format!(
                    "{} is disabled, so the change they asked for is not applied",
                    p.username
                ))
                .await;
            }
            None => return refuse("the person who asked no longer exists".to_owned()).await,
        };
        let (scope, policy) = self.scope_and_policy(record).await?;
        let shown = record.shown_risk.unwrap_or_else(|| record.operation.risk());
        let now =
            match policy.decide_at_risk(person.role, &record.operation, scope.as_deref(), shown) {
                Decision::Deny { reason } => {
                    return refuse(format!("not applied: {reason} (changed since the preview)"))
                        .await;
                }
                Decision::Run => Confirmation::Simple,
                Decision::Confirm => Confirmation::Simple,
                Decision::ConfirmTyped { phrase } => Confirmation::Typed { phrase },
                Decision::NeedsApproval => Confirmation::Approval,
            };
        if strictness(&now) > strictness(&record.confirmation) {
            return refuse(
                "not applied: the policy now asks for a stricter confirmation than this preview had; ask again"
                    .to_owned(),
            )
            .await;
        }
        Ok(person)
    }

    /// What a stored plan is decided by now: the namespace the policy
    /// sees and its bot's policy as it is now.
    async fn scope_and_policy(
        &self,
        record: &PendingPlan,
    ) -> Result<(Option<String>, kubechat_core::Policy)> {
        let scope = self
            .engine_for(&record.operation)?
            .policy_scope(&record.operation, &record.namespace)
            .await;
        let policy = bot_of(&self.store, record.workspace_id, record.bot.as_deref())
            .await?
            .settings
            .policy;
        Ok((scope, policy))
    }

    /// Dry-runs a stored plan again as `who`; the plan and its changes
    /// (to compare with the preview's).
    async fn replan(
        &self,
        who: &Requester,
        record: &PendingPlan,
    ) -> Result<(kubechat_engine::Pending, Value)> {
        let pending = self
            .engine_for(&record.operation)?
            .replan(
                who,
                &record.text,
                &record.operation,
                &record.namespace,
                record.request_id,
            )
            .await?;
        let changes = serde_json::to_value(&pending.plan().changes).unwrap_or(Value::Null);
        Ok((pending, changes))
    }

    /// Takes a plan out of the cache; whoever deletes the key owns the
    /// decision (confirm, approve, reject or cancel), on any replica.
    async fn claim(&self, plan_id: Uuid) -> Result<()> {
        let won = self
            .cache
            .delete(&plan_key(plan_id))
            .await
            .map_err(|e| Error::Unavailable(format!("pending plans cannot be updated: {e}")))?;
        if won {
            Ok(())
        } else {
            Err(Error::PlanGone(format!(
                "plan {plan_id} was confirmed, approved, rejected or cancelled already"
            )))
        }
    }

    /// Requests waiting for approval in the approver's workspace (admins).
    pub async fn approvals(&self, approver: &User) -> Result<Vec<approvals::Approval>> {
        require_approver(approver)?;
        approvals::pending(self.store.pool(), approver.workspace_id, self.clock.now()).await
    }

    /// The plan waiting for `approver`'s decision: in their workspace,
    /// asked by someone else, and they are an admin.
    async fn for_approver(&self, approver: &User, plan_id: Uuid) -> Result<(PendingPlan, User)> {
        let record = self.load(plan_id).await?;
        // Another workspace's plan is answered as if it did not exist.
        let requester = match &record.requester {
            Some(u) if record.workspace_id == approver.workspace_id => u.clone(),
            _ => {
                return Err(Error::PlanGone(format!(
                    "there is no plan {plan_id} waiting for approval"
                )));
            }
        };
        if record.confirmation != Confirmation::Approval {
            return Err(Error::Invalid(format!(
                "plan {plan_id} does not need an approval; the person who asked confirms it"
            )));
        }
        require_approver(approver)?;
        if record.user_id == approver.id {
            return Err(Error::NotAllowed(
                "you asked for this; another admin must approve it (four eyes)".to_owned(),
            ));
        }
        Ok((record, requester))
    }

    /// Takes the plan for `approver`'s decision (`approved` or
    /// `rejected`) and records it; the plan and who to act as.
    async fn decide(
        &self,
        approver: &User,
        plan_id: Uuid,
        status: &str,
    ) -> Result<(PendingPlan, Requester, User)> {
        let (record, mut asked_by) = self.for_approver(approver, plan_id).await?;
        if status == "approved" {
            let standing = self.standing(record.workspace_id).await?;
            kubechat_billing::Billing::check_operation(&standing, &record.operation)
                .map_err(Error::Plan)?;
            // It runs as the person who asked as they are now.
            asked_by = self.recheck(&record, plan_id).await?;
        }
        self.claim(plan_id).await?;
        approvals::decide(
            self.store.pool(),
            plan_id,
            status,
            &approver.username,
            self.clock.now(),
        )
        .await?;
        let who = requester(&asked_by, record.channel, record.session_id.clone())?;
        Ok((record, who, asked_by))
    }

    /// Approves a plan asked by someone else: dry-runs it again and
    /// applies it as the person who asked, the `confirmed` audit event
    /// naming the approver. If the cluster moved since the preview,
    /// nothing is applied and the request must be asked again.
    pub async fn approve(&self, approver: &User, plan_id: Uuid) -> Result<Reply> {
        let (record, who, asked_by) = self.decide(approver, plan_id, "approved").await?;
        let (pending, now_changes) = self.replan(&who, &record).await?;
        if now_changes != record.changes {
            self.engine_for(&record.operation)?
                .cancel(
                    pending,
                    "the cluster changed between the preview and the approval",
                )
                .await?;
            return Err(Error::PlanGone(format!(
                "the cluster changed since plan {plan_id} was previewed; nothing was applied — ask again"
            )));
        }
        let session = record.session_id.clone();
        let reply = self
            .carry_out(pending, record, &asked_by, Some(approver), &|_| {})
            .await?;
        self.tell_requester(&asked_by, session.as_deref(), plan_id, &reply)
            .await;
        Ok(reply)
    }

    /// Leaves the answer to a plan another admin decided where the person
    /// who asked will see it: in their session's history (shown on
    /// reload) and in the shared cache, from which their open WebSocket —
    /// on whichever replica — pushes it (see [`ChatService::decided`]).
    /// Best effort: the decision itself is already recorded and audited.
    async fn tell_requester(
        &self,
        asked_by: &User,
        session: Option<&str>,
        plan_id: Uuid,
        reply: &Reply,
    ) {
        let mut body = serde_json::to_value(reply).unwrap_or(Value::Null);
        let kind = body["type"].as_str().unwrap_or("result").to_owned();
        let mut history = None;
        if let Some(name) = session
            && let Ok(s) = self.open_session(asked_by, name).await
        {
            // The card of the question that led to the preview.
            let asked = self
                .history(s.id, sessions::MAX_PAGE, None)
                .await
                .unwrap_or_default()
                .into_iter()
                .find(|m| m.kind == "preview" && m.body["plan_id"] == json!(plan_id));
            if let (Some(m), Some(o)) = (asked, body.as_object_mut()) {
                o.insert("id".into(), m.body["id"].clone());
            }
            history = Some(s.id);
        }
        if let Some(o) = body.as_object_mut() {
            o.insert("v".into(), json!(1));
            o.insert("plan_id".into(), json!(plan_id));
        }
        if let Some(h) = history {
            self.remember(h, "kubechat", &kind, body.clone()).await;
        }
        let bytes = serde_json::to_vec(&body).unwrap_or_default();
        if let Err(e) = self
            .cache
            .set(&decided_key(plan_id), &bytes, APPROVAL_TTL)
            .await
        {
            tracing::warn!(error = %e, %plan_id, "the decision could not be left for the requester's chat");
        }
    }

    /// The answer to `plan_id` once another admin approved or rejected it
    /// (what the requester's chat pushes), if decided.
    pub async fn decided(&self, plan_id: Uuid) -> Option<Value> {
        let bytes = self.cache.get(&decided_key(plan_id)).await.ok()??;
        serde_json::from_slice(&bytes).ok()
    }

    /// Rejects a plan waiting for approval; recorded as denied.
    pub async fn reject(&self, approver: &User, plan_id: Uuid) -> Result<Reply> {
        let (record, who, asked_by) = self.decide(approver, plan_id, "rejected").await?;
        let reason = format!("rejected by {} ({})", approver.username, approver.role);
        self.engine_for(&record.operation)?
            .cancel_request(
                &who,
                &record.text,
                &record.operation,
                record.request_id,
                "rejected",
                &reason,
            )
            .await?;
        let reply = Reply::Denied {
            request_id: record.request_id,
            reason,
        };
        self.tell_requester(&asked_by, record.session_id.as_deref(), plan_id, &reply)
            .await;
        Ok(reply)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    /// Where no bot's cluster can hold it (the operator's `spec.text`), a
    /// request naming a cluster is refused, whichever way it names it.
    #[test]
    fn a_request_naming_a_cluster_is_refused_without_a_bot() {
        for text in [
            "kubectl --context prod delete deployment web",
            "delete deployment web on the prod-eu cluster",
        ] {
            let e = super::interpret(text, "shop").unwrap_err();
            assert_eq!(e.code(), "not_understood", "{text}");
            assert!(e.to_string().contains("names the cluster"), "{text}: {e}");
        }
        assert!(super::interpret("delete deployment web", "shop").is_ok());
    }

    /// The confirmation follows the risk the dry run shows, never below
    /// the one already asked; a role that may not take that risk is
    /// refused, naming the effect.
    #[test]
    fn a_plan_is_confirmed_at_the_risk_its_dry_run_shows() {
        use super::{Confirmation, at_shown_risk};
        use kubechat_core::{Policy, Risk, UserRole};
        let op =
            kubechat_core::kubectl::parse("kubectl scale deployment/web --replicas=3").unwrap();
        let policy = Policy::default();
        let at = |role, shown, given| at_shown_risk(&policy, role, &op, Some("shop"), shown, given);
        assert_eq!(
            at(UserRole::Admin, Risk::Mutate, Confirmation::Simple),
            Ok(Confirmation::Simple)
        );
        assert_eq!(
            at(UserRole::Admin, Risk::Destructive, Confirmation::Simple),
            Ok(Confirmation::Typed {
                phrase: "web".to_owned()
            })
        );
        assert_eq!(
            at(UserRole::Admin, Risk::Destructive, Confirmation::Approval),
            Ok(Confirmation::Approval),
            "never less than what was asked"
        );
        let refused = at(UserRole::Operator, Risk::Destructive, Confirmation::Simple).unwrap_err();
        assert!(
            refused.contains("dry run shows a destructive effect"),
            "{refused}"
        );
    }

    #[test]
    fn names_are_read_from_tables_and_plain_lists() {
        let table = json!({
            "columnDefinitions": [{"name": "Status"}, {"name": "Name"}],
            "rows": [
                {"cells": ["Active", "shop"], "object": {"metadata": {"name": "shop"}}},
                {"cells": ["Active", "pay"]},
            ],
        });
        assert_eq!(super::table_names(&table), ["shop", "pay"]);
        let list = json!({"items": [{"metadata": {"name": "a"}}, {"metadata": {"name": "b"}}]});
        assert_eq!(super::table_names(&list), ["a", "b"]);
        assert!(super::table_names(&json!({})).is_empty());
    }
}
