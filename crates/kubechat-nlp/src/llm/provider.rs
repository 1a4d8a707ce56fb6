//! The HTTP side of one provider: OpenAI-compatible chat completions
//! (OpenAI, Azure OpenAI, vLLM, llama.cpp server, LM Studio) and Ollama.

use kubechat_config::{ProviderConfig, ProviderKind};
use serde_json::{Value, json};

use super::prompt::TOOL_NAME;

/// Largest response body read from a provider.
const MAX_RESPONSE_BYTES: usize = 512 * 1024;

/// Why a provider call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    #[error("no answer within the timeout")]
    Timeout,
    #[error("HTTP {0}")]
    Status(u16),
    #[error("unreachable: {0}")]
    Transport(String),
    #[error("malformed answer: {0}")]
    Malformed(String),
    /// The model answered but did not call the function (it declined, or
    /// answered in prose); the answer is not used.
    #[error("the model did not call {TOOL_NAME}: {0}")]
    NoToolCall(String),
}

impl CallError {
    /// The `reason` label of `nlp_provider_failures_total`.
    pub fn reason(&self) -> &'static str {
        match self {
            CallError::Timeout => "timeout",
            CallError::Status(_) => "status",
            CallError::Transport(_) => "transport",
            CallError::Malformed(_) => "malformed",
            CallError::NoToolCall(_) => "no-tool-call",
        }
    }

    /// Whether the failure says the provider is unwell (counts towards its
    /// circuit breaker) rather than that its model answered badly.
    pub fn is_outage(&self) -> bool {
        matches!(
            self,
            CallError::Timeout | CallError::Status(_) | CallError::Transport(_)
        )
    }
}

/// Sends `messages` with the tool to `provider`; the arguments of the
/// function call it answered with.
pub async fn call(
    http: &reqwest::Client,
    provider: &ProviderConfig,
    messages: &[Value],
    tool: &Value,
) -> Result<Value, CallError> {
    let base = provider.url.trim_end_matches('/');
    let (url, body) = match provider.kind {
        ProviderKind::Openai | ProviderKind::AzureOpenai => {
            let url = match (&provider.kind, &provider.api_version) {
                (ProviderKind::AzureOpenai, Some(v)) => {
                    format!("{base}/chat/completions?api-version={v}")
                }
                _ => format!("{base}/chat/completions"),
            };
            let body = json!({
                "model": provider.model,
                "messages": messages,
                "tools": [tool],
                "tool_choice": "auto",
                "temperature": 0,
            });
            (url, body)
        }
        ProviderKind::Ollama => (
            format!("{base}/api/chat"),
            json!({
                "model": provider.model,
                "messages": messages,
                "tools": [tool],
                "stream": false,
                // Ollama truncates silently to its default context, which
                // can cut the tool definition off: always set it.
                "options": {"num_ctx": provider.context_size, "temperature": 0},
            }),
        ),
    };
    let mut req = http.post(&url).json(&body);
    if let Some(key) = &provider.api_key {
        req = match provider.kind {
            ProviderKind::AzureOpenai => req.header("api-key", key.expose()),
            ProviderKind::Openai | ProviderKind::Ollama => req.bearer_auth(key.expose()),
        };
    }
    let resp = req.send().await.map_err(transport)?;
    let status = resp.status();
    if !status.is_success() {
        return Err(CallError::Status(status.as_u16()));
    }
    if resp
        .content_length()
        .is_some_and(|n| n > MAX_RESPONSE_BYTES as u64)
    {
        return Err(CallError::Malformed("the answer is too large".into()));
    }
    let bytes = resp.bytes().await.map_err(transport)?;
    if bytes.len() > MAX_RESPONSE_BYTES {
        return Err(CallError::Malformed("the answer is too large".into()));
    }
    let v: Value = serde_json::from_slice(&bytes)
        .map_err(|e| CallError::Malformed(format!("not JSON: {e}")))?;
    let message = match provider.kind {
        ProviderKind::Ollama => &v["message"],
        ProviderKind::Openai | ProviderKind::AzureOpenai => &v["choices"][0]["message"],
    };
    if message.is_null() {
        return Err(CallError::Malformed("no message in the answer".into()));
    }
    let calls = message["tool_calls"].as_array().map_or(&[][..], |c| c);
    let [only] = calls else {
        if calls.is_empty() {
            let said = message["content"].as_str().unwrap_or_default();
            return Err(CallError::NoToolCall(excerpt(said)));
        }
        return Err(CallError::Malformed(format!(
            "{} function calls; one operation per request",
            calls.len()
        )));
    };
    let function = &only["function"];
    if function["name"].as_str() != Some(TOOL_NAME) {
        return Err(CallError::Malformed(format!(
            "it called {:?}, not {TOOL_NAME}",
            excerpt(function["name"].as_str().unwrap_or_default())
        )));
    }
    // OpenAI sends the arguments as a JSON string; Ollama as an object.
    match &function["arguments"] {
        Value::String(s) => serde_json::from_str(s)
            .map_err(|e| CallError::Malformed(format!("the arguments are not JSON: {e}"))),
        Value::Object(_) => Ok(function["arguments"].clone()),
        _ => Err(CallError::Malformed("no arguments".into())),
    }
}

fn transport(e: reqwest::Error) -> CallError {
    if e.is_timeout() {
        CallError::Timeout
    } else {
        // Without the URL: it may carry a key in its query.
        CallError::Transport(e.without_url().to_string())
    }
}

fn excerpt(text: &str) -> String {
    let t: String = text.chars().take(120).collect();
    if t.len() < text.len() {
        format!("{t}…")
    } else {
        t
    }
}
