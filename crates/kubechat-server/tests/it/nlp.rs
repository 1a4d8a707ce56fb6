//! The translator as a service (`POST /nlp/process`, `/process`) and
//! behind the chat: rules, an LLM provider played by a local server
//! (wiremock), metrics, and a mutation proposed by the model that still
//! goes through preview, confirmation and audit against the real API
//! server.

use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use kube::Api;
use kubechat_config::{ProviderConfig, ProviderKind, Role};
use kubechat_core::UserRole;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TestApp, audit_steps, spawn_app, web_cluster};

const PASSWORD: &str = "correct horse battery staple";

/// `route` as a signed-in person: a process that also serves the gateway
/// answers only them (a dedicated translator process is open).
async fn process(app: &TestApp, route: &str, body: Value) -> (u16, Value) {
    let token = caller(app).await;
    let r = app
        .http
        .post(app.url(route))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

/// A token of the user `caller`, created on first use.
async fn caller(app: &TestApp) -> String {
    let _ = app
        .add_users(&[("caller", UserRole::Viewer)], PASSWORD)
        .await;
    app.login("caller", PASSWORD).await
}

/// A provider answering every request with a call of the tool.
pub(crate) async fn model(arguments: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "choices": [{"message": {"role": "assistant", "tool_calls": [{
                "id": "c1", "type": "function",
                "function": {"name": "kubernetes_operation", "arguments": arguments.to_string()}
            }]}}]
        })))
        .mount(&server)
        .await;
    server
}

pub(crate) fn provider(server: &MockServer) -> ProviderConfig {
    ProviderConfig {
        name: "mock".into(),
        kind: ProviderKind::Openai,
        url: format!("{}/v1", server.uri()),
        model: "test".into(),
        api_key: None,
        api_version: None,
        api_key_env: None,
        context_size: 8192,
    }
}

#[tokio::test]
async fn nlp_process_translates_with_the_rules() -> anyhow::Result<()> {
    let app = spawn_app(|_| {}).await?;
    for route in ["/nlp/process", "/process"] {
        let (s, body) = process(
            &app,
            route,
            json!({"query": "show me all pods", "user_id": "test", "namespace": "payments"}),
        )
        .await;
        assert_eq!(s, 200, "{route}: {body}");
        assert_eq!(body["kubectl"], "kubectl get pods -n payments");
        assert_eq!(body["risk"], "read");
        assert_eq!(body["source"], "rules");
        assert_eq!(body["operation"]["verb"], "get");
        assert!(body["confidence"].as_f64().unwrap() > 0.9, "{body}");
    }
    let (s, body) = process(&app, "/nlp/process", json!({"query": "make me a sandwich"})).await;
    assert_eq!(s, 422, "{body}");
    assert_eq!(body["error"]["code"], "not_understood");
    assert!(!body["error"]["suggestions"].as_array().unwrap().is_empty());
    let (s, body) = process(
        &app,
        "/nlp/process",
        json!({"query": "run rm -rf / on node-1"}),
    )
    .await;
    assert_eq!((s, body["error"]["code"].as_str()), (422, Some("refused")));
    let (s, body) = process(&app, "/nlp/process", json!({"qeury": "show pods"})).await;
    assert_eq!(s, 400);
    assert!(
        body["error"]["message"].as_str().unwrap().contains("qeury"),
        "{body}"
    );
    let (s, body) = process(
        &app,
        "/nlp/process",
        json!({"query": "show pods", "namespace": "Not Valid"}),
    )
    .await;
    assert_eq!(s, 400, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("namespace"),
        "{body}"
    );

    // The runbook's metrics and their sources.
    let metrics = app.get("/metrics").await.text().await?;
    for needle in [
        "nlp_processing_duration_seconds_count{source=\"rules\"} 2",
        "nlp_processing_duration_seconds_count{source=\"error\"} 2",
        "nlp_request_queue_depth 0",
        "nlp_translation_errors_total{code=\"refused\"} 1",
    ] {
        assert!(metrics.contains(needle), "{needle} missing from\n{metrics}");
    }

    // A process without the nlp role does not serve it.
    let gateway_only = spawn_app(|c| c.server.roles = vec![Role::Gateway]).await?;
    let (s, body) = process(&gateway_only, "/nlp/process", json!({"query": "show pods"})).await;
    assert_eq!(s, 404, "{body}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("nlp"),
        "{body}"
    );
    Ok(())
}

#[tokio::test]
async fn the_llm_answers_what_the_rules_do_not_understand() -> anyhow::Result<()> {
    let server = model(json!({"verb": "get", "resource": "pods", "namespace": "payments"})).await;
    let app = spawn_app(|c| c.nlp.providers = vec![provider(&server)]).await?;
    let query = "could you check on the thing that takes our payments";
    for _ in 0..2 {
        let (s, body) = process(&app, "/nlp/process", json!({"query": query})).await;
        assert_eq!(s, 200, "{body}");
        assert_eq!(body["source"], "llm");
        assert_eq!(body["kubectl"], "kubectl get pods -n payments");
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "cached");
    let (_, health) = app.get_json("/health").await;
    let llm = &health["dependencies"][3];
    assert_eq!(
        (llm["name"].as_str(), llm["status"].as_str()),
        (Some("llm"), Some("up")),
        "{health}"
    );
    assert_eq!(llm["detail"], "mock: closed");
    let metrics = app.get("/metrics").await.text().await?;
    for needle in [
        "nlp_processing_duration_seconds_count{source=\"llm\"} 1",
        "nlp_processing_duration_seconds_count{source=\"cache\"} 1",
        "nlp_cache_hits_total 1",
        "nlp_cache_misses_total 1",
        "nlp_provider_breaker_state{provider=\"mock\"} 0",
    ] {
        assert!(metrics.contains(needle), "{needle} missing from\n{metrics}");
    }
    Ok(())
}

#[tokio::test]
async fn a_change_proposed_by_the_model_is_previewed_confirmed_and_audited() -> anyhow::Result<()> {
    let cluster = web_cluster(&["alice"]).await?;
    let (ns, admin) = (cluster.ns.clone(), cluster.admin.clone());
    let server = model(json!({
        "verb": "scale", "resource": "deployments", "name": "web", "params": {"replicas": 2}
    }))
    .await;
    let app = spawn_app(|c| {
        cluster.configure(c);
        c.nlp.providers = vec![provider(&server)];
    })
    .await?;
    let store = app
        .add_users(&[("alice", UserRole::Operator)], PASSWORD)
        .await?;
    let alice = app.login("alice", PASSWORD).await;
    let deployments: Api<Deployment> = Api::namespaced(admin, &ns);
    let text = "the web thing needs a second copy";
    let mut preview = Value::Null;
    // RBAC caches take new bindings shortly.
    for _ in 0..100 {
        let r = app
            .http
            .post(app.url("/api/v1/ask"))
            .bearer_auth(&alice)
            .json(&json!({"text": text, "namespace": ns}))
            .send()
            .await?;
        let status = r.status().as_u16();
        preview = r.json().await?;
        if status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(preview["type"], "preview", "{preview}");
    assert_eq!(
        preview["kubectl"],
        format!("kubectl scale deployment/web --replicas=2 -n {ns}")
    );
    assert_eq!(preview["changes"][0]["to"], 2);
    assert_eq!(
        deployments.get("web").await?.spec.replicas,
        Some(1),
        "nothing changes before confirmation"
    );
    let plan = preview["plan_id"].as_str().unwrap();
    let done: Value = app
        .http
        .post(app.url(&format!("/api/v1/plans/{plan}/confirm")))
        .bearer_auth(&alice)
        .json(&json!({}))
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(done["type"], "result", "{done}");
    assert_eq!(deployments.get("web").await?.spec.replicas, Some(2));
    let request: uuid::Uuid = preview["request_id"].as_str().unwrap().parse()?;
    let steps: Vec<String> = audit_steps(&store, request)
        .await?
        .iter()
        .map(|e| e.phase.as_str().to_owned())
        .collect();
    assert_eq!(steps, ["requested", "confirmed", "executed"]);
    Ok(())
}

#[tokio::test]
async fn loosely_given_names_are_resolved_against_live_objects() -> anyhow::Result<()> {
    use kube::api::PostParams;
    let cluster = web_cluster(&["alice"]).await?;
    let (ns, admin) = (cluster.ns.clone(), cluster.admin.clone());
    let deployments: Api<Deployment> = Api::namespaced(admin, &ns);
    for name in ["api-v1", "api-v2"] {
        let d: Deployment = serde_json::from_value(json!({
            "metadata": {"name": name},
            "spec": {"replicas": 1, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}},
                                  "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}
        }))?;
        deployments.create(&PostParams::default(), &d).await?;
    }
    let app = spawn_app(|c| cluster.configure(c)).await?;
    app.add_users(&[("alice", UserRole::Operator)], PASSWORD)
        .await?;
    let alice = app.login("alice", PASSWORD).await;
    let ask = |text: &'static str| {
        let (app, alice, ns) = (&app, alice.clone(), ns.clone());
        async move {
            let r = app
                .http
                .post(app.url("/api/v1/ask"))
                .bearer_auth(alice)
                .json(&json!({"text": text, "namespace": ns}))
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    // RBAC caches take new bindings shortly.
    let mut read = (0, Value::Null);
    for _ in 0..100 {
        read = ask("show deployment wbe").await;
        if read.0 == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(read.0, 200, "{}", read.1);
    assert_eq!(
        read.1["kubectl"],
        format!("kubectl get deployments web -n {ns}")
    );
    // A change to a resolved name is still previewed first.
    let (s, preview) = ask("scale deployment webb to 2").await;
    assert_eq!(s, 200, "{preview}");
    assert_eq!(preview["type"], "preview");
    assert_eq!(
        preview["kubectl"],
        format!("kubectl scale deployment/web --replicas=2 -n {ns}")
    );
    // Two fit: asked back, nothing runs.
    let (s, body) = ask("describe deployment api").await;
    assert_eq!(s, 409, "{body}");
    assert_eq!(body["error"]["code"], "ambiguous_name");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("api-v1") && message.contains("api-v2"),
        "{message}"
    );
    // Nothing fits: the cluster's "not found" stands.
    let (s, body) = ask("describe deployment zzzzzz").await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (404, Some("not_found")),
        "{body}"
    );
    Ok(())
}

#[tokio::test]
async fn relative_scaling_is_previewed_as_the_absolute_count() -> anyhow::Result<()> {
    let cluster = web_cluster(&["alice"]).await?;
    let (ns, admin) = (cluster.ns.clone(), cluster.admin.clone());
    let app = spawn_app(|c| cluster.configure(c)).await?;
    app.add_users(&[("alice", UserRole::Admin)], PASSWORD)
        .await?;
    let alice = app.login("alice", PASSWORD).await;
    let deployments: Api<Deployment> = Api::namespaced(admin, &ns);
    let post = |path: String, body: Value| {
        let (app, alice) = (&app, alice.clone());
        async move {
            let r = app
                .http
                .post(app.url(&path))
                .bearer_auth(alice)
                .json(&body)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let mut preview = (0, Value::Null);
    for _ in 0..100 {
        preview = post(
            "/api/v1/ask".into(),
            json!({"text": "scale web up by 2", "namespace": ns}),
        )
        .await;
        if preview.0 == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let preview = preview.1;
    assert_eq!(preview["type"], "preview", "{preview}");
    assert_eq!(
        preview["kubectl"],
        format!("kubectl scale deployment/web --replicas=3 -n {ns}")
    );
    assert_eq!(
        (
            preview["changes"][0]["from"].as_i64(),
            preview["changes"][0]["to"].as_i64()
        ),
        (Some(1), Some(3))
    );
    let plan = preview["plan_id"].as_str().unwrap();
    let (s, done) = post(format!("/api/v1/plans/{plan}/confirm"), json!({})).await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(deployments.get("web").await?.spec.replicas, Some(3));
    // Down by more than there are: zero, and that is destructive (typed).
    let (s, preview) = post(
        "/api/v1/ask".into(),
        json!({"text": "scale web down by 5", "namespace": ns}),
    )
    .await;
    assert_eq!(s, 200, "{preview}");
    assert_eq!(preview["changes"][0]["to"], 0, "{preview}");
    assert_eq!(preview["confirmation"]["kind"], "typed", "{preview}");
    Ok(())
}

#[tokio::test]
async fn admins_see_the_translator_set_up_without_keys() -> anyhow::Result<()> {
    let server = model(json!({"verb": "get", "resource": "pods"})).await;
    let mut p = provider(&server);
    p.api_key = Some(kubechat_config::Secret::new("sk-never-shown"));
    let app = spawn_app(|c| c.nlp.providers = vec![p]).await?;
    app.add_users(
        &[("ada", UserRole::Admin), ("olga", UserRole::Operator)],
        PASSWORD,
    )
    .await?;
    let ada = app.login("ada", PASSWORD).await;
    let r = app
        .http
        .get(app.url("/api/v1/translator"))
        .bearer_auth(&ada)
        .send()
        .await?;
    assert_eq!(r.status(), 200);
    let text = r.text().await?;
    assert!(!text.contains("sk-never-shown"), "{text}");
    let t: Value = serde_json::from_str(&text)?;
    assert_eq!(t["mode"], "providers");
    assert_eq!(t["providers"][0]["name"], "mock");
    assert_eq!(t["providers"][0]["kind"], "openai");
    assert_eq!(t["providers"][0]["host"], "127.0.0.1");
    assert_eq!(t["providers"][0]["breaker"], "closed");
    let olga = app.login("olga", PASSWORD).await;
    let r = app
        .http
        .get(app.url("/api/v1/translator"))
        .bearer_auth(&olga)
        .send()
        .await?;
    assert_eq!(r.status(), 403);
    Ok(())
}
