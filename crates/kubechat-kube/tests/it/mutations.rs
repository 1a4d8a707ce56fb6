use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::core::v1::{Node, Pod};
use kube::Api;
use kube::api::PostParams;
use kubechat_kube::{Error, OutcomeKind};
use serde_json::json;

use crate::env::{Env, create, running};

async fn replicas(env: &Env, name: &str) -> Option<i32> {
    Api::<Deployment>::namespaced(env.admin.clone(), &env.ns)
        .get(name)
        .await
        .unwrap()
        .spec
        .replicas
}

/// A node's taints as kubectl writes them, `key=value:Effect`.
async fn node_taints(nodes: &Api<Node>, name: &str) -> Vec<String> {
    nodes
        .get(name)
        .await
        .unwrap()
        .spec
        .unwrap()
        .taints
        .unwrap_or_default()
        .into_iter()
        .map(|t| format!("{}={}:{}", t.key, t.value.unwrap_or_default(), t.effect))
        .collect()
}

/// Whether the Deployment carries the annotation a rollout restart sets.
fn restarted(d: Deployment) -> bool {
    d.spec
        .template
        .metadata
        .and_then(|m| m.annotations)
        .is_some_and(|a| a.contains_key("kubectl.kubernetes.io/restartedAt"))
}

#[tokio::test]
async fn scale_previews_with_dry_run_then_applies_only_when_confirmed() {
    let env = Env::new().await;
    env.deployment("web", 2, "nginx:1.27").await;

    let plan = env
        .ex
        .plan(
            &env.alice,
            &env.op("kubectl scale deploy/web --replicas=5"),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(plan.kubectl, "kubectl scale deployment/web --replicas=5");
    assert_eq!(plan.changes.len(), 1);
    assert_eq!(
        plan.changes[0].line(),
        format!("deployment/web ({}): spec.replicas 2 → 5", env.ns)
    );
    assert_eq!(
        replicas(&env, "web").await,
        Some(2),
        "the dry-run changed nothing"
    );

    let out = env.ex.apply(plan.confirm()).await.unwrap();
    assert_eq!(out.kind, OutcomeKind::Changes);
    assert_eq!(
        out.summary,
        format!("deployment/web ({}): spec.replicas 2 → 5", env.ns)
    );
    assert_eq!(replicas(&env, "web").await, Some(5));

    let plan = env
        .ex
        .plan(
            &env.alice,
            &env.op("kubectl scale deploy/web --replicas=0"),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(plan.risk, kubechat_core::Risk::Destructive);
}

#[tokio::test]
async fn rollout_restart_sets_the_annotation_kubectl_sets() {
    let env = Env::new().await;
    env.deployment("web", 1, "nginx:1.27").await;
    let plan = env
        .ex
        .plan(
            &env.alice,
            &env.op("kubectl rollout restart deployment/web"),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(
        plan.changes[0].field,
        "spec.template.metadata.annotations.kubectl.kubernetes.io/restartedAt"
    );
    assert_eq!(plan.changes[0].from, serde_json::Value::Null);
    let stamped = plan.changes[0].to.as_str().unwrap().to_owned();
    env.ex.apply(plan.confirm()).await.unwrap();
    let d = Api::<Deployment>::namespaced(env.admin.clone(), &env.ns)
        .get("web")
        .await
        .unwrap();
    let ann = d.spec.template.metadata.unwrap().annotations.unwrap();
    assert_eq!(ann.get("kubectl.kubernetes.io/restartedAt"), Some(&stamped));
}

#[tokio::test]
async fn rollout_undo_restores_the_previous_revisions_template() {
    let env = Env::new().await;
    let d = env.deployment("web", 1, "nginx:1.28").await;
    let uid = d.metadata.uid.clone().unwrap();
    let deployments: Api<Deployment> = Api::namespaced(env.admin.clone(), &env.ns);
    deployments
        .patch(
            "web",
            &kube::api::PatchParams::default(),
            &kube::api::Patch::Merge(
                json!({"metadata": {"annotations": {"deployment.kubernetes.io/revision": "2"}}}),
            ),
        )
        .await
        .unwrap();
    for (rev, image) in [("1", "nginx:1.27"), ("2", "nginx:1.28")] {
        let _: ReplicaSet = create(&env.admin, Some(&env.ns), json!({
            "metadata": {
                "name": format!("web-rev{rev}"),
                "labels": {"app": "web", "pod-template-hash": format!("h{rev}")},
                "annotations": {"deployment.kubernetes.io/revision": rev},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": uid, "controller": true}]
            },
            "spec": {
                "replicas": 0,
                "selector": {"matchLabels": {"app": "web", "pod-template-hash": format!("h{rev}")}},
                "template": {
                    "metadata": {"labels": {"app": "web", "pod-template-hash": format!("h{rev}")}},
                    "spec": {"containers": [{"name": "app", "image": image}]}
                }
            }
        }))
        .await;
    }
    // `rollout history` reads the same revisions, oldest first, and one
    // revision's template in full.
    let history = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl rollout history deployment/web"),
            &env.ns,
        )
        .await
        .unwrap();
    let rows: Vec<Vec<&str>> = history
        .text
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        rows,
        [
            vec!["deployment.apps/web"],
            vec!["REVISION", "CHANGE-CAUSE"],
            vec!["1", "<none>"],
            vec!["2", "<none>"]
        ]
    );
    let one = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl rollout history deployment/web --revision=1"),
            &env.ns,
        )
        .await
        .unwrap();
    assert!(
        one.text.contains("with revision #1") && one.text.contains("nginx:1.27"),
        "{}",
        one.text
    );
    let plan = env
        .ex
        .plan(
            &env.alice,
            &env.op("kubectl rollout undo deployment/web"),
            &env.ns,
        )
        .await
        .unwrap();
    let text = plan.preview_text();
    assert!(
        text.contains("nginx:1.28") && text.contains("nginx:1.27"),
        "{text}"
    );
    env.ex.apply(plan.confirm()).await.unwrap();
    let d = deployments.get("web").await.unwrap();
    let tpl = d.spec.template;
    assert_eq!(
        tpl.spec.unwrap().containers[0].image.as_deref(),
        Some("nginx:1.27")
    );
    assert!(
        !tpl.metadata
            .unwrap()
            .labels
            .unwrap()
            .contains_key("pod-template-hash")
    );

    let err = env
        .ex
        .plan(
            &env.alice,
            &env.op("kubectl rollout undo deployment/web --to-revision=7"),
            &env.ns,
        )
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("has no revision 7; revisions: 2, 1"),
        "{err}"
    );
}

#[tokio::test]
async fn label_and_annotate_refuse_to_overwrite_unless_asked() {
    let env = Env::new().await;
    env.pod(
        "web-1",
        json!({"app": "web", "env": "dev"}),
        &["app"],
        running("app", true),
    )
    .await;
    env.pod(
        "web-2",
        json!({"app": "web"}),
        &["app"],
        running("app", true),
    )
    .await;
    let pods: Api<Pod> = Api::namespaced(env.admin.clone(), &env.ns);

    let err = env
        .ex
        .plan(
            &env.alice,
            &env.op("kubectl label pod web-1 env=prod"),
            &env.ns,
        )
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("web-1 already has env=dev; ask to overwrite it"),
        "{err}"
    );

    let plan = env
        .ex
        .plan(
            &env.alice,
            &env.op("kubectl label pod web-1 env=prod --overwrite"),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(
        plan.changes[0].line(),
        format!("pod/web-1 ({}): metadata.labels.env dev → prod", env.ns)
    );
    env.ex.apply(plan.confirm()).await.unwrap();
    assert_eq!(
        pods.get("web-1").await.unwrap().metadata.labels.unwrap()["env"],
        "prod"
    );

    // By selector, and removal with KEY-.
    let plan = env
        .ex
        .plan(
            &env.alice,
            &env.op("kubectl annotate pods -l app=web owner=payments"),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(plan.changes.len(), 2);
    env.ex.apply(plan.confirm()).await.unwrap();
    let plan = env
        .ex
        .plan(&env.alice, &env.op("kubectl label pod web-1 env-"), &env.ns)
        .await
        .unwrap();
    env.ex.apply(plan.confirm()).await.unwrap();
    let p = pods.get("web-1").await.unwrap();
    assert!(!p.metadata.labels.unwrap().contains_key("env"));
    assert_eq!(p.metadata.annotations.unwrap()["owner"], "payments");

    // Several named objects of one type: one preview, one change each.
    let plan = env
        .ex
        .plan(
            &env.alice,
            &env.op("kubectl label pods web-1 web-2 tier=db"),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(plan.kubectl, "kubectl label pods web-1 web-2 tier=db");
    let lines: Vec<String> = plan.changes.iter().map(|c| c.line()).collect();
    assert_eq!(
        lines,
        [
            format!("pod/web-1 ({}): metadata.labels.tier (unset) → db", env.ns),
            format!("pod/web-2 ({}): metadata.labels.tier (unset) → db", env.ns),
        ]
    );
    let tier = |p: Pod| p.metadata.labels.unwrap_or_default().get("tier").cloned();
    assert_eq!(tier(pods.get("web-2").await.unwrap()), None, "dry-run only");
    env.ex.apply(plan.confirm()).await.unwrap();
    for name in ["web-1", "web-2"] {
        assert_eq!(tier(pods.get(name).await.unwrap()).as_deref(), Some("db"));
    }
    // Every pod of the namespace (`--all`): one change each, previewed as
    // destructive (more than one object touched).
    let plan = env
        .plan("kubectl label pods --all team=alpha")
        .await
        .unwrap();
    assert_eq!(plan.kubectl, "kubectl label pods team=alpha --all");
    assert_eq!(plan.changes.len(), 2);
    assert_eq!(plan.risk, kubechat_core::Risk::Destructive);
    env.ex.apply(plan.confirm()).await.unwrap();
    let team = |p: Pod| p.metadata.labels.unwrap_or_default().get("team").cloned();
    for name in ["web-1", "web-2"] {
        assert_eq!(
            team(pods.get(name).await.unwrap()).as_deref(),
            Some("alpha")
        );
    }
    // One missing name stops the whole request before anything changes.
    let err = env
        .ex
        .plan(
            &env.alice,
            &env.op("kubectl annotate pods web-2 gone-1 owner=search --overwrite"),
            &env.ns,
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("gone-1"), "{err}");
    assert_eq!(
        pods.get("web-2")
            .await
            .unwrap()
            .metadata
            .annotations
            .unwrap()["owner"],
        "payments"
    );
}

#[tokio::test]
async fn delete_previews_what_it_removes() {
    let env = Env::new().await;
    env.pod(
        "old-1",
        json!({"app": "old"}),
        &["app"],
        running("app", true),
    )
    .await;
    env.pod(
        "old-2",
        json!({"app": "old"}),
        &["app"],
        running("app", true),
    )
    .await;
    env.pod(
        "keep",
        json!({"app": "keep"}),
        &["app"],
        running("app", true),
    )
    .await;
    let pods: Api<Pod> = Api::namespaced(env.admin.clone(), &env.ns);

    let plan = env
        .ex
        .plan(
            &env.alice,
            &env.op("kubectl delete pods -l app=old"),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(plan.risk, kubechat_core::Risk::Destructive);
    let objects: Vec<&str> = plan.changes.iter().map(|c| c.object.as_str()).collect();
    assert_eq!(objects, ["pod/old-1", "pod/old-2"]);
    assert_eq!(
        pods.list(&Default::default()).await.unwrap().items.len(),
        3,
        "dry-run removed nothing"
    );

    env.ex.apply(plan.confirm()).await.unwrap();
    let left: Vec<String> = pods
        .list(&Default::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(|p| p.metadata.name)
        .collect();
    assert_eq!(left, ["keep"]);
}

#[tokio::test]
async fn cordon_and_uncordon_a_node() {
    let env = Env::new().await;
    let nodes: Api<Node> = Api::all(env.admin.clone());
    let plan = env
        .ex
        .plan(
            &env.alice,
            &env.op(&format!("kubectl cordon {}", env.node)),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(
        plan.changes[0].line(),
        format!("node/{}: spec.unschedulable (unset) → true", env.node)
    );
    env.ex.apply(plan.confirm()).await.unwrap();
    assert_eq!(
        nodes
            .get(&env.node)
            .await
            .unwrap()
            .spec
            .unwrap()
            .unschedulable,
        Some(true)
    );

    let plan = env
        .ex
        .plan(
            &env.alice,
            &env.op(&format!("kubectl uncordon {}", env.node)),
            &env.ns,
        )
        .await
        .unwrap();
    env.ex.apply(plan.confirm()).await.unwrap();
    assert_ne!(
        nodes
            .get(&env.node)
            .await
            .unwrap()
            .spec
            .unwrap()
            .unschedulable,
        Some(true)
    );
}

/// `kubectl cordon -l …`, `kubectl taint nodes -l …`: every node the
/// selector picks, previewed each, and no other node.
#[tokio::test]
async fn nodes_picked_by_a_label_selector_are_cordoned_and_tainted_each() {
    let env = Env::new().await;
    let nodes: Api<Node> = Api::all(env.admin.clone());
    let pool = format!("pool-{}", env.ns);
    for (name, labelled) in [("a", true), ("b", true), ("c", false)] {
        let labels = if labelled {
            json!({"kubechat-test-pool": pool})
        } else {
            json!({})
        };
        nodes
            .create(
                &PostParams::default(),
                &serde_json::from_value(
                    json!({"metadata": {"name": format!("{name}-{}", env.ns), "labels": labels}}),
                )
                .unwrap(),
            )
            .await
            .unwrap();
    }
    let op = env.node_operator().await;
    let picked =
        |verb: &str, rest: &str| format!("kubectl {verb} -l kubechat-test-pool={pool}{rest}");
    let plan = env
        .ex
        .plan(&op, &env.op(&picked("cordon", "")), &env.ns)
        .await
        .unwrap();
    assert_eq!(plan.kubectl, picked("cordon", ""));
    let mut objects: Vec<String> = plan.changes.iter().map(|c| c.object.clone()).collect();
    objects.sort();
    assert_eq!(
        objects,
        [format!("node/a-{}", env.ns), format!("node/b-{}", env.ns)]
    );
    assert_eq!(
        plan.risk,
        kubechat_core::Risk::Destructive,
        "several at once"
    );
    env.ex.apply(plan.confirm()).await.unwrap();
    let unschedulable = |name: String| {
        let nodes = nodes.clone();
        async move { nodes.get(&name).await.unwrap().spec.unwrap().unschedulable == Some(true) }
    };
    assert!(unschedulable(format!("a-{}", env.ns)).await);
    assert!(unschedulable(format!("b-{}", env.ns)).await);
    assert!(
        !unschedulable(format!("c-{}", env.ns)).await,
        "only the picked nodes"
    );

    let line = format!("kubectl taint nodes -l kubechat-test-pool={pool} spot=true:NoSchedule");
    let plan = env.ex.plan(&op, &env.op(&line), &env.ns).await.unwrap();
    assert_eq!(plan.kubectl, line);
    env.ex.apply(plan.confirm()).await.unwrap();
    let tainted = |name: String| {
        let nodes = nodes.clone();
        async move {
            node_taints(&nodes, &name)
                .await
                .contains(&"spot=true:NoSchedule".to_owned())
        }
    };
    assert!(tainted(format!("a-{}", env.ns)).await);
    assert!(tainted(format!("b-{}", env.ns)).await);
    assert!(!tainted(format!("c-{}", env.ns)).await);

    let plan = env
        .ex
        .plan(&op, &env.op(&picked("uncordon", "")), &env.ns)
        .await
        .unwrap();
    env.ex.apply(plan.confirm()).await.unwrap();
    assert!(!unschedulable(format!("a-{}", env.ns)).await);
}

#[tokio::test]
async fn a_deployment_is_paused_and_resumed_as_kubectl_does() {
    let env = Env::new().await;
    env.deployment("web", 1, "nginx:1.27").await;
    let deployments: Api<Deployment> = Api::namespaced(env.admin.clone(), &env.ns);
    let paused = || async {
        deployments
            .get("web")
            .await
            .unwrap()
            .spec
            .paused
            .unwrap_or(false)
    };
    let plan = env
        .plan("kubectl rollout pause deployment/web")
        .await
        .unwrap();
    assert_eq!(plan.risk, kubechat_core::Risk::Mutate);
    assert!(!paused().await, "a preview writes nothing");
    env.ex.apply(plan.confirm()).await.unwrap();
    assert!(paused().await);
    // Pausing again is refused, as kubectl does, and names why.
    let err = env
        .plan("kubectl rollout pause deployment/web")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("already paused"), "{err}");
    env.applied("kubectl rollout resume deployment/web").await;
    assert!(!paused().await);
}

#[tokio::test]
async fn taints_are_put_on_replaced_and_taken_off_a_node() {
    let env = Env::new().await;
    let nodes: Api<Node> = Api::all(env.admin.clone());
    let taints = || node_taints(&nodes, &env.node);
    let taint = |change: &str| format!("kubectl taint nodes {} {change}", env.node);
    // The API server taints a new node not-ready itself: what follows is
    // measured against that.
    let before = taints().await;
    let with = |extra: &str| {
        let mut all = before.clone();
        all.push(extra.to_owned());
        all
    };

    let plan = env.plan(&taint("dedicated=gpu:NoSchedule")).await.unwrap();
    assert_eq!(plan.risk, kubechat_core::Risk::Mutate);
    assert!(
        plan.changes
            .iter()
            .any(|c| c.line().contains("spec.taints")),
        "{:?}",
        plan.changes.iter().map(|c| c.line()).collect::<Vec<_>>()
    );
    // The preview is a dry run: nothing is written until it is confirmed.
    assert_eq!(taints().await, before);
    env.ex.apply(plan.confirm()).await.unwrap();
    assert_eq!(taints().await, with("dedicated=gpu:NoSchedule"));

    // The same key and effect with another value needs --overwrite.
    let err = env
        .plan(&taint("dedicated=cpu:NoSchedule"))
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("already has taint dedicated=gpu:NoSchedule"),
        "{err}"
    );
    env.applied(&taint("dedicated=cpu:NoSchedule --overwrite"))
        .await;
    assert_eq!(taints().await, with("dedicated=cpu:NoSchedule"));

    // NoExecute evicts what does not tolerate it: destructive, as a drain.
    let plan = env.plan(&taint("maintenance=now:NoExecute")).await.unwrap();
    assert_eq!(plan.risk, kubechat_core::Risk::Destructive);

    // Taken off by key; one the node does not have is named, not ignored.
    env.applied(&taint("dedicated-")).await;
    assert_eq!(taints().await, before);
    let err = env.plan(&taint("dedicated-")).await.unwrap_err();
    assert!(err.to_string().contains("has no taint dedicated"), "{err}");
}

#[tokio::test]
async fn patch_previews_the_fields_it_touches() {
    let env = Env::new().await;
    env.deployment("web", 1, "nginx:1.27").await;
    let plan = env
        .ex
        .plan(
            &env.alice,
            &env.op(r#"kubectl patch deployment web -p '{"spec":{"minReadySeconds":10}}'"#),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(plan.changes[0].field, "spec.minReadySeconds");
    env.ex.apply(plan.confirm()).await.unwrap();
    let d = Api::<Deployment>::namespaced(env.admin.clone(), &env.ns)
        .get("web")
        .await
        .unwrap();
    assert_eq!(d.spec.min_ready_seconds, Some(10));
}

#[tokio::test]
async fn selectors_matching_too_many_objects_are_refused() {
    let env = Env::new().await;
    let pods: Api<Pod> = Api::namespaced(env.admin.clone(), &env.ns);
    let limit = kubechat_kube::executor_limits::MAX_TARGETS;
    for i in 0..=limit {
        let pod: Pod = serde_json::from_value(json!({
            "metadata": {"name": format!("p-{i}"), "labels": {"app": "many"}},
            "spec": {"containers": [{"name": "app", "image": "x"}]}
        }))
        .unwrap();
        pods.create(&Default::default(), &pod).await.unwrap();
    }
    let err = env
        .ex
        .plan(
            &env.alice,
            &env.op("kubectl delete pods -l app=many"),
            &env.ns,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::TooMany { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        format!(
            "delete pods matches {} objects; at most {limit} are handled at once — narrow the selector",
            limit + 1
        )
    );
    assert_eq!(
        pods.list(&Default::default()).await.unwrap().items.len(),
        limit + 1,
        "nothing deleted"
    );
}

/// StatefulSets and DaemonSets keep their history in ControllerRevisions
/// (written here as their controllers would: the test kit runs no
/// controller manager); undo applies the chosen revision's patch.
async fn undo_from_controller_revisions(kind: &str, plural: &str) {
    let env = Env::new().await;
    let spec = |image: &str| {
        json!({
            "selector": {"matchLabels": {"app": "db"}},
            "template": {
                "metadata": {"labels": {"app": "db"}},
                "spec": {"containers": [{"name": "db", "image": image}]}
            }
        })
    };
    let api_resource = kube::discovery::ApiResource::from_gvk_with_plural(
        &kube::api::GroupVersionKind::gvk("apps", "v1", kind),
        plural,
    );
    let objects: Api<kube::api::DynamicObject> =
        Api::namespaced_with(env.admin.clone(), &env.ns, &api_resource);
    let mut body = spec("postgres:17");
    if kind == "StatefulSet" {
        body["serviceName"] = json!("db");
    }
    let created = objects
        .create(
            &PostParams::default(),
            &serde_json::from_value(json!({
                "apiVersion": "apps/v1", "kind": kind,
                "metadata": {"name": "db"},
                "spec": body,
            }))
            .unwrap(),
        )
        .await
        .unwrap();
    let uid = created.metadata.uid.clone().unwrap();
    let revisions_api = kube::discovery::ApiResource::from_gvk_with_plural(
        &kube::api::GroupVersionKind::gvk("apps", "v1", "ControllerRevision"),
        "controllerrevisions",
    );
    let revisions: Api<kube::api::DynamicObject> =
        Api::namespaced_with(env.admin.clone(), &env.ns, &revisions_api);
    for (rev, image) in [(1, "postgres:16"), (2, "postgres:17")] {
        let mut template = spec(image)["template"].clone();
        template["$patch"] = json!("replace");
        revisions
            .create(
                &PostParams::default(),
                &serde_json::from_value(json!({
                    "apiVersion": "apps/v1", "kind": "ControllerRevision",
                    "metadata": {
                        "name": format!("db-rev{rev}"),
                        "labels": {"app": "db"},
                        "ownerReferences": [{"apiVersion": "apps/v1", "kind": kind, "name": "db", "uid": uid, "controller": true}]
                    },
                    "revision": rev,
                    "data": {"spec": {"template": template}}
                }))
                .unwrap(),
            )
            .await
            .unwrap();
    }
    let image = |o: &kube::api::DynamicObject| {
        o.data["spec"]["template"]["spec"]["containers"][0]["image"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let undo = format!("kubectl rollout undo {}/db", kind.to_ascii_lowercase());
    let plan = env
        .ex
        .plan(&env.alice, &env.op(&undo), &env.ns)
        .await
        .unwrap();
    let text = plan.preview_text();
    assert!(
        text.contains("postgres:17") && text.contains("postgres:16"),
        "{text}"
    );
    assert_eq!(
        image(&objects.get("db").await.unwrap()),
        "postgres:17",
        "dry run only"
    );
    env.ex.apply(plan.confirm()).await.unwrap();
    assert_eq!(image(&objects.get("db").await.unwrap()), "postgres:16");

    let err = env
        .ex
        .plan(
            &env.alice,
            &env.op(&format!("{undo} --to-revision=9")),
            &env.ns,
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "cannot rollout-undo: {} db has no revision 9; revisions: 2, 1",
            kind.to_ascii_lowercase()
        )
    );
    // Another identity without rights on the history gets the Forbidden
    // answer for what it lacked.
    let err = env
        .ex
        .plan(&env.bob, &env.op(&undo), &env.ns)
        .await
        .unwrap_err();
    assert!(
        err.to_string().starts_with("bob is not allowed to get"),
        "{err}"
    );
}

#[tokio::test]
async fn rollout_undo_of_a_statefulset_applies_its_controller_revision() {
    undo_from_controller_revisions("StatefulSet", "statefulsets").await;
}

#[tokio::test]
async fn rollout_undo_of_a_daemonset_applies_its_controller_revision() {
    undo_from_controller_revisions("DaemonSet", "daemonsets").await;
}

fn manifest_op(
    verb: kubechat_core::Verb,
    resource: &str,
    manifest: &str,
) -> kubechat_core::Operation {
    let mut op =
        kubechat_core::Operation::new(verb, kubechat_core::ResourceType::parse(resource).unwrap());
    op.params.manifest = Some(manifest.to_owned());
    op
}

/// Risk is read from what the dry run shows, not only from the verb: an
/// applied manifest is an ordinary change until it takes the replicas
/// to zero or drops a container.
#[tokio::test]
async fn an_applied_manifest_is_as_risky_as_its_effect() {
    use kubechat_core::{Risk, Verb};
    let env = Env::new().await;
    let manifest = |replicas: i32, containers: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: {replicas}\n  \
             selector:\n    matchLabels:\n      app: api\n  template:\n    metadata:\n      labels:\n        app: api\n    \
             spec:\n      containers:\n{containers}"
        )
    };
    let one = "      - name: app\n        image: nginx:1.27\n";
    let risk_of = |text: String| {
        let env = &env;
        async move {
            env.ex
                .plan(
                    &env.alice,
                    &manifest_op(Verb::Apply, "deployments", &text),
                    &env.ns,
                )
                .await
                .unwrap()
                .risk
        }
    };
    // Created through KubeChat, so its applies own the fields.
    let created = env
        .ex
        .plan(
            &env.alice,
            &manifest_op(Verb::Create, "deployments", &manifest(2, one)),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(created.risk, Risk::Mutate);
    env.ex.apply(created.confirm()).await.unwrap();
    assert_eq!(risk_of(manifest(3, one)).await, Risk::Mutate);
    assert_eq!(risk_of(manifest(0, one)).await, Risk::Destructive);
}

#[tokio::test]
async fn create_and_server_side_apply_a_manifest_with_previews() {
    use k8s_openapi::api::core::v1::ConfigMap;
    use kubechat_core::Verb;
    let env = Env::new().await;
    let cms: Api<ConfigMap> = Api::namespaced(env.admin.clone(), &env.ns);
    let yaml = |v: &str| {
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: {v}\n"
        )
    };

    let plan = env
        .ex
        .plan(
            &env.alice,
            &manifest_op(Verb::Create, "configmaps", &yaml("blue")),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(
        plan.changes[0].line(),
        format!("configmap/settings ({}): (object) absent → created", env.ns)
    );
    assert!(
        cms.get_opt("settings").await.unwrap().is_none(),
        "dry-run created nothing"
    );
    env.ex.apply(plan.confirm()).await.unwrap();
    assert_eq!(
        cms.get("settings").await.unwrap().data.unwrap()["mode"],
        "blue"
    );

    let plan = env
        .ex
        .plan(
            &env.alice,
            &manifest_op(Verb::Apply, "configmaps", &yaml("green")),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(plan.changes.len(), 1, "{:?}", plan.changes);
    assert_eq!(
        plan.changes[0].line(),
        format!("configmap/settings ({}): data.mode blue → green", env.ns)
    );
    assert_eq!(
        cms.get("settings").await.unwrap().data.unwrap()["mode"],
        "blue"
    );
    env.ex.apply(plan.confirm()).await.unwrap();
    assert_eq!(
        cms.get("settings").await.unwrap().data.unwrap()["mode"],
        "green"
    );

    let err = env
        .ex
        .plan(
            &env.alice,
            &manifest_op(Verb::Apply, "secrets", &yaml("x")),
            &env.ns,
        )
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("the manifest is a ConfigMap (v1) but the request is for secrets"),
        "{err}"
    );
    let other_ns = yaml("x").replace(
        "  name: settings\n",
        "  name: settings\n  namespace: elsewhere\n",
    );
    let err = env
        .ex
        .plan(
            &env.alice,
            &manifest_op(Verb::Apply, "configmaps", &other_ns),
            &env.ns,
        )
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("the manifest says namespace elsewhere"),
        "{err}"
    );
    let err = env
        .ex
        .plan(
            &env.alice,
            &manifest_op(Verb::Create, "configmaps", &yaml("x")),
            &env.ns,
        )
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("configmap/settings already exists; ask to apply"),
        "{err}"
    );
    let two = format!("{}---\n{}", yaml("a"), yaml("b"));
    let err = env
        .ex
        .plan(
            &env.alice,
            &manifest_op(Verb::Apply, "configmaps", &two),
            &env.ns,
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("several documents"), "{err}");
}

#[tokio::test]
async fn drain_cordons_and_evicts_like_kubectl() {
    let env = Env::new().await;
    let pods: Api<Pod> = Api::namespaced(env.admin.clone(), &env.ns);
    let owned = |name: &str, kind: &str| -> Pod {
        serde_json::from_value(json!({
            "metadata": {"name": name, "ownerReferences": [{"apiVersion": "apps/v1", "kind": kind, "name": "owner", "uid": "0000", "controller": true}]},
            "spec": {"nodeName": env.node, "containers": [{"name": "app", "image": "x"}]}
        }))
        .unwrap()
    };
    pods.create(&Default::default(), &owned("web-1", "ReplicaSet"))
        .await
        .unwrap();
    pods.create(&Default::default(), &owned("agent-1", "DaemonSet"))
        .await
        .unwrap();
    let loose: Pod = serde_json::from_value(json!({"metadata": {"name": "loose"}, "spec": {"nodeName": env.node, "containers": [{"name": "app", "image": "x"}]}})).unwrap();
    pods.create(&Default::default(), &loose).await.unwrap();

    // Draining needs cluster-wide pod rights: alice has none.
    let drain = env.op(&format!("kubectl drain {}", env.node));
    let err = env.ex.plan(&env.alice, &drain, &env.ns).await.unwrap_err();
    assert!(
        err.to_string()
            .starts_with("alice is not allowed to list pods cluster-wide"),
        "{err}"
    );

    let me = kubechat_kube::Actor::own();
    let err = env.ex.plan(&me, &drain, &env.ns).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "cannot drain: node {} runs DaemonSet pods ({}/agent-1); ask to ignore DaemonSets to drain it anyway",
            env.node, env.ns
        )
    );
    let drain = env.op(&format!("kubectl drain {} --ignore-daemonsets", env.node));
    let err = env.ex.plan(&me, &drain, &env.ns).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("not managed by a controller would be lost"),
        "{err}"
    );
    assert!(err.to_string().contains("--force"), "{err}");

    // Forced, the pod no controller manages is evicted too.
    let drain = env.op(&format!(
        "kubectl drain {} --ignore-daemonsets --force --grace-period=45",
        env.node
    ));
    let plan = env.ex.plan(&me, &drain, &env.ns).await.unwrap();
    let lines: Vec<String> = plan.changes.iter().map(|c| c.line()).collect();
    assert_eq!(
        lines,
        [
            format!("node/{}: spec.unschedulable (unset) → true", env.node),
            format!("pod/loose ({}): (object) running → evicted", env.ns),
            format!("pod/web-1 ({}): (object) running → evicted", env.ns)
        ]
    );
    let nodes: Api<Node> = Api::all(env.admin.clone());
    assert_ne!(
        nodes
            .get(&env.node)
            .await
            .unwrap()
            .spec
            .unwrap()
            .unschedulable,
        Some(true),
        "dry run"
    );
    assert!(
        pods.get("web-1")
            .await
            .unwrap()
            .metadata
            .deletion_timestamp
            .is_none(),
        "dry run"
    );

    env.ex.apply(plan.confirm()).await.unwrap();
    assert_eq!(
        nodes
            .get(&env.node)
            .await
            .unwrap()
            .spec
            .unwrap()
            .unschedulable,
        Some(true)
    );
    // Without a kubelet an evicted pod on a node stays Terminating, with
    // the grace period the drain asked for.
    let evicted = pods.get("web-1").await.unwrap();
    assert!(evicted.metadata.deletion_timestamp.is_some());
    assert_eq!(evicted.metadata.deletion_grace_period_seconds, Some(45));
    assert!(
        pods.get("loose")
            .await
            .unwrap()
            .metadata
            .deletion_timestamp
            .is_some(),
        "forced: the unmanaged pod is evicted"
    );
    assert!(
        pods.get("agent-1")
            .await
            .unwrap()
            .metadata
            .deletion_timestamp
            .is_none(),
        "DaemonSet pods stay"
    );
}

#[tokio::test]
async fn expose_creates_a_service_selecting_the_workload() {
    use k8s_openapi::api::core::v1::Service;
    let env = Env::new().await;
    env.deployment("web", 1, "nginx:1.27").await;
    let plan = env
        .plan("kubectl expose deployment web --port=80 --target-port=8080")
        .await
        .unwrap();
    assert_eq!(
        plan.changes[0].line(),
        format!(
            "service/web ({}): (object) absent → created, selecting {{\"app\":\"web\"}}",
            env.ns
        )
    );
    let services: Api<Service> = Api::namespaced(env.admin.clone(), &env.ns);
    assert!(services.get_opt("web").await.unwrap().is_none(), "dry run");
    env.ex.apply(plan.confirm()).await.unwrap();
    let spec = services.get("web").await.unwrap().spec.unwrap();
    assert_eq!(spec.selector.unwrap()["app"], "web");
    let port = &spec.ports.unwrap()[0];
    assert_eq!(
        (port.port, port.target_port.clone()),
        (
            80,
            Some(k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(8080))
        )
    );
    let err = env
        .plan("kubectl expose deployment web --port=80")
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("service/web already exists"),
        "{err}"
    );
    // A service of its own name and type, beside the first.
    let plan = env
        .plan("kubectl expose deployment web --port=80 --name=web-public --type=NodePort")
        .await
        .unwrap();
    assert_eq!(
        plan.changes[0].line(),
        format!(
            "service/web-public ({}): (object) absent → created as NodePort, selecting {{\"app\":\"web\"}}",
            env.ns
        )
    );
    assert!(
        services.get_opt("web-public").await.unwrap().is_none(),
        "dry run"
    );
    env.ex.apply(plan.confirm()).await.unwrap();
    let spec = services.get("web-public").await.unwrap().spec.unwrap();
    assert_eq!(spec.type_.as_deref(), Some("NodePort"));
    assert_eq!(spec.selector.unwrap()["app"], "web");
    assert!(
        spec.ports.unwrap()[0].node_port.is_some(),
        "the cluster picked a node port"
    );
}

#[tokio::test]
async fn delete_all_previews_every_object_of_the_namespace_and_nothing_else() {
    let env = Env::new().await;
    for name in ["a-1", "a-2", "b-1"] {
        env.pod(name, json!({"app": "x"}), &["app"], running("app", true))
            .await;
    }
    let pods: Api<Pod> = Api::namespaced(env.admin.clone(), &env.ns);
    let plan = env
        .ex
        .plan(
            &env.alice,
            &env.op(&format!("kubectl delete pods --all -n {}", env.ns)),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(plan.risk, kubechat_core::Risk::Destructive);
    assert_eq!(
        plan.kubectl,
        format!("kubectl delete pods -n {} --all", env.ns)
    );
    let objects: Vec<&str> = plan.changes.iter().map(|c| c.object.as_str()).collect();
    assert_eq!(objects, ["pod/a-1", "pod/a-2", "pod/b-1"]);
    assert_eq!(pods.list(&Default::default()).await.unwrap().items.len(), 3);
    env.ex.apply(plan.confirm()).await.unwrap();
    assert!(
        pods.list(&Default::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn rollout_restart_by_selector_restarts_only_the_matching_workloads() {
    let env = Env::new().await;
    env.deployment("web", 1, "nginx:1.27").await;
    env.deployment("api", 1, "nginx:1.27").await;
    let plan = env
        .ex
        .plan(
            &env.alice,
            &env.op("kubectl rollout restart deployment -l app=web"),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(plan.risk, kubechat_core::Risk::Destructive);
    let objects: Vec<&str> = plan.changes.iter().map(|c| c.object.as_str()).collect();
    assert_eq!(objects, ["deployment/web"]);
    env.ex.apply(plan.confirm()).await.unwrap();
    let deployments: Api<Deployment> = Api::namespaced(env.admin.clone(), &env.ns);
    assert!(restarted(deployments.get("web").await.unwrap()));
    assert!(!restarted(deployments.get("api").await.unwrap()));
}

#[tokio::test]
async fn scaling_by_a_percentage_previews_the_absolute_count() {
    let env = Env::new().await;
    env.deployment("web", 4, "nginx:1.27").await;
    let op = kubechat_core::Operation::from_json(
        r#"{"verb": "scale", "resource": "deployments", "name": "web", "params": {"scale_percent": -50}}"#,
    )
    .unwrap();
    assert_eq!(op.risk(), kubechat_core::Risk::Destructive);
    let plan = env.ex.plan(&env.alice, &op, &env.ns).await.unwrap();
    assert_eq!(plan.kubectl, "kubectl scale deployment/web --replicas=2");
    env.ex.apply(plan.confirm()).await.unwrap();
    assert_eq!(replicas(&env, "web").await, Some(2));
}

#[tokio::test]
async fn objects_written_from_flags_are_previewed_then_created() {
    let env = Env::new().await;
    env.deployment("web", 1, "nginx:1.27").await;
    for (line, object) in [
        (
            format!(
                "kubectl create configmap app --from-literal=mode=fast -n {}",
                env.ns
            ),
            "configmap/app",
        ),
        (
            format!(
                "kubectl autoscale deployment/web --min=2 --max=5 --cpu-percent=70 -n {}",
                env.ns
            ),
            "horizontalpodautoscaler/web",
        ),
        (
            format!(
                "kubectl create deployment api --image=registry.example/shop/api:2.1 --replicas=2 --port=8080 -n {}",
                env.ns
            ),
            "deployment/api",
        ),
        (
            format!(
                "kubectl run debug --image=busybox:1.36 --restart=Never -n {}",
                env.ns
            ),
            "pod/debug",
        ),
    ] {
        let plan = env
            .ex
            .plan(&env.alice, &env.op(&line), &env.ns)
            .await
            .unwrap();
        assert_eq!(plan.kubectl, line);
        assert_eq!(plan.changes[0].object, object, "{line}");
        env.ex.apply(plan.confirm()).await.unwrap();
    }
    let cms: Api<k8s_openapi::api::core::v1::ConfigMap> =
        Api::namespaced(env.admin.clone(), &env.ns);
    let data = cms.get("app").await.unwrap().data.unwrap_or_default();
    assert_eq!(data.get("mode").map(String::as_str), Some("fast"));
    let hpas: Api<k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler> =
        Api::namespaced(env.admin.clone(), &env.ns);
    let hpa = hpas.get("web").await.unwrap().spec;
    assert_eq!((hpa.min_replicas, hpa.max_replicas), (Some(2), 5));
    // The Deployment and the Pod as kubectl writes them.
    let api = Api::<Deployment>::namespaced(env.admin.clone(), &env.ns)
        .get("api")
        .await
        .unwrap()
        .spec;
    assert_eq!(api.replicas, Some(2));
    let c = &api.template.spec.unwrap().containers[0];
    assert_eq!(
        (c.name.as_str(), c.image.as_deref()),
        ("api", Some("registry.example/shop/api:2.1"))
    );
    let pod = Api::<k8s_openapi::api::core::v1::Pod>::namespaced(env.admin.clone(), &env.ns)
        .get("debug")
        .await
        .unwrap();
    assert_eq!(
        pod.metadata
            .labels
            .unwrap_or_default()
            .get("run")
            .map(String::as_str),
        Some("debug")
    );
    assert_eq!(pod.spec.unwrap().restart_policy.as_deref(), Some("Never"));

    // set image: a strategic-merge patch of the named container.
    let plan = env
        .ex
        .plan(
            &env.alice,
            &env.op("kubectl set image deployment/web app=nginx:1.28"),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(plan.risk, kubechat_core::Risk::Mutate);
    env.ex.apply(plan.confirm()).await.unwrap();
    let d = Api::<Deployment>::namespaced(env.admin.clone(), &env.ns)
        .get("web")
        .await
        .unwrap();
    let image = d.spec.template.spec.unwrap().containers[0].image.clone();
    assert_eq!(image.as_deref(), Some("nginx:1.28"));

    // No container said ("set the image of web to nginx:1.29"): the
    // deployment's one container, found as the asker.
    let plan = env
        .ex
        .plan(
            &env.alice,
            &env.op("kubectl set image deployment/web '*=nginx:1.29'"),
            &env.ns,
        )
        .await
        .unwrap();
    assert!(
        plan.changes.iter().any(|c| c.field.contains("[app].image")),
        "{:?}",
        plan.changes
    );
    env.ex.apply(plan.confirm()).await.unwrap();
    let d = Api::<Deployment>::namespaced(env.admin.clone(), &env.ns)
        .get("web")
        .await
        .unwrap();
    let containers = d.spec.template.spec.unwrap().containers;
    assert_eq!(containers.len(), 1);
    assert_eq!(containers[0].image.as_deref(), Some("nginx:1.29"));

    // Two containers: which one is asked, by name; nothing changes.
    create::<Deployment>(
        &env.admin,
        Some(&env.ns),
        json!({
            "metadata": {"name": "meshed"},
            "spec": {
                "selector": {"matchLabels": {"app": "meshed"}},
                "template": {
                    "metadata": {"labels": {"app": "meshed"}},
                    "spec": {"containers": [
                        {"name": "app", "image": "api:1"},
                        {"name": "proxy", "image": "envoy:1"}
                    ]}
                }
            }
        }),
    )
    .await;
    let e = env
        .ex
        .plan(
            &env.alice,
            &env.op("kubectl set image deployment/meshed '*=api:2'"),
            &env.ns,
        )
        .await
        .unwrap_err();
    let said = e.to_string();
    assert!(
        said.contains("app, proxy") && said.contains("CONTAINER=IMAGE"),
        "{said}"
    );
    let d = Api::<Deployment>::namespaced(env.admin.clone(), &env.ns)
        .get("meshed")
        .await
        .unwrap();
    let images: Vec<_> = d
        .spec
        .template
        .spec
        .unwrap()
        .containers
        .into_iter()
        .map(|c| c.image)
        .collect();
    assert_eq!(
        images,
        [Some("api:1".to_owned()), Some("envoy:1".to_owned())]
    );
}

#[tokio::test]
async fn a_deletion_of_several_types_previews_each_and_applies_what_it_previewed() {
    let env = Env::new().await;
    env.pod(
        "old-1",
        json!({"app": "old"}),
        &["app"],
        running("app", true),
    )
    .await;
    env.pod(
        "keep",
        json!({"app": "keep"}),
        &["app"],
        running("app", true),
    )
    .await;
    for (name, app) in [("old", "old"), ("keep", "keep")] {
        create::<k8s_openapi::api::core::v1::Service>(
            &env.admin,
            Some(&env.ns),
            json!({
                "metadata": {"name": name, "labels": {"app": app}},
                "spec": {"selector": {"app": app}, "ports": [{"port": 80}]}
            }),
        )
        .await;
    }
    let op = env.op(&format!(
        "kubectl delete pods,services -l app=old -n {}",
        env.ns
    ));
    assert_eq!(op.resource_list(), "pods,services");
    let plan = env.ex.plan(&env.alice, &op, &env.ns).await.unwrap();
    assert_eq!(plan.risk, kubechat_core::Risk::Destructive);
    assert!(
        plan.kubectl.starts_with("kubectl delete pods,services "),
        "{}",
        plan.kubectl
    );
    let objects: Vec<&str> = plan.changes.iter().map(|c| c.object.as_str()).collect();
    assert_eq!(objects, ["pod/old-1", "service/old"]);
    let pods: Api<Pod> = Api::namespaced(env.admin.clone(), &env.ns);
    let services: Api<k8s_openapi::api::core::v1::Service> =
        Api::namespaced(env.admin.clone(), &env.ns);
    assert_eq!(pods.list(&Default::default()).await.unwrap().items.len(), 2);
    assert_eq!(
        services
            .list(&Default::default())
            .await
            .unwrap()
            .items
            .len(),
        2
    );

    env.ex.apply(plan.confirm()).await.unwrap();
    let names = |items: Vec<Option<String>>| items.into_iter().flatten().collect::<Vec<_>>();
    let left_pods = names(
        pods.list(&Default::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .filter(|p| p.metadata.deletion_timestamp.is_none())
            .map(|p| p.metadata.name)
            .collect(),
    );
    let left_services = names(
        services
            .list(&Default::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|s| s.metadata.name)
            .collect(),
    );
    assert_eq!(left_pods, ["keep"]);
    assert_eq!(left_services, ["keep"]);
}

/// `--cascade=orphan` reaches the API server: the object waits on the
/// garbage collector's `orphan` finalizer (there is no collector in the
/// test kit, so it stays to be seen), where a plain delete removes it.
#[tokio::test]
async fn delete_orphaning_dependents_asks_the_server_to_keep_them() {
    let env = Env::new().await;
    env.deployment("keep-pods", 1, "nginx:1.27").await;
    env.deployment("plain", 1, "nginx:1.27").await;
    let deployments: Api<Deployment> = Api::namespaced(env.admin.clone(), &env.ns);

    let op = env.op("kubectl delete deployment keep-pods --cascade=orphan");
    assert_eq!(
        kubechat_core::kubectl::render(&op),
        "kubectl delete deployments keep-pods --cascade=orphan"
    );
    let plan = env.ex.plan(&env.alice, &op, &env.ns).await.unwrap();
    let lines: Vec<String> = plan.changes.iter().map(|c| c.line()).collect();
    assert_eq!(
        lines,
        [format!(
            "deployment/keep-pods ({}): (object) exists → deleted (its dependents kept)",
            env.ns
        )]
    );
    assert!(
        deployments
            .get("keep-pods")
            .await
            .unwrap()
            .metadata
            .deletion_timestamp
            .is_none(),
        "dry run"
    );
    env.ex.apply(plan.confirm()).await.unwrap();
    let left = deployments.get("keep-pods").await.unwrap().metadata;
    assert!(left.deletion_timestamp.is_some());
    assert_eq!(left.finalizers.as_deref(), Some(&["orphan".to_owned()][..]));

    let plan = env
        .ex
        .plan(
            &env.alice,
            &env.op("kubectl delete deployment plain"),
            &env.ns,
        )
        .await
        .unwrap();
    env.ex.apply(plan.confirm()).await.unwrap();
    assert!(deployments.get_opt("plain").await.unwrap().is_none());

    // Let the namespace go: nothing here will ever clear the finalizer.
    deployments
        .patch(
            "keep-pods",
            &kube::api::PatchParams::default(),
            &kube::api::Patch::Merge(json!({"metadata": {"finalizers": null}})),
        )
        .await
        .unwrap();
}

/// `kubectl delete pods web-1 web-2` (or "delete pods web-1 and web-2"):
/// each named object previewed and deleted, the others kept; reading
/// several names shows each, and one that does not exist is said in its
/// place while the others are shown.
#[tokio::test]
async fn several_named_objects_are_read_and_deleted_each() {
    let env = Env::new().await;
    for name in ["web-1", "web-2", "web-3"] {
        env.pod(name, json!({"app": "web"}), &["app"], running("app", true))
            .await;
    }
    let read = env
        .ex
        .read(
            &env.alice,
            &env.op("kubectl get pods web-1 nosuch web-3"),
            &env.ns,
        )
        .await
        .unwrap();
    assert!(
        read.text.contains("web-1") && read.text.contains("web-3"),
        "{}",
        read.text
    );
    assert!(!read.text.contains("web-2"), "{}", read.text);
    assert!(read.text.contains("\"nosuch\" not found"), "{}", read.text);

    let op = env.op(&format!("kubectl delete pods web-1 web-2 -n {}", env.ns));
    assert_eq!(op.name_list().as_deref(), Some("web-1,web-2"));
    let plan = env.ex.plan(&env.alice, &op, &env.ns).await.unwrap();
    assert_eq!(
        plan.kubectl,
        format!("kubectl delete pods web-1 web-2 -n {}", env.ns)
    );
    let objects: Vec<&str> = plan.changes.iter().map(|c| c.object.as_str()).collect();
    assert_eq!(objects, ["pod/web-1", "pod/web-2"]);
    env.ex.apply(plan.confirm()).await.unwrap();
    let pods: Api<Pod> = Api::namespaced(env.admin.clone(), &env.ns);
    let left: Vec<String> = pods
        .list(&Default::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .filter_map(|p| p.metadata.name)
        .collect();
    assert_eq!(left, ["web-3"]);
}

#[tokio::test]
async fn several_named_workloads_are_scaled_and_restarted_each() {
    let env = Env::new().await;
    for name in ["web", "api", "other"] {
        env.deployment(name, 1, "nginx:1.27").await;
    }
    let plan = env
        .ex
        .plan(
            &env.alice,
            &env.op("kubectl scale deployment web api --replicas=3"),
            &env.ns,
        )
        .await
        .unwrap();
    assert_eq!(
        plan.kubectl,
        "kubectl scale deployment/web deployment/api --replicas=3"
    );
    let lines: Vec<String> = plan.changes.iter().map(|c| c.line()).collect();
    assert_eq!(
        lines,
        [
            format!("deployment/web ({}): spec.replicas 1 → 3", env.ns),
            format!("deployment/api ({}): spec.replicas 1 → 3", env.ns),
        ]
    );
    assert_eq!(
        replicas(&env, "web").await,
        Some(1),
        "the dry-run changed nothing"
    );
    env.ex.apply(plan.confirm()).await.unwrap();
    assert_eq!(replicas(&env, "web").await, Some(3));
    assert_eq!(replicas(&env, "api").await, Some(3));
    assert_eq!(
        replicas(&env, "other").await,
        Some(1),
        "only the named ones"
    );

    let plan = env
        .ex
        .plan(
            &env.alice,
            &env.op("kubectl rollout restart deployment/web deployment/api"),
            &env.ns,
        )
        .await
        .unwrap();
    let objects: Vec<&str> = plan.changes.iter().map(|c| c.object.as_str()).collect();
    assert_eq!(objects, ["deployment/web", "deployment/api"]);
    env.ex.apply(plan.confirm()).await.unwrap();
    let deployments = Api::<Deployment>::namespaced(env.admin.clone(), &env.ns);
    assert!(restarted(deployments.get("web").await.unwrap()));
    assert!(restarted(deployments.get("api").await.unwrap()));
    assert!(!restarted(deployments.get("other").await.unwrap()));
}

#[tokio::test]
async fn a_cronjob_is_run_by_hand_as_a_job_of_its_template_and_as_the_asker() {
    use k8s_openapi::api::batch::v1::{CronJob, Job};
    use k8s_openapi::api::rbac::v1::{Role, RoleBinding};
    let env = Env::new().await;
    let _: CronJob = create(
        &env.admin,
        Some(&env.ns),
        json!({
            "metadata": {"name": "backup"},
            "spec": {
                "schedule": "0 3 * * *",
                "jobTemplate": {
                    "metadata": {"labels": {"team": "ops"}},
                    "spec": {"template": {"spec": {
                        "restartPolicy": "Never",
                        "containers": [{"name": "dump", "image": "busybox:1.36", "args": ["true"]}]
                    }}}
                }
            }
        }),
    )
    .await;
    let line = "kubectl create job backup-manual --from=cronjob/backup";
    // Alice may not read CronJobs yet: the cluster says no, nothing is made.
    let err = env.plan(line).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("alice is not allowed to get cronjobs \"backup\""),
        "{err}"
    );
    let _: Role = create(
        &env.admin,
        Some(&env.ns),
        json!({"metadata": {"name": "run-cronjobs"}, "rules": [
            {"apiGroups": ["batch"], "resources": ["cronjobs"], "verbs": ["get", "patch"]},
            {"apiGroups": ["batch"], "resources": ["jobs"], "verbs": ["get", "create", "patch"]}
        ]}),
    )
    .await;
    let _: RoleBinding = create(
        &env.admin,
        Some(&env.ns),
        json!({
            "metadata": {"name": "alice-runs-cronjobs"},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "run-cronjobs"},
            "subjects": [{"kind": "User", "name": "alice", "apiGroup": "rbac.authorization.k8s.io"}]
        }),
    )
    .await;
    let plan = env.plan_once_granted(line).await;
    assert_eq!(plan.risk, kubechat_core::Risk::Mutate);
    assert_eq!(
        plan.changes[0].line(),
        format!("job/backup-manual ({}): (object) absent → created", env.ns)
    );
    let jobs: Api<Job> = Api::namespaced(env.admin.clone(), &env.ns);
    assert!(
        jobs.get_opt("backup-manual").await.unwrap().is_none(),
        "dry run"
    );
    env.ex.apply(plan.confirm()).await.unwrap();
    let job = jobs.get("backup-manual").await.unwrap();
    let meta = &job.metadata;
    assert_eq!(
        meta.annotations.as_ref().unwrap()["cronjob.kubernetes.io/instantiate"],
        "manual"
    );
    assert_eq!(meta.labels.as_ref().unwrap()["team"], "ops");
    let owner = &meta.owner_references.as_ref().unwrap()[0];
    assert_eq!(
        (owner.kind.as_str(), owner.name.as_str()),
        ("CronJob", "backup")
    );
    let containers = job.spec.unwrap().template.spec.unwrap().containers;
    assert_eq!(containers[0].image.as_deref(), Some("busybox:1.36"));
    // A second run under the same name is refused with a name to use.
    let err = env.plan(line).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("create job backup-manual-2 --from=cronjob/backup"),
        "{err}"
    );
    // No such CronJob: the cluster's "not found", nothing made.
    let err = env
        .plan("kubectl create job x --from=cronjob/nightly")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not found"), "{err}");
    // Its image is set where a CronJob keeps its containers, in its job
    // template; `*` is its one container, read as the asker.
    let plan = env
        .plan("kubectl set image cronjob/backup '*=busybox:1.37'")
        .await
        .unwrap();
    env.ex.apply(plan.confirm()).await.unwrap();
    let crons: Api<CronJob> = Api::namespaced(env.admin.clone(), &env.ns);
    let spec = crons.get("backup").await.unwrap().spec;
    let pod = spec.job_template.spec.unwrap().template.spec.unwrap();
    assert_eq!(
        (
            pod.containers[0].name.as_str(),
            pod.containers[0].image.as_deref()
        ),
        ("dump", Some("busybox:1.37"))
    );
}

#[tokio::test]
async fn roles_bindings_quotas_and_budgets_are_made_from_flags_as_the_asker() {
    use k8s_openapi::api::core::v1::ResourceQuota;
    use k8s_openapi::api::policy::v1::PodDisruptionBudget;
    use k8s_openapi::api::rbac::v1::{Role, RoleBinding};
    let env = Env::new().await;
    let ns = env.ns.clone();
    let role_line = format!(
        "kubectl create role pod-reader --verb=get,list,watch --resource=pods,pods/log -n {ns}"
    );
    // Alice may not make roles yet: the cluster says no.
    let err = env.plan(&role_line).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("alice is not allowed to get roles \"pod-reader\""),
        "{err}"
    );
    let _: Role = create(
        &env.admin,
        Some(&ns),
        json!({"metadata": {"name": "make-rules"}, "rules": [
            {"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["roles", "rolebindings"], "verbs": ["get", "create", "patch"]},
            {"apiGroups": [""], "resources": ["resourcequotas"], "verbs": ["get", "create", "patch"]},
            {"apiGroups": ["policy"], "resources": ["poddisruptionbudgets"], "verbs": ["get", "create", "patch"]}
        ]}),
    )
    .await;
    let _: RoleBinding = create(
        &env.admin,
        Some(&ns),
        json!({
            "metadata": {"name": "alice-makes-rules"},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "make-rules"},
            "subjects": [{"kind": "User", "name": "alice", "apiGroup": "rbac.authorization.k8s.io"}]
        }),
    )
    .await;
    // A role granting what alice does not hold herself is the API
    // server's escalation refusal, made as her.
    let mut refused = None;
    for _ in 0..50 {
        match env
            .plan(&format!(
                "kubectl create role secret-reader --verb=get --resource=secrets -n {ns}"
            ))
            .await
        {
            Err(e) if e.to_string().contains("not allowed to get roles") => {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            other => {
                refused = Some(other);
                break;
            }
        }
    }
    let err = refused.expect("RBAC never took effect").unwrap_err();
    assert!(matches!(err, Error::Escalation { .. }), "{err:?}");
    let said = err.to_string();
    assert!(
        said.contains(
            "alice may not make roles \"secret-reader\": it grants rights alice does not hold"
        ) && said.contains("secrets"),
        "{said}"
    );
    // What she holds she may hand on: previewed by a dry run, then made.
    let plan = env.plan(&role_line).await.unwrap();
    assert_eq!(plan.risk, kubechat_core::Risk::Mutate);
    assert_eq!(
        plan.changes[0].line(),
        format!("role/pod-reader ({ns}): (object) absent → created")
    );
    let roles: Api<Role> = Api::namespaced(env.admin.clone(), &ns);
    assert!(
        roles.get_opt("pod-reader").await.unwrap().is_none(),
        "dry run"
    );
    env.ex.apply(plan.confirm()).await.unwrap();
    let rules = roles.get("pod-reader").await.unwrap().rules.unwrap();
    assert_eq!(rules.len(), 1);
    assert_eq!(
        rules[0].resources.as_deref(),
        Some(&["pods".to_owned(), "pods/log".to_owned()][..])
    );
    assert_eq!(rules[0].verbs, ["get", "list", "watch"]);
    env.applied(&format!(
        "kubectl create rolebinding read-pods --role=pod-reader --user=bob --serviceaccount={ns}:ci -n {ns}"
    ))
    .await;
    let binding = Api::<RoleBinding>::namespaced(env.admin.clone(), &ns)
        .get("read-pods")
        .await
        .unwrap();
    assert_eq!(binding.role_ref.kind, "Role");
    let subjects = binding.subjects.unwrap();
    assert_eq!(
        subjects
            .iter()
            .map(|s| (s.kind.as_str(), s.name.as_str()))
            .collect::<Vec<_>>(),
        [("User", "bob"), ("ServiceAccount", "ci")]
    );
    env.applied(&format!(
        "kubectl create quota compute --hard=pods=10,requests.memory=2Gi -n {ns}"
    ))
    .await;
    let quota = Api::<ResourceQuota>::namespaced(env.admin.clone(), &ns)
        .get("compute")
        .await
        .unwrap();
    let hard = quota.spec.unwrap().hard.unwrap();
    assert_eq!(hard["pods"].0, "10");
    assert_eq!(hard["requests.memory"].0, "2Gi");
    env.applied(&format!(
        "kubectl create pdb web --selector=app=web --min-available=50% -n {ns}"
    ))
    .await;
    let pdb = Api::<PodDisruptionBudget>::namespaced(env.admin.clone(), &ns)
        .get("web")
        .await
        .unwrap();
    let spec = pdb.spec.unwrap();
    assert_eq!(
        spec.min_available,
        Some(k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::String("50%".into()))
    );
    // Made once: a second time is the cluster's "already exists".
    let err = env
        .plan(&format!(
            "kubectl create quota compute --hard=pods=1 -n {ns}"
        ))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("exists"), "{err}");
}

/// "force delete the stuck pod on the dead node": a pod bound to a node
/// that never answers stays Terminating after a graceful delete; `--force`
/// (a grace period of 0) removes it from the API at once.
#[tokio::test]
async fn a_pod_on_a_dead_node_is_force_deleted() {
    let env = Env::new().await;
    env.pod_on(
        Some("dead-node"),
        "stuck-0",
        json!({"app": "db"}),
        &["app"],
        running("app", true),
    )
    .await;
    let pods: Api<Pod> = Api::namespaced(env.admin.clone(), &env.ns);
    // Graceful: the kubelet is asked to stop it, and never answers.
    let plan = env.plan("kubectl delete pod stuck-0").await.unwrap();
    env.ex.apply(plan.confirm()).await.unwrap();
    let left = pods.get_opt("stuck-0").await.unwrap().unwrap();
    assert!(left.metadata.deletion_timestamp.is_some());
    let plan = env
        .plan("kubectl delete pod stuck-0 --force")
        .await
        .unwrap();
    assert_eq!(
        plan.kubectl,
        "kubectl delete pods stuck-0 --grace-period=0 --force"
    );
    assert!(
        pods.get_opt("stuck-0").await.unwrap().is_some(),
        "dry-run only"
    );
    env.ex.apply(plan.confirm()).await.unwrap();
    assert!(pods.get_opt("stuck-0").await.unwrap().is_none());
}
