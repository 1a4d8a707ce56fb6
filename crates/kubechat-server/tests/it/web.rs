//! The web UI's files and the two endpoints only it needs: the namespace
//! picker's list and (in `audit.rs`) the chain status. The UI itself is
//! tested in a real browser by `crates/kubechat/tests/browser.rs`.

use std::time::Duration;

use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding};
use kube::api::{Api, DeleteParams, PostParams};
use kubechat_core::{UserRole, Verb};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app, web_cluster};

const PASSWORD: &str = "correct horse battery staple";

#[tokio::test]
async fn the_page_and_its_assets_are_served_with_a_strict_policy() -> anyhow::Result<()> {
    let app = spawn_app(|_| {}).await?;
    let r = app.get("/").await;
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    assert_eq!(h["content-type"], "text/html; charset=utf-8");
    let csp = h["content-security-policy"].to_str()?;
    for directive in [
        "default-src 'none'",
        "script-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "{csp}");
    }
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["cache-control"], "no-cache");
    let etag = h["etag"].to_str()?.to_owned();
    let body = r.text().await?;
    assert!(body.contains(r#"<script type="module" src="/assets/app.js">"#));

    // Revalidation: the same file is not sent twice.
    let again = app
        .http
        .get(app.url("/"))
        .header("if-none-match", &etag)
        .send()
        .await?;
    assert_eq!(again.status(), 304);
    assert!(again.text().await?.is_empty());

    let js = app.get("/assets/app.js").await;
    assert_eq!(js.status(), 200);
    assert_eq!(
        js.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    let missing = app.get("/assets/missing.js").await;
    assert_eq!(missing.status(), 404);
    let body: Value = missing.json().await?;
    assert_eq!(body["error"]["code"], "not_found");
    assert_eq!(app.get("/assets/..%2FCargo.toml").await.status(), 404);

    // The API's OpenAPI document (generated from the handlers).
    let doc = app.get("/api/openapi.json").await;
    assert_eq!(doc.status(), 200);
    assert_eq!(doc.headers()["content-type"], "application/json");
    let doc: Value = doc.json().await?;
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["paths"]["/api/v1/ask"]["post"].is_object());

    // The bot settings page offers every verb of the Operation contract.
    let settings = app.get("/assets/settings.js").await.text().await?;
    for verb in Verb::ALL {
        assert!(
            settings.contains(&format!("'{}'", verb.as_str())),
            "settings.js does not offer {verb:?}"
        );
    }
    Ok(())
}

async fn token(app: &TestApp, user: &str) -> String {
    app.login(user, PASSWORD).await
}

async fn namespaces(app: &TestApp, token: &str) -> Value {
    let r = app
        .http
        .get(app.url("/api/v1/namespaces"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

#[tokio::test]
async fn the_namespace_picker_lists_what_the_user_may_list() -> anyhow::Result<()> {
    let cluster = web_cluster(&["nina"]).await?;
    let app = spawn_app(|c| cluster.configure(c)).await?;
    let store = app
        .add_users(
            &[("nina", UserRole::Operator), ("adam", UserRole::Admin)],
            PASSWORD,
        )
        .await?;
    let nina = token(&app, "nina").await;
    let adam = token(&app, "adam").await;

    // Cluster RBAC refuses nina the list: the policy's literal names are
    // offered instead, with the reason.
    let put = app
        .http
        .put(app.url("/api/v1/policy"))
        .bearer_auth(&adam)
        .json(&json!({"allowed_namespaces": [cluster.ns, "team-*", "*"]}))
        .send()
        .await?;
    assert_eq!(put.status(), 200);
    let body = namespaces(&app, &nina).await;
    assert_eq!(body["source"], "policy", "{body}");
    assert_eq!(body["namespaces"], json!([cluster.ns]), "{body}");
    assert!(
        body["reason"].as_str().unwrap().contains("nina"),
        "the reason names who was refused: {body}"
    );

    // Allowed to list namespaces: the cluster's answer, read as nina.
    let role = format!("list-namespaces-{}", cluster.ns);
    let pp = PostParams::default();
    let roles: Api<ClusterRole> = Api::all(cluster.admin.clone());
    let bindings: Api<ClusterRoleBinding> = Api::all(cluster.admin.clone());
    roles
        .create(&pp, &serde_json::from_value(json!({
            "metadata": {"name": role},
            "rules": [{"apiGroups": [""], "resources": ["namespaces"], "verbs": ["list", "get"]}]
        }))?)
        .await?;
    bindings
        .create(&pp, &serde_json::from_value(json!({
            "metadata": {"name": role},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
            "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "nina"}]
        }))?)
        .await?;
    let mut body = Value::Null;
    for _ in 0..100 {
        body = namespaces(&app, &nina).await;
        if body["source"] == "cluster" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(body["source"], "cluster", "{body}");
    let names: Vec<&str> = body["namespaces"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(names.contains(&cluster.ns.as_str()), "{body}");
    assert!(names.contains(&"default"), "{body}");

    // A policy without `*` keeps the cluster-wide list from running at all.
    let put = app
        .http
        .put(app.url("/api/v1/policy"))
        .bearer_auth(&adam)
        .json(&json!({"allowed_namespaces": [cluster.ns]}))
        .send()
        .await?;
    assert_eq!(put.status(), 200);
    let body = namespaces(&app, &nina).await;
    assert_eq!(body["source"], "policy", "{body}");
    assert_eq!(body["namespaces"], json!([cluster.ns]));

    let dp = DeleteParams::default();
    bindings.delete(&role, &dp).await?;
    roles.delete(&role, &dp).await?;
    store.close().await;
    Ok(())
}
