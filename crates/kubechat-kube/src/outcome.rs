//! What an operation produced: structured data for JSON clients and a
//! rendered text for chat and terminals.

use serde::Serialize;
use serde_json::Value;

/// The shape of a result, so clients know how to show `data`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeKind {
    /// A server-side Table (`data` is the meta.k8s.io Table).
    Table,
    /// Full objects (`data` is an object or a list of objects).
    Objects,
    /// Log lines (`data.lines`).
    Logs,
    /// Events, newest first.
    Events,
    /// A describe-style summary.
    Description,
    /// Changes made by a mutation.
    Changes,
    /// Diagnosis findings.
    Findings,
    /// A status line (rollout status).
    Status,
}

/// The answer to one operation.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The kubectl equivalent of what ran.
    pub kubectl: String,
    pub kind: OutcomeKind,
    /// One line for chat: "3 pods in payments".
    pub summary: String,
    /// The rendered answer (kubectl-like).
    pub text: String,
    pub data: Value,
}

/// One field a mutation changes (or, in a preview, would change).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// `deployment/web`.
    pub object: String,
    pub namespace: Option<String>,
    /// Dotted path, e.g. `spec.replicas`, or `(object)` for a deletion.
    pub field: String,
    pub from: Value,
    pub to: Value,
}

impl Change {
    /// `deployment/web (shop): spec.replicas 2 → 5`.
    pub fn line(&self) -> String {
        let show = |v: &Value| match v {
            Value::Null => "(unset)".to_owned(),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let ns = self
            .namespace
            .as_ref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        format!(
            "{}{ns}: {} {} → {}",
            self.object,
            self.field,
            show(&self.from),
            show(&self.to)
        )
    }
}
