use kubechat_config::ClusterSource;
use kubechat_testkit::{ControlPlane, Identity};

use crate::helpers::{Blackhole, Forward, Refuse, eventually_status, spawn_app};

#[tokio::test]
async fn readiness_follows_the_database_down_and_back_without_a_restart() -> anyhow::Result<()> {
    let app = spawn_app(|_| {}).await?;
    let (status, body) = app.get_json("/health/readiness").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["checks"]["database"], "up");
    assert_eq!(body["checks"]["redis"], "up");

    app.db_proxy.set_mode(Refuse);
    let body = eventually_status(&app, "/health/readiness", 503).await;
    assert_eq!(body["status"], "not ready");
    let failing = body["failing"].as_array().expect("failing list");
    assert_eq!(failing.len(), 1, "{body}");
    assert_eq!(failing[0]["name"], "database");
    assert!(
        failing[0]["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{body}"
    );
    assert_eq!(body["checks"]["redis"], "up", "only the database is down");

    // Liveness must not follow dependencies, or Kubernetes would restart
    // healthy pods during a database outage.
    assert_eq!(app.get("/health/liveness").await.status(), 200);

    app.db_proxy.set_mode(Forward);
    let body = eventually_status(&app, "/health/readiness", 200).await;
    assert_eq!(body["status"], "ready");
    Ok(())
}

#[tokio::test]
async fn a_hung_dependency_cannot_hang_the_probe() -> anyhow::Result<()> {
    let app = spawn_app(|c| c.health.check_timeout_ms = 300).await?;
    app.redis_proxy.set_mode(Blackhole);
    let (status, body) = app.get_json("/health/readiness").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["failing"][0]["name"], "redis");
    let error = body["failing"][0]["error"].as_str().unwrap_or_default();
    assert!(error.contains("no answer within 300 ms"), "{error}");
    assert_eq!(body["checks"]["database"], "up");
    Ok(())
}

#[tokio::test]
async fn health_reports_every_dependency_with_its_latency() -> anyhow::Result<()> {
    let cp = ControlPlane::shared().await?;
    let dir = tempfile::tempdir()?;
    let kubeconfig = dir.path().join("kubeconfig");
    cp.write_kubeconfig(Identity::Admin, &kubeconfig)?;
    let app = spawn_app(|c| {
        c.kubernetes.source = ClusterSource::Kubeconfig;
        c.kubernetes.kubeconfig = Some(kubeconfig.clone());
    })
    .await?;

    let (status, body) = app.get_json("/health").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "healthy");
    assert_eq!(
        body["roles"],
        serde_json::json!(["gateway", "nlp", "audit"])
    );
    let deps = body["dependencies"].as_array().expect("dependencies");
    let names: Vec<&str> = deps.iter().filter_map(|d| d["name"].as_str()).collect();
    assert_eq!(
        names,
        [
            "database",
            "redis",
            "kubernetes",
            "llm",
            "bot_clusters",
            "sso"
        ]
    );
    assert_eq!(deps[3]["status"], "disabled", "no LLM provider configured");
    assert_eq!(deps[4]["status"], "disabled", "no other clusters");
    for d in &deps[..3] {
        assert_eq!(d["status"], "up", "{d}");
        assert!(d["latency_ms"].as_f64().is_some(), "{d}");
    }
    let k8s = deps[2]["detail"].as_str().unwrap_or_default();
    assert!(k8s.contains(cp.server()) && k8s.contains("v1.37"), "{k8s}");
    let db = deps[0]["detail"].as_str().unwrap_or_default();
    assert!(
        db.starts_with("postgres ") && !db.contains(":postgres@"),
        "password must be redacted: {db}"
    );

    // The same view turns unhealthy (and `curl -f` fails) during an outage.
    app.db_proxy.set_mode(Refuse);
    let body = eventually_status(&app, "/health", 503).await;
    assert_eq!(body["status"], "unhealthy");
    Ok(())
}

#[tokio::test]
async fn an_unreachable_cluster_fails_readiness_by_name() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let kubeconfig = dir.path().join("kubeconfig");
    let port = kubechat_testkit::free_port()?;
    std::fs::write(
        &kubeconfig,
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: gone\n  cluster:\n    server: https://127.0.0.1:{port}\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n    token: t\ncontexts:\n- name: gone\n  context:\n    cluster: gone\n    user: u\ncurrent-context: gone\n"
        ),
    )?;
    let app = spawn_app(|c| {
        c.kubernetes.source = ClusterSource::Kubeconfig;
        c.kubernetes.kubeconfig = Some(kubeconfig.clone());
    })
    .await?;
    let (status, body) = app.get_json("/health/readiness").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["failing"][0]["name"], "kubernetes");
    Ok(())
}
