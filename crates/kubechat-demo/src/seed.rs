//! What the demo cluster holds at start: a shop with one healthy, one
//! crash-looping, one unpullable and one memory-starved (OOMKilled)
//! deployment and a pending job pod, a
//! healthy payments namespace, two nodes, services and events.

use serde_json::{Value, json};

use crate::Store;

fn meta(store: &Store, name: &str, ns: Option<&str>, labels: Value, age: i64) -> Value {
    let mut m = json!({"name": name, "labels": labels, "creationTimestamp": store.ago(age)});
    if let Some(ns) = ns {
        m["namespace"] = json!(ns);
    }
    m
}

fn put(store: &Store, resource: &str, obj: Value) {
    if let Err(e) = store.put(resource, obj) {
        tracing::warn!(error = %e, "demo seed object refused");
    }
}

fn deployment(store: &Store, ns: &str, name: &str, image: &str, want: i64, available: i64) {
    let containers = json!([{"name": "app", "image": image}]);
    deployment_of(store, ns, name, &containers, want, available);
}

fn pod(
    store: &Store,
    ns: &str,
    name: &str,
    app: &str,
    image: &str,
    node: Option<&str>,
    status: Value,
) {
    put(
        store,
        "pods",
        json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": meta(store, name, Some(ns), json!({"app": app}), 3600 * 5),
            "spec": {
                "nodeName": node,
                "containers": [{"name": "app", "image": image, "resources": {"limits": {"memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}}}]
            },
            "status": status
        }),
    );
}

fn running(store: &Store, ip: &str) -> Value {
    json!({
        "phase": "Running", "podIP": ip,
        "conditions": [{"type": "Ready", "status": "True"}],
        "containerStatuses": [{"name": "app", "ready": true, "restartCount": 0, "image": "", "imageID": "",
            "state": {"running": {"startedAt": store.ago(3600 * 5)}}}]
    })
}

fn service(store: &Store, ns: &str, name: &str, ip: &str, port: i64) {
    put(
        store,
        "services",
        json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": meta(store, name, Some(ns), json!({"app": name}), 86_400 * 3),
            "spec": {"type": "ClusterIP", "clusterIP": ip, "selector": {"app": name}, "ports": [{"port": port, "protocol": "TCP"}]}
        }),
    );
}

/// A stable uid for a seeded owner, from its name.
fn uid(name: &str) -> String {
    let h = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    format!("00000000-0000-4000-8000-{:012x}", h & 0xffff_ffff_ffff)
}

/// A ReplicaSet of `deployment` at `revision`, with the pod template
/// `containers`, that ran `desired` replicas: the history remedies read.
#[allow(clippy::too_many_arguments)]
fn replicaset(
    store: &Store,
    ns: &str,
    deployment: &str,
    hash: &str,
    revision: u32,
    containers: &Value,
    (replicas, available, desired): (i64, i64, i64),
) {
    let name = format!("{deployment}-{hash}");
    let mut m = meta(
        store,
        &name,
        Some(ns),
        json!({"app": deployment, "pod-template-hash": hash}),
        86_400,
    );
    m["annotations"] = json!({
        "deployment.kubernetes.io/revision": revision.to_string(),
        "deployment.kubernetes.io/desired-replicas": desired.to_string(),
    });
    m["ownerReferences"] = json!([{"apiVersion": "apps/v1", "kind": "Deployment", "name": deployment,
        "uid": uid(deployment), "controller": true}]);
    put(
        store,
        "replicasets",
        json!({
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": m,
            "spec": {
                "replicas": replicas,
                "selector": {"matchLabels": {"app": deployment, "pod-template-hash": hash}},
                "template": {"metadata": {"labels": {"app": deployment, "pod-template-hash": hash}}, "spec": {"containers": containers}}
            },
            "status": {"replicas": replicas, "readyReplicas": available, "availableReplicas": available}
        }),
    );
}

/// A pod of the ReplicaSet `deployment-hash`.
#[allow(clippy::too_many_arguments)]
fn owned_pod(
    store: &Store,
    ns: &str,
    deployment: &str,
    hash: &str,
    suffix: &str,
    containers: &Value,
    node: &str,
    status: Value,
) -> String {
    let rs = format!("{deployment}-{hash}");
    let name = format!("{rs}-{suffix}");
    let mut m = meta(
        store,
        &name,
        Some(ns),
        json!({"app": deployment, "pod-template-hash": hash}),
        3600 * 3,
    );
    m["ownerReferences"] = json!([{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs,
        "uid": uid(&rs), "controller": true}]);
    put(
        store,
        "pods",
        json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": m,
            "spec": {"nodeName": node, "containers": containers},
            "status": status
        }),
    );
    name
}

/// A Deployment whose pod template runs `containers`.
fn deployment_of(
    store: &Store,
    ns: &str,
    name: &str,
    containers: &Value,
    replicas: i64,
    available: i64,
) {
    put(
        store,
        "deployments",
        json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": meta(store, name, Some(ns), json!({"app": name}), 86_400 * 3),
            "spec": {
                "replicas": replicas,
                "selector": {"matchLabels": {"app": name}},
                "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": containers}}
            },
            "status": {"observedGeneration": 1, "replicas": replicas.max(available), "updatedReplicas": replicas, "readyReplicas": available, "availableReplicas": available}
        }),
    );
}

#[allow(clippy::too_many_arguments)]
fn event(
    store: &Store,
    ns: &str,
    kind: &str,
    object: &str,
    type_: &str,
    reason: &str,
    message: &str,
    ago: i64,
    count: i64,
) {
    let name = format!("{object}.{}", reason.to_ascii_lowercase());
    put(
        store,
        "events",
        json!({
            "apiVersion": "v1", "kind": "Event",
            "metadata": meta(store, &name, Some(ns), json!({}), ago),
            "involvedObject": {"kind": kind, "name": object, "namespace": ns},
            "type": type_, "reason": reason, "message": message, "count": count,
            "firstTimestamp": store.ago(ago + 600), "lastTimestamp": store.ago(ago),
            "source": {"component": "kubelet"}
        }),
    );
}

pub fn seed(store: &Store) {
    for ns in ["default", "kube-system", "shop", "payments"] {
        put(
            store,
            "namespaces",
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": meta(store, ns, None, json!({}), 86_400 * 30), "status": {"phase": "Active"}}),
        );
    }
    for node in ["demo-node-1", "demo-node-2"] {
        put(
            store,
            "nodes",
            json!({
                "apiVersion": "v1", "kind": "Node",
                "metadata": meta(store, node, None, json!({"kubernetes.io/hostname": node}), 86_400 * 30),
                "spec": {},
                "status": {"nodeInfo": {"kubeletVersion": "v1.37.2"}, "conditions": [{"type": "Ready", "status": "True"}],
                           "allocatable": {"cpu": "2", "memory": "4Gi"}}
            }),
        );
    }

    // shop: web is healthy.
    deployment(store, "shop", "web", "nginx:1.27", 3, 3);
    for (i, ip) in ["10.1.0.11", "10.1.0.12", "10.1.0.13"].iter().enumerate() {
        let name = format!("web-7d4b9c6f5-{}", ["x2kqp", "m8zrt", "p4lvn"][i]);
        pod(
            store,
            "shop",
            &name,
            "web",
            "nginx:1.27",
            Some(if i % 2 == 0 {
                "demo-node-1"
            } else {
                "demo-node-2"
            }),
            running(store, ip),
        );
        store.set_logs(
            "shop",
            &name,
            "app",
            false,
            &[
                "10.1.0.1 - - \"GET / HTTP/1.1\" 200 615",
                "10.1.0.1 - - \"GET /healthz HTTP/1.1\" 200 2",
                "10.1.0.1 - - \"GET /api/cart HTTP/1.1\" 200 1843",
            ],
        );
    }
    service(store, "shop", "web", "10.0.0.21", 80);

    // shop: checkout crash-loops on a missing database.
    deployment(
        store,
        "shop",
        "checkout",
        "registry.example/shop/checkout:2.4.1",
        2,
        1,
    );
    pod(
        store,
        "shop",
        "checkout-5f6d8b7c9-abcde",
        "checkout",
        "registry.example/shop/checkout:2.4.1",
        Some("demo-node-1"),
        running(store, "10.1.0.21"),
    );
    store.set_logs(
        "shop",
        "checkout-5f6d8b7c9-abcde",
        "app",
        false,
        &[
            "INFO listening on :8080",
            "INFO connected to postgres at payments-db:5432",
        ],
    );
    let crash = "checkout-5f6d8b7c9-qwrty";
    pod(
        store,
        "shop",
        crash,
        "checkout",
        "registry.example/shop/checkout:2.4.1",
        Some("demo-node-2"),
        json!({
            "phase": "Running", "podIP": "10.1.0.22",
            "conditions": [{"type": "Ready", "status": "False"}],
            "containerStatuses": [{"name": "app", "ready": false, "restartCount": 14, "image": "", "imageID": "",
                "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s restarting failed container=app"}},
                "lastState": {"terminated": {"reason": "Error", "exitCode": 1, "startedAt": store.ago(300), "finishedAt": store.ago(297)}}}]
        }),
    );
    store.set_logs(
        "shop",
        crash,
        "app",
        true,
        &[
            "INFO starting checkout 2.4.1",
            "INFO reading configuration from /etc/checkout/config.yaml",
            "ERROR cannot connect to postgres at payments-db:5432: connection refused",
            "FATAL giving up after 3 attempts; exiting with status 1",
        ],
    );
    store.set_logs(
        "shop",
        crash,
        "app",
        false,
        &["INFO starting checkout 2.4.1"],
    );
    event(
        store,
        "shop",
        "Pod",
        crash,
        "Warning",
        "BackOff",
        "Back-off restarting failed container app in pod checkout-5f6d8b7c9-qwrty",
        60,
        58,
    );
    service(store, "shop", "checkout", "10.0.0.22", 8080);

    // shop: api-gateway's new revision points at an image tag that does
    // not exist while the previous one still serves (a fix the diagnosis
    // proposes: set the image that ran back).
    let bad = json!([{"name": "app", "image": "registry.example/shop/api-gateway:3.0.0-rc9"}]);
    let good = json!([{"name": "app", "image": "registry.example/shop/api-gateway:2.9.1"}]);
    deployment_of(store, "shop", "api-gateway", &bad, 1, 1);
    replicaset(
        store,
        "shop",
        "api-gateway",
        "58d4c7b9f6",
        3,
        &good,
        (1, 1, 1),
    );
    replicaset(
        store,
        "shop",
        "api-gateway",
        "6c9f7d8b4",
        4,
        &bad,
        (1, 0, 1),
    );
    owned_pod(
        store,
        "shop",
        "api-gateway",
        "58d4c7b9f6",
        "r7n2x",
        &good,
        "demo-node-2",
        running(store, "10.1.0.24"),
    );
    owned_pod(
        store,
        "shop",
        "api-gateway",
        "6c9f7d8b4",
        "zk2lm",
        &bad,
        "demo-node-1",
        json!({
            "phase": "Pending",
            "conditions": [{"type": "PodScheduled", "status": "True"}, {"type": "Ready", "status": "False"}],
            "containerStatuses": [{"name": "app", "ready": false, "restartCount": 0, "image": "registry.example/shop/api-gateway:3.0.0-rc9", "imageID": "",
                "state": {"waiting": {"reason": "ImagePullBackOff", "message": "Back-off pulling image \"registry.example/shop/api-gateway:3.0.0-rc9\""}}}]
        }),
    );
    event(
        store,
        "shop",
        "Pod",
        "api-gateway-6c9f7d8b4-zk2lm",
        "Warning",
        "Failed",
        "Failed to pull image \"registry.example/shop/api-gateway:3.0.0-rc9\": manifest unknown",
        120,
        9,
    );
    service(store, "shop", "api-gateway", "10.0.0.23", 443);

    // shop: the cart service selects app=carts, one letter off the pods'
    // app=cart, so it has no endpoints (fix: point the selector at them).
    let cart = json!([{"name": "app", "image": "registry.example/shop/cart:2.1.0", "ports": [{"containerPort": 8080}]}]);
    deployment_of(store, "shop", "cart", &cart, 2, 2);
    replicaset(store, "shop", "cart", "6b7c8d9f5", 1, &cart, (2, 2, 2));
    for (suffix, ip) in [("h2k9d", "10.1.0.51"), ("w8p3m", "10.1.0.52")] {
        owned_pod(
            store,
            "shop",
            "cart",
            "6b7c8d9f5",
            suffix,
            &cart,
            "demo-node-1",
            running(store, ip),
        );
    }
    put(
        store,
        "services",
        json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": meta(store, "cart", Some("shop"), json!({"app": "cart"}), 86_400),
            "spec": {"type": "ClusterIP", "clusterIP": "10.0.0.25", "selector": {"app": "carts"}, "ports": [{"port": 8080, "protocol": "TCP"}]}
        }),
    );

    // shop: reviews was scaled to zero while its service still routes to
    // it (fix: scale it back to the 2 replicas its last revision ran).
    let reviews = json!([{"name": "app", "image": "registry.example/shop/reviews:1.4.2"}]);
    deployment_of(store, "shop", "reviews", &reviews, 0, 0);
    replicaset(
        store,
        "shop",
        "reviews",
        "7f8e9d6c5",
        2,
        &reviews,
        (0, 0, 2),
    );
    service(store, "shop", "reviews", "10.0.0.26", 8080);

    // shop: search's readiness probe asks port 8081, the container
    // serves 8080 (fix: point the probe at the container's port).
    let search = json!([{"name": "app", "image": "registry.example/shop/search:4.2.0",
        "ports": [{"containerPort": 8080}],
        "readinessProbe": {"httpGet": {"path": "/healthz", "port": 8081}, "periodSeconds": 10}}]);
    deployment_of(store, "shop", "search", &search, 1, 0);
    replicaset(store, "shop", "search", "5d6c7b8a9", 1, &search, (1, 0, 1));
    let unready = owned_pod(
        store,
        "shop",
        "search",
        "5d6c7b8a9",
        "t4q8z",
        &search,
        "demo-node-2",
        json!({
            "phase": "Running", "podIP": "10.1.0.41",
            "conditions": [{"type": "Ready", "status": "False"}],
            "containerStatuses": [{"name": "app", "ready": false, "restartCount": 0, "image": "registry.example/shop/search:4.2.0", "imageID": "",
                "state": {"running": {"startedAt": store.ago(3600 * 3)}}}]
        }),
    );
    event(
        store,
        "shop",
        "Pod",
        &unready,
        "Warning",
        "Unhealthy",
        "Readiness probe failed: Get \"http://10.1.0.41:8081/healthz\": dial tcp 10.1.0.41:8081: connect: connection refused",
        30,
        240,
    );
    service(store, "shop", "search", "10.0.0.27", 8080);

    // shop: recommender is killed for memory at its 128Mi limit (a fix
    // the diagnosis proposes: raise it).
    let image = "registry.example/shop/recommender:1.8.0";
    let limits =
        json!({"limits": {"memory": "128Mi"}, "requests": {"cpu": "100m", "memory": "96Mi"}});
    put(
        store,
        "deployments",
        json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": meta(store, "recommender", Some("shop"), json!({"app": "recommender"}), 86_400 * 2),
            "spec": {
                "replicas": 1,
                "selector": {"matchLabels": {"app": "recommender"}},
                "template": {"metadata": {"labels": {"app": "recommender"}},
                             "spec": {"containers": [{"name": "app", "image": image, "resources": limits}]}}
            },
            "status": {"observedGeneration": 1, "replicas": 1, "updatedReplicas": 1, "readyReplicas": 0, "availableReplicas": 0}
        }),
    );
    let oom = "recommender-7c6d5b8f9-k4m2n";
    let mut oom_meta = meta(
        store,
        oom,
        Some("shop"),
        json!({"app": "recommender", "pod-template-hash": "7c6d5b8f9"}),
        3600 * 2,
    );
    oom_meta["ownerReferences"] = json!([{"apiVersion": "apps/v1", "kind": "ReplicaSet",
        "name": "recommender-7c6d5b8f9", "uid": "5e0c2a1b-7d3f-4e8a-9b6c-2f1d0a9e8c7b", "controller": true}]);
    put(
        store,
        "pods",
        json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": oom_meta,
            "spec": {"nodeName": "demo-node-2", "containers": [{"name": "app", "image": image, "resources": limits}]},
            "status": {
                "phase": "Running", "podIP": "10.1.0.31",
                "conditions": [{"type": "Ready", "status": "False"}],
                "containerStatuses": [{"name": "app", "ready": false, "restartCount": 9, "image": image, "imageID": "",
                    "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 2m40s restarting failed container=app"}},
                    "lastState": {"terminated": {"reason": "OOMKilled", "exitCode": 137, "startedAt": store.ago(200), "finishedAt": store.ago(170)}}}]
            }
        }),
    );
    store.set_logs(
        "shop",
        oom,
        "app",
        true,
        &["INFO loading model embeddings (412 MB)"],
    );

    // shop: a report job asks for more memory than any node has.
    pod(
        store,
        "shop",
        "nightly-report-28841",
        "nightly-report",
        "registry.example/shop/report:1.2",
        None,
        json!({
            "phase": "Pending",
            "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable",
                "message": "0/2 nodes are available: 2 Insufficient memory. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod."}]
        }),
    );
    event(
        store,
        "shop",
        "Pod",
        "nightly-report-28841",
        "Warning",
        "FailedScheduling",
        "0/2 nodes are available: 2 Insufficient memory.",
        30,
        12,
    );

    // payments: healthy.
    deployment(
        store,
        "payments",
        "ledger",
        "registry.example/payments/ledger:5.1.0",
        2,
        2,
    );
    for (i, ip) in ["10.1.1.11", "10.1.1.12"].iter().enumerate() {
        let name = format!("ledger-8b5c7d9f6-{}", ["h7tqs", "n3wxd"][i]);
        pod(
            store,
            "payments",
            &name,
            "ledger",
            "registry.example/payments/ledger:5.1.0",
            Some("demo-node-2"),
            running(store, ip),
        );
        store.set_logs(
            "payments",
            &name,
            "app",
            false,
            &[
                "INFO ledger ready",
                "INFO settled batch 20261122-0042 (318 payments)",
            ],
        );
    }
    service(store, "payments", "ledger", "10.0.0.31", 8443);
    event(
        store,
        "payments",
        "Deployment",
        "ledger",
        "Normal",
        "ScalingReplicaSet",
        "Scaled up replica set ledger-8b5c7d9f6 to 2",
        86_400,
        1,
    );
}
