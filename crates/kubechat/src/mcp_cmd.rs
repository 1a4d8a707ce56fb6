//! `kubechat mcp --server URL`: KubeChat for an MCP client that starts
//! its servers as local processes (desktop assistants, IDE agents).
//!
//! The protocol runs over standard input and output (one JSON-RPC message
//! per line) and each message is carried to the deployment's `POST /mcp`
//! with the person's token (`KUBECHAT_TOKEN`): the deployment keeps the
//! session, the policy, the audit trail and the confirmations; this
//! process only relays. Messages are relayed concurrently, because the
//! answer to a confirmation arrives on standard input while the tool call
//! that asked for it is still streaming its answer.
//!
//! Without `--server`, `mcp_local` serves MCP itself against the
//! kubeconfig, as `kubechat ask` runs.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::sync::{Mutex, RwLock};

/// Longest line read from the client.
const MAX_LINE: usize = 256 * 1024;

/// What every relayed request shares.
struct Relay {
    http: reqwest::Client,
    url: String,
    token: String,
    /// `Mcp-Session-Id` and the protocol version, once initialized.
    session: RwLock<Option<(String, String)>>,
    out: Mutex<tokio::io::Stdout>,
}

impl Relay {
    async fn write(&self, message: &Value) {
        let mut line = message.to_string();
        line.push('\n');
        let mut out = self.out.lock().await;
        // A client that closed its end ends this process anyway.
        let _ = out.write_all(line.as_bytes()).await;
        let _ = out.flush().await;
    }

    /// Answers a request the deployment could not answer with a JSON-RPC
    /// error the client can read.
    async fn fail(&self, id: Option<&Value>, message: String) {
        if let Some(id) = id {
            self.write(&json!({"jsonrpc": "2.0", "id": id,
                "error": {"code": -32603, "message": message}}))
                .await;
        } else {
            tracing::warn!(%message, "a notification could not be relayed");
        }
    }

    async fn relay(&self, message: Value) {
        let id = message.get("id").cloned();
        let is_request = message.get("method").is_some() && id.is_some();
        let initialize = message.get("method").and_then(Value::as_str) == Some("initialize");
        let mut req = self
            .http
            .post(&self.url)
            .bearer_auth(&self.token)
            .header("accept", "application/json, text/event-stream")
            .json(&message);
        if let Some((sid, version)) = self.session.read().await.as_ref() {
            req = req
                .header("mcp-session-id", sid)
                .header("mcp-protocol-version", version);
        }
        let resp = match req.send().await {
            Ok(r) => r,
            Err(e) => {
                let reason = format!("cannot reach {}: {}", self.url, e.without_url());
                return self.fail(id.as_ref().filter(|_| is_request), reason).await;
            }
        };
        let status = resp.status();
        if initialize
            && let Some(sid) = resp
                .headers()
                .get("mcp-session-id")
                .and_then(|h| h.to_str().ok())
        {
            let sid = sid.to_owned();
            let sse = is_sse(&resp);
            let body = read_json(resp, sse).await;
            let version = body
                .as_ref()
                .and_then(|b| b.pointer("/result/protocolVersion"))
                .and_then(Value::as_str)
                .unwrap_or("2025-06-18")
                .to_owned();
            *self.session.write().await = Some((sid, version));
            if let Some(b) = body {
                self.write(&b).await;
            }
            return;
        }
        if status == reqwest::StatusCode::ACCEPTED {
            return;
        }
        if is_sse(&resp) {
            return self.stream(resp).await;
        }
        match read_json(resp, false).await {
            Some(body) if body.get("jsonrpc").is_some() => self.write(&body).await,
            Some(body) => {
                let reason = body
                    .pointer("/error/message")
                    .and_then(Value::as_str)
                    .map_or_else(
                        || format!("HTTP {status}"),
                        |m| format!("HTTP {status}: {m}"),
                    );
                self.fail(id.as_ref().filter(|_| is_request), reason).await;
            }
            None => {
                let reason = if status == reqwest::StatusCode::UNAUTHORIZED {
                    "the deployment refused the token: set KUBECHAT_TOKEN to a valid access or API token".to_owned()
                } else {
                    format!("HTTP {status} without a JSON-RPC answer")
                };
                self.fail(id.as_ref().filter(|_| is_request), reason).await;
            }
        }
    }

    /// Relays every event of an SSE answer as it arrives.
    async fn stream(&self, mut resp: reqwest::Response) {
        let mut buf = String::new();
        loop {
            let chunk = match resp.chunk().await {
                Ok(Some(c)) => c,
                Ok(None) | Err(_) => break,
            };
            buf.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = buf.find("\n\n") {
                let event: String = buf.drain(..end + 2).collect();
                if let Some(v) = sse_data(&event) {
                    self.write(&v).await;
                }
            }
            if buf.len() > MAX_LINE {
                tracing::warn!("an SSE event larger than the limit was dropped");
                buf.clear();
            }
        }
    }
}

fn is_sse(resp: &reqwest::Response) -> bool {
    resp.headers()
        .get("content-type")
        .and_then(|h| h.to_str().ok())
        .is_some_and(|c| c.starts_with("text/event-stream"))
}

/// The JSON of one SSE event's `data:` lines.
fn sse_data(event: &str) -> Option<Value> {
    let data: Vec<&str> = event
        .lines()
        .filter_map(|l| l.strip_prefix("data:"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    if data.is_empty() {
        return None;
    }
    serde_json::from_str(&data.join("\n")).ok()
}

async fn read_json(resp: reqwest::Response, sse: bool) -> Option<Value> {
    let text = resp.text().await.ok()?;
    if sse {
        return text.split("\n\n").find_map(sse_data);
    }
    serde_json::from_str(&text).ok()
}

/// Runs the relay until standard input ends.
pub async fn run(server: String) -> anyhow::Result<()> {
    let token = std::env::var("KUBECHAT_TOKEN")
        .ok()
        .filter(|t| !t.trim().is_empty())
        .context(
            "set KUBECHAT_TOKEN to your KubeChat access token or personal API token (kct_…)",
        )?;
    let url = format!("{}/mcp", server.trim_end_matches('/'));
    reqwest::Url::parse(&url).with_context(|| format!("--server {server:?} is not a URL"))?;
    let relay = Arc::new(Relay {
        http: reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .build()?,
        url,
        token,
        session: RwLock::new(None),
        out: Mutex::new(tokio::io::stdout()),
    });
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    let mut first = true;
    let mut tasks = tokio::task::JoinSet::new();
    while let Some(line) = lines.next_line().await? {
        if line.trim().is_empty() {
            continue;
        }
        if line.len() > MAX_LINE {
            relay
                .fail(
                    None,
                    format!("a message of {} bytes was dropped", line.len()),
                )
                .await;
            continue;
        }
        let message: Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                relay
                    .write(&json!({"jsonrpc": "2.0", "id": null,
                        "error": {"code": -32700, "message": format!("not JSON: {e}")}}))
                    .await;
                continue;
            }
        };
        // The session must exist before anything else is relayed.
        if first {
            first = false;
            relay.relay(message).await;
            continue;
        }
        let relay = relay.clone();
        tasks.spawn(async move { relay.relay(message).await });
        while tasks.try_join_next().is_some() {}
    }
    while tasks.join_next().await.is_some() {}
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sse_events_are_read_whole() {
        let v = sse_data("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1}\n\n").unwrap();
        assert_eq!(v["id"], 1);
        assert!(sse_data(": keep-alive\n\n").is_none());
    }
}
