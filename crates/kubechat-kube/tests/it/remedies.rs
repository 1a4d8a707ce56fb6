//! "Fix the broken workload", as public benchmark tasks pose it: each
//! scenario sets the statuses a real cluster would show (the test kit has
//! no controllers or kubelet, so ReplicaSets and pods are written as they
//! would make them), asks the diagnosis as alice, checks it names the
//! cause and proposes a fix, previews that fix by dry run, applies it,
//! and checks the object ended as the fix said — and nothing else moved.

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Service;
use kube::api::Api;
use serde_json::{Value, json};

use kubechat_testkit::scene::{Scene, app, crashed, waiting};

use crate::env::{Env, running};

fn scene(env: &Env) -> Scene {
    Scene::new(env.admin.clone(), &env.ns)
}

/// A Deployment at `revision` whose pods carry `labels`, with one
/// container.
async fn deployment(
    env: &Env,
    name: &str,
    replicas: i32,
    labels: Value,
    container: Value,
    revision: u64,
) -> Deployment {
    scene(env)
        .deployment(name, replicas, &labels, &container, revision)
        .await
        .unwrap()
}

/// The ReplicaSet the Deployment controller would have made for one
/// revision, with `available` replicas in its status.
async fn revision(
    env: &Env,
    d: &Deployment,
    rev: u64,
    hash: &str,
    container: Value,
    available: i32,
    desired: i32,
) -> String {
    let name = d.metadata.name.as_deref().unwrap();
    scene(env)
        .revision(name, hash, rev, &container, (available, desired))
        .await
        .unwrap()
}

/// A pod of ReplicaSet `rs`, with `status`.
async fn pod_of(env: &Env, rs: &str, container: Value, status: Value) -> String {
    scene(env)
        .pod(rs, "x7k2p", &container, status)
        .await
        .unwrap()
}

/// Asks `question` (a kubectl describe line, read as a diagnosis) as
/// alice; the finding titled `cause` must carry a fix, which is previewed
/// and applied. Returns the fix's request.
async fn diagnose_and_fix(env: &Env, question: &str, cause: &str) -> String {
    let mut op = env.op(question);
    op.verb = kubechat_core::Verb::Diagnose;
    let out = env.ex.read(&env.alice, &op, &env.ns).await.unwrap();
    let finding = out.data["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["title"] == cause)
        .unwrap_or_else(|| panic!("no {cause} finding in {}", out.text))
        .clone();
    let request = finding["fix"]["request"]
        .as_str()
        .unwrap_or_else(|| panic!("no fix offered: {finding}"))
        .to_owned();
    assert!(!finding["fix"]["why"].as_str().unwrap().is_empty());
    // Every channel that shows text shows the fix and its request.
    assert!(
        out.text.contains(&format!("    preview it: {request}\n")),
        "{}",
        out.text
    );
    let fix = kubechat_core::kubectl::parse(&request).unwrap_or_else(|e| panic!("{request}: {e}"));
    let plan = env.ex.plan(&env.alice, &fix, &env.ns).await.unwrap();
    assert!(
        !plan.changes.is_empty(),
        "the preview shows the change: {request}"
    );
    env.ex.apply(plan.confirm()).await.unwrap();
    request
}

/// Deployment web at revision 3 (web:3, crashing) whose revision 2
/// (web:2) still has its replicas available.
async fn crash_loop_after_rollout(env: &Env) {
    let labels = json!({"app": "web"});
    let d = deployment(env, "web", 2, labels.clone(), app("web:3"), 3).await;
    revision(env, &d, 2, "5b7c9d", app("web:2"), 2, 2).await;
    let new = revision(env, &d, 3, "6f8d4c", app("web:3"), 0, 2).await;
    pod_of(env, &new, app("web:3"), crashed("Error", 1)).await;
}

#[tokio::test]
async fn a_crash_loop_after_a_rollout_is_rolled_back_to_the_healthy_revision() {
    let env = Env::new().await;
    crash_loop_after_rollout(&env).await;

    let request =
        diagnose_and_fix(&env, "kubectl describe deployment web", "CrashLoopBackOff").await;
    assert_eq!(
        request,
        format!(
            "kubectl rollout undo deployment/web -n {} --to-revision=2",
            env.ns
        )
    );
    let after = Api::<Deployment>::namespaced(env.admin.clone(), &env.ns)
        .get("web")
        .await
        .unwrap();
    let spec = after.spec;
    assert_eq!(
        spec.template.spec.unwrap().containers[0].image.as_deref(),
        Some("web:2")
    );
    assert_eq!(spec.replicas, Some(2), "the count is not touched");
}

#[tokio::test]
async fn an_image_that_cannot_be_pulled_is_set_back_to_the_one_that_ran() {
    let env = Env::new().await;
    let labels = json!({"app": "shop"});
    let d = deployment(&env, "shop", 3, labels.clone(), app("shop:1.5-typo"), 5).await;
    revision(&env, &d, 4, "7a1b2c", app("shop:1.4"), 3, 3).await;
    let new = revision(&env, &d, 5, "8c3d4e", app("shop:1.5-typo"), 0, 3).await;
    pod_of(
        &env,
        &new,
        app("shop:1.5-typo"),
        waiting("ImagePullBackOff", json!({})),
    )
    .await;

    // Asked about the pod itself, as people do.
    let question = format!("kubectl describe pod {new}-x7k2p");
    let request = diagnose_and_fix(&env, &question, "ImagePullBackOff").await;
    assert_eq!(
        request,
        format!(
            "kubectl set image deployment/shop app=shop:1.4 -n {}",
            env.ns
        )
    );
    let after = Api::<Deployment>::namespaced(env.admin.clone(), &env.ns)
        .get("shop")
        .await
        .unwrap();
    assert_eq!(
        after.spec.template.spec.unwrap().containers[0]
            .image
            .as_deref(),
        Some("shop:1.4")
    );
}

#[tokio::test]
async fn a_readiness_probe_on_the_wrong_port_is_pointed_at_the_containers_port() {
    let env = Env::new().await;
    let labels = json!({"app": "api"});
    let container = json!({"name": "app", "image": "api:1", "ports": [{"containerPort": 8080}],
                           "readinessProbe": {"httpGet": {"path": "/ready", "port": 8081}}});
    let d = deployment(&env, "api", 1, labels.clone(), container.clone(), 1).await;
    let rs = revision(&env, &d, 1, "9e5f6a", container.clone(), 0, 1).await;
    let pod = pod_of(&env, &rs, container, running("app", false)).await;
    // What the kubelet reports when nothing listens on the probed port.
    env.event(
        "api-probe",
        ("Pod", &pod),
        "Unhealthy",
        "Warning",
        "Readiness probe failed: Get \"http://10.1.0.9:8081/ready\": dial tcp 10.1.0.9:8081: connect: connection refused",
        "2026-11-22T10:00:10Z",
    )
    .await;

    let request = diagnose_and_fix(
        &env,
        "kubectl describe deployment api",
        "Running but not ready",
    )
    .await;
    assert!(
        request.starts_with("kubectl patch deployment api"),
        "{request}"
    );
    let after = Api::<Deployment>::namespaced(env.admin.clone(), &env.ns)
        .get("api")
        .await
        .unwrap();
    let c = &after.spec.template.spec.unwrap().containers[0];
    let probe = c
        .readiness_probe
        .as_ref()
        .unwrap()
        .http_get
        .as_ref()
        .unwrap();
    assert_eq!(serde_json::to_value(&probe.port).unwrap(), json!(8080));
    assert_eq!(probe.path.as_deref(), Some("/ready"), "the path is kept");
}

#[tokio::test]
async fn a_service_whose_workload_was_scaled_to_zero_gets_its_replicas_back() {
    let env = Env::new().await;
    let labels = json!({"app": "cart"});
    let d = deployment(&env, "cart", 0, labels.clone(), app("cart:1"), 1).await;
    revision(&env, &d, 1, "1a2b3c", app("cart:1"), 0, 3).await;
    env.service("cart", labels).await;

    // Asked of the whole namespace ("what is wrong here?"), the service is
    // found too, with the same fix.
    let mut whole = env.op("kubectl describe pods");
    whole.verb = kubechat_core::Verb::Diagnose;
    let out = env.ex.read(&env.alice, &whole, &env.ns).await.unwrap();
    let found = out.data["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["subject"] == "service/cart")
        .unwrap_or_else(|| panic!("service/cart not found in {}", out.text))
        .clone();
    assert_eq!(
        found["fix"]["request"],
        format!("kubectl scale deployment/cart --replicas=3 -n {}", env.ns)
    );

    let request =
        diagnose_and_fix(&env, "kubectl describe service cart", "No ready endpoints").await;
    assert_eq!(
        request,
        format!("kubectl scale deployment/cart --replicas=3 -n {}", env.ns)
    );
    let after = Api::<Deployment>::namespaced(env.admin.clone(), &env.ns)
        .get("cart")
        .await
        .unwrap();
    assert_eq!(after.spec.replicas, Some(3));
}

#[tokio::test]
async fn a_service_selector_one_value_off_is_pointed_at_the_workloads_pods() {
    let env = Env::new().await;
    let labels = json!({"app": "frontend", "tier": "web"});
    let d = deployment(&env, "frontend", 1, labels.clone(), app("frontend:1"), 1).await;
    let rs = revision(&env, &d, 1, "4d5e6f", app("frontend:1"), 1, 1).await;
    pod_of(&env, &rs, app("frontend:1"), running("app", true)).await;
    env.service("web", json!({"app": "fronted", "tier": "web"}))
        .await;

    diagnose_and_fix(&env, "kubectl describe service web", "No ready endpoints").await;
    let after = Api::<Service>::namespaced(env.admin.clone(), &env.ns)
        .get("web")
        .await
        .unwrap();
    let selector = after.spec.unwrap().selector.unwrap();
    assert_eq!(selector.get("app").map(String::as_str), Some("frontend"));
    assert_eq!(
        selector.get("tier").map(String::as_str),
        Some("web"),
        "the rest is kept"
    );
}

#[tokio::test]
async fn a_dependency_refusing_connections_is_explained_not_fixed() {
    // A crash with no earlier healthy revision: the evidence does not
    // determine a change, so none is proposed.
    let env = Env::new().await;
    let labels = json!({"app": "worker"});
    let d = deployment(&env, "worker", 1, labels.clone(), app("worker:1"), 1).await;
    let rs = revision(&env, &d, 1, "2b3c4d", app("worker:1"), 0, 1).await;
    pod_of(&env, &rs, app("worker:1"), crashed("Error", 1)).await;
    let mut op = env.op("kubectl describe deployment worker");
    op.verb = kubechat_core::Verb::Diagnose;
    let out = env.ex.read(&env.alice, &op, &env.ns).await.unwrap();
    let crash = out.data["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["title"] == "CrashLoopBackOff")
        .unwrap()
        .clone();
    assert!(crash.get("fix").is_none(), "{crash}");
}

/// A person who may read the pods but not the ReplicaSets gets the
/// diagnosis without a proposed fix, and is told why — not silence.
#[tokio::test]
async fn a_fix_the_person_may_not_read_for_is_said_not_hidden() {
    use k8s_openapi::api::rbac::v1::{Role, RoleBinding};
    let env = Env::new().await;
    crash_loop_after_rollout(&env).await;
    let pp = kube::api::PostParams::default();
    Api::<Role>::namespaced(env.admin.clone(), &env.ns)
        .create(
            &pp,
            &serde_json::from_value(json!({
                "metadata": {"name": "pods-only"},
                "rules": [
                    {"apiGroups": [""], "resources": ["pods", "pods/log", "events"], "verbs": ["get", "list"]},
                    {"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get", "list"]}
                ]
            }))
            .unwrap(),
        )
        .await
        .unwrap();
    Api::<RoleBinding>::namespaced(env.admin.clone(), &env.ns)
        .create(
            &pp,
            &serde_json::from_value(json!({
                "metadata": {"name": "carl-pods-only"},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "pods-only"},
                "subjects": [{"kind": "User", "name": "carl", "apiGroup": "rbac.authorization.k8s.io"}]
            }))
            .unwrap(),
        )
        .await
        .unwrap();
    let carl = kubechat_kube::Actor::new("carl", Vec::<String>::new()).unwrap();
    let mut op = env.op("kubectl describe deployment web");
    op.verb = kubechat_core::Verb::Diagnose;
    let mut out = None;
    for _ in 0..100 {
        if let Ok(o) = env.ex.read(&carl, &op, &env.ns).await {
            out = Some(o);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let out = out.expect("carl may diagnose once RBAC has his binding");
    let finding = out.data["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["title"] == "CrashLoopBackOff")
        .unwrap_or_else(|| panic!("no crash finding in {}", out.text))
        .clone();
    assert!(finding.get("fix").is_none(), "{finding}");
    assert!(
        finding["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e
                .as_str()
                .is_some_and(|e| e.contains("no fix proposed: replicasets")
                    && e.contains("forbidden to you"))),
        "{finding}"
    );
}
