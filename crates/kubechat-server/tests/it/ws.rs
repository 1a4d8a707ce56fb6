//! The WebSocket chat over a real socket against the real API server.

use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use k8s_openapi::api::apps::v1::Deployment;
use kube::Api;
use kubechat_auth::{Auth, AuthOptions, KeySet};
use kubechat_config::SecretUrl;
use kubechat_core::{SystemClock, UserRole};
use kubechat_store::{DEFAULT_WORKSPACE_ID as WS, Store, StoreOptions};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

use crate::helpers::{TestApp, spawn_app, web_cluster};

const PASSWORD: &str = "correct horse battery staple";

pub(crate) type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub(crate) async fn connect(
    app: &TestApp,
    session: &str,
    auth: (&str, &str),
) -> Result<(Socket, Option<String>), u16> {
    let mut req = format!("ws://{}/api/v1/chat/{session}", app.addr)
        .into_client_request()
        .unwrap();
    req.headers_mut().insert(
        tokio_tungstenite::tungstenite::http::HeaderName::from_bytes(auth.0.as_bytes()).unwrap(),
        HeaderValue::from_str(auth.1).unwrap(),
    );
    match tokio_tungstenite::connect_async(req).await {
        Ok((s, resp)) => Ok((
            s,
            resp.headers()
                .get("sec-websocket-protocol")
                .map(|v| v.to_str().unwrap().to_owned()),
        )),
        Err(tokio_tungstenite::tungstenite::Error::Http(r)) => Err(r.status().as_u16()),
        Err(e) => panic!("{e}"),
    }
}

pub(crate) async fn next(ws: &mut Socket) -> Value {
    loop {
        let m = tokio::time::timeout(Duration::from_secs(30), ws.next())
            .await
            .expect("a message within 30 s")
            .expect("open")
            .expect("frame");
        if let Message::Text(t) = m {
            return serde_json::from_str(&t).unwrap();
        }
    }
}

pub(crate) async fn send(ws: &mut Socket, v: Value) {
    ws.send(Message::Text(v.to_string().into())).await.unwrap();
}

#[tokio::test]
async fn chat_over_a_websocket() -> anyhow::Result<()> {
    // Cluster RBAC for the chat users' Kubernetes identities; KubeChat's
    // policy is what stops a viewer.
    let cluster = web_cluster(&["alice"]).await?;
    let (ns, admin) = (cluster.ns.clone(), cluster.admin.clone());
    let app = spawn_app(|c| cluster.configure(c)).await?;
    let store = Store::connect(&SecretUrl::new(app.db_url()), &StoreOptions::default()).await?;
    Auth::new(
        store.clone(),
        KeySet::new(),
        Arc::new(SystemClock),
        AuthOptions::default(),
    )
    .add_user(WS, "alice", PASSWORD, UserRole::Operator, None, vec![])
    .await?;
    let login: Value = app
        .http
        .post(app.url("/api/v1/login"))
        .json(&json!({"username": "alice", "password": PASSWORD}))
        .send()
        .await?
        .json()
        .await?;
    let token = login["access_token"].as_str().unwrap().to_owned();

    // Refused without a credential or with a bad session id.
    assert_eq!(
        connect(&app, "s1", ("x-nothing", "1")).await.err(),
        Some(401)
    );
    assert_eq!(
        connect(
            &app,
            "bad%20id",
            ("authorization", &format!("Bearer {token}"))
        )
        .await
        .err(),
        Some(400)
    );

    // Browsers: the token as a subprotocol; the server picks kubechat.v1.
    let (mut ws, protocol) = connect(
        &app,
        "s1",
        (
            "sec-websocket-protocol",
            &format!("kubechat.v1, bearer.{token}"),
        ),
    )
    .await
    .unwrap();
    assert_eq!(protocol.as_deref(), Some("kubechat.v1"));
    let hello = next(&mut ws).await;
    assert_eq!(hello["type"], "hello", "{hello}");
    assert_eq!(hello["user"], "alice");

    // A read: translated, then the result.
    let mut result = Value::Null;
    for attempt in 0..100 {
        send(&mut ws, json!({"v": 1, "type": "ask", "id": format!("r{attempt}"), "text": "show me the deployments", "namespace": ns})).await;
        let translated = next(&mut ws).await;
        assert_eq!(translated["type"], "translated", "{translated}");
        assert_eq!(
            translated["kubectl"],
            format!("kubectl get deployments -n {ns}")
        );
        result = next(&mut ws).await;
        if result["type"] == "result" {
            break;
        }
        // RBAC caches take the new binding shortly.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(result["type"], "result", "{result}");
    assert!(result["text"].as_str().unwrap().contains("web"));

    // A mutation: preview, confirm, executed.
    send(
        &mut ws,
        json!({"v": 1, "type": "ask", "id": "m1", "text": "scale web to 3", "namespace": ns}),
    )
    .await;
    let translated = next(&mut ws).await;
    assert_eq!(translated["risk"], "mutate", "{translated}");
    let preview = next(&mut ws).await;
    assert_eq!(
        (preview["type"].as_str(), preview["id"].as_str()),
        (Some("preview"), Some("m1")),
        "{preview}"
    );
    assert_eq!(preview["changes"][0]["to"], 3);
    let plan = preview["plan_id"].as_str().unwrap().to_owned();

    // Bad input on the way: each an error, the connection stays usable.
    ws.send(Message::Text("{not json".into())).await?;
    assert_eq!(next(&mut ws).await["code"], "invalid_message");
    send(&mut ws, json!({"v": 1, "type": "dance", "id": "x1"})).await;
    let e = next(&mut ws).await;
    assert_eq!(
        (e["code"].as_str(), e["id"].as_str()),
        (Some("unknown_type"), Some("x1")),
        "{e}"
    );
    send(
        &mut ws,
        json!({"v": 1, "type": "ask", "id": "x2", "text": "a".repeat(20_000)}),
    )
    .await;
    assert_eq!(next(&mut ws).await["code"], "message_too_large");
    send(&mut ws, json!({"v": 2, "type": "ping"})).await;
    assert_eq!(next(&mut ws).await["code"], "unsupported_version");
    send(&mut ws, json!({"v": 1, "type": "confirm", "id": "x3", "plan_id": "00000000-0000-0000-0000-000000000000"})).await;
    let e = next(&mut ws).await;
    assert_eq!(
        (e["code"].as_str(), e["id"].as_str()),
        (Some("plan_expired"), Some("x3")),
        "{e}"
    );
    send(&mut ws, json!({"v": 1, "type": "ping", "id": "p"})).await;
    assert_eq!(next(&mut ws).await["type"], "pong");

    // The client reconnects (another socket, same session) and confirms.
    ws.close(None).await?;
    let (mut ws, _) = connect(&app, "s1", ("authorization", &format!("Bearer {token}")))
        .await
        .unwrap();
    assert_eq!(next(&mut ws).await["type"], "hello");
    send(
        &mut ws,
        json!({"v": 1, "type": "confirm", "id": "c1", "plan_id": plan}),
    )
    .await;
    let done = next(&mut ws).await;
    assert_eq!(
        (done["type"].as_str(), done["id"].as_str()),
        (Some("result"), Some("c1")),
        "{done}"
    );
    let replicas = Api::<Deployment>::namespaced(admin.clone(), &ns)
        .get("web")
        .await?
        .spec
        .replicas;
    assert_eq!(replicas, Some(3));

    // Nothing pending any more; the history holds the conversation.
    let (mut again, _) = connect(&app, "s1", ("authorization", &format!("Bearer {token}")))
        .await
        .unwrap();
    assert_eq!(next(&mut again).await["pending"], json!([]));
    again.close(None).await?;
    let sessions: Value = app
        .http
        .get(app.url("/api/v1/sessions"))
        .bearer_auth(&token)
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(sessions["sessions"][0]["name"], "s1", "{sessions}");
    let history: Value = app
        .http
        .get(app.url("/api/v1/sessions/s1/messages?limit=200"))
        .bearer_auth(&token)
        .send()
        .await?
        .json()
        .await?;
    let kinds: Vec<&str> = history["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    let tail: Vec<&str> = kinds.iter().rev().take(2).rev().copied().collect();
    assert_eq!(tail, ["confirm", "result"], "{kinds:?}");
    assert!(
        kinds.contains(&"preview") && kinds.contains(&"ask") && kinds.contains(&"error"),
        "{kinds:?}"
    );

    let metrics = app.get("/metrics").await.text().await?;
    assert!(
        metrics.contains(r#"websocket_connections_total{result="accepted"} 3"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"websocket_connections_total{result="unauthorized"} 1"#),
        "{metrics}"
    );
    assert!(
        metrics.contains("websocket_connections_active 1"),
        "{metrics}"
    );
    ws.close(None).await?;
    store.close().await;
    Ok(())
}

/// Who has the chat open, across replicas: present while the socket is
/// open, gone when it closes.
#[tokio::test]
async fn presence_lists_open_chats_across_replicas() -> anyhow::Result<()> {
    let cluster = web_cluster(&["ada", "max"]).await?;
    let (a, b, tokens) = crate::helpers::two_replicas(
        &cluster,
        &[("ada", UserRole::Operator), ("max", UserRole::Viewer)],
        PASSWORD,
    )
    .await?;
    let (ada, max) = (tokens[0].clone(), tokens[1].clone());
    let (mut ws_ada, _) = connect(&a, "s1", ("authorization", &format!("Bearer {ada}")))
        .await
        .unwrap();
    assert_eq!(next(&mut ws_ada).await["type"], "hello");
    let (mut ws_max, _) = connect(&b, "s2", ("authorization", &format!("Bearer {max}")))
        .await
        .unwrap();
    assert_eq!(next(&mut ws_max).await["type"], "hello");
    for (app, token) in [(&a, &ada), (&b, &max)] {
        let (s, body) = app.get_as("/api/v1/presence", Some(token)).await;
        assert_eq!(s, 200);
        assert_eq!(
            body["online"],
            json!([{"user": "ada", "sessions": ["s1"]}, {"user": "max", "sessions": ["s2"]}]),
            "{body}"
        );
    }
    ws_ada.close(None).await?;
    let mut online = Value::Null;
    for _ in 0..50 {
        online = a.get_as("/api/v1/presence", Some(&max)).await.1["online"].clone();
        if online.as_array().is_some_and(|o| o.len() == 1) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(online, json!([{"user": "max", "sessions": ["s2"]}]));
    let (s, _) = a.get_as("/api/v1/presence", None).await;
    assert_eq!(s, 401);
    Ok(())
}

/// A chat opened as the holder of `token`, past its `hello`.
pub(crate) async fn open_chat(app: &TestApp, session: &str, token: &str) -> Socket {
    let (mut ws, _) = connect(app, session, ("authorization", &format!("Bearer {token}")))
        .await
        .unwrap();
    assert_eq!(next(&mut ws).await["type"], "hello");
    ws
}

/// Asks `text` until it is answered with a preview (RBAC caches take new
/// bindings shortly); the last answer.
pub(crate) async fn ask_until_preview(ws: &mut Socket, text: &str, ns: &str) -> Value {
    let mut answer = Value::Null;
    for i in 0..100 {
        send(
            ws,
            json!({"v": 1, "type": "ask", "id": format!("q{i}"), "text": text, "namespace": ns}),
        )
        .await;
        let translated = next(ws).await;
        assert_eq!(translated["type"], "translated", "{translated}");
        answer = next(ws).await;
        if answer["type"] == "preview" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    answer
}
