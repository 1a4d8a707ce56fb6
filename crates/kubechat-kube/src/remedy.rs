//! Remedies a diagnosis can propose because the evidence determines them:
//! a failed rollout rolled back (or its unpullable image set back), a
//! Service's workload scaled back up, a selector that nearly matches set
//! to the workload's labels, a probe aimed at a port the container does
//! not serve moved to the one it does.
//!
//! Each is a chat request in kubectl syntax, so asking it goes through
//! the same dry-run preview, policy, confirmation and audit as any
//! change. Where the evidence leaves a choice to a person (two
//! candidate workloads, several ports, no healthy earlier revision),
//! nothing is proposed: the finding explains and stops.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Container, Pod, Probe};
use kube::api::DynamicObject;
use kubechat_core::resources::edit_distance;
use serde_json::{Value, json};

use crate::diagnose::Fix;

const DESIRED: &str = "deployment.kubernetes.io/desired-replicas";
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// Most replicas a scale-back proposes; beyond, a person decides.
const MAX_SCALE_BACK: u64 = 50;

fn annotation<'a>(o: &'a DynamicObject, key: &str) -> Option<&'a str> {
    o.metadata
        .annotations
        .as_ref()?
        .get(key)
        .map(String::as_str)
}

/// The ReplicaSets a Deployment controls, with their revisions, newest
/// first.
fn revisions<'a>(
    deployment: &str,
    replicasets: &'a [DynamicObject],
) -> Vec<(u64, &'a DynamicObject)> {
    let mut owned: Vec<(u64, &DynamicObject)> = replicasets
        .iter()
        .filter(|rs| {
            rs.metadata.owner_references.as_ref().is_some_and(|refs| {
                refs.iter().any(|r| {
                    r.kind == "Deployment" && r.name == deployment && r.controller == Some(true)
                })
            })
        })
        .filter_map(|rs| Some((crate::rollout::deployment_revision(rs)?, rs)))
        .collect();
    owned.sort_by_key(|(r, _)| std::cmp::Reverse(*r));
    owned
}

fn image_of(rs: &DynamicObject, container: &str) -> Option<String> {
    rs.data["spec"]["template"]["spec"]["containers"]
        .as_array()?
        .iter()
        .find(|c| c["name"] == container)?["image"]
        .as_str()
        .map(str::to_owned)
}

/// A failed rollout of a Deployment: `pod` belongs to its newest
/// ReplicaSet and crashes (or cannot pull `container`'s image), while the
/// revision before it still has available replicas. A pull failure whose
/// image differs from that revision's sets that image back; a crash rolls
/// back to that revision.
pub(crate) fn rollout_fix(
    pod: &Pod,
    container: &str,
    pull_failure: bool,
    replicasets: &[DynamicObject],
) -> Option<Fix> {
    let ns = pod.metadata.namespace.as_deref()?;
    let rs_name = &pod
        .metadata
        .owner_references
        .as_ref()?
        .iter()
        .find(|o| o.controller == Some(true) && o.kind == "ReplicaSet")?
        .name;
    let hash = pod.metadata.labels.as_ref()?.get("pod-template-hash")?;
    let deployment = rs_name.strip_suffix(&format!("-{hash}"))?;
    let owned = revisions(deployment, replicasets);
    let (newest, current) = owned.first()?;
    if current.metadata.name.as_deref() != Some(rs_name.as_str()) {
        return None;
    }
    let (previous, healthy) = owned.iter().skip(1).find(|(r, _)| r < newest)?;
    let available = healthy.data["status"]["availableReplicas"]
        .as_u64()
        .unwrap_or(0);
    if available == 0 {
        return None;
    }
    // After a restart (only `restartedAt` differs) the earlier revision
    // is the same pods: rolling back would crash the same way.
    let template = |rs: &DynamicObject| {
        let mut t = rs.data["spec"]["template"].clone();
        if let Some(m) = t["metadata"]["annotations"].as_object_mut() {
            m.remove("kubectl.kubernetes.io/restartedAt");
        }
        if let Some(m) = t["metadata"]["labels"].as_object_mut() {
            m.remove("pod-template-hash");
        }
        t
    };
    if template(healthy) == template(current) {
        return None;
    }
    let old_image = image_of(healthy, container)?;
    let new_image = image_of(current, container)?;
    if pull_failure {
        if old_image == new_image {
            return None;
        }
        return Some(Fix {
            request: format!(
                "kubectl set image deployment/{deployment} {container}={old_image} -n {ns}"
            ),
            summary: format!(
                "set the image of deployment/{deployment} container {container} back from {new_image} to {old_image}"
            ),
            why: format!(
                "revision {newest} cannot pull {new_image}, while revision {previous} runs {old_image} with {available} available replica(s)"
            ),
        });
    }
    Some(Fix {
        request: format!(
            "kubectl rollout undo deployment/{deployment} -n {ns} --to-revision={previous}"
        ),
        summary: format!(
            "roll deployment/{deployment} back from revision {newest} to revision {previous} ({old_image})"
        ),
        why: format!(
            "the pods of revision {newest} ({new_image}) keep crashing, while revision {previous} still has {available} available replica(s)"
        ),
    })
}

/// Whether a pod template's labels carry every key and value of a
/// Service's selector.
fn selects(selector: &BTreeMap<String, String>, labels: &Value) -> bool {
    !selector.is_empty()
        && selector
            .iter()
            .all(|(k, v)| labels[k.as_str()].as_str() == Some(v.as_str()))
}

/// The replica count a Deployment scaled to zero had before: its newest
/// ReplicaSet's desired count, else the count last applied with kubectl,
/// else one (and the reason says so).
fn last_count(deployment: &DynamicObject, replicasets: &[DynamicObject]) -> (u64, String) {
    let name = deployment.metadata.name.as_deref().unwrap_or_default();
    let from_rs = revisions(name, replicasets)
        .into_iter()
        .find_map(|(rev, rs)| {
            let n: u64 = annotation(rs, DESIRED)?.parse().ok()?;
            (n > 0).then(|| (n, format!("revision {rev} ran {n}")))
        });
    let applied = || {
        let v: Value = serde_json::from_str(annotation(deployment, LAST_APPLIED)?).ok()?;
        let n = v["spec"]["replicas"].as_u64().filter(|n| *n > 0)?;
        Some((n, format!("its last applied configuration asks for {n}")))
    };
    from_rs.or_else(applied).map_or(
        (
            1,
            "the earlier count is not recorded in the cluster, so one replica".into(),
        ),
        |(n, why)| (n.min(MAX_SCALE_BACK), why),
    )
}

/// A Service that selects no pods: a Deployment it selects is scaled to
/// zero (scale it back), or exactly one workload's pod labels differ from
/// the selector in one value (point the selector at them).
pub(crate) fn service_fix(
    ns: &str,
    service: &str,
    selector: &BTreeMap<String, String>,
    deployments: &[DynamicObject],
    others: &[DynamicObject],
    replicasets: &[DynamicObject],
) -> Option<Fix> {
    let template_labels =
        |d: &DynamicObject| d.data["spec"]["template"]["metadata"]["labels"].clone();
    // A StatefulSet or DaemonSet the selector matches (scaled down, or
    // its pods gone for another reason): not a Deployment's to fix here.
    if others
        .iter()
        .any(|o| selects(selector, &template_labels(o)))
    {
        return None;
    }
    let scaled_down: Vec<&DynamicObject> = deployments
        .iter()
        .filter(|d| {
            d.data["spec"]["replicas"].as_u64() == Some(0) && selects(selector, &template_labels(d))
        })
        .collect();
    if let [d] = scaled_down.as_slice() {
        let name = d.metadata.name.as_deref()?;
        let (n, why) = last_count(d, replicasets);
        return Some(Fix {
            request: format!("kubectl scale deployment/{name} --replicas={n} -n {ns}"),
            summary: format!("scale deployment/{name} from 0 back to {n} replica(s)"),
            why: format!(
                "service {service} routes to deployment {name}'s pods, and {name} is scaled to zero; {why}"
            ),
        });
    }
    if !scaled_down.is_empty() {
        return None;
    }
    // One value off by a typo ("app=fronted" for pods labelled "app=frontend"),
    // in exactly one workload: the selector is the typo.
    let mut near: Vec<(&str, &str, String)> = Vec::new();
    for d in deployments.iter().chain(others) {
        let labels = template_labels(d);
        let mut off = selector
            .iter()
            .filter(|(k, v)| labels[k.as_str()].as_str() != Some(v.as_str()));
        let (Some((key, want)), None) = (off.next(), off.next()) else {
            continue;
        };
        let Some(have) = labels[key.as_str()].as_str() else {
            continue;
        };
        // A typo, not another name: one edit in a value of four to nine
        // characters ("fronted" for "frontend"), two from ten on.
        let limit = match want.len() {
            0..=3 => 0,
            4..=9 => 1,
            _ => 2,
        };
        let close = limit > 0 && edit_distance(want, have) <= limit;
        if close && let Some(name) = d.metadata.name.as_deref() {
            near.push((name, key, have.to_owned()));
        }
    }
    // Exactly one near workload, and a Deployment (StatefulSets and
    // DaemonSets are counted only to see that the choice is not ambiguous).
    let [(workload, key, value)] = near.as_slice() else {
        return None;
    };
    if !deployments
        .iter()
        .any(|d| d.metadata.name.as_deref() == Some(*workload))
    {
        return None;
    }
    let want = selector.get(*key)?;
    let patch = json!({"spec": {"selector": {*key: value}}});
    Some(Fix {
        request: format!("kubectl patch service {service} -n {ns} -p '{patch}'"),
        summary: format!("change service/{service}'s selector {key}={want} to {key}={value}"),
        why: format!(
            "no pod carries {key}={want}; deployment {workload}'s pods carry {key}={value} and match the rest of the selector"
        ),
    })
}

/// The port a probe checks: a number, or a named port looked up in the
/// container's ports (`None` when the name is not declared).
fn probe_port(probe: &Probe, container: &Container) -> Option<Result<i32, String>> {
    use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
    let port = probe
        .http_get
        .as_ref()
        .map(|h| &h.port)
        .or(probe.tcp_socket.as_ref().map(|t| &t.port))?;
    Some(match port {
        IntOrString::Int(n) => Ok(*n),
        IntOrString::String(name) => container
            .ports
            .iter()
            .flatten()
            .find(|p| p.name.as_deref() == Some(name.as_str()))
            .map(|p| p.container_port)
            .ok_or_else(|| name.clone()),
    })
}

/// A readiness or liveness probe aimed at a port the container does not
/// declare, when it declares exactly one: move the probe to that port,
/// in the workload's template.
pub(crate) fn probe_fix(
    pod: &Pod,
    container: &str,
    kind: &str,
    workload: (&str, &str),
    refused: bool,
) -> Option<Fix> {
    // A port need not be declared to be served: only a probe the kubelet
    // reports as refused shows that nothing listens there.
    if !refused {
        return None;
    }
    let ns = pod.metadata.namespace.as_deref()?;
    let c = pod
        .spec
        .as_ref()?
        .containers
        .iter()
        .find(|c| c.name == container)?;
    let (field, probe) = match kind {
        "readiness" => ("readinessProbe", c.readiness_probe.as_ref()?),
        _ => ("livenessProbe", c.liveness_probe.as_ref()?),
    };
    let declared: Vec<i32> = c.ports.iter().flatten().map(|p| p.container_port).collect();
    let [only] = declared.as_slice() else {
        return None;
    };
    let aimed = match probe_port(probe, c)? {
        Ok(n) if n == *only => return None,
        Ok(n) => n.to_string(),
        Err(name) => format!("the undeclared port name {name}"),
    };
    let handler = if probe.http_get.is_some() {
        "httpGet"
    } else {
        "tcpSocket"
    };
    let (kind_word, name) = workload;
    let patch = json!({"spec": {"template": {"spec": {"containers": [
        {"name": container, field: {handler: {"port": only}}}
    ]}}}});
    Some(Fix {
        request: format!("kubectl patch {kind_word} {name} -n {ns} -p '{patch}'"),
        summary: format!(
            "point the {kind} probe of {kind_word}/{name} container {container} at port {only} instead of {aimed}"
        ),
        why: format!(
            "container {container} declares only port {only}, and its {kind} probe checks {aimed}, where nothing listens"
        ),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::rollout::REVISION;

    fn rs(name: &str, rev: u64, image: &str, available: u64, desired: u64) -> DynamicObject {
        serde_json::from_value(json!({
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"name": name, "namespace": "shop",
                "annotations": {REVISION: rev.to_string(), DESIRED: desired.to_string()},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": "u", "controller": true}]},
            "spec": {"template": {"spec": {"containers": [{"name": "app", "image": image}]}}},
            "status": {"availableReplicas": available}
        }))
        .unwrap()
    }

    fn pod_of(rs: &str, hash: &str) -> Pod {
        serde_json::from_value(json!({
            "metadata": {"name": format!("{rs}-abcde"), "namespace": "shop",
                "labels": {"pod-template-hash": hash},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs, "uid": "r", "controller": true}]}
        }))
        .unwrap()
    }

    #[test]
    fn a_failed_rollout_goes_back_to_the_healthy_revision() {
        let history = [
            rs("web-111", 1, "web:1", 0, 3),
            rs("web-222", 2, "web:2", 3, 3),
            rs("web-333", 3, "web:3", 0, 3),
        ];
        let crash = rollout_fix(&pod_of("web-333", "333"), "app", false, &history).unwrap();
        assert_eq!(
            crash.request,
            "kubectl rollout undo deployment/web -n shop --to-revision=2"
        );
        let pull = rollout_fix(&pod_of("web-333", "333"), "app", true, &history).unwrap();
        assert_eq!(
            pull.request,
            "kubectl set image deployment/web app=web:2 -n shop"
        );
        // Not the newest revision, or no healthy one before it: nothing.
        assert!(rollout_fix(&pod_of("web-222", "222"), "app", false, &history).is_none());
        let unhealthy = [
            rs("web-222", 2, "web:2", 0, 3),
            rs("web-333", 3, "web:3", 0, 3),
        ];
        assert!(rollout_fix(&pod_of("web-333", "333"), "app", false, &unhealthy).is_none());
        // A restart (same template) is no rollout to undo.
        let restarted = [
            rs("web-222", 2, "web:3", 3, 3),
            rs("web-333", 3, "web:3", 0, 3),
        ];
        assert!(rollout_fix(&pod_of("web-333", "333"), "app", false, &restarted).is_none());
        // The same image cannot be pulled before either: not a rollout's fault.
        let same = [
            rs("web-222", 2, "web:3", 3, 3),
            rs("web-333", 3, "web:3", 0, 3),
        ];
        assert!(rollout_fix(&pod_of("web-333", "333"), "app", true, &same).is_none());
    }

    fn deployment(name: &str, replicas: u64, labels: Value) -> DynamicObject {
        serde_json::from_value(json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": "shop"},
            "spec": {"replicas": replicas, "template": {"metadata": {"labels": labels}}}
        }))
        .unwrap()
    }

    #[test]
    fn a_service_with_no_pods_gets_its_workload_back_or_its_selector_fixed() {
        let sel: BTreeMap<String, String> = [("app".to_owned(), "web".to_owned())].into();
        let history = [rs("web-222", 2, "web:2", 0, 4)];
        let zero = [
            deployment("web", 0, json!({"app": "web"})),
            deployment("db", 1, json!({"app": "db"})),
        ];
        let fix = service_fix("shop", "web", &sel, &zero, &[], &history).unwrap();
        assert_eq!(
            fix.request,
            "kubectl scale deployment/web --replicas=4 -n shop"
        );
        let fix = service_fix("shop", "web", &sel, &zero, &[], &[]).unwrap();
        assert!(
            fix.request.ends_with("--replicas=1 -n shop"),
            "{}",
            fix.request
        );

        let typo: BTreeMap<String, String> = [("app".to_owned(), "fronted".to_owned())].into();
        let running = [
            deployment("frontend", 2, json!({"app": "frontend"})),
            deployment("db", 1, json!({"app": "db"})),
        ];
        let fix = service_fix("shop", "web", &typo, &running, &[], &[]).unwrap();
        assert_eq!(
            fix.request,
            r#"kubectl patch service web -n shop -p '{"spec":{"selector":{"app":"frontend"}}}'"#
        );
        // Two workloads as near: a person chooses.
        let two = [
            deployment("frontend", 2, json!({"app": "frontend"})),
            deployment("frontend2", 2, json!({"app": "fronten"})),
        ];
        assert!(service_fix("shop", "web", &typo, &two, &[], &[]).is_none());
        // Another name, not a typo ("web-frontend" is not "frontend"), or a
        // StatefulSet the selector matches: no guess.
        let other_name: BTreeMap<String, String> =
            [("app".to_owned(), "web-frontend".to_owned())].into();
        assert!(service_fix("shop", "web", &other_name, &running, &[], &[]).is_none());
        let sts = [deployment("web-db", 0, json!({"app": "fronted"}))];
        assert!(service_fix("shop", "web", &typo, &running, &sts, &[]).is_none());
        // Far from every workload: no guess.
        let far: BTreeMap<String, String> = [("app".to_owned(), "payments".to_owned())].into();
        assert!(service_fix("shop", "web", &far, &running, &[], &[]).is_none());
    }

    #[test]
    fn a_probe_on_an_undeclared_port_moves_to_the_declared_one() {
        let pod = |probe: Value, ports: Value| -> Pod {
            serde_json::from_value(json!({
                "metadata": {"name": "web-1", "namespace": "shop"},
                "spec": {"containers": [{"name": "app", "image": "web:1", "ports": ports, "readinessProbe": probe}]}
            }))
            .unwrap()
        };
        let wrong = pod(
            json!({"httpGet": {"path": "/ready", "port": 8081}}),
            json!([{"containerPort": 8080}]),
        );
        let fix = probe_fix(&wrong, "app", "readiness", ("deployment", "web"), true).unwrap();
        assert_eq!(
            fix.request,
            r#"kubectl patch deployment web -n shop -p '{"spec":{"template":{"spec":{"containers":[{"name":"app","readinessProbe":{"httpGet":{"port":8080}}}]}}}}'"#
        );
        let named = pod(
            json!({"tcpSocket": {"port": "http"}}),
            json!([{"containerPort": 8080, "name": "web"}]),
        );
        assert!(
            probe_fix(&named, "app", "readiness", ("deployment", "web"), true)
                .unwrap()
                .summary
                .contains("undeclared port name http")
        );
        // Without the kubelet saying the connection was refused, an
        // undeclared port may well be served: no fix.
        assert!(probe_fix(&wrong, "app", "readiness", ("deployment", "web"), false).is_none());
        let right = pod(
            json!({"httpGet": {"port": 8080}}),
            json!([{"containerPort": 8080}]),
        );
        assert!(probe_fix(&right, "app", "readiness", ("deployment", "web"), true).is_none());
        let two_ports = pod(
            json!({"httpGet": {"port": 9}}),
            json!([{"containerPort": 8080}, {"containerPort": 9090}]),
        );
        assert!(probe_fix(&two_ports, "app", "readiness", ("deployment", "web"), true).is_none());
    }
}
