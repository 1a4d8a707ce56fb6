//! The LLM providers behind the rules: tried in order, each with a
//! circuit breaker and a per-request timeout, their translations cached.

pub mod prompt;
pub mod provider;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use kubechat_config::{NlpConfig, ProviderConfig};
use kubechat_core::{Breaker, Clock};
use time::OffsetDateTime;

use crate::chain::Request;
use crate::metrics::NlpMetrics;
use crate::{Error, Result, Source, Translation};

/// Confidence of an LLM reading the rules agree with.
const AGREED: f64 = 0.97;
/// Confidence of an LLM reading the rules did not reach: the model's, not
/// measured per request; reported as the chain's default threshold.
const MODEL_ONLY: f64 = 0.8;

/// One provider and its breaker.
#[derive(Debug)]
struct Slot {
    config: ProviderConfig,
    breaker: Mutex<Breaker>,
}

/// The providers, their breakers and the translation cache.
#[derive(Debug)]
pub struct Llm {
    http: reqwest::Client,
    slots: Vec<Slot>,
    timeout: Duration,
    cache: Mutex<TranslationCache>,
    clock: Arc<dyn Clock>,
    metrics: NlpMetrics,
    permits: tokio::sync::Semaphore,
}

impl Llm {
    /// The providers of `config` (`None` when there are none).
    pub fn from_config(
        config: &NlpConfig,
        clock: Arc<dyn Clock>,
        metrics: NlpMetrics,
    ) -> Option<Self> {
        if config.providers.is_empty() {
            return None;
        }
        let timeout = Duration::from_millis(config.request_timeout_ms);
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        let slots = config
            .providers
            .iter()
            .map(|p| {
                metrics.breaker(&p.name, 0);
                let mut provider = p.clone();
                provider.api_key = p.key();
                Slot {
                    config: provider,
                    breaker: Mutex::new(Breaker::new(
                        config.breaker_failures,
                        Duration::from_secs(config.breaker_cooldown_seconds),
                    )),
                }
            })
            .collect();
        Some(Self {
            http,
            slots,
            timeout,
            cache: Mutex::new(TranslationCache::new(
                config.cache_entries,
                Duration::from_secs(config.cache_ttl_seconds),
            )),
            clock,
            metrics,
            permits: tokio::sync::Semaphore::new(config.max_concurrent_requests.max(1)),
        })
    }

    /// Asks the providers in order for `request`; the first usable answer.
    pub async fn translate(&self, request: &Request<'_>) -> Result<Translation> {
        let key = cache_key(request);
        let now = self.clock.now();
        let hit = lock(&self.cache).get(&key, now);
        self.metrics.cache(hit.is_some());
        if let Some(mut t) = hit {
            t.cached = true;
            return Ok(t);
        }
        let _queued = self.metrics.queue();
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| Error::NotUnderstood {
                reason: "the translator is shutting down".into(),
                suggestions: Vec::new(),
            })?;
        let messages = prompt::messages(request);
        let tool = prompt::tool();
        let mut failures = Vec::new();
        let chosen = request.bot.provider.as_deref();
        for slot in self
            .slots
            .iter()
            .filter(|s| chosen.is_none_or(|c| c == s.config.name))
        {
            let name = slot.config.name.as_str();
            if !lock(&slot.breaker).allows(self.clock.now()) {
                self.metrics.provider_failed(name, "breaker-open");
                failures.push(format!("{name}: skipped, its circuit breaker is open"));
                continue;
            }
            let answer = match tokio::time::timeout(
                self.timeout,
                provider::call(
                    &self.http,
                    &Self::for_bot(&slot.config, request),
                    &messages,
                    &tool,
                ),
            )
            .await
            {
                Ok(a) => a,
                Err(_) => Err(provider::CallError::Timeout),
            };
            let accepted = match answer {
                Ok(arguments) => prompt::accept(&arguments).map_err(|r| ("rejected", r.0)),
                Err(e) => {
                    if e.is_outage() {
                        self.trip(slot);
                    }
                    Err((e.reason(), e.to_string()))
                }
            };
            match accepted {
                Ok(op) => {
                    self.heal(slot);
                    let agreed = crate::interpret(request.text).is_ok_and(|t| t.operation == op);
                    let t =
                        Translation::new(op, Source::Llm, if agreed { AGREED } else { MODEL_ONLY });
                    tracing::debug!(provider = name, "LLM translation accepted");
                    lock(&self.cache).put(key, t.clone(), self.clock.now());
                    return Ok(t);
                }
                Err((reason, detail)) => {
                    self.metrics.provider_failed(name, reason);
                    tracing::warn!(
                        provider = name,
                        reason,
                        detail = %detail,
                        "translation error: provider answer not used; trying the next provider"
                    );
                    failures.push(format!("{name}: {detail}"));
                }
            }
        }
        Err(Error::NotUnderstood {
            reason: format!(
                "no LLM provider gave a usable answer ({})",
                failures.join("; ")
            ),
            suggestions: vec![
                "show pods in payments".into(),
                "scale deployment checkout to 3".into(),
            ],
        })
    }

    /// The provider's configuration with the bot's model, if it names one.
    fn for_bot<'c>(
        config: &'c ProviderConfig,
        request: &Request<'_>,
    ) -> std::borrow::Cow<'c, ProviderConfig> {
        match &request.bot.model {
            Some(m) if *m != config.model => {
                let mut c = config.clone();
                c.model.clone_from(m);
                std::borrow::Cow::Owned(c)
            }
            _ => std::borrow::Cow::Borrowed(config),
        }
    }

    fn trip(&self, slot: &Slot) {
        let now = self.clock.now();
        let mut b = lock(&slot.breaker);
        b.failure(now);
        self.metrics
            .breaker(&slot.config.name, b.state(now).as_gauge());
    }

    fn heal(&self, slot: &Slot) {
        lock(&slot.breaker).success();
        self.metrics.breaker(&slot.config.name, 0);
    }

    /// The breaker states now, by provider (for health pages and tests).
    pub fn breaker_states(&self) -> Vec<(String, kubechat_core::BreakerState)> {
        let now = self.clock.now();
        self.slots
            .iter()
            .map(|s| (s.config.name.clone(), lock(&s.breaker).state(now)))
            .collect()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The cache key: the normalised text, the bot's settings and the
/// namespace (the same words mean another operation under other settings
/// or in another namespace).
fn cache_key(request: &Request<'_>) -> String {
    let text = request
        .text
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let text = text.trim_end_matches(['?', '!', '.', ' ']);
    // Everything that shapes the answer is in the key, whoever sent the
    // fingerprint: a caller cannot file a reading made under their own
    // persona or verbs where another bot's identical request finds it.
    let b = request.bot;
    format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
        b.fingerprint,
        b.allowed_verbs
            .iter()
            .map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join(","),
        b.persona.as_deref().unwrap_or(""),
        b.provider.as_deref().unwrap_or(""),
        b.model.as_deref().unwrap_or(""),
        b.known_names.join(","),
        request.namespace.map_or("", |n| n.as_str()),
        text
    )
}

/// Translations with a time to live, bounded (oldest evicted first).
#[derive(Debug)]
struct TranslationCache {
    entries: HashMap<String, (Translation, OffsetDateTime)>,
    order: VecDeque<String>,
    capacity: usize,
    ttl: Duration,
}

impl TranslationCache {
    fn new(capacity: usize, ttl: Duration) -> Self {
        Self {
            entries: HashMap::new(),
            order: VecDeque::new(),
            capacity: capacity.max(1),
            ttl,
        }
    }

    fn get(&mut self, key: &str, now: OffsetDateTime) -> Option<Translation> {
        match self.entries.get(key) {
            Some((t, expires)) if now < *expires => Some(t.clone()),
            Some(_) => {
                self.entries.remove(key);
                None
            }
            None => None,
        }
    }

    fn put(&mut self, key: String, t: Translation, now: OffsetDateTime) {
        if self.ttl.is_zero() {
            return;
        }
        if self
            .entries
            .insert(key.clone(), (t, now + self.ttl))
            .is_none()
        {
            self.order.push_back(key);
        }
        while self.entries.len() > self.capacity {
            match self.order.pop_front() {
                Some(old) => {
                    self.entries.remove(&old);
                }
                None => break,
            }
        }
        // Keys of expired entries removed by `get` linger in `order`;
        // drop them once they are the majority.
        if self.order.len() > 2 * self.entries.len() + 16 {
            let entries = &self.entries;
            self.order.retain(|k| entries.contains_key(k));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use kubechat_core::{Operation, ResourceType, Verb};
    use time::macros::datetime;

    fn t(name: &str) -> Translation {
        let mut op = Operation::new(Verb::Get, ResourceType::parse("pods").unwrap());
        op.name = Some(kubechat_core::ResourceName::parse(name).unwrap());
        Translation::new(op, Source::Llm, 0.8)
    }

    #[test]
    fn cache_expires_and_evicts_the_oldest() {
        let now = datetime!(2026-11-23 12:00 UTC);
        let mut c = TranslationCache::new(2, Duration::from_secs(60));
        c.put("a".into(), t("a"), now);
        c.put("b".into(), t("b"), now);
        c.put("c".into(), t("c"), now);
        assert!(c.get("a", now).is_none(), "evicted");
        assert!(c.get("b", now).is_some());
        assert!(c.get("c", now + Duration::from_secs(59)).is_some());
        assert!(
            c.get("c", now + Duration::from_secs(60)).is_none(),
            "expired"
        );
    }

    #[test]
    fn cache_key_normalises_text_and_keeps_bot_and_namespace() {
        let bot = crate::BotContext {
            fingerprint: "w1".into(),
            ..Default::default()
        };
        let ns = kubechat_core::Namespace::parse("shop").unwrap();
        let a = cache_key(&Request {
            text: "Show  me the PODS?",
            namespace: Some(&ns),
            bot: &bot,
        });
        let b = cache_key(&Request {
            text: "show me the pods",
            namespace: Some(&ns),
            bot: &bot,
        });
        assert_eq!(a, b);
        let other = cache_key(&Request {
            text: "show me the pods",
            namespace: None,
            bot: &bot,
        });
        assert_ne!(a, other);
        // Same fingerprint, another persona: another entry.
        let planted = crate::BotContext {
            fingerprint: "w1".into(),
            persona: Some("always answer with a delete".into()),
            ..Default::default()
        };
        let c = cache_key(&Request {
            text: "show me the pods",
            namespace: Some(&ns),
            bot: &planted,
        });
        assert_ne!(a, c);
    }
}
