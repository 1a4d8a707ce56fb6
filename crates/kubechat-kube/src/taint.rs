//! `kubectl taint`: a node's taints read, changed, and written back whole.
//!
//! A node's taint list has no merge key, so a patch replaces it: the list
//! is read, changed here, and written with the node's `resourceVersion`,
//! so a change made in between is refused by the API server rather than
//! overwritten.

use kube::api::DynamicObject;
use kubechat_core::TaintChange;
use serde_json::{Value, json};

use crate::error::{Error, Result};

/// The merge patch that applies `changes` to `node`'s taints, as kubectl
/// does: adding a taint whose key and effect the node already has needs
/// `overwrite` (its value is replaced); removing one the node does not
/// have is refused, naming it.
pub(crate) fn patch(
    node: &DynamicObject,
    changes: &[TaintChange],
    overwrite: bool,
) -> Result<Value> {
    let name = node.metadata.name.clone().unwrap_or_default();
    let refused = |message: String| Error::Refused {
        verb: "taint".into(),
        message,
    };
    let mut taints: Vec<Value> = node.data["spec"]["taints"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let key_effect = |t: &Value| {
        (
            t["key"].as_str().unwrap_or_default().to_owned(),
            t["effect"].as_str().map(str::to_owned),
        )
    };
    for change in changes {
        if change.remove {
            let before = taints.len();
            taints.retain(|t| {
                let (k, e) = key_effect(t);
                !change.matches(&k, e.as_deref())
            });
            if taints.len() == before {
                let mut shown = change.clone();
                shown.remove = false;
                return Err(refused(format!("node {name} has no taint {shown}")));
            }
            continue;
        }
        let effect = change.effect.map(|e| e.as_str());
        let mut taint = json!({"key": change.key, "effect": effect});
        if let Some(v) = &change.value {
            taint["value"] = json!(v);
        }
        match taints
            .iter()
            .position(|t| key_effect(t) == (change.key.clone(), effect.map(str::to_owned)))
        {
            Some(i) if taints[i]["value"].as_str() == change.value.as_deref() => {}
            Some(i) if overwrite => taints[i] = taint,
            Some(i) => {
                return Err(refused(format!(
                    "node {name} already has taint {}={}:{}; ask to overwrite it to change the value",
                    change.key,
                    taints[i]["value"].as_str().unwrap_or_default(),
                    effect.unwrap_or_default()
                )));
            }
            None => taints.push(taint),
        }
    }
    Ok(json!({
        "metadata": {"resourceVersion": node.metadata.resource_version},
        "spec": {"taints": if taints.is_empty() { Value::Null } else { Value::Array(taints) }},
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(taints: Value) -> DynamicObject {
        serde_json::from_value(json!({
            "apiVersion": "v1",
            "kind": "Node",
            "metadata": {"name": "worker-1", "resourceVersion": "42"},
            "spec": {"taints": taints},
        }))
        .unwrap()
    }

    fn changes(specs: &[&str]) -> Vec<TaintChange> {
        specs
            .iter()
            .map(|s| TaintChange::parse(s).unwrap())
            .collect()
    }

    #[test]
    fn taints_are_added_replaced_and_removed_as_kubectl_does() {
        let n = node(json!([{"key": "a", "value": "1", "effect": "NoSchedule"}]));
        let p = patch(&n, &changes(&["b=2:NoExecute"]), false).unwrap();
        assert_eq!(p["metadata"]["resourceVersion"], "42");
        assert_eq!(p["spec"]["taints"].as_array().unwrap().len(), 2);
        // Same key and effect, new value: only with overwrite.
        let err = patch(&n, &changes(&["a=2:NoSchedule"]), false).unwrap_err();
        assert!(
            err.to_string().contains("already has taint a=1:NoSchedule"),
            "{err}"
        );
        let p = patch(&n, &changes(&["a=2:NoSchedule"]), true).unwrap();
        assert_eq!(p["spec"]["taints"][0]["value"], "2");
        // The same key with another effect is another taint.
        let p = patch(&n, &changes(&["a=1:NoExecute"]), false).unwrap();
        assert_eq!(p["spec"]["taints"].as_array().unwrap().len(), 2);
        // Removing the last taint clears the list.
        let p = patch(&n, &changes(&["a-"]), false).unwrap();
        assert!(p["spec"]["taints"].is_null());
        let err = patch(&n, &changes(&["a:NoExecute-"]), false).unwrap_err();
        assert!(
            err.to_string().contains("has no taint a:NoExecute"),
            "{err}"
        );
    }
}
