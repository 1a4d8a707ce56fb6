//! `rollout undo` for Deployments, done like kubectl: find the ReplicaSet
//! of the target revision and put its pod template back.

use kube::api::{Api, DynamicObject, ListParams};
use serde_json::{Value, json};

use crate::executor::MAX_LIST_ITEMS;
use crate::{Error, Result};

const REVISION: &str = "deployment.kubernetes.io/revision";

/// The pod template to restore and the revision it comes from.
pub(crate) fn pick_revision(
    deployment: &DynamicObject,
    replicasets: &[DynamicObject],
    to: Option<u64>,
) -> Result<(u64, Value)> {
    let uid = deployment.metadata.uid.clone().unwrap_or_default();
    let name = deployment.metadata.name.clone().unwrap_or_default();
    let mut owned: Vec<(u64, &DynamicObject)> = replicasets
        .iter()
        .filter(|rs| {
            rs.metadata
                .owner_references
                .as_ref()
                .is_some_and(|o| o.iter().any(|r| r.uid == uid && r.controller == Some(true)))
        })
        .filter_map(|rs| {
            let rev = rs
                .metadata
                .annotations
                .as_ref()?
                .get(REVISION)?
                .parse()
                .ok()?;
            Some((rev, rs))
        })
        .collect();
    owned.sort_by_key(|(r, _)| std::cmp::Reverse(*r));
    let current = deployment
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(REVISION))
        .and_then(|r| r.parse::<u64>().ok())
        .or_else(|| owned.first().map(|(r, _)| *r))
        .unwrap_or(0);
    let chosen = match to {
        Some(rev) => owned
            .iter()
            .find(|(r, _)| *r == rev)
            .ok_or_else(|| Error::Refused {
                verb: "rollout-undo".into(),
                message: format!(
                    "deployment {name} has no revision {rev}; revisions: {}",
                    owned
                        .iter()
                        .map(|(r, _)| r.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })?,
        None => owned
            .iter()
            .find(|(r, _)| *r < current)
            .ok_or_else(|| Error::Refused {
                verb: "rollout-undo".into(),
                message: format!("deployment {name} has no previous revision to roll back to"),
            })?,
    };
    let mut template = chosen.1.data["spec"]["template"].clone();
    if let Some(labels) = template["metadata"]["labels"].as_object_mut() {
        labels.remove("pod-template-hash");
    }
    Ok((chosen.0, template))
}

pub(crate) async fn list_replicasets(
    client: kube::Client,
    ns: &str,
) -> kube::Result<Vec<DynamicObject>> {
    let ar = kube::discovery::ApiResource::from_gvk_with_plural(
        &kube::api::GroupVersionKind::gvk("apps", "v1", "ReplicaSet"),
        "replicasets",
    );
    let api: Api<DynamicObject> = Api::namespaced_with(client, ns, &ar);
    Ok(api
        .list(&ListParams::default().limit(MAX_LIST_ITEMS))
        .await?
        .items)
}

/// The strategic-merge patch replacing the pod template whole (`$patch:
/// replace`), so keys the old template lacks do not linger.
pub(crate) fn restore_patch(mut template: Value) -> Value {
    if let Some(t) = template.as_object_mut() {
        t.insert("$patch".into(), json!("replace"));
    }
    json!({"spec": {"template": template}})
}
