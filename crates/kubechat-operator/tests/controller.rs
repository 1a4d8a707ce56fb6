//! The controller against the real API server, with two operator instances
//! running at once: commands run as `requestedBy` (RBAC decides), are
//! audited once, wait for approval when destructive, honour dry runs and
//! the workspace policy, write Events, and are deleted after their TTL.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Event;
use k8s_openapi::api::rbac::v1::{Role, RoleBinding};
use kube::api::{Api, ListParams, Patch, PatchParams, PostParams};
use kubechat_audit::{AuditLog, AuditMetrics, AuditOptions, Phase};
use kubechat_config::{ClusterSource, KubernetesConfig, SecretUrl};
use kubechat_core::{Policy, SystemClock};
use kubechat_engine::Engine;
use kubechat_operator::controller::{self, Context};
use kubechat_operator::{CommandPhase, KubeChatCommand};
use kubechat_store::{DEFAULT_WORKSPACE_ID, Store, StoreOptions};
use kubechat_testkit::{ControlPlane, Identity, TestDatabase};
use serde_json::{Value, json};
use uuid::Uuid;

async fn wait_for(api: &Api<KubeChatCommand>, name: &str, phase: CommandPhase) -> KubeChatCommand {
    let mut last = None;
    for _ in 0..150 {
        let c = api.get(name).await.unwrap();
        if c.status.as_ref().and_then(|s| s.phase) == Some(phase) {
            return c;
        }
        last = Some(c);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "{name} never reached {phase:?}: {:?}",
        last.and_then(|c| c.status)
    );
}

fn command(name: &str, by: &str, spec: Value) -> KubeChatCommand {
    let mut spec = spec;
    spec["requestedBy"] = json!(by);
    serde_json::from_value(json!({
        "apiVersion": "kubechat.io/v1alpha1", "kind": "KubeChatCommand",
        "metadata": {"name": name}, "spec": spec
    }))
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_run_as_their_requester_exactly_once() -> anyhow::Result<()> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cp = ControlPlane::shared().await?;
    let admin = cp.client(Identity::Admin).await?;
    support::install_crd(&admin).await?;
    let ns = cp.namespace().await?.name;
    let pp = PostParams::default();
    let deployments: Api<Deployment> = Api::namespaced(admin.clone(), &ns);
    deployments
        .create(&pp, &serde_json::from_value(json!({
            "metadata": {"name": "web"},
            "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                     "template": {"metadata": {"labels": {"app": "web"}},
                                  "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}
        }))?)
        .await?;
    // alice may change Deployments here; bob may not.
    Api::<Role>::namespaced(admin.clone(), &ns)
        .create(
            &pp,
            &serde_json::from_value(json!({
                "metadata": {"name": "deployer"},
                "rules": [{"apiGroups": ["apps"], "resources": ["deployments", "deployments/scale"],
                           "verbs": ["get", "list", "patch", "update", "delete"]}]
            }))?,
        )
        .await?;
    Api::<RoleBinding>::namespaced(admin.clone(), &ns)
        .create(&pp, &serde_json::from_value(json!({
            "metadata": {"name": "deployer"},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "deployer"},
            "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "alice"}]
        }))?)
        .await?;

    // Two operator instances on one database, as two replicas would be.
    let db = TestDatabase::create().await?;
    let store = Store::connect(&SecretUrl::new(db.url()), &StoreOptions::default()).await?;
    store.migrate().await?;
    let dir = tempfile::tempdir()?;
    let kubeconfig = dir.path().join("kubeconfig");
    cp.write_kubeconfig(Identity::Admin, &kubeconfig)?;
    let cluster = kubechat_kube::Cluster::from_config(&KubernetesConfig {
        source: ClusterSource::Kubeconfig,
        kubeconfig: Some(kubeconfig),
        context: None,
        clusters: Vec::new(),
    })
    .await?
    .unwrap();
    let policy = Policy::default();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let metrics = kubechat_operator::metrics::OperatorMetrics::default();
    let mut instances = Vec::new();
    for name in ["operator-a", "operator-b"] {
        let audit = AuditLog::start(
            store.clone(),
            Arc::new(SystemClock),
            AuditMetrics::default(),
            AuditOptions::default(),
        );
        let ctx = Arc::new(Context {
            client: admin.clone(),
            engine: Engine::new(cluster.executor(Arc::new(SystemClock))?, audit),
            policy: Arc::new(policy.clone()),
            clock: Arc::new(SystemClock),
            instance: name.to_owned(),
            metrics: metrics.clone(),
        });
        let mut rx = stopped.clone();
        instances.push(tokio::spawn(controller::run(ctx, async move {
            let _ = rx.wait_for(|s| *s).await;
        })));
    }
    let audit = AuditLog::start(
        store.clone(),
        Arc::new(SystemClock),
        AuditMetrics::default(),
        AuditOptions::default(),
    );
    let kcc: Api<KubeChatCommand> = Api::namespaced(admin.clone(), &ns);

    // A scale as alice: Succeeded, applied once, audited as alice.
    // (The test's RBAC lets only the admin create commands; admission of
    // requestedBy is the chart's policy, tested with the chart.)
    kcc.create(
        &pp,
        &command("scale-web", "alice", json!({"text": "scale web to 3"})),
    )
    .await?;
    let done = wait_for(&kcc, "scale-web", CommandPhase::Succeeded).await;
    let status = done.status.unwrap();
    assert_eq!(
        status.kubectl.as_deref(),
        Some(&*format!(
            "kubectl scale deployment/web --replicas=3 -n {ns}"
        ))
    );
    assert!(status.output.unwrap().contains("spec.replicas 1 → 3"));
    assert_eq!(deployments.get("web").await?.spec.replicas, Some(3));
    let request: Uuid = status.audit_event_id.unwrap().parse()?;
    let steps = audit.steps(DEFAULT_WORKSPACE_ID, request).await?;
    let phases: Vec<Phase> = steps.iter().map(|e| e.phase).collect();
    assert_eq!(
        phases,
        [Phase::Requested, Phase::Confirmed, Phase::Executed],
        "executed exactly once"
    );
    assert!(
        steps
            .iter()
            .all(|e| e.actor_user == "alice" && e.kube_user == "alice")
    );
    assert_eq!(steps[0].channel, kubechat_audit::Channel::Operator);
    // Both instances saw it; one executed it.
    let scales = audit
        .search(
            DEFAULT_WORKSPACE_ID,
            &kubechat_audit::Filter {
                verb: Some("scale".to_owned()),
                ..Default::default()
            },
        )
        .await?;
    let phases: Vec<Phase> = scales.events.iter().map(|e| e.phase).collect();
    assert_eq!(
        phases,
        [Phase::Executed, Phase::Confirmed, Phase::Requested],
        "one request, one execution"
    );

    // bob's RBAC forbids it: Failed with the API server's reason.
    kcc.create(
        &pp,
        &command("bob-scales", "bob", json!({"text": "scale web to 4"})),
    )
    .await?;
    let failed = wait_for(&kcc, "bob-scales", CommandPhase::Failed).await;
    let output = failed.status.unwrap().output.unwrap();
    assert!(output.contains("bob is not allowed"), "{output}");
    assert_eq!(deployments.get("web").await?.spec.replicas, Some(3));

    // A dry run changes nothing and shows the change.
    kcc.create(
        &pp,
        &command(
            "dry",
            "alice",
            json!({"text": "scale web to 7", "dryRun": true}),
        ),
    )
    .await?;
    let dry = wait_for(&kcc, "dry", CommandPhase::Succeeded).await;
    assert!(dry.status.unwrap().output.unwrap().contains("3 → 7"));
    assert_eq!(deployments.get("web").await?.spec.replicas, Some(3));

    // The policy denies Secrets.
    kcc.create(
        &pp,
        &command("secrets", "alice", json!({"text": "show me the secrets"})),
    )
    .await?;
    let denied = wait_for(&kcc, "secrets", CommandPhase::Denied).await;
    assert!(denied.status.unwrap().output.unwrap().contains("secrets"));
    let refusals = audit
        .search(
            DEFAULT_WORKSPACE_ID,
            &kubechat_audit::Filter {
                resource: Some("secrets".to_owned()),
                ..Default::default()
            },
        )
        .await?;
    assert_eq!(refusals.events.len(), 1, "one replica recorded the denial");
    assert_eq!(refusals.events[0].phase, Phase::Denied);

    // Bad input: a clear Failed.
    kcc.create(
        &pp,
        &command(
            "gibberish",
            "alice",
            json!({"text": "make it so, number one"}),
        ),
    )
    .await?;
    let bad = wait_for(&kcc, "gibberish", CommandPhase::Failed).await;
    let reason = &bad.status.unwrap().conditions[0].reason;
    assert_eq!(reason, "InvalidRequest");

    // Destructive: waits for an approval, then runs.
    kcc.create(
        &pp,
        &command(
            "delete-web",
            "alice",
            json!({"text": "delete deployment web"}),
        ),
    )
    .await?;
    wait_for(&kcc, "delete-web", CommandPhase::AwaitingApproval).await;
    assert!(deployments.get_opt("web").await?.is_some());
    kcc.patch(
        "delete-web",
        &PatchParams::default(),
        &Patch::Merge(json!({"spec": {"approvals": [{"by": "carol"}]}})),
    )
    .await?;
    let deleted = wait_for(&kcc, "delete-web", CommandPhase::Succeeded).await;
    assert!(deployments.get_opt("web").await?.is_none());
    let request: Uuid = deleted.status.unwrap().audit_event_id.unwrap().parse()?;
    let steps = audit.steps(DEFAULT_WORKSPACE_ID, request).await?;
    assert_eq!(
        steps[1].decision_reason.as_deref(),
        Some("approved by carol")
    );

    // Events on the command.
    let events: Api<Event> = Api::namespaced(admin.clone(), &ns);
    let list = events
        .list(&ListParams::default().fields("involvedObject.name=scale-web"))
        .await?;
    assert!(
        list.items
            .iter()
            .any(|e| e.reason.as_deref() == Some("Executed")),
        "{:?}",
        list.items
    );

    // TTL: deleted after it finished.
    kcc.create(
        &pp,
        &command(
            "short-lived",
            "alice",
            json!({"text": "get deployments", "ttlSecondsAfterFinished": 1}),
        ),
    )
    .await?;
    wait_for(&kcc, "short-lived", CommandPhase::Succeeded).await;
    let mut gone = false;
    for _ in 0..100 {
        if kcc.get_opt("short-lived").await?.is_none() {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(gone, "the finished command was not deleted after its TTL");

    // Both replicas share the metrics here: every command settled once.
    assert_eq!(metrics.finished_count("Succeeded"), 4);
    assert_eq!(metrics.finished_count("Failed"), 2);
    assert_eq!(metrics.finished_count("Denied"), 1);

    // A replica that stopped while running a command (its claim an hour
    // old): the command is marked Failed/Interrupted once, not run again.
    kcc.create(
        &pp,
        &command(
            "stuck",
            "alice",
            json!({"text": "get deployments", "dryRun": true}),
        ),
    )
    .await?;
    wait_for(&kcc, "stuck", CommandPhase::Succeeded).await;
    let an_hour_ago = (kubechat_core::Clock::now(&SystemClock) - Duration::from_secs(3600))
        .format(&time::format_description::well_known::Rfc3339)?;
    kcc.patch_status(
        "stuck",
        &PatchParams::default(),
        &Patch::Merge(json!({"status": {
            "phase": "Running", "finishedAt": null,
            "conditions": [{"type": "Running", "status": "True", "reason": "Claimed",
                            "message": "claimed by operator-gone", "lastTransitionTime": an_hour_ago}]
        }})),
    )
    .await?;
    let stuck = wait_for(&kcc, "stuck", CommandPhase::Failed).await;
    let status = stuck.status.unwrap();
    assert_eq!(status.conditions[0].reason, "Interrupted");
    let output = status.output.unwrap();
    assert!(
        output.contains("operator-gone stopped while running it")
            && output.contains("not run again"),
        "{output}"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        metrics.finished_count("Failed"),
        3,
        "recorded by one replica"
    );
    stop.send(true)?;
    for i in instances {
        let _ = tokio::time::timeout(Duration::from_secs(10), i).await;
    }
    store.close().await;
    Ok(())
}

#[tokio::test]
async fn one_replica_holds_the_lease_and_another_takes_over() -> anyhow::Result<()> {
    use kubechat_operator::lease::LeaderLease;
    let cp = ControlPlane::shared().await?;
    let admin = cp.client(Identity::Admin).await?;
    let ns = cp.namespace().await?.name;
    let lease = |holder: &str| {
        LeaderLease::new(
            admin.clone(),
            &ns,
            "kubechat-operator",
            holder,
            Duration::from_secs(2),
            Arc::new(SystemClock),
        )
    };
    let (a, b) = (lease("replica-a"), lease("replica-b"));
    assert!(a.acquire_or_renew().await?, "the first replica creates it");
    assert!(!b.acquire_or_renew().await?, "held: the second waits");
    assert!(a.acquire_or_renew().await?, "the holder renews");
    assert!(!b.acquire_or_renew().await?);
    // replica-a stops renewing (crashed): after the duration b takes over.
    tokio::time::sleep(Duration::from_millis(3500)).await;
    assert!(b.acquire_or_renew().await?, "an expired lease is taken");
    assert!(
        !a.acquire_or_renew().await?,
        "the old holder does not get it back"
    );
    let held: k8s_openapi::api::coordination::v1::Lease = Api::namespaced(admin.clone(), &ns)
        .get("kubechat-operator")
        .await?;
    let spec = held.spec.unwrap();
    assert_eq!(spec.holder_identity.as_deref(), Some("replica-b"));
    assert_eq!(spec.lease_transitions, Some(1));
    Ok(())
}
