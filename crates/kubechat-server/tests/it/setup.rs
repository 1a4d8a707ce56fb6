//! The first five minutes: a server without users prints a one-time setup
//! link; it creates the first admin once, and nothing else.

use serde_json::json;

use crate::helpers::spawn_app;

const PASSWORD: &str = "correct horse battery staple";

#[tokio::test]
async fn the_setup_link_creates_the_first_admin_once() -> anyhow::Result<()> {
    let app = spawn_app(|_| {}).await?;
    let link = app
        .setup_link
        .clone()
        .expect("a server without users prints a setup link");
    assert!(
        link.starts_with(&format!("http://{}/setup#token=", app.addr)),
        "{link}"
    );
    let token = link.rsplit("token=").next().unwrap().to_owned();
    assert_eq!(token.len(), 32);
    let (status, body) = app.get_json("/api/v1/setup").await;
    assert_eq!((status, &body["needed"]), (200, &json!(true)));
    // The page the link opens is the web UI.
    let page = app.get("/setup").await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await?.contains("Create the first admin"));

    let setup = |body: serde_json::Value| {
        let http = app.http.clone();
        let url = app.url("/api/v1/setup");
        async move {
            let r = http.post(url).json(&body).send().await.unwrap();
            let status = r.status().as_u16();
            (
                status,
                r.json::<serde_json::Value>().await.unwrap_or_default(),
            )
        }
    };
    let pg = sqlx::PgPool::connect(app.db_url()).await?;
    let users = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM users")
            .fetch_one(&pg)
            .await
            .unwrap()
    };
    // A wrong token, a weak password, a bad name: refused, nothing written.
    for (body, status, says) in [
        (
            json!({"token": "0".repeat(32), "username": "ada", "password": PASSWORD}),
            403,
            "setup link",
        ),
        (
            json!({"token": token, "username": "ada", "password": "short"}),
            400,
            "password",
        ),
        (
            json!({"token": token, "username": "no spaces allowed", "password": PASSWORD}),
            400,
            "username",
        ),
        (
            json!({"token": token, "username": "ada", "password": PASSWORD, "role": "viewer"}),
            400,
            "role",
        ),
    ] {
        let (s, b) = setup(body).await;
        assert_eq!(s, status, "{b}");
        assert!(
            b["error"]["message"].as_str().unwrap_or("").contains(says),
            "{b}"
        );
        assert_eq!(users().await, 0);
    }
    let (s, b) = setup(json!({"token": token, "username": "ada", "password": PASSWORD})).await;
    assert_eq!(s, 201, "{b}");
    // Once: the same link, or another name, is refused now.
    let (s, b) = setup(json!({"token": token, "username": "eve", "password": PASSWORD})).await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (409, Some("setup_done")),
        "{b}"
    );
    assert_eq!(users().await, 1);
    let (_, body) = app.get_json("/api/v1/setup").await;
    assert_eq!(body["needed"], false);
    // ada is an admin and signs in; the setup is in the audit trail.
    let token = app.login("ada", PASSWORD).await;
    let (_, me) = app.get_as("/api/v1/me", Some(&token)).await;
    assert_eq!(me["role"], "admin", "{me}");
    let outcome: Option<String> =
        sqlx::query_scalar("SELECT outcome FROM audit_events WHERE request_text LIKE 'setup:%'")
            .fetch_optional(&pg)
            .await?
            .flatten();
    assert_eq!(outcome.as_deref(), Some("setup"));
    Ok(())
}

#[tokio::test]
async fn a_server_with_users_prints_no_setup_link() -> anyhow::Result<()> {
    let first = spawn_app(|_| {}).await?;
    first
        .add_users(&[("ada", kubechat_core::UserRole::Admin)], PASSWORD)
        .await?;
    // A second process on the same database starts after a user exists.
    let second = spawn_app(|c| first.replica_of(c)).await?;
    assert!(second.setup_link.is_none());
    // And the first stops offering its link once any user exists.
    let (_, body) = first.get_json("/api/v1/setup").await;
    assert_eq!(body["needed"], false);
    let token = first.setup_link.clone().unwrap();
    let token = token.rsplit("token=").next().unwrap();
    let r = first
        .http
        .post(first.url("/api/v1/setup"))
        .json(&json!({"token": token, "username": "eve", "password": PASSWORD}))
        .send()
        .await?;
    assert_eq!(r.status().as_u16(), 409);
    Ok(())
}

#[tokio::test]
async fn two_replicas_set_up_one_admin_and_a_refused_setup_writes_nothing() -> anyhow::Result<()> {
    let a = spawn_app(|_| {}).await?;
    let b = spawn_app(|c| a.replica_of(c)).await?;
    let token = |app: &crate::helpers::TestApp| {
        app.setup_link
            .clone()
            .expect("no users yet: a link")
            .rsplit("token=")
            .next()
            .unwrap()
            .to_owned()
    };
    let pg = sqlx::PgPool::connect(a.db_url()).await?;
    // A weak password with a new workspace: refused, and no workspace made.
    let r = a
        .http
        .post(a.url("/api/v1/setup"))
        .json(&json!({"token": token(&a), "username": "ada", "password": "short", "workspace": "team-a"}))
        .send()
        .await?;
    assert_eq!(r.status().as_u16(), 400);
    let workspaces: i64 =
        sqlx::query_scalar("SELECT count(*) FROM workspaces WHERE slug = 'team-a'")
            .fetch_one(&pg)
            .await?;
    assert_eq!(workspaces, 0);
    // Each replica's own link, at once: one admin.
    let post = |app: &crate::helpers::TestApp, name: &str| {
        let req = app
            .http
            .post(app.url("/api/v1/setup"))
            .json(&json!({"token": token(app), "username": name, "password": PASSWORD}));
        async move { req.send().await.unwrap().status().as_u16() }
    };
    let (sa, sb) = tokio::join!(post(&a, "ada"), post(&b, "bea"));
    let mut statuses = [sa, sb];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409]);
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&pg)
        .await?;
    assert_eq!(users, 1);
    Ok(())
}
