//! "Fix the broken workload", through the chat: the scenarios public
//! benchmark tasks pose (a crash loop after a bad rollout, an image that
//! cannot be pulled, a container killed for memory, a probe on the wrong
//! port, a Service routing to a workload scaled to zero, a Service whose
//! selector is one letter off) set up on the real API server with the
//! statuses controllers and kubelets would write, and one dependency crash
//! that has no fix. One person asks "what is wrong in NS?" over the REST
//! chat; each proposed fix is asked as written, previewed, confirmed and
//! applied through the same API — and each object ends as the fix said.

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Service;
use k8s_openapi::api::rbac::v1::{Role, RoleBinding};
use kube::api::{Api, PostParams};
use kubechat_core::UserRole;
use kubechat_testkit::scene::{Scene, app, crashed, waiting};
use serde_json::{Value, json};

use crate::helpers::{TestApp, post, spawn_app, web_cluster};

const PASSWORD: &str = "a long enough passphrase";

fn from<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("a valid object")
}

fn running(ready: bool) -> Value {
    json!({"phase": "Running", "podIP": "10.1.0.9", "conditions": [{"type": "Ready", "status": if ready { "True" } else { "False" }}],
        "containerStatuses": [{"name": "app", "ready": ready, "restartCount": 0, "image": "x", "imageID": "",
            "state": {"running": {"startedAt": "2026-11-22T09:00:00Z"}}}]})
}

/// Lets the Kubernetes user `user` do anything with core and apps
/// objects in `ns`, nothing elsewhere: the cluster's RBAC, not KubeChat,
/// gives that.
async fn grant_everything(admin: &kube::Client, ns: &str, user: &str) -> anyhow::Result<()> {
    Api::<Role>::namespaced(admin.clone(), ns)
        .create(
            &PostParams::default(),
            &from(json!({
                "metadata": {"name": user},
                "rules": [{"apiGroups": ["", "apps"], "resources": ["*"], "verbs": ["*"]}]
            })),
        )
        .await?;
    Api::<RoleBinding>::namespaced(admin.clone(), ns)
        .create(&PostParams::default(), &from(json!({
            "metadata": {"name": user},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": user},
            "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": user}]
        })))
        .await?;
    Ok(())
}

async fn ask(app: &TestApp, token: &str, text: &str, ns: &str) -> Value {
    post(
        app,
        "/api/v1/ask",
        token,
        json!({"text": text, "namespace": ns}),
    )
    .await
    .1
}

#[tokio::test]
async fn broken_workloads_are_diagnosed_and_fixed_through_the_chat() -> anyhow::Result<()> {
    let cluster = web_cluster(&[]).await?;
    let (ns, admin) = (cluster.ns.as_str(), &cluster.admin);
    // The person who fixes may do anything in this namespace, nothing
    // elsewhere: the cluster's RBAC, not KubeChat, gives that.
    grant_everything(admin, ns, "fixer").await?;
    let s = Scene::new(admin.clone(), ns);

    // 1. A crash loop after a rollout: revision 2 ran, revision 3 crashes.
    s.deployment("front", 2, &json!({"app": "front"}), &app("front:3"), 3)
        .await?;
    s.revision("front", "5b7c9d", 2, &app("front:2"), (2, 2))
        .await?;
    let rs = s
        .revision("front", "6f8d4c", 3, &app("front:3"), (0, 2))
        .await?;
    s.pod(&rs, "x7k2p", &app("front:3"), crashed("Error", 1))
        .await?;
    // 2. An image that cannot be pulled while the previous one ran.
    s.deployment(
        "shopapi",
        3,
        &json!({"app": "shopapi"}),
        &app("shopapi:1.5-typo"),
        5,
    )
    .await?;
    s.revision("shopapi", "7a1b2c", 4, &app("shopapi:1.4"), (3, 3))
        .await?;
    let rs = s
        .revision("shopapi", "8c3d4e", 5, &app("shopapi:1.5-typo"), (0, 3))
        .await?;
    s.pod(
        &rs,
        "q2w3e",
        &app("shopapi:1.5-typo"),
        waiting("ImagePullBackOff", json!({})),
    )
    .await?;
    // 3. Killed for memory at its limit.
    let hungry = json!({"name": "app", "image": "recommender:1", "resources": {"limits": {"memory": "128Mi"}}});
    s.deployment("recommender", 1, &json!({"app": "recommender"}), &hungry, 1)
        .await?;
    let rs = s
        .revision("recommender", "9d8c7b", 1, &hungry, (0, 1))
        .await?;
    s.pod(&rs, "k4m2n", &hungry, crashed("OOMKilled", 137))
        .await?;
    // 4. A readiness probe on a port nothing listens on.
    let probed = json!({"name": "app", "image": "search:4", "ports": [{"containerPort": 8080}],
                        "readinessProbe": {"httpGet": {"path": "/ready", "port": 8081}}});
    s.deployment("search", 1, &json!({"app": "search"}), &probed, 1)
        .await?;
    let rs = s.revision("search", "5d6c7b", 1, &probed, (0, 1)).await?;
    let pod = s.pod(&rs, "t4q8z", &probed, running(false)).await?;
    s.event(&pod, "Unhealthy", "Readiness probe failed: Get \"http://10.1.0.9:8081/ready\": dial tcp 10.1.0.9:8081: connect: connection refused").await?;
    // 5. A Service routing to a Deployment scaled to zero (it ran 3).
    s.deployment(
        "reviews",
        0,
        &json!({"app": "reviews"}),
        &app("reviews:1"),
        1,
    )
    .await?;
    s.revision("reviews", "1a2b3c", 1, &app("reviews:1"), (0, 3))
        .await?;
    s.service("reviews", &json!({"app": "reviews"})).await?;
    // 6. A Service whose selector is one letter off the pods' labels.
    s.deployment("cart", 1, &json!({"app": "cart"}), &app("cart:2"), 1)
        .await?;
    let rs = s
        .revision("cart", "6b7c8d", 1, &app("cart:2"), (1, 1))
        .await?;
    s.pod(&rs, "h2k9d", &app("cart:2"), running(true)).await?;
    s.service("cart", &json!({"app": "carts"})).await?;
    // And a crash with no earlier revision to go back to: explained only.
    s.deployment(
        "checkout",
        1,
        &json!({"app": "checkout"}),
        &app("checkout:2"),
        1,
    )
    .await?;
    let rs = s
        .revision("checkout", "3e4f5a", 1, &app("checkout:2"), (0, 1))
        .await?;
    s.pod(&rs, "qwrty", &app("checkout:2"), crashed("Error", 1))
        .await?;

    let app = spawn_app(|c| cluster.configure(c)).await?;
    app.add_users(&[("fixer", UserRole::Admin)], PASSWORD)
        .await?;
    let fixer = app.login("fixer", PASSWORD).await;

    // RBAC caches take the new binding shortly.
    let mut wrong = Value::Null;
    for _ in 0..100 {
        wrong = ask(&app, &fixer, &format!("what is wrong in {ns}?"), ns).await;
        if wrong["type"] == "result" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(wrong["type"], "result", "{wrong}");
    assert_eq!(wrong["operation"]["verb"], "diagnose", "{wrong}");
    let findings = wrong["data"]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let fix_for = |subject: &str, title: &str| -> Option<String> {
        findings
            .iter()
            .find(|f| {
                f["subject"]
                    .as_str()
                    .is_some_and(|s| s.starts_with(subject))
                    && f["title"] == title
            })
            .unwrap_or_else(|| panic!("no {title} finding for {subject}: {}", wrong["text"]))["fix"]
            ["request"]
            .as_str()
            .map(str::to_owned)
    };
    // The cause each scenario should be diagnosed with, and the fix.
    let scenarios = [
        ("pod/front-", "CrashLoopBackOff"),
        ("pod/shopapi-", "ImagePullBackOff"),
        ("pod/recommender-", "OOMKilled"),
        ("pod/search-", "Running but not ready"),
        ("service/reviews", "No ready endpoints"),
        ("service/cart", "No ready endpoints"),
    ];
    let mut fixed = 0;
    for (subject, cause) in scenarios {
        let request = fix_for(subject, cause).unwrap_or_else(|| panic!("no fix for {subject}"));
        let preview = ask(&app, &fixer, &request, ns).await;
        assert_eq!(preview["type"], "preview", "{request}: {preview}");
        let plan = preview["plan_id"].as_str().unwrap();
        let typed = match preview["confirmation"]["phrase"].as_str() {
            Some(phrase) => json!({"typed": phrase}),
            None => json!({}),
        };
        let (status, done) = post(
            &app,
            &format!("/api/v1/plans/{plan}/confirm"),
            &fixer,
            typed,
        )
        .await;
        assert_eq!(
            (status, done["type"].as_str()),
            (200, Some("result")),
            "{request}: {done}"
        );
        fixed += 1;
    }
    assert_eq!(fixed, 6);
    // Explained, not "fixed".
    assert_eq!(fix_for("pod/checkout-", "CrashLoopBackOff"), None);

    // Each object ended as its fix said.
    let deployments = Api::<Deployment>::namespaced(admin.clone(), ns);
    let container = |d: &Deployment| d.spec.template.spec.as_ref().unwrap().containers[0].clone();
    let front = deployments.get("front").await?;
    assert_eq!(
        container(&front).image.as_deref(),
        Some("front:2"),
        "rolled back"
    );
    let shopapi = deployments.get("shopapi").await?;
    assert_eq!(
        container(&shopapi).image.as_deref(),
        Some("shopapi:1.4"),
        "the image that ran"
    );
    let recommender = deployments.get("recommender").await?;
    let limits = container(&recommender).resources.unwrap().limits.unwrap();
    assert_eq!(limits["memory"].0, "256Mi", "the limit doubled");
    let search = deployments.get("search").await?;
    let probe = container(&search)
        .readiness_probe
        .unwrap()
        .http_get
        .unwrap();
    assert_eq!(serde_json::to_value(&probe.port)?, json!(8080));
    assert_eq!(probe.path.as_deref(), Some("/ready"), "the path is kept");
    let reviews = deployments.get("reviews").await?;
    assert_eq!(reviews.spec.replicas, Some(3), "the count it last ran");
    let cart = Api::<Service>::namespaced(admin.clone(), ns)
        .get("cart")
        .await?;
    assert_eq!(cart.spec.unwrap().selector.unwrap()["app"], "cart");
    let checkout = deployments.get("checkout").await?;
    assert_eq!(
        container(&checkout).image.as_deref(),
        Some("checkout:2"),
        "untouched"
    );
    Ok(())
}

/// "restart node-agent", "is the node-agent rollout done?": no Deployment
/// has the name, the DaemonSet does — it is the one read and restarted,
/// and the line says daemonset. A name no workload has stays not found.
#[tokio::test]
async fn a_rollout_of_a_name_only_a_daemonset_has_is_that_daemonsets() -> anyhow::Result<()> {
    let cluster = web_cluster(&[]).await?;
    let (ns, admin) = (cluster.ns.as_str(), &cluster.admin);
    grant_everything(admin, ns, "olga").await?;
    Api::<k8s_openapi::api::apps::v1::DaemonSet>::namespaced(admin.clone(), ns)
        .create(
            &PostParams::default(),
            &from(json!({
                "metadata": {"name": "node-agent"},
                "spec": {
                    "selector": {"matchLabels": {"app": "node-agent"}},
                    "template": {"metadata": {"labels": {"app": "node-agent"}},
                                 "spec": {"containers": [{"name": "agent", "image": "agent:1"}]}}
                }
            })),
        )
        .await?;
    let app = spawn_app(|c| cluster.configure(c)).await?;
    app.add_users(&[("olga", UserRole::Operator)], PASSWORD)
        .await?;
    let token = app.login("olga", PASSWORD).await;

    let status = ask(&app, &token, "is the node-agent rollout done?", ns).await;
    assert_eq!(
        status["kubectl"],
        format!("kubectl rollout status daemonset/node-agent --watch=false -n {ns}"),
        "{status}"
    );
    let restart = ask(&app, &token, "restart node-agent", ns).await;
    assert_eq!(restart["type"], "preview", "{restart}");
    assert_eq!(
        restart["kubectl"],
        format!("kubectl rollout restart daemonset/node-agent -n {ns}"),
        "{restart}"
    );
    let none = ask(&app, &token, "restart nothing-here", ns).await;
    assert!(none.to_string().contains("not found"), "{none}");
    Ok(())
}

/// "show me the web pods", `kubectl get pod web`: no pod has the name,
/// the Deployment does — it is read as the person (policy and audit of
/// its own), then its pods by its selector; the line shows the selector
/// and the answer says so. A name nothing has stays not found.
#[tokio::test]
async fn a_pod_name_no_pod_has_reads_the_pods_of_that_workload() -> anyhow::Result<()> {
    let cluster = web_cluster(&[]).await?;
    let (ns, admin) = (cluster.ns.as_str(), &cluster.admin);
    grant_everything(admin, ns, "olga").await?;
    // `web` (app=web) comes with the test cluster.
    for (pod, app) in [
        ("web-7d9f8c6b5-x2k4q", "web"),
        ("web-7d9f8c6b5-p9z8m", "web"),
        ("db-0", "db"),
    ] {
        Api::<k8s_openapi::api::core::v1::Pod>::namespaced(admin.clone(), ns)
            .create(
                &PostParams::default(),
                &from(json!({
                    "metadata": {"name": pod, "labels": {"app": app}},
                    "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}
                })),
            )
            .await?;
    }
    let app = spawn_app(|c| cluster.configure(c)).await?;
    app.add_users(&[("olga", UserRole::Operator)], PASSWORD)
        .await?;
    let token = app.login("olga", PASSWORD).await;

    let pods = ask(&app, &token, "show me the web pods", ns).await;
    assert_eq!(pods["type"], "result", "{pods}");
    assert_eq!(
        pods["kubectl"],
        format!("kubectl get pods -n {ns} -l app=web"),
        "{pods}"
    );
    let summary = pods["summary"].as_str().unwrap_or_default();
    assert!(
        summary.starts_with("no pod is named web; the pods of deployment web (app=web): 2 pods"),
        "{summary}"
    );
    let text = pods["text"].as_str().unwrap_or_default();
    assert!(
        text.contains("web-7d9f8c6b5-p9z8m") && !text.contains("db-0"),
        "{text}"
    );
    // Said as the workload's pods: the same pods, never every pod.
    let owned = ask(&app, &token, "show the pods of deployment web", ns).await;
    assert_eq!(
        owned["kubectl"],
        format!("kubectl get pods -n {ns} -l app=web"),
        "{owned}"
    );
    let none = ask(&app, &token, "kubectl get pod nosuch", ns).await;
    assert!(none.to_string().contains("not found"), "{none}");
    Ok(())
}

/// "show me the logs of web": people name the app — one pod of the
/// Deployment that has it is read (through the API server's proxy to the
/// node's kubelet, the test kit's stand-in). "the logs of toolbox", a pod
/// made on its own (`kubectl run toolbox`) that no Deployment has: the pod
/// is read in its place, and the answer says so. A name nothing has stays
/// not found, and a kind the person may not read (jobs, here) is passed
/// over.
#[tokio::test]
async fn logs_of_a_name_no_pod_has_are_its_workloads() -> anyhow::Result<()> {
    use k8s_openapi::api::core::v1::{Node, Pod};
    use kube::api::DeleteParams;
    let cluster = web_cluster(&[]).await?;
    let (ns, admin) = (cluster.ns.as_str(), &cluster.admin);
    grant_everything(admin, ns, "olga").await?;
    let kubelet = kubechat_testkit::FakeKubelet::start().await?;
    let node = format!("node-{ns}");
    kubelet.serve_node(admin, &node).await?;
    // `web` (app=web) comes with the test cluster; this is its pod.
    let pod = "web-7d9f8c6b5-x2k4q";
    Api::<Pod>::namespaced(admin.clone(), ns)
        .create(
            &PostParams::default(),
            &from(json!({
                "metadata": {"name": pod, "labels": {"app": "web"}},
                "spec": {"nodeName": node, "containers": [{"name": "app", "image": "nginx:1.27"}]}
            })),
        )
        .await?;
    kubelet.set_logs(ns, pod, "app", "GET / 200\nGET /health 200\n");
    Api::<Pod>::namespaced(admin.clone(), ns)
        .create(
            &PostParams::default(),
            &from(json!({
                "metadata": {"name": "toolbox"},
                "spec": {"nodeName": node, "containers": [{"name": "shell", "image": "busybox:1.36"}]}
            })),
        )
        .await?;
    kubelet.set_logs(ns, "toolbox", "shell", "probing db:5432 ok\n");
    let app = spawn_app(|c| cluster.configure(c)).await?;
    app.add_users(&[("olga", UserRole::Operator)], PASSWORD)
        .await?;
    let token = app.login("olga", PASSWORD).await;

    let logs = ask(&app, &token, "show me the logs of web", ns).await;
    assert_eq!(logs["type"], "result", "{logs}");
    assert_eq!(
        logs["kubectl"],
        format!("kubectl logs deployment/web -n {ns}"),
        "{logs}"
    );
    let summary = logs["summary"].as_str().unwrap_or_default();
    assert!(!summary.starts_with("no "), "{summary}");
    assert!(
        logs["text"]
            .as_str()
            .unwrap_or_default()
            .contains("GET /health 200"),
        "{logs}"
    );
    assert!(
        kubelet
            .requests()
            .iter()
            .any(|r| r.starts_with(&format!("/containerLogs/{ns}/{pod}/app"))),
        "{:?}",
        kubelet.requests()
    );
    let bare = ask(&app, &token, "show me the logs of toolbox", ns).await;
    assert_eq!(bare["type"], "result", "{bare}");
    let summary = bare["summary"].as_str().unwrap_or_default();
    assert!(
        summary.starts_with("no deployment is named toolbox; the logs of pod toolbox:"),
        "{summary}"
    );
    assert!(
        bare["text"]
            .as_str()
            .unwrap_or_default()
            .contains("probing db:5432 ok"),
        "{bare}"
    );
    let none = ask(&app, &token, "show me the logs of nosuch", ns).await;
    assert!(none.to_string().contains("not found"), "{none}");
    Api::<Node>::all(admin.clone())
        .delete(&node, &DeleteParams::default())
        .await?;
    Ok(())
}

async fn confirm(app: &TestApp, token: &str, preview: &Value) -> Value {
    let plan = preview["plan_id"].as_str().unwrap_or_default();
    let typed = match preview["confirmation"]["phrase"].as_str() {
        Some(phrase) => json!({"typed": phrase}),
        None => json!({}),
    };
    post(app, &format!("/api/v1/plans/{plan}/confirm"), token, typed)
        .await
        .1
}

/// "apply this:" and a pasted manifest, then "delete this" and the same
/// manifest: the manifest's object is the one previewed, decided on,
/// written and deleted (the line names it). A file named without its
/// contents (`kubectl delete -f settings.yaml`) is asked for.
#[tokio::test]
async fn a_pasted_manifest_is_applied_and_deleted_through_the_chat() -> anyhow::Result<()> {
    use k8s_openapi::api::core::v1::ConfigMap;
    let cluster = web_cluster(&[]).await?;
    let (ns, admin) = (cluster.ns.as_str(), &cluster.admin);
    grant_everything(admin, ns, "olga").await?;
    let app = spawn_app(|c| cluster.configure(c)).await?;
    app.add_users(&[("olga", UserRole::Admin)], PASSWORD)
        .await?;
    let token = app.login("olga", PASSWORD).await;
    let manifest =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  color: blue\n";

    let preview = ask(
        &app,
        &token,
        &format!("apply this:\n```yaml\n{manifest}```"),
        ns,
    )
    .await;
    assert_eq!(preview["type"], "preview", "{preview}");
    assert_eq!(preview["operation"]["resource"], "configmaps", "{preview}");
    let done = confirm(&app, &token, &preview).await;
    assert_eq!(done["type"], "result", "{done}");
    let cms = Api::<ConfigMap>::namespaced(admin.clone(), ns);
    let cm = cms.get("settings").await?;
    assert_eq!(cm.data.unwrap()["color"], "blue");

    let preview = ask(&app, &token, &format!("delete this\n{manifest}"), ns).await;
    assert_eq!(preview["type"], "preview", "{preview}");
    assert_eq!(
        preview["kubectl"],
        format!("kubectl delete configmaps settings -n {ns}"),
        "{preview}"
    );
    let done = confirm(&app, &token, &preview).await;
    assert_eq!(done["type"], "result", "{done}");
    assert!(cms.get_opt("settings").await?.is_none(), "deleted");

    let asked = ask(&app, &token, "kubectl delete -f settings.yaml", ns).await;
    assert!(asked.to_string().contains("paste its contents"), "{asked}");
    // Nothing said about what to do: asked, nothing written.
    let asked = ask(&app, &token, manifest, ns).await;
    assert!(
        asked.to_string().contains("without saying what to do"),
        "{asked}"
    );
    assert!(cms.get_opt("settings").await?.is_none());
    Ok(())
}
