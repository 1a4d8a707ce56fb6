//! The audit trail against real PostgreSQL and SQLite: concurrent chains
//! from two pools, tamper detection, retention, search, write-ahead
//! failure, and export to local receivers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod chain;
mod checkpoint;
mod export;

use std::sync::Arc;
use std::time::Duration;

use kubechat_audit::{AuditActor, AuditLog, AuditMetrics, AuditOptions, Channel, NewEvent};
use kubechat_config::SecretUrl;
use kubechat_core::{Clock, ManualClock, Operation, ResourceType, Verb};
use kubechat_store::{Store, StoreOptions};
use time::macros::datetime;
use uuid::Uuid;

/// The seeded default workspace.
pub const DEFAULT_WS: Uuid = Uuid::from_u128(1);

/// A migrated store on a fresh PostgreSQL database.
pub async fn postgres() -> anyhow::Result<(Store, kubechat_testkit::TestDatabase)> {
    let db = kubechat_testkit::TestDatabase::create().await?;
    let store = Store::connect(&SecretUrl::new(db.url()), &StoreOptions::default()).await?;
    store.migrate().await?;
    Ok((store, db))
}

/// A migrated store on a fresh SQLite file.
pub async fn sqlite() -> anyhow::Result<(Store, tempfile::TempDir)> {
    let dir = tempfile::tempdir()?;
    let store = Store::connect(&sqlite_url(&dir), &StoreOptions::default()).await?;
    store.migrate().await?;
    Ok((store, dir))
}

pub fn sqlite_url(dir: &tempfile::TempDir) -> SecretUrl {
    SecretUrl::new(format!(
        "sqlite://{}/kubechat.db?mode=rwc",
        dir.path().display()
    ))
}

pub fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(datetime!(2026-11-23 12:00 UTC)))
}

pub fn log(store: &Store, clock: Arc<dyn Clock>) -> AuditLog {
    AuditLog::start(
        store.clone(),
        clock,
        AuditMetrics::default(),
        AuditOptions {
            write_timeout: Duration::from_secs(10),
            ..AuditOptions::default()
        },
    )
}

pub fn actor(user: &str) -> AuditActor {
    AuditActor {
        user: user.to_owned(),
        role: "operator".to_owned(),
        kube_user: format!("{user}@example.com"),
        kube_groups: vec!["dev".to_owned()],
    }
}

/// A `requested` event for `verb` on deployments in `ns`.
pub fn event(ws: Uuid, user: &str, verb: Verb, ns: &str, text: &str) -> NewEvent {
    let mut op = Operation::new(verb, ResourceType::parse("deployments").unwrap());
    op.namespace = Some(kubechat_core::Namespace::parse(ns).unwrap());
    if verb == Verb::Scale {
        op.name = Some(kubechat_core::ResourceName::parse("web").unwrap());
        op.params.replicas = Some(3);
    }
    NewEvent::requested(ws, actor(user), Channel::Api, text, op)
}
