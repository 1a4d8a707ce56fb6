//! Broken workloads on the real API server, as "fix the broken workload"
//! benchmark tasks pose them. The test kit runs no controllers and no
//! kubelet, so the ReplicaSets a Deployment controller would make, the
//! pods they would own and the statuses and events a kubelet would write
//! are written here as they would have left them.

use anyhow::{Context, Result};
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::core::v1::{Event, Pod, Service};
use kube::api::{Api, Patch, PatchParams, PostParams};
use serde_json::{Value, json};

fn from<T: k8s_openapi::serde::de::DeserializeOwned>(v: Value) -> Result<T> {
    serde_json::from_value(v).context("a valid object")
}

/// One namespace's broken workloads, written as `admin`.
#[derive(Clone)]
pub struct Scene {
    pub admin: kube::Client,
    pub ns: String,
}

impl std::fmt::Debug for Scene {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scene")
            .field("ns", &self.ns)
            .finish_non_exhaustive()
    }
}

impl Scene {
    pub fn new(admin: kube::Client, ns: &str) -> Self {
        Self {
            admin,
            ns: ns.to_owned(),
        }
    }

    /// A Deployment at `revision` whose pods carry `labels`, with one
    /// container.
    pub async fn deployment(
        &self,
        name: &str,
        replicas: i32,
        labels: &Value,
        container: &Value,
        revision: u64,
    ) -> Result<Deployment> {
        Ok(Api::<Deployment>::namespaced(self.admin.clone(), &self.ns)
            .create(&PostParams::default(), &from(json!({
                "metadata": {"name": name, "annotations": {"deployment.kubernetes.io/revision": revision.to_string()}},
                "spec": {"replicas": replicas, "selector": {"matchLabels": labels},
                         "template": {"metadata": {"labels": labels}, "spec": {"containers": [container]}}}
            }))?)
            .await?)
    }

    /// The ReplicaSet the Deployment controller would have made for one
    /// revision of Deployment `name`, with `available` replicas of the
    /// `desired` it ran. Returns its name.
    pub async fn revision(
        &self,
        name: &str,
        hash: &str,
        rev: u64,
        container: &Value,
        (available, desired): (i32, i32),
    ) -> Result<String> {
        let d = Api::<Deployment>::namespaced(self.admin.clone(), &self.ns)
            .get(name)
            .await?;
        let rs = format!("{name}-{hash}");
        let mut labels = d.spec.selector.match_labels.clone().unwrap_or_default();
        labels.insert("pod-template-hash".into(), hash.into());
        let api = Api::<ReplicaSet>::namespaced(self.admin.clone(), &self.ns);
        api.create(&PostParams::default(), &from(json!({
            "metadata": {"name": rs, "labels": labels,
                "annotations": {"deployment.kubernetes.io/revision": rev.to_string(),
                                "deployment.kubernetes.io/desired-replicas": desired.to_string()},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": name,
                                     "uid": d.metadata.uid, "controller": true}]},
            "spec": {"replicas": available, "selector": {"matchLabels": labels},
                     "template": {"metadata": {"labels": labels}, "spec": {"containers": [container]}}}
        }))?)
        .await?;
        api.patch_status(
            &rs,
            &PatchParams::default(),
            &Patch::Merge(json!({"status": {
            "replicas": available, "availableReplicas": available, "readyReplicas": available}})),
        )
        .await?;
        Ok(rs)
    }

    /// A pod of ReplicaSet `rs` (its labels), named `rs-suffix`, with
    /// `status`. Returns its name.
    pub async fn pod(
        &self,
        rs: &str,
        suffix: &str,
        container: &Value,
        status: Value,
    ) -> Result<String> {
        let owner = Api::<ReplicaSet>::namespaced(self.admin.clone(), &self.ns)
            .get(rs)
            .await?;
        let name = format!("{rs}-{suffix}");
        let api = Api::<Pod>::namespaced(self.admin.clone(), &self.ns);
        api.create(
            &PostParams::default(),
            &from(json!({
                "metadata": {"name": name, "labels": owner.metadata.labels,
                    "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs,
                                         "uid": owner.metadata.uid, "controller": true}]},
                "spec": {"containers": [container]}
            }))?,
        )
        .await?;
        api.patch_status(
            &name,
            &PatchParams::default(),
            &Patch::Merge(json!({"status": status})),
        )
        .await?;
        Ok(name)
    }

    /// A Service selecting `selector`.
    pub async fn service(&self, name: &str, selector: &Value) -> Result<()> {
        Api::<Service>::namespaced(self.admin.clone(), &self.ns)
            .create(
                &PostParams::default(),
                &from(json!({
                    "metadata": {"name": name},
                    "spec": {"selector": selector, "ports": [{"port": 80, "targetPort": 8080}]}
                }))?,
            )
            .await?;
        Ok(())
    }

    /// What the kubelet reports about `pod` (a Warning, repeated).
    pub async fn event(&self, pod: &str, reason: &str, message: &str) -> Result<()> {
        Api::<Event>::namespaced(self.admin.clone(), &self.ns)
            .create(&PostParams::default(), &from(json!({
                "metadata": {"name": format!("{pod}.{}", reason.to_ascii_lowercase())},
                "involvedObject": {"kind": "Pod", "name": pod, "namespace": self.ns},
                "reason": reason, "message": message, "type": "Warning", "count": 12,
                "firstTimestamp": "2026-11-22T10:00:00Z", "lastTimestamp": "2026-11-22T10:05:00Z",
                "source": {"component": "kubelet"}
            }))?)
            .await?;
        Ok(())
    }
}

/// A container `app` running `image`.
pub fn app(image: &str) -> Value {
    json!({"name": "app", "image": image})
}

/// A pod whose container `app` waits for `reason`, after `last`.
pub fn waiting(reason: &str, last: Value) -> Value {
    json!({"phase": "Running", "containerStatuses": [{
        "name": "app", "ready": false, "restartCount": 6, "image": "x", "imageID": "",
        "state": {"waiting": {"reason": reason, "message": "failing"}}, "lastState": last}]})
}

/// A pod crash-looping, its last run ended by `reason` with `code`.
pub fn crashed(reason: &str, code: i32) -> Value {
    waiting(
        "CrashLoopBackOff",
        json!({"terminated": {"reason": reason, "exitCode": code,
            "startedAt": "2026-11-22T10:00:00Z", "finishedAt": "2026-11-22T10:00:05Z"}}),
    )
}
