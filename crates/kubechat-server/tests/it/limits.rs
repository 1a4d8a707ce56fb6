//! Rate limits across two replicas sharing PostgreSQL and Redis, and the
//! block lists.

use kubechat_core::UserRole;
use kubechat_store::DEFAULT_WORKSPACE_ID as WS;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

const PASSWORD: &str = "correct horse battery staple";

async fn users(app: &TestApp, names: &[&str]) {
    let (store, auth) = app.accounts().await.unwrap();
    for n in names {
        auth.add_user(WS, n, PASSWORD, UserRole::Viewer, None, vec![])
            .await
            .unwrap();
    }
    store.close().await;
}

async fn token(app: &TestApp, user: &str) -> String {
    let body: Value = app
        .http
        .post(app.url("/api/v1/login"))
        .json(&json!({"username": user, "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_limit_of_n_admits_n_across_two_replicas() -> anyhow::Result<()> {
    let a = spawn_app(|c| c.rate_limits.user_per_minute = 5).await?;
    let b = spawn_app(|c| {
        a.replica_of(c);
        c.rate_limits.user_per_minute = 5;
    })
    .await?;
    users(&a, &["alice", "mallory"]).await;
    let t = token(&a, "alice").await;
    let mut ok = 0;
    let mut refused = Vec::new();
    let mut remaining = Vec::new();
    for i in 0..8 {
        let app = if i % 2 == 0 { &a } else { &b };
        let r = app
            .http
            .get(app.url("/api/v1/me"))
            .bearer_auth(&t)
            .send()
            .await?;
        match r.status().as_u16() {
            200 => {
                ok += 1;
                // Admitted answers show what is left, across replicas.
                assert_eq!(r.headers()["ratelimit-limit"], "5");
                remaining.push(r.headers()["ratelimit-remaining"].to_str()?.to_owned());
            }
            429 => refused.push(r),
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(ok, 5, "the token from replica a works on b, and both count");
    assert_eq!(remaining, ["4", "3", "2", "1", "0"]);
    assert_eq!(refused.len(), 3);
    let r = refused.remove(0);
    let h = r.headers();
    let retry: u64 = h["retry-after"].to_str()?.parse()?;
    assert!((1..=12).contains(&retry), "one slot per 12 s: {retry}");
    assert_eq!(h["ratelimit-limit"], "5");
    assert_eq!(h["ratelimit-remaining"], "0");
    let body: Value = r.json().await?;
    assert_eq!(body["error"]["code"], "rate_limited");
    let metrics = a.get("/metrics").await.text().await? + &b.get("/metrics").await.text().await?;
    assert!(
        metrics.contains(r#"rate_limit_rejections_total{scope="user"}"#),
        "{metrics}"
    );

    // Another user has a budget of their own.
    let m = token(&b, "mallory").await;
    let r = a
        .http
        .get(a.url("/api/v1/me"))
        .bearer_auth(&m)
        .send()
        .await?;
    assert_eq!(r.status().as_u16(), 200);
    Ok(())
}

#[tokio::test]
async fn blocked_users_and_addresses_are_refused() -> anyhow::Result<()> {
    let a = spawn_app(|c| c.rate_limits.blocked_users = vec!["mallory".into()]).await?;
    users(&a, &["mallory", "alice"]).await;
    let m = token(&a, "mallory").await;
    let r = a
        .http
        .get(a.url("/api/v1/me"))
        .bearer_auth(&m)
        .send()
        .await?;
    assert_eq!(r.status().as_u16(), 403);
    let body: Value = r.json().await?;
    assert_eq!(body["error"]["code"], "blocked");
    let t = token(&a, "alice").await;
    assert_eq!(
        a.http
            .get(a.url("/api/v1/me"))
            .bearer_auth(&t)
            .send()
            .await?
            .status()
            .as_u16(),
        200
    );

    let b = spawn_app(|c| {
        a.replica_of(c);
        c.rate_limits.blocked_ips = vec!["127.0.0.0/8".into()];
    })
    .await?;
    let r = b
        .http
        .get(b.url("/api/v1/me"))
        .bearer_auth(&t)
        .send()
        .await?;
    assert_eq!(r.status().as_u16(), 403);
    assert_eq!(
        b.get("/health/liveness").await.status().as_u16(),
        200,
        "probes are never blocked"
    );
    Ok(())
}
