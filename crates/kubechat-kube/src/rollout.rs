//! `rollout history` and `rollout undo`, done like kubectl: for a Deployment, find the
//! ReplicaSet of the target revision and put its pod template back; for a
//! StatefulSet or DaemonSet, find the ControllerRevision of the target
//! revision and apply its stored patch (the controller records each
//! template as a strategic-merge patch with `$patch: replace`).

use kube::api::{Api, DynamicObject, ListParams};
use serde_json::{Value, json};

use crate::executor::MAX_LIST_ITEMS;
use crate::{Error, Result};

pub(crate) const REVISION: &str = "deployment.kubernetes.io/revision";

/// The revision the Deployment controller wrote on an object (a
/// ReplicaSet, or the Deployment itself).
pub(crate) fn deployment_revision(o: &DynamicObject) -> Option<u64> {
    o.metadata.annotations.as_ref()?.get(REVISION)?.parse().ok()
}

/// The pod template to restore and the revision it comes from.
pub(crate) fn pick_revision(
    deployment: &DynamicObject,
    replicasets: &[DynamicObject],
    to: Option<u64>,
) -> Result<(u64, Value)> {
    let name = deployment.metadata.name.clone().unwrap_or_default();
    let owned = owned_revisions(deployment, replicasets, deployment_revision);
    let current = deployment_revision(deployment)
        .or_else(|| owned.first().map(|(r, _)| *r))
        .unwrap_or(0);
    let chosen = choose(&owned, current, to, &format!("deployment {name}"))?;
    let mut template = chosen.1.data["spec"]["template"].clone();
    if let Some(labels) = template["metadata"]["labels"].as_object_mut() {
        labels.remove("pod-template-hash");
    }
    Ok((chosen.0, template))
}

/// The revision to restore: `to`, or the newest one older than `current`;
/// `what` names the object in the refusal ("deployment web").
fn choose<'a>(
    owned: &[(u64, &'a DynamicObject)],
    current: u64,
    to: Option<u64>,
    what: &str,
) -> Result<(u64, &'a DynamicObject)> {
    let refuse = |message: String| Error::Refused {
        verb: "rollout-undo".into(),
        message,
    };
    let found = match to {
        Some(rev) => owned.iter().find(|(r, _)| *r == rev).ok_or_else(|| {
            let listed: Vec<String> = owned.iter().map(|(r, _)| r.to_string()).collect();
            refuse(format!(
                "{what} has no revision {rev}; revisions: {}",
                listed.join(", ")
            ))
        })?,
        None => owned
            .iter()
            .find(|(r, _)| *r < current)
            .ok_or_else(|| refuse(format!("{what} has no previous revision to roll back to")))?,
    };
    Ok(*found)
}

/// Every object of an `apps/v1` history kind (`ReplicaSet`,
/// `ControllerRevision`) in `ns`, bounded.
pub(crate) async fn list_history(
    client: kube::Client,
    ns: &str,
    kind: &str,
    plural: &str,
) -> kube::Result<Vec<DynamicObject>> {
    let ar = kube::discovery::ApiResource::from_gvk_with_plural(
        &kube::api::GroupVersionKind::gvk("apps", "v1", kind),
        plural,
    );
    let api: Api<DynamicObject> = Api::namespaced_with(client, ns, &ar);
    // Every page (a namespace with many old ReplicaSets keeps its newest
    // past the first page), within a bound.
    let mut items = Vec::new();
    let mut params = ListParams::default().limit(MAX_LIST_ITEMS);
    for _ in 0..MAX_HISTORY_PAGES {
        let page = api.list(&params).await?;
        items.extend(page.items);
        match page.metadata.continue_.filter(|c| !c.is_empty()) {
            Some(next) => params = params.continue_token(&next),
            None => break,
        }
    }
    Ok(items)
}

/// Most pages of history read for one remedy.
const MAX_HISTORY_PAGES: usize = 10;

/// The items whose controller is `owner`, with their revision numbers,
/// newest first.
fn owned_revisions<'a>(
    owner: &DynamicObject,
    items: &'a [DynamicObject],
    revision: impl Fn(&DynamicObject) -> Option<u64>,
) -> Vec<(u64, &'a DynamicObject)> {
    let uid = owner.metadata.uid.clone().unwrap_or_default();
    let mut owned: Vec<(u64, &DynamicObject)> = items
        .iter()
        .filter(|o| {
            o.metadata
                .owner_references
                .as_ref()
                .is_some_and(|r| r.iter().any(|r| r.uid == uid && r.controller == Some(true)))
        })
        .filter_map(|o| Some((revision(o)?, o)))
        .collect();
    owned.sort_by_key(|(r, _)| std::cmp::Reverse(*r));
    owned
}

/// The strategic-merge patch replacing the pod template whole (`$patch:
/// replace`), so keys the old template lacks do not linger.
pub(crate) fn restore_patch(mut template: Value) -> Value {
    if let Some(t) = template.as_object_mut() {
        t.insert("$patch".into(), json!("replace"));
    }
    json!({"spec": {"template": template}})
}

/// The patch of the target ControllerRevision owned by `object` (a
/// StatefulSet or DaemonSet) and its revision number: `to`, or the newest
/// revision older than the current (newest) one.
pub(crate) fn pick_controller_revision(
    object: &DynamicObject,
    kind: &str,
    revisions: &[DynamicObject],
    to: Option<u64>,
) -> Result<(u64, Value)> {
    let name = object.metadata.name.clone().unwrap_or_default();
    let kind = kind.to_ascii_lowercase();
    let owned = owned_revisions(object, revisions, |r| r.data["revision"].as_u64());
    let current = owned.first().map_or(0, |(r, _)| *r);
    let chosen = choose(&owned, current, to, &format!("{kind} {name}"))?;
    let patch = chosen.1.data["data"].clone();
    if !patch["spec"]["template"].is_object() {
        return Err(Error::Refused {
            verb: "rollout-undo".into(),
            message: format!(
                "revision {} of {kind} {name} holds no pod template to restore",
                chosen.0
            ),
        });
    }
    Ok((chosen.0, patch))
}

const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";

/// `kubectl rollout history`: the revisions `object` (a Deployment,
/// StatefulSet or DaemonSet of `kind`) owns, oldest first, with their
/// change causes; with `revision`, that revision's pod template. Returns
/// the text and the data.
pub(crate) fn history(
    object: &DynamicObject,
    kind: &str,
    items: &[DynamicObject],
    revision: Option<u64>,
) -> Result<(String, Value)> {
    let name = object.metadata.name.clone().unwrap_or_default();
    let shown = match kind {
        "Deployment" => format!("deployment.apps/{name}"),
        other => format!("{}.apps/{name}", other.to_ascii_lowercase()),
    };
    let mut owned = if kind == "Deployment" {
        owned_revisions(object, items, deployment_revision)
    } else {
        owned_revisions(object, items, |r| r.data["revision"].as_u64())
    };
    owned.reverse();
    let cause = |o: &DynamicObject| {
        o.metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get(CHANGE_CAUSE))
            .cloned()
    };
    let template = |o: &DynamicObject| -> Value {
        if kind == "Deployment" {
            o.data["spec"]["template"].clone()
        } else {
            o.data["data"]["spec"]["template"].clone()
        }
    };
    if let Some(rev) = revision {
        let (_, o) = owned
            .iter()
            .find(|(r, _)| *r == rev)
            .ok_or_else(|| Error::Refused {
                verb: "rollout-history".into(),
                message: format!(
                    "{} {name} has no revision {rev}; revisions: {}",
                    kind.to_ascii_lowercase(),
                    owned
                        .iter()
                        .map(|(r, _)| r.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })?;
        let t = template(o);
        let mut text = format!("{shown} with revision #{rev}\nPod Template:\n");
        if let Some(labels) = t["metadata"]["labels"].as_object() {
            let l: Vec<String> = labels
                .iter()
                .filter(|(k, _)| *k != "pod-template-hash")
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                .collect();
            text.push_str(&format!("  Labels:\t{}\n", l.join(",")));
        }
        if let Some(c) = cause(o) {
            text.push_str(&format!("  Annotations:\t{CHANGE_CAUSE}: {c}\n"));
        }
        text.push_str("  Containers:\n");
        for c in t["spec"]["containers"].as_array().into_iter().flatten() {
            text.push_str(&format!(
                "   {}:\n    Image:\t{}\n",
                c["name"].as_str().unwrap_or_default(),
                c["image"].as_str().unwrap_or_default()
            ));
        }
        return Ok((
            text,
            json!({"revision": rev, "change_cause": cause(o), "template": t}),
        ));
    }
    let mut grid = vec![vec!["REVISION".to_owned(), "CHANGE-CAUSE".to_owned()]];
    let mut rows = Vec::new();
    for (r, o) in &owned {
        let c = cause(o);
        grid.push(vec![
            r.to_string(),
            c.clone().unwrap_or_else(|| "<none>".into()),
        ]);
        rows.push(json!({"revision": r, "change_cause": c}));
    }
    let text = format!("{shown}\n{}", crate::table::align(&grid));
    Ok((text, json!({"revisions": rows})))
}
