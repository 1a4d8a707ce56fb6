//! The operator's Prometheus metrics, served with its probes.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PhaseLabel {
    phase: String,
}

/// Counters shared by the reconciler and the leader loop; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct OperatorMetrics {
    finished: Family<PhaseLabel, Counter>,
    leader: Gauge,
    reconcile_errors: Counter,
}

impl OperatorMetrics {
    /// Registers every metric in `registry`.
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "kubechat_operator_commands",
            "KubeChatCommands settled by this replica, by final phase (Succeeded, Failed, Denied)",
            self.finished.clone(),
        );
        registry.register(
            "kubechat_operator_leader",
            "1 while this replica holds the leader Lease and reconciles",
            self.leader.clone(),
        );
        registry.register(
            "kubechat_operator_reconcile_errors",
            "Reconciles that failed and were retried (API server errors)",
            self.reconcile_errors.clone(),
        );
    }

    pub(crate) fn finished(&self, phase: &str) {
        self.finished
            .get_or_create(&PhaseLabel {
                phase: phase.to_owned(),
            })
            .inc();
    }

    pub(crate) fn set_leader(&self, leader: bool) {
        self.leader.set(i64::from(leader));
    }

    pub(crate) fn reconcile_error(&self) {
        self.reconcile_errors.inc();
    }

    /// The count for `phase` (tests and logs).
    pub fn finished_count(&self, phase: &str) -> u64 {
        self.finished
            .get_or_create(&PhaseLabel {
                phase: phase.to_owned(),
            })
            .get()
    }
}
