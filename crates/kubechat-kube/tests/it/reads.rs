use kubechat_kube::{Error, OutcomeKind};
use serde_json::json;

use crate::env::{Env, running};

#[tokio::test]
async fn get_renders_the_servers_table_as_the_impersonated_user() {
    let env = Env::new().await;
    env.pod(
        "web-1",
        json!({"app": "web"}),
        &["app"],
        running("app", true),
    )
    .await;
    env.pod(
        "db-1",
        json!({"app": "db"}),
        &["app"],
        running("app", false),
    )
    .await;

    let out = env
        .ex
        .read(
            &env.alice,
            &env.op(&format!("kubectl get pods -n {}", env.ns)),
            "default",
        )
        .await
        .unwrap();
    assert_eq!(out.kind, OutcomeKind::Table);
    assert_eq!(out.summary, format!("2 pods in namespace {}", env.ns));
    let mut lines = out.text.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("NAME") && header.contains("READY") && header.contains("STATUS"),
        "{}",
        out.text
    );
    assert!(
        out.text.contains("web-1") && out.text.contains("1/1") && out.text.contains("Running"),
        "{}",
        out.text
    );
    assert!(out.text.contains("0/1"), "{}", out.text);
    assert_eq!(out.data["kind"], "Table");

    // Label selector, wide columns, JSON objects, names.
    let out = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl get pods -l app=web -o wide"),
            &env.ns,
        )
        .await
        .unwrap();
    assert!(
        out.text.contains("web-1") && !out.text.contains("db-1"),
        "{}",
        out.text
    );
    assert!(
        out.text.lines().next().unwrap().contains("NODE"),
        "wide adds columns: {}",
        out.text
    );
    let out = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl get pod web-1 -o json"),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(out.data["metadata"]["name"], "web-1");
    assert!(out.data["metadata"].get("managedFields").is_none());
    // -o yaml is YAML, as kubectl writes it; a list is a List.
    let yaml = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl get pod web-1 -o yaml"),
            &env.ns,
        )
        .await
        .unwrap();
    assert!(
        yaml.text
            .starts_with("apiVersion: v1\nkind: Pod\nmetadata:\n"),
        "{}",
        yaml.text
    );
    assert!(yaml.text.contains("\n  name: web-1\n"), "{}", yaml.text);
    let list = env
        .ex
        .read(&env.alice, &env.op("kubectl get pods -o yaml"), &env.ns)
        .await
        .unwrap();
    assert!(
        list.text
            .starts_with("apiVersion: v1\nitems:\n- apiVersion: v1\n"),
        "{}",
        list.text
    );
    assert!(list.text.ends_with("kind: List\n"), "{}", list.text);
    let out = env
        .ex
        .read(&env.alice, &env.op("kubectl get pods -o name"), &env.ns)
        .await
        .unwrap();
    assert_eq!(out.text, "pod/db-1\npod/web-1\n");
}

#[tokio::test]
async fn empty_lists_say_so() {
    let env = Env::new().await;
    let out = env
        .ex
        .read(&env.alice, &env.op("kubectl get services"), &env.ns)
        .await
        .unwrap();
    assert_eq!(
        out.summary,
        format!("no services found in namespace {}", env.ns)
    );
    assert_eq!(
        out.text,
        format!("No resources found in namespace {}.\n", env.ns)
    );
}

#[tokio::test]
async fn describe_shows_status_conditions_and_events() {
    let env = Env::new().await;
    env.pod(
        "web-1",
        json!({"app": "web"}),
        &["app"],
        running("app", false),
    )
    .await;
    env.event(
        "web-1.probe",
        ("Pod", "web-1"),
        "Unhealthy",
        "Warning",
        "Readiness probe failed: HTTP probe failed with statuscode: 503",
        "2026-11-22T10:05:00Z",
    )
    .await;
    let out = env
        .ex
        .read(&env.alice, &env.op("kubectl describe pod web-1"), &env.ns)
        .await
        .unwrap();
    assert_eq!(out.kind, OutcomeKind::Description);
    for want in [
        "Name:           web-1",
        "app: running ready=false restarts=0",
        "Ready",
        "Unhealthy",
        "Readiness probe failed",
    ] {
        assert!(out.text.contains(want), "missing {want:?} in\n{}", out.text);
    }
}

#[tokio::test]
async fn events_are_newest_first_and_can_target_one_object() {
    let env = Env::new().await;
    env.event(
        "a.1",
        ("Pod", "a"),
        "Scheduled",
        "Normal",
        "old event",
        "2026-11-22T09:00:00Z",
    )
    .await;
    env.event(
        "b.1",
        ("Pod", "b"),
        "Pulled",
        "Normal",
        "newer event",
        "2026-11-22T10:00:00Z",
    )
    .await;
    let out = env
        .ex
        .read(&env.alice, &env.op("kubectl events"), &env.ns)
        .await
        .unwrap();
    let newer = out.text.find("newer event").unwrap();
    let older = out.text.find("old event").unwrap();
    assert!(newer < older, "newest first:\n{}", out.text);
    assert!(out.text.starts_with("LAST SEEN"), "{}", out.text);

    let out = env
        .ex
        .read(&env.alice, &env.op("kubectl events --for pod/a"), &env.ns)
        .await
        .unwrap();
    assert_eq!(out.data.as_array().unwrap().len(), 1);
    assert_eq!(out.data[0]["object"], "pod/a");

    // "events for api": no pod is named api, but its objects are named
    // after it — their events, and the answer says so.
    for (name, kind, object) in [
        ("api-7c9d8.1", "Pod", "api-7c9d8-x2k4p"),
        ("api.1", "Deployment", "api"),
        ("apiserver.1", "Pod", "apiserver-0"),
    ] {
        env.event(
            name,
            (kind, object),
            "Killing",
            "Normal",
            &format!("about {object}"),
            "2026-11-22T11:00:00Z",
        )
        .await;
    }
    let out = env
        .ex
        .read(&env.alice, &env.op("kubectl events --for pod/api"), &env.ns)
        .await
        .unwrap();
    let objects: Vec<&str> = out
        .data
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["object"].as_str())
        .collect();
    assert_eq!(
        objects.len(),
        2,
        "the pod and deployment named after api, not apiserver-0: {objects:?}"
    );
    assert!(
        out.summary.contains("no pod is named api"),
        "{}",
        out.summary
    );
}

#[tokio::test]
async fn rollout_status_reads_the_workload_status_or_waits_for_it() {
    let env = Env::new().await;
    env.deployment("web", 3, "nginx:1.27").await;
    let api: kube::Api<k8s_openapi::api::apps::v1::Deployment> =
        kube::Api::namespaced(env.admin.clone(), &env.ns);
    let pp = kube::api::PatchParams::default();
    let set = |updated: i32, available: i32| {
        kube::api::Patch::Merge(
            json!({"status": {"observedGeneration": 1, "replicas": 3, "updatedReplicas": updated, "readyReplicas": available, "availableReplicas": available}}),
        )
    };
    api.patch_status("web", &pp, &set(2, 1)).await.unwrap();
    let status = |line: &'static str| {
        let env = &env;
        async move {
            env.ex
                .read(&env.alice, &env.op(line), &env.ns)
                .await
                .unwrap()
        }
    };
    let once = status("kubectl rollout status deployment/web --watch=false").await;
    assert_eq!(
        once.summary,
        "Waiting for deployment \"web\" rollout to finish: 2 of 3 updated replicas are available..."
    );
    assert_eq!(once.data["complete"], false);
    assert_eq!(once.data["timed_out"], false);
    // Waited for and still rolling when the timeout passes: said so.
    let late = status("kubectl rollout status deployment/web --timeout=1s").await;
    assert_eq!(
        late.summary,
        "not finished after waiting 1s: Waiting for deployment \"web\" rollout to finish: 2 of 3 updated replicas are available..."
    );
    assert_eq!(late.data["timed_out"], true);
    // The controller (here: the test) finishes the rollout while the
    // read waits; the wait ends with it.
    let finish = {
        let api = api.clone();
        tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            api.patch_status("web", &kube::api::PatchParams::default(), &set(3, 3))
                .await
                .unwrap();
        })
    };
    let waited = status("kubectl rollout status deployment/web --timeout=5m").await;
    finish.await.unwrap();
    assert_eq!(waited.summary, "deployment \"web\" successfully rolled out");
    assert_eq!(waited.data["complete"], true);
    assert_eq!(waited.data["timed_out"], false);
}

#[tokio::test]
async fn logs_need_a_container_when_a_pod_has_several() {
    let env = Env::new().await;
    env.pod(
        "multi",
        json!({"app": "m"}),
        &["app", "sidecar"],
        running("app", true),
    )
    .await;
    let err = env
        .ex
        .read(&env.alice, &env.op("kubectl logs multi"), &env.ns)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::AmbiguousContainer { .. }));
    assert_eq!(
        err.to_string(),
        "pod multi has 2 containers (app, sidecar); say which one, e.g. 'logs of multi container app', or ask for the logs of all containers"
    );
    let err = env
        .ex
        .read(&env.alice, &env.op("kubectl logs multi -c proxy"), &env.ns)
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "pod multi has no container 'proxy'; its containers are app, sidecar"
    );
    // A pod on no node has no logs: said plainly, not an empty answer.
    let err = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl logs multi -c app --tail=5"),
            &env.ns,
        )
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("pod multi is not running on a node yet, so it has no logs"),
        "{err}"
    );
    // On a node whose kubelet cannot be reached, the API server's refusal.
    env.pod_on(
        Some(&env.node),
        "placed",
        json!({"app": "p"}),
        &["app"],
        running("app", true),
    )
    .await;
    let err = env
        .ex
        .read(&env.alice, &env.op("kubectl logs placed"), &env.ns)
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("the API server refused the get"),
        "{err}"
    );
}

#[tokio::test]
async fn top_without_metrics_server_says_so() {
    let env = Env::new().await;
    let err = env
        .ex
        .read(&env.alice, &env.op("kubectl top pods"), &env.ns)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::MetricsUnavailable), "{err}");
    assert!(err.to_string().contains("metrics-server is not installed"));
}

#[tokio::test]
async fn custom_resources_work_through_discovery() {
    use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
    let env = Env::new().await;
    // A CRD per test namespace, so tests stay independent.
    let group = format!("{}.example.com", env.ns);
    let crds: kube::Api<CustomResourceDefinition> = kube::Api::all(env.admin.clone());
    let crd: CustomResourceDefinition = serde_json::from_value(json!({
        "metadata": {"name": format!("widgets.{group}")},
        "spec": {
            "group": group, "scope": "Namespaced",
            "names": {"plural": "widgets", "singular": "widget", "kind": "Widget"},
            "versions": [{"name": "v1", "served": true, "storage": true,
                "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}},
                "additionalPrinterColumns": [{"name": "Color", "type": "string", "jsonPath": ".spec.color"}]}]
        }
    }))
    .unwrap();
    crds.create(&Default::default(), &crd).await.unwrap();
    let ar = kube::discovery::ApiResource::from_gvk_with_plural(
        &kube::api::GroupVersionKind::gvk(&group, "v1", "Widget"),
        "widgets",
    );
    let widgets: kube::Api<kube::api::DynamicObject> =
        kube::Api::namespaced_with(env.admin.clone(), &env.ns, &ar);
    let obj: kube::api::DynamicObject = serde_json::from_value(json!({
        "apiVersion": format!("{group}/v1"), "kind": "Widget",
        "metadata": {"name": "blue-one"}, "spec": {"color": "blue"}
    }))
    .unwrap();
    // The CRD becomes servable shortly after it is created.
    for attempt in 0.. {
        match widgets.create(&Default::default(), &obj).await {
            Ok(_) => break,
            Err(e) if attempt < 100 => {
                let _ = e;
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => panic!("CRD never served: {e}"),
        }
    }
    // Alice may read it once granted, through the same RBAC path.
    let role: k8s_openapi::api::rbac::v1::Role = serde_json::from_value(json!({
        "metadata": {"name": "widgets"}, "rules": [{"apiGroups": [group], "resources": ["widgets"], "verbs": ["get", "list"]}]
    }))
    .unwrap();
    kube::Api::<k8s_openapi::api::rbac::v1::Role>::namespaced(env.admin.clone(), &env.ns)
        .create(&Default::default(), &role)
        .await
        .unwrap();
    let binding: k8s_openapi::api::rbac::v1::RoleBinding = serde_json::from_value(json!({
        "metadata": {"name": "alice-widgets"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "widgets"},
        "subjects": [{"kind": "User", "name": "alice", "apiGroup": "rbac.authorization.k8s.io"}]
    }))
    .unwrap();
    kube::Api::<k8s_openapi::api::rbac::v1::RoleBinding>::namespaced(env.admin.clone(), &env.ns)
        .create(&Default::default(), &binding)
        .await
        .unwrap();

    let op = env.op(&format!("kubectl get widgets.{group}"));
    let mut out = None;
    for _ in 0..100 {
        match env.ex.read(&env.alice, &op, &env.ns).await {
            Ok(o) => {
                out = Some(o);
                break;
            }
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
    let out = out.expect("widgets readable");
    assert!(
        out.text.lines().next().unwrap().contains("COLOR"),
        "the CRD's printer columns: {}",
        out.text
    );
    assert!(
        out.text.contains("blue-one") && out.text.contains("blue"),
        "{}",
        out.text
    );

    let err = env
        .ex
        .read(
            &env.alice,
            &env.op(&format!("kubectl get widgts.{group}")),
            &env.ns,
        )
        .await
        .unwrap_err();
    assert!(
        err.to_string().starts_with(&format!(
            "unknown resource type 'widgts.{group}' — did you mean"
        )),
        "{err}"
    );
}

#[tokio::test]
async fn explain_reads_the_servers_own_schema() {
    let env = Env::new().await;
    let out = env
        .ex
        .read(&env.alice, &env.op("kubectl explain deployments"), &env.ns)
        .await
        .unwrap();
    assert!(
        out.text
            .starts_with("KIND:       Deployment\nVERSION:    apps/v1\n"),
        "{}",
        out.text
    );
    assert!(out.text.contains("  spec\t<Object>"), "{}", out.text);
    assert!(out.text.contains("  metadata\t<Object>"), "{}", out.text);
    let out = env
        .ex
        .read(&env.alice, &env.op("kubectl explain pods"), &env.ns)
        .await
        .unwrap();
    assert_eq!(out.data["apiVersion"], "v1");
}

/// `kubectl explain pods.spec.containers`: the field's own documentation
/// and the fields of its type, through references and arrays; a field
/// that is not there is named with the ones that are.
#[tokio::test]
async fn explain_walks_down_to_a_field() {
    let env = Env::new().await;
    let op = env.op("kubectl explain pods.spec.containers");
    let out = env.ex.read(&env.alice, &op, &env.ns).await.unwrap();
    assert!(
        out.text
            .starts_with("KIND:       Pod\nVERSION:    v1\n\nFIELD: containers <[]Object>\n"),
        "{}",
        out.text
    );
    assert!(out.text.contains("  image\t<string>"), "{}", out.text);
    assert!(
        out.text.contains("  name\t<string> -required-"),
        "{}",
        out.text
    );
    assert_eq!(out.data["field"], "spec.containers");
    let out = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl explain deployments.spec.strategy.rollingUpdate"),
            &env.ns,
        )
        .await
        .unwrap();
    assert!(out.text.contains("  maxSurge\t"), "{}", out.text);
    let err = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl explain pods.spec.nosuch"),
            &env.ns,
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("\"nosuch\" does not exist in spec") && err.contains("containers"),
        "{err}"
    );
}

/// `kubectl logs POD --all-containers`: every container's lines, init
/// containers first, each line prefixed with its container; one with no
/// logs says why in its place.
#[tokio::test]
async fn logs_of_all_containers_come_one_after_another() {
    let env = Env::new().await;
    let kubelet = kubelet_on_node(&env).await;
    let _: k8s_openapi::api::core::v1::Pod = crate::env::create(
        &env.admin,
        Some(&env.ns),
        json!({
            "metadata": {"name": "multi", "labels": {"app": "multi"}},
            "spec": {
                "nodeName": env.node,
                "initContainers": [{"name": "migrate", "image": "registry.example/migrate:1"}],
                "containers": [
                    {"name": "app", "image": "registry.example/app:1"},
                    {"name": "sidecar", "image": "registry.example/sidecar:1"}
                ]
            }
        }),
    )
    .await;
    kubelet.set_logs(
        &env.ns,
        "multi",
        "migrate",
        "schema v1\nschema v2\nmigrated\n",
    );
    kubelet.set_logs(&env.ns, "multi", "app", "listening on :8080\n");
    let out = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl logs multi --all-containers --tail=2"),
            &env.ns,
        )
        .await
        .unwrap();
    let lines: Vec<&str> = out.text.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "[pod/multi/migrate] schema v2",
            "[pod/multi/migrate] migrated",
            "[pod/multi/app] listening on :8080",
        ],
        "{}",
        out.text
    );
    assert_eq!(lines.len(), 4, "{}", out.text);
    assert!(lines[3].starts_with("[pod/multi/sidecar] "), "{}", lines[3]);
    assert_eq!(
        out.summary,
        format!("3 lines from the 3 containers of multi in {}", env.ns)
    );
    assert_eq!(out.data["containers"][2]["container"], "sidecar");
    assert!(out.data["containers"][2]["error"].is_string());
    let asked = kubelet.requests();
    assert!(
        asked
            .iter()
            .any(|r| r.starts_with(&format!("/containerLogs/{}/multi/migrate?", env.ns))),
        "{asked:?}"
    );
    // Picked by labels: each pod's containers, prefixed the same way.
    let out = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl logs -l app=multi --all-containers --tail=1"),
            &env.ns,
        )
        .await
        .unwrap();
    assert!(
        out.text
            .starts_with("[pod/multi/migrate] migrated\n[pod/multi/app] listening on :8080\n"),
        "{}",
        out.text
    );
    assert_eq!(out.data["pods"][0]["containers"][1]["container"], "app");
}

/// Logs travel the real path: the API server authorizes `pods/log`,
/// finds the pod's node and its kubelet port, and proxies to the kubelet
/// (the test kit's stand-in, since no real kubelet can run here).
#[tokio::test]
async fn logs_come_from_the_kubelet_through_the_api_server() {
    let env = Env::new().await;
    let kubelet = kubelet_on_node(&env).await;
    env.pod_on(
        Some(&env.node),
        "web-1",
        json!({"app": "web"}),
        &["app"],
        running("app", true),
    )
    .await;
    let all: String = (1..=30).map(|i| format!("request {i} served\n")).collect();
    kubelet.set_logs(&env.ns, "web-1", "app", &all);
    kubelet.set_previous_logs(&env.ns, "web-1", "app", "starting\npanic: out of memory\n");

    let out = env
        .ex
        .read(&env.alice, &env.op("kubectl logs web-1 --tail=3"), &env.ns)
        .await
        .unwrap();
    assert_eq!(
        out.text,
        "request 28 served\nrequest 29 served\nrequest 30 served\n"
    );
    assert_eq!(out.summary, format!("3 lines from web-1/app in {}", env.ns));
    let asked = kubelet.requests();
    let first = asked.last().unwrap();
    assert!(
        first.starts_with(&format!("/containerLogs/{}/web-1/app?", env.ns)),
        "{first}"
    );
    assert!(
        first.contains("tailLines=3") && first.contains("limitBytes="),
        "{first}"
    );

    // Filtered by text: the lines read (the last 10,000 unless a tail is
    // said), filtered as `| grep -iF` would.
    let out = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl logs web-1 | grep -iF 'REQUEST 2'"),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(out.text.lines().count(), 11, "{}", out.text);
    assert!(
        out.text
            .starts_with("request 2 served\nrequest 20 served\n"),
        "{}",
        out.text
    );
    assert_eq!(
        out.summary,
        format!(
            "11 lines holding \"REQUEST 2\" from web-1/app in {}",
            env.ns
        )
    );
    let asked = kubelet.requests();
    assert!(
        asked.last().unwrap().contains("tailLines=10000"),
        "{asked:?}"
    );
    let out = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl logs web-1 --tail=5 | grep -i 'request 2'"),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(
        out.text,
        "request 26 served\nrequest 27 served\nrequest 28 served\nrequest 29 served\n"
    );
    assert!(kubelet.requests().last().unwrap().contains("tailLines=5"));

    let out = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl logs web-1 --previous --since=10m"),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(out.text, "starting\npanic: out of memory\n");
    let asked = kubelet.requests();
    let last = asked.last().unwrap();
    assert!(
        last.contains("previous=true") && last.contains("sinceSeconds=600"),
        "{last}"
    );

    // bob has no rights: the API server refuses before the kubelet is asked.
    let before = kubelet.requests().len();
    let err = env
        .ex
        .read(&env.bob, &env.op("kubectl logs web-1"), &env.ns)
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("bob is not allowed to get pods"),
        "{err}"
    );
    assert_eq!(kubelet.requests().len(), before);
}

#[tokio::test]
async fn logs_of_a_workload_come_from_one_of_its_pods() {
    let env = Env::new().await;
    env.deployment("web", 1, "nginx:1.27").await;
    // No pod yet: said plainly.
    let err = env
        .ex
        .read(&env.alice, &env.op("kubectl logs deployment/web"), &env.ns)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("has no pods (app=web)"), "{err}");
    // Its pod (matched by the deployment's selector) is the one read:
    // not on a node yet, so that is what the answer says.
    env.pod(
        "web-7d9f8c6b5-x2k4q",
        json!({"app": "web"}),
        &["app"],
        running("app", true),
    )
    .await;
    env.pod(
        "other",
        json!({"app": "other"}),
        &["app"],
        running("app", true),
    )
    .await;
    let err = env
        .ex
        .read(&env.alice, &env.op("kubectl logs deployment/web"), &env.ns)
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("pod web-7d9f8c6b5-x2k4q is not running on a node yet"),
        "{err}"
    );
    // "logs of web": no pod is called web. The executor reads the one
    // object asked for; the chat turns this into the Deployment's logs,
    // as an operation of its own (`logs_of_a_name_no_pod_has_are_its_workloads`).
    let err = env
        .ex
        .read(&env.alice, &env.op("kubectl logs web"), &env.ns)
        .await
        .unwrap_err();
    assert!(
        matches!(err, kubechat_kube::Error::NotFound { .. }),
        "{err}"
    );
    // Neither a pod nor a Deployment: the pod is not found.
    let err = env
        .ex
        .read(&env.alice, &env.op("kubectl logs nosuch"), &env.ns)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("nosuch"), "{err}");
    assert!(err.to_string().contains("not found"), "{err}");
}

#[tokio::test]
async fn logs_by_selector_read_every_matching_pod_prefixed() {
    let env = Env::new().await;
    let kubelet = kubelet_on_node(&env).await;
    for pod in ["web-a", "web-b"] {
        env.pod_on(
            Some(&env.node),
            pod,
            json!({"app": "web"}),
            &["app"],
            running("app", true),
        )
        .await;
        let lines: String = (1..=20).map(|i| format!("{pod} line {i}\n")).collect();
        kubelet.set_logs(&env.ns, pod, "app", &lines);
    }
    // Not matched, not read.
    env.pod_on(
        Some(&env.node),
        "db-0",
        json!({"app": "db"}),
        &["db"],
        running("db", true),
    )
    .await;
    // Matched but not scheduled: it says so in its place.
    env.pod(
        "web-c",
        json!({"app": "web"}),
        &["app"],
        running("app", true),
    )
    .await;

    let out = env
        .ex
        .read(&env.alice, &env.op("kubectl logs -l app=web"), &env.ns)
        .await
        .unwrap();
    // Ten lines a pod by default, as kubectl reads by selector.
    let lines: Vec<&str> = out.text.lines().collect();
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("[pod/web-a/app] "))
            .count(),
        10,
        "{}",
        out.text
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("[pod/web-b/app] "))
            .count(),
        10,
        "{}",
        out.text
    );
    assert!(
        out.text.contains("[pod/web-b/app] web-b line 20"),
        "{}",
        out.text
    );
    assert!(!out.text.contains("db-0"), "{}", out.text);
    assert!(
        out.text
            .contains("[pod/web-c] pod web-c is not running on a node yet"),
        "{}",
        out.text
    );
    assert_eq!(
        out.summary,
        format!("logs of 3 pods matching app=web in {}", env.ns)
    );

    let err = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl logs -l app=nothing --tail=3"),
            &env.ns,
        )
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("no pods match app=nothing"),
        "{err}"
    );
}

/// A stand-in kubelet registered as the test node's, so the API server
/// proxies `pods/log` of pods on that node to it.
async fn kubelet_on_node(env: &Env) -> kubechat_testkit::FakeKubelet {
    let kubelet = kubechat_testkit::FakeKubelet::start().await.unwrap();
    kubelet.serve_node(&env.admin, &env.node).await.unwrap();
    kubelet
}

#[tokio::test]
async fn several_types_are_read_as_kubectl_shows_them_and_a_forbidden_type_is_named() {
    let env = Env::new().await;
    env.pod(
        "web-1",
        json!({"app": "web"}),
        &["app"],
        running("app", true),
    )
    .await;
    env.service("web", json!({"app": "web"})).await;

    let out = env
        .ex
        .read(
            &env.alice,
            &env.op(&format!("kubectl get pods,services -n {}", env.ns)),
            "default",
        )
        .await
        .unwrap();
    assert_eq!(out.kind, OutcomeKind::Table);
    assert!(out.text.contains("pod/web-1"), "{}", out.text);
    assert!(out.text.contains("service/web"), "{}", out.text);
    assert_eq!(
        out.text.lines().filter(|l| l.starts_with("NAME")).count(),
        2,
        "one table per type: {}",
        out.text
    );
    assert_eq!(out.data["parts"].as_array().map(Vec::len), Some(2));

    // `all` as alice, whose role has no jobs, cronjobs or autoscalers:
    // what she may read is shown, and each refused type is named.
    let all = env
        .ex
        .read(
            &env.alice,
            &env.op(&format!("kubectl get all -n {}", env.ns)),
            "default",
        )
        .await
        .unwrap();
    assert!(all.text.contains("pod/web-1"), "{}", all.text);
    assert!(all.text.contains("service/web"), "{}", all.text);
    assert!(all.text.contains("Error:"), "{}", all.text);
    assert!(
        all.data["parts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["resource"] == "jobs" && p["error"].is_string()),
        "{}",
        all.data
    );

    // bob may read none of them: the first refusal is the answer.
    let refused = env
        .ex
        .read(
            &env.bob,
            &env.op(&format!("kubectl get pods,services -n {}", env.ns)),
            "default",
        )
        .await;
    assert!(refused.is_err(), "{refused:?}");
}

#[tokio::test]
async fn custom_columns_project_fields_and_sort_by_orders_the_servers_table() {
    let env = Env::new().await;
    for (name, restarts, containers) in [
        ("a", 5, &["app", "side"][..]),
        ("b", 0, &["app"][..]),
        ("c", 2, &["app"][..]),
    ] {
        let mut status = running("app", true);
        status["containerStatuses"][0]["restartCount"] = json!(restarts);
        env.pod(name, json!({"app": "web"}), containers, status)
            .await;
    }

    let line = format!(
        "kubectl get pods -n {} -o custom-columns=NAME:.metadata.name,IMAGES:.spec.containers[*].image,RESTARTS:.status.containerStatuses[0].restartCount,IP:.status.podIP --sort-by=.status.containerStatuses[0].restartCount",
        env.ns
    );
    let op = env.op(&line);
    let out = env.ex.read(&env.alice, &op, "default").await.unwrap();
    assert_eq!(out.kind, OutcomeKind::Table);
    let lines: Vec<Vec<&str>> = out
        .text
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(lines[0], ["NAME", "IMAGES", "RESTARTS", "IP"]);
    assert_eq!(
        lines[1..],
        [
            vec!["b", "registry.example/app:1", "0", "<none>"],
            vec!["c", "registry.example/app:1", "2", "<none>"],
            vec![
                "a",
                "registry.example/app:1,registry.example/side:1",
                "5",
                "<none>"
            ],
        ]
    );
    assert_eq!(
        out.data["columnDefinitions"].as_array().map(Vec::len),
        Some(4)
    );
    // The kubectl line reads back as the same operation.
    assert_eq!(env.op(&out.kubectl), op);

    // --sort-by alone keeps the server's columns, in the asked order.
    let sorted = env
        .ex
        .read(
            &env.alice,
            &env.op(&format!(
                "kubectl get pods -n {} --sort-by=.status.containerStatuses[0].restartCount",
                env.ns
            )),
            "default",
        )
        .await
        .unwrap();
    let names: Vec<&str> = sorted
        .text
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(names, ["b", "c", "a"]);
    assert!(
        sorted.data["rows"][0]["object"].get("spec").is_none(),
        "whole objects fetched for sorting are not kept"
    );

    // -L and --show-labels add columns from each row's labels, sorted or
    // not, in the text and in the table the web UI draws.
    for sort in ["", " --sort-by=.metadata.name"] {
        let labelled = env
            .ex
            .read(
                &env.alice,
                &env.op(&format!(
                    "kubectl get pods -n {} -L app -L tier --show-labels{sort}",
                    env.ns
                )),
                "default",
            )
            .await
            .unwrap();
        let first: Vec<&str> = labelled
            .text
            .lines()
            .next()
            .unwrap()
            .split_whitespace()
            .collect();
        assert_eq!(
            first[first.len() - 3..],
            ["APP", "TIER", "LABELS"],
            "{sort}"
        );
        let row: Vec<&str> = labelled
            .text
            .lines()
            .nth(1)
            .unwrap()
            .split_whitespace()
            .collect();
        assert_eq!(row[row.len() - 3..], ["web", "<none>", "app=web"], "{sort}");
        assert_eq!(
            labelled.data["columnDefinitions"]
                .as_array()
                .and_then(|d| d.last())
                .and_then(|d| d["name"].as_str()),
            Some("LABELS")
        );
    }
}

#[tokio::test]
async fn can_i_is_answered_by_the_api_server_for_the_asking_person() {
    let env = Env::new().await;
    let ask = |line: String| env.op(&line);
    let yes = env
        .ex
        .read(
            &env.alice,
            &ask(format!("kubectl auth can-i delete pods -n {}", env.ns)),
            "default",
        )
        .await
        .unwrap();
    assert_eq!(yes.data["allowed"], true, "{}", yes.text);
    assert!(yes.text.starts_with("yes"), "{}", yes.text);
    // Her role grants pods/log, which is asked as a subresource.
    let logs = env
        .ex
        .read(
            &env.alice,
            &ask(format!(
                "kubectl auth can-i get pods --subresource=log -n {}",
                env.ns
            )),
            "default",
        )
        .await
        .unwrap();
    assert_eq!(logs.data["allowed"], true, "{}", logs.text);
    assert_eq!(logs.data["subresource"], "log");
    assert!(logs.summary.contains("pods/log"), "{}", logs.summary);
    // alice's role is in her namespace only; bob has none.
    for (who, line) in [
        (
            &env.alice,
            "kubectl auth can-i delete pods -n kube-system".to_owned(),
        ),
        (
            &env.alice,
            "kubectl auth can-i create clusterroles".to_owned(),
        ),
        (
            &env.bob,
            format!("kubectl auth can-i list pods -n {}", env.ns),
        ),
        // alice may create pods but was granted no pods/exec: a
        // subresource is a right of its own.
        (
            &env.alice,
            format!(
                "kubectl auth can-i create pods --subresource=exec -n {}",
                env.ns
            ),
        ),
    ] {
        let no = env
            .ex
            .read(who, &ask(line.clone()), "default")
            .await
            .unwrap();
        assert_eq!(no.data["allowed"], false, "{line}: {}", no.text);
        assert!(no.text.starts_with("no"), "{}", no.text);
    }
}

/// `kubectl auth can-i … --as=system:serviceaccount:NS:NAME`: another
/// identity's rights, answered by a LocalSubjectAccessReview alice makes.
/// Alice may ask only once the cluster lets her, and the answer is the
/// account's rights, not hers.
#[tokio::test]
async fn another_identitys_rights_are_asked_by_the_asker_and_answered_for_it() {
    use k8s_openapi::api::core::v1::ServiceAccount;
    use k8s_openapi::api::rbac::v1::{Role, RoleBinding};
    let env = Env::new().await;
    let ns = env.ns.clone();
    let _: ServiceAccount = crate::env::create(
        &env.admin,
        Some(&ns),
        json!({"metadata": {"name": "ci-bot"}}),
    )
    .await;
    let _: Role = crate::env::create(
        &env.admin,
        Some(&ns),
        json!({"metadata": {"name": "secret-lister"},
               "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["list"]}]}),
    )
    .await;
    let _: RoleBinding = crate::env::create(
        &env.admin,
        Some(&ns),
        json!({"metadata": {"name": "ci-bot-lists-secrets"},
               "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "secret-lister"},
               "subjects": [{"kind": "ServiceAccount", "name": "ci-bot", "namespace": ns}]}),
    )
    .await;
    let as_bot = format!("--as=system:serviceaccount:{ns}:ci-bot");
    let list = format!("kubectl auth can-i list secrets -n {ns} {as_bot}");
    // Alice holds no right to review others' access: the cluster says
    // no, by name, rather than KubeChat answering for her.
    let err = env
        .ex
        .read(&env.alice, &env.op(&list), "default")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, kubechat_kube::Error::Forbidden { resource, .. } if resource == "localsubjectaccessreviews"),
        "{err:?}"
    );
    let _: Role = crate::env::create(
        &env.admin,
        Some(&ns),
        json!({"metadata": {"name": "access-reviewer"},
               "rules": [{"apiGroups": ["authorization.k8s.io"], "resources": ["localsubjectaccessreviews"], "verbs": ["create"]}]}),
    )
    .await;
    let _: RoleBinding = crate::env::create(
        &env.admin,
        Some(&ns),
        json!({"metadata": {"name": "alice-reviews-access"},
               "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "access-reviewer"},
               "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "alice"}]}),
    )
    .await;
    let yes = env.read_once_granted(&list, "default").await;
    assert_eq!(yes.data["allowed"], true, "{}", yes.text);
    assert!(
        yes.summary.starts_with(&format!(
            "yes: system:serviceaccount:{ns}:ci-bot may list secrets in namespace {ns}"
        )),
        "{}",
        yes.summary
    );
    assert_eq!(
        yes.kubectl,
        list.replace(&format!(" -n {ns} {as_bot}"), &format!(" {as_bot} -n {ns}"))
    );
    // The account's rights, not alice's: she may delete pods, it may not;
    // it may list secrets, which she may not.
    let delete = env
        .ex
        .read(
            &env.alice,
            &env.op(&format!("kubectl auth can-i delete pods -n {ns} {as_bot}")),
            "default",
        )
        .await
        .unwrap();
    assert_eq!(delete.data["allowed"], false, "{}", delete.text);
    let own = env
        .ex
        .read(
            &env.alice,
            &env.op(&format!("kubectl auth can-i list secrets -n {ns}")),
            "default",
        )
        .await
        .unwrap();
    assert_eq!(own.data["allowed"], false, "{}", own.text);
    // A binding to the accounts' group counts, as it would for the
    // account itself: the review carries the groups it signs in with.
    let _: Role = crate::env::create(
        &env.admin,
        Some(&ns),
        json!({"metadata": {"name": "configmap-reader"},
               "rules": [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get"]}]}),
    )
    .await;
    let _: RoleBinding = crate::env::create(
        &env.admin,
        Some(&ns),
        json!({"metadata": {"name": "accounts-read-configmaps"},
               "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "configmap-reader"},
               "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": format!("system:serviceaccounts:{ns}")}]}),
    )
    .await;
    let line = format!("kubectl auth can-i get configmaps -n {ns} {as_bot}");
    let mut allowed = false;
    for _ in 0..100 {
        let out = env.read_once_granted(&line, "default").await;
        if out.data["allowed"] == true {
            allowed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(allowed, "the group binding never counted");
}

/// `kubectl auth can-i --list`: the rules the API server holds for the
/// asking person in a namespace, and no one else's.
#[tokio::test]
async fn can_i_list_shows_the_asking_persons_rules() {
    let env = Env::new().await;
    let op = env.op(&format!("kubectl auth can-i --list -n {}", env.ns));
    assert_eq!(
        kubechat_core::kubectl::render(&op),
        format!("kubectl auth can-i --list -n {}", env.ns)
    );
    let pods_row = |text: &str| {
        text.lines()
            .find(|l| l.split_whitespace().next() == Some("pods"))
            .map(str::to_owned)
    };
    let mine = env.ex.read(&env.alice, &op, "default").await.unwrap();
    assert!(
        mine.text.starts_with("Resources ") && mine.text.contains("Non-Resource URLs"),
        "{}",
        mine.text
    );
    let row = pods_row(&mine.text).unwrap_or_else(|| panic!("{}", mine.text));
    assert!(row.contains("delete"), "{row}");
    assert_eq!(mine.data["namespace"], env.ns.as_str());
    // Elsewhere alice has no pod rights; bob has none here.
    let there = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl auth can-i --list -n kube-system"),
            "default",
        )
        .await
        .unwrap();
    assert_eq!(pods_row(&there.text), None, "{}", there.text);
    let bobs = env.ex.read(&env.bob, &op, "default").await.unwrap();
    assert_eq!(pods_row(&bobs.text), None, "{}", bobs.text);
}

#[tokio::test]
async fn sort_by_orders_quantities_by_their_amount_not_their_text() {
    use k8s_openapi::api::core::v1::ConfigMap;
    let env = Env::new().await;
    // As text "10Gi" < "2Gi" < "500Mi"; as amounts the other way round,
    // as kubectl sorts a claim's storage or a limit.
    for (name, size) in [("big", "10Gi"), ("mid", "2Gi"), ("small", "500Mi")] {
        let _: ConfigMap = crate::env::create(
            &env.admin,
            Some(&env.ns),
            json!({"metadata": {"name": name}, "data": {"size": size}}),
        )
        .await;
    }
    let out = env
        .ex
        .read(
            &env.alice,
            &env.op(&format!(
                "kubectl get configmaps -n {} -o custom-columns=NAME:.metadata.name,SIZE:.data.size --sort-by=.data.size",
                env.ns
            )),
            "default",
        )
        .await
        .unwrap();
    let names: Vec<&str> = out
        .text
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| ["big", "mid", "small"].contains(n))
        .collect();
    assert_eq!(names, ["small", "mid", "big"], "{}", out.text);
}

#[tokio::test]
async fn secrets_are_listed_by_type_and_nodes_by_capacity() {
    use k8s_openapi::api::core::v1::Secret;
    use k8s_openapi::api::rbac::v1::{Role, RoleBinding};
    let env = Env::new().await;
    // Alice may list this namespace's secrets for this test.
    let _: Role = crate::env::create(
        &env.admin,
        Some(&env.ns),
        json!({"metadata": {"name": "secret-reader"},
               "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["list", "get"]}]}),
    )
    .await;
    let _: RoleBinding = crate::env::create(
        &env.admin,
        Some(&env.ns),
        json!({"metadata": {"name": "secret-reader"},
               "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "secret-reader"},
               "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "alice"}]}),
    )
    .await;
    let _: Secret = crate::env::create(
        &env.admin,
        Some(&env.ns),
        json!({"metadata": {"name": "cert"}, "type": "kubernetes.io/tls",
               "data": {"tls.crt": "Y2VydA==", "tls.key": "a2V5"}}),
    )
    .await;
    let _: Secret = crate::env::create(
        &env.admin,
        Some(&env.ns),
        json!({"metadata": {"name": "plain"}, "type": "Opaque", "data": {"k": "dg=="}}),
    )
    .await;
    // "list tls secrets": the `type` field selector Secrets support.
    let line = format!(
        "kubectl get secrets -n {} --field-selector=type=kubernetes.io/tls",
        env.ns
    );
    let out = env.read_once_granted(&line, "default").await;
    assert!(out.text.contains("cert"), "{}", out.text);
    assert!(!out.text.contains("plain"), "{}", out.text);
    // "show me the node capacity": the capacity columns of a node.
    let line = format!(
        "kubectl get nodes {} -o custom-columns=NAME:.metadata.name,CPU:.status.capacity.cpu,MEMORY:.status.capacity.memory,PODS:.status.capacity.pods",
        env.node
    );
    let out = env
        .ex
        .read(&env.alice, &env.op(&line), "default")
        .await
        .unwrap();
    let header: Vec<&str> = out
        .text
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(header, ["NAME", "CPU", "MEMORY", "PODS"], "{}", out.text);
    assert!(out.text.contains(&env.node), "{}", out.text);
}
