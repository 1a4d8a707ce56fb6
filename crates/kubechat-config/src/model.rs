//! The typed configuration and its defaults.
//!
//! Types are strict (`deny_unknown_fields`, enums, socket addresses) so most
//! bad values fail while deserializing; [`Config::validate`] then checks the
//! ranges and relations that types cannot express.

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::{Secret, SecretUrl};

/// The whole configuration of one KubeChat process.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub server: ServerConfig,
    pub log: LogConfig,
    pub database: DatabaseConfig,
    pub redis: RedisConfig,
    pub kubernetes: KubernetesConfig,
    pub health: HealthConfig,
    pub audit: AuditConfig,
    pub auth: AuthConfig,
    pub rate_limits: RateLimitConfig,
    pub nlp: NlpConfig,
    pub execution: ExecutionConfig,
    pub billing: BillingConfig,
    pub slack: SlackConfig,
}

/// HTTP listener, roles and process lifecycle.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Which roles this process serves; one binary serves them all.
    pub roles: Vec<Role>,
    /// Where the embedded SQLite database and other local state live.
    pub data_dir: PathBuf,
    /// How long in-flight requests may run after SIGTERM/SIGINT.
    pub shutdown_grace_seconds: u64,
    /// Upper bound for any request body.
    pub max_body_bytes: usize,
    /// Open TCP connections (WebSockets included) this process holds;
    /// more are closed at once and counted.
    pub max_connections: usize,
    /// How long a client may take to send a request's headers, and how
    /// long an idle keep-alive connection waits for the next request.
    pub header_read_timeout_seconds: u64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            roles: Role::ALL.to_vec(),
            data_dir: PathBuf::from("kubechat-data"),
            shutdown_grace_seconds: 30,
            max_body_bytes: 1024 * 1024,
            max_connections: 10_000,
            header_read_timeout_seconds: 10,
        }
    }
}

/// A role of the one binary; a cluster runs each as its own Deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Chat, accounts, sessions, rate limits, web UI.
    Gateway,
    /// Natural-language translation (`POST /nlp/process`).
    Nlp,
    /// Audit ingestion, query and SIEM export.
    Audit,
}

impl Role {
    /// Every role, the default.
    pub const ALL: [Role; 3] = [Role::Gateway, Role::Nlp, Role::Audit];

    /// The name used in configuration and flags.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Gateway => "gateway",
            Role::Nlp => "nlp",
            Role::Audit => "audit",
        }
    }
}

/// Logging.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// `auto` is pretty on a terminal and JSON otherwise (for log shippers).
    pub format: LogFormat,
    /// A `tracing` filter such as `info` or `info,kubechat_server=debug`.
    pub level: String,
}

impl Default for LogConfig {
    fn default() -> Self {
        Self {
            format: LogFormat::Auto,
            level: "info".to_owned(),
        }
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Auto,
    Json,
    Pretty,
}

/// The relational store.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// `postgres://…` for PostgreSQL, `sqlite://…` for a SQLite file; unset
    /// means `<data_dir>/kubechat.db`.
    pub url: Option<SecretUrl>,
    /// Pool size upper bound.
    pub max_connections: u32,
    /// How long to wait for a connection from the pool.
    pub acquire_timeout_seconds: u64,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            url: None,
            max_connections: 10,
            acquire_timeout_seconds: 5,
        }
    }
}

/// Shared ephemeral state (sessions, rate limits, cache).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RedisConfig {
    /// `redis://…`; unset means in-memory state (one replica only).
    pub url: Option<SecretUrl>,
    /// Prefix of every key, so several deployments can share one Redis.
    pub key_prefix: Option<String>,
}

/// Where the Kubernetes API is.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KubernetesConfig {
    pub source: ClusterSource,
    /// Kubeconfig file; unset means `$KUBECONFIG` or `~/.kube/config`.
    pub kubeconfig: Option<PathBuf>,
    /// Context in the kubeconfig; unset means its current context.
    pub context: Option<String>,
    /// More clusters bots may work on, besides this deployment's own
    /// (called `default`).
    pub clusters: Vec<NamedCluster>,
}

/// Another cluster, reached through a kubeconfig context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedCluster {
    /// How bots and kubectl lines (`--context NAME`) call it.
    pub name: String,
    /// Kubeconfig file; unset means `kubernetes.kubeconfig`, else
    /// `$KUBECONFIG` or `~/.kube/config`.
    #[serde(default)]
    pub kubeconfig: Option<PathBuf>,
    /// Context in that kubeconfig; unset means `name`.
    #[serde(default)]
    pub context: Option<String>,
}

impl NamedCluster {
    /// How to reach it, as a `[kubernetes]` section of its own.
    pub fn connection(&self, main: &KubernetesConfig) -> KubernetesConfig {
        KubernetesConfig {
            source: ClusterSource::Kubeconfig,
            kubeconfig: self.kubeconfig.clone().or_else(|| main.kubeconfig.clone()),
            context: Some(self.context.clone().unwrap_or_else(|| self.name.clone())),
            clusters: Vec::new(),
        }
    }
}

/// How the cluster connection is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClusterSource {
    /// In-cluster service account when running in a pod, else the
    /// kubeconfig when one exists, else no cluster.
    #[default]
    Auto,
    /// The kubeconfig file (must exist).
    Kubeconfig,
    /// The pod's service account (must run in a cluster).
    InCluster,
    /// No cluster; cluster operations are refused.
    None,
    /// The built-in in-memory demo cluster (`--demo`): sample namespaces
    /// and workloads to try KubeChat without a cluster.
    Demo,
}

/// Health probes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HealthConfig {
    /// Upper bound for one dependency check, so a hung dependency cannot
    /// hang the probe (kubelet's default probe timeout is 1 s; keep below
    /// the probe's `timeoutSeconds`).
    pub check_timeout_ms: u64,
}

impl Default for HealthConfig {
    fn default() -> Self {
        Self {
            check_timeout_ms: 800,
        }
    }
}

/// Request rate limits (GCRA; shared through Redis when configured).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateLimitConfig {
    /// Authenticated requests (REST calls and WebSocket chat messages) per
    /// user per minute; 0 turns the user limit off.
    pub user_per_minute: u32,
    /// The same per workspace, all its users together; 0 turns it off.
    pub workspace_per_minute: u32,
    /// User names refused outright (403).
    pub blocked_users: Vec<String>,
    /// Client addresses refused outright (403): IPs or CIDR ranges.
    pub blocked_ips: Vec<String>,
    /// Open chat WebSockets per user on one process; 0 turns the cap off.
    /// (Upgrades also count against `user_per_minute`.)
    pub websockets_per_user: u32,
    /// Open chat WebSockets per workspace on one process (all its users
    /// together); 0 turns the cap off.
    pub websockets_per_workspace: u32,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self {
            user_per_minute: 120,
            workspace_per_minute: 1200,
            blocked_users: Vec::new(),
            blocked_ips: Vec::new(),
            websockets_per_user: 20,
            websockets_per_workspace: 2000,
        }
    }
}

/// Accounts and tokens.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthConfig {
    /// Lifetime of an access token.
    pub access_token_ttl_seconds: u64,
    /// Lifetime of a refresh token.
    pub refresh_token_ttl_days: u32,
    /// Clock skew tolerated on token times (between replicas, clients).
    pub leeway_seconds: u32,
    /// Longest lifetime of a personal API token.
    pub api_token_max_days: u32,
    /// Directory of Ed25519 signing keys (`KID.pem`, PKCS#8); the newest
    /// name signs, all verify. Unset: `<data_dir>/keys`, created with a
    /// first key. Replicas must share it (a mounted Secret).
    pub keys_dir: Option<PathBuf>,
    /// Whether people may sign in with a KubeChat password. Off once single
    /// sign-on is set up; admins still may (the break-glass account).
    pub password_login: bool,
    /// OpenID Connect identity providers people sign in with.
    pub oidc: Vec<OidcProviderConfig>,
    /// The address people reach KubeChat at (`https://kubechat.example.com`),
    /// for the sign-in redirect registered at the providers; unset: the
    /// request's host.
    pub public_url: Option<String>,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            access_token_ttl_seconds: 900,
            refresh_token_ttl_days: 30,
            leeway_seconds: 30,
            api_token_max_days: 365,
            keys_dir: None,
            password_login: true,
            oidc: Vec::new(),
            public_url: None,
        }
    }
}

/// One OpenID Connect provider (`[[auth.oidc]]`): Keycloak, Okta, Entra
/// ID, Google, Dex.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OidcProviderConfig {
    /// Short name, in URLs (`/api/v1/auth/oidc/NAME/login`).
    pub name: String,
    /// What the sign-in button says.
    #[serde(default)]
    pub display_name: Option<String>,
    /// The issuer URL; its discovery document is read from
    /// `ISSUER/.well-known/openid-configuration`. HTTPS, or http on a
    /// loopback address.
    pub issuer: String,
    pub client_id: String,
    /// Never logged.
    #[serde(default)]
    pub client_secret: Option<Secret>,
    /// Or the environment variable holding it.
    #[serde(default)]
    pub client_secret_env: Option<String>,
    #[serde(default = "default_oidc_scopes")]
    pub scopes: Vec<String>,
    /// The claim that is the KubeChat (and Kubernetes) user name.
    #[serde(default = "default_username_claim")]
    pub username_claim: String,
    /// The claim listing the person's groups.
    #[serde(default = "default_groups_claim")]
    pub groups_claim: String,
    /// The KubeChat workspace (slug) people of this provider sign into.
    #[serde(default = "default_workspace")]
    pub workspace: String,
    /// IdP group → KubeChat role, first match wins.
    #[serde(default)]
    pub roles: Vec<OidcRoleMapping>,
    /// The role of people in none of those groups; unset, they are
    /// refused with the reason.
    #[serde(default)]
    pub default_role: Option<String>,
    /// The audience bearer tokens from this provider must carry to be
    /// accepted on the API (scripts, agents); unset: the client id.
    #[serde(default)]
    pub audience: Option<String>,
    /// Put before each provider group passed to Kubernetes, like the API
    /// server's `--oidc-groups-prefix` (`"oidc:"` makes `platform` the
    /// Kubernetes group `oidc:platform`): someone who can name a group at
    /// the provider cannot name one the cluster already trusts. Role
    /// mapping uses the groups as the provider names them.
    #[serde(default)]
    pub groups_prefix: String,
    /// Whether a person whose user name already names a KubeChat account
    /// (made with a password) becomes that account at their first sign-in.
    /// Off: refused with the reason, since a name at the provider is no
    /// proof of being that person; on only where the provider owns the
    /// names (the same directory the accounts were made from).
    #[serde(default)]
    pub link_existing: bool,
    /// When set, only people whose verified e-mail address is in one of
    /// these domains are admitted (`["example.com"]`): a provider anyone
    /// can have an account at (Google, a shared tenant) with a
    /// `default_role` would otherwise let everyone in.
    #[serde(default)]
    pub email_domains: Vec<String>,
}

/// One IdP group mapped to a KubeChat role.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OidcRoleMapping {
    pub group: String,
    pub role: String,
}

fn default_oidc_scopes() -> Vec<String> {
    ["openid", "profile", "email", "groups"]
        .map(str::to_owned)
        .to_vec()
}

fn default_username_claim() -> String {
    "preferred_username".to_owned()
}

fn default_groups_claim() -> String {
    "groups".to_owned()
}

fn default_workspace() -> String {
    "default".to_owned()
}

impl OidcProviderConfig {
    /// The client secret: `client_secret`, or the variable named by
    /// `client_secret_env`.
    pub fn secret(&self) -> Option<Secret> {
        secret_or_env(&self.client_secret, &self.client_secret_env)
    }

    /// The audience API bearer tokens must carry.
    pub fn bearer_audience(&self) -> &str {
        self.audience.as_deref().unwrap_or(&self.client_id)
    }
}

/// Where confirmed changes are carried out.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExecutionConfig {
    pub mode: ExecutionMode,
    /// `operator` mode: the namespace the gateway creates its
    /// `KubeChatCommand`s in.
    pub namespace: String,
    /// `operator` mode: how long a chat answer waits for the operator to
    /// finish a command (it keeps running after that).
    pub wait_seconds: u64,
}

impl Default for ExecutionConfig {
    fn default() -> Self {
        Self {
            mode: ExecutionMode::Direct,
            namespace: "kubechat-system".to_owned(),
            wait_seconds: 120,
        }
    }
}

/// How confirmed changes reach the cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExecutionMode {
    /// The gateway applies them (impersonating the user).
    Direct,
    /// The gateway creates a `KubeChatCommand` per change and the operator
    /// applies it (durable, visible with `kubectl get kcc`).
    Operator,
}

/// KubeChat in Slack, answered as the KubeChat person each Slack user is
/// linked to: one Slack team with a configured bot token (a self-hosted
/// app), and/or any number of teams that added the app through "Add to
/// Slack" (OAuth v2, started by a workspace admin in the web UI), each
/// with its own bot token and KubeChat workspace.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SlackConfig {
    pub enabled: bool,
    /// The app's client id (Basic Information), for "Add to Slack".
    pub client_id: Option<String>,
    /// The app's client secret, for "Add to Slack": exchanges an install's
    /// code for its bot token, and seals the stored tokens. Never logged.
    pub client_secret: Option<Secret>,
    /// Or the environment variable holding it.
    pub client_secret_env: Option<String>,
    /// Slack's authorize page, where an admin approves an install.
    pub oauth_url: String,
    /// The app's signing secret: every request from Slack is verified
    /// with it before anything is read. Never logged.
    pub signing_secret: Option<Secret>,
    /// Or the environment variable holding it.
    pub signing_secret_env: Option<String>,
    /// The bot token (`xoxb-…`) answers are posted with. Never logged.
    pub bot_token: Option<Secret>,
    /// Or the environment variable holding it.
    pub bot_token_env: Option<String>,
    /// Slack's Web API.
    pub api_url: String,
    /// The KubeChat workspace (slug) the configured Slack team belongs to.
    pub workspace: String,
    /// The configured team's id (T…): the bot token answers that team
    /// only. Required when teams can also add the app ("Add to Slack"),
    /// so no other team is ever answered as the configured one.
    pub team_id: Option<String>,
    /// Where links in answers point (the web UI as people reach it).
    pub public_url: String,
    /// The channel id (C…) where changes waiting for a second admin are
    /// posted with Approve / Reject (`destructive_confirmation =
    /// "approval"`); unset: they are approved in the web UI.
    pub approvals_channel: Option<String>,
    /// Whether answers are posted for the channel to see. Off (the
    /// default), each answer is seen by the asker only: the channel may
    /// hold people who cannot read what the asker can.
    pub share_answers: bool,
    /// How old (or how far ahead) a request's timestamp may be.
    pub tolerance_seconds: u64,
    /// Longest wait for one Web API call.
    pub request_timeout_ms: u64,
}

impl Default for SlackConfig {
    fn default() -> Self {
        Self {
            enabled: false,
            client_id: None,
            client_secret: None,
            client_secret_env: None,
            oauth_url: "https://slack.com/oauth/v2/authorize".to_owned(),
            signing_secret: None,
            signing_secret_env: None,
            bot_token: None,
            bot_token_env: None,
            api_url: "https://slack.com/api".to_owned(),
            workspace: "default".to_owned(),
            team_id: None,
            public_url: "http://127.0.0.1:8080".to_owned(),
            approvals_channel: None,
            share_answers: false,
            tolerance_seconds: 300,
            request_timeout_ms: 10_000,
        }
    }
}

impl SlackConfig {
    /// The signing secret: `signing_secret`, or the variable named by
    /// `signing_secret_env`.
    pub fn secret(&self) -> Option<Secret> {
        secret_or_env(&self.signing_secret, &self.signing_secret_env)
    }

    /// The bot token: `bot_token`, or the variable named by
    /// `bot_token_env`.
    pub fn token(&self) -> Option<Secret> {
        secret_or_env(&self.bot_token, &self.bot_token_env)
    }

    /// The client secret: `client_secret`, or the variable named by
    /// `client_secret_env`.
    pub fn client_secret(&self) -> Option<Secret> {
        secret_or_env(&self.client_secret, &self.client_secret_env)
    }

    /// Whether teams can add the app themselves ("Add to Slack").
    pub fn installs(&self) -> bool {
        self.client_id.is_some() && self.client_secret().is_some()
    }
}

/// Plans, entitlements and the payment provider.
///
/// With billing off (the embedded default) every workspace has every
/// entitlement and only `rate_limits` apply. With it on, a workspace is on
/// the plan its subscription pays for, and on `default_plan` without one.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BillingConfig {
    pub enabled: bool,
    /// The provider's API (Stripe-compatible).
    pub api_url: String,
    /// The provider's secret API key; never logged.
    pub secret_key: Option<Secret>,
    /// Or the environment variable holding it (how the chart passes a
    /// Secret in).
    pub secret_key_env: Option<String>,
    /// Webhook signing secrets (`whsec_…`); several during a rotation,
    /// any of them verifies a delivery.
    pub webhook_secrets: Vec<Secret>,
    /// Or environment variables holding them.
    pub webhook_secrets_env: Vec<String>,
    /// How old (or how far ahead) a webhook signature's timestamp may be.
    pub tolerance_seconds: u64,
    /// How long a workspace whose payment failed keeps its plan before it
    /// is downgraded to `default_plan`.
    pub grace_days: u32,
    /// Longest wait for one provider API call.
    pub request_timeout_ms: u64,
    /// Where the provider sends the browser after a checkout, and after a
    /// cancelled one.
    pub success_url: String,
    pub cancel_url: String,
    /// The plan of a workspace without a paid subscription.
    pub default_plan: String,
    /// The plans on offer; empty means the built-in free, team and
    /// enterprise plans.
    pub plans: Vec<PlanConfig>,
}

impl Default for BillingConfig {
    fn default() -> Self {
        Self {
            enabled: false,
            api_url: "https://api.stripe.com".to_owned(),
            secret_key: None,
            secret_key_env: None,
            webhook_secrets: Vec::new(),
            webhook_secrets_env: Vec::new(),
            tolerance_seconds: 300,
            grace_days: 7,
            request_timeout_ms: 10_000,
            success_url: "http://127.0.0.1:8080/#/billing?checkout=done".to_owned(),
            cancel_url: "http://127.0.0.1:8080/#/billing?checkout=cancelled".to_owned(),
            default_plan: "free".to_owned(),
            plans: Vec::new(),
        }
    }
}

impl BillingConfig {
    /// The provider's API key: `secret_key`, or the variable named by
    /// `secret_key_env`.
    pub fn key(&self) -> Option<Secret> {
        secret_or_env(&self.secret_key, &self.secret_key_env)
    }

    /// Every webhook signing secret: the listed ones and those in the
    /// named variables.
    pub fn signing_secrets(&self) -> Vec<Secret> {
        let mut all = self.webhook_secrets.clone();
        all.extend(
            self.webhook_secrets_env
                .iter()
                .filter_map(|v| env_secret(Some(v))),
        );
        all
    }

    /// The plans in effect: the configured ones or the built-in three.
    pub fn plans_in_effect(&self) -> Vec<PlanConfig> {
        if !self.plans.is_empty() {
            return self.plans.clone();
        }
        vec![
            PlanConfig {
                name: "free".to_owned(),
                display_name: "Free".to_owned(),
                price_id: None,
                requests_per_day: 200,
                requests_per_minute: 30,
                mutations: false,
                seats: 3,
                clusters: 1,
                llm: false,
            },
            PlanConfig {
                name: "team".to_owned(),
                display_name: "Team".to_owned(),
                price_id: Some("price_team".to_owned()),
                requests_per_day: 5000,
                requests_per_minute: 300,
                mutations: true,
                seats: 25,
                clusters: 3,
                llm: true,
            },
            PlanConfig {
                name: "enterprise".to_owned(),
                display_name: "Enterprise".to_owned(),
                price_id: Some("price_enterprise".to_owned()),
                requests_per_day: 0,
                requests_per_minute: 0,
                mutations: true,
                seats: 0,
                clusters: 0,
                llm: true,
            },
        ]
    }
}

/// A secret given in the file, else the one in the named variable.
fn secret_or_env(value: &Option<Secret>, var: &Option<String>) -> Option<Secret> {
    value.clone().or_else(|| env_secret(var.as_deref()))
}

/// A `…_env` key: a variable name, and not set beside the value itself.
fn check_env_var(key: &'static str, var: &Option<String>, beside: bool) -> Result<(), Violation> {
    match var {
        Some(v) if !is_env_name(v) || beside => bad(
            key,
            format!("{v:?}"),
            "not an environment variable name, or the value is set beside it",
            allowed_for(key),
        ),
        _ => Ok(()),
    }
}

fn env_secret(var: Option<&str>) -> Option<Secret> {
    var.and_then(|v| std::env::var(v).ok())
        .filter(|k| !k.is_empty())
        .map(Secret::new)
}

/// One plan and what it entitles a workspace to. 0 means unlimited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanConfig {
    /// Stable name (`team`), stored with the subscription.
    pub name: String,
    /// Shown to people.
    #[serde(default)]
    pub display_name: String,
    /// The provider's price a subscription to this plan pays; a plan
    /// without one cannot be bought (the free plan).
    #[serde(default)]
    pub price_id: Option<String>,
    /// Chat requests per workspace per UTC day.
    #[serde(default)]
    pub requests_per_day: u32,
    /// Requests per minute of the whole workspace (the workspace rate
    /// limit; 0 leaves `rate_limits.workspace_per_minute`).
    #[serde(default)]
    pub requests_per_minute: u32,
    /// Whether changes (scale, restart, delete …) may run at all.
    #[serde(default)]
    pub mutations: bool,
    /// Enabled users per workspace.
    #[serde(default)]
    pub seats: u32,
    /// Clusters the workspace's bots may target.
    #[serde(default)]
    pub clusters: u32,
    /// Whether requests the rules do not understand go to the LLM
    /// providers.
    #[serde(default)]
    pub llm: bool,
}

/// The translator: when the LLM providers are asked, and how.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NlpConfig {
    /// Readings of the embedded rules at or above this confidence are
    /// used as they are; below it (and for text the rules do not
    /// understand) the LLM providers are asked, when any are configured.
    pub confidence_threshold: f64,
    /// Longest wait for one provider's answer before trying the next.
    pub request_timeout_ms: u64,
    /// Consecutive failures after which a provider is skipped ...
    pub breaker_failures: u32,
    /// ... for this long, then tried once again.
    pub breaker_cooldown_seconds: u64,
    /// How long an LLM translation is reused for the same text, bot and
    /// namespace; 0 turns the cache off.
    pub cache_ttl_seconds: u64,
    /// Most translations cached (the oldest go first).
    pub cache_entries: usize,
    /// Most LLM calls in flight at once; further requests queue
    /// (`nlp_request_queue_depth`).
    pub max_concurrent_requests: usize,
    /// The providers, tried in order.
    pub providers: Vec<ProviderConfig>,
    /// A translator service (`http://nlp-service:8080`, a process with the
    /// `nlp` role) asked instead of providers of this process; it holds
    /// the keys, breakers and cache. The gateway keeps its rules' reading
    /// when the service cannot be reached.
    pub service_url: Option<String>,
    /// The secret the gateway and a translator service share: the gateway
    /// sends it to `service_url`, and a process with the `nlp` role honours
    /// caller-supplied bot settings (cache key, persona, verbs) only from a
    /// request that carries it. Others are translated with the default bot.
    pub service_token: Option<Secret>,
}

impl Default for NlpConfig {
    fn default() -> Self {
        Self {
            confidence_threshold: 0.8,
            request_timeout_ms: 10_000,
            breaker_failures: 3,
            breaker_cooldown_seconds: 30,
            cache_ttl_seconds: 600,
            cache_entries: 10_000,
            max_concurrent_requests: 16,
            providers: Vec::new(),
            service_url: None,
            service_token: None,
        }
    }
}

/// The API an LLM provider speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProviderKind {
    /// `POST {url}/chat/completions` with a bearer key: OpenAI, vLLM,
    /// llama.cpp server, LM Studio, LocalAI.
    Openai,
    /// Azure OpenAI: `url` is the deployment
    /// (`https://RES.openai.azure.com/openai/deployments/NAME`), the key
    /// goes in the `api-key` header, `api_version` is required.
    AzureOpenai,
    /// Ollama's `POST {url}/api/chat`, with the context size set.
    Ollama,
}

/// One LLM provider.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderConfig {
    /// Name in metrics and logs.
    pub name: String,
    pub kind: ProviderKind,
    /// Base URL (`https://api.openai.com/v1`, `http://ollama:11434`).
    pub url: String,
    pub model: String,
    /// API key; never logged.
    #[serde(default)]
    pub api_key: Option<Secret>,
    /// Or the name of an environment variable holding the key (how the
    /// Helm chart passes a Secret in).
    #[serde(default)]
    pub api_key_env: Option<String>,
    /// Azure OpenAI's `api-version`.
    #[serde(default)]
    pub api_version: Option<String>,
    /// Ollama's `num_ctx`: set explicitly because Ollama's default (2048
    /// tokens on many builds) silently truncates the tool definition.
    #[serde(default = "default_context_size")]
    pub context_size: u32,
}

fn default_context_size() -> u32 {
    8192
}

impl ProviderConfig {
    /// The API key: `api_key`, or the variable `api_key_env` names.
    pub fn key(&self) -> Option<Secret> {
        self.api_key.clone().or_else(|| {
            self.api_key_env
                .as_deref()
                .and_then(|v| std::env::var(v).ok())
                .filter(|k| !k.is_empty())
                .map(Secret::new)
        })
    }

    /// What is wrong with this provider, if anything.
    fn problem(&self) -> Option<(String, &'static str)> {
        if !is_dns_label(&self.name) {
            return Some((
                format!("provider name {:?} is not usable", self.name),
                "1 to 63 lower-case letters, digits or '-'",
            ));
        }
        if !is_http_url(&self.url) {
            return Some((
                format!("provider {:?} needs an http(s) url", self.name),
                "url = \"https://HOST[:PORT]/PATH\"",
            ));
        }
        if self.model.trim().is_empty() || self.model.len() > 200 {
            return Some((
                format!("provider {:?} needs a model", self.name),
                "model = \"NAME\" (up to 200 characters)",
            ));
        }
        if let Some(var) = &self.api_key_env
            && (!is_env_name(var) || self.api_key.is_some())
        {
            return Some((
                format!(
                    "provider {:?}: api_key_env {var:?} is not usable",
                    self.name
                ),
                "an environment variable name (A-Z, 0-9, _), and no api_key beside it",
            ));
        }
        if self.kind == ProviderKind::AzureOpenai && self.api_version.is_none() {
            return Some((
                format!("azure-openai provider {:?} needs api_version", self.name),
                "api_version = \"2024-10-21\"",
            ));
        }
        if !(512..=1_048_576).contains(&self.context_size) {
            return Some((
                format!(
                    "provider {:?}: context_size {} out of range",
                    self.name, self.context_size
                ),
                "512 to 1048576 tokens",
            ));
        }
        None
    }
}

/// An `http(s)://HOST…` URL.
fn is_http_url(u: &str) -> bool {
    url::Url::parse(u).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

/// An environment variable name a secret may be read from: A-Z, 0-9, _.
fn is_env_name(var: &str) -> bool {
    !var.is_empty()
        && var.len() <= 128
        && var
            .bytes()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_')
}

fn is_dns_label(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The audit trail: write-ahead behaviour, retention and SIEM sinks.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuditConfig {
    /// Whether reads may run while the audit log cannot be written (each
    /// is counted and logged as an error). Mutations never do.
    pub reads_when_unavailable: bool,
    /// How long a request waits for its audit event to commit.
    pub write_timeout_ms: u64,
    /// Most events committed in one transaction.
    pub max_batch: usize,
    /// Days events are kept; 0 keeps them forever.
    pub retention_days: u32,
    /// How often the audit role prunes.
    pub prune_interval_seconds: u64,
    /// Bearer token for `GET /api/v1/audit` (service access such as a SIEM
    /// pulling); unset means the endpoint answers 401 to everyone until
    /// user accounts exist.
    pub api_token: Option<Secret>,
    /// Where events are exported.
    pub sinks: Vec<SinkConfig>,
    /// The Ed25519 key (PKCS#8 PEM) that signs checkpoints and retention
    /// anchors; keep it outside the database (a mounted Secret). Unset:
    /// `<data_dir>/audit-key.pem`, created on first use. A path that is
    /// set must exist.
    pub signing_key_file: Option<PathBuf>,
    /// How often the audit role writes a signed checkpoint of every
    /// workspace's chain head (0: only on demand).
    pub checkpoint_interval_seconds: u64,
    /// File the checkpoints are appended to (one JSON line each) besides
    /// the sinks. Unset: `<data_dir>/audit-checkpoints.jsonl`.
    pub checkpoint_file: Option<PathBuf>,
    /// Where else each checkpoint is POSTed as JSON (a store the database's
    /// administrators cannot write: a write-once bucket's endpoint, another
    /// team's service). `https://`, or `http://` on a loopback address.
    pub checkpoint_url: Option<String>,
    /// Bearer token for `checkpoint_url`.
    pub checkpoint_token: Option<Secret>,
    /// Public halves (`ed25519:<hex>`) of earlier audit keys: checkpoints
    /// and anchors they signed before a rotation still verify. `kubechat
    /// audit rotate-key` records them in `<signing key file>.retired`
    /// itself; list them here when the key comes from a mounted Secret.
    pub retired_public_keys: Vec<String>,
}

impl Default for AuditConfig {
    fn default() -> Self {
        Self {
            reads_when_unavailable: false,
            write_timeout_ms: 3000,
            max_batch: 500,
            retention_days: 365,
            prune_interval_seconds: 3600,
            api_token: None,
            sinks: Vec::new(),
            signing_key_file: None,
            checkpoint_interval_seconds: 300,
            checkpoint_file: None,
            checkpoint_url: None,
            checkpoint_token: None,
            retired_public_keys: Vec::new(),
        }
    }
}

/// The protocol of a SIEM sink.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SinkKind {
    /// HTTPS POST of a JSON array of events, bearer token.
    Http,
    /// Splunk HTTP Event Collector.
    Splunk,
    /// RFC 5424 syslog over TCP (octet-counted frames), CEF messages.
    Syslog,
}

/// One SIEM sink.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SinkConfig {
    /// Unique name: metrics label, checkpoint key, `--sink` argument.
    pub name: String,
    pub kind: SinkKind,
    /// `https://…` for http and splunk (the HEC base URL for splunk).
    #[serde(default)]
    pub url: Option<String>,
    /// `HOST:PORT` for syslog.
    #[serde(default)]
    pub address: Option<String>,
    /// Bearer token (http) or HEC token (splunk).
    #[serde(default)]
    pub token: Option<Secret>,
    /// TLS for syslog (http and splunk follow the URL scheme).
    #[serde(default)]
    pub tls: bool,
    /// Extra CA certificate (PEM) to trust for this sink.
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
    /// Splunk index; unset means the token's default.
    #[serde(default)]
    pub index: Option<String>,
    #[serde(default = "default_batch_size")]
    pub batch_size: usize,
    #[serde(default = "default_sink_timeout_ms")]
    pub timeout_ms: u64,
    #[serde(default = "default_poll_interval_ms")]
    pub poll_interval_ms: u64,
    #[serde(default = "default_backoff_initial_ms")]
    pub backoff_initial_ms: u64,
    #[serde(default = "default_backoff_max_ms")]
    pub backoff_max_ms: u64,
    /// Consecutive failures that open the circuit breaker.
    #[serde(default = "default_breaker_failures")]
    pub breaker_failures: u32,
    /// How long the breaker stays open before one trial delivery.
    #[serde(default = "default_breaker_cooldown_seconds")]
    pub breaker_cooldown_seconds: u64,
}

fn default_batch_size() -> usize {
    200
}
fn default_sink_timeout_ms() -> u64 {
    5000
}
fn default_poll_interval_ms() -> u64 {
    1000
}
fn default_backoff_initial_ms() -> u64 {
    500
}
fn default_backoff_max_ms() -> u64 {
    60_000
}
fn default_breaker_failures() -> u32 {
    5
}
fn default_breaker_cooldown_seconds() -> u64 {
    30
}

impl SinkConfig {
    /// The http sink that carries checkpoints to `audit.checkpoint_url`.
    pub fn checkpoint_url(url: &str, token: Option<Secret>) -> Self {
        Self {
            url: Some(url.to_owned()),
            token,
            ..Self::new("checkpoint-url", SinkKind::Http)
        }
    }

    /// A sink of `kind` named `name` with every tuning value defaulted.
    pub fn new(name: &str, kind: SinkKind) -> Self {
        Self {
            name: name.to_owned(),
            kind,
            url: None,
            address: None,
            token: None,
            tls: false,
            ca_file: None,
            index: None,
            batch_size: default_batch_size(),
            timeout_ms: default_sink_timeout_ms(),
            poll_interval_ms: default_poll_interval_ms(),
            backoff_initial_ms: default_backoff_initial_ms(),
            backoff_max_ms: default_backoff_max_ms(),
            breaker_failures: default_breaker_failures(),
            breaker_cooldown_seconds: default_breaker_cooldown_seconds(),
        }
    }

    /// What is wrong with this sink, if anything.
    fn problem(&self) -> Option<(String, &'static str)> {
        let name_ok = !self.name.is_empty()
            && self.name.len() <= 63
            && self
                .name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !name_ok {
            return Some((
                format!("sink name {:?} is not usable", self.name),
                "1 to 63 lower-case letters, digits or '-'",
            ));
        }
        match self.kind {
            SinkKind::Http | SinkKind::Splunk => {
                let url_ok = self.url.as_deref().is_some_and(|u| {
                    url::Url::parse(u).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
                });
                if !url_ok {
                    return Some((
                        format!("sink {:?} needs a url", self.name),
                        "url = \"https://HOST[:PORT]/PATH\"",
                    ));
                }
                if self.kind == SinkKind::Splunk && self.token.is_none() {
                    return Some((
                        format!("splunk sink {:?} needs its HEC token", self.name),
                        "token = \"HEC-TOKEN\"",
                    ));
                }
            }
            SinkKind::Syslog => {
                let addr_ok = self
                    .address
                    .as_deref()
                    .and_then(|a| a.rsplit_once(':'))
                    .is_some_and(|(h, p)| !h.is_empty() && p.parse::<u16>().is_ok_and(|p| p > 0));
                if !addr_ok {
                    return Some((
                        format!("syslog sink {:?} needs an address", self.name),
                        "address = \"HOST:PORT\"",
                    ));
                }
            }
        }
        if !(1..=5000).contains(&self.batch_size) {
            return Some((
                format!(
                    "sink {:?}: batch_size {} out of range",
                    self.name, self.batch_size
                ),
                "batch_size from 1 to 5000",
            ));
        }
        let ranges = [
            ("timeout_ms", self.timeout_ms, 100, 300_000),
            ("poll_interval_ms", self.poll_interval_ms, 10, 3_600_000),
            ("backoff_initial_ms", self.backoff_initial_ms, 1, 3_600_000),
            (
                "backoff_max_ms",
                self.backoff_max_ms,
                self.backoff_initial_ms,
                86_400_000,
            ),
            (
                "breaker_failures",
                u64::from(self.breaker_failures),
                1,
                1000,
            ),
            (
                "breaker_cooldown_seconds",
                self.breaker_cooldown_seconds,
                1,
                86_400,
            ),
        ];
        for (key, v, lo, hi) in ranges {
            if !(lo..=hi).contains(&v) {
                return Some((
                    format!(
                        "sink {:?}: {key} {v} out of range ({lo} to {hi})",
                        self.name
                    ),
                    "the documented range for the key",
                ));
            }
        }
        None
    }
}

/// A failed semantic check: key, value as shown, reason, what is allowed.
pub(crate) struct Violation {
    pub key: &'static str,
    pub value: String,
    pub reason: String,
    pub allowed: &'static str,
}

impl Config {
    /// Checks what the types cannot: ranges, URL schemes, filters, lists.
    pub(crate) fn validate(&self) -> Result<(), Violation> {
        if self.server.roles.is_empty() {
            return bad(
                "server.roles",
                "[]".into(),
                "no role selected",
                ALLOWED_ROLES,
            );
        }
        let mut seen = Vec::new();
        for r in &self.server.roles {
            if seen.contains(r) {
                return bad(
                    "server.roles",
                    format!("{:?}", self.server.roles),
                    &format!("role `{}` is listed twice", r.as_str()),
                    ALLOWED_ROLES,
                );
            }
            seen.push(*r);
        }
        if !(1..=1_000_000).contains(&self.server.max_connections) {
            return bad(
                "server.max_connections",
                self.server.max_connections.to_string(),
                "out of range",
                "1 to 1000000",
            );
        }
        if !(1..=300).contains(&self.server.header_read_timeout_seconds) {
            return bad(
                "server.header_read_timeout_seconds",
                self.server.header_read_timeout_seconds.to_string(),
                "out of range",
                "1 to 300",
            );
        }
        if self.server.shutdown_grace_seconds > 3600 {
            return bad(
                "server.shutdown_grace_seconds",
                self.server.shutdown_grace_seconds.to_string(),
                "too long",
                "0 to 3600",
            );
        }
        if !(1024..=64 * 1024 * 1024).contains(&self.server.max_body_bytes) {
            return bad(
                "server.max_body_bytes",
                self.server.max_body_bytes.to_string(),
                "out of range",
                "1024 to 67108864",
            );
        }
        if self.server.data_dir.as_os_str().is_empty() {
            return bad(
                "server.data_dir",
                "\"\"".into(),
                "empty path",
                "a directory path",
            );
        }
        if self.log.level.trim().is_empty() || !self.log.level.chars().all(is_filter_char) {
            return bad(
                "log.level",
                format!("{:?}", self.log.level),
                "not a log filter",
                "trace, debug, info, warn, error, or directives like `info,kubechat_server=debug`",
            );
        }
        if let Some(url) = &self.database.url {
            let scheme = url.scheme();
            if !matches!(scheme.as_str(), "postgres" | "postgresql" | "sqlite") {
                return bad(
                    "database.url",
                    format!("{:?}", url.redacted()),
                    "unsupported scheme",
                    "postgres://USER:PASSWORD@HOST:PORT/DB or sqlite://PATH (or unset for the embedded SQLite file)",
                );
            }
        }
        if !(1..=1000).contains(&self.database.max_connections) {
            return bad(
                "database.max_connections",
                self.database.max_connections.to_string(),
                "out of range",
                "1 to 1000",
            );
        }
        if !(1..=300).contains(&self.database.acquire_timeout_seconds) {
            return bad(
                "database.acquire_timeout_seconds",
                self.database.acquire_timeout_seconds.to_string(),
                "out of range",
                "1 to 300",
            );
        }
        if let Some(url) = &self.redis.url
            && (url.scheme() != "redis" || url::Url::parse(url.expose()).is_err())
        {
            return bad(
                "redis.url",
                format!("{:?}", url.redacted()),
                "not a redis:// URL",
                "redis://[:PASSWORD@]HOST:PORT[/DB] (or unset for in-memory state)",
            );
        }
        if let Some(prefix) = &self.redis.key_prefix
            && (prefix.is_empty() || prefix.len() > 64 || prefix.chars().any(char::is_whitespace))
        {
            return bad(
                "redis.key_prefix",
                format!("{prefix:?}"),
                "not a usable key prefix",
                "1 to 64 characters without spaces",
            );
        }
        if self.kubernetes.source == ClusterSource::None
            && (self.kubernetes.kubeconfig.is_some() || self.kubernetes.context.is_some())
        {
            return bad(
                "kubernetes.source",
                "\"none\"".into(),
                "a kubeconfig or context is set but the cluster is disabled",
                "auto, kubeconfig or in-cluster when kubernetes.kubeconfig/context is set",
            );
        }
        if !(100..=60_000).contains(&self.audit.write_timeout_ms) {
            return bad(
                "audit.write_timeout_ms",
                self.audit.write_timeout_ms.to_string(),
                "out of range",
                "100 to 60000",
            );
        }
        if !(1..=1000).contains(&self.audit.max_batch) {
            return bad(
                "audit.max_batch",
                self.audit.max_batch.to_string(),
                "out of range",
                "1 to 1000",
            );
        }
        if self.audit.retention_days > 36_500 {
            return bad(
                "audit.retention_days",
                self.audit.retention_days.to_string(),
                "out of range",
                "0 (keep forever) to 36500",
            );
        }
        if !(60..=604_800).contains(&self.audit.prune_interval_seconds) {
            return bad(
                "audit.prune_interval_seconds",
                self.audit.prune_interval_seconds.to_string(),
                "out of range",
                "60 to 604800",
            );
        }
        let every = self.audit.checkpoint_interval_seconds;
        if every != 0 && !(10..=86_400).contains(&every) {
            return bad(
                "audit.checkpoint_interval_seconds",
                every.to_string(),
                "out of range",
                "0 (on demand only) or 10 to 86400",
            );
        }
        if let Some(t) = &self.nlp.service_token
            && t.expose().len() < 16
        {
            return bad(
                "nlp.service_token",
                "***".into(),
                "too short to be a secret",
                "at least 16 characters",
            );
        }
        if let Some(u) = &self.audit.checkpoint_url
            && !url::Url::parse(u).is_ok_and(|u| {
                u.scheme() == "https"
                    || (u.scheme() == "http"
                        && matches!(u.host_str(), Some("localhost" | "127.0.0.1" | "[::1]")))
            })
        {
            return bad(
                "audit.checkpoint_url",
                crate::secret::redact(u),
                "not an https URL (http only to a loopback address)",
                "https://HOST[:PORT]/PATH",
            );
        }
        if let Some(k) = self.audit.retired_public_keys.iter().find(|k| {
            !k.strip_prefix("ed25519:")
                .is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
        }) {
            return bad(
                "audit.retired_public_keys",
                k.chars().take(80).collect(),
                "not a public key",
                "ed25519: and 64 hex digits, as `kubechat audit checkpoint --public-key` prints it",
            );
        }
        if let Some(t) = &self.audit.api_token
            && t.expose().len() < 16
        {
            return bad(
                "audit.api_token",
                "***".into(),
                "too short to be a secret",
                "at least 16 characters",
            );
        }
        if !(60..=86_400).contains(&self.auth.access_token_ttl_seconds) {
            return bad(
                "auth.access_token_ttl_seconds",
                self.auth.access_token_ttl_seconds.to_string(),
                "out of range",
                "60 to 86400",
            );
        }
        if !(1..=365).contains(&self.auth.refresh_token_ttl_days) {
            return bad(
                "auth.refresh_token_ttl_days",
                self.auth.refresh_token_ttl_days.to_string(),
                "out of range",
                "1 to 365",
            );
        }
        if self.auth.leeway_seconds > 600 {
            return bad(
                "auth.leeway_seconds",
                self.auth.leeway_seconds.to_string(),
                "out of range",
                "0 to 600",
            );
        }
        if !(1..=3650).contains(&self.auth.api_token_max_days) {
            return bad(
                "auth.api_token_max_days",
                self.auth.api_token_max_days.to_string(),
                "out of range",
                "1 to 3650",
            );
        }
        for ip in &self.rate_limits.blocked_ips {
            if crate::cidr::Cidr::parse(ip).is_none() {
                return bad(
                    "rate_limits.blocked_ips",
                    format!("{ip:?}"),
                    "not an IP address or CIDR range",
                    "addresses such as 203.0.113.7 or ranges such as 203.0.113.0/24, 2001:db8::/32",
                );
            }
        }
        let mut names = Vec::new();
        for sink in &self.audit.sinks {
            if let Some((reason, allowed)) = sink.problem() {
                return bad("audit.sinks", format!("{:?}", sink.name), &reason, allowed);
            }
            if names.contains(&&sink.name) {
                return bad(
                    "audit.sinks",
                    format!("{:?}", sink.name),
                    "two sinks have this name",
                    "distinct sink names",
                );
            }
            names.push(&sink.name);
        }
        self.validate_nlp()?;
        let e = &self.execution;
        let label_ok = !e.namespace.is_empty()
            && e.namespace.len() <= 63
            && e.namespace
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !e.namespace.starts_with('-')
            && !e.namespace.ends_with('-');
        if !label_ok {
            return bad(
                "execution.namespace",
                format!("{:?}", e.namespace),
                "not a namespace name",
                allowed_for("execution.namespace"),
            );
        }
        if !(1..=3600).contains(&e.wait_seconds) {
            return bad(
                "execution.wait_seconds",
                e.wait_seconds.to_string(),
                "out of range",
                allowed_for("execution.wait_seconds"),
            );
        }
        self.validate_billing()?;
        self.validate_slack()?;
        self.validate_oidc()?;
        let mut cluster_names = vec!["default"];
        for c in &self.kubernetes.clusters {
            if !is_dns_label(&c.name) || cluster_names.contains(&c.name.as_str()) {
                return bad(
                    "kubernetes.clusters",
                    format!("{:?}", c.name),
                    "a cluster name is not usable, used twice, or is \"default\" (this deployment's own)",
                    allowed_for("kubernetes.clusters"),
                );
            }
            cluster_names.push(&c.name);
        }
        if !(50..=60_000).contains(&self.health.check_timeout_ms) {
            return bad(
                "health.check_timeout_ms",
                self.health.check_timeout_ms.to_string(),
                "out of range",
                "50 to 60000",
            );
        }
        Ok(())
    }

    fn validate_nlp(&self) -> Result<(), Violation> {
        let n = &self.nlp;
        if !(0.0..=1.0).contains(&n.confidence_threshold) {
            return bad(
                "nlp.confidence_threshold",
                n.confidence_threshold.to_string(),
                "out of range",
                "0.0 to 1.0",
            );
        }
        let ranges: [(&'static str, u64, u64, u64); 6] = [
            ("nlp.request_timeout_ms", n.request_timeout_ms, 100, 300_000),
            (
                "nlp.breaker_failures",
                u64::from(n.breaker_failures),
                1,
                1000,
            ),
            (
                "nlp.breaker_cooldown_seconds",
                n.breaker_cooldown_seconds,
                1,
                86_400,
            ),
            ("nlp.cache_ttl_seconds", n.cache_ttl_seconds, 0, 604_800),
            ("nlp.cache_entries", n.cache_entries as u64, 1, 1_000_000),
            (
                "nlp.max_concurrent_requests",
                n.max_concurrent_requests as u64,
                1,
                10_000,
            ),
        ];
        for (key, v, lo, hi) in ranges {
            if !(lo..=hi).contains(&v) {
                return bad(key, v.to_string(), "out of range", allowed_for(key));
            }
        }
        if let Some(u) = &n.service_url {
            if !is_http_url(u) {
                return bad(
                    "nlp.service_url",
                    format!("{u:?}"),
                    "not an http(s) URL",
                    allowed_for("nlp.service_url"),
                );
            }
            if !n.providers.is_empty() {
                return bad(
                    "nlp.service_url",
                    format!("{u:?}"),
                    "set either a translator service or providers, not both",
                    "providers in the nlp service's own configuration",
                );
            }
        }
        let mut names = Vec::new();
        for p in &n.providers {
            if let Some((reason, allowed)) = p.problem() {
                return bad("nlp.providers", format!("{:?}", p.name), &reason, allowed);
            }
            if names.contains(&&p.name) {
                return bad(
                    "nlp.providers",
                    format!("{:?}", p.name),
                    "two providers have this name",
                    "distinct provider names",
                );
            }
            names.push(&p.name);
        }
        Ok(())
    }

    fn validate_billing(&self) -> Result<(), Violation> {
        let b = &self.billing;
        let ranges: [(&'static str, u64, u64, u64); 3] = [
            ("billing.tolerance_seconds", b.tolerance_seconds, 1, 86_400),
            ("billing.grace_days", u64::from(b.grace_days), 0, 365),
            (
                "billing.request_timeout_ms",
                b.request_timeout_ms,
                100,
                300_000,
            ),
        ];
        for (key, v, lo, hi) in ranges {
            if !(lo..=hi).contains(&v) {
                return bad(key, v.to_string(), "out of range", allowed_for(key));
            }
        }
        for (key, u) in [
            ("billing.api_url", &b.api_url),
            ("billing.success_url", &b.success_url),
            ("billing.cancel_url", &b.cancel_url),
        ] {
            if !is_http_url(u) {
                return bad(
                    key,
                    format!("{u:?}"),
                    "not an http(s) URL",
                    allowed_for(key),
                );
            }
        }
        if let Some(var) = &b.secret_key_env
            && (!is_env_name(var) || b.secret_key.is_some())
        {
            return bad(
                "billing.secret_key_env",
                format!("{var:?}"),
                "not an environment variable name, or secret_key is set beside it",
                allowed_for("billing.secret_key_env"),
            );
        }
        if let Some(var) = b.webhook_secrets_env.iter().find(|v| !is_env_name(v)) {
            return bad(
                "billing.webhook_secrets_env",
                format!("{var:?}"),
                "not an environment variable name",
                allowed_for("billing.webhook_secrets_env"),
            );
        }
        let plans = b.plans_in_effect();
        let mut names: Vec<&str> = Vec::new();
        for p in &plans {
            if !is_dns_label(&p.name) || names.contains(&p.name.as_str()) {
                return bad(
                    "billing.plans",
                    format!("{:?}", p.name),
                    "a plan name is not usable or used twice",
                    allowed_for("billing.plans"),
                );
            }
            if p.display_name.chars().count() > 60
                || p.price_id
                    .as_ref()
                    .is_some_and(|id| id.is_empty() || id.len() > 200)
            {
                return bad(
                    "billing.plans",
                    format!("{:?}", p.name),
                    "display_name longer than 60 characters or an empty or overlong price_id",
                    allowed_for("billing.plans"),
                );
            }
            names.push(&p.name);
        }
        let mut prices: Vec<&str> = plans.iter().filter_map(|p| p.price_id.as_deref()).collect();
        prices.sort_unstable();
        if prices.windows(2).any(|w| w[0] == w[1]) {
            return bad(
                "billing.plans",
                "price_id".to_owned(),
                "two plans have the same price_id",
                "a distinct price_id per plan",
            );
        }
        if !names.contains(&b.default_plan.as_str()) {
            return bad(
                "billing.default_plan",
                format!("{:?}", b.default_plan),
                "not one of the plans",
                allowed_for("billing.default_plan"),
            );
        }
        Ok(())
    }

    fn validate_oidc(&self) -> Result<(), Violation> {
        const ROLES: [&str; 3] = ["admin", "operator", "viewer"];
        if let Some(u) = &self.auth.public_url
            && !is_http_url(u)
        {
            return bad(
                "auth.public_url",
                format!("{u:?}"),
                "not an http(s) URL",
                allowed_for("auth.public_url"),
            );
        }
        let mut names: Vec<&str> = Vec::new();
        for p in &self.auth.oidc {
            let at = |what: &str| format!("provider {:?}: {what}", p.name);
            if !is_dns_label(&p.name) || names.contains(&p.name.as_str()) {
                return bad(
                    "auth.oidc.name",
                    format!("{:?}", p.name),
                    "not a short name, or used twice",
                    allowed_for("auth.oidc.name"),
                );
            }
            names.push(&p.name);
            let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
                .iter()
                .any(|l| {
                    p.issuer
                        .strip_prefix(l)
                        .is_some_and(|r| r.is_empty() || r.starts_with([':', '/']))
                });
            if !(p.issuer.starts_with("https://") || loopback) || p.issuer.len() > 512 {
                return bad(
                    "auth.oidc.issuer",
                    at(&p.issuer),
                    "not an https URL (http only on a loopback address)",
                    allowed_for("auth.oidc.issuer"),
                );
            }
            if p.client_id.is_empty() || p.client_id.len() > 256 {
                return bad(
                    "auth.oidc.client_id",
                    at(&p.client_id),
                    "empty or too long",
                    allowed_for("auth.oidc.client_id"),
                );
            }
            check_env_var(
                "auth.oidc.client_secret_env",
                &p.client_secret_env,
                p.client_secret.is_some(),
            )?;
            if p.secret().is_none() {
                return bad(
                    "auth.oidc.client_secret",
                    at("missing"),
                    "the code exchange needs the client secret",
                    allowed_for("auth.oidc.client_secret"),
                );
            }
            if !p.scopes.iter().any(|s| s == "openid") {
                return bad(
                    "auth.oidc.scopes",
                    at(&p.scopes.join(" ")),
                    "must include openid",
                    allowed_for("auth.oidc.scopes"),
                );
            }
            if !is_dns_label(&p.workspace) {
                return bad(
                    "auth.oidc.workspace",
                    at(&p.workspace),
                    "not a workspace slug",
                    allowed_for("slack.workspace"),
                );
            }
            for d in &p.email_domains {
                let ok = !d.is_empty()
                    && d.len() <= 253
                    && d.contains('.')
                    && d.split('.').all(|l| {
                        !l.is_empty()
                            && l.chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    });
                if !ok {
                    return bad(
                        "auth.oidc.email_domains",
                        at(d),
                        "not a lower-case domain",
                        allowed_for("auth.oidc.email_domains"),
                    );
                }
            }
            for role in p
                .roles
                .iter()
                .map(|m| &m.role)
                .chain(p.default_role.as_ref())
            {
                if !ROLES.contains(&role.as_str()) {
                    return bad(
                        "auth.oidc.roles",
                        at(role),
                        "not a KubeChat role",
                        allowed_for("auth.oidc.roles"),
                    );
                }
            }
        }
        Ok(())
    }

    fn validate_slack(&self) -> Result<(), Violation> {
        let s = &self.slack;
        for (key, v, lo, hi) in [
            ("slack.tolerance_seconds", s.tolerance_seconds, 1, 3600),
            (
                "slack.request_timeout_ms",
                s.request_timeout_ms,
                100,
                60_000,
            ),
        ] {
            if !(lo..=hi).contains(&v) {
                return bad(key, v.to_string(), "out of range", allowed_for(key));
            }
        }
        for (key, u) in [
            ("slack.api_url", &s.api_url),
            ("slack.public_url", &s.public_url),
            ("slack.oauth_url", &s.oauth_url),
        ] {
            if !is_http_url(u) {
                return bad(
                    key,
                    format!("{u:?}"),
                    "not an http(s) URL",
                    allowed_for(key),
                );
            }
        }
        check_env_var(
            "slack.signing_secret_env",
            &s.signing_secret_env,
            s.signing_secret.is_some(),
        )?;
        check_env_var(
            "slack.bot_token_env",
            &s.bot_token_env,
            s.bot_token.is_some(),
        )?;
        check_env_var(
            "slack.client_secret_env",
            &s.client_secret_env,
            s.client_secret.is_some(),
        )?;
        if let Some(id) = &s.client_id
            && (id.is_empty()
                || id.len() > 64
                || !id.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
        {
            return bad(
                "slack.client_id",
                format!("{id:?}"),
                "not a Slack client id",
                allowed_for("slack.client_id"),
            );
        }
        if let Some(t) = &s.team_id
            && (t.is_empty() || t.len() > 32 || !t.bytes().all(|b| b.is_ascii_alphanumeric()))
        {
            return bad(
                "slack.team_id",
                format!("{t:?}"),
                "not a Slack team id",
                allowed_for("slack.team_id"),
            );
        }
        if s.enabled && s.installs() && s.token().is_some() && s.team_id.is_none() {
            return bad(
                "slack.team_id",
                "(unset)".into(),
                "with both a bot token and \"Add to Slack\", slack.team_id must say which team the bot token is for (otherwise any team that adds the app would be answered as that team)",
                allowed_for("slack.team_id"),
            );
        }
        if s.client_id.is_some() != (s.client_secret.is_some() || s.client_secret_env.is_some()) {
            return bad(
                "slack.client_secret",
                "(unset)".into(),
                "\"Add to Slack\" needs both slack.client_id and slack.client_secret (or slack.client_secret_env)",
                allowed_for("slack.client_secret"),
            );
        }
        if let Some(c) = &s.approvals_channel
            && (c.is_empty() || c.len() > 32 || !c.bytes().all(|b| b.is_ascii_alphanumeric()))
        {
            return bad(
                "slack.approvals_channel",
                format!("{c:?}"),
                "not a Slack channel id",
                allowed_for("slack.approvals_channel"),
            );
        }
        if !is_dns_label(&s.workspace) {
            return bad(
                "slack.workspace",
                format!("{:?}", s.workspace),
                "not a workspace slug",
                allowed_for("slack.workspace"),
            );
        }
        if s.enabled {
            if s.secret().is_none() {
                return bad(
                    "slack.signing_secret",
                    "(unset)".into(),
                    "Slack is enabled but no signing secret is set (nor in slack.signing_secret_env)",
                    allowed_for("slack.signing_secret"),
                );
            }
            if s.token().is_none() && !s.installs() {
                return bad(
                    "slack.bot_token",
                    "(unset)".into(),
                    "Slack is enabled but no bot token is set (nor in slack.bot_token_env), and teams cannot add the app themselves (no slack.client_id and slack.client_secret)",
                    allowed_for("slack.bot_token"),
                );
            }
        }
        Ok(())
    }

    /// The database URL in effect: the configured one, or the embedded
    /// SQLite file in the data directory.
    pub fn database_url(&self) -> SecretUrl {
        match &self.database.url {
            Some(u) => u.clone(),
            None => {
                let path = self.server.data_dir.join("kubechat.db");
                SecretUrl::new(format!("sqlite://{}?mode=rwc", path.display()))
            }
        }
    }

    /// The directory of token signing keys in effect.
    pub fn keys_dir(&self) -> PathBuf {
        self.auth
            .keys_dir
            .clone()
            .unwrap_or_else(|| self.server.data_dir.join("keys"))
    }

    /// The audit signing key's file, and whether it may be created (only
    /// at the default place: a configured path that is missing is a
    /// mistake to report, not a key to invent).
    pub fn audit_key_file(&self) -> (PathBuf, bool) {
        match &self.audit.signing_key_file {
            Some(p) => (p.clone(), false),
            None => (self.server.data_dir.join("audit-key.pem"), true),
        }
    }

    /// Where `kubechat audit rotate-key` records the public halves of
    /// retired audit keys: beside the key, `<key file>.retired`.
    pub fn audit_retired_keys_file(&self) -> PathBuf {
        let (key, _) = self.audit_key_file();
        let mut name = key.file_name().unwrap_or_default().to_owned();
        name.push(".retired");
        key.with_file_name(name)
    }

    /// Where checkpoints are appended.
    pub fn audit_checkpoint_file(&self) -> PathBuf {
        self.audit
            .checkpoint_file
            .clone()
            .unwrap_or_else(|| self.server.data_dir.join("audit-checkpoints.jsonl"))
    }

    /// Whether this process serves `role`.
    pub fn has_role(&self, role: Role) -> bool {
        self.server.roles.contains(&role)
    }
}

/// A failed check of `key`.
fn bad(
    key: &'static str,
    value: String,
    reason: &str,
    allowed: &'static str,
) -> Result<(), Violation> {
    Err(Violation {
        key,
        value,
        reason: reason.to_owned(),
        allowed,
    })
}

const ALLOWED_ROLES: &str = "a non-empty list of distinct roles from gateway, nlp, audit";

fn is_filter_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '_' | ':' | ',' | '=' | '-' | '[' | ']' | '{' | '}' | '.')
}

/// What a key accepts, for error messages of values that failed to parse.
pub(crate) fn allowed_for(key: &str) -> &'static str {
    match key {
        "server.listen" => "HOST:PORT with an IP address, such as 127.0.0.1:8080 or 0.0.0.0:8080",
        "server.roles" => ALLOWED_ROLES,
        "server.data_dir" => "a directory path",
        "server.shutdown_grace_seconds" => "0 to 3600",
        "server.max_connections" => "1 to 1000000",
        "server.header_read_timeout_seconds" => "1 to 300",
        "server.max_body_bytes" => "1024 to 67108864",
        "log.format" => "auto, json or pretty",
        "log.level" => "trace, debug, info, warn, error, or tracing directives",
        "database.url" => "postgres://USER:PASSWORD@HOST:PORT/DB or sqlite://PATH",
        "database.max_connections" => "1 to 1000",
        "database.acquire_timeout_seconds" => "1 to 300",
        "redis.url" => "redis://[:PASSWORD@]HOST:PORT[/DB]",
        "redis.key_prefix" => "1 to 64 characters without spaces",
        "kubernetes.source" => "auto, kubeconfig, in-cluster, demo or none",
        "kubernetes.kubeconfig" => "a kubeconfig file path",
        "kubernetes.context" => "a context name from the kubeconfig",
        "kubernetes.clusters" => {
            "[[kubernetes.clusters]] tables with a distinct name (lower-case letters, digits, '-'; not \"default\"), optional kubeconfig and context"
        }
        "health.check_timeout_ms" => "50 to 60000",
        "rate_limits.user_per_minute" => "0 (off) or more requests per minute",
        "rate_limits.websockets_per_user" => "0 (off) or more open chat sockets per user",
        "rate_limits.websockets_per_workspace" => "0 (off) or more open chat sockets per workspace",
        "rate_limits.workspace_per_minute" => "0 (off) or more requests per minute",
        "rate_limits.blocked_users" => "a list of user names",
        "rate_limits.blocked_ips" => "a list of IP addresses or CIDR ranges",
        "auth.access_token_ttl_seconds" => "60 to 86400",
        "auth.refresh_token_ttl_days" => "1 to 365",
        "auth.leeway_seconds" => "0 to 600",
        "auth.api_token_max_days" => "1 to 3650",
        "auth.keys_dir" => "a directory path",
        "audit.reads_when_unavailable" => "true or false",
        "audit.write_timeout_ms" => "100 to 60000",
        "audit.max_batch" => "1 to 1000",
        "audit.retention_days" => "0 (keep forever) to 36500",
        "audit.prune_interval_seconds" => "60 to 604800",
        "audit.api_token" => "a secret of at least 16 characters",
        "audit.signing_key_file" => "the path of an Ed25519 PKCS#8 PEM key",
        "audit.checkpoint_interval_seconds" => "0 (on demand only) or 10 to 86400",
        "audit.checkpoint_file" => "a file path",
        "nlp.service_token" => "a secret of at least 16 characters",
        "audit.checkpoint_url" => "https://HOST[:PORT]/PATH",
        "audit.checkpoint_token" => "a bearer token",
        "audit.retired_public_keys" => "a list of ed25519:<64 hex digits>",
        "audit.sinks" => {
            "[[audit.sinks]] tables with name, kind (http, splunk, syslog) and url or address"
        }
        "nlp.confidence_threshold" => "0.0 to 1.0",
        "nlp.request_timeout_ms" => "100 to 300000",
        "nlp.breaker_failures" => "1 to 1000",
        "nlp.breaker_cooldown_seconds" => "1 to 86400",
        "nlp.cache_ttl_seconds" => "0 (off) to 604800",
        "nlp.cache_entries" => "1 to 1000000",
        "nlp.max_concurrent_requests" => "1 to 10000",
        "execution.mode" => "direct or operator",
        "execution.namespace" => "a namespace name (lower-case letters, digits, '-')",
        "execution.wait_seconds" => "1 to 3600",
        "nlp.service_url" => "http(s)://HOST:PORT of a process with the nlp role",
        "nlp.providers" => {
            "[[nlp.providers]] tables with name, kind (openai, azure-openai, ollama), url and model"
        }
        "billing.enabled" => "true or false",
        "slack.tolerance_seconds" => "1 to 3600",
        "slack.request_timeout_ms" => "100 to 60000",
        "slack.api_url" => "Slack's http(s) Web API URL, such as https://slack.com/api",
        "slack.public_url" => {
            "the web UI's http(s) URL as people reach it, such as https://kubechat.example.com"
        }
        "slack.signing_secret_env" | "slack.bot_token_env" => {
            "an environment variable name such as SLACK_SIGNING_SECRET"
        }
        "slack.signing_secret" => {
            "the app's signing secret (Basic Information → App Credentials), or slack.signing_secret_env"
        }
        "slack.team_id" => {
            "the configured team's id, T… (in Slack: the workspace URL's team, or the team_id of any request)"
        }
        "slack.client_id" => "the app's client id (Basic Information), digits and dots",
        "slack.client_secret" => {
            "the app's client secret (Basic Information), or slack.client_secret_env, set with slack.client_id"
        }
        "slack.oauth_url" => "an http(s) URL, by default https://slack.com/oauth/v2/authorize",
        "slack.bot_token" => "the bot token xoxb-… (OAuth & Permissions), or slack.bot_token_env",
        "slack.workspace" => "the slug of a KubeChat workspace, such as default",
        "auth.oidc.name" => {
            "a short unique name (lower-case letters, digits, '-'), such as keycloak"
        }
        "auth.oidc.issuer" => {
            "the provider's issuer URL, such as https://idp.example.com/realms/acme"
        }
        "auth.oidc.client_id" => "the client id registered at the provider",
        "auth.oidc.client_secret" => "the client's secret, or auth.oidc.client_secret_env",
        "auth.oidc.client_secret_env" => "the name of an environment variable that is set",
        "auth.oidc.scopes" => {
            "scopes including openid, such as [\"openid\", \"profile\", \"email\"]"
        }
        "auth.oidc.roles" => "admin, operator or viewer",
        "auth.oidc.email_domains" => {
            "e-mail domains without the @, in lower case, such as [\"example.com\"]"
        }
        "auth.public_url" => {
            "the URL people open KubeChat at, such as https://kubechat.example.com"
        }
        "slack.approvals_channel" => {
            "a Slack channel id such as C0123456789 (channel details → About)"
        }
        "billing.api_url" => "the provider's http(s) API URL, such as https://api.stripe.com",
        "billing.success_url" | "billing.cancel_url" => {
            "an http(s) URL of the web UI, such as https://kubechat.example.com/#/billing"
        }
        "billing.secret_key_env" | "billing.webhook_secrets_env" => {
            "environment variable names (A-Z, 0-9, _); not beside secret_key"
        }
        "billing.tolerance_seconds" => "1 to 86400",
        "billing.grace_days" => "0 to 365",
        "billing.request_timeout_ms" => "100 to 300000",
        "billing.default_plan" => {
            "the name of one of billing.plans (free, team, enterprise by default)"
        }
        "billing.plans" => {
            "[[billing.plans]] tables with a distinct name (lower-case letters, digits, '-'), optional price_id and limits"
        }
        _ => "see the configuration reference in README.md",
    }
}
