//! Plans and payments through the gateway: signed provider webhooks
//! (forged, stale, replayed and unsigned deliveries refused with nothing
//! changed; duplicates applied once; any delivery order ending in the
//! right state), checkout through the provider's API (played by
//! wiremock), and the whole subscription lifecycle changing what the chat
//! allows against the real API server.

use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use kube::Api;
use kubechat_config::{Config, Secret};
use kubechat_core::{Clock, ManualClock, UserRole};
use kubechat_store::on_pool;
use serde_json::{Value, json};
use sqlx::Row;
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TestApp, post, spawn_app, spawn_app_with_clock, web_cluster};

const PASSWORD: &str = "correct horse battery staple";
const WS: &str = "00000000-0000-0000-0000-000000000001";
const OLD_SECRET: &str = "whsec_old_0123456789";
const NEW_SECRET: &str = "whsec_new_9876543210";

fn billing_on(c: &mut Config, provider: Option<&str>) {
    c.billing.enabled = true;
    c.billing.webhook_secrets = vec![Secret::new(OLD_SECRET), Secret::new(NEW_SECRET)];
    c.billing.grace_days = 7;
    if let Some(url) = provider {
        c.billing.api_url = url.to_owned();
        c.billing.secret_key = Some(Secret::new("sk_test_kubechat"));
    }
}

fn event(id: &str, kind: &str, created: i64, object: Value) -> Value {
    json!({"id": id, "object": "event", "type": kind, "created": created,
           "data": {"object": object}})
}

fn subscription(status: &str, price: &str) -> Value {
    json!({"id": "sub_1", "object": "subscription", "customer": "cus_1", "status": status,
           "items": {"data": [{"price": {"id": price}, "current_period_end": 1_900_000_000}]},
           "metadata": {"workspace_id": WS, "plan": "team"}})
}

fn invoice(status: &str) -> Value {
    json!({"id": "in_1", "object": "invoice", "customer": "cus_1", "subscription": "sub_1",
           "status": status, "number": "KC-0001", "amount_due": 4900,
           "amount_paid": if status == "paid" { 4900 } else { 0 }, "currency": "usd",
           "created": 1_800_000_000, "hosted_invoice_url": "https://pay.example/in_1"})
}

/// Posts `body` to the webhook with `signature` (None: unsigned).
async fn post_webhook(app: &TestApp, body: &[u8], signature: Option<&str>) -> (u16, Value) {
    let mut req = app
        .http
        .post(app.url("/api/v1/billing/webhook"))
        .header("content-type", "application/json")
        .body(body.to_vec());
    if let Some(s) = signature {
        req = req.header("stripe-signature", s);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Delivers `event` signed with `secret` at `now`.
async fn deliver(app: &TestApp, secret: &str, event: &Value, now: i64) -> (u16, Value) {
    let body = serde_json::to_vec(event).unwrap();
    let sig = kubechat_billing::signature::sign(secret, now, &body);
    post_webhook(app, &body, Some(&sig)).await
}

async fn events_stored(store: &kubechat_store::Store) -> i64 {
    on_pool!(store.pool(), p, at => sqlx::query("SELECT COUNT(*) AS n FROM billing_events")
        .fetch_one(p)
        .await
        .unwrap()
        .try_get::<i64, _>("n")
        .unwrap())
}

fn now() -> i64 {
    kubechat_core::SystemClock.now().unix_timestamp()
}

#[tokio::test]
async fn webhook_signatures_replays_and_duplicates() -> anyhow::Result<()> {
    let app = spawn_app(|c| billing_on(c, None)).await?;
    let store = app.add_users(&[("ada", UserRole::Admin)], PASSWORD).await?;
    let ada = app.login("ada", PASSWORD).await;
    let plan_of = || async {
        let (s, b) = app.get_as("/api/v1/billing", Some(&ada)).await;
        assert_eq!(s, 200, "{b}");
        (
            b["standing"]["plan"]["name"]
                .as_str()
                .unwrap_or("")
                .to_owned(),
            b["standing"]["status"].as_str().unwrap_or("").to_owned(),
        )
    };
    assert_eq!(plan_of().await, ("free".to_owned(), "none".to_owned()));

    let created = event(
        "evt_created",
        "customer.subscription.created",
        1_800_000_100,
        subscription("active", "price_team"),
    );
    let body = serde_json::to_vec(&created)?;
    let t = now();
    let refused: [(Option<String>, &str); 5] = [
        (None, "no Stripe-Signature header"),
        (
            Some(kubechat_billing::signature::sign("whsec_forged", t, &body)),
            "no configured signing secret verifies",
        ),
        (
            Some(kubechat_billing::signature::sign(
                OLD_SECRET,
                t - 400,
                &body,
            )),
            "older than our clock",
        ),
        (
            Some(format!("t={t},v1=deadbeef")),
            "no configured signing secret",
        ),
        (Some("garbage".to_owned()), "without '='"),
    ];
    for (sig, why) in &refused {
        let (s, b) = post_webhook(&app, &body, sig.as_deref()).await;
        assert_eq!(s, 400, "{sig:?}: {b}");
        assert_eq!(b["error"]["code"], "invalid_signature", "{b}");
        assert!(
            b["error"]["message"].as_str().unwrap_or("").contains(why),
            "{why}: {b}"
        );
    }
    // Signed, but altered on the way.
    let sig = kubechat_billing::signature::sign(OLD_SECRET, t, &body);
    let mut altered = created.clone();
    altered["data"]["object"]["items"]["data"][0]["price"]["id"] = json!("price_enterprise");
    let (s, _) = post_webhook(&app, &serde_json::to_vec(&altered)?, Some(&sig)).await;
    assert_eq!(s, 400);
    assert_eq!(events_stored(&store).await, 0, "nothing recorded");
    assert_eq!(plan_of().await, ("free".to_owned(), "none".to_owned()));

    // The old secret (still in the rotation) verifies.
    let (s, b) = post_webhook(&app, &body, Some(&sig)).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["duplicate"], false);
    assert_eq!(plan_of().await, ("team".to_owned(), "active".to_owned()));

    // The very same delivery again: a replay, refused.
    let (s, b) = post_webhook(&app, &body, Some(&sig)).await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (400, Some("replayed_delivery")),
        "{b}"
    );

    // The provider redelivering the event (new timestamp, new secret):
    // acknowledged, applied once.
    let (s, b) = deliver(&app, NEW_SECRET, &created, t + 1).await;
    assert_eq!((s, b["duplicate"].as_bool()), (200, Some(true)), "{b}");
    assert_eq!(events_stored(&store).await, 1);

    // A signed body that is no event: refused, named.
    let junk = br#"{"id": "evt_x", "type": "invoice.paid"}"#;
    let sig = kubechat_billing::signature::sign(NEW_SECRET, t, junk);
    let (s, b) = post_webhook(&app, junk, Some(&sig)).await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (400, Some("invalid_payload")),
        "{b}"
    );
    assert!(
        b["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("created"),
        "{b}"
    );
    assert_eq!(events_stored(&store).await, 1);

    // Counted by result for the on-call dashboards.
    let metrics = app.get("/metrics").await.text().await?;
    for line in [
        "billing_webhook_events_total{result=\"invalid_signature\"} 6",
        "billing_webhook_events_total{result=\"replayed_delivery\"} 1",
        "billing_webhook_events_total{result=\"duplicate\"} 1",
        "billing_webhook_events_total{result=\"applied\"} 1",
        "billing_webhook_events_total{result=\"invalid_payload\"} 1",
    ] {
        assert!(metrics.contains(line), "{line}\n{metrics}");
    }

    // Not an admin: no billing page.
    app.add_users(&[("olly", UserRole::Operator)], PASSWORD)
        .await?;
    let olly = app.login("olly", PASSWORD).await;
    let (s, _) = app.get_as("/api/v1/billing", Some(&olly)).await;
    assert_eq!(s, 403);
    Ok(())
}

#[tokio::test]
async fn events_out_of_order_end_in_the_right_state() -> anyhow::Result<()> {
    let app = spawn_app(|c| billing_on(c, None)).await?;
    app.add_users(&[("ada", UserRole::Admin)], PASSWORD).await?;
    let ada = app.login("ada", PASSWORD).await;
    let t0 = 1_800_000_000;
    let e = [
        event(
            "evt_1",
            "customer.subscription.created",
            t0 + 1,
            subscription("active", "price_team"),
        ),
        event("evt_2", "invoice.payment_failed", t0 + 2, invoice("open")),
        event(
            "evt_3",
            "customer.subscription.updated",
            t0 + 3,
            subscription("past_due", "price_team"),
        ),
        event("evt_4", "invoice.paid", t0 + 4, invoice("paid")),
        event(
            "evt_5",
            "customer.subscription.updated",
            t0 + 5,
            subscription("active", "price_enterprise"),
        ),
    ];
    // Newest first, and the rest shuffled.
    for i in [4, 3, 1, 0, 2] {
        let (s, b) = deliver(&app, NEW_SECRET, &e[i], now()).await;
        assert_eq!(s, 200, "{b}");
    }
    let (_, b) = app.get_as("/api/v1/billing", Some(&ada)).await;
    assert_eq!(b["standing"]["plan"]["name"], "enterprise", "{b}");
    assert_eq!(b["standing"]["status"], "active", "{b}");
    assert_eq!(
        b["invoices"][0]["status"], "paid",
        "a late failure does not reopen a paid invoice: {b}"
    );
    assert_eq!(b["invoices"][0]["hosted_url"], "https://pay.example/in_1");

    // The cancellation arrives before an older update.
    let deleted = event(
        "evt_7",
        "customer.subscription.deleted",
        t0 + 7,
        subscription("canceled", "price_enterprise"),
    );
    let updated = event(
        "evt_6",
        "customer.subscription.updated",
        t0 + 6,
        subscription("active", "price_enterprise"),
    );
    for ev in [&deleted, &updated] {
        let (s, b) = deliver(&app, NEW_SECRET, ev, now()).await;
        assert_eq!(s, 200, "{b}");
    }
    let (_, b) = app.get_as("/api/v1/billing", Some(&ada)).await;
    assert_eq!(b["standing"]["status"], "canceled", "{b}");
    assert_eq!(b["standing"]["plan"]["name"], "free", "{b}");
    assert!(
        b["standing"]["note"]
            .as_str()
            .unwrap_or("")
            .contains("canceled"),
        "{b}"
    );
    Ok(())
}

#[tokio::test]
async fn the_subscription_lifecycle_changes_what_the_chat_allows() -> anyhow::Result<()> {
    let cluster = web_cluster(&["ada"]).await?;
    let ns = cluster.ns.clone();
    let provider = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/checkout/sessions"))
        .and(header("authorization", "Bearer sk_test_kubechat"))
        .and(body_string_contains("line_items%5B0%5D%5Bprice%5D=price_team"))
        .and(body_string_contains(format!("client_reference_id={WS}")))
        .and(body_string_contains("metadata%5Bplan%5D=team"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"id": "cs_1", "object": "checkout.session", "url": "https://checkout.example/cs_1"}),
        ))
        .expect(1)
        .mount(&provider)
        .await;
    let clock = ManualClock::new(kubechat_core::SystemClock.now());
    let uri = provider.uri();
    let app = spawn_app_with_clock(
        |c| {
            cluster.configure(c);
            billing_on(c, Some(&uri));
        },
        Arc::new(clock.clone()),
    )
    .await?;
    app.add_users(
        &[("ada", UserRole::Admin), ("olly", UserRole::Operator)],
        PASSWORD,
    )
    .await?;
    let mut ada = app.login("ada", PASSWORD).await;
    let scale = json!({"text": "scale web to 3", "namespace": ns});
    let t = || clock.now().unix_timestamp();

    // Free: reads only, said plainly; RBAC caches take the new binding
    // shortly, so the first read is retried.
    let mut read = 0;
    for _ in 0..100 {
        let (s, _) = post(
            &app,
            "/api/v1/ask",
            &ada,
            json!({"text": "get deployments", "namespace": ns}),
        )
        .await;
        read = s;
        if s == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(read, 200);
    let (s, b) = post(&app, "/api/v1/ask", &ada, scale.clone()).await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (403, Some("plan_reads_only")),
        "{b}"
    );
    assert!(
        b["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("your plan (Free) allows reads only — upgrade to scale deployments"),
        "{b}"
    );

    // Checkout: only admins; unknown and unsold plans named; the
    // provider's session URL.
    let olly = app.login("olly", PASSWORD).await;
    let (s, _) = post(
        &app,
        "/api/v1/billing/checkout",
        &olly,
        json!({"plan": "team"}),
    )
    .await;
    assert_eq!(s, 403);
    let (s, b) = post(
        &app,
        "/api/v1/billing/checkout",
        &ada,
        json!({"plan": "gold"}),
    )
    .await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (400, Some("invalid_plan")),
        "{b}"
    );
    assert!(
        b["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("team, enterprise"),
        "{b}"
    );
    let (s, b) = post(
        &app,
        "/api/v1/billing/checkout",
        &ada,
        json!({"plan": "free"}),
    )
    .await;
    assert_eq!(s, 400, "{b}");
    let (s, b) = post(
        &app,
        "/api/v1/billing/checkout",
        &ada,
        json!({"plan": "team"}),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["url"], "https://checkout.example/cs_1");

    // The provider reports the completed checkout and the subscription.
    let completed = json!({"id": "cs_1", "object": "checkout.session", "customer": "cus_1",
        "subscription": "sub_1", "client_reference_id": WS, "payment_status": "paid",
        "metadata": {"workspace_id": WS, "plan": "team"}});
    for ev in [
        event("evt_a", "checkout.session.completed", t(), completed),
        event(
            "evt_b",
            "customer.subscription.created",
            t(),
            subscription("active", "price_team"),
        ),
    ] {
        let (s, b) = deliver(&app, NEW_SECRET, &ev, t()).await;
        assert_eq!(s, 200, "{b}");
    }
    let (s, b) = post(&app, "/api/v1/ask", &ada, scale.clone()).await;
    assert_eq!(
        (s, b["type"].as_str()),
        (200, Some("preview")),
        "team allows changes: {b}"
    );

    // A payment fails: past due, the plan stays for the grace period.
    clock.advance(Duration::from_secs(600));
    let (s, _) = deliver(
        &app,
        NEW_SECRET,
        &event("evt_c", "invoice.payment_failed", t(), invoice("open")),
        t(),
    )
    .await;
    assert_eq!(s, 200);
    let (_, b) = app.get_as("/api/v1/billing", Some(&ada)).await;
    assert_eq!(b["standing"]["status"], "past_due", "{b}");
    let metrics = app.get("/metrics").await.text().await?;
    assert!(
        metrics.contains("billing_payment_failures_total 1"),
        "{metrics}"
    );
    assert_eq!(b["standing"]["plan"]["name"], "team", "{b}");
    assert_eq!(b["standing"]["downgraded"], false);
    assert_eq!(b["standing"]["grace_until"], t() + 7 * 86_400);
    let (s, b) = post(&app, "/api/v1/ask", &ada, scale.clone()).await;
    assert_eq!(
        (s, b["type"].as_str()),
        (200, Some("preview")),
        "in grace: {b}"
    );
    let waiting = b["plan_id"].as_str().unwrap().to_owned();

    // Grace over: downgraded to free, and a plan previewed before does
    // not run either.
    clock.advance(Duration::from_secs(8 * 86_400));
    ada = app.login("ada", PASSWORD).await;
    let (_, b) = app.get_as("/api/v1/billing", Some(&ada)).await;
    assert_eq!(b["standing"]["downgraded"], true, "{b}");
    assert_eq!(b["standing"]["plan"]["name"], "free", "{b}");
    assert_eq!(b["standing"]["subscribed_plan"], "team", "{b}");
    let (s, b) = post(&app, "/api/v1/ask", &ada, scale.clone()).await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (403, Some("plan_reads_only")),
        "{b}"
    );
    let (s, b) = post(
        &app,
        &format!("/api/v1/plans/{waiting}/confirm"),
        &ada,
        json!({}),
    )
    .await;
    assert_eq!(s, 403, "{b}");

    // Paid: active again, and the change runs.
    let (s, _) = deliver(
        &app,
        NEW_SECRET,
        &event("evt_d", "invoice.paid", t(), invoice("paid")),
        t(),
    )
    .await;
    assert_eq!(s, 200);
    let (_, b) = app.get_as("/api/v1/billing", Some(&ada)).await;
    assert_eq!(
        (
            b["standing"]["status"].as_str(),
            b["standing"]["plan"]["name"].as_str()
        ),
        (Some("active"), Some("team")),
        "{b}"
    );
    let (s, b) = post(&app, "/api/v1/ask", &ada, scale.clone()).await;
    assert_eq!((s, b["type"].as_str()), (200, Some("preview")), "{b}");
    let plan = b["plan_id"].as_str().unwrap().to_owned();
    let (s, b) = post(
        &app,
        &format!("/api/v1/plans/{plan}/confirm"),
        &ada,
        json!({}),
    )
    .await;
    assert_eq!((s, b["type"].as_str()), (200, Some("result")), "{b}");
    let deployments: Api<Deployment> = Api::namespaced(cluster.admin.clone(), &ns);
    assert_eq!(deployments.get("web").await?.spec.replicas, Some(3));
    Ok(())
}

#[tokio::test]
async fn the_daily_request_quota_and_the_plan_rate_limit() -> anyhow::Result<()> {
    let cluster = web_cluster(&["ada"]).await?;
    let ns = cluster.ns.clone();
    let app = spawn_app(|c| {
        cluster.configure(c);
        billing_on(c, None);
        let mut plans = c.billing.plans_in_effect();
        plans[0].requests_per_day = 3;
        plans[0].requests_per_minute = 50;
        c.billing.plans = plans;
    })
    .await?;
    app.add_users(&[("ada", UserRole::Admin)], PASSWORD).await?;
    let ada = app.login("ada", PASSWORD).await;
    let ask = json!({"text": "get deployments", "namespace": ns});
    let mut codes = Vec::new();
    for _ in 0..4 {
        let r = app
            .http
            .post(app.url("/api/v1/ask"))
            .bearer_auth(&ada)
            .json(&ask)
            .send()
            .await?;
        let limit = r
            .headers()
            .get("ratelimit-limit")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let status = r.status().as_u16();
        let b: Value = r.json().await?;
        codes.push((
            status,
            b["error"]["code"].as_str().map(str::to_owned),
            limit,
        ));
        if status == 429 {
            assert!(
                b["error"]["message"]
                    .as_str()
                    .unwrap_or("")
                    .contains("allows 3 requests a day"),
                "{b}"
            );
        }
    }
    // Three requests counted (whatever the cluster answered), the fourth
    // refused; the workspace limit of the plan (50) is the tightest.
    assert_eq!(codes[3].0, 429, "{codes:?}");
    assert_eq!(codes[3].1.as_deref(), Some("plan_daily_limit"), "{codes:?}");
    assert!(codes[..3].iter().all(|c| c.0 != 429), "{codes:?}");
    assert_eq!(codes[0].2.as_deref(), Some("50"), "{codes:?}");
    let (_, b) = app.get_as("/api/v1/billing", Some(&ada)).await;
    assert_eq!(b["usage"]["requests_today"], 4, "{b}");
    assert_eq!(b["usage"]["requests_per_day"], 3, "{b}");
    assert_eq!(b["usage"]["seats_used"], 1, "{b}");
    Ok(())
}

#[tokio::test]
async fn billing_off_allows_everything_and_has_no_webhook() -> anyhow::Result<()> {
    let app = spawn_app(|_| {}).await?;
    app.add_users(&[("ada", UserRole::Admin)], PASSWORD).await?;
    let ada = app.login("ada", PASSWORD).await;
    let (s, b) = app.get_as("/api/v1/billing", Some(&ada)).await;
    assert_eq!(s, 200);
    assert_eq!(b["enabled"], false);
    assert_eq!(b["standing"]["plan"]["mutations"], true);
    let (s, b) = deliver(
        &app,
        NEW_SECRET,
        &event("evt_1", "invoice.paid", 1, invoice("paid")),
        now(),
    )
    .await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (404, Some("billing_disabled")),
        "{b}"
    );
    let (s, b) = post(
        &app,
        "/api/v1/billing/checkout",
        &ada,
        json!({"plan": "team"}),
    )
    .await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (404, Some("billing_disabled")),
        "{b}"
    );
    Ok(())
}

#[tokio::test]
async fn the_plan_sets_the_workspace_rate_limit_across_replicas() -> anyhow::Result<()> {
    let a = spawn_app(|c| {
        billing_on(c, None);
        c.rate_limits.user_per_minute = 0;
        c.rate_limits.workspace_per_minute = 1000;
        let mut plans = c.billing.plans_in_effect();
        plans[0].requests_per_minute = 4;
        c.billing.plans = plans;
    })
    .await?;
    let b = spawn_app(|c| {
        a.replica_of(c);
        billing_on(c, None);
        c.rate_limits.user_per_minute = 0;
        c.rate_limits.workspace_per_minute = 1000;
        let mut plans = c.billing.plans_in_effect();
        plans[0].requests_per_minute = 4;
        c.billing.plans = plans;
    })
    .await?;
    a.add_users(
        &[("ada", UserRole::Admin), ("bob", UserRole::Viewer)],
        PASSWORD,
    )
    .await?;
    let ada = a.login("ada", PASSWORD).await;
    let bob = b.login("bob", PASSWORD).await;
    // Two users of the free workspace, on two replicas: four in all.
    let mut statuses = Vec::new();
    for (app, token) in [
        (&a, &ada),
        (&b, &bob),
        (&a, &ada),
        (&b, &bob),
        (&a, &ada),
        (&b, &bob),
    ] {
        let r = app
            .http
            .get(app.url("/api/v1/me"))
            .bearer_auth(token)
            .send()
            .await?;
        let status = r.status().as_u16();
        let body: Value = r.json().await?;
        if status == 429 {
            assert!(
                body["error"]["message"]
                    .as_str()
                    .unwrap_or("")
                    .contains("workspace limit is 4 per minute"),
                "{body}"
            );
        }
        statuses.push(status);
    }
    assert_eq!(statuses, [200, 200, 200, 200, 429, 429]);
    Ok(())
}
