//! HTTPS sinks: a generic JSON endpoint and Splunk's HTTP Event Collector.

use std::time::Duration;

use kubechat_config::{Secret, SinkConfig, SinkKind};
use serde_json::json;

use super::read_ca;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::{Checkpoint, Error, Event, Result};

/// Largest response body read for an error message.
const MAX_ERROR_BODY: usize = 512;

#[derive(Debug)]
pub(super) struct HttpSink {
    client: reqwest::Client,
    url: String,
    token: Option<Secret>,
    splunk: Option<Splunk>,
}

#[derive(Debug)]
struct Splunk {
    host: String,
    index: Option<String>,
}

impl HttpSink {
    pub(super) fn new(config: &SinkConfig, host: &str) -> Result<Self> {
        let invalid = |reason: String| Error::Invalid {
            what: "sink",
            reason,
        };
        let mut builder = reqwest::Client::builder()
            .timeout(Duration::from_millis(config.timeout_ms))
            .connect_timeout(Duration::from_millis(config.timeout_ms))
            .redirect(reqwest::redirect::Policy::none());
        if let Some(path) = &config.ca_file {
            let ca = reqwest::Certificate::from_pem(&read_ca(path)?)
                .map_err(|e| invalid(format!("{}: not a PEM certificate: {e}", path.display())))?;
            builder = builder.add_root_certificate(ca);
        }
        let client = builder
            .build()
            .map_err(|e| invalid(format!("cannot build the HTTP client: {e}")))?;
        let base = config
            .url
            .clone()
            .ok_or_else(|| invalid(format!("sink {:?} has no url", config.name)))?;
        let (url, splunk) = if config.kind == SinkKind::Splunk {
            let url = if base.contains("/services/collector") {
                base
            } else {
                format!("{}/services/collector/event", base.trim_end_matches('/'))
            };
            let splunk = Splunk {
                host: host.to_owned(),
                index: config.index.clone(),
            };
            (url, Some(splunk))
        } else {
            (base, None)
        };
        Ok(Self {
            client,
            url,
            token: config.token.clone(),
            splunk,
        })
    }

    pub(super) async fn deliver(&self, events: &[Event]) -> Result<(), String> {
        let body = match &self.splunk {
            // HEC takes concatenated event objects in one body.
            Some(s) => {
                let mut body = String::new();
                for e in events {
                    let t = e.at.unix_timestamp_nanos() as f64 / 1e9;
                    body.push_str(&s.envelope(t, "kubechat:audit", json!(e)));
                }
                body
            }
            None => serde_json::to_string(events).map_err(|e| e.to_string())?,
        };
        self.post(body).await
    }

    /// A signed checkpoint: the JSON object itself to a generic endpoint
    /// (its `format` field tells it from an array of events), sourcetype
    /// `kubechat:checkpoint` to Splunk.
    pub(super) async fn deliver_checkpoint(&self, cp: &Checkpoint) -> Result<(), String> {
        let body = match &self.splunk {
            Some(s) => {
                let t = OffsetDateTime::parse(&cp.issued_at, &Rfc3339)
                    .map_or(0.0, |t| t.unix_timestamp_nanos() as f64 / 1e9);
                s.envelope(t, "kubechat:checkpoint", json!(cp))
            }
            None => serde_json::to_string(cp).map_err(|e| e.to_string())?,
        };
        self.post(body).await
    }

    async fn post(&self, body: String) -> Result<(), String> {
        let auth = self.token.as_ref().map(|t| match self.splunk {
            Some(_) => format!("Splunk {}", t.expose()),
            None => format!("Bearer {}", t.expose()),
        });
        let mut req = self
            .client
            .post(&self.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        if let Some(auth) = auth {
            req = req.header(reqwest::header::AUTHORIZATION, auth);
        }
        // The error text never includes the request (it holds the token).
        let resp = req
            .send()
            .await
            .map_err(|e| format!("cannot reach {}: {}", self.url, describe(e)))?;
        let status = resp.status();
        if status.is_success() {
            return Ok(());
        }
        let text = resp.text().await.unwrap_or_default();
        let text: String = text.chars().take(MAX_ERROR_BODY).collect();
        Err(format!(
            "{} answered HTTP {status}: {}",
            self.url,
            text.trim()
        ))
    }
}

impl Splunk {
    /// One HEC event object and its newline.
    fn envelope(&self, time: f64, sourcetype: &str, event: serde_json::Value) -> String {
        let mut obj = json!({
            "time": time,
            "host": self.host,
            "source": "kubechat",
            "sourcetype": sourcetype,
            "event": event,
        });
        if let Some(index) = &self.index {
            obj["index"] = json!(index);
        }
        let mut line = obj.to_string();
        line.push('\n');
        line
    }
}

/// A reqwest error without the URL's query or credentials.
fn describe(e: reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        "connection failed".to_owned()
    } else {
        e.without_url().to_string()
    }
}
