//! The Web API client against a stand-in for Slack (wiremock): a `429`
//! is waited out as `Retry-After` says, an error answer is reported with
//! Slack's reason, and answers go only to Slack's own response URLs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use kubechat_slack::api::WebApi;
use kubechat_slack::render;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> WebApi {
    WebApi::new(
        &format!("{}/api", server.uri()),
        kubechat_config::Secret::new("xoxb-test"),
        Duration::from_secs(5),
    )
    .unwrap()
}

#[tokio::test]
async fn a_rate_limit_is_waited_out_and_errors_name_slacks_reason() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/chat.postMessage"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/chat.postMessage"))
        .and(header("authorization", "Bearer xoxb-test"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true, "ts": "1.2"})),
        )
        .mount(&server)
        .await;
    let api = client(&server);
    let posted = api
        .post_message("C1", Some("1.1"), &render::note("hello"))
        .await
        .unwrap();
    assert_eq!(posted["ts"], "1.2");
    let calls = server.received_requests().await.unwrap();
    assert_eq!(calls.len(), 2, "one 429, then the post");
    let body: serde_json::Value = serde_json::from_slice(&calls[1].body).unwrap();
    assert_eq!(
        (body["channel"].as_str(), body["thread_ts"].as_str()),
        (Some("C1"), Some("1.1"))
    );

    Mock::given(method("POST"))
        .and(path("/api/chat.postEphemeral"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"ok": false, "error": "user_not_in_channel"})),
        )
        .mount(&server)
        .await;
    let err = api
        .post_ephemeral("C1", "U1", None, &render::note("x"))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("user_not_in_channel"), "{err}");
}

#[tokio::test]
async fn answers_go_to_slacks_response_urls_only() {
    let server = MockServer::start().await;
    let api = client(&server);
    assert!(api.is_response_url("https://hooks.slack.com/commands/T1/1/abc"));
    assert!(api.is_response_url(&format!("{}/respond/1", server.uri())));
    for bad in [
        "http://hooks.slack.com/commands/1",
        "https://hooks.slack.com.evil.example/x",
        "https://169.254.169.254/latest/meta-data",
        "not a url",
    ] {
        assert!(!api.is_response_url(bad), "{bad}");
        assert!(
            api.respond(bad, &render::note("x"), true, false)
                .await
                .is_err()
        );
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}
