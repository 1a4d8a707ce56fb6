use kubechat_testkit::{ProxyMode, TcpProxy, TestRedis, free_port};

use crate::process::{Server, kubechat, run};

#[tokio::test]
async fn runs_on_embedded_sqlite_with_no_configuration_at_all() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let port = free_port()?;
    let mut cmd = kubechat(dir.path());
    cmd.args([
        "serve",
        "--listen",
        &format!("127.0.0.1:{port}"),
        "--roles",
        "gateway,audit",
    ]);
    let mut server = Server::start(cmd, port);
    server.wait_for("/health/readiness").await;

    let health: serde_json::Value = server.get("/health").await?.json().await?;
    assert_eq!(health["status"], "healthy", "{health}");
    assert_eq!(
        health["dependencies"][0]["detail"]
            .as_str()
            .map(|d| d.starts_with("sqlite ")),
        Some(true)
    );
    assert_eq!(
        health["dependencies"][1]["status"], "disabled",
        "memory instead of Redis"
    );
    assert_eq!(
        health["dependencies"][2]["status"], "disabled",
        "no kubeconfig in HOME"
    );
    assert_eq!(health["roles"], serde_json::json!(["gateway", "audit"]));
    assert!(
        dir.path().join("kubechat-data/kubechat.db").is_file(),
        "database created in ./kubechat-data"
    );

    server.sigterm();
    let (status, logs) = server.wait();
    assert!(status.success(), "clean exit on SIGTERM: {status}\n{logs}");
    // Not a terminal: logs are JSON lines.
    let last: serde_json::Value = serde_json::from_str(logs.lines().last().unwrap_or("{}"))?;
    assert_eq!(last["message"], "stopped", "{logs}");
    Ok(())
}

#[tokio::test]
async fn sigterm_lets_a_slow_in_flight_request_finish() -> anyhow::Result<()> {
    // The slow request: a readiness probe waiting on a Redis that accepts
    // connections and never answers.
    let redis = TestRedis::create().await?;
    let u = url::Url::parse(redis.url())?;
    let proxy = TcpProxy::start(
        format!(
            "{}:{}",
            u.host_str().unwrap_or("127.0.0.1"),
            u.port().unwrap_or(6379)
        )
        .parse()?,
    )
    .await?;
    let dir = tempfile::tempdir()?;
    let port = free_port()?;
    let mut cmd = kubechat(dir.path());
    cmd.args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .env("KUBECHAT__REDIS__URL", redis.url_via(proxy.addr())?)
        .env("KUBECHAT__REDIS__KEY_PREFIX", redis.prefix())
        .env("KUBECHAT__HEALTH__CHECK_TIMEOUT_MS", "3000");
    let mut server = Server::start(cmd, port);
    server.wait_for("/health/liveness").await;

    proxy.set_mode(ProxyMode::Blackhole);
    let before = proxy.accepted();
    let slow = tokio::spawn({
        let (http, url) = (
            server.http.clone(),
            format!("{}/health/readiness", server.base),
        );
        async move { http.get(url).send().await }
    });
    // Bounded: a server that never opens the connection fails the test
    // instead of hanging it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while proxy.accepted() == before {
        assert!(
            std::time::Instant::now() < deadline,
            "the server did not reach Redis within 30 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    server.sigterm();

    // New connections are refused while the in-flight one is still served.
    let mut refused = false;
    for _ in 0..100 {
        if server.get("/health/liveness").await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(refused, "the listener should close on SIGTERM");
    assert!(
        !slow.is_finished(),
        "the slow request is still being served"
    );

    let resp = slow.await??;
    assert_eq!(resp.status(), 503);
    let body: serde_json::Value = resp.json().await?;
    assert_eq!(body["failing"][0]["name"], "redis", "{body}");
    let (status, logs) = server.wait();
    assert!(status.success(), "{status}\n{logs}");
    assert!(logs.contains("all in-flight requests finished"), "{logs}");
    Ok(())
}

/// How many migrations a new database of `kind` gets: the store's files.
fn migrations(kind: &str) -> usize {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../kubechat-store/migrations")
        .join(kind);
    std::fs::read_dir(&dir)
        .map(|d| d.filter(|e| e.is_ok()).count())
        .unwrap_or_default()
}

#[tokio::test]
async fn db_migrate_applies_once() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let first = run(kubechat(dir.path()).args(["--data-dir", "state", "db", "migrate"]));
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let out = String::from_utf8_lossy(&first.stdout);
    let applied = format!("(sqlite): {} migration(s) applied", migrations("sqlite"));
    assert!(out.contains(&applied), "{out}");
    assert!(dir.path().join("state/kubechat.db").is_file());

    let second = run(kubechat(dir.path()).args(["--data-dir", "state", "db", "migrate"]));
    assert!(String::from_utf8_lossy(&second.stdout).contains(": 0 migration(s) applied"));
    Ok(())
}

#[tokio::test]
async fn db_migrate_on_postgres() -> anyhow::Result<()> {
    let db = kubechat_testkit::TestDatabase::create().await?;
    let dir = tempfile::tempdir()?;
    let out = run(kubechat(dir.path())
        .env("KUBECHAT__DATABASE__URL", db.url())
        .args(["db", "migrate"]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let applied = format!(
        "(postgres): {} migration(s) applied",
        migrations("postgres")
    );
    assert!(text.contains(&applied), "{text}");
    assert!(!text.contains(":postgres@"), "password redacted: {text}");
    Ok(())
}

#[tokio::test]
async fn serve_demo_reports_the_demo_cluster_ready() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let port = free_port()?;
    let mut cmd = kubechat(dir.path());
    cmd.args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}")]);
    let mut server = Server::start(cmd, port);
    server.wait_for("/health/readiness").await;
    let health: serde_json::Value = server.get("/health").await?.json().await?;
    let k8s = &health["dependencies"][2];
    assert_eq!(k8s["status"], "up", "{health}");
    assert!(
        k8s["detail"]
            .as_str()
            .unwrap_or("")
            .contains("kubechat-demo"),
        "{health}"
    );
    server.sigterm();
    assert!(server.wait().0.success());
    Ok(())
}
