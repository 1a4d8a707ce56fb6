//! The translator's Prometheus metrics; registered into the server's
//! registry by [`NlpMetrics::register`], so tests and several servers in
//! one process never share counters.

use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use crate::Source;

/// Buckets in seconds: the rules answer in microseconds, LLMs in
/// seconds; the runbook alerts on a p95 above 2 s.
const BUCKETS: [f64; 14] = [
    0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0,
];

/// `source` label: `kubectl`, `rules`, `llm`, `cache` or `error`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct SourceLabel {
    pub source: String,
}

/// Labels of provider metrics.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ProviderLabels {
    pub provider: String,
}

/// Labels of `nlp_provider_failures_total`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct FailureLabels {
    pub provider: String,
    /// `timeout`, `status`, `transport`, `malformed`, `rejected`,
    /// `breaker-open`.
    pub reason: String,
}

/// Labels of `nlp_translation_errors_total`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CodeLabel {
    pub code: String,
}

type DurationFamily = Family<SourceLabel, Histogram, fn() -> Histogram>;

/// Every translator metric; cheap to clone (shared counters).
#[derive(Debug, Clone)]
pub struct NlpMetrics {
    duration: DurationFamily,
    queue_depth: Gauge,
    cache_hits: Counter,
    cache_misses: Counter,
    provider_failures: Family<FailureLabels, Counter>,
    breaker_state: Family<ProviderLabels, Gauge>,
    errors: Family<CodeLabel, Counter>,
}

impl Default for NlpMetrics {
    fn default() -> Self {
        Self {
            duration: Family::new_with_constructor(|| Histogram::new(BUCKETS)),
            queue_depth: Gauge::default(),
            cache_hits: Counter::default(),
            cache_misses: Counter::default(),
            provider_failures: Family::default(),
            breaker_state: Family::default(),
            errors: Family::default(),
        }
    }
}

impl NlpMetrics {
    /// Adds every metric to `registry`.
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "nlp_processing_duration_seconds",
            "Time to translate one request, by the stage that answered",
            self.duration.clone(),
        );
        registry.register(
            "nlp_request_queue_depth",
            "Translations waiting for or holding an LLM slot",
            self.queue_depth.clone(),
        );
        registry.register(
            "nlp_cache_hits",
            "LLM translations answered from the cache",
            self.cache_hits.clone(),
        );
        registry.register(
            "nlp_cache_misses",
            "LLM translations not in the cache",
            self.cache_misses.clone(),
        );
        registry.register(
            "nlp_provider_failures",
            "Failed LLM provider calls by provider and reason",
            self.provider_failures.clone(),
        );
        registry.register(
            "nlp_provider_breaker_state",
            "Circuit breaker per LLM provider: 0 closed, 1 half-open, 2 open",
            self.breaker_state.clone(),
        );
        registry.register(
            "nlp_translation_errors",
            "Requests that could not be translated, by error code",
            self.errors.clone(),
        );
    }

    /// A translation answered by `source`.
    pub fn observe(&self, source: Source, cached: bool, elapsed: Duration) {
        let source = if cached { "cache" } else { source.as_str() };
        self.duration
            .get_or_create(&SourceLabel {
                source: source.to_owned(),
            })
            .observe(elapsed.as_secs_f64());
    }

    /// A request that could not be translated.
    pub fn failed(&self, code: &str, elapsed: Duration) {
        self.duration
            .get_or_create(&SourceLabel {
                source: "error".to_owned(),
            })
            .observe(elapsed.as_secs_f64());
        self.errors
            .get_or_create(&CodeLabel {
                code: code.to_owned(),
            })
            .inc();
    }

    pub(crate) fn queue(&self) -> QueueGuard {
        self.queue_depth.inc();
        QueueGuard(self.queue_depth.clone())
    }

    pub(crate) fn cache(&self, hit: bool) {
        if hit {
            self.cache_hits.inc();
        } else {
            self.cache_misses.inc();
        }
    }

    pub(crate) fn provider_failed(&self, provider: &str, reason: &str) {
        self.provider_failures
            .get_or_create(&FailureLabels {
                provider: provider.to_owned(),
                reason: reason.to_owned(),
            })
            .inc();
    }

    pub(crate) fn breaker(&self, provider: &str, state: i64) {
        self.breaker_state
            .get_or_create(&ProviderLabels {
                provider: provider.to_owned(),
            })
            .set(state);
    }

    /// Current queue depth (tests).
    pub fn queue_depth(&self) -> i64 {
        self.queue_depth.get()
    }

    /// Cache hits and misses so far (tests).
    pub fn cache_counts(&self) -> (u64, u64) {
        (self.cache_hits.get(), self.cache_misses.get())
    }

    /// Failures of `provider` for `reason` so far (tests).
    pub fn provider_failures(&self, provider: &str, reason: &str) -> u64 {
        self.provider_failures
            .get_or_create(&FailureLabels {
                provider: provider.to_owned(),
                reason: reason.to_owned(),
            })
            .get()
    }
}

/// Holds one place in the queue; leaves it when dropped.
#[derive(Debug)]
pub(crate) struct QueueGuard(Gauge);

impl Drop for QueueGuard {
    fn drop(&mut self) {
        self.0.dec();
    }
}
