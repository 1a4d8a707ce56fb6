//! KubeChat's audit trail.
//!
//! Every step of every request (`requested`, `confirmed`, `denied`,
//! `executed`, `failed`) becomes a row in `audit_events`. Rows are
//! **written ahead**: a caller waits for the commit of its `requested`
//! event before anything reaches the cluster, and a mutation whose event
//! cannot be committed is refused ([`Error::Unavailable`]). Rows are
//! **hash-chained** per workspace (SHA-256 over a canonical form, each row
//! naming its predecessor's hash), so [`AuditLog::verify`] names the first
//! row changed, deleted or inserted out of band. Appends are group-committed
//! under a row lock on the chain head, which keeps one linear chain across
//! concurrent tasks and replicas without a transaction per event.
//! Retention prunes a chain's oldest prefix and records an anchor where the
//! kept chain starts. Exporters deliver events at least once, with stable
//! ids, to HTTPS JSON, Splunk HEC and syslog (RFC 5424, CEF) sinks.

pub mod checkpoint;
mod error;
mod event;
pub mod export;
mod log;
mod metrics;
pub mod query;
/// Secret masking lives in `kubechat-core` (the translator masks prompts with it too).
pub use kubechat_core::redact;
mod sql;
pub mod verify;

pub use checkpoint::{Checkpoint, Mark, Retired, TrustedKey};
pub use error::{Error, Result};
pub use event::{
    AuditActor, Channel, Decision, Event, GENESIS, MAX_OUTCOME, MAX_TEXT, NewEvent, Phase,
};
pub use log::{AuditLog, AuditOptions, ReadGate};
pub use metrics::{AuditMetrics, ExportLabels, SinkLabel};
pub use query::{Filter, Page};
pub use sql::{Anchor, Head, insert_unchained};
pub use verify::{Finding, FindingKind, Report, Window};

impl AuditOptions {
    /// The options `config` asks for.
    pub fn from_config(config: &kubechat_config::AuditConfig) -> Self {
        Self {
            write_timeout: std::time::Duration::from_millis(config.write_timeout_ms),
            max_batch: config.max_batch,
            reads_when_unavailable: config.reads_when_unavailable,
            ..Self::default()
        }
    }
}
