//! What one audit row holds, its canonical form and its hash.
//!
//! The hash covers every column a reader relies on except `seq` (the
//! position in the chain, checked by the walk itself): leaving `seq` out is
//! what lets `verify` tell a row inserted in the middle (and its successors
//! renumbered) from a modified one.

use std::fmt;
use std::str::FromStr;

use kubechat_core::{Operation, kubectl};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{Error, Result};
use kubechat_core::redact::{bounded, redact};

/// The `prev_hash` of a workspace's first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// Longest original request text kept (bytes, on a character boundary).
pub const MAX_TEXT: usize = 4096;
/// Longest outcome summary kept.
pub const MAX_OUTCOME: usize = 2048;
/// Longest policy reason kept.
pub const MAX_REASON: usize = 1024;
/// Longest identity string (user, role, group, session) accepted.
pub const MAX_IDENT: usize = 256;
/// Most Kubernetes groups recorded for one actor.
pub const MAX_GROUPS: usize = 64;

/// The step of a request an event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Asked for; written before anything reaches the cluster.
    Requested,
    /// A person confirmed the previewed mutation.
    Confirmed,
    /// Policy (or the person) refused it.
    Denied,
    /// It ran.
    Executed,
    /// It ran and the cluster (or KubeChat) reported an error.
    Failed,
}

impl Phase {
    /// Every phase.
    pub const ALL: [Phase; 5] = [
        Phase::Requested,
        Phase::Confirmed,
        Phase::Denied,
        Phase::Executed,
        Phase::Failed,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Requested => "requested",
            Phase::Confirmed => "confirmed",
            Phase::Denied => "denied",
            Phase::Executed => "executed",
            Phase::Failed => "failed",
        }
    }
}

impl FromStr for Phase {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Phase::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| Error::Invalid {
                what: "phase",
                reason: format!(
                    "{s:?} is not one of requested, confirmed, denied, executed, failed"
                ),
            })
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where the request came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Web,
    Cli,
    Api,
    Operator,
    /// A Model Context Protocol client (an IDE agent, a desktop assistant).
    Mcp,
    /// Slack (slash command, mention, direct message, button).
    Slack,
}

impl Channel {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Cli => "cli",
            Channel::Api => "api",
            Channel::Operator => "operator",
            Channel::Mcp => "mcp",
            Channel::Slack => "slack",
        }
    }
}

impl FromStr for Channel {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        [
            Channel::Web,
            Channel::Cli,
            Channel::Api,
            Channel::Operator,
            Channel::Mcp,
            Channel::Slack,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
        .ok_or_else(|| Error::Invalid {
            what: "channel",
            reason: format!("{s:?} is not one of web, cli, api, operator, mcp, slack"),
        })
    }
}

/// Who asked: the KubeChat account and the Kubernetes identity the
/// executor impersonated for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditActor {
    /// KubeChat user name.
    pub user: String,
    /// KubeChat role (`viewer`, `operator`, `admin`, or `local` for the CLI).
    pub role: String,
    /// Impersonated Kubernetes user.
    pub kube_user: String,
    /// Impersonated Kubernetes groups.
    pub kube_groups: Vec<String>,
}

/// The policy's answer, recorded with the event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// `allowed`, `needs-confirmation`, `needs-approval`, `denied`.
    pub outcome: String,
    pub reason: String,
}

/// What a caller records; the log adds id, time, sequence and hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub workspace_id: Uuid,
    /// Ties the steps of one request together.
    pub request_id: Uuid,
    pub phase: Phase,
    pub actor: AuditActor,
    pub session_id: Option<String>,
    pub channel: Channel,
    /// What the person typed (bounded, secrets redacted on record).
    pub text: String,
    pub operation: Operation,
    pub decision: Option<Decision>,
    /// What happened (bounded, secrets redacted on record).
    pub outcome: Option<String>,
    pub duration_ms: Option<u64>,
}

impl NewEvent {
    /// A `requested` event for `operation`.
    pub fn requested(
        workspace_id: Uuid,
        actor: AuditActor,
        channel: Channel,
        text: &str,
        operation: Operation,
    ) -> Self {
        Self {
            workspace_id,
            request_id: Uuid::new_v4(),
            phase: Phase::Requested,
            actor,
            session_id: None,
            channel,
            text: text.to_owned(),
            operation,
            decision: None,
            outcome: None,
            duration_ms: None,
        }
    }

    /// The next step of the same request.
    pub fn next(&self, phase: Phase) -> Self {
        Self {
            phase,
            outcome: None,
            duration_ms: None,
            ..self.clone()
        }
    }
}

/// One stored audit row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Stable across exports: receivers de-duplicate on it.
    pub id: Uuid,
    pub workspace_id: Uuid,
    /// Position in the workspace's chain, from 1, gapless.
    pub seq: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub request_id: Uuid,
    pub phase: Phase,
    pub actor_user: String,
    pub actor_role: String,
    pub kube_user: String,
    pub kube_groups: Vec<String>,
    pub session_id: Option<String>,
    pub channel: Channel,
    pub text: String,
    /// The `Operation` JSON exactly as hashed.
    pub operation: String,
    pub kubectl: String,
    pub verb: String,
    pub resource: String,
    pub namespace: Option<String>,
    pub risk: String,
    pub decision: Option<String>,
    pub decision_reason: Option<String>,
    pub outcome: Option<String>,
    pub duration_ms: Option<i64>,
    pub prev_hash: String,
    pub hash: String,
}

/// The hashed fields, in a fixed order (serde keeps declaration order).
#[derive(Serialize)]
struct Canonical<'a> {
    v: u8,
    id: String,
    workspace_id: String,
    at: String,
    request_id: String,
    phase: &'a str,
    actor_user: &'a str,
    actor_role: &'a str,
    kube_user: &'a str,
    kube_groups: &'a [String],
    session_id: Option<&'a str>,
    channel: &'a str,
    text: &'a str,
    operation: &'a str,
    kubectl: &'a str,
    verb: &'a str,
    resource: &'a str,
    namespace: Option<&'a str>,
    risk: &'a str,
    decision: Option<&'a str>,
    decision_reason: Option<&'a str>,
    outcome: Option<&'a str>,
    duration_ms: Option<i64>,
    prev_hash: &'a str,
}

/// Fixed-width UTC time with microseconds: what both engines store
/// exactly, so the hash survives a round trip.
pub(crate) fn canonical_time(t: OffsetDateTime) -> String {
    kubechat_store::sqlite_time(t)
}

/// Cuts `t` to whole microseconds in UTC (the precision both engines keep).
pub(crate) fn truncate_micros(t: OffsetDateTime) -> OffsetDateTime {
    let t = t.to_offset(time::UtcOffset::UTC);
    t.replace_nanosecond(t.microsecond() * 1000).unwrap_or(t)
}

impl Event {
    /// Builds the row for `new` at `at` with a fresh id; `seq`,
    /// `prev_hash` and `hash` are set when it is chained.
    pub(crate) fn prepare(new: NewEvent, at: OffsetDateTime) -> Result<Self> {
        let check = |what: &'static str, s: &str| {
            if s.len() > MAX_IDENT || s.chars().any(char::is_control) {
                Err(Error::Invalid {
                    what,
                    reason: format!("must be at most {MAX_IDENT} bytes without control characters"),
                })
            } else {
                Ok(())
            }
        };
        check("actor user", &new.actor.user)?;
        check("actor role", &new.actor.role)?;
        check("Kubernetes user", &new.actor.kube_user)?;
        if new.actor.kube_groups.len() > MAX_GROUPS {
            return Err(Error::Invalid {
                what: "Kubernetes groups",
                reason: format!("at most {MAX_GROUPS} groups are recorded"),
            });
        }
        for g in &new.actor.kube_groups {
            check("Kubernetes group", g)?;
        }
        if let Some(s) = &new.session_id {
            check("session id", s)?;
        }
        let op = &new.operation;
        let operation = serde_json::to_string(op).map_err(|e| Error::Invalid {
            what: "operation",
            reason: e.to_string(),
        })?;
        let (decision, decision_reason) = match new.decision {
            Some(d) => (
                Some(d.outcome),
                Some(bounded(&redact(&d.reason), MAX_REASON)),
            ),
            None => (None, None),
        };
        Ok(Self {
            id: Uuid::new_v4(),
            workspace_id: new.workspace_id,
            seq: 0,
            at: truncate_micros(at),
            request_id: new.request_id,
            phase: new.phase,
            actor_user: new.actor.user,
            actor_role: new.actor.role,
            kube_user: new.actor.kube_user,
            kube_groups: new.actor.kube_groups,
            session_id: new.session_id,
            channel: new.channel,
            text: bounded(&redact(&new.text), MAX_TEXT),
            kubectl: bounded(&redact(&kubectl::render(op)), MAX_TEXT),
            verb: op.verb.as_str().to_owned(),
            resource: op.resource_list(),
            namespace: op.namespace.as_ref().map(|n| n.as_str().to_owned()),
            risk: op.risk().as_str().to_owned(),
            operation: redact(&operation),
            decision,
            decision_reason,
            outcome: new.outcome.map(|o| bounded(&redact(&o), MAX_OUTCOME)),
            duration_ms: new
                .duration_ms
                .map(|d| i64::try_from(d).unwrap_or(i64::MAX)),
            prev_hash: String::new(),
            hash: String::new(),
        })
    }

    /// The canonical text that is hashed.
    pub fn canonical(&self) -> String {
        let c = Canonical {
            v: 1,
            id: self.id.to_string(),
            workspace_id: self.workspace_id.to_string(),
            at: canonical_time(self.at),
            request_id: self.request_id.to_string(),
            phase: self.phase.as_str(),
            actor_user: &self.actor_user,
            actor_role: &self.actor_role,
            kube_user: &self.kube_user,
            kube_groups: &self.kube_groups,
            session_id: self.session_id.as_deref(),
            channel: self.channel.as_str(),
            text: &self.text,
            operation: &self.operation,
            kubectl: &self.kubectl,
            verb: &self.verb,
            resource: &self.resource,
            namespace: self.namespace.as_deref(),
            risk: &self.risk,
            decision: self.decision.as_deref(),
            decision_reason: self.decision_reason.as_deref(),
            outcome: self.outcome.as_deref(),
            duration_ms: self.duration_ms,
            prev_hash: &self.prev_hash,
        };
        // Serializing plain strings, numbers and options cannot fail.
        serde_json::to_string(&c).unwrap_or_default()
    }

    /// SHA-256 of the canonical form, lower-case hex.
    pub fn compute_hash(&self) -> String {
        hex::encode(Sha256::digest(self.canonical().as_bytes()))
    }

    /// Links this event after `prev_hash` at position `seq`.
    pub(crate) fn chain(&mut self, seq: i64, prev_hash: &str) {
        self.seq = seq;
        prev_hash.clone_into(&mut self.prev_hash);
        self.hash = self.compute_hash();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubechat_core::{ResourceType, Verb};
    use time::macros::datetime;

    fn sample() -> Event {
        let op = Operation::new(Verb::Get, ResourceType::parse("pods").unwrap());
        let actor = AuditActor {
            user: "alice".into(),
            role: "viewer".into(),
            kube_user: "alice@example.com".into(),
            kube_groups: vec!["dev".into()],
        };
        let new = NewEvent::requested(Uuid::nil(), actor, Channel::Web, "show pods", op);
        Event::prepare(new, datetime!(2026-11-23 10:00:00.123456789 UTC)).unwrap()
    }

    #[test]
    fn hash_changes_with_every_hashed_field_but_not_seq() {
        let mut e = sample();
        e.chain(1, GENESIS);
        let h = e.hash.clone();
        assert_eq!(h.len(), 64);
        assert_eq!(e.compute_hash(), h, "deterministic");
        let mut moved = e.clone();
        moved.seq = 7;
        assert_eq!(moved.compute_hash(), h, "seq is not hashed");
        let mut changed = e.clone();
        changed.namespace = Some("payments".into());
        assert_ne!(changed.compute_hash(), h);
        let mut changed = e.clone();
        changed.prev_hash = "1".repeat(64);
        assert_ne!(changed.compute_hash(), h);
        let mut changed = e;
        changed.at += time::Duration::microseconds(1);
        assert_ne!(changed.compute_hash(), h);
    }

    #[test]
    fn time_is_kept_to_the_microsecond() {
        let e = sample();
        assert_eq!(canonical_time(e.at), "2026-11-23T10:00:00.123456Z");
        assert_eq!(e.at.nanosecond(), 123_456_000);
    }

    #[test]
    fn identities_are_bounded() {
        let op = Operation::new(Verb::Get, ResourceType::parse("pods").unwrap());
        let actor = AuditActor {
            user: "a\nb".into(),
            role: "viewer".into(),
            kube_user: "a".into(),
            kube_groups: vec![],
        };
        let new = NewEvent::requested(Uuid::nil(), actor, Channel::Web, "x", op);
        let err = Event::prepare(new, datetime!(2026-11-23 10:00 UTC)).unwrap_err();
        assert!(err.to_string().contains("actor user"), "{err}");
    }
}
