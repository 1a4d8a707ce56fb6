//! The translator chain: kubectl syntax, then the rules, then (only when
//! the rules are unsure and providers are configured) the LLMs.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;

use kubechat_core::{Namespace, Verb};

use crate::llm::Llm;
use crate::metrics::NlpMetrics;
use crate::{Error, Result, Translation};

/// The confidence below which a change is asked back when nothing else
/// is configured (the configuration's default `nlp.confidence_threshold`).
pub const DEFAULT_THRESHOLD: f64 = 0.8;

/// The decision rule: a change read with less than `threshold`
/// confidence — by the rules or by a model — is never previewed; it is
/// asked back with the best reading as the suggestion, which the person
/// can send as it is. Reads are answered (they change nothing and show
/// their kubectl line).
pub fn decide(result: Result<Translation>, threshold: f64) -> Result<Translation> {
    match result {
        Ok(t) if t.risk != kubechat_core::Risk::Read && t.confidence < threshold => {
            Err(Error::NotUnderstood {
                reason: format!(
                    "not sure this asks for `{}` (confidence {:.2}); send that line to preview it",
                    t.kubectl, t.confidence
                ),
                suggestions: vec![t.kubectl],
            })
        }
        other => other,
    }
}

/// A boxed future, so [`Translator`] can be used as a trait object.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What the bot answering a request is set up to do; part of an LLM
/// prompt and of the translation cache key (a change of settings must not
/// reuse translations made under the old ones).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct BotContext {
    /// Identifies the settings (workspace and a hash of its policy).
    pub fingerprint: String,
    /// Verbs the bot may run; told to the model so it does not propose
    /// others (the policy still decides).
    pub allowed_verbs: Vec<Verb>,
    /// Extra instructions of the workspace for the model (its persona).
    pub persona: Option<String>,
    /// Names of objects in the request's namespace, for the model to pick
    /// from (bounded and quoted as data in the prompt).
    pub known_names: Vec<String>,
    /// The embedded rules only: the workspace's plan has no LLM access.
    pub rules_only: bool,
    /// Only this provider reads for the bot (none: all, in order).
    pub provider: Option<String>,
    /// The model asked at `provider` instead of its configured one.
    pub model: Option<String>,
}

/// One request to translate.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub text: &'a str,
    /// Where requests without a namespace run (the session's).
    pub namespace: Option<&'a Namespace>,
    pub bot: &'a BotContext,
}

/// Anything that turns a request into an operation.
pub trait Translator: Send + Sync + std::fmt::Debug {
    fn translate<'a>(&'a self, request: &'a Request<'a>) -> BoxFuture<'a, Result<Translation>>;
}

/// The embedded rules (and kubechat syntax) as a [`Translator`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Rules;

impl Translator for Rules {
    fn translate<'a>(&'a self, request: &'a Request<'a>) -> BoxFuture<'a, Result<Translation>> {
        Box::pin(async move { crate::interpret(request.text) })
    }
}

/// The whole chain; cheap to clone.
#[derive(Debug, Clone)]
pub struct Chain {
    /// What is asked when the rules are not confident: the LLM providers
    /// in this process, or a translator service.
    next: Option<Arc<dyn Translator>>,
    llm: Option<Arc<Llm>>,
    threshold: f64,
    metrics: NlpMetrics,
}

impl Chain {
    /// Rules only (no providers configured), asking back changes read
    /// with less than the default confidence.
    pub fn rules_only(metrics: NlpMetrics) -> Self {
        Self::rules_with_threshold(DEFAULT_THRESHOLD, metrics)
    }

    /// Rules only, asking back changes read below `threshold`.
    pub fn rules_with_threshold(threshold: f64, metrics: NlpMetrics) -> Self {
        Self {
            next: None,
            llm: None,
            threshold,
            metrics,
        }
    }

    /// Rules, then `llm` for readings below `threshold`.
    pub fn with_llm(llm: Llm, threshold: f64, metrics: NlpMetrics) -> Self {
        let llm = Arc::new(llm);
        Self {
            next: Some(llm.clone()),
            llm: Some(llm),
            threshold,
            metrics,
        }
    }

    /// Rules, then the translator service at `url` for readings below
    /// `threshold`.
    pub fn with_service(
        url: &str,
        token: Option<kubechat_config::Secret>,
        timeout: std::time::Duration,
        threshold: f64,
        metrics: NlpMetrics,
    ) -> Self {
        Self {
            next: Some(Arc::new(crate::remote::Remote::new(
                url,
                timeout,
                metrics.clone(),
                token,
            ))),
            llm: None,
            threshold,
            metrics,
        }
    }

    /// The chain `config` describes: rules, and the providers if any.
    pub fn from_config(
        config: &kubechat_config::NlpConfig,
        clock: Arc<dyn kubechat_core::Clock>,
        metrics: NlpMetrics,
    ) -> Self {
        if let Some(url) = &config.service_url {
            return Self::with_service(
                url,
                config.service_token.clone(),
                std::time::Duration::from_millis(config.request_timeout_ms),
                config.confidence_threshold,
                metrics,
            );
        }
        match Llm::from_config(config, clock, metrics.clone()) {
            Some(llm) => Self::with_llm(llm, config.confidence_threshold, metrics),
            None => Self::rules_with_threshold(config.confidence_threshold, metrics),
        }
    }

    /// Whether anything stands behind the rules (LLM providers or a
    /// translator service).
    pub fn has_llm(&self) -> bool {
        self.next.is_some()
    }

    /// The names of the providers of this process (`None` when a
    /// translator service holds them; empty without providers).
    pub fn provider_names(&self) -> Option<Vec<String>> {
        match (&self.llm, &self.next) {
            (Some(l), _) => Some(l.breaker_states().into_iter().map(|(n, _)| n).collect()),
            (None, Some(_)) => None,
            (None, None) => Some(Vec::new()),
        }
    }

    /// Each provider's circuit breaker now (empty without providers).
    pub fn breaker_states(&self) -> Vec<(String, kubechat_core::BreakerState)> {
        self.llm
            .as_ref()
            .map_or_else(Vec::new, |l| l.breaker_states())
    }

    pub fn metrics(&self) -> &NlpMetrics {
        &self.metrics
    }

    async fn run(&self, request: &Request<'_>) -> Result<Translation> {
        // Whichever stage read it, the cluster named is the text's; a line
        // suggested back names it too, so sending it is held against the
        // bot's cluster as the request was.
        let said = crate::stated_cluster(request.text);
        match decide(self.read(request).await, self.threshold) {
            Ok(t) => Ok(Translation {
                cluster: t.cluster.or(said),
                ..t
            }),
            Err(e) => Err(match said {
                Some(c) => e.suggesting_on(&c),
                None => e,
            }),
        }
    }

    async fn read(&self, request: &Request<'_>) -> Result<Translation> {
        let rules = crate::interpret(request.text);
        let Some(next) = self.next.as_ref().filter(|_| !request.bot.rules_only) else {
            return rules;
        };
        match &rules {
            Ok(t) if t.confidence >= self.threshold => return rules,
            Ok(_) | Err(Error::NotUnderstood { .. }) => {}
            // Refusals, bad kubectl syntax and overlong text are final.
            Err(_) => return rules,
        }
        match next.translate(request).await {
            Ok(t) => Ok(t),
            Err(e) => {
                tracing::warn!(
                    error = %e,
                    code = e.code(),
                    "translation error: the LLM providers gave no usable answer; keeping the rules' reading"
                );
                rules
            }
        }
    }
}

impl Translator for Llm {
    fn translate<'a>(&'a self, request: &'a Request<'a>) -> BoxFuture<'a, Result<Translation>> {
        Box::pin(Llm::translate(self, request))
    }
}

impl Translator for Chain {
    fn translate<'a>(&'a self, request: &'a Request<'a>) -> BoxFuture<'a, Result<Translation>> {
        Box::pin(async move {
            let start = Instant::now();
            let result = self.run(request).await;
            let elapsed = start.elapsed();
            let duration_ms = elapsed.as_secs_f64() * 1000.0;
            match &result {
                Ok(t) => {
                    self.metrics.observe(t.source, t.cached, elapsed);
                    tracing::info!(
                        duration_ms,
                        processing_time = duration_ms,
                        source = t.source.as_str(),
                        cached = t.cached,
                        verb = t.operation.verb.as_str(),
                        risk = t.risk.as_str(),
                        confidence = t.confidence,
                        "command translated"
                    );
                }
                Err(e) => {
                    self.metrics.failed(e.code(), elapsed);
                    tracing::info!(
                        duration_ms,
                        processing_time = duration_ms,
                        code = e.code(),
                        error = %e,
                        "translation error"
                    );
                }
            }
            result
        })
    }
}
