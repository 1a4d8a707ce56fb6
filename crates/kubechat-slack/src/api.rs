//! Slack's Web API (`chat.postMessage`, `chat.postEphemeral`) and
//! `response_url` answers, with Slack's rate limits honoured: a `429`'s
//! `Retry-After` is waited out (capped), and at most [`MAX_QUEUED`] posts
//! wait at once — beyond that a post is dropped and logged rather than
//! piling up behind a rate limit.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::sync::Semaphore;

use crate::render::Message;
use crate::{Error, Result};

/// Posts waiting (for a rate limit) or in flight at once.
pub const MAX_QUEUED: usize = 64;
/// Longest wait for one `Retry-After`.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);
/// Attempts per post (the first and the retries after a 429).
const ATTEMPTS: usize = 3;

/// The Web API client of one Slack team.
#[derive(Clone)]
pub struct WebApi {
    http: reqwest::Client,
    base: url::Url,
    token: kubechat_config::Secret,
    queue: Arc<Semaphore>,
}

impl std::fmt::Debug for WebApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebApi")
            .field("base", &self.base.as_str())
            .finish_non_exhaustive()
    }
}

impl WebApi {
    pub fn new(api_url: &str, token: kubechat_config::Secret, timeout: Duration) -> Result<Self> {
        let mut base = url::Url::parse(api_url).map_err(|e| Error::Api(format!("api_url: {e}")))?;
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Api(e.to_string()))?;
        Ok(Self {
            http,
            base,
            token,
            queue: Arc::new(Semaphore::new(MAX_QUEUED)),
        })
    }

    /// The same client (connection pool, rate-limit queue) speaking for
    /// another team: an installed team's own bot token.
    pub fn with_token(&self, token: kubechat_config::Secret) -> Self {
        Self {
            token,
            ..self.clone()
        }
    }

    /// `oauth.v2.access`: the bot token an "Add to Slack" `code` stands
    /// for, with the team it was installed in. Refused codes (used,
    /// expired, another app's) are an error naming Slack's reason; the
    /// answer is never logged, since it holds the token.
    pub async fn oauth_access(
        &self,
        client_id: &str,
        client_secret: &kubechat_config::Secret,
        code: &str,
        redirect_uri: &str,
    ) -> Result<crate::installs::Granted> {
        let url = self
            .base
            .join("oauth.v2.access")
            .map_err(|e| Error::Api(e.to_string()))?;
        let form = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("client_id", client_id)
            .append_pair("client_secret", client_secret.expose())
            .append_pair("code", code)
            .append_pair("redirect_uri", redirect_uri)
            .finish();
        let resp = self
            .http
            .post(url)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(form)
            .send()
            .await
            .map_err(|e| Error::Api(e.without_url().to_string()))?;
        if !resp.status().is_success() {
            return Err(Error::Api(format!(
                "oauth.v2.access: HTTP {}",
                resp.status().as_u16()
            )));
        }
        let v: Value = resp
            .json()
            .await
            .map_err(|e| Error::Api(format!("oauth.v2.access: {}", e.without_url())))?;
        crate::installs::Granted::from_answer(&v)
    }

    /// Whether `url` is one Slack gives for answers: `hooks.slack.com`
    /// over https, or the configured API's own host (a stand-in in
    /// tests). Anything else is refused, so a payload cannot make
    /// KubeChat post to an address of its choosing.
    pub fn is_response_url(&self, url: &str) -> bool {
        let Ok(u) = url::Url::parse(url) else {
            return false;
        };
        (u.scheme() == "https" && u.host_str() == Some("hooks.slack.com"))
            || (u.host_str() == self.base.host_str()
                && u.port_or_known_default() == self.base.port_or_known_default()
                && u.scheme() == self.base.scheme())
    }

    /// `chat.postMessage` in `channel`, in the thread of `thread_ts`.
    pub async fn post_message(
        &self,
        channel: &str,
        thread_ts: Option<&str>,
        m: &Message,
    ) -> Result<Value> {
        let mut body = m.to_json();
        body["channel"] = Value::String(channel.to_owned());
        if let Some(t) = thread_ts {
            body["thread_ts"] = Value::String(t.to_owned());
        }
        self.method("chat.postMessage", &body).await
    }

    /// `chat.postEphemeral`: seen by `user` only (in the thread of
    /// `thread_ts`).
    pub async fn post_ephemeral(
        &self,
        channel: &str,
        user: &str,
        thread_ts: Option<&str>,
        m: &Message,
    ) -> Result<Value> {
        let mut body = m.to_json();
        body["channel"] = Value::String(channel.to_owned());
        body["user"] = Value::String(user.to_owned());
        if let Some(t) = thread_ts {
            body["thread_ts"] = Value::String(t.to_owned());
        }
        self.method("chat.postEphemeral", &body).await
    }

    /// `views.open`: a modal, for the `trigger_id` of a click (valid for
    /// 3 seconds).
    pub async fn open_view(&self, trigger_id: &str, view: &Value) -> Result<Value> {
        let body = serde_json::json!({"trigger_id": trigger_id, "view": view});
        self.method("views.open", &body).await
    }

    /// An answer to a slash command or a button through its
    /// `response_url`: `in_channel` or `ephemeral`, replacing the message
    /// the button was on when `replace`.
    pub async fn respond(
        &self,
        response_url: &str,
        m: &Message,
        in_channel: bool,
        replace: bool,
    ) -> Result<()> {
        if !self.is_response_url(response_url) {
            return Err(Error::Api(format!(
                "{response_url:?} is not a Slack response URL"
            )));
        }
        let mut body = m.to_json();
        body["response_type"] = Value::String(
            if in_channel {
                "in_channel"
            } else {
                "ephemeral"
            }
            .into(),
        );
        body["replace_original"] = Value::Bool(replace);
        self.send(response_url, &body, false).await.map(|_| ())
    }

    async fn method(&self, name: &str, body: &Value) -> Result<Value> {
        let url = self
            .base
            .join(name)
            .map_err(|e| Error::Api(e.to_string()))?;
        let v = self.send(url.as_str(), body, true).await?;
        if v["ok"].as_bool() != Some(true) {
            return Err(Error::Api(format!(
                "{name}: {}",
                v["error"].as_str().unwrap_or("refused without a reason")
            )));
        }
        Ok(v)
    }

    async fn send(&self, url: &str, body: &Value, bearer: bool) -> Result<Value> {
        let _slot = self.queue.clone().try_acquire_owned().map_err(|_| {
            tracing::warn!("slack: {MAX_QUEUED} posts already waiting; one dropped");
            Error::Api("too many posts waiting for Slack".into())
        })?;
        for attempt in 1..=ATTEMPTS {
            let mut req = self.http.post(url).json(body);
            if bearer {
                req = req.bearer_auth(self.token.expose());
            }
            let resp = req
                .send()
                .await
                .map_err(|e| Error::Api(e.without_url().to_string()))?;
            if resp.status().as_u16() == 429 && attempt < ATTEMPTS {
                let wait = resp
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse::<u64>().ok())
                    .map_or(Duration::from_secs(1), Duration::from_secs)
                    .min(MAX_RETRY_AFTER);
                tracing::info!(
                    wait_seconds = wait.as_secs(),
                    "slack: rate limited, waiting"
                );
                tokio::time::sleep(wait).await;
                continue;
            }
            if !resp.status().is_success() {
                return Err(Error::Api(format!("HTTP {}", resp.status().as_u16())));
            }
            let text = resp.text().await.map_err(|e| Error::Api(e.to_string()))?;
            // response_url answers "ok" as plain text; methods answer JSON.
            return Ok(serde_json::from_str(&text).unwrap_or(Value::String(text)));
        }
        Err(Error::Api("still rate limited after retries".into()))
    }
}
