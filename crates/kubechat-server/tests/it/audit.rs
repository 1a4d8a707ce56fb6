//! The audit role in the server: the query API behind its token, the
//! exporter delivering to a receiver, and the audit metrics.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use kubechat_audit::{AuditActor, AuditLog, AuditMetrics, AuditOptions, Channel, NewEvent};
use kubechat_config::{Secret, SecretUrl, SinkConfig, SinkKind};
use kubechat_core::{Operation, SystemClock, kubectl};
use kubechat_store::{DEFAULT_WORKSPACE_ID, Store, StoreOptions};

use crate::helpers::spawn_app;

const TOKEN: &str = "audit-token-0123456789";

async fn record(url: &str, lines: &[&str]) -> anyhow::Result<()> {
    let store = Store::connect(&SecretUrl::new(url), &StoreOptions::default()).await?;
    let log = AuditLog::start(
        store.clone(),
        Arc::new(SystemClock),
        AuditMetrics::default(),
        AuditOptions::default(),
    );
    for line in lines {
        let op: Operation = kubectl::parse(line)?;
        let actor = AuditActor {
            user: "alice".into(),
            role: "operator".into(),
            kube_user: "alice".into(),
            kube_groups: vec![],
        };
        log.record(NewEvent::requested(
            DEFAULT_WORKSPACE_ID,
            actor,
            Channel::Api,
            line,
            op,
        ))
        .await?;
    }
    store.close().await;
    Ok(())
}

#[tokio::test]
async fn audit_api_needs_the_token_and_validates_its_query() -> anyhow::Result<()> {
    let app = spawn_app(|c| c.audit.api_token = Some(Secret::new(TOKEN))).await?;
    record(
        app.db_url(),
        &[
            "kubectl get pods -n shop",
            "kubectl scale deployment web --replicas=3 -n shop",
        ],
    )
    .await?;
    let get = |path: &str, token: Option<&str>| app.get_as(path, token);

    let (s, body) = get("/api/v1/audit", None).await;
    assert_eq!(s, 401, "{body}");
    assert_eq!(body["error"]["code"], "unauthorized");
    let (s, _) = get("/api/v1/audit", Some("wrong-token-wrong-token")).await;
    assert_eq!(s, 401);

    let (s, body) = get("/api/v1/audit", Some(TOKEN)).await;
    assert_eq!(s, 200, "{body}");
    let events = body["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["verb"], "scale", "newest first");
    assert_eq!(events[0]["seq"], 2);
    assert_eq!(events[0]["hash"].as_str().unwrap().len(), 64);
    assert!(body["next"].is_null());

    let (s, body) = get("/api/v1/audit?verb=get&namespace=shop", Some(TOKEN)).await;
    assert_eq!(s, 200);
    assert_eq!(body["events"].as_array().unwrap().len(), 1);
    let (s, body) = get("/api/v1/audit?limit=1", Some(TOKEN)).await;
    assert_eq!((s, body["next"].as_i64()), (200, Some(2)));
    let (_, body) = get("/api/v1/audit?limit=1&before=2", Some(TOKEN)).await;
    assert_eq!(body["events"][0]["seq"], 1);

    for (query, needle) in [
        ("verbb=get", "verbb"),
        ("since=yesterday", "RFC 3339"),
        ("limit=0", "limit=0 is out of range"),
        ("phase=done", "requested, confirmed"),
        ("workspace=Nope", "invalid workspace slug"),
    ] {
        let (s, body) = get(&format!("/api/v1/audit?{query}"), Some(TOKEN)).await;
        assert_eq!(s, 400, "{query}: {body}");
        let msg = body["error"]["message"].as_str().unwrap();
        assert!(msg.contains(needle), "{query}: {msg}");
    }
    let (s, _) = get("/api/v1/audit?workspace=nope", Some(TOKEN)).await;
    assert_eq!(s, 404);
    Ok(())
}

#[tokio::test]
async fn without_a_token_configured_the_api_is_closed() -> anyhow::Result<()> {
    let app = spawn_app(|_| {}).await?;
    let r = app
        .http
        .get(app.url("/api/v1/audit"))
        .bearer_auth(TOKEN)
        .send()
        .await?;
    assert_eq!(r.status().as_u16(), 401);
    Ok(())
}

async fn receive(State(ids): State<Arc<Mutex<Vec<String>>>>, body: String) {
    let events: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap();
    ids.lock()
        .unwrap()
        .extend(events.iter().map(|e| e["id"].as_str().unwrap().to_owned()));
}

#[tokio::test]
async fn the_audit_role_exports_and_reports_metrics() -> anyhow::Result<()> {
    let ids = Arc::new(Mutex::new(Vec::new()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let receiver = Router::new()
        .route("/ingest", post(receive))
        .with_state(ids.clone());
    tokio::spawn(async move { axum::serve(listener, receiver).await });
    let app = spawn_app(move |c| {
        let mut sink = SinkConfig::new("siem", SinkKind::Http);
        sink.url = Some(format!("http://127.0.0.1:{port}/ingest"));
        sink.poll_interval_ms = 20;
        c.audit.sinks = vec![sink];
    })
    .await?;
    record(
        app.db_url(),
        &["kubectl get pods -n shop", "kubectl get nodes"],
    )
    .await?;
    for _ in 0..200 {
        if ids.lock().unwrap().len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(ids.lock().unwrap().len(), 2);
    let mut text = String::new();
    for _ in 0..100 {
        text = app.get("/metrics").await.text().await?;
        if text.contains(r#"audit_export_events_total{sink="siem",result="delivered"} 2"#)
            && text.contains(r#"audit_export_lag_seconds{sink="siem"} 0"#)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        text.contains(r#"audit_export_events_total{sink="siem",result="delivered"} 2"#),
        "{text}"
    );
    assert!(
        text.contains(r#"audit_export_lag_seconds{sink="siem"} 0"#),
        "{text}"
    );
    assert!(text.contains("audit_events_ingested_total 0"), "{text}");
    Ok(())
}

#[tokio::test]
async fn the_chain_status_is_served_and_names_a_tampered_row() -> anyhow::Result<()> {
    let app = spawn_app(|c| c.audit.api_token = Some(Secret::new(TOKEN))).await?;
    record(
        app.db_url(),
        &["kubectl get pods -n shop", "kubectl get pods -n web"],
    )
    .await?;
    let verify = |token: Option<&'static str>| app.get_as("/api/v1/audit/verify", token);
    let (s, body) = verify(None).await;
    assert_eq!(s, 401, "{body}");
    let (s, body) = verify(Some(TOKEN)).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["ok"], true, "{body}");
    assert_eq!(body["events"], 2);
    assert_eq!(body["findings"], serde_json::json!([]));

    let pool = sqlx::PgPool::connect(app.db_url()).await?;
    sqlx::query("UPDATE audit_events SET namespace = 'prod' WHERE seq = 2")
        .execute(&pool)
        .await?;
    pool.close().await;
    let (s, body) = verify(Some(TOKEN)).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["ok"], false, "{body}");
    assert_eq!(body["findings"][0]["kind"], "modified", "{body}");
    assert_eq!(body["findings"][0]["seq"], 2, "{body}");
    Ok(())
}
