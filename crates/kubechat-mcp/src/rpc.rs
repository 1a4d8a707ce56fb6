//! JSON-RPC 2.0 messages as MCP carries them, read strictly: one message
//! per body (batches were removed from the protocol), ids that are strings
//! or integers, and an error that names what is wrong.

use serde_json::{Value, json};

/// Protocol revisions this server negotiates through `initialize`, newest
/// first. A client asking for another gets the newest.
pub const PROTOCOL_VERSIONS: [&str; 3] = ["2025-11-25", "2025-06-18", "2025-03-26"];

/// Largest message accepted.
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024;

/// JSON-RPC error codes.
pub mod code {
    pub const PARSE_ERROR: i64 = -32700;
    pub const INVALID_REQUEST: i64 = -32600;
    pub const METHOD_NOT_FOUND: i64 = -32601;
    pub const INVALID_PARAMS: i64 = -32602;
    pub const INTERNAL_ERROR: i64 = -32603;
}

/// A JSON-RPC error object.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message} (JSON-RPC {code})")]
pub struct RpcError {
    pub code: i64,
    pub message: String,
}

impl RpcError {
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// Arguments that do not fit; `message` names the field.
    pub fn params(message: impl Into<String>) -> Self {
        Self::new(code::INVALID_PARAMS, message)
    }

    pub fn to_value(&self) -> Value {
        json!({"code": self.code, "message": self.message})
    }
}

/// One message from the client.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// Wants an answer with the same `id`.
    Request {
        id: Value,
        method: String,
        params: Value,
    },
    /// Wants none.
    Notification { method: String, params: Value },
    /// The client's answer to a request of the server (elicitation).
    Response {
        id: Value,
        outcome: Result<Value, Value>,
    },
}

/// Reads one message, or the error to answer (with the id when it could
/// be read).
pub fn parse(body: &[u8]) -> Result<Message, (Option<Value>, RpcError)> {
    if body.len() > MAX_MESSAGE_BYTES {
        return Err((
            None,
            RpcError::new(
                code::INVALID_REQUEST,
                format!(
                    "the message has {} bytes; at most {MAX_MESSAGE_BYTES} are read",
                    body.len()
                ),
            ),
        ));
    }
    let v: Value = serde_json::from_slice(body).map_err(|e| {
        (
            None,
            RpcError::new(code::PARSE_ERROR, format!("the body is not JSON: {e}")),
        )
    })?;
    let invalid = |id: Option<Value>, m: &str| Err((id, RpcError::new(code::INVALID_REQUEST, m)));
    let Value::Object(o) = v else {
        return invalid(
            None,
            if v.is_array() {
                "batches are not part of this protocol revision: send one JSON-RPC message per request"
            } else {
                "a JSON-RPC message is an object"
            },
        );
    };
    let id = o.get("id").cloned();
    if let Some(id) = &id
        && !(id.is_string() || id.is_i64() || id.is_u64())
    {
        return invalid(None, "`id` must be a string or an integer");
    }
    if o.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return invalid(id, "`jsonrpc` must be \"2.0\"");
    }
    match (o.get("method"), id) {
        (Some(Value::String(m)), Some(id)) => Ok(Message::Request {
            id,
            method: m.clone(),
            params: params(&o),
        }),
        (Some(Value::String(m)), None) => Ok(Message::Notification {
            method: m.clone(),
            params: params(&o),
        }),
        (Some(_), id) => invalid(id, "`method` must be a string"),
        (None, Some(id)) => match (o.get("result"), o.get("error")) {
            (Some(r), None) => Ok(Message::Response {
                id,
                outcome: Ok(r.clone()),
            }),
            (None, Some(e)) => Ok(Message::Response {
                id,
                outcome: Err(e.clone()),
            }),
            _ => invalid(Some(id), "a response carries `result` or `error`"),
        },
        (None, None) => invalid(None, "a message needs `method` (a request) or `id`"),
    }
}

fn params(o: &serde_json::Map<String, Value>) -> Value {
    o.get("params").cloned().unwrap_or(Value::Null)
}

/// The answer to request `id`.
pub fn result(id: &Value, result: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "result": result})
}

/// The error answer to request `id` (`null` when it could not be read).
pub fn error(id: Option<&Value>, e: &RpcError) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": e.to_value()})
}

/// A request of the server to the client.
pub fn request(id: &str, method: &str, params: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
}

/// The revision to speak: the client's when this server knows it, else
/// the newest.
pub fn negotiate(requested: Option<&str>) -> &'static str {
    PROTOCOL_VERSIONS
        .iter()
        .find(|v| Some(**v) == requested)
        .copied()
        .unwrap_or(PROTOCOL_VERSIONS[0])
}

/// The `elicitation/create` parameters that ask the person to confirm a
/// previewed change: `who` says as whom it runs ("as you", "with your
/// kubeconfig"), then the kubectl line, the preview, and either a yes/no
/// or — for a destructive change — the `typed` phrase to type.
pub fn confirmation_request(
    who: &str,
    kubectl: &str,
    preview: &str,
    typed: Option<&str>,
    protocol: &str,
) -> Value {
    let (schema, ask) = match typed {
        Some(phrase) => (
            json!({"type": "string", "title": format!("Type {phrase} to confirm"),
                   "description": "This change is destructive."}),
            format!("Type `{phrase}` to apply it."),
        ),
        None => (
            json!({"type": "boolean", "title": "Apply this change?", "default": false}),
            "Apply it?".to_owned(),
        ),
    };
    let mut params = json!({
        "message": format!("KubeChat will run this {who} (`{kubectl}`):\n{preview}\n{ask}"),
        "requestedSchema": {"type": "object", "properties": {"confirm": schema}, "required": ["confirm"]},
    });
    if protocol >= "2025-11-25" {
        params["mode"] = json!("form");
    }
    params
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_read_strictly() {
        let m = parse(br#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#).unwrap();
        assert!(matches!(m, Message::Request { ref method, .. } if method == "tools/list"));
        let m = parse(br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).unwrap();
        assert!(matches!(m, Message::Notification { .. }));
        let m = parse(br#"{"jsonrpc":"2.0","id":"e1","result":{"action":"accept"}}"#).unwrap();
        assert!(matches!(m, Message::Response { outcome: Ok(_), .. }));
        for (body, says) in [
            (&b"[]"[..], "batches"),
            (b"{", "not JSON"),
            (br#"{"jsonrpc":"1.0","id":1,"method":"x"}"#, "\"2.0\""),
            (
                br#"{"jsonrpc":"2.0","id":null,"method":"x"}"#,
                "string or an integer",
            ),
            (
                br#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#,
                "string or an integer",
            ),
            (br#"{"jsonrpc":"2.0","id":1}"#, "`result` or `error`"),
            (
                br#"{"jsonrpc":"2.0","id":1,"method":7}"#,
                "must be a string",
            ),
        ] {
            let (_, e) = parse(body).unwrap_err();
            assert!(e.message.contains(says), "{e}");
        }
    }

    #[test]
    fn the_version_is_the_clients_when_known() {
        assert_eq!(negotiate(Some("2025-06-18")), "2025-06-18");
        assert_eq!(negotiate(Some("1999-01-01")), PROTOCOL_VERSIONS[0]);
        assert_eq!(negotiate(None), PROTOCOL_VERSIONS[0]);
    }

    proptest::proptest! {
        /// Random bodies: a message or a JSON-RPC error, never a panic.
        #[test]
        fn fuzz_messages(body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
                         text in "[{}\\[\\]\":,a-z0-9 .-]{0,120}") {
            let _ = parse(&body);
            if let Err((_, e)) = parse(text.as_bytes()) {
                proptest::prop_assert!(!e.message.is_empty());
            }
        }
    }
}
