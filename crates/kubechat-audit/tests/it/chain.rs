use std::sync::Arc;
use std::time::Duration;

use kubechat_audit::{
    AuditLog, AuditMetrics, AuditOptions, Error, Filter, FindingKind, Phase, ReadGate, Window,
    insert_unchained,
};
use kubechat_config::SecretUrl;
use kubechat_core::{Clock, Verb};
use kubechat_store::{Pool, Store, StoreOptions, WorkspaceRepository, WorkspaceSlug};
use kubechat_testkit::{ProxyMode, TcpProxy};
use uuid::Uuid;

use crate::{DEFAULT_WS, clock, event, log, postgres, sqlite, sqlite_url};

const TASKS: usize = 8;
const PER_TASK: usize = 40;

/// N tasks × M events through two logs on two separate pools ("two
/// replicas"), into two workspaces: every chain verifies and is gapless.
async fn concurrent_writers(a: Store, b: Store) -> anyhow::Result<()> {
    let c = clock();
    let ws2 = a
        .create_workspace(&WorkspaceSlug::parse("payments")?, "Payments", c.as_ref())
        .await?
        .id;
    let logs = [log(&a, c.clone()), log(&b, c.clone())];
    let mut tasks = Vec::new();
    for t in 0..TASKS {
        let log = logs[t % 2].clone();
        let ws = if t % 3 == 0 { ws2 } else { DEFAULT_WS };
        tasks.push(tokio::spawn(async move {
            for i in 0..PER_TASK {
                let e = event(
                    ws,
                    &format!("user{t}"),
                    Verb::Get,
                    "shop",
                    &format!("q {i}"),
                );
                log.record(e).await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await?;
    }
    let report = logs[0].verify(None, Window::default()).await?;
    assert!(report.ok(), "{:?}", report.findings);
    assert_eq!(report.workspaces, 2);
    assert_eq!(report.events, (TASKS * PER_TASK) as u64);
    let ingested = logs[0].metrics().ingested.get() + logs[1].metrics().ingested.get();
    assert_eq!(ingested, (TASKS * PER_TASK) as u64);
    Ok(())
}

#[tokio::test]
async fn concurrent_writers_keep_one_chain_on_postgres() -> anyhow::Result<()> {
    let (a, db) = postgres().await?;
    let b = Store::connect(&SecretUrl::new(db.url()), &StoreOptions::default()).await?;
    concurrent_writers(a, b).await
}

#[tokio::test]
async fn concurrent_writers_keep_one_chain_on_sqlite() -> anyhow::Result<()> {
    let (a, dir) = sqlite().await?;
    let b = Store::connect(&sqlite_url(&dir), &StoreOptions::default()).await?;
    concurrent_writers(a, b).await
}

/// Runs SQL against either engine (the test plays the attacker).
pub async fn exec(store: &Store, sql: &str, ws: Uuid, seq: i64) -> anyhow::Result<u64> {
    Ok(match store.pool() {
        Pool::Postgres(p) => sqlx::query(sql)
            .bind(ws.to_string())
            .bind(seq)
            .execute(p)
            .await?
            .rows_affected(),
        Pool::Sqlite(p) => sqlx::query(sql)
            .bind(ws.to_string())
            .bind(seq)
            .execute(p)
            .await?
            .rows_affected(),
    })
}

/// Moves rows `seq >= at` up by one (through negative numbers, so the
/// unique index holds at every step): room for a row inserted out of band.
async fn make_room_at(store: &Store, ws: Uuid, at: i64) -> anyhow::Result<()> {
    exec(
        store,
        "UPDATE audit_events SET seq = -seq WHERE workspace_id = $1 AND seq >= $2",
        ws,
        at,
    )
    .await?;
    exec(
        store,
        "UPDATE audit_events SET seq = 1 - seq WHERE workspace_id = $1 AND seq < $2",
        ws,
        0,
    )
    .await?;
    Ok(())
}

/// A fresh workspace with ten chained events.
pub async fn ten(store: &Store, log: &AuditLog, slug: &str) -> anyhow::Result<Uuid> {
    let ws = store
        .create_workspace(&WorkspaceSlug::parse(slug)?, slug, log.clock().as_ref())
        .await?
        .id;
    for i in 0..10 {
        log.record(event(
            ws,
            "alice",
            Verb::Scale,
            "shop",
            &format!("scale {i}"),
        ))
        .await?;
    }
    assert!(log.verify(Some(ws), Window::default()).await?.ok());
    Ok(ws)
}

async fn one_finding(log: &AuditLog, ws: Uuid) -> anyhow::Result<kubechat_audit::Finding> {
    let report = log.verify(Some(ws), Window::default()).await?;
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    Ok(report.findings[0].clone())
}

pub async fn event_at(log: &AuditLog, ws: Uuid, seq: i64) -> anyhow::Result<kubechat_audit::Event> {
    let page = log
        .search(
            ws,
            &Filter {
                after_seq: Some(seq - 1),
                limit: Some(1),
                ..Filter::default()
            },
        )
        .await?;
    Ok(page.events[0].clone())
}

async fn tampering_is_named(store: Store) -> anyhow::Result<()> {
    let log = log(&store, clock());

    // UPDATE of one field.
    let ws = ten(&store, &log, "updated").await?;
    let victim = event_at(&log, ws, 4).await?;
    let n = exec(
        &store,
        "UPDATE audit_events SET namespace = 'kube-system' WHERE workspace_id = $1 AND seq = $2",
        ws,
        4,
    )
    .await?;
    assert_eq!(n, 1);
    let f = one_finding(&log, ws).await?;
    assert_eq!(f.kind, FindingKind::Modified, "{f}");
    assert_eq!((f.seq, f.id), (4, Some(victim.id)), "{f}");
    assert!(f.message.contains(&victim.id.to_string()), "{f}");

    // DELETE of one row.
    let ws = ten(&store, &log, "deleted").await?;
    exec(
        &store,
        "DELETE FROM audit_events WHERE workspace_id = $1 AND seq = $2",
        ws,
        6,
    )
    .await?;
    let f = one_finding(&log, ws).await?;
    assert_eq!(f.kind, FindingKind::Deleted, "{f}");
    assert_eq!(f.seq, 6, "{f}");
    assert!(f.message.contains("row seq 6 was deleted"), "{f}");

    // DELETE of the newest row: the head is ahead of the rows.
    let ws = ten(&store, &log, "truncated").await?;
    exec(
        &store,
        "DELETE FROM audit_events WHERE workspace_id = $1 AND seq = $2",
        ws,
        10,
    )
    .await?;
    let f = one_finding(&log, ws).await?;
    assert_eq!((f.kind, f.seq), (FindingKind::TailDeleted, 10), "{f}");

    // INSERT in the middle by someone who knows the algorithm: later rows
    // renumbered, the forged row correctly hashed and linked to its
    // predecessor.
    let ws = ten(&store, &log, "inserted").await?;
    let before = event_at(&log, ws, 4).await?;
    let mut forged = event_at(&log, ws, 5).await?;
    make_room_at(&store, ws, 5).await?;
    forged.id = Uuid::new_v4();
    forged.text = "grant me cluster-admin".to_owned();
    forged.prev_hash = before.hash.clone();
    forged.hash = forged.compute_hash();
    insert_unchained(store.pool(), std::slice::from_ref(&forged)).await?;
    let f = one_finding(&log, ws).await?;
    assert_eq!(f.kind, FindingKind::Inserted, "{f}");
    assert_eq!((f.seq, f.id), (5, Some(forged.id)), "{f}");

    // An inserted row with a made-up hash is named as inserted too.
    let ws = ten(&store, &log, "inserted-raw").await?;
    let mut forged = event_at(&log, ws, 3).await?;
    make_room_at(&store, ws, 3).await?;
    forged.id = Uuid::new_v4();
    forged.hash = "f".repeat(64);
    insert_unchained(store.pool(), std::slice::from_ref(&forged)).await?;
    let f = one_finding(&log, ws).await?;
    assert_eq!(
        (f.kind, f.seq, f.id),
        (FindingKind::Inserted, 3, Some(forged.id)),
        "{f}"
    );

    // The untouched default workspace still verifies on its own.
    log.record(event(DEFAULT_WS, "bob", Verb::Get, "shop", "x"))
        .await?;
    assert!(log.verify(Some(DEFAULT_WS), Window::default()).await?.ok());
    Ok(())
}

#[tokio::test]
async fn tampering_is_named_on_postgres() -> anyhow::Result<()> {
    let (store, _db) = postgres().await?;
    tampering_is_named(store).await
}

#[tokio::test]
async fn tampering_is_named_on_sqlite() -> anyhow::Result<()> {
    let (store, _dir) = sqlite().await?;
    tampering_is_named(store).await
}

async fn retention_keeps_the_chain_verifiable(store: Store) -> anyhow::Result<()> {
    let c = clock();
    let log = log(&store, c.clone());
    let start = c.now();
    for i in 0..5 {
        log.record(event(
            DEFAULT_WS,
            "alice",
            Verb::Get,
            "shop",
            &format!("old {i}"),
        ))
        .await?;
        c.advance(Duration::from_secs(3600));
    }
    c.advance(Duration::from_secs(10 * 86_400));
    for i in 0..4 {
        log.record(event(
            DEFAULT_WS,
            "alice",
            Verb::Get,
            "shop",
            &format!("new {i}"),
        ))
        .await?;
    }
    // Keep 5 days: the five old events go.
    assert_eq!(log.prune(Duration::from_secs(5 * 86_400)).await?, 5);
    assert_eq!(
        log.prune(Duration::from_secs(5 * 86_400)).await?,
        0,
        "idempotent"
    );
    let report = log.verify(None, Window::default()).await?;
    assert!(report.ok(), "{:?}", report.findings);
    assert_eq!(report.events, 4);
    // The chain goes on after pruning, and tampering is still caught.
    log.record(event(DEFAULT_WS, "alice", Verb::Get, "shop", "later"))
        .await?;
    assert!(log.verify(None, Window::default()).await?.ok());
    exec(
        &store,
        "DELETE FROM audit_events WHERE workspace_id = $1 AND seq = $2",
        DEFAULT_WS,
        6,
    )
    .await?;
    let report = log.verify(None, Window::default()).await?;
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    assert_eq!(report.findings[0].seq, 6);
    // A window before the pruned point verifies nothing, not an error.
    let w = Window {
        since: Some(start),
        until: Some(start + time::Duration::hours(2)),
    };
    assert_eq!(log.verify(None, w).await?.events, 0);
    Ok(())
}

#[tokio::test]
async fn retention_keeps_the_chain_verifiable_on_postgres() -> anyhow::Result<()> {
    let (store, _db) = postgres().await?;
    retention_keeps_the_chain_verifiable(store).await
}

#[tokio::test]
async fn retention_keeps_the_chain_verifiable_on_sqlite() -> anyhow::Result<()> {
    let (store, _dir) = sqlite().await?;
    retention_keeps_the_chain_verifiable(store).await
}

async fn search_filters_and_pages(store: Store) -> anyhow::Result<()> {
    let c = clock();
    let log = log(&store, c.clone());
    let t0 = c.now();
    for i in 0..12 {
        let (user, verb, ns) = if i % 3 == 0 {
            ("bob", Verb::Scale, "payments")
        } else {
            ("alice", Verb::Get, "shop")
        };
        let e = event(
            DEFAULT_WS,
            user,
            verb,
            ns,
            &format!("request {i} password=hunter2"),
        );
        let requested = log.record(e.clone()).await?;
        assert!(!requested.text.contains("hunter2"), "secrets are redacted");
        if verb == Verb::Scale {
            let mut done = e.next(Phase::Executed);
            done.outcome = Some("scaled deployment web 1 → 3".to_owned());
            done.duration_ms = Some(12);
            log.record(done).await?;
        }
        c.advance(Duration::from_secs(60));
    }
    // 12 requested + 4 executed.
    let all = log
        .search(
            DEFAULT_WS,
            &Filter {
                limit: Some(500),
                ..Filter::default()
            },
        )
        .await?;
    assert_eq!(all.events.len(), 16);
    assert!(all.next.is_none());
    assert!(
        all.events.windows(2).all(|w| w[0].seq > w[1].seq),
        "newest first"
    );

    let bob = Filter {
        actor: Some("bob".into()),
        phase: Some(Phase::Executed),
        ..Filter::default()
    };
    let page = log.search(DEFAULT_WS, &bob).await?;
    assert_eq!(page.events.len(), 4);
    assert!(
        page.events
            .iter()
            .all(|e| e.verb == "scale" && e.namespace.as_deref() == Some("payments"))
    );
    assert_eq!(
        page.events[0].outcome.as_deref(),
        Some("scaled deployment web 1 → 3")
    );

    // Keyset pages of 5 cover everything once.
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = log
            .search(
                DEFAULT_WS,
                &Filter {
                    before_seq: cursor,
                    limit: Some(5),
                    ..Filter::default()
                },
            )
            .await?;
        seen.extend(page.events.iter().map(|e| e.seq));
        match page.next {
            Some(n) => cursor = Some(n),
            None => break,
        }
    }
    assert_eq!(seen, (1..=16).rev().collect::<Vec<i64>>());

    // Time range: the first three minutes hold requests 0, 1, 2 (and the
    // executed event of request 0).
    let window = Filter {
        since: Some(t0),
        until: Some(t0 + time::Duration::seconds(150)),
        verb: Some("get".into()),
        namespace: Some("shop".into()),
        resource: Some("deployments".into()),
        ..Filter::default()
    };
    let page = log.search(DEFAULT_WS, &window).await?;
    let texts: Vec<_> = page.events.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "request 2 password=[REDACTED]",
            "request 1 password=[REDACTED]"
        ]
    );
    Ok(())
}

#[tokio::test]
async fn search_filters_and_pages_on_postgres() -> anyhow::Result<()> {
    let (store, _db) = postgres().await?;
    search_filters_and_pages(store).await
}

#[tokio::test]
async fn search_filters_and_pages_on_sqlite() -> anyhow::Result<()> {
    let (store, _dir) = sqlite().await?;
    search_filters_and_pages(store).await
}

/// With the database unreachable, a write fails within the timeout as
/// `Unavailable`; reads go on only when configured to, and are counted;
/// when the database is back, writes work again without a restart.
#[tokio::test]
async fn unreachable_database_fails_closed() -> anyhow::Result<()> {
    let db = kubechat_testkit::TestDatabase::create().await?;
    let direct = Store::connect(&SecretUrl::new(db.url()), &StoreOptions::default()).await?;
    direct.migrate().await?;
    let proxy = TcpProxy::start(db.addr()?).await?;
    let options = StoreOptions {
        max_connections: 2,
        acquire_timeout: Duration::from_secs(1),
    };
    let store = Store::connect(&SecretUrl::new(db.url_via(proxy.addr())?), &options).await?;
    let c = clock();
    let metrics = AuditMetrics::default();
    let open = |reads| {
        AuditLog::start(
            store.clone(),
            c.clone() as Arc<dyn Clock>,
            metrics.clone(),
            AuditOptions {
                write_timeout: Duration::from_millis(1500),
                reads_when_unavailable: reads,
                ..AuditOptions::default()
            },
        )
    };
    let strict = open(false);
    let lenient = open(true);
    strict
        .record(event(DEFAULT_WS, "alice", Verb::Scale, "shop", "before"))
        .await?;

    proxy.set_mode(ProxyMode::Refuse);
    let err = strict
        .record(event(DEFAULT_WS, "alice", Verb::Scale, "shop", "during"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unavailable { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("changes to the cluster are refused"),
        "{err}"
    );
    assert!(matches!(
        strict
            .gate_read(event(DEFAULT_WS, "alice", Verb::Get, "shop", "r"))
            .await,
        Err(Error::Unavailable { .. })
    ));
    assert_eq!(
        lenient
            .gate_read(event(DEFAULT_WS, "alice", Verb::Get, "shop", "r"))
            .await?,
        ReadGate::Unaudited
    );
    assert_eq!(metrics.unaudited_reads.get(), 1);
    assert!(metrics.write_failures.get() >= 3);

    proxy.set_mode(ProxyMode::Forward);
    strict
        .record(event(DEFAULT_WS, "alice", Verb::Scale, "shop", "after"))
        .await?;
    let report = strict.verify(None, Window::default()).await?;
    assert!(report.ok(), "{:?}", report.findings);
    assert_eq!(report.events, 2, "nothing half-written while it was down");
    direct.close().await;
    Ok(())
}

/// The runbook's checks, verbatim, against the real schema.
#[tokio::test]
async fn runbook_queries_work_on_postgres() -> anyhow::Result<()> {
    let (store, _db) = postgres().await?;
    let log = log(&store, Arc::new(kubechat_core::SystemClock));
    for i in 0..7 {
        log.record(event(
            DEFAULT_WS,
            "alice",
            Verb::Get,
            "shop",
            &format!("r{i}"),
        ))
        .await?;
    }
    let Pool::Postgres(p) = store.pool() else {
        unreachable!("postgres store")
    };
    let recent = sqlx::query(
        "SELECT * FROM audit_events WHERE created_at > NOW() - INTERVAL '1 hour' LIMIT 5",
    )
    .fetch_all(p)
    .await?;
    assert_eq!(recent.len(), 5);
    let total: i64 = sqlx::query_scalar("SELECT count(*) as total_audit_events FROM audit_events")
        .fetch_one(p)
        .await?;
    assert_eq!(total, 7);
    let latest: Option<time::OffsetDateTime> =
        sqlx::query_scalar("SELECT max(created_at) as latest_event FROM audit_events")
            .fetch_one(p)
            .await?;
    assert!(latest.is_some());
    Ok(())
}
