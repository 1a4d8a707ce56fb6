//! `Billing::sync` against a real PostgreSQL and the provider's API
//! played by wiremock: corrections reported and stored; a provider that
//! fails on any workspace leaves every record as it was.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use kubechat_billing::{Billing, Error};
use kubechat_cache::Cache;
use kubechat_config::{BillingConfig, RedisConfig, Secret, SecretUrl};
use kubechat_core::{Clock, SystemClock};
use kubechat_store::{
    DEFAULT_WORKSPACE_ID, Store, StoreOptions, WorkspaceRepository, WorkspaceSlug,
};
use kubechat_testkit::TestDatabase;
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "whsec_sync_test";

struct Setup {
    _db: TestDatabase,
    store: Store,
    acme: Uuid,
}

async fn setup() -> anyhow::Result<Setup> {
    let db = TestDatabase::create().await?;
    let store = Store::connect(&SecretUrl::new(db.url()), &StoreOptions::default()).await?;
    store.migrate().await?;
    let acme = store
        .create_workspace(&WorkspaceSlug::parse("acme")?, "Acme", &SystemClock)
        .await?
        .id;
    Ok(Setup {
        _db: db,
        store,
        acme,
    })
}

fn billing(store: &Store, api_url: &str) -> Billing {
    let config = BillingConfig {
        enabled: true,
        api_url: api_url.to_owned(),
        secret_key: Some(Secret::new("sk_test_sync")),
        webhook_secrets: vec![Secret::new(SECRET)],
        ..BillingConfig::default()
    };
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let cache = Cache::from_config(
        &RedisConfig::default(),
        clock.clone(),
        std::time::Duration::from_secs(1),
    )
    .unwrap();
    Billing::from_config(&config, store.clone(), cache, clock).unwrap()
}

fn sub(id: &str, customer: &str, ws: Uuid, status: &str, price: &str, created: i64) -> Value {
    json!({"id": id, "object": "subscription", "customer": customer, "status": status, "created": created,
           "items": {"data": [{"price": {"id": price}}]}, "metadata": {"workspace_id": ws.to_string()}})
}

/// Subscribes `ws` through a webhook, as the provider would.
async fn subscribe(b: &Billing, ws: Uuid, customer: &str, sub_id: &str) {
    let ev = json!({"id": format!("evt_{sub_id}"), "type": "customer.subscription.created", "created": 1_800_000_000,
                    "data": {"object": sub(sub_id, customer, ws, "active", "price_team", 1_800_000_000)}});
    let body = serde_json::to_vec(&ev).unwrap();
    let now = SystemClock.now().unix_timestamp();
    let sig = kubechat_billing::signature::sign(SECRET, now, &body);
    b.webhook(Some(&sig), &body).await.unwrap();
}

async fn list(server: &MockServer, what: &str, customer: &str, data: Value) {
    Mock::given(method("GET"))
        .and(path(format!("/v1/{what}")))
        .and(query_param("customer", customer))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"object": "list", "data": data})),
        )
        .mount(server)
        .await;
}

#[tokio::test]
async fn sync_corrects_what_webhooks_missed_and_changes_nothing_when_the_provider_fails()
-> anyhow::Result<()> {
    let s = setup().await?;
    let provider = MockServer::start().await;
    let b = billing(&s.store, &provider.uri());
    subscribe(&b, s.acme, "cus_acme", "sub_acme").await;
    subscribe(&b, DEFAULT_WORKSPACE_ID, "cus_def", "sub_def").await;
    assert_eq!(b.standing(s.acme).await?.plan.name, "team");

    // Acme's subscription was cancelled and a new enterprise one started;
    // the default workspace's is as we have it. One invoice each.
    list(
        &provider,
        "subscriptions",
        "cus_acme",
        json!([
            sub(
                "sub_acme",
                "cus_acme",
                s.acme,
                "canceled",
                "price_team",
                1_800_000_000
            ),
            sub(
                "sub_acme2",
                "cus_acme",
                s.acme,
                "active",
                "price_enterprise",
                1_800_100_000
            ),
        ]),
    )
    .await;
    list(
        &provider,
        "subscriptions",
        "cus_def",
        json!([sub(
            "sub_def",
            "cus_def",
            DEFAULT_WORKSPACE_ID,
            "active",
            "price_team",
            1_800_000_000
        ),]),
    )
    .await;
    list(
        &provider,
        "invoices",
        "cus_acme",
        json!([
            {"id": "in_a1", "customer": "cus_acme", "subscription": "sub_acme2", "status": "paid",
             "amount_due": 9900, "amount_paid": 9900, "currency": "usd", "created": 1_800_100_000},
        ]),
    )
    .await;
    list(&provider, "invoices", "cus_def", json!([])).await;

    let report = b.sync().await?;
    assert_eq!(report.checked, 2);
    assert_eq!(report.invoices, 1);
    assert_eq!(report.changed.len(), 1, "{report:?}");
    assert_eq!(report.changed[0].workspace, "acme");
    assert_eq!(
        report.changed[0].changes,
        vec![
            "plan team → enterprise",
            "subscription sub_acme → sub_acme2"
        ]
    );
    let acme = b.overview(s.acme).await?;
    assert_eq!(acme.standing.plan.name, "enterprise");
    assert_eq!(acme.invoices[0].id, "in_a1");
    // A second sync finds nothing to correct.
    assert!(b.sync().await?.changed.is_empty());

    // The provider fails on one workspace while the other would change:
    // nothing is written.
    provider.reset().await;
    list(
        &provider,
        "subscriptions",
        "cus_acme",
        json!([sub(
            "sub_acme2",
            "cus_acme",
            s.acme,
            "canceled",
            "price_enterprise",
            1_800_100_000
        ),]),
    )
    .await;
    list(&provider, "invoices", "cus_acme", json!([])).await;
    Mock::given(method("GET"))
        .and(query_param("customer", "cus_def"))
        .respond_with(
            ResponseTemplate::new(503).set_body_json(json!({"error": {"message": "maintenance"}})),
        )
        .mount(&provider)
        .await;
    let e = b.sync().await.unwrap_err();
    assert!(matches!(e, Error::Provider(_)), "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains("503") && msg.contains("maintenance") && msg.contains("nothing was changed"),
        "{msg}"
    );
    assert_eq!(
        b.standing(s.acme).await?.plan.name,
        "enterprise",
        "unchanged"
    );

    // The provider down altogether: named, nothing changed.
    let down = billing(&s.store, "http://127.0.0.1:9");
    let msg = down.sync().await.unwrap_err().to_string();
    assert!(
        msg.contains("cannot be reached") && msg.contains("nothing was changed"),
        "{msg}"
    );
    assert_eq!(b.standing(s.acme).await?.plan.name, "enterprise");
    Ok(())
}

#[tokio::test]
async fn a_workspace_cannot_be_reached_through_another_workspaces_customer() -> anyhow::Result<()> {
    let s = setup().await?;
    let b = billing(&s.store, "http://127.0.0.1:9");
    subscribe(&b, s.acme, "cus_acme", "sub_acme").await;
    // An event naming the default workspace but acme's customer is
    // refused: a customer belongs to one workspace.
    let ev = json!({"id": "evt_x", "type": "customer.subscription.updated", "created": 1_800_000_500,
                    "data": {"object": sub("sub_x", "cus_acme", DEFAULT_WORKSPACE_ID, "active", "price_enterprise", 1)}});
    let body = serde_json::to_vec(&ev)?;
    let sig = kubechat_billing::signature::sign(SECRET, SystemClock.now().unix_timestamp(), &body);
    let e = b.webhook(Some(&sig), &body).await.unwrap_err();
    assert!(
        e.to_string()
            .contains("already belongs to another workspace"),
        "{e}"
    );
    assert_eq!(b.standing(DEFAULT_WORKSPACE_ID).await?.plan.name, "free");
    assert_eq!(b.standing(s.acme).await?.plan.name, "team");
    Ok(())
}
