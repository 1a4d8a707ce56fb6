//! What `drain` evicts and what `expose` creates, decided the way kubectl
//! decides it.

use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, DynamicObject, ListParams};
use kubechat_core::Params;
use serde_json::{Value, json};

use crate::error::Attempt;
use crate::executor::MAX_TARGETS;
use crate::{Actor, Error, Result};

const MIRROR: &str = "kubernetes.io/config.mirror";

fn refuse(message: String) -> Error {
    Error::Refused {
        verb: "drain".into(),
        message,
    }
}

/// The pods a drain of `node` evicts, as (namespace, name). Like kubectl:
/// mirror pods are skipped; DaemonSet pods stop the drain unless
/// `ignore_daemonsets` (then they are skipped); pods with emptyDir data
/// stop it unless `delete_emptydir_data`; pods no controller would
/// recreate stop it unless `force` (then they are evicted, and gone).
pub(crate) async fn pods_to_evict(
    client: kube::Client,
    actor: &Actor,
    node: &str,
    params: &Params,
) -> Result<Vec<(String, String)>> {
    let pods: Api<Pod> = Api::all(client);
    let lp = ListParams::default()
        .fields(&format!("spec.nodeName={node}"))
        .limit(500);
    let list = pods.list(&lp).await.map_err(|e| {
        Attempt {
            user: &actor.user,
            verb: "list",
            resource: "pods",
            name: None,
            namespace: None,
        }
        .fail(e)
    })?;
    let (mut daemon, mut local, mut unmanaged, mut evict) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for p in list.items {
        let ns = p.metadata.namespace.clone().unwrap_or_default();
        let name = p.metadata.name.clone().unwrap_or_default();
        let shown = format!("{ns}/{name}");
        let phase = p
            .status
            .as_ref()
            .and_then(|s| s.phase.clone())
            .unwrap_or_default();
        if p.metadata
            .annotations
            .as_ref()
            .is_some_and(|a| a.contains_key(MIRROR))
            || matches!(phase.as_str(), "Succeeded" | "Failed")
        {
            continue;
        }
        let controller = p
            .metadata
            .owner_references
            .as_ref()
            .and_then(|o| o.iter().find(|r| r.controller == Some(true)).cloned());
        match &controller {
            Some(c) if c.kind == "DaemonSet" => {
                if !params.ignore_daemonsets {
                    daemon.push(shown);
                }
                continue;
            }
            None if !params.force => unmanaged.push(shown.clone()),
            None => {}
            Some(_) => {}
        }
        let empty_dir = p
            .spec
            .as_ref()
            .and_then(|s| s.volumes.as_ref())
            .is_some_and(|v| v.iter().any(|v| v.empty_dir.is_some()));
        if empty_dir && !params.delete_emptydir_data {
            local.push(shown.clone());
        }
        evict.push((ns, name));
    }
    if !daemon.is_empty() {
        return Err(refuse(format!(
            "node {node} runs DaemonSet pods ({}); ask to ignore DaemonSets to drain it anyway",
            daemon.join(", ")
        )));
    }
    if !unmanaged.is_empty() {
        return Err(refuse(format!(
            "pods not managed by a controller would be lost for good ({}); ask to force the drain (kubectl drain --force) to evict them anyway, or delete them first",
            unmanaged.join(", ")
        )));
    }
    if !local.is_empty() {
        return Err(refuse(format!(
            "pods with emptyDir data would lose it ({}); ask to delete emptyDir data to drain anyway",
            local.join(", ")
        )));
    }
    if evict.len() > MAX_TARGETS {
        return Err(Error::TooMany {
            what: format!("drain {node}"),
            count: evict.len(),
            max: MAX_TARGETS,
        });
    }
    Ok(evict)
}

/// The Service `expose` creates for `obj` of `kind`: same name and
/// namespace, selecting what the workload selects.
pub(crate) fn service_for(obj: &DynamicObject, kind: &str, params: &Params) -> Result<Value> {
    let port = params.port.unwrap_or(80);
    let selector = match kind {
        "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" => {
            obj.data["spec"]["selector"]["matchLabels"].clone()
        }
        "Service" => obj.data["spec"]["selector"].clone(),
        "Pod" => serde_json::to_value(&obj.metadata.labels).unwrap_or(Value::Null),
        other => {
            return Err(Error::Unsupported {
                what: format!("exposing a {other}"),
            });
        }
    };
    if selector.as_object().is_none_or(|m| m.is_empty()) {
        return Err(Error::Refused {
            verb: "expose".into(),
            message: format!(
                "{} has no labels to select its pods by",
                obj.metadata.name.clone().unwrap_or_default()
            ),
        });
    }
    // Named as asked (`--name`), else after the object, as kubectl does.
    let name = params
        .service_name
        .as_ref()
        .map(|n| n.as_str().to_owned())
        .or_else(|| obj.metadata.name.clone());
    let mut spec = json!({"selector": selector, "ports": [{"port": port, "targetPort": params.target_port.unwrap_or(port), "protocol": "TCP"}]});
    if let Some(t) = params.service_type {
        spec["type"] = json!(t.as_str());
    }
    Ok(json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": name, "namespace": obj.metadata.namespace},
        "spec": spec
    }))
}

/// The Job `kubectl create job NAME --from=cronjob/CRONJOB` makes: the
/// CronJob's job template (its labels, annotations and spec) under the
/// new name, marked as started by hand
/// (`cronjob.kubernetes.io/instantiate: manual`, as kubectl marks it) and
/// owned by the CronJob, so it is listed and cleaned up with the
/// CronJob's own runs.
pub(crate) fn job_from_cronjob(cronjob: &DynamicObject, name: &str) -> Result<Value> {
    let cj_name = cronjob.metadata.name.clone().unwrap_or_default();
    let template = &cronjob.data["spec"]["jobTemplate"];
    if !template["spec"].is_object() {
        return Err(Error::Refused {
            verb: "create".into(),
            message: format!("cronjob {cj_name} has no job template to run"),
        });
    }
    let mut annotations = template["metadata"]["annotations"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    annotations.insert("cronjob.kubernetes.io/instantiate".into(), json!("manual"));
    let mut metadata = json!({
        "name": name,
        "namespace": cronjob.metadata.namespace,
        "annotations": annotations,
    });
    if let Some(labels) = template["metadata"]["labels"].as_object() {
        metadata["labels"] = json!(labels);
    }
    if let Some(uid) = &cronjob.metadata.uid {
        metadata["ownerReferences"] = json!([{
            "apiVersion": "batch/v1",
            "kind": "CronJob",
            "name": cj_name,
            "uid": uid,
            "controller": true,
            "blockOwnerDeletion": true,
        }]);
    }
    Ok(json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": metadata,
        "spec": template["spec"],
    }))
}
