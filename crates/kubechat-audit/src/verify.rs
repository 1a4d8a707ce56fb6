//! Walking a workspace's chain and naming the first row that does not fit.
//!
//! Each row is checked three ways: its stored hash against its recomputed
//! canonical hash (a changed field), its `prev_hash` against the row before
//! (a deleted or inserted row), and its `seq` against the row before (a
//! renumbered chain). A one-row look-ahead and look-behind tell an inserted
//! row (its successor links over it) from a modified one.

use std::collections::VecDeque;
use std::fmt;

use kubechat_store::Pool;
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::checkpoint::TrustedKey;
use crate::event::GENESIS;
use crate::sql::{self, Head};
use crate::{Event, Result};

/// Rows read per query while walking.
const PAGE: u32 = 2000;

/// What kind of tampering a finding describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A field of the row was changed after it was written.
    Modified,
    /// One or more rows are missing before this one.
    Deleted,
    /// The row was inserted out of band.
    Inserted,
    /// The row's sequence number was changed.
    Renumbered,
    /// Rows at the end of the chain are missing (the head is ahead).
    TailDeleted,
    /// Rows at the end were deleted together with the head: the chain
    /// ends before a signed checkpoint's head.
    Truncated,
    /// A workspace a signed checkpoint names has no chain any more.
    MissingWorkspace,
    /// The retention anchor was not signed with the audit key, or does
    /// not fit a signed checkpoint.
    ForgedAnchor,
    /// The row a signed checkpoint recorded as the head has another hash.
    Rewritten,
}

/// The first problem found in a workspace's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub workspace_id: Uuid,
    pub kind: FindingKind,
    /// The row named (for `deleted`: the row after the gap).
    pub seq: i64,
    pub id: Option<Uuid>,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// What a walk covered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Workspaces walked.
    pub workspaces: usize,
    /// Rows whose hash and links were checked.
    pub events: u64,
    /// The first problem of each workspace that has one.
    pub findings: Vec<Finding>,
}

impl Report {
    /// True when nothing was found.
    pub fn ok(&self) -> bool {
        self.findings.is_empty()
    }
}

/// The window to verify; `None` bounds mean the whole kept chain.
#[derive(Debug, Clone, Copy, Default)]
pub struct Window {
    pub since: Option<OffsetDateTime>,
    pub until: Option<OffsetDateTime>,
}

/// A row's identity in the chain.
#[derive(Debug, Clone)]
struct Link {
    seq: i64,
    hash: String,
    id: Option<Uuid>,
}

impl Link {
    fn of(e: &Event) -> Self {
        Self {
            seq: e.seq,
            hash: e.hash.clone(),
            id: Some(e.id),
        }
    }

    fn describe(&self) -> String {
        match self.id {
            Some(id) => format!("seq {} (id {id})", self.seq),
            None if self.seq == 0 => "the start of the chain".to_owned(),
            None => format!("the retention anchor at seq {}", self.seq),
        }
    }
}

/// Verifies every workspace's chain (or just `only`); with `key`, each
/// retention anchor must carry its signature.
pub(crate) async fn verify(
    pool: &Pool,
    only: Option<Uuid>,
    window: Window,
    keys: &[TrustedKey],
) -> Result<Report> {
    let mut report = Report::default();
    for head in sql::heads(pool).await? {
        if only.is_some_and(|w| w != head.workspace_id) {
            continue;
        }
        report.workspaces += 1;
        let (checked, finding) = verify_workspace(pool, &head, window, keys).await?;
        report.events += checked;
        report.findings.extend(finding);
    }
    Ok(report)
}

async fn verify_workspace(
    pool: &Pool,
    head: &Head,
    window: Window,
    keys: &[TrustedKey],
) -> Result<(u64, Option<Finding>)> {
    let ws = head.workspace_id;
    let anchor = sql::anchor(pool, ws).await?;
    if let Some(a) = &anchor
        && !keys.is_empty()
        && let Some(f) = crate::checkpoint::check_anchor(keys, ws, a)
    {
        return Ok((0, Some(f)));
    }
    let base = match &anchor {
        Some(a) => Link {
            seq: a.seq,
            hash: a.hash.clone(),
            id: None,
        },
        None => Link {
            seq: 0,
            hash: GENESIS.to_owned(),
            id: None,
        },
    };
    let chain_start = base.seq + 1;
    let start = match window.since {
        Some(t) => match sql::first_seq_at_or_after(pool, ws, t).await? {
            Some(s) => s.max(chain_start),
            None => return Ok((0, None)),
        },
        None => chain_start,
    };
    let (end, check_head) = match window.until {
        Some(t) => (
            sql::last_seq_at_or_before(pool, ws, t).await?.unwrap_or(0),
            false,
        ),
        None => (i64::MAX, true),
    };
    // Inside the chain, start one row early so the first row's link is
    // checked against a row that is itself checked.
    let (mut walker, prev) = if start > chain_start {
        (Walker::new(start - 1, end), None)
    } else {
        (Walker::new(chain_start, end), Some(base))
    };
    let mut checked = 0u64;
    let mut prevprev: Option<Link> = None;
    let mut prev = prev;
    while let Some(row) = walker.next(pool, ws).await? {
        checked += 1;
        let next = walker.peek(pool, ws).await?;
        if let Some(f) = check_row(ws, &row, prev.as_ref(), prevprev.as_ref(), next) {
            return Ok((checked, Some(f)));
        }
        prevprev = prev;
        prev = Some(Link::of(&row));
    }
    if !check_head {
        return Ok((checked, None));
    }
    let last = prev.unwrap_or(Link {
        seq: chain_start - 1,
        hash: String::new(),
        id: None,
    });
    if last.seq < head.seq {
        let msg = format!(
            "workspace {ws}: the chain head is at seq {} but the last row is {}: rows {}..={} were deleted",
            head.seq,
            last.describe(),
            last.seq + 1,
            head.seq
        );
        return Ok((
            checked,
            Some(Finding {
                workspace_id: ws,
                kind: FindingKind::TailDeleted,
                seq: last.seq + 1,
                id: None,
                message: msg,
            }),
        ));
    }
    if last.seq == head.seq && last.id.is_some() && last.hash != head.hash {
        return Ok((
            checked,
            Some(Finding {
                workspace_id: ws,
                kind: FindingKind::Modified,
                seq: last.seq,
                id: last.id,
                message: format!(
                    "workspace {ws}: the last row {} does not match the chain head's hash",
                    last.describe()
                ),
            }),
        ));
    }
    Ok((checked, None))
}

/// Checks one row against its neighbours; `None` when it fits.
fn check_row(
    ws: Uuid,
    row: &Event,
    prev: Option<&Link>,
    prevprev: Option<&Link>,
    next: Option<&Event>,
) -> Option<Finding> {
    let finding = |kind, seq, id: Option<Uuid>, message: String| Finding {
        workspace_id: ws,
        kind,
        seq,
        id,
        message: format!("workspace {ws}: {message}"),
    };
    let this = Link::of(row).describe();
    if row.compute_hash() != row.hash {
        let skipped = prev.is_some_and(|p| next.is_some_and(|n| n.prev_hash == p.hash));
        return Some(if skipped {
            finding(
                FindingKind::Inserted,
                row.seq,
                Some(row.id),
                format!(
                    "row {this} was inserted out of band: the row after it links to the row before it"
                ),
            )
        } else {
            finding(
                FindingKind::Modified,
                row.seq,
                Some(row.id),
                format!("row {this} was modified: its content no longer matches its hash"),
            )
        });
    }
    let prev = prev?;
    if row.prev_hash != prev.hash {
        if let Some(pp) = prevprev.filter(|pp| pp.hash == row.prev_hash) {
            return Some(finding(
                FindingKind::Inserted,
                prev.seq,
                prev.id,
                format!(
                    "row {} was inserted out of band: {this} links to {}",
                    prev.describe(),
                    pp.describe()
                ),
            ));
        }
        if row.seq > prev.seq + 1 {
            let missing = if row.seq == prev.seq + 2 {
                format!("row seq {}", prev.seq + 1)
            } else {
                format!("rows seq {}..={}", prev.seq + 1, row.seq - 1)
            };
            return Some(finding(
                FindingKind::Deleted,
                prev.seq + 1,
                None,
                format!(
                    "{missing} was deleted: the chain jumps from {} to {this}",
                    prev.describe()
                ),
            ));
        }
        return Some(finding(
            FindingKind::Deleted,
            row.seq,
            Some(row.id),
            format!(
                "row {this} does not link to {}: a row between them was deleted (and the rest renumbered) or a link was rewritten",
                prev.describe()
            ),
        ));
    }
    if row.seq != prev.seq + 1 {
        return Some(finding(
            FindingKind::Renumbered,
            row.seq,
            Some(row.id),
            format!(
                "row {this} was renumbered: it links to {} so its seq should be {}",
                prev.describe(),
                prev.seq + 1
            ),
        ));
    }
    None
}

/// Reads a workspace's rows in seq order, a page at a time, with a
/// one-row look-ahead.
struct Walker {
    buf: VecDeque<Event>,
    from: i64,
    to: i64,
    done: bool,
}

impl Walker {
    fn new(from: i64, to: i64) -> Self {
        Self {
            buf: VecDeque::new(),
            from,
            to,
            done: false,
        }
    }

    async fn fill(&mut self, pool: &Pool, ws: Uuid) -> Result<()> {
        if !self.buf.is_empty() || self.done {
            return Ok(());
        }
        let rows = sql::range(pool, ws, self.from, self.to, PAGE).await?;
        if rows.len() < PAGE as usize {
            self.done = true;
        }
        if let Some(last) = rows.last() {
            self.from = last.seq + 1;
        }
        self.buf.extend(rows);
        Ok(())
    }

    async fn next(&mut self, pool: &Pool, ws: Uuid) -> Result<Option<Event>> {
        self.fill(pool, ws).await?;
        Ok(self.buf.pop_front())
    }

    async fn peek(&mut self, pool: &Pool, ws: Uuid) -> Result<Option<&Event>> {
        self.fill(pool, ws).await?;
        Ok(self.buf.front())
    }
}
