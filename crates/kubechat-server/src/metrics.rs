//! The Prometheus registry, owned by application state (not a global), so
//! tests and several servers in one process never share counters.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use kubechat_store::Store;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::MetricType;
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::{ConstGauge, Gauge};
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// Latency buckets in seconds: fine below the runbook's 500 ms alert,
/// coarse above it.
const HTTP_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// Labels of `http_request_duration_seconds`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct HttpLabels {
    pub method: String,
    /// The matched route template (`/api/v1/chat/{session}`), never the raw
    /// path, so label cardinality stays bounded.
    pub route: String,
    pub status: u16,
}

type HistogramFamily = Family<HttpLabels, Histogram, fn() -> Histogram>;

/// Labels of `chat_requests_total`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ChatLabels {
    /// The operation's verb, or `unknown` when the text was not understood.
    pub verb: String,
    /// `result`, `preview`, `nothing-to-change`, `cancelled`, `denied`, or
    /// an error code.
    pub outcome: String,
}

/// Every metric KubeChat exports.
#[derive(Debug, Clone)]
pub struct Metrics {
    registry: Arc<Mutex<Registry>>,
    http_duration: HistogramFamily,
    chat_requests: Family<ChatLabels, Counter>,
    ws_connections: Family<ResultLabel, Counter>,
    ws_active: Gauge,
    rate_limited: Family<ScopeLabel, Counter>,
    billing_events: Family<ResultLabel, Counter>,
    payment_failures: Counter,
    connections_open: Gauge,
    connections_closed: Family<ReasonLabel, Counter>,
}

/// Labels of `http_connections_refused_total`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ReasonLabel {
    /// `connection_cap` (closed at accept) or `header_timeout` (closed
    /// for sending its request headers too slowly or idling too long).
    pub reason: String,
}

/// Labels of `rate_limit_rejections_total`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ScopeLabel {
    /// `user`, `workspace` or `blocked`.
    pub scope: String,
}

/// Labels of `websocket_connections_total`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ResultLabel {
    /// `accepted`, `unauthorized`, `bad_request`, `unavailable`.
    pub result: String,
}

impl Metrics {
    /// A registry with the HTTP histogram, the database pool gauges of
    /// `store`, and process metrics.
    pub fn new(store: Store) -> Self {
        let mut registry = Registry::default();
        let http_duration: HistogramFamily =
            Family::new_with_constructor(|| Histogram::new(HTTP_BUCKETS));
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency by method, matched route and status",
            http_duration.clone(),
        );
        let chat_requests = Family::<ChatLabels, Counter>::default();
        registry.register(
            "chat_requests",
            "Chat requests (REST and WebSocket) by verb and outcome",
            chat_requests.clone(),
        );
        let ws_connections = Family::<ResultLabel, Counter>::default();
        registry.register(
            "websocket_connections",
            "WebSocket chat connection attempts by result",
            ws_connections.clone(),
        );
        let ws_active = Gauge::default();
        registry.register(
            "websocket_connections_active",
            "WebSocket chat connections open now",
            ws_active.clone(),
        );
        let rate_limited = Family::<ScopeLabel, Counter>::default();
        registry.register(
            "rate_limit_rejections",
            "Requests refused by rate limits or block lists, by scope",
            rate_limited.clone(),
        );
        let billing_events = Family::<ResultLabel, Counter>::default();
        registry.register(
            "billing_webhook_events",
            "Payment provider webhook deliveries by result: applied, duplicate, stale, ignored, or the refusal's code",
            billing_events.clone(),
        );
        let payment_failures = Counter::default();
        registry.register(
            "billing_payment_failures",
            "Failed payments reported by the provider (each logged as `payment failed`)",
            payment_failures.clone(),
        );
        let connections_open = Gauge::default();
        registry.register(
            "http_connections_open",
            "TCP connections this process holds now (WebSockets included)",
            connections_open.clone(),
        );
        let connections_closed = Family::<ReasonLabel, Counter>::default();
        registry.register(
            "http_connections_refused",
            "Connections closed by the listener's limits, by reason: connection_cap, header_timeout",
            connections_closed.clone(),
        );
        registry.register_collector(Box::new(PoolCollector(store)));
        registry.register_collector(Box::new(ProcessCollector));
        Self {
            registry: Arc::new(Mutex::new(registry)),
            http_duration,
            chat_requests,
            ws_connections,
            ws_active,
            rate_limited,
            billing_events,
            payment_failures,
            connections_open,
            connections_closed,
        }
    }

    /// Counts one chat answer by its verb and kind.
    pub fn observe_reply(&self, reply: &kubechat_chat::Reply) {
        self.observe_chat(&reply.verb_name(), reply.kind_name());
    }

    /// The gauge of open connections.
    pub fn connections_open(&self) -> &Gauge {
        &self.connections_open
    }

    /// Counts one connection closed by a listener limit.
    pub fn observe_connection_refused(&self, reason: &str) {
        self.connections_closed
            .get_or_create(&ReasonLabel {
                reason: reason.to_owned(),
            })
            .inc();
    }

    /// Counts one webhook delivery (`result`), and a failed payment.
    pub fn observe_billing(&self, result: &str, payment_failed: bool) {
        self.billing_events
            .get_or_create(&ResultLabel {
                result: result.to_owned(),
            })
            .inc();
        if payment_failed {
            self.payment_failures.inc();
        }
    }

    /// Records one finished HTTP request.
    pub fn observe_http(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        self.http_duration
            .get_or_create(&HttpLabels {
                method: method.to_owned(),
                route: route.to_owned(),
                status,
            })
            .observe(elapsed.as_secs_f64());
    }

    /// Counts one chat request.
    pub fn observe_chat(&self, verb: &str, outcome: &str) {
        self.chat_requests
            .get_or_create(&ChatLabels {
                verb: verb.to_owned(),
                outcome: outcome.to_owned(),
            })
            .inc();
    }

    /// Counts one WebSocket connection attempt.
    pub fn observe_ws(&self, result: &str) {
        self.ws_connections
            .get_or_create(&ResultLabel {
                result: result.to_owned(),
            })
            .inc();
    }

    /// Moves `websocket_connections_active` by `delta`.
    pub fn ws_open(&self, delta: i64) {
        self.ws_active.inc_by(delta);
    }

    /// Counts one refusal by a rate limit or block list.
    pub fn observe_rate_limited(&self, scope: &str) {
        self.rate_limited
            .get_or_create(&ScopeLabel {
                scope: scope.to_owned(),
            })
            .inc();
    }

    /// Lets later features add their metrics to the same registry.
    pub fn register(
        &self,
        name: &str,
        help: &str,
        metric: impl prometheus_client::registry::Metric,
    ) {
        self.registry
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .register(name, help, metric);
    }

    /// Adds the audit trail's metrics.
    pub fn register_audit(&self, audit: &kubechat_audit::AuditMetrics) {
        audit.register(&mut self.registry.lock().unwrap_or_else(PoisonError::into_inner));
    }

    /// Adds the translator's metrics to the registry.
    pub fn register_nlp(&self, nlp: &kubechat_nlp::metrics::NlpMetrics) {
        nlp.register(&mut self.registry.lock().unwrap_or_else(PoisonError::into_inner));
    }

    /// The registry in the Prometheus text exposition format.
    pub fn encode(&self) -> Result<String, std::fmt::Error> {
        let mut out = String::new();
        let registry = self.registry.lock().unwrap_or_else(PoisonError::into_inner);
        prometheus_client::encoding::text::encode(&mut out, &registry)?;
        Ok(out)
    }
}

/// `db_pool_connections{state}` and `db_pool_max_connections`, read from
/// the pool at scrape time so they are never stale.
#[derive(Debug)]
struct PoolCollector(Store);

impl Collector for PoolCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let stats = self.0.pool_stats();
        let mut family = encoder.encode_descriptor(
            "db_pool_connections",
            "Database pool connections by state (active: running a query, idle: open and waiting)",
            None,
            MetricType::Gauge,
        )?;
        for (state, value) in [("active", stats.active), ("idle", stats.idle)] {
            let labels = [("state", state)];
            ConstGauge::new(i64::from(value)).encode(family.encode_family(&labels)?)?;
        }
        let max = encoder.encode_descriptor(
            "db_pool_max_connections",
            "Upper bound of the database pool",
            None,
            MetricType::Gauge,
        )?;
        ConstGauge::new(i64::from(stats.max)).encode(max)
    }
}

/// The standard `process_*` metrics, read from `/proc/self` at scrape
/// time. Absent on systems without procfs.
#[derive(Debug)]
struct ProcessCollector;

/// Linux reports CPU times in clock ticks of `USER_HZ`, which the kernel
/// ABI fixes at 100 on every architecture we ship.
const USER_HZ: f64 = 100.0;

impl Collector for ProcessCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let Some(p) = read_proc() else { return Ok(()) };
        let cpu = encoder.encode_descriptor(
            "process_cpu_seconds_total",
            "Total user and system CPU time spent in seconds",
            None,
            MetricType::Counter,
        )?;
        ConstCounter::new(p.cpu_seconds).encode(cpu)?;
        for (name, help, value) in [
            (
                "process_resident_memory_bytes",
                "Resident memory size in bytes",
                p.rss_bytes,
            ),
            (
                "process_virtual_memory_bytes",
                "Virtual memory size in bytes",
                p.vsize_bytes,
            ),
            (
                "process_open_fds",
                "Number of open file descriptors",
                p.open_fds,
            ),
            ("process_threads", "Number of OS threads", p.threads),
        ] {
            let m = encoder.encode_descriptor(name, help, None, MetricType::Gauge)?;
            ConstGauge::new(value).encode(m)?;
        }
        let start = encoder.encode_descriptor(
            "process_start_time_seconds",
            "Start time of the process since unix epoch in seconds",
            None,
            MetricType::Gauge,
        )?;
        ConstGauge::new(p.start_time_seconds).encode(start)
    }
}

struct ProcStats {
    cpu_seconds: f64,
    rss_bytes: i64,
    vsize_bytes: i64,
    open_fds: i64,
    threads: i64,
    start_time_seconds: f64,
}

fn read_proc() -> Option<ProcStats> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may
    // contain spaces; field 3 of stat(5) is the first one after it.
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let num = |i: usize| f.get(i - 3).and_then(|s| s.parse::<f64>().ok());
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.split_whitespace().next()?.parse::<i64>().ok())
    };
    let boot_time = std::fs::read_to_string("/proc/stat").ok().and_then(|s| {
        s.lines()
            .find_map(|l| l.strip_prefix("btime "))
            .and_then(|v| v.trim().parse::<f64>().ok())
    });
    let open_fds = std::fs::read_dir("/proc/self/fd")
        .map(|d| d.count())
        .unwrap_or(0);
    Some(ProcStats {
        cpu_seconds: (num(14)? + num(15)?) / USER_HZ,
        rss_bytes: kb("VmRSS:")? * 1024,
        vsize_bytes: kb("VmSize:")? * 1024,
        open_fds: i64::try_from(open_fds).unwrap_or(i64::MAX),
        threads: kb("Threads:")?,
        start_time_seconds: boot_time.unwrap_or(0.0) + num(22)? / USER_HZ,
    })
}
