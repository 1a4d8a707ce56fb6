//! KubeChat as an MCP server, driven by a real MCP client — the official
//! Python SDK (`mcp` from PyPI) — over Streamable HTTP, against real
//! PostgreSQL, Redis and the API server.

use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use kube::Api;
use kubechat_core::UserRole;
use serde_json::Value;

use crate::helpers::{spawn_app, web_cluster};

const PASSWORD: &str = "correct horse battery staple";

/// Runs the Python SDK client with `URL TOKEN NAMESPACE extra…`.
async fn sdk_client(url: &str, token: &str, ns: &str, extra: &[&str]) -> Value {
    let mut args = vec![url, token, ns];
    args.extend_from_slice(extra);
    kubechat_testkit::mcp_client("client.py", &args)
        .await
        .unwrap()
}

#[tokio::test]
async fn python_sdk_reads_previews_and_confirms_through_elicitation() -> anyhow::Result<()> {
    let cluster = web_cluster(&["op1", "v1"]).await?;
    let app = spawn_app(|c| cluster.configure(c)).await?;
    app.add_users(
        &[("op1", UserRole::Operator), ("v1", UserRole::Viewer)],
        PASSWORD,
    )
    .await?;
    let op = app.login("op1", PASSWORD).await;
    let viewer = app.login("v1", PASSWORD).await;
    let url = app.url("/mcp");

    let seen = sdk_client(&url, &op, &cluster.ns, &[]).await;
    assert_eq!(seen["server"], "kubechat", "{seen}");
    let tools: Vec<&str> = seen["tools"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for t in [
        "kubechat_ask",
        "kubechat_get",
        "kubechat_scale",
        "kubechat_diagnose",
    ] {
        assert!(tools.contains(&t), "{t} missing: {seen}");
    }
    assert!(
        !tools.contains(&"kubechat_confirm"),
        "confirmation by tool is off by default"
    );
    assert_eq!(seen["scale_annotations"]["destructive"], true, "{seen}");
    assert_eq!(seen["get"]["is_error"], false, "{seen}");
    assert_eq!(seen["get"]["structured"]["type"], "result", "{seen}");
    assert!(
        seen["get"]["text"].as_str().unwrap().contains("web"),
        "{seen}"
    );
    assert_eq!(seen["ask"]["type"], "result", "{seen}");
    // The scale was previewed, the person was asked, and it ran.
    assert_eq!(
        seen["elicitations"].as_array().map(Vec::len),
        Some(1),
        "{seen}"
    );
    assert!(
        seen["elicitations"][0]
            .as_str()
            .unwrap()
            .contains("kubectl scale"),
        "{seen}"
    );
    assert_eq!(seen["scale"]["structured"]["type"], "result", "{seen}");
    let deployments: Api<Deployment> = Api::namespaced(cluster.admin.clone(), &cluster.ns);
    let replicas = deployments.get("web").await?.spec.replicas;
    assert_eq!(replicas, Some(3));
    // A bad argument is a JSON-RPC error naming it.
    assert_eq!(seen["bad_args"]["code"], -32602, "{seen}");
    assert!(
        seen["bad_args"]["message"]
            .as_str()
            .unwrap()
            .contains("`limit`"),
        "{seen}"
    );
    // Resources: the caller's own audit (every event theirs, channel mcp);
    // prompts that point the model at the tools.
    assert!(
        seen["resources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "kubechat://audit/mine"),
        "{seen}"
    );
    assert_eq!(
        seen["audit_mine"],
        serde_json::json!([["mcp", "op1"]]),
        "{seen}"
    );
    assert_eq!(
        seen["prompts"],
        serde_json::json!(["kubechat_health_check", "kubechat_why_failing"]),
        "{seen}"
    );
    assert!(
        seen["prompt_text"]
            .as_str()
            .unwrap()
            .contains("kubechat_diagnose"),
        "{seen}"
    );
    // Audited with channel mcp: asked, confirmed, executed.
    let pg = sqlx::PgPool::connect(app.db_url()).await?;
    let phases: Vec<(String,)> = sqlx::query_as(
        "SELECT phase FROM audit_events WHERE channel = 'mcp' AND verb = 'scale' ORDER BY seq",
    )
    .fetch_all(&pg)
    .await?;
    let phases: Vec<&str> = phases.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(phases, ["requested", "confirmed", "executed"], "{phases:?}");

    // A viewer's client sees only the read-only tools.
    let seen = sdk_client(&url, &viewer, &cluster.ns, &["--no-change"]).await;
    let tools: Vec<&str> = seen["tools"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(tools.contains(&"kubechat_get"), "{seen}");
    for t in [
        "kubechat_scale",
        "kubechat_delete",
        "kubechat_confirm",
        "kubechat_restart",
    ] {
        assert!(!tools.contains(&t), "a viewer sees {t}: {seen}");
    }
    Ok(())
}

#[tokio::test]
async fn anonymous_and_forged_tokens_get_401_with_resource_metadata() -> anyhow::Result<()> {
    let app = spawn_app(|_| {}).await?;
    let init = serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}}});
    for token in [
        None,
        Some("eyJhbGciOiJFZERTQSJ9.e30.forged"),
        Some("kct_not-a-real-token"),
    ] {
        let mut req = app.http.post(app.url("/mcp")).json(&init);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let r = req.send().await?;
        assert_eq!(r.status(), 401, "{token:?}");
        let challenge = r.headers()["www-authenticate"].to_str()?.to_owned();
        assert!(
            challenge.starts_with("Bearer resource_metadata=\"http://")
                && challenge.ends_with("/.well-known/oauth-protected-resource\""),
            "{challenge}"
        );
    }
    let (status, meta) = app.get_json("/.well-known/oauth-protected-resource").await;
    assert_eq!(status, 200);
    assert!(
        meta["resource"].as_str().unwrap().ends_with("/mcp"),
        "{meta}"
    );
    assert_eq!(meta["bearer_methods_supported"][0], "header");
    Ok(())
}

/// The cases where the channels had drifted apart hold for REST, the
/// WebSocket and MCP alike: a bad namespace is refused naming the field
/// (`invalid_request` on the chat channels, `-32602` on MCP), and an
/// answer that is an error is kept in the session's history on REST as on
/// the WebSocket.
#[tokio::test]
async fn every_channel_refuses_alike_and_keeps_errors_in_history() -> anyhow::Result<()> {
    use crate::helpers::post;
    use crate::ws::{next, open_chat, send};
    use serde_json::json;
    let cluster = web_cluster(&["op1"]).await?;
    let app = spawn_app(|c| cluster.configure(c)).await?;
    app.add_users(&[("op1", UserRole::Operator)], PASSWORD)
        .await?;
    let token = app.login("op1", PASSWORD).await;
    let bad = "Not_A_Namespace";

    let (s, body) = post(
        &app,
        "/api/v1/ask",
        &token,
        json!({"text": "list pods", "namespace": bad}),
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (400, Some("invalid_request")),
        "{body}"
    );
    assert!(body.to_string().contains("field `namespace`"), "{body}");

    let mut ws = open_chat(&app, "drift", &token).await;
    send(
        &mut ws,
        json!({"v": 1, "type": "ask", "id": "q1", "text": "list pods", "namespace": bad}),
    )
    .await;
    let e = next(&mut ws).await;
    assert_eq!(
        (e["type"].as_str(), e["code"].as_str()),
        (Some("error"), Some("invalid_request")),
        "{e}"
    );
    assert!(
        e["message"].as_str().unwrap().contains("field `namespace`"),
        "{e}"
    );

    let mcp = |body: Value, sid: Option<&str>| {
        let mut req = app
            .http
            .post(app.url("/mcp"))
            .bearer_auth(&token)
            .header("accept", "application/json, text/event-stream")
            .json(&body);
        if let Some(s) = sid {
            req = req.header("mcp-session-id", s);
        }
        req.send()
    };
    let r = mcp(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}}}),
        None,
    )
    .await?;
    let sid = r.headers()["mcp-session-id"].to_str()?.to_owned();
    let r: Value = mcp(
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
            "name": "kubechat_ask", "arguments": {"text": "list pods", "namespace": bad}}}),
        Some(&sid),
    )
    .await?
    .json()
    .await?;
    assert_eq!(r["error"]["code"], -32602, "{r}");
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("`namespace`"),
        "{r}"
    );
    // Without a session, or with another's, MCP answers 400 / 404.
    let r = mcp(
        json!({"jsonrpc": "2.0", "id": 3, "method": "tools/list"}),
        None,
    )
    .await?;
    assert_eq!(r.status(), 400);
    let r = mcp(
        json!({"jsonrpc": "2.0", "id": 3, "method": "tools/list"}),
        Some("0123abcd"),
    )
    .await?;
    assert_eq!(r.status(), 404);

    // An error answer is kept in the history on REST too.
    let (_, body) = post(
        &app,
        "/api/v1/ask",
        &token,
        json!({"text": "frobnicate the quux", "session_id": "rest-errors"}),
    )
    .await;
    assert!(body["error"]["code"].is_string(), "{body}");
    let (_, history) = app
        .get_as(
            "/api/v1/sessions/rest-errors/messages?limit=10",
            Some(&token),
        )
        .await;
    let kinds: Vec<&str> = history["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["ask", "error"], "{history}");
    Ok(())
}

/// The official TypeScript SDK over Streamable HTTP: the same read,
/// preview, confirmation through elicitation and bad argument.
#[tokio::test]
async fn typescript_sdk_reads_previews_and_confirms_through_elicitation() -> anyhow::Result<()> {
    let cluster = web_cluster(&["op1"]).await?;
    let app = spawn_app(|c| cluster.configure(c)).await?;
    app.add_users(&[("op1", UserRole::Operator)], PASSWORD)
        .await?;
    let token = app.login("op1", PASSWORD).await;
    let url = app.url("/mcp");
    let args = [url.as_str(), &token, &cluster.ns, "--replicas", "4"];
    let seen = kubechat_testkit::mcp_client("client.mjs", &args).await?;
    assert_eq!(seen["server"], "kubechat", "{seen}");
    assert!(
        seen["tools"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "kubechat_scale"),
        "{seen}"
    );
    assert_eq!(seen["scale_annotations"]["destructive"], true, "{seen}");
    assert_eq!(seen["get"]["structured"]["type"], "result", "{seen}");
    assert_eq!(
        seen["elicitations"].as_array().map(Vec::len),
        Some(1),
        "{seen}"
    );
    assert_eq!(seen["scale"]["structured"]["type"], "result", "{seen}");
    let deployments: Api<Deployment> = Api::namespaced(cluster.admin.clone(), &cluster.ns);
    assert_eq!(deployments.get("web").await?.spec.replicas, Some(4));
    assert_eq!(seen["bad_args"]["code"], -32602, "{seen}");
    assert!(
        seen["bad_args"]["message"]
            .as_str()
            .unwrap()
            .contains("`limit`"),
        "{seen}"
    );
    Ok(())
}

/// A confirmation asked by one replica and answered through another
/// (no sticky sessions): the answer travels through the shared cache and
/// the change runs. The protocol is spoken by hand here, since a client
/// SDK cannot choose the replica of each message.
#[tokio::test]
async fn an_elicitation_answer_may_reach_another_replica() -> anyhow::Result<()> {
    use serde_json::json;
    let cluster = web_cluster(&["op1"]).await?;
    let a = spawn_app(|c| cluster.configure(c)).await?;
    let b = spawn_app(|c| {
        cluster.configure(c);
        a.replica_of(c);
    })
    .await?;
    a.add_users(&[("op1", UserRole::Operator)], PASSWORD)
        .await?;
    let token = a.login("op1", PASSWORD).await;
    let post = |app: &crate::helpers::TestApp, body: Value, sid: Option<&str>| {
        let mut req = app
            .http
            .post(app.url("/mcp"))
            .bearer_auth(&token)
            .header("accept", "application/json, text/event-stream")
            .json(&body);
        if let Some(s) = sid {
            req = req.header("mcp-session-id", s);
        }
        req.send()
    };
    let init = post(
        &a,
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {"elicitation": {}},
            "clientInfo": {"name": "t", "version": "0"}}}),
        None,
    )
    .await?;
    let sid = init.headers()["mcp-session-id"].to_str()?.to_owned();
    let mut stream = post(
        &a,
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
            "name": "kubechat_scale",
            "arguments": {"resource": "deployment", "name": "web", "replicas": 2, "namespace": cluster.ns}}}),
        Some(&sid),
    )
    .await?;
    assert!(
        stream.headers()["content-type"]
            .to_str()?
            .starts_with("text/event-stream"),
        "a change with elicitation answers a stream"
    );
    // Reads SSE events off the stream until one is complete.
    let mut buf = String::new();
    let mut next_event = async || -> Value {
        loop {
            if let Some(end) = buf.find("\n\n") {
                let event: String = buf.drain(..end + 2).collect();
                let data: String = event
                    .lines()
                    .filter_map(|l| l.strip_prefix("data:"))
                    .map(str::trim_start)
                    .collect();
                return serde_json::from_str(&data).expect("an event is JSON");
            }
            let chunk = tokio::time::timeout(Duration::from_secs(30), stream.chunk())
                .await
                .expect("the stream goes on")
                .expect("the stream reads")
                .expect("the stream is open");
            buf.push_str(&String::from_utf8_lossy(&chunk));
        }
    };
    let ask = next_event().await;
    assert_eq!(ask["method"], "elicitation/create", "{ask}");
    // The person's answer goes to the other replica.
    let r = post(
        &b,
        json!({"jsonrpc": "2.0", "id": ask["id"], "result": {"action": "accept", "content": {"confirm": true}}}),
        Some(&sid),
    )
    .await?;
    assert_eq!(r.status(), 202);
    let done = next_event().await;
    assert_eq!(done["id"], 2, "{done}");
    assert_eq!(
        done["result"]["structuredContent"]["type"], "result",
        "{done}"
    );
    let deployments: Api<Deployment> = Api::namespaced(cluster.admin.clone(), &cluster.ns);
    assert_eq!(deployments.get("web").await?.spec.replicas, Some(2));
    Ok(())
}
