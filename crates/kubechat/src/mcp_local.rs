//! `kubechat mcp` without `--server`: KubeChat as a local MCP server over
//! standard input and output, for a desktop assistant or IDE agent that
//! starts its servers as processes.
//!
//! It acts as `kubechat ask` does — with the kubeconfig's own identity
//! (or `--demo`), every step audited into the local store with channel
//! `mcp` — and with the same tool catalogue as the deployment's `/mcp`.
//! Changes are never applied on a tool call alone: each answers its
//! server-side dry run and asks the person at the keyboard through MCP
//! elicitation (typing the name for a destructive change); a client that
//! cannot ask gets the preview and the `kubechat ask` line to run instead.
//! There is no `kubechat_confirm` tool here: an agent alone never applies
//! a change.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use kubechat_config::Config;
use kubechat_core::{Operation, Policy, Risk, UserRole};
use kubechat_engine::{Engine, Requester};
use kubechat_mcp::rpc::{self, RpcError};
use kubechat_mcp::tools::{self, Call};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::sync::{Mutex, oneshot};

/// The local person's audit trail.
const AUDIT_URI: &str = "kubechat://audit/mine";

/// How long a confirmation waits for the person before the plan is
/// cancelled.
const ELICITATION_WAIT: Duration = Duration::from_secs(600);

/// The local server's state, shared by the requests in flight.
struct Local {
    engine: Engine,
    who: Requester,
    /// The kubeconfig context's namespace (or the demo's).
    namespace: String,
    out: Mutex<tokio::io::Stdout>,
    /// Whether the client declared it can ask its person.
    elicitation: AtomicBool,
    protocol: std::sync::Mutex<&'static str>,
    /// Requests this server sent (elicitations), by id, waiting for the
    /// client's answer.
    waiting: std::sync::Mutex<HashMap<String, oneshot::Sender<Value>>>,
    next_id: AtomicU64,
}

impl Local {
    async fn write(&self, message: &Value) {
        let mut line = message.to_string();
        line.push('\n');
        let mut out = self.out.lock().await;
        // A client that closed its end ends this process anyway.
        let _ = out.write_all(line.as_bytes()).await;
        let _ = out.flush().await;
    }

    /// Asks the client to ask its person; the answer, or `None` when none
    /// came in time.
    async fn elicit(&self, params: Value) -> Option<Value> {
        let id = format!("kubechat-{}", self.next_id.fetch_add(1, Ordering::Relaxed));
        let (tx, rx) = oneshot::channel();
        self.waiting
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id.clone(), tx);
        self.write(&rpc::request(&id, "elicitation/create", params))
            .await;
        let answer = tokio::time::timeout(ELICITATION_WAIT, rx).await;
        self.waiting
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&id);
        answer.ok().and_then(Result::ok)
    }

    /// A response from the client to one of this server's requests.
    fn answered(&self, message: &Value) {
        let Some(id) = message.get("id").map(id_text) else {
            return;
        };
        if let Some(tx) = self
            .waiting
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&id)
        {
            let _ = tx.send(message.clone());
        }
    }

    async fn handle(&self, message: Value) {
        let Some(method) = message.get("method").and_then(Value::as_str) else {
            return self.answered(&message);
        };
        // Notifications (no id) need no answer.
        let Some(id) = message.get("id").cloned() else {
            return;
        };
        let params = message.get("params").cloned().unwrap_or(Value::Null);
        let answer = match method {
            "initialize" => Ok(self.initialize(&params)),
            "ping" => Ok(json!({})),
            "tools/list" => Ok(json!({"tools": local_tools()})),
            "tools/call" => self.call(&params).await,
            "prompts/list" => Ok(json!({"prompts": kubechat_mcp::prompts::list()})),
            "prompts/get" => kubechat_mcp::prompts::get(
                params
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default(),
                params.get("arguments").unwrap_or(&Value::Null),
            ),
            "resources/list" => Ok(json!({"resources": [
                {"uri": AUDIT_URI, "name": "audit-mine", "title": "Your recent audit events",
                 "description": "The last 50 audit events of your local requests",
                 "mimeType": "application/json"}
            ]})),
            "resources/read" => self.read_resource(&params).await,
            other => Err(RpcError::new(
                -32601,
                format!("method {other:?} is not offered by the local KubeChat"),
            )),
        };
        self.write(&match answer {
            Ok(result) => rpc::result(&id, result),
            Err(e) => rpc::error(Some(&id), &e),
        })
        .await;
    }

    /// `kubechat://audit/mine`: the local person's last 50 events.
    async fn read_resource(&self, params: &Value) -> Result<Value, RpcError> {
        let uri = params
            .get("uri")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if uri != AUDIT_URI {
            return Err(RpcError::new(
                -32002,
                format!("no resource {uri:?}; resources/list names them"),
            ));
        }
        let filter = kubechat_audit::Filter {
            actor: Some(self.who.audit.user.clone()),
            limit: Some(50),
            ..kubechat_audit::Filter::default()
        };
        let page = self
            .engine
            .audit()
            .search(self.who.workspace_id, &filter)
            .await
            .map_err(|e| RpcError::new(-32603, e.to_string()))?;
        let text = json!({"events": page.events}).to_string();
        Ok(json!({"contents": [{"uri": uri, "mimeType": "application/json", "text": text}]}))
    }

    fn initialize(&self, params: &Value) -> Value {
        let protocol = rpc::negotiate(params.get("protocolVersion").and_then(Value::as_str));
        *self.protocol.lock().unwrap_or_else(|e| e.into_inner()) = protocol;
        let can_ask = params
            .pointer("/capabilities/elicitation")
            .is_some_and(Value::is_object);
        self.elicitation.store(can_ask, Ordering::Relaxed);
        json!({
            "protocolVersion": protocol,
            "capabilities": {
                "tools": {"listChanged": false},
                "resources": {"listChanged": false},
                "prompts": {"listChanged": false},
            },
            "serverInfo": {"name": "kubechat", "title": "KubeChat (local)", "version": env!("CARGO_PKG_VERSION")},
            "instructions": "Operate Kubernetes with your kubeconfig's identity: kubechat_ask takes plain language or kubectl; typed tools list, describe, read logs, diagnose and change. Changes answer a server-side dry-run preview and apply only after the person confirms when asked; every step is audited locally.",
        })
    }

    async fn call(&self, params: &Value) -> Result<Value, RpcError> {
        let name = params
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| RpcError::params("tools/call needs `name`"))?;
        if name == tools::CONFIRM {
            return Err(RpcError::params(
                "kubechat_confirm is not offered locally: changes are confirmed by the person when KubeChat asks",
            ));
        }
        let call = tools::read_call(name, params.get("arguments").unwrap_or(&Value::Null))?;
        let (text, op, namespace) = match call {
            Call::Ask {
                text, namespace, ..
            } => match crate::ask::operation(&text) {
                Ok(op) => (text, op, namespace),
                Err(e) => return Ok(tool_error(&e.to_string())),
            },
            Call::Operation {
                text,
                operation,
                namespace,
                ..
            } => (text, *operation, namespace),
            Call::Confirm { .. } => {
                return Err(RpcError::params("kubechat_confirm is not offered locally"));
            }
        };
        let op = match crate::attach::resolve_local(op) {
            Ok(op) => op,
            Err(e) => return Ok(tool_error(&e.to_string())),
        };
        let ns = namespace.unwrap_or_else(|| self.namespace.clone());
        Ok(match self.run(&text, &op, &ns).await {
            Ok(v) => v,
            Err(e) => tool_error(&e.to_string()),
        })
    }

    /// Reads at once; a change is previewed, then applied only when the
    /// person says so.
    async fn run(&self, text: &str, op: &Operation, ns: &str) -> anyhow::Result<Value> {
        if op.risk() == Risk::Read {
            let outcome = self.engine.read(&self.who, text, op, ns).await?;
            return Ok(result(
                &format!("$ {}\n{}", outcome.kubectl, outcome.text),
                json!({"type": "result", "kubectl": outcome.kubectl, "risk": "read",
                       "summary": outcome.summary, "text": outcome.text, "data": outcome.data}),
                false,
            ));
        }
        let pending = self.engine.plan(&self.who, text, op, ns).await?;
        let plan = pending.plan();
        let kubectl = plan.kubectl.clone();
        let risk = plan.risk;
        let preview = plan.preview_text();
        let plan_id = pending.request_id().to_string();
        if plan.changes.is_empty() {
            self.engine.cancel(pending, "nothing to change").await?;
            return Ok(result(
                &format!("`{kubectl}` would change nothing; nothing was applied"),
                json!({"type": "nothing-to-change", "kubectl": kubectl}),
                false,
            ));
        }
        let shown = json!({"type": "preview", "kubectl": kubectl, "risk": risk_name(risk),
                           "text": preview, "plan_id": plan_id});
        if !self.elicitation.load(Ordering::Relaxed) {
            self.engine
                .cancel(pending, "the client cannot ask its person to confirm")
                .await?;
            return Ok(result(
                &format!(
                    "preview of `{kubectl}` (nothing applied):\n{preview}\nThis client cannot ask you to confirm, so nothing runs from here: \
                     run `kubechat ask \"{kubectl}\"` in a terminal to apply it."
                ),
                shown,
                false,
            ));
        }
        let phrase = op.name.as_ref().map_or_else(
            || format!("{} {}", op.verb.as_str(), op.resource_list()),
            |n| n.as_str().to_owned(),
        );
        let destructive = risk == Risk::Destructive;
        let protocol = *self.protocol.lock().unwrap_or_else(|e| e.into_inner());
        let answer = self
            .elicit(rpc::confirmation_request(
                "with your kubeconfig",
                &kubectl,
                &preview,
                destructive.then_some(phrase.as_str()),
                protocol,
            ))
            .await;
        let accepted = answer.as_ref().is_some_and(|a| {
            a.pointer("/result/action").and_then(Value::as_str) == Some("accept")
                && match a.pointer("/result/content/confirm") {
                    Some(Value::String(s)) => destructive && s.trim() == phrase,
                    Some(Value::Bool(true)) => !destructive,
                    _ => false,
                }
        });
        if !accepted {
            let why = match &answer {
                None => "no answer to the confirmation",
                Some(a) if a.get("error").is_some() => "the client could not ask its person",
                Some(a)
                    if a.pointer("/result/action").and_then(Value::as_str) == Some("accept") =>
                {
                    "the confirmation was not given (for a destructive change, type the name)"
                }
                Some(_) => "the person declined",
            };
            self.engine.cancel(pending, why).await?;
            return Ok(result(
                &format!("{why}; nothing was changed"),
                json!({"type": "cancelled", "plan_id": plan_id, "kubectl": kubectl}),
                false,
            ));
        }
        let outcome = self.engine.apply(pending).await?;
        Ok(result(
            &format!("$ {}\n{}", outcome.kubectl, outcome.text),
            json!({"type": "result", "kubectl": outcome.kubectl, "risk": risk_name(risk),
                   "summary": outcome.summary, "text": outcome.text, "data": outcome.data}),
            false,
        ))
    }
}

/// The tools a local person sees: the catalogue as an admin of the
/// default policy sees it, without `kubechat_confirm`.
fn local_tools() -> Vec<Value> {
    let policy = Policy::default();
    tools::catalogue()
        .iter()
        .filter(|t| t.name != tools::CONFIRM && t.visible(&policy, UserRole::Admin))
        .map(tools::Tool::definition)
        .collect()
}

fn risk_name(r: Risk) -> &'static str {
    match r {
        Risk::Read => "read",
        Risk::Mutate => "mutate",
        Risk::Destructive => "destructive",
    }
}

fn result(text: &str, structured: Value, is_error: bool) -> Value {
    json!({
        "content": [{"type": "text", "text": text}],
        "structuredContent": structured,
        "isError": is_error,
    })
}

fn tool_error(message: &str) -> Value {
    json!({
        "content": [{"type": "text", "text": message}],
        "isError": true,
    })
}

fn id_text(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Serves MCP on standard input and output until the client closes it.
pub async fn run(config: &Config) -> anyhow::Result<()> {
    // `_runtime` keeps the demo cluster serving until the client leaves.
    let (engine, who, namespace, _runtime) =
        crate::ask::local_engine(config, None, Vec::new(), kubechat_audit::Channel::Mcp).await?;
    let local = Arc::new(Local {
        engine,
        who,
        namespace,
        out: Mutex::new(tokio::io::stdout()),
        elicitation: AtomicBool::new(false),
        protocol: std::sync::Mutex::new(rpc::PROTOCOL_VERSIONS[0]),
        waiting: std::sync::Mutex::new(HashMap::new()),
        next_id: AtomicU64::new(1),
    });
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    let mut tasks = tokio::task::JoinSet::new();
    while let Some(line) = lines.next_line().await? {
        if line.trim().is_empty() {
            continue;
        }
        let message = match rpc::parse(line.as_bytes()) {
            Ok(_) => serde_json::from_str::<Value>(&line).unwrap_or(Value::Null),
            // Answers to this server's own requests are not requests.
            Err(_) if is_response(&line) => {
                serde_json::from_str::<Value>(&line).unwrap_or(Value::Null)
            }
            Err((id, e)) => {
                local.write(&rpc::error(id.as_ref(), &e)).await;
                continue;
            }
        };
        // `initialize` settles the session before anything else runs.
        if message.get("method").and_then(Value::as_str) == Some("initialize") {
            local.handle(message).await;
            continue;
        }
        let local = local.clone();
        tasks.spawn(async move { local.handle(message).await });
        while tasks.try_join_next().is_some() {}
    }
    while tasks.join_next().await.is_some() {}
    Ok(())
}

/// A JSON-RPC response (an id and a result or error, no method).
fn is_response(line: &str) -> bool {
    serde_json::from_str::<Value>(line).is_ok_and(|v| {
        v.get("method").is_none()
            && v.get("id").is_some()
            && (v.get("result").is_some() || v.get("error").is_some())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_local_catalogue_has_no_confirm_tool_and_asks_by_name() {
        let names: Vec<String> = local_tools()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_owned())
            .collect();
        assert!(names.contains(&"kubechat_ask".to_owned()));
        assert!(names.contains(&"kubechat_scale".to_owned()));
        assert!(!names.contains(&"kubechat_confirm".to_owned()));
        let typed = rpc::confirmation_request(
            "as you",
            "kubectl delete pod web",
            "…",
            Some("web"),
            "2025-11-25",
        );
        assert_eq!(typed["mode"], "form");
        assert_eq!(
            typed["requestedSchema"]["properties"]["confirm"]["type"],
            "string"
        );
        let yes_no =
            rpc::confirmation_request("as you", "kubectl scale …", "…", None, "2025-06-18");
        assert!(yes_no.get("mode").is_none());
        assert!(is_response(
            r#"{"jsonrpc":"2.0","id":"kubechat-1","result":{}}"#
        ));
        assert!(!is_response(r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#));
    }
}
