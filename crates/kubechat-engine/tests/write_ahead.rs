//! The engine against a real kube-apiserver and a real PostgreSQL behind a
//! proxy: audited reads and mutations, and mutations refused — with the
//! cluster unchanged — when the audit log cannot be written.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::rbac::v1::{Role, RoleBinding};
use kube::api::{Api, PostParams};
use kubechat_audit::{AuditActor, AuditLog, AuditMetrics, AuditOptions, Channel, Phase, Window};
use kubechat_config::SecretUrl;
use kubechat_core::{Operation, SystemClock, kubectl};
use kubechat_engine::{Engine, Error, Requester};
use kubechat_kube::{Actor, Executor};
use kubechat_store::{Store, StoreOptions};
use kubechat_testkit::{ControlPlane, Identity, ProxyMode, TcpProxy, TestDatabase};
use uuid::Uuid;

const WS: Uuid = Uuid::from_u128(1);

fn op(line: &str) -> Operation {
    kubectl::parse(line).unwrap()
}

async fn replicas(api: &Api<Deployment>) -> i32 {
    api.get("web").await.unwrap().spec.replicas.unwrap()
}

#[tokio::test]
async fn mutations_are_audited_before_they_reach_the_cluster() -> anyhow::Result<()> {
    let cp = ControlPlane::shared().await?;
    let ns = cp.namespace().await?.name;
    let admin = cp.client(Identity::Admin).await?;
    let deployments: Api<Deployment> = Api::namespaced(admin.clone(), &ns);
    deployments
        .create(
            &PostParams::default(),
            &serde_json::from_value(serde_json::json!({
                "metadata": {"name": "web", "labels": {"app": "web"}},
                "spec": {
                    "replicas": 1,
                    "selector": {"matchLabels": {"app": "web"}},
                    "template": {
                        "metadata": {"labels": {"app": "web"}},
                        "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}
                    }
                }
            }))?,
        )
        .await?;

    // Rights on deployments for user ops in this namespace only (the
    // aggregated built-in roles need a controller manager the test kit
    // does not run).
    Api::<Role>::namespaced(admin.clone(), &ns)
        .create(
            &PostParams::default(),
            &serde_json::from_value(serde_json::json!({
                "metadata": {"name": "ops"},
                "rules": [{"apiGroups": ["apps"], "resources": ["deployments", "deployments/scale"],
                           "verbs": ["get", "list", "patch", "update"]}]
            }))?,
        )
        .await?;
    Api::<RoleBinding>::namespaced(admin.clone(), &ns)
        .create(
            &PostParams::default(),
            &serde_json::from_value(serde_json::json!({
                "metadata": {"name": "ops-edit"},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "ops"},
                "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "ops"}]
            }))?,
        )
        .await?;

    let db = TestDatabase::create().await?;
    let direct = Store::connect(&SecretUrl::new(db.url()), &StoreOptions::default()).await?;
    direct.migrate().await?;
    let proxy = TcpProxy::start(db.addr()?).await?;
    let store = Store::connect(
        &SecretUrl::new(db.url_via(proxy.addr())?),
        &StoreOptions {
            max_connections: 2,
            acquire_timeout: Duration::from_secs(1),
        },
    )
    .await?;
    let audit = AuditLog::start(
        store,
        Arc::new(SystemClock),
        AuditMetrics::default(),
        AuditOptions {
            write_timeout: Duration::from_millis(1500),
            ..AuditOptions::default()
        },
    );
    let executor = Executor::new(
        cp.kube_config(Identity::Admin).await?,
        Arc::new(SystemClock),
    )?;
    let engine = Engine::new(executor, audit.clone());
    let who = Requester {
        workspace_id: WS,
        audit: AuditActor {
            user: "ops".into(),
            role: "operator".into(),
            kube_user: "ops".into(),
            kube_groups: vec!["ops-team".into()],
        },
        kube: Actor::new("ops", ["ops-team"])?,
        channel: Channel::Api,
        session_id: Some("s-1".into()),
    };

    // RBAC caches pick the binding up shortly after it is written.
    let list = op(&format!("kubectl get deployments -n {ns}"));
    for _ in 0..100 {
        if engine.executor().read(&who.kube, &list, &ns).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // A read and a confirmed mutation, each step audited.
    let listed = engine
        .read(
            &who,
            "show deployments",
            &op(&format!("kubectl get deployments -n {ns}")),
            &ns,
        )
        .await?;
    assert!(listed.text.contains("web"), "{}", listed.text);
    let scale3 = op(&format!(
        "kubectl scale deployment web --replicas=3 -n {ns}"
    ));
    let pending = engine.plan(&who, "scale web to 3", &scale3, &ns).await?;
    assert_eq!(replicas(&deployments).await, 1, "the preview is a dry run");
    let request = pending.request_id();
    engine.apply(pending).await?;
    assert_eq!(replicas(&deployments).await, 3);
    let steps = audit.steps(WS, request).await?;
    let phases: Vec<Phase> = steps.iter().map(|e| e.phase).collect();
    assert_eq!(
        phases,
        [Phase::Requested, Phase::Confirmed, Phase::Executed]
    );
    assert_eq!(steps[0].session_id.as_deref(), Some("s-1"));
    assert_eq!(
        steps[0].kubectl,
        format!("kubectl scale deployment/web --replicas=3 -n {ns}")
    );

    // Previewed while the database was up; confirmed after it went away:
    // refused, and the cluster never sees the change.
    let scale5 = op(&format!(
        "kubectl scale deployment web --replicas=5 -n {ns}"
    ));
    let pending = engine.plan(&who, "scale web to 5", &scale5, &ns).await?;
    proxy.set_mode(ProxyMode::Refuse);
    let err = engine.apply(pending).await.unwrap_err();
    assert!(
        matches!(err, Error::Audit(kubechat_audit::Error::Unavailable { .. })),
        "{err}"
    );
    assert_eq!(
        replicas(&deployments).await,
        3,
        "nothing reached the cluster"
    );

    // While it is down no preview runs and reads are refused too (the
    // default: reads_when_unavailable = false).
    let err = engine
        .plan(&who, "scale web to 5", &scale5, &ns)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Audit(kubechat_audit::Error::Unavailable { .. })),
        "{err}"
    );
    let read = engine
        .read(
            &who,
            "show deployments",
            &op(&format!("kubectl get deployments -n {ns}")),
            &ns,
        )
        .await;
    assert!(matches!(read, Err(Error::Audit(_))), "{read:?}");
    assert_eq!(replicas(&deployments).await, 3);

    // Back up: the chain is intact and work goes on.
    proxy.set_mode(ProxyMode::Forward);
    let pending = engine
        .plan(
            &who,
            "scale web to 2",
            &op(&format!(
                "kubectl scale deployment web --replicas=2 -n {ns}"
            )),
            &ns,
        )
        .await?;
    engine.apply(pending).await?;
    assert_eq!(replicas(&deployments).await, 2);
    let report = audit.verify(None, Window::default()).await?;
    assert!(report.ok(), "{:?}", report.findings);
    direct.close().await;
    Ok(())
}
