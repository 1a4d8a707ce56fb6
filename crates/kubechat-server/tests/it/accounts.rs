//! The account endpoints over HTTP: login, me, API tokens, refresh,
//! logout, JWKS, and the audit API for admins only.

use kubechat_core::UserRole;
use kubechat_store::DEFAULT_WORKSPACE_ID as WS;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

const PASSWORD: &str = "correct horse battery staple";

async fn add_users(app: &TestApp) {
    let (store, auth) = app.accounts().await.unwrap();
    auth.add_user(WS, "alice", PASSWORD, UserRole::Operator, None, vec![])
        .await
        .unwrap();
    auth.add_user(
        WS,
        "root",
        PASSWORD,
        UserRole::Admin,
        Some("ops-admin".into()),
        vec!["ops".into()],
    )
    .await
    .unwrap();
    store.close().await;
}

async fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value, reqwest::header::HeaderMap) {
    let mut req = app.http.request(method.parse().unwrap(), app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let text = r.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::Null),
        headers,
    )
}

async fn login(app: &TestApp, user: &str) -> Value {
    let (s, body, _) = call(
        app,
        "POST",
        "/api/v1/login",
        None,
        Some(json!({"username": user, "password": PASSWORD})),
    )
    .await;
    assert_eq!(s, 200, "{body}");
    body
}

#[tokio::test]
async fn login_me_tokens_refresh_logout() -> anyhow::Result<()> {
    let app = spawn_app(|_| {}).await?;
    add_users(&app).await;

    // Refusals: same answer for a wrong password and an unknown user.
    let (s, body, headers) = call(
        &app,
        "POST",
        "/api/v1/login",
        None,
        Some(json!({"username": "alice", "password": "wrong wrong wrong"})),
    )
    .await;
    assert_eq!(s, 401);
    assert_eq!(body["error"]["message"], "user name or password is wrong");
    assert_eq!(headers["www-authenticate"], "Bearer realm=\"kubechat\"");
    let (_, other, _) = call(
        &app,
        "POST",
        "/api/v1/login",
        None,
        Some(json!({"username": "mallory", "password": PASSWORD})),
    )
    .await;
    assert_eq!(other, body);
    let (s, _, _) = call(
        &app,
        "POST",
        "/api/v1/login",
        None,
        Some(json!({"workspace": "nope", "username": "alice", "password": PASSWORD})),
    )
    .await;
    assert_eq!(s, 401);
    // Bad bodies name the problem.
    let (s, body, _) = call(
        &app,
        "POST",
        "/api/v1/login",
        None,
        Some(json!({"username": "alice", "pasword": PASSWORD})),
    )
    .await;
    assert_eq!(s, 400);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("pasword"),
        "{body}"
    );
    let (s, body, _) = call(
        &app,
        "POST",
        "/api/v1/login",
        None,
        Some(json!({"username": 5, "password": PASSWORD})),
    )
    .await;
    assert_eq!(s, 400);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("field `username`"),
        "{body}"
    );

    // Login and who-am-I.
    let tokens = login(&app, "alice").await;
    assert_eq!(tokens["token_type"], "Bearer");
    let access = tokens["access_token"].as_str().unwrap();
    let (s, me, _) = call(&app, "GET", "/api/v1/me", Some(access), None).await;
    assert_eq!(s, 200, "{me}");
    assert_eq!(me["username"], "alice");
    assert_eq!(me["role"], "operator");
    assert_eq!(
        me["kubernetes"],
        json!({"user": "alice", "groups": ["kubechat:operator"]})
    );
    assert_eq!(me["authenticated_with"], "access-token");
    // The workspace's identity template (on PostgreSQL here): alice, who
    // has no identity of her own, acts under it from her next request.
    {
        let (store, auth) = app.accounts().await.unwrap();
        auth.set_identity_template(
            WS,
            &kubechat_auth::IdentityTemplate {
                user: "kc:{username}".into(),
                groups: vec!["kc-{role}".into()],
            },
        )
        .await
        .unwrap();
        let (_, me, _) = call(&app, "GET", "/api/v1/me", Some(access), None).await;
        assert_eq!(
            me["kubernetes"],
            json!({"user": "kc:alice", "groups": ["kc-operator"]})
        );
        let root = auth
            .users(WS)
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.username == "root")
            .unwrap();
        assert_eq!(
            (root.kube_user.as_str(), root.kube_groups.as_slice()),
            ("ops-admin", &["ops".to_owned()][..])
        );
        auth.set_identity_template(WS, &kubechat_auth::IdentityTemplate::default())
            .await
            .unwrap();
        store.close().await;
    }
    let (s, _, _) = call(&app, "GET", "/api/v1/me", None, None).await;
    assert_eq!(s, 401);
    let (s, _, _) = call(&app, "GET", "/api/v1/me", Some("not-a-token"), None).await;
    assert_eq!(s, 401);

    // The access token's key is in the JWKS.
    let (s, jwks, _) = call(&app, "GET", "/.well-known/jwks.json", None, None).await;
    assert_eq!(s, 200);
    use base64::Engine;
    let header: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(access.split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert!(
        jwks["keys"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["kid"] == header["kid"]),
        "{jwks}"
    );

    // Personal API tokens.
    let (s, created, _) = call(
        &app,
        "POST",
        "/api/v1/tokens",
        Some(access),
        Some(json!({"name": "laptop", "expires_in_days": 30})),
    )
    .await;
    assert_eq!(s, 201, "{created}");
    let secret = created["secret"].as_str().unwrap();
    let (_, me, _) = call(&app, "GET", "/api/v1/me", Some(secret), None).await;
    assert_eq!(me["authenticated_with"], "api-token");
    let (_, listed, _) = call(&app, "GET", "/api/v1/tokens", Some(access), None).await;
    assert_eq!(listed["tokens"][0]["name"], "laptop");
    assert!(!listed.to_string().contains(secret));
    let id = created["token"]["id"].as_str().unwrap();
    let (s, _, _) = call(
        &app,
        "DELETE",
        &format!("/api/v1/tokens/{id}"),
        Some(access),
        None,
    )
    .await;
    assert_eq!(s, 204);
    let (s, _, _) = call(&app, "GET", "/api/v1/me", Some(secret), None).await;
    assert_eq!(s, 401, "a revoked API token is refused");
    let (s, _, _) = call(
        &app,
        "POST",
        "/api/v1/tokens",
        Some(access),
        Some(json!({"name": "x", "expires_in_days": 99999})),
    )
    .await;
    assert_eq!(s, 400);

    // Refresh rotates; the old refresh token is dead; logout ends it all.
    let refresh = tokens["refresh_token"].as_str().unwrap();
    let (s, next, _) = call(
        &app,
        "POST",
        "/api/v1/refresh",
        None,
        Some(json!({"refresh_token": refresh})),
    )
    .await;
    assert_eq!(s, 200, "{next}");
    let (s, _, _) = call(
        &app,
        "POST",
        "/api/v1/refresh",
        None,
        Some(json!({"refresh_token": refresh})),
    )
    .await;
    assert_eq!(s, 401);
    let fresh = login(&app, "alice").await;
    let (s, _, _) = call(
        &app,
        "POST",
        "/api/v1/logout",
        None,
        Some(json!({"refresh_token": fresh["refresh_token"]})),
    )
    .await;
    assert_eq!(s, 204);
    let (s, _, _) = call(
        &app,
        "POST",
        "/api/v1/refresh",
        None,
        Some(json!({"refresh_token": fresh["refresh_token"]})),
    )
    .await;
    assert_eq!(s, 401);
    Ok(())
}

#[tokio::test]
async fn the_audit_api_is_for_admins() -> anyhow::Result<()> {
    let app = spawn_app(|_| {}).await?;
    add_users(&app).await;
    let operator = login(&app, "alice").await;
    let (s, body, _) = call(
        &app,
        "GET",
        "/api/v1/audit",
        operator["access_token"].as_str(),
        None,
    )
    .await;
    assert_eq!(s, 403, "{body}");
    assert_eq!(
        body["error"]["message"],
        "alice has the role operator; only admins read the audit log"
    );
    let admin = login(&app, "root").await;
    let (s, body, _) = call(
        &app,
        "GET",
        "/api/v1/audit",
        admin["access_token"].as_str(),
        None,
    )
    .await;
    assert_eq!(s, 200, "{body}");
    assert!(body["events"].is_array());
    Ok(())
}
