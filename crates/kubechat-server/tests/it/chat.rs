//! The chat flow end to end over HTTP against the real API server:
//! reads run, mutations preview then apply on confirmation, every step is
//! audited, and a viewer is refused by policy with the cluster unchanged.

use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use kube::Api;
use kubechat_audit::{AuditLog, AuditMetrics, AuditOptions, Phase};
use kubechat_auth::{Auth, AuthOptions, KeySet};
use kubechat_config::SecretUrl;
use kubechat_core::{SystemClock, UserRole};
use kubechat_store::{DEFAULT_WORKSPACE_ID as WS, Store, StoreOptions};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{TestApp, post, spawn_app, web_cluster};

const PASSWORD: &str = "correct horse battery staple";

async fn token(app: &TestApp, user: &str) -> String {
    app.login(user, PASSWORD).await
}

#[tokio::test]
async fn ask_preview_confirm_and_policy_denial() -> anyhow::Result<()> {
    // Cluster RBAC for the chat users' Kubernetes identities; KubeChat's
    // policy is what stops a viewer.
    let cluster = web_cluster(&["alice", "vic"]).await?;
    let (ns, admin) = (cluster.ns.clone(), cluster.admin.clone());
    let app = spawn_app(|c| cluster.configure(c)).await?;
    let store = Store::connect(&SecretUrl::new(app.db_url()), &StoreOptions::default()).await?;
    let accounts = Auth::new(
        store.clone(),
        KeySet::new(),
        Arc::new(SystemClock),
        AuthOptions::default(),
    );
    accounts
        .add_user(WS, "alice", PASSWORD, UserRole::Operator, None, vec![])
        .await?;
    accounts
        .add_user(WS, "vic", PASSWORD, UserRole::Viewer, None, vec![])
        .await?;
    let alice = token(&app, "alice").await;
    let vic = token(&app, "vic").await;
    let deployments: Api<Deployment> = Api::namespaced(admin.clone(), &ns);
    let replicas = || async { deployments.get("web").await.unwrap().spec.replicas };

    // A read, in plain language; RBAC caches take new bindings shortly.
    let mut read = Value::Null;
    for _ in 0..100 {
        let (s, body) = post(
            &app,
            "/api/v1/ask",
            &alice,
            json!({"text": format!("show me the deployments in {ns}")}),
        )
        .await;
        if s == 200 {
            read = body;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(read["type"], "result", "{read}");
    assert_eq!(read["kubectl"], format!("kubectl get deployments -n {ns}"));
    assert!(read["text"].as_str().unwrap().contains("web"), "{read}");

    // A mutation: preview 1 → 3, nothing changed until confirmed.
    let (s, preview) = post(
        &app,
        "/api/v1/ask",
        &alice,
        json!({"text": "scale web to 3", "namespace": ns}),
    )
    .await;
    assert_eq!(s, 200, "{preview}");
    assert_eq!(preview["type"], "preview", "{preview}");
    assert_eq!(preview["risk"], "mutate");
    assert_eq!(preview["changes"][0]["from"], 1);
    assert_eq!(preview["changes"][0]["to"], 3);
    assert_eq!(preview["confirmation"]["kind"], "simple");
    assert_eq!(replicas().await, Some(1));
    let plan = preview["plan_id"].as_str().unwrap().to_owned();

    // Only the asker can confirm it.
    let (s, body) = post(
        &app,
        &format!("/api/v1/plans/{plan}/confirm"),
        &vic,
        json!({}),
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (403, Some("plan_foreign")),
        "{body}"
    );
    let (s, done) = post(
        &app,
        &format!("/api/v1/plans/{plan}/confirm"),
        &alice,
        json!({}),
    )
    .await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["type"], "result");
    assert_eq!(replicas().await, Some(3));
    // Single use.
    let (s, body) = post(
        &app,
        &format!("/api/v1/plans/{plan}/confirm"),
        &alice,
        json!({}),
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (404, Some("plan_expired")),
        "{body}"
    );

    // The audit trail has requested, confirmed and executed for it.
    let audit = AuditLog::start(
        store.clone(),
        Arc::new(SystemClock),
        AuditMetrics::default(),
        AuditOptions::default(),
    );
    let request: Uuid = preview["request_id"].as_str().unwrap().parse()?;
    let steps = audit.steps(WS, request).await?;
    let phases: Vec<Phase> = steps.iter().map(|e| e.phase).collect();
    assert_eq!(
        phases,
        [Phase::Requested, Phase::Confirmed, Phase::Executed]
    );
    assert_eq!(steps[0].actor_user, "alice");
    assert_eq!(steps[0].channel, kubechat_audit::Channel::Api);
    assert_eq!(steps[0].decision.as_deref(), Some("needs-confirmation"));

    // A viewer asking the same is refused by policy; the cluster is unchanged.
    let (s, denied) = post(
        &app,
        "/api/v1/ask",
        &vic,
        json!({"text": "scale web to 5", "namespace": ns}),
    )
    .await;
    assert_eq!(s, 200, "{denied}");
    assert_eq!(denied["type"], "denied", "{denied}");
    assert!(
        denied["reason"].as_str().unwrap().contains("viewer"),
        "{denied}"
    );
    assert_eq!(replicas().await, Some(3));
    let request: Uuid = denied["request_id"].as_str().unwrap().parse()?;
    let steps = audit.steps(WS, request).await?;
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0].phase, Phase::Denied);
    assert_eq!(steps[0].actor_user, "vic");

    // Cancelling; bad input is a clear error.
    let (_, preview) = post(
        &app,
        "/api/v1/ask",
        &alice,
        json!({"text": "scale web to 2", "namespace": ns}),
    )
    .await;
    let plan = preview["plan_id"].as_str().unwrap().to_owned();
    let (s, body) = post(
        &app,
        &format!("/api/v1/plans/{plan}/cancel"),
        &alice,
        json!({}),
    )
    .await;
    assert_eq!(
        (s, body["type"].as_str()),
        (200, Some("cancelled")),
        "{body}"
    );
    assert_eq!(replicas().await, Some(3));
    // A second replica (same database, Redis and keys) takes the
    // confirmation of a plan previewed on the first.
    let b = spawn_app(|c| {
        app.replica_of(c);
        cluster.configure(c);
    })
    .await?;
    let (_, preview) = post(
        &app,
        "/api/v1/ask",
        &alice,
        json!({"text": "scale web to 4", "namespace": ns}),
    )
    .await;
    let plan = preview["plan_id"].as_str().unwrap().to_owned();
    let (s, done) = post(
        &b,
        &format!("/api/v1/plans/{plan}/confirm"),
        &alice,
        json!({}),
    )
    .await;
    assert_eq!((s, done["type"].as_str()), (200, Some("result")), "{done}");
    assert_eq!(replicas().await, Some(4));
    let (s, body) = post(
        &app,
        "/api/v1/ask",
        &alice,
        json!({"text": "make it better"}),
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (422, Some("not_understood")),
        "{body}"
    );
    let (s, body) = post(&app, "/api/v1/plans/nope/confirm", &alice, json!({})).await;
    assert_eq!(s, 400, "{body}");
    let (s, body) = post(&app, "/api/v1/ask", &alice, json!({"txt": "x"})).await;
    assert_eq!(s, 400, "{body}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("txt"),
        "{body}"
    );

    let metrics = app.get("/metrics").await.text().await?;
    assert!(
        metrics.contains(r#"chat_requests_total{verb="scale",outcome="preview"}"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"chat_requests_total{verb="unknown",outcome="not_understood"} 1"#),
        "{metrics}"
    );
    store.close().await;
    Ok(())
}
