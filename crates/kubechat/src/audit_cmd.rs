//! `kubechat audit …`: verify the chain, read the trail, re-export a window
//! to a SIEM sink, prune by retention.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Args, Subcommand, ValueEnum};
use kubechat_audit::export::{Sink, reexport};
use kubechat_audit::{Event, Filter, Phase, Window};
use kubechat_config::Config;
use kubechat_store::{Store, WorkspaceRepository, WorkspaceSlug};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the hash chains and name the first row that was modified,
    /// deleted or inserted out of band (exit 1 when one is found).
    Verify {
        #[command(flatten)]
        scope: Scope,
        #[command(flatten)]
        window: TimeWindow,
        /// Also verify against the signed checkpoints in FILE (one JSON
        /// per line, as `audit checkpoint` and the audit role write
        /// them): names truncation, a missing workspace, a forged anchor.
        #[arg(long, value_name = "FILE")]
        checkpoint: Option<PathBuf>,
        /// The public key the checkpoints must be signed with
        /// (`ed25519:<hex>`) [default: the configured audit key's].
        #[arg(long, value_name = "KEY")]
        public_key: Option<String>,
    },
    /// Sign every workspace's chain head now and append the checkpoint to
    /// the checkpoint file (or FILE) and the configured sinks.
    Checkpoint {
        /// Append here instead of audit.checkpoint_file ("-": print it).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Do not deliver to the configured sinks.
        #[arg(long)]
        no_export: bool,
        /// Only print the audit key's public half (to verify elsewhere).
        #[arg(long, conflicts_with_all = ["out", "no_export"])]
        public_key: bool,
    },
    /// Replace the audit signing key: a last checkpoint is signed with the
    /// old key, its public half is kept in `<key file>.retired` (what it
    /// signed still verifies), a new key takes its place and signs a first
    /// checkpoint. Servers with the audit role take the new key up within
    /// one checkpoint interval.
    RotateKey {
        /// Do not deliver the two checkpoints to the configured sinks.
        #[arg(long)]
        no_export: bool,
    },
    /// The newest events, oldest first; `--follow` keeps printing new ones.
    Tail {
        #[command(flatten)]
        scope: Scope,
        /// How many events to show first.
        #[arg(short = 'n', long, default_value_t = 20)]
        lines: u32,
        /// Keep printing events as they are written.
        #[arg(short, long)]
        follow: bool,
        #[arg(short, long, value_enum, default_value = "text")]
        output: Format,
    },
    /// Find events by actor, verb, resource, namespace, phase and time.
    Search(SearchArgs),
    /// Deliver every event of a time window to a configured sink again
    /// (receivers de-duplicate on the event id).
    Export {
        /// The sink's name from `[[audit.sinks]]`.
        #[arg(long)]
        sink: String,
        #[command(flatten)]
        window: TimeWindow,
    },
    /// Delete events older than the retention period now (the audit role
    /// also does this on its own); chains stay verifiable.
    Prune {
        /// Keep this many days [default: audit.retention_days].
        #[arg(long, value_name = "DAYS")]
        keep_days: Option<u32>,
    },
}

#[derive(Debug, Args)]
pub struct Scope {
    /// Workspace slug [default: every workspace for verify, `default`
    /// otherwise].
    #[arg(long, value_name = "SLUG")]
    workspace: Option<String>,
}

#[derive(Debug, Args)]
pub struct TimeWindow {
    /// From this time: RFC 3339 (2026-11-23T10:00:00Z) or an age (90m, 6h,
    /// 7d).
    #[arg(long, value_name = "TIME")]
    since: Option<String>,
    /// Up to this time, same forms.
    #[arg(long, value_name = "TIME")]
    until: Option<String>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    #[command(flatten)]
    scope: Scope,
    #[command(flatten)]
    window: TimeWindow,
    /// KubeChat user.
    #[arg(long)]
    actor: Option<String>,
    /// Verb (get, scale, delete, …).
    #[arg(long)]
    verb: Option<String>,
    /// Resource type (canonical plural: pods, deployments, …).
    #[arg(long)]
    resource: Option<String>,
    #[arg(long, short = 'N')]
    namespace: Option<String>,
    /// requested, confirmed, denied, executed or failed.
    #[arg(long)]
    phase: Option<String>,
    /// Every step of one request.
    #[arg(long, value_name = "UUID")]
    request: Option<Uuid>,
    /// Page size (1–500).
    #[arg(long, default_value_t = 50)]
    limit: u32,
    /// Keyset cursor: events older than this seq (printed as `next`).
    #[arg(long, value_name = "SEQ")]
    before: Option<i64>,
    #[arg(short, long, value_enum, default_value = "text")]
    output: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Parses `s` as RFC 3339 or as an age before `now` (`45s`, `90m`, `6h`,
/// `7d`).
pub fn parse_time(s: &str, now: OffsetDateTime) -> anyhow::Result<OffsetDateTime> {
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(t);
    }
    let bad = || {
        anyhow::anyhow!(
            "cannot read the time {s:?}: use RFC 3339 (2026-11-23T10:00:00Z) or an age such as 90m, 6h or 7d"
        )
    };
    let (n, unit) = s.split_at(s.len().saturating_sub(1));
    let n: i64 = n.parse().map_err(|_| bad())?;
    let secs = match unit {
        "s" => n,
        "m" => n.checked_mul(60).ok_or_else(bad)?,
        "h" => n.checked_mul(3600).ok_or_else(bad)?,
        "d" => n.checked_mul(86_400).ok_or_else(bad)?,
        _ => return Err(bad()),
    };
    if !(0..=100 * 365 * 86_400).contains(&secs) {
        return Err(bad());
    }
    Ok(now - time::Duration::seconds(secs))
}

fn window(w: &TimeWindow, now: OffsetDateTime) -> anyhow::Result<Window> {
    let since = w.since.as_deref().map(|s| parse_time(s, now)).transpose()?;
    let until = w.until.as_deref().map(|s| parse_time(s, now)).transpose()?;
    if let (Some(a), Some(b)) = (since, until)
        && a > b
    {
        bail!("--since is after --until: nothing to cover");
    }
    Ok(Window { since, until })
}

async fn workspace(store: &Store, slug: Option<&str>) -> anyhow::Result<Uuid> {
    let slug = WorkspaceSlug::parse(slug.unwrap_or("default"))?;
    Ok(store
        .workspace_by_slug(&slug)
        .await?
        .with_context(|| format!("no workspace {:?}", slug.as_str()))?
        .id)
}

/// One line per event for terminals.
fn line(e: &Event) -> String {
    let t = e.at.format(&Rfc3339).unwrap_or_default();
    let mut s = format!(
        "{t} #{:<6} {:<9} {}({}) as {}  {}",
        e.seq,
        e.phase.as_str(),
        e.actor_user,
        e.actor_role,
        e.kube_user,
        e.kubectl
    );
    if let Some(d) = &e.decision {
        s.push_str(&format!("  [{d}"));
        if let Some(r) = e.decision_reason.as_deref().filter(|r| !r.is_empty()) {
            s.push_str(&format!(": {r}"));
        }
        s.push(']');
    }
    if let Some(o) = &e.outcome {
        s.push_str(&format!("  → {}", o.lines().next().unwrap_or("")));
    }
    s
}

fn print_events(events: &[Event], format: Format, out: &mut impl Write) -> anyhow::Result<()> {
    for e in events {
        match format {
            Format::Text => writeln!(out, "{}", line(e))?,
            Format::Json => writeln!(out, "{}", serde_json::to_string(e)?)?,
        }
    }
    Ok(())
}

/// Runs an audit command against the configured database.
pub async fn run(config: &Config, command: AuditCommand) -> anyhow::Result<()> {
    let runtime = kubechat_server::Runtime::from_config(config.clone());
    let clock = runtime.clock().clone();
    let store = runtime.store().await?.clone();
    let log = runtime.audit().await?.clone();
    // The audit key, where it exists: pruning signs anchors with it and
    // verification requires their signatures. Only `checkpoint` may
    // create it (at the default place).
    let (key_file, may_create) = config.audit_key_file();
    let create = may_create && matches!(command, AuditCommand::Checkpoint { .. });
    if create || key_file.exists() {
        kubechat_server::load_audit_keys(config, &log, create)?;
    }
    let now = clock.now();
    let mut out = std::io::stdout().lock();
    match command {
        AuditCommand::Verify {
            scope,
            window: w,
            checkpoint,
            public_key,
        } => {
            let only = match scope.workspace.as_deref() {
                Some(s) => Some(workspace(&store, Some(s)).await?),
                None => None,
            };
            let report = match checkpoint {
                None => log.verify(only, window(&w, now)?).await?,
                Some(file) => {
                    if w.since.is_some() || w.until.is_some() {
                        bail!("--checkpoint verifies whole chains: drop --since/--until");
                    }
                    let keys = match public_key.as_deref() {
                        Some(k) => vec![kubechat_audit::TrustedKey::parse(k)?],
                        None => log.trusted_keys(),
                    };
                    if keys.is_empty() {
                        bail!(
                            "no audit key at {} to check the checkpoint with: pass --public-key ed25519:<hex>",
                            key_file.display()
                        );
                    }
                    let checkpoints = kubechat_audit::Checkpoint::read_file(&file)?;
                    let mut merged = kubechat_audit::Report::default();
                    for cp in &checkpoints {
                        let r = log.verify_checkpoint(cp, &keys, only).await?;
                        merged.workspaces = merged.workspaces.max(r.workspaces);
                        merged.events = merged.events.max(r.events);
                        for f in r.findings {
                            if !merged
                                .findings
                                .iter()
                                .any(|m| m.workspace_id == f.workspace_id)
                            {
                                merged.findings.push(f);
                            }
                        }
                    }
                    writeln!(
                        out,
                        "{} signed checkpoint(s) in {} verified with key {}",
                        checkpoints.len(),
                        file.display(),
                        keys.iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(" or ")
                    )?;
                    merged
                }
            };
            for f in &report.findings {
                writeln!(out, "TAMPERED {f}")?;
            }
            if !report.ok() {
                bail!(
                    "audit chain verification failed: {} workspace(s) with a problem ({} events checked)",
                    report.findings.len(),
                    report.events
                );
            }
            writeln!(
                out,
                "audit chain intact: {} events in {} workspace(s) verified",
                report.events, report.workspaces
            )?;
        }
        AuditCommand::Tail {
            scope,
            lines,
            follow,
            output,
        } => {
            let ws = workspace(&store, scope.workspace.as_deref()).await?;
            let page = log
                .search(
                    ws,
                    &Filter {
                        limit: Some(lines),
                        ..Filter::default()
                    },
                )
                .await?;
            let mut events = page.events;
            events.reverse();
            print_events(&events, output, &mut out)?;
            out.flush()?;
            let mut last = events.last().map_or(0, |e| e.seq);
            if !follow {
                return Ok(());
            }
            // Until Ctrl-C (or the pipe closes).
            loop {
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_secs(1)) => {}
                    _ = tokio::signal::ctrl_c() => return Ok(()),
                }
                let page = log
                    .search(
                        ws,
                        &Filter {
                            after_seq: Some(last),
                            limit: Some(500),
                            ..Filter::default()
                        },
                    )
                    .await?;
                print_events(&page.events, output, &mut out)?;
                out.flush()?;
                last = page.events.last().map_or(last, |e| e.seq);
            }
        }
        AuditCommand::Search(a) => {
            let ws = workspace(&store, a.scope.workspace.as_deref()).await?;
            let w = window(&a.window, now)?;
            let phase = a.phase.as_deref().map(str::parse::<Phase>).transpose()?;
            let filter = Filter {
                actor: a.actor,
                verb: a.verb,
                resource: a.resource,
                namespace: a.namespace,
                phase,
                request_id: a.request,
                since: w.since,
                until: w.until,
                before_seq: a.before,
                after_seq: None,
                limit: Some(a.limit),
            };
            let page = log.search(ws, &filter).await?;
            print_events(&page.events, a.output, &mut out)?;
            if let Some(n) = page.next {
                eprintln!("more: --before {n}");
            }
        }
        AuditCommand::Export { sink, window: w } => {
            let w = window(&w, now)?;
            let (Some(since), Some(until)) = (w.since, w.until) else {
                bail!("export needs both --since and --until");
            };
            let host = kubechat_audit::export::hostname();
            let config_sink = config.audit.sinks.iter().find(|s| s.name == sink);
            let batch = config_sink.map_or(200, |s| s.batch_size);
            let mut target = Sink::named(&config.audit.sinks, &sink, &host)?;
            let n = reexport(
                &store,
                &mut target,
                since,
                until,
                u32::try_from(batch).unwrap_or(200),
            )
            .await?;
            writeln!(out, "re-exported {n} events to {sink}")?;
        }
        AuditCommand::Checkpoint {
            out: file,
            no_export,
            public_key,
        } => {
            let key = log.trusted_key().context("no audit key")?;
            if public_key {
                writeln!(out, "{key}")?;
                return Ok(());
            }
            let cp = log.checkpoint().await?;
            let host = kubechat_audit::export::hostname();
            let mut sinks = if no_export {
                Vec::new()
            } else {
                kubechat_audit::export::checkpoint_sinks(&config.audit, &host)?
            };
            let file = file.unwrap_or_else(|| config.audit_checkpoint_file());
            let to_file = (file.as_os_str() != "-").then_some(file.as_path());
            if to_file.is_none() {
                writeln!(out, "{}", serde_json::to_string_pretty(&cp)?)?;
            }
            let failed =
                kubechat_audit::checkpoint::publish(&log, &cp, to_file, &mut sinks).await?;
            let delivered = sinks.len() - failed.len();
            if let Some(path) = to_file {
                writeln!(
                    out,
                    "checkpoint of {} workspace(s) at {} appended to {} and delivered to {delivered} sink(s); signed by {key}",
                    cp.workspaces.len(),
                    cp.issued_at,
                    path.display()
                )?;
            }
            if let Some(e) = failed.first() {
                bail!("{} sink(s) did not take the checkpoint: {e}", failed.len());
            }
        }
        AuditCommand::RotateKey { no_export } => {
            let old = log.trusted_key().with_context(|| {
                format!(
                    "no audit key at {} to rotate (the first `kubechat audit checkpoint` or server start creates it)",
                    key_file.display()
                )
            })?;
            let host = kubechat_audit::export::hostname();
            let mut sinks = if no_export {
                Vec::new()
            } else {
                kubechat_audit::export::checkpoint_sinks(&config.audit, &host)?
            };
            let file = config.audit_checkpoint_file();
            // The chain as it is now, under the old key, before it goes.
            let last = log.checkpoint().await?;
            let mut failed =
                kubechat_audit::checkpoint::publish(&log, &last, Some(&file), &mut sinks).await?;
            let retired = config.audit_retired_keys_file();
            let new = kubechat_auth::SigningKey::replace(&key_file).with_context(|| {
                format!(
                    "the key file {} could not be replaced (nothing was rotated). \
                     When the key comes from a mounted Secret: put a new key in the Secret \
                     (openssl genpkey -algorithm ed25519) and list {old} in audit.retired_public_keys",
                    key_file.display()
                )
            })?;
            // Servers take a new key up within 30 s of the replace: the
            // old key is trusted for a minute past it, no longer.
            let until = (clock.now() + Duration::from_secs(60)).format(&Rfc3339)?;
            kubechat_audit::checkpoint::retire(&retired, &old, &last.key_id, &until)
                .with_context(|| {
                    format!(
                        "the key was replaced, but the old public key could not be recorded: \
                         list {old} in audit.retired_public_keys, or what it signed no longer verifies"
                    )
                })?;
            log.set_signer(Arc::new(new));
            let first = log.checkpoint().await?;
            failed.extend(
                kubechat_audit::checkpoint::publish(&log, &first, Some(&file), &mut sinks).await?,
            );
            writeln!(
                out,
                "audit key rotated: {old} (key {}) is retired and recorded in {}; the new key is {} (key {}). \
                 Checkpoints signed by each were appended to {}. Servers with the audit role sign with the new key \
                 within audit.checkpoint_interval_seconds.",
                last.key_id,
                retired.display(),
                first.public_key,
                first.key_id,
                file.display()
            )?;
            if let Some(e) = failed.first() {
                bail!(
                    "{} sink delivery(ies) of the checkpoints failed: {e}",
                    failed.len()
                );
            }
        }
        AuditCommand::Prune { keep_days } => {
            let days = keep_days.unwrap_or(config.audit.retention_days);
            if days == 0 {
                bail!("retention is 0 (keep forever): pass --keep-days N to prune anyway");
            }
            let n = log
                .prune(Duration::from_secs(u64::from(days) * 86_400))
                .await?;
            writeln!(out, "pruned {n} events older than {days} days")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn times_are_rfc3339_or_ages() {
        let now = datetime!(2026-11-23 12:00 UTC);
        assert_eq!(
            parse_time("2026-11-23T10:00:00Z", now).unwrap(),
            datetime!(2026-11-23 10:00 UTC)
        );
        assert_eq!(
            parse_time("90m", now).unwrap(),
            datetime!(2026-11-23 10:30 UTC)
        );
        assert_eq!(
            parse_time("7d", now).unwrap(),
            datetime!(2026-11-16 12:00 UTC)
        );
        for bad in ["", "yesterday", "5w", "-3h", "99999999999d"] {
            let e = parse_time(bad, now).unwrap_err().to_string();
            assert!(e.contains("RFC 3339"), "{bad}: {e}");
        }
    }
}
