//! Filters and keyset pages for reading the audit trail.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{Event, Phase};

/// Default page size.
pub const DEFAULT_LIMIT: u32 = 50;
/// Largest page.
pub const MAX_LIMIT: u32 = 500;

/// What to look for. Every field narrows; none set means everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    pub actor: Option<String>,
    pub verb: Option<String>,
    pub resource: Option<String>,
    pub namespace: Option<String>,
    pub phase: Option<Phase>,
    pub request_id: Option<Uuid>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub since: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub until: Option<OffsetDateTime>,
    /// Keyset cursor: only events older than this seq (newest first).
    pub before_seq: Option<i64>,
    /// Keyset cursor: only events newer than this seq (oldest first; what
    /// `audit tail --follow` uses).
    pub after_seq: Option<i64>,
    pub limit: Option<u32>,
}

impl Filter {
    /// The page size, defaulted and capped.
    pub fn limit(&self) -> u32 {
        self.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT)
    }
}

/// One page of events and the cursor for the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub events: Vec<Event>,
    /// Pass as `before_seq` (newest-first pages) or `after_seq`
    /// (oldest-first pages) for the next page; `None`: this is the last.
    pub next: Option<i64>,
}

impl Page {
    /// `events` holds up to `limit + 1` rows; the extra one only says
    /// there is more.
    pub(crate) fn new(mut events: Vec<Event>, limit: u32) -> Self {
        let more = events.len() > limit as usize;
        events.truncate(limit as usize);
        let next = if more {
            events.last().map(|e| e.seq)
        } else {
            None
        };
        Self { events, next }
    }
}
