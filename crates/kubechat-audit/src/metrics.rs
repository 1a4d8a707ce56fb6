//! The audit crate's metrics; the server registers them in its registry.

use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

/// Labels of `audit_export_events_total`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ExportLabels {
    pub sink: String,
    /// `delivered` or `failed`.
    pub result: String,
}

/// Labels of `audit_export_lag_seconds`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct SinkLabel {
    pub sink: String,
}

/// Every audit metric; cheap to clone (shared counters inside).
#[derive(Debug, Clone, Default)]
pub struct AuditMetrics {
    /// `audit_events_ingested_total`: events committed to the chain.
    pub ingested: Counter,
    /// `audit_write_failures_total`: events that could not be committed.
    pub write_failures: Counter,
    /// `audit_unaudited_reads_total`: reads that ran while the audit log
    /// could not be written (only when configured to allow it).
    pub unaudited_reads: Counter,
    /// `audit_export_events_total{sink,result}`.
    pub exported: Family<ExportLabels, Counter>,
    /// `audit_export_lag_seconds{sink}`: age of the oldest event not yet
    /// delivered (0 when caught up).
    pub export_lag: Family<SinkLabel, Gauge<f64, AtomicU64>>,
    /// `audit_checkpoints_total`: signed checkpoints written.
    pub checkpoints: Counter,
    /// `audit_checkpoint_timestamp_seconds`: when the last checkpoint was
    /// written and delivered (alert when it stops moving).
    pub last_checkpoint: Gauge<f64, AtomicU64>,
}

impl AuditMetrics {
    /// Adds every metric to `registry`.
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "audit_events_ingested",
            "Audit events committed to the hash chain",
            self.ingested.clone(),
        );
        registry.register(
            "audit_write_failures",
            "Audit events that could not be committed (mutations refused)",
            self.write_failures.clone(),
        );
        registry.register(
            "audit_unaudited_reads",
            "Reads served while the audit log could not be written",
            self.unaudited_reads.clone(),
        );
        registry.register(
            "audit_export_events",
            "Audit events handed to a SIEM sink, by sink and result",
            self.exported.clone(),
        );
        registry.register(
            "audit_export_lag_seconds",
            "Age of the oldest audit event not yet delivered to the sink",
            self.export_lag.clone(),
        );
        registry.register(
            "audit_checkpoints",
            "Signed audit checkpoints written",
            self.checkpoints.clone(),
        );
        registry.register(
            "audit_checkpoint_timestamp_seconds",
            "Unix time of the last signed audit checkpoint written and delivered",
            self.last_checkpoint.clone(),
        );
    }

    pub(crate) fn export(&self, sink: &str, result: &str, n: usize) {
        self.exported
            .get_or_create(&ExportLabels {
                sink: sink.to_owned(),
                result: result.to_owned(),
            })
            .inc_by(n as u64);
    }

    pub(crate) fn lag(&self, sink: &str, seconds: f64) {
        self.export_lag
            .get_or_create(&SinkLabel {
                sink: sink.to_owned(),
            })
            .set(seconds);
    }
}
