//! `execution.mode = "operator"` against the real API server: a change
//! confirmed in the chat becomes a `KubeChatCommand`, the operator
//! carries it out as the person who asked (with their groups), and the
//! chat shows each phase and the result; a typed destructive
//! confirmation runs without a second approver when the workspace asks
//! for no more.

use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use kube::Api;
use kubechat_audit::{AuditLog, AuditMetrics, AuditOptions};
use kubechat_config::{ClusterSource, ExecutionMode, KubernetesConfig, SecretUrl};
use kubechat_core::{SystemClock, UserRole};
use kubechat_engine::Engine;
use kubechat_operator::controller::{self, Context, StoredPolicy};
use kubechat_operator::{CommandPhase, KubeChatCommand, KubeChatCommandSpec};
use kubechat_store::{DEFAULT_WORKSPACE_ID as WS, Store, StoreOptions};
use serde_json::json;

use crate::helpers::{audit_steps, spawn_app, web_cluster};
use crate::ws::{ask_until_preview, next, open_chat, send};

const PASSWORD: &str = "correct horse battery staple";
const CRD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../deploy/helm/kubechat/crds/kubechat.io_kubechatcommands.yaml"
);

#[tokio::test]
async fn confirmed_changes_run_through_the_operator() -> anyhow::Result<()> {
    let cluster = web_cluster(&["alice", "bob"]).await?;
    let (ns, admin) = (cluster.ns.clone(), cluster.admin.clone());
    kubechat_testkit::install_crd(&admin, std::path::Path::new(CRD)).await?;
    let app = spawn_app(|c| {
        cluster.configure(c);
        c.execution.mode = ExecutionMode::Operator;
        c.execution.namespace = ns.clone();
        c.execution.wait_seconds = 60;
    })
    .await?;
    let store = app
        .add_users(
            &[
                ("alice", UserRole::Operator),
                ("bob", UserRole::Admin),
                ("carol", UserRole::Admin),
            ],
            PASSWORD,
        )
        .await?;
    // The operator, on the gateway's database (the workspace policy).
    let op_store = Store::connect(&SecretUrl::new(app.db_url()), &StoreOptions::default()).await?;
    let kube_cluster = kubechat_kube::Cluster::from_config(&KubernetesConfig {
        source: ClusterSource::Kubeconfig,
        kubeconfig: Some(cluster.kubeconfig.clone()),
        context: None,
        clusters: Vec::new(),
    })
    .await?
    .unwrap();
    let audit = AuditLog::start(
        op_store.clone(),
        Arc::new(SystemClock),
        AuditMetrics::default(),
        AuditOptions::default(),
    );
    let ctx = Arc::new(Context {
        client: admin.clone(),
        engine: Engine::new(kube_cluster.executor(Arc::new(SystemClock))?, audit),
        policy: Arc::new(StoredPolicy::new(op_store, None)),
        clock: Arc::new(SystemClock),
        instance: "operator-test".into(),
        metrics: kubechat_operator::metrics::OperatorMetrics::default(),
    });
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let operator = tokio::spawn(controller::run(ctx, async move {
        let mut rx = stopped;
        let _ = rx.wait_for(|s| *s).await;
    }));

    let alice = app.login("alice", PASSWORD).await;
    let deployments: Api<Deployment> = Api::namespaced(admin.clone(), &ns);
    let mut ws = open_chat(&app, "ops", &alice).await;
    let preview = ask_until_preview(&mut ws, "scale web to 3", &ns).await;
    assert_eq!(preview["type"], "preview", "{preview}");
    let plan = preview["plan_id"].as_str().unwrap().to_owned();
    send(
        &mut ws,
        json!({"v": 1, "type": "confirm", "id": "c1", "plan_id": plan}),
    )
    .await;
    let mut phases = Vec::new();
    let result = loop {
        let m = next(&mut ws).await;
        match m["type"].as_str() {
            Some("progress") => phases.push(m["phase"].as_str().unwrap().to_owned()),
            _ => break m,
        }
    };
    assert_eq!(result["type"], "result", "{result}");
    assert_eq!(
        phases.first().map(String::as_str),
        Some("Pending"),
        "{phases:?}"
    );
    assert_eq!(
        phases.last().map(String::as_str),
        Some("Succeeded"),
        "{phases:?}"
    );
    assert_eq!(deployments.get("web").await?.spec.replicas, Some(3));
    // The command is there for `kubectl get kcc`, as alice with her groups.
    let request: uuid::Uuid = preview["request_id"].as_str().unwrap().parse()?;
    let commands: Api<KubeChatCommand> = Api::namespaced(admin.clone(), &ns);
    let kcc = commands.get(&format!("chat-{request}")).await?;
    assert_eq!(kcc.spec.requested_by, "alice");
    assert_eq!(kcc.spec.requested_groups, ["kubechat:operator"]);
    assert_eq!(kcc.status.unwrap().phase, Some(CommandPhase::Succeeded));
    // The gateway's trail ends in the hand-off; the operator's has the run.
    let steps = audit_steps(&store, request).await?;
    let last = steps.last().unwrap();
    assert_eq!(last.phase.as_str(), "confirmed");
    let reason = last.decision_reason.clone().unwrap_or_default();
    assert_eq!(last.decision.as_deref(), Some("handed-off"));
    assert!(
        reason.contains(&format!("kubechatcommand {ns}/chat-{request}")),
        "{reason}"
    );

    // The command names the KubeChat person it is for; when it runs the
    // operator reads them again. A copy created after alice was disabled
    // (as the gateway would have, a moment before) is refused, and so is
    // one after her role went down to viewer.
    let requester = kcc
        .spec
        .kubechat_requester
        .clone()
        .expect("kubechatRequester");
    assert_eq!(
        requester.bot.as_deref(),
        Some("kubechat"),
        "the bot that decided"
    );
    let (_, accounts) = app.accounts().await?;
    let alice_id = accounts
        .users(requester.workspace.parse()?)
        .await?
        .into_iter()
        .find(|u| u.username == "alice")
        .unwrap()
        .id;
    assert_eq!(requester.user, alice_id.to_string());
    // A copy of the command as the gateway made it, run again now: Denied
    // RequesterRefused, with `says` in the reason.
    let mut scale = kcc.spec.clone();
    scale.operation = Some(
        json!({"verb": "scale", "resource": "deployments", "name": "web", "namespace": ns, "params": {"replicas": 4}}),
    );
    let denied = |name: &'static str,
                  spec: KubeChatCommandSpec,
                  reason: &'static str,
                  says: &'static str| {
        let commands = commands.clone();
        async move {
            commands
                .create(&Default::default(), &KubeChatCommand::new(name, spec))
                .await
                .unwrap();
            for _ in 0..200 {
                let c = commands.get(name).await.unwrap();
                if let Some(s) = c.status.filter(|s| {
                    matches!(
                        s.phase,
                        Some(CommandPhase::Denied | CommandPhase::Succeeded | CommandPhase::Failed)
                    )
                }) {
                    assert_eq!(s.phase, Some(CommandPhase::Denied), "{s:?}");
                    let condition = s.conditions.last().unwrap();
                    assert_eq!(condition.reason, reason, "{s:?}");
                    assert!(condition.message.contains(says), "{}", condition.message);
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            panic!("{name} never finished");
        }
    };
    let refused_as = |name, says| denied(name, scale.clone(), "RequesterRefused", says);
    accounts.set_disabled(WS, "alice", true).await?;
    refused_as("after-disable", "alice was disabled").await;
    accounts.set_disabled(WS, "alice", false).await?;
    // Roles change in the database (there is no command for it yet). Her
    // groups follow her role (kubechat:viewer now), so the identity the
    // command names is no longer hers.
    let pg = sqlx::PgPool::connect(app.db_url()).await?;
    sqlx::query("UPDATE users SET role = 'viewer' WHERE username = 'alice'")
        .execute(&pg)
        .await?;
    refused_as("after-demotion", "Kubernetes identity changed").await;
    // Back to operator but another Kubernetes user: refused the same way.
    sqlx::query(
        "UPDATE users SET role = 'operator', kube_user = 'alice-new' WHERE username = 'alice'",
    )
    .execute(&pg)
    .await?;
    refused_as("after-identity-change", "Kubernetes identity changed").await;
    sqlx::query("UPDATE users SET kube_user = 'alice' WHERE username = 'alice'")
        .execute(&pg)
        .await?;
    // Approvals are read again too: a destructive change the gateway
    // handed over for bob as approved by carol runs only while carol is
    // still an admin of the workspace, enabled, and not the requester.
    let people = accounts.users(WS).await?;
    let bob_now = people.iter().find(|u| u.username == "bob").unwrap();
    let mut approved = kcc.spec.clone();
    approved.chat_confirmation = None;
    approved.requested_by = bob_now.kube_user.clone();
    approved.requested_groups = bob_now.kube_groups.clone();
    approved.kubechat_requester = Some(kubechat_operator::crd::KubeChatRequester {
        user: bob_now.id.to_string(),
        ..requester.clone()
    });
    approved.operation =
        Some(json!({"verb": "delete", "resource": "deployments", "name": "web", "namespace": ns}));
    let by = |who: &str| {
        let mut spec = approved.clone();
        spec.approvals = vec![kubechat_operator::crd::Approval {
            by: who.to_owned(),
            comment: None,
            kubechat_user: None,
        }];
        spec
    };
    accounts.set_disabled(WS, "carol", true).await?;
    denied(
        "approver-disabled",
        by("carol"),
        "ApproverRefused",
        "carol was disabled",
    )
    .await;
    accounts.set_disabled(WS, "carol", false).await?;
    denied(
        "approver-operator",
        by("alice"),
        "ApproverRefused",
        "has the role operator",
    )
    .await;
    denied(
        "approver-self",
        by("bob"),
        "ApproverRefused",
        "the requester's own",
    )
    .await;
    denied(
        "approver-unknown",
        by("mallory"),
        "ApproverRefused",
        "no KubeChat user",
    )
    .await;
    // An approval given in KubeChat names the person: carol disabled,
    // her approval does not stand even though alice, an admin now, acts
    // under the same Kubernetes name.
    let carol_id = people.iter().find(|u| u.username == "carol").unwrap().id;
    sqlx::query("UPDATE users SET role = 'admin', kube_user = 'carol' WHERE username = 'alice'")
        .execute(&pg)
        .await?;
    accounts.set_disabled(WS, "carol", true).await?;
    let mut by_person = approved.clone();
    by_person.approvals = vec![kubechat_operator::crd::Approval {
        by: "carol".to_owned(),
        comment: None,
        kubechat_user: Some(carol_id.to_string()),
    }];
    denied(
        "approver-person",
        by_person,
        "ApproverRefused",
        "carol was disabled",
    )
    .await;
    accounts.set_disabled(WS, "carol", false).await?;
    sqlx::query("UPDATE users SET role = 'operator', kube_user = 'alice' WHERE username = 'alice'")
        .execute(&pg)
        .await?;
    // An approval that no longer stands beside one that does is ignored:
    // carol's approval carries the change past the approval gate to its
    // execution (of an object that does not exist, so it fails there
    // rather than being denied, and nothing is deleted).
    let mut both = by("mallory");
    both.approvals.push(kubechat_operator::crd::Approval {
        by: "carol".to_owned(),
        comment: None,
        kubechat_user: None,
    });
    both.operation = Some(
        json!({"verb": "delete", "resource": "deployments", "name": "not-there", "namespace": ns}),
    );
    commands
        .create(
            &Default::default(),
            &KubeChatCommand::new("approver-one-stands", both),
        )
        .await?;
    let mut status = None;
    for _ in 0..200 {
        status = commands
            .get("approver-one-stands")
            .await?
            .status
            .filter(|s| {
                !matches!(
                    s.phase,
                    None | Some(CommandPhase::Pending | CommandPhase::Running)
                )
            });
        if status.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let status = status.expect("the command finished");
    assert_eq!(status.phase, Some(CommandPhase::Failed), "{status:?}");
    assert_eq!(
        status.conditions.last().map(|c| c.reason.as_str()),
        Some("ExecutionFailed"),
        "{status:?}"
    );
    assert_eq!(
        deployments.get("web").await?.spec.replicas,
        Some(3),
        "nothing ran"
    );

    // A destructive change (bob is an admin), confirmed by typing the
    // name: it runs without a second approver (the workspace asks for no
    // more).
    let bob = app.login("bob", PASSWORD).await;
    let mut ws = open_chat(&app, "ops", &bob).await;
    let preview = ask_until_preview(&mut ws, "delete deployment web", &ns).await;
    assert_eq!(preview["type"], "preview", "{preview}");
    assert_eq!(preview["confirmation"]["kind"], "typed");
    let plan = preview["plan_id"].as_str().unwrap().to_owned();
    send(
        &mut ws,
        json!({"v": 1, "type": "confirm", "id": "c2", "plan_id": plan, "typed": "web"}),
    )
    .await;
    let result = loop {
        let m = next(&mut ws).await;
        if m["type"] != "progress" {
            break m;
        }
    };
    assert_eq!(result["type"], "result", "{result}");
    assert!(
        deployments
            .get_opt("web")
            .await?
            .is_none_or(|d| d.metadata.deletion_timestamp.is_some())
    );

    let _ = stop.send(true);
    let _ = tokio::time::timeout(Duration::from_secs(10), operator).await;
    Ok(())
}
