//! Leader election on a `coordination.k8s.io/v1` Lease: one operator
//! replica reconciles, the others wait to take over. Every write carries
//! the resourceVersion read, so two replicas racing for an expired lease
//! cannot both win. (Executing a command is also claimed per command, so
//! even a leader that lost its lease mid-run cannot run one twice.)

use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::coordination::v1::{Lease, LeaseSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::MicroTime;
use kube::api::{Api, ObjectMeta, PostParams};
use kubechat_core::Clock;

/// One replica's handle on the lease.
pub struct LeaderLease {
    api: Api<Lease>,
    name: String,
    holder: String,
    duration: Duration,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for LeaderLease {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LeaderLease")
            .field("name", &self.name)
            .field("holder", &self.holder)
            .finish()
    }
}

fn micro(clock: &dyn Clock) -> MicroTime {
    MicroTime(crate::timestamp(clock))
}

impl LeaderLease {
    /// `name` in `namespace`, held as `holder` for `duration` per renewal.
    pub fn new(
        client: kube::Client,
        namespace: &str,
        name: &str,
        holder: &str,
        duration: Duration,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            api: Api::namespaced(client, namespace),
            name: name.to_owned(),
            holder: holder.to_owned(),
            duration,
            clock,
        }
    }

    /// How often a holder renews (a third of the duration).
    pub fn renew_every(&self) -> Duration {
        self.duration / 3
    }

    /// Creates the lease, renews it when ours, or takes it when its
    /// holder stopped renewing. True while this replica holds it.
    pub async fn acquire_or_renew(&self) -> Result<bool, kube::Error> {
        let seconds = i32::try_from(self.duration.as_secs())
            .unwrap_or(i32::MAX)
            .max(1);
        let now = micro(self.clock.as_ref());
        let Some(current) = self.api.get_opt(&self.name).await? else {
            let lease = Lease {
                metadata: ObjectMeta {
                    name: Some(self.name.clone()),
                    ..ObjectMeta::default()
                },
                spec: Some(LeaseSpec {
                    holder_identity: Some(self.holder.clone()),
                    lease_duration_seconds: Some(seconds),
                    acquire_time: Some(now.clone()),
                    renew_time: Some(now),
                    lease_transitions: Some(0),
                    ..LeaseSpec::default()
                }),
            };
            return match self.api.create(&PostParams::default(), &lease).await {
                Ok(_) => Ok(true),
                Err(kube::Error::Api(e)) if e.code == 409 => Ok(false),
                Err(e) => Err(e),
            };
        };
        let spec = current.spec.clone().unwrap_or_default();
        let ours = spec.holder_identity.as_deref() == Some(self.holder.as_str());
        let expired = match (&spec.renew_time, spec.lease_duration_seconds) {
            (Some(t), Some(d)) => t.0.as_second().saturating_add(i64::from(d)) < now.0.as_second(),
            _ => true,
        };
        if !ours && !expired {
            return Ok(false);
        }
        let mut next = current.clone();
        let mut s = spec;
        if !ours {
            s.holder_identity = Some(self.holder.clone());
            s.acquire_time = Some(now.clone());
            s.lease_transitions = Some(s.lease_transitions.unwrap_or(0) + 1);
        }
        s.renew_time = Some(now);
        s.lease_duration_seconds = Some(seconds);
        next.spec = Some(s);
        // The resourceVersion read makes this a compare-and-swap.
        match self
            .api
            .replace(&self.name, &PostParams::default(), &next)
            .await
        {
            Ok(_) => Ok(true),
            Err(kube::Error::Api(e)) if e.code == 409 => Ok(false),
            Err(e) => Err(e),
        }
    }
}
