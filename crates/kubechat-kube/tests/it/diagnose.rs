use kubechat_kube::OutcomeKind;
use serde_json::{Value, json};

use crate::env::{Env, running};

fn waiting(container: &str, reason: &str, message: &str, restarts: i32, last: Value) -> Value {
    json!({
        "phase": "Running",
        "containerStatuses": [{
            "name": container, "ready": false, "restartCount": restarts, "image": "x", "imageID": "",
            "state": {"waiting": {"reason": reason, "message": message}},
            "lastState": last
        }]
    })
}

fn titles(out: &kubechat_kube::Outcome) -> Vec<String> {
    out.data["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["title"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn crash_loops_name_the_exit_code_and_the_next_step() {
    let env = Env::new().await;
    env.pod_on(Some(&env.node), "api-1", json!({"app": "api"}), &["api"], waiting("api", "CrashLoopBackOff", "back-off 5m0s restarting failed container", 7,
        json!({"terminated": {"reason": "Error", "exitCode": 1, "startedAt": "2026-11-22T10:00:00Z", "finishedAt": "2026-11-22T10:00:05Z"}}))).await;
    let out = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl describe pod api-1").with_verb_diagnose(),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(out.kind, OutcomeKind::Findings);
    assert_eq!(titles(&out), ["CrashLoopBackOff"]);
    let f = &out.data["findings"][0];
    assert_eq!(f["severity"], "error");
    let evidence = f["evidence"].to_string();
    assert!(
        evidence.contains("7 restarts") && evidence.contains("exit code=1"),
        "{evidence}"
    );
    // The node has no kubelet in the test cluster: the log tail is
    // reported missing with the API server's reason, not invented.
    assert!(evidence.contains("previous logs unavailable"), "{evidence}");
    assert!(
        out.text.contains("next: Read the log lines above"),
        "{}",
        out.text
    );
}

#[tokio::test]
async fn oom_kills_image_pulls_and_unschedulable_pods_are_recognised() {
    let env = Env::new().await;
    env.pod("oom-1", json!({"app": "oom"}), &["app"], waiting("app", "CrashLoopBackOff", "", 3,
        json!({"terminated": {"reason": "OOMKilled", "exitCode": 137, "startedAt": "2026-11-22T10:00:00Z", "finishedAt": "2026-11-22T10:00:05Z"}}))).await;
    env.pod(
        "pull-1",
        json!({"app": "pull"}),
        &["app"],
        waiting(
            "app",
            "ImagePullBackOff",
            "Back-off pulling image \"registry.example/app:1\"",
            0,
            json!({}),
        ),
    )
    .await;
    env.event(
        "pull-1.failed",
        ("Pod", "pull-1"),
        "Failed",
        "Warning",
        "Failed to pull image \"registry.example/app:1\": not found",
        "2026-11-22T10:01:00Z",
    )
    .await;
    env.pod("pending-1", json!({"app": "pending"}), &["app"], json!({
        "phase": "Pending",
        "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": "0/3 nodes are available: 3 Insufficient memory."}]
    })).await;

    let diag = |name: &str| format!("kubectl describe pod {name}");
    let out = env
        .ex
        .read(
            &env.alice,
            &env.op(&diag("oom-1")).with_verb_diagnose(),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(titles(&out), ["OOMKilled"]);
    assert!(
        out.data["findings"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("limit of 64Mi"),
        "{}",
        out.text
    );

    let out = env
        .ex
        .read(
            &env.alice,
            &env.op(&diag("pull-1")).with_verb_diagnose(),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(titles(&out), ["ImagePullBackOff"]);
    assert!(
        out.text.contains("registry.example/app:1") && out.text.contains("Failed to pull image"),
        "{}",
        out.text
    );

    let out = env
        .ex
        .read(
            &env.alice,
            &env.op(&diag("pending-1")).with_verb_diagnose(),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(titles(&out), ["Pending: cannot be scheduled"]);
    assert!(out.text.contains("3 Insufficient memory"), "{}", out.text);

    // The whole namespace: every unhealthy pod, errors first.
    let mut op = env.op("kubectl get pods");
    op.verb = kubechat_core::Verb::Diagnose;
    let out = env.ex.read(&env.alice, &op, &env.ns).await.unwrap();
    assert_eq!(out.data["pods_examined"], 3);
}

#[tokio::test]
async fn workloads_services_and_probes() {
    let env = Env::new().await;
    env.deployment("web", 2, "nginx:1.27").await;
    env.pod(
        "web-a",
        json!({"app": "web"}),
        &["app"],
        running("app", true),
    )
    .await;
    env.pod(
        "web-b",
        json!({"app": "web"}),
        &["app"],
        running("app", false),
    )
    .await;
    env.event(
        "web-b.unhealthy",
        ("Pod", "web-b"),
        "Unhealthy",
        "Warning",
        "Readiness probe failed: connection refused",
        "2026-11-22T10:02:00Z",
    )
    .await;
    env.service("web", json!({"app": "web"})).await;
    env.service("orphan", json!({"app": "nothing"})).await;

    // "why is web failing" names the Deployment: unavailable replicas, then its unready pod.
    let out = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl describe pod web").with_verb_diagnose(),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(
        titles(&out),
        ["Unavailable replicas", "Running but not ready"]
    );
    assert!(
        out.text
            .contains("wants 2 replicas but only 0 are available"),
        "{}",
        out.text
    );
    assert!(
        out.text
            .contains("Readiness probe failed: connection refused"),
        "{}",
        out.text
    );

    let out = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl describe service orphan")
                .with_verb_diagnose(),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(titles(&out), ["No ready endpoints"]);
    assert!(out.text.contains("No pod in"), "{}", out.text);

    // A healthy pod: no findings, said plainly.
    let out = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl describe pod web-a").with_verb_diagnose(),
            &env.ns,
        )
        .await
        .unwrap();
    assert!(
        out.summary.starts_with("no problems found for pod web-a"),
        "{}",
        out.summary
    );
}

trait DiagnoseExt {
    fn with_verb_diagnose(self) -> Self;
}

impl DiagnoseExt for kubechat_core::Operation {
    fn with_verb_diagnose(mut self) -> Self {
        self.verb = kubechat_core::Verb::Diagnose;
        self
    }
}

#[tokio::test]
async fn an_oom_kill_offers_a_fix_that_previews_and_applies_exactly_that() {
    use k8s_openapi::api::apps::v1::Deployment;
    use k8s_openapi::api::core::v1::Pod;
    use kube::Api;

    let env = Env::new().await;
    // The Deployment with a 64Mi limit, and one of its pods (as its
    // ReplicaSet would make it) killed for memory.
    let d: Deployment = crate::env::create(&env.admin, Some(&env.ns), json!({
        "metadata": {"name": "memhog"},
        "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "memhog"}},
                 "template": {"metadata": {"labels": {"app": "memhog"}},
                              "spec": {"containers": [{"name": "app", "image": "memhog:1",
                                                       "resources": {"limits": {"memory": "64Mi"}}}]}}}
    })).await;
    let _: Pod = crate::env::create(&env.admin, Some(&env.ns), json!({
        "metadata": {"name": "memhog-7f9c4-abcde",
                     "labels": {"app": "memhog", "pod-template-hash": "7f9c4"},
                     "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "memhog-7f9c4",
                                          "uid": "0d1c6a4e-1111-4222-8333-444455556666", "controller": true}]},
        "spec": {"containers": [{"name": "app", "image": "memhog:1", "resources": {"limits": {"memory": "64Mi"}}}]}
    })).await;
    Api::<Pod>::namespaced(env.admin.clone(), &env.ns)
        .patch_status(
            "memhog-7f9c4-abcde",
            &kube::api::PatchParams::default(),
            &kube::api::Patch::Merge(json!({"status": waiting("app", "CrashLoopBackOff", "back-off", 4,
                json!({"terminated": {"reason": "OOMKilled", "exitCode": 137, "startedAt": "2026-11-22T10:00:00Z", "finishedAt": "2026-11-22T10:00:05Z"}}))})),
        )
        .await
        .unwrap();

    let mut why = env.op(&format!(
        "kubectl describe pod memhog-7f9c4-abcde -n {}",
        env.ns
    ));
    why.verb = kubechat_core::Verb::Diagnose;
    let out = env.ex.read(&env.alice, &why, "default").await.unwrap();
    let oom = out.data["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["title"] == "OOMKilled")
        .expect("an OOMKilled finding")
        .clone();
    let fix = &oom["fix"];
    assert!(
        fix["summary"]
            .as_str()
            .unwrap()
            .contains("from 64Mi to 128Mi"),
        "{fix}"
    );
    // The fix's request is ordinary kubectl syntax: previewed by dry run,
    // it changes exactly the limit it names, then applies.
    let op = kubechat_core::kubectl::parse(fix["request"].as_str().unwrap()).unwrap();
    let plan = env.ex.plan(&env.alice, &op, &env.ns).await.unwrap();
    let changed: Vec<String> = plan.changes.iter().map(|c| c.line()).collect();
    assert!(
        changed
            .iter()
            .any(|l| l.contains("deployment/memhog") && l.contains("128Mi")),
        "{changed:?}"
    );
    env.ex.apply(plan.confirm()).await.unwrap();
    let after = Api::<Deployment>::namespaced(env.admin.clone(), &env.ns)
        .get("memhog")
        .await
        .unwrap();
    let c = &after.spec.template.spec.unwrap().containers[0];
    assert_eq!(
        c.resources.as_ref().unwrap().limits.as_ref().unwrap()["memory"].0,
        "128Mi"
    );
    assert_eq!(c.image.as_deref(), Some("memhog:1"), "nothing else changed");
    drop(d);
}

/// carol: in `env.ns` reads of claims, jobs, cron jobs, autoscalers and
/// ingresses as well as alice's pods; cluster-wide, storage classes.
async fn carol(env: &Env) -> kubechat_kube::Actor {
    use k8s_openapi::api::rbac::v1::{Role, RoleBinding};
    use kube::api::{Api, PostParams};
    let read = ["get", "list", "watch"];
    let role: Role = serde_json::from_value(json!({
        "metadata": {"name": "carol-reader"},
        "rules": [
            {"apiGroups": [""], "resources": ["pods", "services", "events", "persistentvolumeclaims"], "verbs": read},
            {"apiGroups": ["batch"], "resources": ["jobs", "cronjobs"], "verbs": read},
            {"apiGroups": ["autoscaling"], "resources": ["horizontalpodautoscalers"], "verbs": read},
            {"apiGroups": ["networking.k8s.io"], "resources": ["ingresses"], "verbs": read}
        ]
    }))
    .unwrap();
    let subjects =
        json!([{"kind": "User", "name": "carol", "apiGroup": "rbac.authorization.k8s.io"}]);
    Api::<Role>::namespaced(env.admin.clone(), &env.ns)
        .create(&PostParams::default(), &role)
        .await
        .unwrap();
    let binding: RoleBinding = serde_json::from_value(json!({
        "metadata": {"name": "carol-reader"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "carol-reader"},
        "subjects": subjects
    }))
    .unwrap();
    Api::<RoleBinding>::namespaced(env.admin.clone(), &env.ns)
        .create(&PostParams::default(), &binding)
        .await
        .unwrap();
    grant_cluster_wide(
        env,
        "carol",
        "classes",
        json!([
            {"apiGroups": ["storage.k8s.io"], "resources": ["storageclasses"], "verbs": read},
            {"apiGroups": [""], "resources": ["pods", "persistentvolumes"], "verbs": read}
        ]),
    )
    .await;
    let carol = kubechat_kube::Actor::new("carol", ["developers"]).unwrap();
    let probe = env.op(&format!("kubectl get pvc -n {}", env.ns));
    for _ in 0..100 {
        if env.ex.read(&carol, &probe, &env.ns).await.is_ok() {
            return carol;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("RBAC for carol never took effect");
}

/// Lets `user` read nodes, cluster-wide.
async fn grant_node_reading(env: &Env, user: &str) {
    grant_cluster_wide(
        env,
        user,
        "nodes",
        json!([{"apiGroups": [""], "resources": ["nodes"], "verbs": ["get", "list", "watch"]}]),
    )
    .await;
}

/// A ClusterRole of `rules` bound to `user` (named after the test's
/// namespace, so tests running side by side never share one).
async fn grant_cluster_wide(env: &Env, user: &str, what: &str, rules: serde_json::Value) {
    use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding};
    use kube::api::{Api, PostParams};
    let name = format!("{user}-{what}-{}", env.ns);
    let cr: ClusterRole = serde_json::from_value(json!({
        "metadata": {"name": name},
        "rules": rules
    }))
    .unwrap();
    Api::<ClusterRole>::all(env.admin.clone())
        .create(&PostParams::default(), &cr)
        .await
        .unwrap();
    let crb: ClusterRoleBinding = serde_json::from_value(json!({
        "metadata": {"name": name},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": name},
        "subjects": [{"kind": "User", "name": user, "apiGroup": "rbac.authorization.k8s.io"}]
    }))
    .unwrap();
    Api::<ClusterRoleBinding>::all(env.admin.clone())
        .create(&PostParams::default(), &crb)
        .await
        .unwrap();
}

#[tokio::test]
async fn nodes_claims_jobs_and_autoscalers_are_diagnosed_by_their_own_status() {
    use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
    use k8s_openapi::api::batch::v1::Job;
    use k8s_openapi::api::core::v1::{Node, PersistentVolumeClaim};
    use kube::api::{Api, Patch, PatchParams};
    let env = Env::new().await;
    let diagnose = |line: &str| env.op(line).with_verb_diagnose();

    // A node whose kubelet reports NotReady, and that is cordoned: read
    // as a node, never as a workload with replicas. alice may get it but
    // not list the cluster's events: the diagnosis stands without them.
    let nodes: Api<Node> = Api::all(env.admin.clone());
    nodes
        .patch(
            &env.node,
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"unschedulable": true}})),
        )
        .await
        .unwrap();
    nodes
        .patch_status(
            &env.node,
            &PatchParams::default(),
            &Patch::Merge(json!({"status": {"conditions": [
                {"type": "Ready", "status": "False", "reason": "KubeletNotReady",
                 "message": "container runtime network not ready: cni plugin not initialized",
                 "lastHeartbeatTime": "2026-12-01T10:00:00Z", "lastTransitionTime": "2026-12-01T09:58:00Z"}
            ]}})),
        )
        .await
        .unwrap();
    let out = env
        .ex
        .read(
            &env.alice,
            &diagnose(&format!("kubectl describe node {}", env.node)),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(
        titles(&out),
        ["NotReady", "Cordoned (SchedulingDisabled)"],
        "{}",
        out.text
    );
    assert!(
        out.text.contains("cni plugin not initialized"),
        "{}",
        out.text
    );
    assert!(!out.text.contains("replicas"), "{}", out.text);
    // Not ready: uncordoning is not proposed.
    assert!(out.data["findings"][1].get("fix").is_none(), "{}", out.text);

    let carol = carol(&env).await;
    // A claim for a storage class that does not exist (nothing binds it
    // in the test cluster, so it stays Pending).
    let _: PersistentVolumeClaim = crate::env::create(&env.admin, Some(&env.ns), json!({
        "metadata": {"name": "data"},
        "spec": {"storageClassName": format!("missing-{}", env.ns), "accessModes": ["ReadWriteOnce"],
                 "resources": {"requests": {"storage": "1Gi"}}}
    }))
    .await;
    let out = env
        .ex
        .read(&carol, &diagnose("kubectl describe pvc data"), &env.ns)
        .await
        .unwrap();
    assert_eq!(titles(&out), ["StorageClass not found"], "{}", out.text);
    // alice may not read claims: her diagnosis is refused as the server
    // refuses her, not answered from someone else's rights.
    let err = env
        .ex
        .read(&env.alice, &diagnose("kubectl describe pvc data"), &env.ns)
        .await
        .unwrap_err();
    assert!(
        matches!(err, kubechat_kube::Error::Forbidden { .. }),
        "{err}"
    );
    // Every claim of the namespace, examined in one request.
    let out = env
        .ex
        .read(&carol, &diagnose("kubectl get pvc"), &env.ns)
        .await
        .unwrap();
    assert_eq!(out.data["objects_examined"], 1);
    assert_eq!(titles(&out), ["StorageClass not found"]);
    // Volumes are cluster-scoped: their listing is placed in no namespace,
    // however many there are (none in the test cluster).
    let out = env
        .ex
        .read(&carol, &diagnose("kubectl get pv"), &env.ns)
        .await
        .unwrap();
    assert!(
        out.summary.contains("persistentvolumes") && !out.summary.contains("namespace"),
        "{}",
        out.summary
    );

    // A job that reached its backoff limit, and its failed pod.
    let job: Job = crate::env::create(
        &env.admin,
        Some(&env.ns),
        json!({
            "metadata": {"name": "report"},
            "spec": {"backoffLimit": 2, "template": {"spec": {"restartPolicy": "Never",
                "containers": [{"name": "main", "image": "registry.example/report:1"}]}}}
        }),
    )
    .await;
    let labels = job.spec.unwrap().selector.unwrap().match_labels.unwrap();
    let jobs: Api<Job> = Api::namespaced(env.admin.clone(), &env.ns);
    jobs.patch_status(
        "report",
        &PatchParams::default(),
        &Patch::Merge(json!({"status": {
            "startTime": "2026-12-01T10:00:00Z", "failed": 3,
            "conditions": [
                {"type": "FailureTarget", "status": "True", "reason": "BackoffLimitExceeded",
                 "message": "Job has reached the specified backoff limit", "lastTransitionTime": "2026-12-01T10:05:00Z"},
                {"type": "Failed", "status": "True", "reason": "BackoffLimitExceeded",
                 "message": "Job has reached the specified backoff limit", "lastTransitionTime": "2026-12-01T10:05:00Z"}
            ]
        }})),
    )
    .await
    .unwrap();
    env.pod(
        "report-x1",
        serde_json::to_value(&labels).unwrap(),
        &["main"],
        json!({"phase": "Failed", "reason": "Error", "message": "exit 2",
               "containerStatuses": [{"name": "main", "ready": false, "restartCount": 0, "image": "x", "imageID": "",
                   "state": {"terminated": {"reason": "Error", "exitCode": 2,
                       "startedAt": "2026-12-01T10:00:00Z", "finishedAt": "2026-12-01T10:00:03Z"}}}]}),
    )
    .await;
    let out = env
        .ex
        .read(&carol, &diagnose("kubectl describe job report"), &env.ns)
        .await
        .unwrap();
    let got = titles(&out);
    assert_eq!(got[0], "Failed: BackoffLimitExceeded", "{}", out.text);
    assert!(
        out.text.contains("reaching its backoffLimit of 2"),
        "{}",
        out.text
    );
    assert!(out.text.contains("pod/report-x1"), "{}", out.text);
    assert_eq!(out.data["pods_examined"], 1);

    // Every namespace: the cluster's unhealthy pods (report-x1 among
    // them), each examined in its own namespace — not the default one.
    let out = env
        .ex
        .read(&carol, &diagnose("kubectl get pods -A"), &env.ns)
        .await
        .unwrap();
    assert!(out.summary.contains("all namespaces"), "{}", out.summary);
    let examined = out.data["pods_examined"].as_u64().unwrap();
    assert!((1..=20).contains(&examined), "{examined}");
    // carol may not list nodes: the pods' diagnosis stands, and says so.
    assert!(
        out.summary.contains("nodes not examined"),
        "{}",
        out.summary
    );
    // Once she may, the NotReady node is among the cluster's findings.
    grant_node_reading(&env, "carol").await;
    let node = format!("node/{}", env.node);
    let mut out = None;
    for _ in 0..100 {
        let o = env
            .ex
            .read(&carol, &diagnose("kubectl get pods -A"), &env.ns)
            .await
            .unwrap();
        if !o.summary.contains("nodes not examined") {
            out = Some(o);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let out = out.expect("RBAC for carol's nodes never took effect");
    assert!(
        out.data["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["subject"] == node.as_str() && f["title"] == "NotReady"),
        "{}",
        out.text
    );
    assert!(out.data["nodes_examined"].as_u64().unwrap() >= 1);

    // An autoscaler that cannot read its metrics.
    let _: HorizontalPodAutoscaler = crate::env::create(&env.admin, Some(&env.ns), json!({
        "metadata": {"name": "web"},
        "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                 "minReplicas": 1, "maxReplicas": 4,
                 "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 60}}}]}
    }))
    .await;
    let hpas: Api<HorizontalPodAutoscaler> = Api::namespaced(env.admin.clone(), &env.ns);
    hpas.patch_status(
        "web",
        &PatchParams::default(),
        &Patch::Merge(json!({"status": {"currentReplicas": 1, "desiredReplicas": 1, "conditions": [
            {"type": "AbleToScale", "status": "True", "reason": "SucceededGetScale", "lastTransitionTime": "2026-12-01T10:00:00Z"},
            {"type": "ScalingActive", "status": "False", "reason": "FailedGetResourceMetric",
             "message": "the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu",
             "lastTransitionTime": "2026-12-01T10:00:00Z"}
        ]}})),
    )
    .await
    .unwrap();
    let out = env
        .ex
        .read(&carol, &diagnose("kubectl describe hpa web"), &env.ns)
        .await
        .unwrap();
    assert_eq!(titles(&out), ["Metrics unavailable"], "{}", out.text);
    assert!(out.text.contains("missing request for cpu"), "{}", out.text);

    // A config map: nothing to find, and said so.
    let _: k8s_openapi::api::core::v1::ConfigMap = crate::env::create(
        &env.admin,
        Some(&env.ns),
        json!({
            "metadata": {"name": "app-config"}, "data": {"a": "1"}
        }),
    )
    .await;
    let out = env
        .ex
        .read(
            &env.alice,
            &diagnose("kubectl describe configmap app-config"),
            &env.ns,
        )
        .await
        .unwrap();
    assert!(titles(&out).is_empty(), "{}", out.text);
    assert!(
        out.summary
            .contains("no problems found for configmap app-config"),
        "{}",
        out.summary
    );
}
