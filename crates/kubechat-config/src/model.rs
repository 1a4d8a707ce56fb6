//! The typed configuration and its defaults.
//!
//! Types are strict (`deny_unknown_fields`, enums, socket addresses) so most
//! bad values fail while deserializing; [`Config::validate`] then checks the
//! ranges and relations that types cannot express.

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::SecretUrl;

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
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            roles: Role::ALL.to_vec(),
            data_dir: PathBuf::from("kubechat-data"),
            shutdown_grace_seconds: 30,
            max_body_bytes: 1024 * 1024,
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
        let bad = |key, value: String, reason: &str, allowed| {
            Err(Violation {
                key,
                value,
                reason: reason.to_owned(),
                allowed,
            })
        };
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

    /// Whether this process serves `role`.
    pub fn has_role(&self, role: Role) -> bool {
        self.server.roles.contains(&role)
    }
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
        "health.check_timeout_ms" => "50 to 60000",
        _ => "see the configuration reference in README.md",
    }
}
