//! Workspaces are tenants: a user of one can never read or change
//! another's sessions, plans, approvals, audit, tokens, policy, presence
//! or billing — checked endpoint by endpoint with two workspaces on one
//! deployment (and the same user name in both).

use kubechat_config::Secret;
use kubechat_core::UserRole;
use kubechat_store::{DEFAULT_WORKSPACE_ID, WorkspaceRepository, WorkspaceSlug};
use serde_json::{Value, json};

use crate::helpers::{TestApp, call, spawn_app, web_cluster};
use crate::ws::{ask_until_preview, next, open_chat};

const PASSWORD: &str = "correct horse battery staple";
const OTHER_PASSWORD: &str = "another horse, another stable";
const SECRET: &str = "whsec_isolation_0123";

async fn login_in(app: &TestApp, workspace: &str, user: &str, password: &str) -> (u16, Value) {
    let r = app
        .http
        .post(app.url("/api/v1/login"))
        .json(&json!({"workspace": workspace, "username": user, "password": password}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn no_endpoint_crosses_workspaces() -> anyhow::Result<()> {
    use reqwest::Method;
    let cluster = web_cluster(&["ada", "alice", "bea", "mallory"]).await?;
    let ns = cluster.ns.clone();
    let app = spawn_app(|c| {
        cluster.configure(c);
        c.billing.enabled = true;
        c.billing.webhook_secrets = vec![Secret::new(SECRET)];
        let mut plans = c.billing.plans_in_effect();
        plans[0].mutations = true; // the free plan may change things here
        c.billing.plans = plans;
    })
    .await?;
    let (store, accounts) = app.accounts().await?;
    let other = store
        .create_workspace(
            &WorkspaceSlug::parse("other")?,
            "Other",
            &kubechat_core::SystemClock,
        )
        .await?
        .id;
    app.add_users(
        &[
            ("ada", UserRole::Admin),
            ("alice", UserRole::Operator),
            ("bea", UserRole::Admin),
        ],
        PASSWORD,
    )
    .await?;
    accounts
        .add_user(
            other,
            "mallory",
            OTHER_PASSWORD,
            UserRole::Admin,
            None,
            vec![],
        )
        .await?;
    // The same name in the other workspace is another person.
    accounts
        .add_user(other, "ada", OTHER_PASSWORD, UserRole::Viewer, None, vec![])
        .await?;

    // Login: the workspace decides which "ada" signs in.
    let (s, _) = login_in(&app, "other", "ada", PASSWORD).await;
    assert_eq!(s, 401, "default ada's password does not open other's ada");
    let (s, b) = login_in(&app, "other", "ada", OTHER_PASSWORD).await;
    assert_eq!(s, 200, "{b}");
    let other_ada = b["access_token"].as_str().unwrap().to_owned();
    let (_, me) = app.get_as("/api/v1/me", Some(&other_ada)).await;
    assert_eq!(
        (me["workspace_id"].as_str(), me["role"].as_str()),
        (Some(other.to_string().as_str()), Some("viewer"))
    );
    let ada = app.login("ada", PASSWORD).await;
    let alice = app.login("alice", PASSWORD).await;
    let bea = app.login("bea", PASSWORD).await;
    let (_, b) = login_in(&app, "other", "mallory", OTHER_PASSWORD).await;
    let mallory = b["access_token"].as_str().unwrap().to_owned();

    // Tokens: not listed, not revocable from the other workspace.
    let (s, t) = call(
        &app,
        Method::POST,
        "/api/v1/tokens",
        &ada,
        Some(json!({"name": "ci"})),
    )
    .await;
    assert_eq!(s, 201, "{t}");
    let token_id = t["token"]["id"].as_str().unwrap().to_owned();
    let (_, list) = call(&app, Method::GET, "/api/v1/tokens", &mallory, None).await;
    assert_eq!(list["tokens"].as_array().map(Vec::len), Some(0), "{list}");
    let (s, _) = call(
        &app,
        Method::DELETE,
        &format!("/api/v1/tokens/{token_id}"),
        &mallory,
        None,
    )
    .await;
    assert_eq!(s, 404);
    let (s, _) = app
        .get_as("/api/v1/me", Some(t["secret"].as_str().unwrap()))
        .await;
    assert_eq!(s, 200, "ada's token still works");

    // Policy: mallory's change is her workspace's only.
    let (_, mut policy) = call(&app, Method::GET, "/api/v1/policy", &ada, None).await;
    policy["destructive_confirmation"] = json!("approval");
    let (s, b) = call(
        &app,
        Method::PUT,
        "/api/v1/policy",
        &ada,
        Some(policy.clone()),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let mut theirs = policy.clone();
    theirs["destructive_confirmation"] = json!("typed");
    theirs["denied_resources"] = json!(["deployments"]);
    let (s, _) = call(&app, Method::PUT, "/api/v1/policy", &mallory, Some(theirs)).await;
    assert_eq!(s, 200);
    let (_, now) = call(&app, Method::GET, "/api/v1/policy", &ada, None).await;
    assert_eq!(now, policy, "default's policy unchanged");

    // Bots: ada's bot is not mallory's to see, change or read the
    // history of; hers of the same name is another bot.
    let shop = json!({"version": 0, "settings": {"display_name": "Shop", "avatar": "S"}});
    let (s, _) = call(
        &app,
        Method::PUT,
        "/api/v1/bots/shop",
        &ada,
        Some(shop.clone()),
    )
    .await;
    assert_eq!(s, 200);
    let (_, list) = call(&app, Method::GET, "/api/v1/bots", &mallory, None).await;
    assert!(!list.to_string().contains("\"shop\""), "{list}");
    let (s, _) = call(&app, Method::GET, "/api/v1/bots/shop", &mallory, None).await;
    assert_eq!(s, 404);
    let (s, _) = call(
        &app,
        Method::GET,
        "/api/v1/bots/shop/versions",
        &mallory,
        None,
    )
    .await;
    assert_eq!(s, 200);
    let mut hers = shop.clone();
    hers["settings"]["display_name"] = json!("Mallory's shop");
    let (s, b) = call(&app, Method::PUT, "/api/v1/bots/shop", &mallory, Some(hers)).await;
    assert_eq!(
        (s, b["version"].as_i64()),
        (200, Some(1)),
        "her own bot, version 1: {b}"
    );
    let (_, ours) = call(&app, Method::GET, "/api/v1/bots/shop", &ada, None).await;
    assert_eq!(ours["settings"]["display_name"], "Shop", "{ours}");
    let (_, v) = call(&app, Method::GET, "/api/v1/bots/shop/versions", &ada, None).await;
    assert_eq!(v["versions"].as_array().map(Vec::len), Some(1), "{v}");
    let (s, b) = call(
        &app,
        Method::POST,
        "/api/v1/ask",
        &other_ada,
        Some(json!({"text": "get pods", "bot": "nobot"})),
    )
    .await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (404, Some("unknown_bot")),
        "{b}"
    );

    // Sessions and plans: alice's preview (over the WebSocket, in session
    // "ops") cannot be seen, confirmed or cancelled by mallory.
    let mut ws = open_chat(&app, "ops", &alice).await;
    let preview = ask_until_preview(&mut ws, "scale web to 3", &ns).await;
    assert_eq!(preview["type"], "preview", "{preview}");
    let plan = preview["plan_id"].as_str().unwrap().to_owned();
    for action in ["confirm", "cancel"] {
        let (s, b) = call(
            &app,
            Method::POST,
            &format!("/api/v1/plans/{plan}/{action}"),
            &mallory,
            Some(json!({})),
        )
        .await;
        assert!(s == 403 || s == 404, "{action}: {s} {b}");
    }
    let (_, sessions) = call(&app, Method::GET, "/api/v1/sessions", &mallory, None).await;
    assert!(!sessions.to_string().contains("ops"), "{sessions}");
    let (s, history) = call(
        &app,
        Method::GET,
        "/api/v1/sessions/ops/messages",
        &mallory,
        None,
    )
    .await;
    assert!(
        s == 404 || history["messages"].as_array().is_some_and(Vec::is_empty),
        "{s} {history}"
    );
    // Her own session of the same name knows nothing of alice's plan.
    let (mut theirs, _) =
        crate::ws::connect(&app, "ops", ("authorization", &format!("Bearer {mallory}")))
            .await
            .unwrap();
    let hello = next(&mut theirs).await;
    assert_eq!(hello["pending"], json!([]), "{hello}");

    // Presence: who is online is per workspace.
    let (_, online) = call(&app, Method::GET, "/api/v1/presence", &mallory, None).await;
    assert!(!online.to_string().contains("alice"), "{online}");
    let (_, online) = call(&app, Method::GET, "/api/v1/presence", &ada, None).await;
    assert!(online.to_string().contains("alice"), "{online}");
    assert!(!online.to_string().contains("mallory"), "{online}");

    // Approvals: bea's delete waits for another admin of her workspace only.
    let (s, del) = call(
        &app,
        Method::POST,
        "/api/v1/ask",
        &bea,
        Some(json!({"text": "delete deployment web", "namespace": ns})),
    )
    .await;
    assert_eq!(
        (s, del["confirmation"]["kind"].as_str()),
        (200, Some("approval")),
        "{del}"
    );
    let waiting = del["plan_id"].as_str().unwrap().to_owned();
    let (_, list) = call(&app, Method::GET, "/api/v1/approvals", &mallory, None).await;
    assert!(!list.to_string().contains(&waiting), "{list}");
    for action in ["approve", "reject"] {
        let (s, b) = call(
            &app,
            Method::POST,
            &format!("/api/v1/plans/{waiting}/{action}"),
            &mallory,
            Some(json!({})),
        )
        .await;
        assert_eq!(s, 404, "{action}: {b}");
    }
    let (_, list) = call(&app, Method::GET, "/api/v1/approvals", &ada, None).await;
    assert!(list.to_string().contains(&waiting), "{list}");

    // Audit: mallory's log has none of the default workspace's requests,
    // and its chain is her workspace's.
    let (s, audit) = call(&app, Method::GET, "/api/v1/audit", &mallory, None).await;
    assert_eq!(s, 200, "{audit}");
    assert!(
        !audit.to_string().contains("alice") && !audit.to_string().contains("scale"),
        "{audit}"
    );
    let (_, ours) = call(&app, Method::GET, "/api/v1/audit", &ada, None).await;
    assert!(ours.to_string().contains("alice"), "{ours}");
    let (_, v) = call(&app, Method::GET, "/api/v1/audit/verify", &mallory, None).await;
    let (_, v_ours) = call(&app, Method::GET, "/api/v1/audit/verify", &ada, None).await;
    assert_ne!(
        v, v_ours,
        "each workspace verifies its own chain: {v} {v_ours}"
    );

    // Billing: a subscription of the default workspace is not mallory's,
    // and neither are its invoices.
    let ev = json!({"id": "evt_iso", "type": "customer.subscription.created", "created": 1_800_000_000,
        "data": {"object": {"id": "sub_iso", "customer": "cus_iso", "status": "active",
            "items": {"data": [{"price": {"id": "price_team"}}]},
            "metadata": {"workspace_id": DEFAULT_WORKSPACE_ID.to_string()}}}});
    let body = serde_json::to_vec(&ev)?;
    use kubechat_core::Clock as _;
    let sig = kubechat_billing::signature::sign(
        SECRET,
        kubechat_core::SystemClock.now().unix_timestamp(),
        &body,
    );
    let r = app
        .http
        .post(app.url("/api/v1/billing/webhook"))
        .header("stripe-signature", sig)
        .body(body)
        .send()
        .await?;
    assert_eq!(r.status().as_u16(), 200);
    let (_, ours) = call(&app, Method::GET, "/api/v1/billing", &ada, None).await;
    let (_, theirs) = call(&app, Method::GET, "/api/v1/billing", &mallory, None).await;
    assert_eq!(ours["standing"]["plan"]["name"], "team", "{ours}");
    assert_eq!(theirs["standing"]["plan"]["name"], "free", "{theirs}");
    assert_eq!(theirs["customer"], false, "{theirs}");
    assert_eq!(
        theirs["usage"]["seats_used"], 2,
        "mallory and other's ada: {theirs}"
    );
    drop(ws);
    Ok(())
}
