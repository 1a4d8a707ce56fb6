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
    while app.redis_proxy.accepted() == before {
        tokio::task::yield_now().await;
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
