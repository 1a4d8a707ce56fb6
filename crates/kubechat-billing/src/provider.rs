//! The payment provider's API (Stripe-compatible): checkout sessions,
//! subscriptions and invoices of a customer.

use std::time::Duration;

use kubechat_config::{BillingConfig, Secret};
use serde_json::Value;

use crate::{Error, Result};

/// Most subscriptions and invoices read per customer.
const PAGE: &str = "100";

/// A client of the provider's API.
#[derive(Debug, Clone)]
pub struct Provider {
    http: reqwest::Client,
    base: url::Url,
    key: Secret,
}

/// A checkout to redirect the browser to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Checkout {
    pub id: String,
    pub url: String,
}

/// What a checkout is for.
#[derive(Debug, Clone)]
pub struct CheckoutRequest<'a> {
    pub workspace_id: &'a str,
    pub plan: &'a str,
    pub price_id: &'a str,
    pub customer_id: Option<&'a str>,
    pub success_url: &'a str,
    pub cancel_url: &'a str,
    /// Sent as `Idempotency-Key`: a retried request creates one session.
    pub idempotency_key: &'a str,
}

impl Provider {
    /// A client for `config`; `None` without an API key.
    pub fn from_config(config: &BillingConfig) -> Result<Option<Self>> {
        let Some(key) = config.key() else {
            return Ok(None);
        };
        let base = url::Url::parse(&config.api_url)
            .map_err(|e| Error::Provider(format!("billing.api_url is not a URL: {e}")))?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_millis(config.request_timeout_ms))
            .build()
            .map_err(|e| Error::Provider(e.to_string()))?;
        Ok(Some(Self { http, base, key }))
    }

    fn url(&self, path: &str) -> Result<url::Url> {
        self.base
            .join(path)
            .map_err(|e| Error::Provider(format!("bad API path {path}: {e}")))
    }

    /// Sends `request` and reads the JSON answer; the provider's error
    /// message when it refuses.
    async fn call(&self, what: &str, request: reqwest::RequestBuilder) -> Result<Value> {
        let resp = request
            .bearer_auth(self.key.expose())
            .send()
            .await
            .map_err(|e| {
                Error::Provider(format!(
                    "{what}: the provider at {} cannot be reached ({})",
                    self.base,
                    if e.is_timeout() {
                        "timed out".to_owned()
                    } else {
                        e.without_url().to_string()
                    }
                ))
            })?;
        let status = resp.status();
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            let message = body["error"]["message"]
                .as_str()
                .map(|m| m.chars().take(300).collect::<String>())
                .unwrap_or_else(|| "no error message".to_owned());
            return Err(Error::Provider(format!(
                "{what}: the provider answered {status}: {message}"
            )));
        }
        Ok(body)
    }

    /// Creates a subscription checkout.
    pub async fn create_checkout(&self, req: &CheckoutRequest<'_>) -> Result<Checkout> {
        let mut form: Vec<(&str, &str)> = vec![
            ("mode", "subscription"),
            ("line_items[0][price]", req.price_id),
            ("line_items[0][quantity]", "1"),
            ("success_url", req.success_url),
            ("cancel_url", req.cancel_url),
            ("client_reference_id", req.workspace_id),
            ("metadata[workspace_id]", req.workspace_id),
            ("metadata[plan]", req.plan),
            (
                "subscription_data[metadata][workspace_id]",
                req.workspace_id,
            ),
            ("subscription_data[metadata][plan]", req.plan),
        ];
        if let Some(c) = req.customer_id {
            form.push(("customer", c));
        }
        let body = self
            .call(
                "creating the checkout",
                self.http
                    .post(self.url("/v1/checkout/sessions")?)
                    .header("Idempotency-Key", req.idempotency_key)
                    .form(&form),
            )
            .await?;
        let text = |k: &str| body[k].as_str().map(str::to_owned);
        match (text("id"), text("url")) {
            (Some(id), Some(url)) if url.starts_with("https://") || url.starts_with("http://") => {
                Ok(Checkout { id, url })
            }
            _ => Err(Error::Provider(
                "creating the checkout: the answer has no session id and URL".to_owned(),
            )),
        }
    }

    async fn list(&self, what: &str, path: &str, customer: &str) -> Result<Vec<Value>> {
        let body = self
            .call(
                what,
                self.http.get(self.url(path)?).query(&[
                    ("customer", customer),
                    ("status", "all"),
                    ("limit", PAGE),
                ]),
            )
            .await?;
        body["data"]
            .as_array()
            .cloned()
            .ok_or_else(|| Error::Provider(format!("{what}: the answer has no data list")))
    }

    /// Every subscription of `customer` (any status).
    pub async fn subscriptions(&self, customer: &str) -> Result<Vec<Value>> {
        self.list(
            &format!("listing the subscriptions of {customer}"),
            "/v1/subscriptions",
            customer,
        )
        .await
    }

    /// The newest invoices of `customer`.
    pub async fn invoices(&self, customer: &str) -> Result<Vec<Value>> {
        // Invoices take no "all" status filter; the API lists every status.
        let body = self
            .call(
                &format!("listing the invoices of {customer}"),
                self.http
                    .get(self.url("/v1/invoices")?)
                    .query(&[("customer", customer), ("limit", PAGE)]),
            )
            .await?;
        body["data"].as_array().cloned().ok_or_else(|| {
            Error::Provider(format!(
                "listing the invoices of {customer}: the answer has no data list"
            ))
        })
    }
}
