//! Single sign-on against a real Keycloak (the test kit starts one from
//! the Maven Central distribution, realm `kubechat`): the whole
//! authorization-code flow as a browser does it (Keycloak's own login
//! form, cookies and redirects), group → role mapping, just-in-time users
//! and role changes, the refusals (forged, replayed or foreign state,
//! another browser, a person with no mapped group), Keycloak's own tokens
//! on the API, and the IdP's groups reaching the real API server as
//! impersonated groups.

use kubechat_config::Config;
use kubechat_core::UserRole;
use kubechat_store::DEFAULT_WORKSPACE_ID as WS;
use kubechat_testkit::Keycloak;
use serde_json::{Value, json};

use crate::helpers::{TestApp, post, spawn_app, web_cluster};

/// KubeChat's client at Keycloak, for password grants a script would use.
const KUBECHAT: (&str, &str) = (
    kubechat_testkit::sso::CLIENT_ID,
    kubechat_testkit::sso::CLIENT_SECRET,
);

/// Points an app at Keycloak: admins from `kubechat-admins`, operators
/// from `developers`, nobody else.
fn with_keycloak(c: &mut Config, kc: &Keycloak) {
    c.auth.oidc = vec![
        serde_json::from_value(json!({
            "name": "kc",
            "display_name": "Company SSO",
            "issuer": kc.issuer,
            "client_id": kubechat_testkit::sso::CLIENT_ID,
            "client_secret": kubechat_testkit::sso::CLIENT_SECRET,
            "scopes": ["openid", "profile", "email"],
            "roles": [
                {"group": "kubechat-admins", "role": "admin"},
                {"group": "developers", "role": "operator"}
            ]
        }))
        .expect("a provider"),
    ];
}

use kubechat_testkit::sso::{Jar, browser, location};

/// The browser's way to KubeChat's callback: start at KubeChat, sign in
/// on Keycloak's own form. Returns the callback URL and KubeChat's cookies.
async fn to_callback(app: &TestApp, user: &str, password: &str) -> (String, Jar) {
    to_callback_from(&app.url("/api/v1/auth/oidc/kc/login"), user, password).await
}

/// [`to_callback`] from a given start address (a terminal's sign-in).
async fn to_callback_from(start: &str, user: &str, password: &str) -> (String, Jar) {
    kubechat_testkit::sso::browser_sign_in(start, user, password)
        .await
        .expect("signed in at Keycloak")
}

/// Whether an error answer's message says `what`.
fn says(body: &Value, what: &str) -> bool {
    body["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains(what))
}

/// Follows the callback with `cookies`; status and the web UI location.
async fn callback(url: &str, cookies: &Jar) -> (u16, String, Value) {
    let r = browser()
        .get(url)
        .header("cookie", cookies.header())
        .send()
        .await
        .expect("the callback answers");
    let status = r.status().as_u16();
    let loc = location(&r);
    (status, loc, r.json().await.unwrap_or(Value::Null))
}

/// Signs `user` in through Keycloak all the way; KubeChat's access token.
async fn sign_in(app: &TestApp, user: &str, password: &str) -> String {
    let (url, cookies) = to_callback(app, user, password).await;
    let (status, loc, body) = callback(&url, &cookies).await;
    assert_eq!(status, 303, "{user}: {body}");
    let code = loc.strip_prefix("/#/sso?code=").expect("a one-time code");
    let r = browser()
        .post(app.url("/api/v1/auth/oidc/exchange"))
        .header("cookie", cookies.header())
        .json(&json!({"code": code}))
        .send()
        .await
        .expect("exchange");
    assert_eq!(r.status().as_u16(), 200);
    let tokens: Value = r.json().await.expect("tokens");
    // A sign-in's session is bounded, however often it is refreshed.
    assert!(
        tokens["refresh_expires_in"]
            .as_u64()
            .is_some_and(|s| s <= 12 * 3600),
        "{tokens}"
    );
    tokens["access_token"]
        .as_str()
        .expect("an access token")
        .to_owned()
}

#[tokio::test]
async fn signing_in_through_keycloak_maps_groups_to_roles_and_follows_changes() -> anyhow::Result<()>
{
    let kc = Keycloak::shared().await?;
    let app = spawn_app(|c| with_keycloak(c, kc)).await?;

    let (_, providers) = app.get_json("/api/v1/auth/providers").await;
    assert_eq!(providers["providers"][0]["display_name"], "Company SSO");
    assert_eq!(
        providers["providers"][0]["login_url"],
        "/api/v1/auth/oidc/kc/login"
    );

    // alice (kubechat-admins, platform) is created as an admin.
    let alice = sign_in(&app, "alice", "alice-pass").await;
    let (status, me) = app.get_as("/api/v1/me", Some(&alice)).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["username"], "alice");
    assert_eq!(me["role"], "admin");
    // bob (developers) as an operator.
    let bob = sign_in(&app, "bob", "bob-pass").await;
    assert_eq!(
        app.get_as("/api/v1/me", Some(&bob)).await.1["role"],
        "operator"
    );
    // Moved to kubechat-admins at the IdP: an admin from the next sign-in.
    kc.set_groups("bob", &["kubechat-admins"]).await?;
    let again = sign_in(&app, "bob", "bob-pass").await;
    kc.set_groups("bob", &["developers"]).await?;
    assert_eq!(
        app.get_as("/api/v1/me", Some(&again)).await.1["role"],
        "admin"
    );
    let (_, accounts) = app.accounts().await?;
    let users = accounts.users(WS).await?;
    let bob_now = users
        .iter()
        .find(|u| u.username == "bob")
        .expect("bob exists");
    assert_eq!(bob_now.kube_user, "bob");
    assert_eq!(
        bob_now.kube_groups,
        ["kubechat:admin", "kubechat-admins"],
        "Kubernetes groups follow the role and the IdP (the default templates)"
    );

    // carol is in no mapped group: refused with the reason, no user made.
    let (url, cookies) = to_callback(&app, "carol", "carol-pass").await;
    let (status, _, body) = callback(&url, &cookies).await;
    assert_eq!(status, 403, "{body}");
    assert!(says(&body, "map to no KubeChat role"), "{body}");
    assert!(
        accounts
            .users(WS)
            .await?
            .iter()
            .all(|u| u.username != "carol")
    );

    // Disabled in KubeChat: the IdP's yes is not enough.
    accounts.set_disabled(WS, "alice", true).await?;
    let (url, cookies) = to_callback(&app, "alice", "alice-pass").await;
    assert_eq!(callback(&url, &cookies).await.0, 403);

    // /health names the provider.
    let (_, health) = app.get_json("/health").await;
    let sso = health["dependencies"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"] == "sso"))
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(sso["status"], "up", "{health}");
    assert!(
        sso["detail"].as_str().unwrap_or("").contains("kc: up"),
        "{sso}"
    );
    Ok(())
}

#[tokio::test]
async fn forged_replayed_and_foreign_callbacks_are_refused() -> anyhow::Result<()> {
    let kc = Keycloak::shared().await?;
    let app = spawn_app(|c| with_keycloak(c, kc)).await?;

    // A real callback, followed from another browser (no cookie): refused,
    // and the state is used up by the attempt.
    let (url, cookies) = to_callback(&app, "bob", "bob-pass").await;
    let (status, _, body) = callback(&url, &Jar::default()).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_state")),
        "{body}"
    );
    assert_eq!(
        callback(&url, &cookies).await.0,
        400,
        "one attempt per state"
    );

    // A forged state.
    let (url, cookies) = to_callback(&app, "bob", "bob-pass").await;
    let forged = url
        .split('&')
        .map(|p| {
            if p.starts_with("state=") || p.contains("?state=") {
                p.replace("state=", "state=forged")
            } else {
                p.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("&");
    assert_eq!(callback(&forged, &cookies).await.0, 400);
    // The real one still works once, then never again (replayed).
    let (status, loc, _) = callback(&url, &cookies).await;
    assert_eq!(status, 303);
    assert_eq!(callback(&url, &cookies).await.0, 400, "a replayed callback");
    // The one-time code trades once.
    let code = loc.trim_start_matches("/#/sso?code=");
    let trade = |code: String, cookie: String| {
        let u = app.url("/api/v1/auth/oidc/exchange");
        async move {
            browser()
                .post(u)
                .header("cookie", cookie)
                .json(&json!({"code": code}))
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        }
    };
    // Lured into another browser, the code signs nobody in (login CSRF),
    // and is used up by the try.
    assert_eq!(trade(code.to_owned(), String::new()).await, 400);
    let (url, cookies) = to_callback(&app, "bob", "bob-pass").await;
    let (_, loc, _) = callback(&url, &cookies).await;
    let code = loc.trim_start_matches("/#/sso?code=");
    assert_eq!(trade(code.to_owned(), cookies.header()).await, 200);
    assert_eq!(trade(code.to_owned(), cookies.header()).await, 400, "once");

    // A code that is not one (Keycloak refuses it) and the provider's own
    // error answer.
    let (_, cookies) = to_callback(&app, "bob", "bob-pass").await;
    let start = browser()
        .get(app.url("/api/v1/auth/oidc/kc/login"))
        .send()
        .await
        .expect("KubeChat answers");
    let mut jar = Jar::default();
    jar.take(&start);
    let state = location(&start)
        .split("state=")
        .nth(1)
        .and_then(|s| s.split('&').next())
        .unwrap_or_default()
        .to_owned();
    let bad_code = app.url(&format!(
        "/api/v1/auth/oidc/kc/callback?state={state}&code=not-a-code"
    ));
    let (status, _, body) = callback(&bad_code, &jar).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_token")),
        "{body}"
    );
    let denied = app.url("/api/v1/auth/oidc/kc/callback?error=access_denied&error_description=no");
    assert_eq!(callback(&denied, &cookies).await.0, 400);
    assert_eq!(
        browser()
            .get(app.url("/api/v1/auth/oidc/nobody/login"))
            .send()
            .await?
            .status()
            .as_u16(),
        404
    );
    Ok(())
}

/// An ID token minted for another sign-in (its nonce is not the one this
/// browser's sign-in sent), and a Keycloak access token past its expiry:
/// both refused, with the reason.
#[tokio::test]
async fn another_sign_ins_nonce_and_an_expired_token_are_refused() -> anyhow::Result<()> {
    let kc = Keycloak::shared().await?;
    use kubechat_core::Clock;
    let clock = kubechat_core::ManualClock::new(kubechat_core::SystemClock.now());
    let app = crate::helpers::spawn_app_with_clock(
        |c| with_keycloak(c, kc),
        std::sync::Arc::new(clock.clone()),
    )
    .await?;

    // The authorization request leaves with another nonce: Keycloak signs
    // that one into the ID token, and state and PKCE still match.
    let (url, cookies) = kubechat_testkit::sso::browser_sign_in_through(
        &app.url("/api/v1/auth/oidc/kc/login"),
        "bob",
        "bob-pass",
        |to_idp| {
            to_idp
                .split('&')
                .map(|p| match p.strip_prefix("nonce=") {
                    Some(_) => "nonce=minted-for-someone-else".to_owned(),
                    None => p.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("&")
        },
    )
    .await?;
    let (status, _, body) = callback(&url, &cookies).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_token")),
        "{body}"
    );
    assert!(says(&body, "nonce does not match"), "{body}");

    // A script's token works while it lasts (Keycloak gives 5 minutes),
    // and not once KubeChat's clock is past its expiry and the leeway.
    let grant = kc.password_grant(KUBECHAT, "bob", "bob-pass").await?;
    let token = grant["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(app.get_as("/api/v1/me", Some(&token)).await.0, 200);
    clock.advance(std::time::Duration::from_secs(3600));
    let (status, body) = app.get_as("/api/v1/me", Some(&token)).await;
    assert_eq!(status, 401, "{body}");
    Ok(())
}

/// A default role lets anyone with an account at the provider in; the
/// e-mail domains keep it to the company's people.
#[tokio::test]
async fn a_default_role_admits_only_the_configured_email_domains() -> anyhow::Result<()> {
    let kc = Keycloak::shared().await?;
    let app = spawn_app(|c| {
        with_keycloak(c, kc);
        c.auth.oidc[0].default_role = Some("viewer".into());
        c.auth.oidc[0].email_domains = vec!["example.test".into()];
    })
    .await?;
    // carol (carol@example.com, in no mapped group) would be a viewer by
    // the default role; her domain is not admitted.
    let (url, cookies) = to_callback(&app, "carol", "carol-pass").await;
    let (status, _, body) = callback(&url, &cookies).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("sign_in_refused")),
        "{body}"
    );
    assert!(says(&body, "carol@example.com"), "{body}");
    // Her company's token is refused on the API alike; alice
    // (alice@example.test) is admitted.
    let grant = kc.password_grant(KUBECHAT, "carol", "carol-pass").await?;
    let token = grant["access_token"].as_str().unwrap_or_default();
    assert_eq!(app.get_as("/api/v1/me", Some(token)).await.0, 401);
    let alice = sign_in(&app, "alice", "alice-pass").await;
    assert_eq!(app.get_as("/api/v1/me", Some(&alice)).await.0, 200);
    Ok(())
}

#[tokio::test]
async fn a_provider_that_cannot_be_reached_is_named_and_stops_nothing() -> anyhow::Result<()> {
    let dead = kubechat_testkit::free_port()?;
    let app = spawn_app(|c| {
        c.auth.oidc = vec![
            serde_json::from_value(json!({
                "name": "gone", "issuer": format!("http://127.0.0.1:{dead}/realms/x"),
                "client_id": "kubechat", "client_secret": "s", "default_role": "viewer"
            }))
            .expect("a provider"),
        ];
    })
    .await?;
    let (status, health) = app.get_json("/health").await;
    let sso = health["dependencies"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"] == "sso"))
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(status, 200, "degraded, not down: {health}");
    assert_eq!(sso["status"], "degraded");
    assert!(
        sso["detail"].as_str().unwrap_or("").contains("gone: down"),
        "{sso}"
    );
    assert_eq!(
        browser()
            .get(app.url("/api/v1/auth/oidc/gone/login"))
            .send()
            .await?
            .status()
            .as_u16(),
        503
    );
    // Starting sign-ins is bounded per address (each keeps a cache entry).
    let mut last = 0;
    for _ in 0..40 {
        last = browser()
            .get(app.url("/api/v1/auth/oidc/gone/login"))
            .send()
            .await?
            .status()
            .as_u16();
        if last == 429 {
            break;
        }
    }
    assert_eq!(last, 429);
    // Passwords still sign in.
    app.add_users(&[("root", UserRole::Admin)], "correct horse battery staple")
        .await?;
    let _ = app.login("root", "correct horse battery staple").await;
    Ok(())
}

#[tokio::test]
async fn with_password_sign_in_off_only_an_admin_keeps_it() -> anyhow::Result<()> {
    let app = spawn_app(|c| c.auth.password_login = false).await?;
    let pw = "correct horse battery staple";
    app.add_users(
        &[("root", UserRole::Admin), ("dev", UserRole::Operator)],
        pw,
    )
    .await?;
    let try_login = |user: &'static str| {
        let http = app.http.clone();
        let url = app.url("/api/v1/login");
        async move {
            let r = http
                .post(url)
                .json(&json!({"username": user, "password": pw}))
                .send()
                .await
                .expect("login answers");
            (
                r.status().as_u16(),
                r.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let (status, body) = try_login("dev").await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["code"], "password_login_off");
    assert_eq!(try_login("root").await.0, 200, "the break-glass admin");
    let (_, providers) = app.get_json("/api/v1/auth/providers").await;
    assert_eq!(providers["password_login"], false);
    Ok(())
}

#[tokio::test]
async fn keycloak_tokens_act_on_the_api_and_the_idp_groups_reach_cluster_rbac() -> anyhow::Result<()>
{
    use k8s_openapi::api::rbac::v1::RoleBinding;
    use kube::api::{Api, PostParams};

    let kc = Keycloak::shared().await?;
    let cluster = web_cluster(&[]).await?;
    // The cluster already trusts the IdP group `platform` on Deployments
    // in this namespace (the Role `chat` of the test namespace).
    // Binds the test namespace's Role `chat` to a group.
    let bind = |name: &'static str, group: &'static str| {
        let bindings = Api::<RoleBinding>::namespaced(cluster.admin.clone(), &cluster.ns);
        async move {
            bindings
                .create(
                    &PostParams::default(),
                    &serde_json::from_value(json!({
                        "metadata": {"name": name},
                        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "chat"},
                        "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": group}]
                    }))?,
                )
                .await?;
            anyhow::Ok(())
        }
    };
    bind("platform", "platform").await?;
    let app = spawn_app(|c| {
        with_keycloak(c, kc);
        cluster.configure(c);
    })
    .await?;

    // A script's token from Keycloak, for KubeChat's audience.
    let grant = kc.password_grant(KUBECHAT, "alice", "alice-pass").await?;
    let alice = grant["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let (status, me) = app.get_as("/api/v1/me", Some(&alice)).await;
    assert_eq!(
        (status, me["username"].as_str()),
        (200, Some("alice")),
        "{me}"
    );

    // As alice, with the groups Keycloak gives her: the Deployments are hers
    // to read through the group binding; pods are not.
    let mut answer = Value::Null;
    // RBAC caches take a new binding shortly.
    for _ in 0..150 {
        answer = post(
            &app,
            "/api/v1/ask",
            &alice,
            json!({"text": "kubectl get deployments", "namespace": cluster.ns}),
        )
        .await
        .1;
        if answer["type"] == "result" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(answer["type"], "result", "{answer}");
    assert!(answer.to_string().contains("web"), "{answer}");
    let pods = post(
        &app,
        "/api/v1/ask",
        &alice,
        json!({"text": "kubectl get pods", "namespace": cluster.ns}),
    )
    .await
    .1;
    assert!(
        pods.to_string().to_lowercase().contains("forbidden") || pods["type"] == "error",
        "{pods}"
    );
    // bob's groups (developers) have no binding: refused by the cluster.
    let bob = kc.password_grant(KUBECHAT, "bob", "bob-pass").await?["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let refused = post(
        &app,
        "/api/v1/ask",
        &bob,
        json!({"text": "kubectl get deployments", "namespace": cluster.ns}),
    )
    .await
    .1;
    assert_ne!(refused["type"], "result", "{refused}");

    // The workspace's templates shape the identity: the provider's name
    // and groups under an `oidc:` prefix, as an API server's own
    // --oidc-username-prefix/--oidc-groups-prefix would give them.
    let (_, accounts) = app.accounts().await?;
    accounts
        .set_identity_template(
            WS,
            &kubechat_auth::IdentityTemplate {
                user: "oidc:{oidc_username}".into(),
                groups: vec!["oidc:{oidc_groups}".into()],
            },
        )
        .await?;
    let (_, me) = app.get_as("/api/v1/me", Some(&alice)).await;
    assert_eq!(me["kubernetes"]["user"], "oidc:alice", "{me}");
    assert_eq!(
        me["kubernetes"]["groups"],
        json!(["oidc:kubechat-admins", "oidc:platform"]),
        "{me}"
    );
    // `platform` no longer reaches the cluster; `oidc:platform` does once
    // it is bound.
    let ask = |text: &'static str| {
        let app = &app;
        let alice = &alice;
        let ns = cluster.ns.clone();
        async move {
            post(
                app,
                "/api/v1/ask",
                alice,
                json!({"text": text, "namespace": ns}),
            )
            .await
            .1
        }
    };
    let unbound = ask("kubectl get deployments").await;
    assert_ne!(unbound["type"], "result", "{unbound}");
    bind("oidc-platform", "oidc:platform").await?;
    let mut bound = Value::Null;
    for _ in 0..150 {
        bound = ask("kubectl get deployments").await;
        if bound["type"] == "result" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(bound["type"], "result", "{bound}");
    accounts
        .set_identity_template(WS, &kubechat_auth::IdentityTemplate::default())
        .await?;

    // The same token opens an MCP session, and MCP clients find where to
    // get one in the protected-resource metadata.
    let init = post(
        &app,
        "/mcp",
        &alice,
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
               "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}}}),
    )
    .await;
    assert_eq!(init.0, 200, "{}", init.1);
    let (_, meta) = app.get_json("/.well-known/oauth-protected-resource").await;
    assert_eq!(meta["authorization_servers"], json!([kc.issuer]), "{meta}");

    // A provider's token does not mint a long-lived KubeChat API token.
    let minted = post(&app, "/api/v1/tokens", &alice, json!({"name": "ci"})).await;
    assert_eq!(minted.0, 403, "{}", minted.1);
    // An ID token is not a bearer token, even for KubeChat's audience.
    let id_token = grant["id_token"].as_str().unwrap_or_default();
    assert_eq!(app.get_as("/api/v1/me", Some(id_token)).await.0, 401);

    // A token Keycloak issued to another application: not for KubeChat.
    let other = kc
        .password_grant(("other-app", "other-app-secret"), "alice", "alice-pass")
        .await?;
    let foreign = other["access_token"].as_str().unwrap_or_default();
    assert_eq!(app.get_as("/api/v1/me", Some(foreign)).await.0, 401);
    // A token with its signature changed.
    let mut parts: Vec<String> = alice.split('.').map(str::to_owned).collect();
    // A whole base64 character in the middle (the last one may carry only
    // padding bits).
    let flipped = if parts[2].as_bytes()[10] == b'A' {
        "B"
    } else {
        "A"
    };
    parts[2].replace_range(10..11, flipped);
    assert_eq!(
        app.get_as("/api/v1/me", Some(&parts.join("."))).await.0,
        401
    );

    // Disabled in KubeChat: the company's token no longer acts.
    accounts.set_disabled(WS, "alice", true).await?;
    assert_eq!(app.get_as("/api/v1/me", Some(&alice)).await.0, 401);
    Ok(())
}

#[tokio::test]
async fn a_name_at_the_provider_does_not_take_over_an_account() -> anyhow::Result<()> {
    let kc = Keycloak::shared().await?;
    // carol exists in KubeChat with a password; Keycloak's carol is another
    // identity that happens to carry the name. Mapped to a role here.
    let app = spawn_app(|c| {
        with_keycloak(c, kc);
        c.auth.oidc[0].default_role = Some("viewer".into());
    })
    .await?;
    app.add_users(
        &[("carol", UserRole::Admin)],
        "correct horse battery staple",
    )
    .await?;
    let (url, cookies) = to_callback(&app, "carol", "carol-pass").await;
    let (status, _, body) = callback(&url, &cookies).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("account_conflict")),
        "{body}"
    );
    // Keycloak's token for carol does not act as KubeChat's carol either.
    let grant = kc.password_grant(KUBECHAT, "carol", "carol-pass").await?;
    let token = grant["access_token"].as_str().unwrap_or_default();
    assert_eq!(app.get_as("/api/v1/me", Some(token)).await.0, 401);
    let (_, accounts) = app.accounts().await?;
    let carol = accounts
        .users(WS)
        .await?
        .into_iter()
        .find(|u| u.username == "carol");
    assert_eq!(carol.map(|u| u.role), Some(UserRole::Admin), "untouched");

    // Where the provider owns the names, an admin lets it link them.
    let linking = spawn_app(|c| {
        with_keycloak(c, kc);
        c.auth.oidc[0].default_role = Some("viewer".into());
        c.auth.oidc[0].link_existing = true;
    })
    .await?;
    linking
        .add_users(
            &[("carol", UserRole::Admin)],
            "correct horse battery staple",
        )
        .await?;
    let token = sign_in(&linking, "carol", "carol-pass").await;
    let (_, me) = linking.get_as("/api/v1/me", Some(&token)).await;
    assert_eq!(
        (me["username"].as_str(), me["role"].as_str()),
        (Some("carol"), Some("viewer"))
    );
    Ok(())
}

/// `kubechat chat --sso`: the sign-in returns to the terminal's loopback
/// listener on 127.0.0.1 (the only place a terminal's sign-in can go), and
/// the code is exchanged with the terminal's secret — not the browser's
/// cookie, and not another secret.
#[tokio::test]
async fn a_terminal_sign_in_returns_to_its_loopback_and_needs_its_secret() -> anyhow::Result<()> {
    let kc = Keycloak::shared().await?;
    let app = spawn_app(|c| with_keycloak(c, kc)).await?;
    let secret = "the-terminal-secret-0123456789abcdef";
    let challenge = kubechat_auth::secret::digest(secret);
    for bad in [
        format!("cli_port=80&cli_challenge={challenge}"),
        "cli_port=40000&cli_challenge=xyz".to_owned(),
        "cli_port=40000".to_owned(),
    ] {
        let r = browser()
            .get(app.url(&format!("/api/v1/auth/oidc/kc/login?{bad}")))
            .send()
            .await?;
        assert_eq!(r.status(), 400, "{bad}");
    }
    let exchange = |code: String, verifier: &'static str, cookies: String| {
        let req = browser()
            .post(app.url("/api/v1/auth/oidc/exchange"))
            .header("cookie", cookies)
            .json(&json!({"code": code, "verifier": verifier}));
        async move {
            let r = req.send().await.expect("exchange");
            (
                r.status().as_u16(),
                r.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    for (verifier, expect) in [("not-the-secret", 400), (secret, 200)] {
        let start = app.url(&format!(
            "/api/v1/auth/oidc/kc/login?cli_port=40123&cli_challenge={challenge}"
        ));
        let (url, cookies) = to_callback_from(&start, "alice", "alice-pass").await;
        let (status, loc, body) = callback(&url, &cookies).await;
        assert_eq!(status, 303, "{body}");
        let code = loc
            .strip_prefix("http://127.0.0.1:40123/callback?code=")
            .unwrap_or_else(|| panic!("back to the terminal's loopback: {loc}"))
            .to_owned();
        // The browser's cookie alone does not take it: the verifier decides.
        let (s, body) = exchange(code, verifier, cookies.header()).await;
        assert_eq!(s, expect, "{verifier}: {body}");
        if expect == 200 {
            let token = body["access_token"].as_str().expect("a token");
            let (s, me) = app.get_as("/api/v1/me", Some(token)).await;
            assert_eq!((s, me["username"].as_str()), (200, Some("alice")), "{me}");
        } else {
            assert_eq!(body["error"]["code"], "invalid_code", "{body}");
        }
    }
    Ok(())
}
