//! The runbook's billing probes against the binary: `grep "payment
//! failed"` in the server's logs finds the workspace and invoice, and
//! `kubechat billing sync` reconciles from the provider (played by
//! wiremock) — or, with the provider down, says so and changes nothing.

use kubechat_core::Clock as _;
use kubechat_testkit::free_port;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::process::{Server, kubechat, run};

const WS: &str = "00000000-0000-0000-0000-000000000001";
const SECRET: &str = "whsec_binary_test_123";

fn config(provider: &str) -> String {
    format!(
        "[billing]\nenabled = true\napi_url = \"{provider}\"\nsecret_key = \"sk_test_bin\"\nwebhook_secrets = [\"{SECRET}\"]\n"
    )
}

#[tokio::test]
async fn payment_failed_is_logged_and_sync_reconciles_from_the_provider() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let provider = MockServer::start().await;
    std::fs::write(dir.path().join("kubechat.toml"), config(&provider.uri()))?;
    let port = free_port()?;
    let mut cmd = kubechat(dir.path());
    cmd.args([
        "--config",
        "kubechat.toml",
        "serve",
        "--listen",
        &format!("127.0.0.1:{port}"),
        "--log-format",
        "json",
    ]);
    let mut server = Server::start(cmd, port);
    server.wait_for("/health/readiness").await;

    let sub = json!({"id": "sub_1", "customer": "cus_1", "status": "active",
        "items": {"data": [{"price": {"id": "price_team"}}]}, "metadata": {"workspace_id": WS}});
    let failed = json!({"id": "in_77", "customer": "cus_1", "subscription": "sub_1", "status": "open",
        "number": "KC-0077", "amount_due": 4900, "amount_paid": 0, "currency": "usd", "created": 1_800_000_050});
    for (id, kind, created, object) in [
        (
            "evt_1",
            "customer.subscription.created",
            1_800_000_000,
            sub.clone(),
        ),
        ("evt_2", "invoice.payment_failed", 1_800_000_050, failed),
    ] {
        let body = serde_json::to_vec(
            &json!({"id": id, "type": kind, "created": created, "data": {"object": object}}),
        )?;
        let now = kubechat_core::SystemClock.now().unix_timestamp();
        let sig = kubechat_billing::signature::sign(SECRET, now, &body);
        let r = server
            .http
            .post(format!("{}/api/v1/billing/webhook", server.base))
            .header("stripe-signature", sig)
            .body(body)
            .send()
            .await?;
        assert_eq!(r.status().as_u16(), 200, "{}", r.text().await?);
    }
    server.sigterm();
    let (status, logs) = server.wait();
    assert!(status.success(), "{logs}");
    let line = logs
        .lines()
        .find(|l| l.contains("\"payment failed\""))
        .unwrap_or_else(|| panic!("no payment failed line:\n{logs}"));
    let v: serde_json::Value = serde_json::from_str(line)?;
    assert_eq!(v["level"], "WARN", "{line}");
    assert_eq!(v["workspace"], WS, "{line}");
    assert_eq!(v["invoice"], "in_77", "{line}");
    assert_eq!(v["number"], "KC-0077", "{line}");

    let status_of = || {
        let out =
            run(kubechat(dir.path()).args(["--config", "kubechat.toml", "billing", "status"]));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let before = status_of();
    assert!(before.contains("status:     past_due"), "{before}");
    assert!(before.contains("plan:       team"), "{before}");

    // The provider down: named, exit 1, nothing changed.
    std::fs::write(dir.path().join("down.toml"), config("http://127.0.0.1:9"))?;
    let out = run(kubechat(dir.path()).args(["--config", "down.toml", "billing", "sync"]));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot be reached") && err.contains("nothing was changed"),
        "{err}"
    );
    assert_eq!(status_of(), before);

    // The provider says the invoice was paid and the subscription runs.
    let mut active = sub.clone();
    active["created"] = json!(1_800_000_000);
    Mock::given(method("GET"))
        .and(path("/v1/subscriptions"))
        .and(query_param("customer", "cus_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [active]})))
        .mount(&provider)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/invoices"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [
            {"id": "in_77", "customer": "cus_1", "status": "paid", "amount_due": 4900, "amount_paid": 4900,
             "currency": "usd", "created": 1_800_000_050}]})))
        .mount(&provider)
        .await;
    let out = run(kubechat(dir.path()).args(["--config", "kubechat.toml", "billing", "sync"]));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("1 workspace(s) with a subscription checked, 1 invoice(s) read, 1 corrected"),
        "{text}"
    );
    assert!(text.contains("default: status past_due → active"), "{text}");
    assert!(status_of().contains("status:     active"));
    Ok(())
}
