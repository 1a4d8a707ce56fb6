//! `top` against a real API server that serves `metrics.k8s.io`.
//!
//! metrics-server needs kubelets to scrape, which the test kit cannot run,
//! so the API server itself serves the metrics group: CustomResource
//! definitions for `PodMetrics` and `NodeMetrics` in `metrics.k8s.io/v1beta1`,
//! with objects shaped exactly like metrics-server's. The executor finds
//! the group through discovery and reads it as the impersonated user, as it
//! would from metrics-server. A test binary of its own: the CRDs are
//! cluster-wide and would make the "metrics-server is not installed" test
//! of the other binary see a metrics API.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding, Role, RoleBinding};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::Api;
use kube::api::{ApiResource, DynamicObject, GroupVersionKind, PostParams};
use kubechat_core::{SystemClock, kubectl};
use kubechat_kube::{Actor, Executor};
use kubechat_testkit::{ControlPlane, Identity};
use serde_json::{Value, json};

async fn create<K>(api: &Api<K>, body: Value)
where
    K: kube::Resource + Clone + serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug,
{
    api.create(
        &PostParams::default(),
        &serde_json::from_value(body).unwrap(),
    )
    .await
    .unwrap();
}

fn metrics_crd(plural: &str, kind: &str, scope: &str) -> Value {
    json!({
        "metadata": {
            "name": format!("{plural}.metrics.k8s.io"),
            // The group is protected; this stand-in says it is not the real one.
            "annotations": {"api-approved.kubernetes.io": "unapproved, test stand-in for metrics-server"}
        },
        "spec": {
            "group": "metrics.k8s.io",
            "scope": scope,
            "names": {"plural": plural, "kind": kind},
            "versions": [{"name": "v1beta1", "served": true, "storage": true,
                "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}]
        }
    })
}

#[tokio::test]
async fn top_reads_the_metrics_api_as_the_impersonated_user() {
    let cp = ControlPlane::shared().await.unwrap();
    let ns = cp.namespace().await.unwrap().name;
    let admin = cp.client(Identity::Admin).await.unwrap();
    let crds: Api<CustomResourceDefinition> = Api::all(admin.clone());
    create(&crds, metrics_crd("pods", "PodMetrics", "Namespaced")).await;
    create(&crds, metrics_crd("nodes", "NodeMetrics", "Cluster")).await;

    let gvk = |kind| GroupVersionKind::gvk("metrics.k8s.io", "v1beta1", kind);
    let pod_metrics: Api<DynamicObject> = Api::namespaced_with(
        admin.clone(),
        &ns,
        &ApiResource::from_gvk_with_plural(&gvk("PodMetrics"), "pods"),
    );
    let node_metrics: Api<DynamicObject> = Api::all_with(
        admin.clone(),
        &ApiResource::from_gvk_with_plural(&gvk("NodeMetrics"), "nodes"),
    );
    let pod = |name: &str, cpu: &str, mem: &str| {
        json!({
            "apiVersion": "metrics.k8s.io/v1beta1", "kind": "PodMetrics",
            "metadata": {"name": name, "labels": {"app": "web"}},
            "timestamp": "2026-11-23T10:00:00Z", "window": "30s",
            "containers": [
                {"name": "app", "usage": {"cpu": cpu, "memory": mem}},
                {"name": "proxy", "usage": {"cpu": "1m", "memory": "8Mi"}}
            ]
        })
    };
    // The CRDs become servable shortly after they are created.
    for attempt in 0.. {
        let made = pod_metrics
            .create(
                &PostParams::default(),
                &serde_json::from_value(pod("web-1", "120m", "180Mi")).unwrap(),
            )
            .await;
        match made {
            Ok(_) => break,
            Err(e) if attempt < 100 => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("metrics CRD never served: {e}"),
        }
    }
    // metrics-server writes CPU in nanocores.
    create(&pod_metrics, pod("web-2", "5000000n", "300Mi")).await;
    let node = format!("node-{ns}");
    create(
        &node_metrics,
        json!({
            "apiVersion": "metrics.k8s.io/v1beta1", "kind": "NodeMetrics",
            "metadata": {"name": node},
            "timestamp": "2026-11-23T10:00:00Z", "window": "30s",
            "usage": {"cpu": "250m", "memory": "1536Mi"}
        }),
    )
    .await;

    // alice may read pod metrics in this namespace and node metrics.
    let roles: Api<Role> = Api::namespaced(admin.clone(), &ns);
    create(
        &roles,
        json!({"metadata": {"name": "metrics-reader"},
               "rules": [{"apiGroups": ["metrics.k8s.io"], "resources": ["pods"], "verbs": ["get", "list"]},
                         {"apiGroups": [""], "resources": ["pods"], "verbs": ["list"]}]}),
    )
    .await;
    let bindings: Api<RoleBinding> = Api::namespaced(admin.clone(), &ns);
    create(
        &bindings,
        json!({"metadata": {"name": "alice-metrics"},
               "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "metrics-reader"},
               "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "alice"}]}),
    )
    .await;
    let cluster_roles: Api<ClusterRole> = Api::all(admin.clone());
    create(
        &cluster_roles,
        json!({"metadata": {"name": format!("node-metrics-{ns}")},
               "rules": [{"apiGroups": ["metrics.k8s.io"], "resources": ["nodes"], "verbs": ["get", "list"]}]}),
    )
    .await;
    let cluster_bindings: Api<ClusterRoleBinding> = Api::all(admin.clone());
    create(
        &cluster_bindings,
        json!({"metadata": {"name": format!("alice-node-metrics-{ns}")},
               "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": format!("node-metrics-{ns}")},
               "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "alice"}]}),
    )
    .await;

    let ex = Executor::new(
        cp.kube_config(Identity::Admin).await.unwrap(),
        Arc::new(SystemClock),
    )
    .unwrap();
    let alice = Actor::new("alice", ["developers"]).unwrap();
    let op = |line: &str| kubectl::parse(line).unwrap();
    let top_pods = op(&format!("kubectl top pods -n {ns} -l app=web"));
    let mut out = None;
    for _ in 0..100 {
        match ex.read(&alice, &top_pods, &ns).await {
            Ok(o) => {
                out = Some(o);
                break;
            }
            // RBAC caches take the new bindings shortly.
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    let out = out.expect("top pods works once RBAC has caught up");
    let lines: Vec<&str> = out.text.lines().collect();
    assert!(lines[0].starts_with("NAME"), "{}", out.text);
    assert!(lines[0].contains("CPU(cores)") && lines[0].contains("MEMORY(bytes)"));
    // Each pod's containers added up, shown as kubectl shows them.
    let row = |text: &str, name: &str| -> Vec<String> {
        text.lines()
            .find(|l| l.starts_with(name))
            .map(|l| l.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default()
    };
    assert_eq!(
        row(&out.text, "web-1"),
        ["web-1", "121m", "188Mi"],
        "{}",
        out.text
    );
    assert_eq!(
        row(&out.text, "web-2"),
        ["web-2", "6m", "308Mi"],
        "{}",
        out.text
    );
    // Ordered by usage, highest first.
    for (by, top) in [("cpu", "web-1"), ("memory", "web-2")] {
        let line = format!("kubectl top pods -n {ns} -l app=web --sort-by={by}");
        let sorted = ex.read(&alice, &op(&line), &ns).await.unwrap();
        assert_eq!(sorted.kubectl, line);
        let first = sorted.text.lines().nth(1).unwrap_or_default();
        assert!(first.starts_with(top), "{by}: {}", sorted.text);
    }
    assert_eq!(out.summary, format!("usage of 2 pods in namespace {ns}"));

    let one = ex
        .read(&alice, &op(&format!("kubectl top pod web-2 -n {ns}")), &ns)
        .await
        .unwrap();
    assert_eq!(one.text.lines().count(), 2, "{}", one.text);

    let nodes = ex
        .read(&alice, &op(&format!("kubectl top node {node}")), &ns)
        .await
        .unwrap();
    assert!(
        nodes.text.contains(&node) && nodes.text.contains("250m") && nodes.text.contains("1536Mi"),
        "{}",
        nodes.text
    );

    // "top pods on node X": the metrics API selects by name only, so the
    // pods on the node are listed first and only their usage is shown.
    // The pods are bound to nodes by name (no kubelet runs them; their
    // objects are enough).
    let pods: Api<k8s_openapi::api::core::v1::Pod> = Api::namespaced(admin.clone(), &ns);
    for (name, on) in [("web-1", node.clone()), ("web-2", format!("other-{ns}"))] {
        create(
            &pods,
            json!({"metadata": {"name": name, "labels": {"app": "web"}},
                   "spec": {"nodeName": on, "containers": [{"name": "app", "image": "registry.k8s.io/pause:3.9"}]}}),
        )
        .await;
    }
    let line = format!("kubectl top pods -n {ns} --field-selector=spec.nodeName={node}");
    let on_node = ex.read(&alice, &op(&line), &ns).await.unwrap();
    assert_eq!(on_node.kubectl, line);
    assert!(on_node.text.contains("web-1"), "{}", on_node.text);
    assert!(!on_node.text.contains("web-2"), "{}", on_node.text);
    assert_eq!(
        on_node.summary,
        format!("usage of 1 pods in namespace {ns}")
    );
    // A node's usage is not narrowed by a field.
    assert!(
        kubectl::parse(&format!(
            "kubectl top nodes --field-selector=metadata.name={node}"
        ))
        .is_err()
    );

    let bob = Actor::new("bob", ["developers"]).unwrap();
    let err = ex.read(&bob, &top_pods, &ns).await.unwrap_err();
    assert!(
        err.to_string()
            .starts_with("bob is not allowed to list pods.metrics.k8s.io in namespace"),
        "{err}"
    );
}
