use crate::helpers::{Blackhole, spawn_app};

#[tokio::test]
async fn shutdown_lets_an_in_flight_request_finish_and_stops_accepting() -> anyhow::Result<()> {
    // A readiness probe against a hung Redis takes the full check timeout:
    // a real slow request.
    let mut app = spawn_app(|c| c.health.check_timeout_ms = 1500).await?;
    app.redis_proxy.set_mode(Blackhole);
    let before = app.redis_proxy.accepted();
    let slow = tokio::spawn({
        let (http, url) = (app.http.clone(), app.url("/health/readiness"));
        async move { http.get(url).send().await }
    });
    // In flight once the server has opened its connection to Redis.
    // Bounded: a server that never opens the connection fails the test
    // instead of hanging it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while app.redis_proxy.accepted() == before {
        assert!(
            std::time::Instant::now() < deadline,
            "the server did not reach Redis within 30 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }

    app.shutdown();
    let resp = slow.await??;
    assert_eq!(
        resp.status(),
        503,
        "the in-flight request got its real answer"
    );
    let body: serde_json::Value = resp.json().await?;
    assert_eq!(body["failing"][0]["name"], "redis");

    (&mut app.server).await??;
    let refused = app.http.get(app.url("/health/liveness")).send().await;
    assert!(refused.is_err(), "a stopped server accepts nothing");
    Ok(())
}
