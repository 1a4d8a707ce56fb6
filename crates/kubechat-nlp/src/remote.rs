//! The gateway's client of a separate translator service (the chart's
//! nlp-service, `POST /nlp/process`): the service holds the LLM keys,
//! breakers and cache, and scales on its own. What it answers is checked
//! like any other input (the operation is validated again and its kubectl
//! line and risk recomputed here), and when it cannot be reached the
//! gateway keeps its own rules' reading.

use std::time::Duration;

use kubechat_core::Operation;
use serde::Deserialize;
use serde_json::json;

use crate::chain::{BoxFuture, Request, Translator};
use crate::metrics::NlpMetrics;
use crate::{Error, Result, Source, Translation};

/// Largest answer read from the service.
const MAX_ANSWER_BYTES: usize = 256 * 1024;

/// A translator service at a URL.
#[derive(Debug)]
pub struct Remote {
    http: reqwest::Client,
    url: String,
    name: String,
    metrics: NlpMetrics,
    /// Sent as a bearer token: the service honours the bot settings of
    /// a caller holding it.
    token: Option<kubechat_config::Secret>,
}

#[derive(Deserialize)]
struct Answer {
    operation: Operation,
    source: Source,
    confidence: f64,
    #[serde(default)]
    cached: bool,
}

#[derive(Deserialize)]
struct Failure {
    error: FailureBody,
}

#[derive(Deserialize)]
struct FailureBody {
    code: String,
    message: String,
    #[serde(default)]
    suggestions: Vec<String>,
}

impl Remote {
    /// The service whose base URL is `url` (`http://nlp-service:8080`).
    pub fn new(
        url: &str,
        timeout: Duration,
        metrics: NlpMetrics,
        token: Option<kubechat_config::Secret>,
    ) -> Self {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(3)))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Self {
            http,
            url: format!("{}/nlp/process", url.trim_end_matches('/')),
            name: "nlp-service".into(),
            metrics,
            token,
        }
    }

    /// The service's answer (a translation, or its "not understood"), or
    /// why there was none.
    async fn call(
        &self,
        request: &Request<'_>,
    ) -> Result<Result<Translation>, (&'static str, String)> {
        let down = |e: reqwest::Error| ("unavailable", e.without_url().to_string());
        let body = json!({
            "query": request.text,
            "namespace": request.namespace.map(|n| n.as_str()),
            "bot": {
                "fingerprint": request.bot.fingerprint,
                "allowed_verbs": request.bot.allowed_verbs,
                "persona": request.bot.persona,
                "provider": request.bot.provider,
                "model": request.bot.model,
            },
        });
        let mut post = self.http.post(&self.url).json(&body);
        if let Some(t) = &self.token {
            post = post.bearer_auth(t.expose());
        }
        let resp = post.send().await.map_err(down)?;
        let status = resp.status();
        let bytes = resp.bytes().await.map_err(down)?;
        if bytes.len() > MAX_ANSWER_BYTES {
            return Err(("malformed", "the answer is too large".into()));
        }
        if status.is_success() {
            let a: Answer = serde_json::from_slice(&bytes)
                .map_err(|e| ("malformed", format!("malformed answer: {e}")))?;
            a.operation
                .validate()
                .map_err(|e| ("rejected", e.to_string()))?;
            let mut t = Translation::new(a.operation, a.source, a.confidence.clamp(0.0, 1.0));
            t.cached = a.cached;
            return Ok(Ok(t));
        }
        if status.as_u16() == 422
            && let Ok(f) = serde_json::from_slice::<Failure>(&bytes)
        {
            // A real answer: the service understood no more than that.
            let e = match f.error.code.as_str() {
                "refused" => Error::Refused {
                    reason: f.error.message,
                    suggestions: f.error.suggestions,
                },
                _ => Error::NotUnderstood {
                    reason: f.error.message,
                    suggestions: f.error.suggestions,
                },
            };
            return Ok(Err(e));
        }
        Err(("unavailable", format!("HTTP {status}")))
    }
}

impl Translator for Remote {
    fn translate<'a>(&'a self, request: &'a Request<'a>) -> BoxFuture<'a, Result<Translation>> {
        Box::pin(async move {
            self.call(request).await.unwrap_or_else(|(reason, detail)| {
                self.metrics.provider_failed(&self.name, reason);
                tracing::warn!(
                    service = %self.url,
                    detail = %detail,
                    "translation error: the nlp service gave no usable answer"
                );
                Err(Error::NotUnderstood {
                    reason: format!("the translator service gave no usable answer ({detail})"),
                    suggestions: Vec::new(),
                })
            })
        })
    }
}
