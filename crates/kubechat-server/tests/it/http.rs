use crate::helpers::spawn_app;

/// The `_count` of the request histogram for one route and status.
fn histogram_count(metrics: &str, route: &str, status: u16) -> u64 {
    let needle = format!(
        "http_request_duration_seconds_count{{method=\"GET\",route=\"{route}\",status=\"{status}\"}} "
    );
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(&needle))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn metrics_show_the_request_histogram_moving() -> anyhow::Result<()> {
    let app = spawn_app(|_| {}).await?;
    let before = app.get("/metrics").await.text().await?;
    let start = histogram_count(&before, "/health/liveness", 200);
    for _ in 0..3 {
        assert_eq!(app.get("/health/liveness").await.status(), 200);
    }
    assert_eq!(app.get("/no/such/page").await.status(), 404);
    let after = app.get("/metrics").await.text().await?;
    assert_eq!(
        histogram_count(&after, "/health/liveness", 200),
        start + 3,
        "{after}"
    );
    assert_eq!(
        histogram_count(&after, "unmatched", 404),
        1,
        "raw paths never become labels"
    );
    for family in [
        "db_pool_connections{state=\"idle\"}",
        "db_pool_connections{state=\"active\"}",
        "db_pool_max_connections 10",
        "process_resident_memory_bytes ",
        "process_cpu_seconds_total ",
        "process_open_fds ",
    ] {
        assert!(after.contains(family), "missing {family} in\n{after}");
    }
    Ok(())
}

#[tokio::test]
async fn every_response_carries_a_request_id() -> anyhow::Result<()> {
    let app = spawn_app(|_| {}).await?;
    let generated = app.get("/health/liveness").await;
    let id = generated
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert_eq!(id.len(), 36, "a UUID is generated: {id:?}");

    let echoed = app
        .http
        .get(app.url("/health/liveness"))
        .header("x-request-id", "trace-me-42")
        .send()
        .await?;
    assert_eq!(
        echoed
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        Some("trace-me-42")
    );
    Ok(())
}

#[tokio::test]
async fn unknown_routes_get_the_standard_error_body() -> anyhow::Result<()> {
    let app = spawn_app(|_| {}).await?;
    let (status, body) = app.get_json("/api/v1/nothing-here").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
    assert_eq!(
        body["error"]["message"],
        "no route for /api/v1/nothing-here"
    );
    Ok(())
}
