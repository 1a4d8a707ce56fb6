//! Turning what people type into a typed [`Operation`].
//!
//! The chain: a literal `kubectl …` line is parsed (never run); otherwise
//! the embedded rule translator reads the request — no network, no model
//! files. What it cannot read with confidence is answered with "not
//! understood" and suggestions, never with a guess that changes the
//! cluster. The LLM providers will plug in behind the rules.

mod rules;
mod words;

use kubechat_core::{Operation, kubectl};
use serde::Serialize;

/// Longest request read.
pub const MAX_TEXT_CHARS: usize = 2000;

/// Which stage of the chain produced a translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Kubectl,
    Rules,
}

/// A request read into an operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Translation {
    pub operation: Operation,
    pub source: Source,
    /// The kubectl equivalent, for showing back to the user.
    pub kubectl: String,
}

/// `Result` with [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a request could not be translated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The request is too long to be a chat request.
    #[error("the request is longer than {MAX_TEXT_CHARS} characters; ask one thing at a time")]
    TooLong,

    /// The request was read but is not a valid operation.
    #[error(transparent)]
    Invalid(#[from] kubechat_core::Error),

    /// The request could not be read with confidence.
    #[error("not understood: {reason}. Try {}", suggestions.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(" or "))]
    NotUnderstood {
        reason: String,
        suggestions: Vec<String>,
    },
}

/// Translates one request.
pub fn translate(text: &str) -> Result<Translation> {
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::TooLong);
    }
    let trimmed = text.trim();
    let (operation, source) = if trimmed.starts_with("kubectl ") || trimmed == "kubectl" {
        (kubectl::parse(trimmed)?, Source::Kubectl)
    } else {
        (rules::translate(trimmed)?, Source::Rules)
    };
    operation.validate()?;
    Ok(Translation {
        kubectl: kubectl::render(&operation),
        operation,
        source,
    })
}

/// kubectl verbs: a request starting with one is read as kubectl syntax
/// first, and that reading's error is kept when the rules fail too (it is
/// more specific).
const KUBECTL_VERBS: &[&str] = &[
    "get", "describe", "logs", "log", "events", "top", "scale", "rollout", "delete", "label",
    "annotate", "cordon", "uncordon", "drain", "patch", "expose", "explain",
];

/// Reads what a person typed in a chat or terminal: `kubectl …` lines,
/// kubectl syntax without the prefix (`get pods -n x`), `diagnose TYPE
/// [NAME]`, or plain language through the rules.
pub fn interpret(text: &str) -> Result<Translation> {
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::TooLong);
    }
    let trimmed = text.trim();
    let done = |operation: Operation, source| {
        operation.validate()?;
        Ok(Translation {
            kubectl: kubectl::render(&operation),
            operation,
            source,
        })
    };
    if let Some(rest) = trimmed.strip_prefix("diagnose ") {
        let mut op = kubectl::parse(&format!("kubectl describe {rest}"))?;
        op.verb = kubechat_core::Verb::Diagnose;
        return done(op, Source::Kubectl);
    }
    let first = trimmed.split_whitespace().next().unwrap_or("");
    if KUBECTL_VERBS.contains(&first) {
        return match kubectl::parse(&format!("kubectl {trimmed}")) {
            Ok(op) => done(op, Source::Kubectl),
            // With flags it was meant as kubectl syntax: its error stands.
            Err(e) if trimmed.split_whitespace().any(|w| w.starts_with('-')) => Err(e.into()),
            Err(e) => translate(trimmed).map_err(|_| e.into()),
        };
    }
    translate(trimmed)
}
