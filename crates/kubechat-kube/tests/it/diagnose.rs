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
