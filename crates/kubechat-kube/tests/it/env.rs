//! A namespace with RBAC for alice, nothing for bob, and seeded objects.

use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{Event, Node, Pod, Service};
use k8s_openapi::api::rbac::v1::{
    ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, RoleRef, Subject,
};
use kube::api::{Api, Patch, PatchParams, PostParams};
use kubechat_core::{Operation, SystemClock, kubectl};
use kubechat_kube::{Actor, Executor};
use kubechat_testkit::{ControlPlane, Identity};
use serde_json::{Value, json};

pub struct Env {
    pub ns: String,
    pub admin: kube::Client,
    pub ex: Executor,
    pub alice: Actor,
    pub bob: Actor,
    pub node: String,
}

fn rule(groups: &[&str], resources: &[&str], verbs: &[&str]) -> PolicyRule {
    PolicyRule {
        api_groups: Some(groups.iter().map(|s| (*s).to_owned()).collect()),
        resources: Some(resources.iter().map(|s| (*s).to_owned()).collect()),
        verbs: verbs.iter().map(|s| (*s).to_owned()).collect(),
        ..PolicyRule::default()
    }
}

fn alice_subject() -> Vec<Subject> {
    vec![Subject {
        kind: "User".into(),
        name: "alice".into(),
        api_group: Some("rbac.authorization.k8s.io".into()),
        ..Subject::default()
    }]
}

pub async fn create<K>(client: &kube::Client, ns: Option<&str>, obj: Value) -> K
where
    K: kube::Resource<Scope = k8s_openapi::NamespaceResourceScope>
        + Clone
        + serde::de::DeserializeOwned
        + serde::Serialize
        + std::fmt::Debug,
    K::DynamicType: Default,
{
    let api: Api<K> = Api::namespaced(client.clone(), ns.unwrap_or("default"));
    api.create(
        &PostParams::default(),
        &serde_json::from_value(obj).unwrap(),
    )
    .await
    .unwrap()
}

impl Env {
    pub async fn new() -> Env {
        let cp = ControlPlane::shared().await.expect("control plane");
        let ns = cp.namespace().await.unwrap().name;
        let admin = cp.client(Identity::Admin).await.unwrap();
        let all = [
            "get", "list", "watch", "create", "update", "patch", "delete",
        ];
        let role: Role =
            serde_json::from_value(json!({"metadata": {"name": "chat-operator"}})).unwrap();
        let role = Role {
            rules: Some(vec![
                rule(
                    &[""],
                    &["pods", "pods/log", "services", "configmaps", "events"],
                    &all,
                ),
                rule(
                    &["apps"],
                    &[
                        "deployments",
                        "deployments/scale",
                        "replicasets",
                        "statefulsets",
                        "daemonsets",
                        "controllerrevisions",
                    ],
                    &all,
                ),
                rule(&["autoscaling"], &["horizontalpodautoscalers"], &all),
            ]),
            ..role
        };
        Api::<Role>::namespaced(admin.clone(), &ns)
            .create(&PostParams::default(), &role)
            .await
            .unwrap();
        let binding = RoleBinding {
            metadata: serde_json::from_value(json!({"name": "alice-operator"})).unwrap(),
            role_ref: RoleRef {
                api_group: Some("rbac.authorization.k8s.io".into()),
                kind: "Role".into(),
                name: "chat-operator".into(),
            },
            subjects: Some(alice_subject()),
        };
        Api::<RoleBinding>::namespaced(admin.clone(), &ns)
            .create(&PostParams::default(), &binding)
            .await
            .unwrap();

        // A node of this test's own, and rights on it for alice.
        let node = format!("node-{ns}");
        let nodes: Api<Node> = Api::all(admin.clone());
        nodes
            .create(
                &PostParams::default(),
                &serde_json::from_value(json!({"metadata": {"name": node}})).unwrap(),
            )
            .await
            .unwrap();
        let cr = ClusterRole {
            metadata: serde_json::from_value(json!({"name": format!("nodes-{ns}")})).unwrap(),
            rules: Some(vec![PolicyRule {
                resource_names: Some(vec![node.clone()]),
                ..rule(&[""], &["nodes"], &["get", "patch"])
            }]),
            ..ClusterRole::default()
        };
        Api::<ClusterRole>::all(admin.clone())
            .create(&PostParams::default(), &cr)
            .await
            .unwrap();
        let crb = ClusterRoleBinding {
            metadata: serde_json::from_value(json!({"name": format!("nodes-{ns}")})).unwrap(),
            role_ref: RoleRef {
                api_group: Some("rbac.authorization.k8s.io".into()),
                kind: "ClusterRole".into(),
                name: format!("nodes-{ns}"),
            },
            subjects: Some(alice_subject()),
        };
        Api::<ClusterRoleBinding>::all(admin.clone())
            .create(&PostParams::default(), &crb)
            .await
            .unwrap();

        let ex = Executor::new(
            cp.kube_config(Identity::Admin).await.unwrap(),
            Arc::new(SystemClock),
        )
        .unwrap();
        let env = Env {
            ns,
            admin,
            ex,
            alice: Actor::new("alice", ["developers"]).unwrap(),
            bob: Actor::new("bob", ["developers"]).unwrap(),
            node,
        };
        env.wait_for_rbac().await;
        env
    }

    /// An actor of this test's own who may read, list and patch every
    /// node (alice's rights name one node), once RBAC sees it.
    pub async fn node_operator(&self) -> Actor {
        let user = format!("nodeop-{}", self.ns);
        let cr = ClusterRole {
            metadata: serde_json::from_value(json!({"name": user})).unwrap(),
            rules: Some(vec![rule(&[""], &["nodes"], &["get", "list", "patch"])]),
            ..ClusterRole::default()
        };
        Api::<ClusterRole>::all(self.admin.clone())
            .create(&PostParams::default(), &cr)
            .await
            .unwrap();
        let crb = ClusterRoleBinding {
            metadata: serde_json::from_value(json!({"name": user})).unwrap(),
            role_ref: RoleRef {
                api_group: Some("rbac.authorization.k8s.io".into()),
                kind: "ClusterRole".into(),
                name: user.clone(),
            },
            subjects: Some(vec![Subject {
                kind: "User".into(),
                name: user.clone(),
                api_group: Some("rbac.authorization.k8s.io".into()),
                ..Subject::default()
            }]),
        };
        Api::<ClusterRoleBinding>::all(self.admin.clone())
            .create(&PostParams::default(), &crb)
            .await
            .unwrap();
        let actor = Actor::new(&user, ["developers"]).unwrap();
        let op = kubectl::parse("kubectl get nodes").unwrap();
        for _ in 0..100 {
            if self.ex.read(&actor, &op, &self.ns).await.is_ok() {
                return actor;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("RBAC never granted {user} the nodes");
    }

    /// RBAC caches see new bindings shortly after they are written.
    async fn wait_for_rbac(&self) {
        let op = kubectl::parse(&format!("kubectl get deployments -n {}", self.ns)).unwrap();
        for _ in 0..100 {
            if self.ex.read(&self.alice, &op, &self.ns).await.is_ok() {
                let node_op = kubectl::parse(&format!("kubectl get nodes {}", self.node)).unwrap();
                if self.ex.read(&self.alice, &node_op, &self.ns).await.is_ok() {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("RBAC for alice never took effect");
    }

    pub fn op(&self, line: &str) -> Operation {
        kubectl::parse(line).unwrap_or_else(|e| panic!("{line}: {e}"))
    }

    /// The preview of a kubectl `line`, planned as alice.
    pub async fn plan(&self, line: &str) -> kubechat_kube::Result<kubechat_kube::Plan> {
        self.ex.plan(&self.alice, &self.op(line), &self.ns).await
    }

    /// The preview of `line` as alice, once a grant just written has
    /// reached the API server's RBAC cache: a binding is seen shortly
    /// after it is made, so a refusal is retried for up to ten seconds.
    pub async fn plan_once_granted(&self, line: &str) -> kubechat_kube::Plan {
        for _ in 0..100 {
            match self.plan(line).await {
                Err(kubechat_kube::Error::Forbidden { .. }) => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                other => return other.unwrap_or_else(|e| panic!("{line}: {e}")),
            }
        }
        panic!("{line}: the grant for alice never took effect");
    }

    /// What alice reads with `line` from `ns`, once a grant just written
    /// has reached the RBAC cache (see [`Env::plan_once_granted`]).
    pub async fn read_once_granted(&self, line: &str, ns: &str) -> kubechat_kube::Outcome {
        for _ in 0..100 {
            match self.ex.read(&self.alice, &self.op(line), ns).await {
                Err(kubechat_kube::Error::Forbidden { .. }) => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                other => return other.unwrap_or_else(|e| panic!("{line}: {e}")),
            }
        }
        panic!("{line}: the grant for alice never took effect");
    }

    /// A kubectl `line`, planned as alice and applied as previewed.
    pub async fn applied(&self, line: &str) {
        let plan = self
            .plan(line)
            .await
            .unwrap_or_else(|e| panic!("{line}: {e}"));
        self.ex.apply(plan.confirm()).await.unwrap();
    }

    pub async fn deployment(&self, name: &str, replicas: i32, image: &str) -> Deployment {
        create(
            &self.admin,
            Some(&self.ns),
            json!({
                "metadata": {"name": name, "labels": {"app": name}},
                "spec": {
                    "replicas": replicas,
                    "selector": {"matchLabels": {"app": name}},
                    "template": {
                        "metadata": {"labels": {"app": name}},
                        "spec": {"containers": [{"name": "app", "image": image}]}
                    }
                }
            }),
        )
        .await
    }

    /// A pod with the given status set through the status subresource.
    pub async fn pod(&self, name: &str, labels: Value, containers: &[&str], status: Value) -> Pod {
        self.pod_on(None, name, labels, containers, status).await
    }

    /// A pod bound to `node` (so the API server tries its kubelet for logs).
    pub async fn pod_on(
        &self,
        node: Option<&str>,
        name: &str,
        labels: Value,
        containers: &[&str],
        status: Value,
    ) -> Pod {
        let spec_containers: Vec<Value> = containers
            .iter()
            .map(|c| json!({"name": c, "image": format!("registry.example/{c}:1"), "resources": {"limits": {"memory": "64Mi"}}}))
            .collect();
        let _: Pod = create(
            &self.admin,
            Some(&self.ns),
            json!({
                "metadata": {"name": name, "labels": labels},
                "spec": {"containers": spec_containers, "nodeName": node}
            }),
        )
        .await;
        let api: Api<Pod> = Api::namespaced(self.admin.clone(), &self.ns);
        api.patch_status(
            name,
            &PatchParams::default(),
            &Patch::Merge(json!({"status": status})),
        )
        .await
        .unwrap()
    }

    pub async fn service(&self, name: &str, selector: Value) -> Service {
        create(
            &self.admin,
            Some(&self.ns),
            json!({
                "metadata": {"name": name},
                "spec": {"selector": selector, "ports": [{"port": 80}]}
            }),
        )
        .await
    }

    pub async fn event(
        &self,
        name: &str,
        (kind, object): (&str, &str),
        reason: &str,
        type_: &str,
        message: &str,
        when: &str,
    ) {
        let _: Event = create(&self.admin, Some(&self.ns), json!({
            "metadata": {"name": name},
            "involvedObject": {"kind": kind, "name": object, "namespace": self.ns, "apiVersion": "v1"},
            "reason": reason, "type": type_, "message": message,
            "firstTimestamp": when, "lastTimestamp": when, "count": 3,
            "source": {"component": "kubelet"}
        }))
        .await;
    }
}

pub fn running(container: &str, ready: bool) -> Value {
    json!({
        "phase": "Running",
        "conditions": [{"type": "Ready", "status": if ready { "True" } else { "False" }}],
        "containerStatuses": [{
            "name": container, "ready": ready, "restartCount": 0, "image": "x", "imageID": "",
            "state": {"running": {"startedAt": "2026-11-22T10:00:00Z"}}
        }]
    })
}
