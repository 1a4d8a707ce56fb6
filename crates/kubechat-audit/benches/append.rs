//! Audit append and verify throughput on PostgreSQL.
//!
//! `cargo bench -p kubechat-audit --bench append` (PostgreSQL as for the
//! tests: scripts/test-services.sh, or KUBECHAT_TEST_DATABASE_URL).
//!
//! Prints events per second for, in one run and on one database:
//! - chained appends through `AuditLog::record` from many concurrent
//!   callers on two pools (two "replicas"), group-committed;
//! - the baseline: plain unchained single-row INSERTs from the same number
//!   of concurrent callers;
//! - plain unchained multi-row INSERTs of the same batch size (the ceiling
//!   the chain's batches are measured against);
//! - `verify` over the whole chain.
//!
//! A custom harness (no criterion) so test builds stay lean; figures, not
//! assertions.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use kubechat_audit::{
    AuditActor, AuditLog, AuditMetrics, AuditOptions, Channel, Event, NewEvent, Window,
    insert_unchained,
};
use kubechat_config::SecretUrl;
use kubechat_core::{Clock, Operation, SystemClock, kubectl};
use kubechat_store::{Store, StoreOptions};
use uuid::Uuid;

const EVENTS: usize = 60_000;
const CALLERS: usize = 400;
const BATCH: usize = 500;
const WS: Uuid = Uuid::from_u128(1);

fn new_event(op: &Operation, i: usize) -> NewEvent {
    let actor = AuditActor {
        user: format!("user{}", i % 50),
        role: "operator".into(),
        kube_user: format!("user{}@example.com", i % 50),
        kube_groups: vec!["dev".into()],
    };
    NewEvent::requested(
        WS,
        actor,
        Channel::Api,
        "scale web to 3 in shop",
        op.clone(),
    )
}

async fn pool(url: &str) -> Store {
    let store = Store::connect(
        &SecretUrl::new(url),
        &StoreOptions {
            max_connections: 16,
            acquire_timeout: Duration::from_secs(30),
        },
    )
    .await
    .unwrap();
    store.migrate().await.unwrap();
    store
}

/// Appends `EVENTS` from `CALLERS` tasks through two logs on two pools;
/// with `checkpoint_every`, a signed checkpoint is written to a file that
/// often meanwhile. Returns the logs, the time taken and the checkpoints
/// written.
async fn chained_run(
    url: &str,
    op: &Operation,
    checkpoint_every: Option<Duration>,
) -> ([AuditLog; 2], Duration, u64) {
    let a = pool(url).await;
    let b = pool(url).await;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let options = AuditOptions {
        write_timeout: Duration::from_secs(60),
        ..AuditOptions::default()
    };
    let logs = [
        AuditLog::start(a, clock.clone(), AuditMetrics::default(), options.clone()),
        AuditLog::start(b, clock.clone(), AuditMetrics::default(), options),
    ];
    let dir = tempfile::tempdir().unwrap();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let writer = checkpoint_every.map(|every| {
        let key = kubechat_auth::SigningKey::load(&dir.path().join("key.pem"), true).unwrap();
        let log = logs[0].clone();
        log.set_signer(Arc::new(key));
        let file = dir.path().join("checkpoints.jsonl");
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let mut written = 0u64;
            loop {
                tokio::select! {
                    () = tokio::time::sleep(every) => {}
                    _ = stopped.wait_for(|s| *s) => return written,
                }
                let cp = log.checkpoint().await.unwrap();
                kubechat_audit::checkpoint::publish(&log, &cp, Some(&file), &mut [])
                    .await
                    .unwrap();
                written += 1;
            }
        })
    });
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..CALLERS {
        let log = logs[c % 2].clone();
        let op = op.clone();
        tasks.push(tokio::spawn(async move {
            for i in (c..EVENTS).step_by(CALLERS) {
                log.record(new_event(&op, i)).await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let took = started.elapsed();
    stop.send(true).unwrap();
    let written = match writer {
        Some(w) => w.await.unwrap(),
        None => 0,
    };
    (logs, took, written)
}

fn rate(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64()
}

#[tokio::main]
async fn main() {
    let op = kubectl::parse("kubectl scale deployment web --replicas=3 -n shop").unwrap();

    // Chained, group-committed, two replicas.
    let db = kubechat_testkit::TestDatabase::create().await.unwrap();
    let (logs, chained, _) = chained_run(db.url(), &op, None).await;
    let [a, b] = [logs[0].store().clone(), logs[1].store().clone()];

    let started = Instant::now();
    let report = logs[0].verify(None, Window::default()).await.unwrap();
    let verified = started.elapsed();
    assert!(report.ok() && report.events == EVENTS as u64, "{report:?}");

    // The same with a signed checkpoint written every 50 ms (the default
    // is every 300 s) to a file: the append rate must not move.
    let db_cp = kubechat_testkit::TestDatabase::create().await.unwrap();
    let (cp_logs, with_checkpoints, checkpoints) =
        chained_run(db_cp.url(), &op, Some(Duration::from_millis(50))).await;

    // Baselines on a second database of the same server.
    let db2 = kubechat_testkit::TestDatabase::create().await.unwrap();
    let plain = pool(db2.url()).await;
    let events: Vec<Event> = {
        // Rows shaped exactly like chained ones, with unique (workspace, seq).
        let probe = logs[0]
            .search(
                WS,
                &kubechat_audit::Filter {
                    limit: Some(1),
                    ..Default::default()
                },
            )
            .await
            .unwrap()
            .events
            .remove(0);
        (0..EVENTS)
            .map(|i| {
                let mut e = probe.clone();
                e.id = Uuid::new_v4();
                e.seq = i as i64 + 1;
                e
            })
            .collect()
    };
    let events = Arc::new(events);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..CALLERS {
        let store = plain.clone();
        let events = events.clone();
        tasks.push(tokio::spawn(async move {
            for i in (c..EVENTS).step_by(CALLERS) {
                insert_unchained(store.pool(), std::slice::from_ref(&events[i]))
                    .await
                    .unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let single = started.elapsed();

    let db3 = kubechat_testkit::TestDatabase::create().await.unwrap();
    let bulk = pool(db3.url()).await;
    let started = Instant::now();
    for chunk in events.chunks(BATCH) {
        insert_unchained(bulk.pool(), chunk).await.unwrap();
    }
    let batched = started.elapsed();

    let chained_rate = rate(EVENTS, chained);
    let single_rate = rate(EVENTS, single);
    let batched_rate = rate(EVENTS, batched);
    println!("audit append, PostgreSQL, {EVENTS} events, {CALLERS} concurrent callers");
    println!(
        "  chained (group commit, 2 pools):   {chained_rate:>9.0} events/s  ({:.2} s)",
        chained.as_secs_f64()
    );
    println!(
        "  chained, checkpoint every 50 ms:   {:>9.0} events/s  ({:.2} s, {checkpoints} checkpoints)  with/without = {:.2}x",
        rate(EVENTS, with_checkpoints),
        with_checkpoints.as_secs_f64(),
        rate(EVENTS, with_checkpoints) / chained_rate
    );
    println!(
        "  baseline: unchained single INSERTs: {single_rate:>9.0} events/s  ({:.2} s)  chained/baseline = {:.2}x",
        single.as_secs_f64(),
        chained_rate / single_rate
    );
    println!(
        "  unchained {BATCH}-row INSERTs, 1 writer: {batched_rate:>9.0} events/s  ({:.2} s)  chained/this = {:.2}x",
        batched.as_secs_f64(),
        chained_rate / batched_rate
    );
    println!(
        "  verify:                            {:>9.0} events/s  ({:.2} s)",
        rate(EVENTS, verified),
        verified.as_secs_f64()
    );
    for s in [
        a,
        b,
        cp_logs[0].store().clone(),
        cp_logs[1].store().clone(),
        plain,
        bulk,
    ] {
        s.close().await;
    }
}
