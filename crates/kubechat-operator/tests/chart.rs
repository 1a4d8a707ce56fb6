//! The Helm chart against the real API server: every object it renders is
//! accepted by a server-side dry-run apply, and its ValidatingAdmissionPolicy
//! enforces who asked: `requestedBy` must be the creating user (the
//! gateway's service account excepted) and nobody approves their own
//! command.
//!
//! helm comes from `$HELM`, else `scripts/helm.sh` (built once from the Go
//! module proxy into ~/.cache/kubechat).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use k8s_openapi::api::rbac::v1::{Role, RoleBinding};
use kube::api::{Api, DynamicObject, Patch, PatchParams, PostParams};
use kube::discovery::{Discovery, Scope};
use kubechat_operator::KubeChatCommand;
use kubechat_testkit::{ControlPlane, Identity};
use serde_json::{Value, json};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn helm() -> PathBuf {
    if let Some(h) = std::env::var_os("HELM") {
        return PathBuf::from(h);
    }
    let out = Command::new(root().join("scripts/helm.sh"))
        .output()
        .expect("scripts/helm.sh runs");
    assert!(
        out.status.success(),
        "helm is not available: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

/// `helm template` of the chart into `ns`, with every optional part on.
fn render(release: &str, ns: &str) -> Vec<DynamicObject> {
    let out = Command::new(helm())
        .args(["template", release])
        .arg(root().join("deploy/helm/kubechat"))
        .args([
            "--namespace",
            ns,
            "--kube-version",
            "1.37.2",
            "--include-crds",
        ])
        .args([
            "--set",
            "database.url=postgres://kubechat:secret@postgres:5432/kubechat",
            "--set",
            "redis.url=redis://redis:6379",
            "--set",
            "ingress.enabled=true",
            "--set",
            "siemExport.enabled=true",
            "--set",
            "execution.mode=operator",
            "--set",
            "nlpService.providers[0].name=openai",
            "--set",
            "nlpService.providers[0].kind=openai",
            "--set",
            "nlpService.providers[0].url=https://api.openai.com/v1",
            "--set",
            "nlpService.providers[0].model=gpt-4o-mini",
            "--set",
            "nlpService.providers[0].existingSecret=kubechat-llm",
            "--set",
            "signingKeys.existingSecret=kubechat-keys",
            "--set",
            "slack.existingSecret=kubechat-slack",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "helm template failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let docs: Vec<Option<Value>> = serde_saphyr::from_str_multiple(&text).unwrap();
    docs.into_iter()
        .flatten()
        .filter(|d| !d.is_null())
        .map(|d| serde_json::from_value(d).unwrap())
        .collect()
}

fn kind(o: &DynamicObject) -> String {
    o.types.as_ref().map(|t| t.kind.clone()).unwrap_or_default()
}

/// Server-side apply of `obj` (`dry_run`: validated and admitted, not
/// stored).
async fn apply(
    client: &kube::Client,
    discovery: &Discovery,
    ns: &str,
    obj: &DynamicObject,
    dry_run: bool,
) -> kube::Result<DynamicObject> {
    let t = obj.types.as_ref().unwrap();
    let (group, version) = t
        .api_version
        .split_once('/')
        .unwrap_or(("", &t.api_version));
    let gvk = kube::api::GroupVersionKind::gvk(group, version, &t.kind);
    let (ar, caps) = discovery
        .resolve_gvk(&gvk)
        .unwrap_or_else(|| panic!("the API server does not serve {gvk:?}"));
    let api: Api<DynamicObject> = match caps.scope {
        Scope::Namespaced => Api::namespaced_with(client.clone(), ns, &ar),
        Scope::Cluster => Api::all_with(client.clone(), &ar),
    };
    let mut pp = PatchParams::apply("kubechat-chart-test").force();
    pp.dry_run = dry_run;
    api.patch(
        obj.metadata.name.as_deref().unwrap(),
        &pp,
        &Patch::Apply(obj),
    )
    .await
}

#[tokio::test]
async fn the_chart_renders_and_the_api_server_accepts_it() -> anyhow::Result<()> {
    let cp = ControlPlane::shared().await?;
    let admin = cp.client(Identity::Admin).await?;
    let ns = cp.namespace().await?.name;
    let release = format!("kc{}", &ns[ns.len() - 6..]);
    let objects = render(&release, &ns);
    let kinds: Vec<String> = objects.iter().map(kind).collect();
    for expected in [
        "CustomResourceDefinition",
        "Deployment",
        "Service",
        "Ingress",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "NetworkPolicy",
        "ServiceAccount",
        "ClusterRole",
        "ClusterRoleBinding",
        "ConfigMap",
        "Secret",
        "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
        "CronJob",
    ] {
        assert!(
            kinds.iter().any(|k| k == expected),
            "{expected} not rendered: {kinds:?}"
        );
    }
    let deployments: Vec<String> = objects
        .iter()
        .filter(|o| kind(o) == "Deployment")
        .map(|o| o.metadata.name.clone().unwrap())
        .collect();
    for component in [
        "api-gateway",
        "audit-service",
        "nlp-service",
        "kubechat-operator",
    ] {
        assert!(
            deployments.contains(&format!("{release}-kubechat-{component}")),
            "{component}: {deployments:?}"
        );
    }
    // The gateway asks the nlp-service; the nlp-service holds the
    // providers, its key from a Secret; both configuration files load.
    let deployment = |name: &str| {
        objects
            .iter()
            .find(|o| kind(o) == "Deployment" && o.metadata.name.as_deref() == Some(name))
            .unwrap()
            .data["spec"]["template"]["spec"]["containers"][0]
            .clone()
    };
    let gateway = deployment(&format!("{release}-kubechat-api-gateway"));
    let env = gateway["env"].as_array().unwrap();
    assert!(
        env.iter().any(|e| e["name"] == "KUBECHAT__NLP__SERVICE_URL"
            && e["value"] == format!("http://{release}-kubechat-nlp-service:8080")),
        "{env:?}"
    );
    assert!(
        env.iter()
            .any(|e| e["name"] == "KUBECHAT__EXECUTION__MODE" && e["value"] == "operator"),
        "{env:?}"
    );
    // Slack's secrets come from the named Secret, by reference only.
    for (var, key) in [
        ("KUBECHAT_SLACK_SIGNING_SECRET", "signing-secret"),
        ("KUBECHAT_SLACK_BOT_TOKEN", "bot-token"),
    ] {
        assert!(
            env.iter().any(|e| e["name"] == var
                && e["valueFrom"]["secretKeyRef"]["name"] == "kubechat-slack"
                && e["valueFrom"]["secretKeyRef"]["key"] == key),
            "{var}: {env:?}"
        );
    }
    assert!(
        env.iter()
            .any(|e| e["name"] == "KUBECHAT__EXECUTION__NAMESPACE" && e["value"] == ns),
        "{env:?}"
    );
    let nlp = deployment(&format!("{release}-kubechat-nlp-service"));
    assert!(
        nlp["args"].to_string().contains("/etc/kubechat/nlp.toml"),
        "{nlp}"
    );
    assert!(
        nlp["env"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"] == "KUBECHAT_LLM_KEY_0"
                && e["valueFrom"]["secretKeyRef"]["name"] == "kubechat-llm"),
        "{nlp}"
    );
    let files = &objects
        .iter()
        .find(|o| kind(o) == "ConfigMap")
        .unwrap()
        .data["data"];
    let dir = tempfile::tempdir()?;
    for (file, providers) in [("kubechat.toml", 0), ("nlp.toml", 1)] {
        let path = dir.path().join(file);
        std::fs::write(&path, files[file].as_str().unwrap())?;
        let config = kubechat_config::Layers {
            file: Some(path),
            ..Default::default()
        }
        .load()
        .unwrap_or_else(|e| panic!("{file} does not load: {e}"));
        assert_eq!(config.nlp.providers.len(), providers, "{file}");
    }
    // The runbook's Job selector.
    let cron = objects.iter().find(|o| kind(o) == "CronJob").unwrap();
    assert_eq!(
        cron.metadata.labels.as_ref().unwrap()["component"],
        "siem-export"
    );

    // The CRD first (the admission policy refers to its resource).
    let crd = objects
        .iter()
        .find(|o| kind(o) == "CustomResourceDefinition")
        .unwrap();
    let discovery = Discovery::new(admin.clone()).run().await?;
    apply(&admin, &discovery, &ns, crd, false).await?;
    let mut discovery = Discovery::new(admin.clone()).run().await?;
    for _ in 0..50 {
        if discovery.groups().any(|g| g.name() == "kubechat.io") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        discovery = Discovery::new(admin.clone()).run().await?;
    }
    // Every object passes validation and admission (dry run).
    for obj in objects
        .iter()
        .filter(|o| kind(o) != "CustomResourceDefinition")
    {
        apply(&admin, &discovery, &ns, obj, true)
            .await
            .unwrap_or_else(|e| panic!("{} {:?} refused: {e}", kind(obj), obj.metadata.name));
    }

    // The admission policy for real, with a Role that lets alice and bob
    // create and update commands here.
    let for_real = |o: &&DynamicObject| {
        let k = kind(o);
        k.starts_with("ValidatingAdmissionPolicy") || k.starts_with("ClusterRole")
    };
    for obj in objects.iter().filter(for_real) {
        apply(&admin, &discovery, &ns, obj, false).await?;
    }
    let pp = PostParams::default();
    Api::<Role>::namespaced(admin.clone(), &ns)
        .create(
            &pp,
            &serde_json::from_value(json!({
                "metadata": {"name": "kcc"},
                "rules": [{"apiGroups": ["kubechat.io"], "resources": ["kubechatcommands"],
                           "verbs": ["get", "create", "update", "patch"]}]
            }))?,
        )
        .await?;
    Api::<RoleBinding>::namespaced(admin.clone(), &ns)
        .create(&pp, &serde_json::from_value(json!({
            "metadata": {"name": "kcc"},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "kcc"},
            "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "developers"}]
        }))?)
        .await?;
    let command = |name: &str, requested_by: &str, approvals: Value| -> KubeChatCommand {
        serde_json::from_value(json!({
            "apiVersion": "kubechat.io/v1alpha1", "kind": "KubeChatCommand",
            "metadata": {"name": name},
            "spec": {"text": "delete deployment web", "requestedBy": requested_by, "approvals": approvals}
        }))
        .unwrap()
    };
    let alice: Api<KubeChatCommand> = Api::namespaced(cp.client(Identity::Alice).await?, &ns);
    let bob: Api<KubeChatCommand> = Api::namespaced(cp.client(Identity::Bob).await?, &ns);

    // Forged: alice creates a command as bob. Policies take effect shortly
    // after they are created, so wait for the first refusal.
    let mut refusal = String::new();
    for i in 0..100 {
        match alice
            .create(&pp, &command(&format!("forged-{i}"), "bob", json!([])))
            .await
        {
            Err(e) => {
                refusal = e.to_string();
                break;
            }
            Ok(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    assert!(
        refusal.contains("spec.requestedBy must be the creating user (alice)"),
        "{refusal}"
    );
    // Her own command is admitted; she cannot approve it, bob can.
    alice
        .create(&pp, &command("mine", "alice", json!([])))
        .await?;
    // Groups she is in, yes; others, or a chat confirmation only the
    // gateway vouches for, no.
    let with = |name: &str, extra: Value| -> KubeChatCommand {
        let mut c = serde_json::to_value(command(name, "alice", json!([]))).unwrap();
        for (k, v) in extra.as_object().unwrap() {
            c["spec"][k] = v.clone();
        }
        serde_json::from_value(c).unwrap()
    };
    alice
        .create(
            &pp,
            &with("her-groups", json!({"requestedGroups": ["developers"]})),
        )
        .await?;
    let err = alice
        .create(
            &pp,
            &with("masters", json!({"requestedGroups": ["system:masters"]})),
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("spec.requestedGroups may only name groups"),
        "{err}"
    );
    let err = alice
        .create(
            &pp,
            &with(
                "self-confirmed",
                json!({"chatConfirmation": {"kind": "typed", "requestId": "x"}}),
            ),
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("spec.chatConfirmation is set by the KubeChat gateway only"),
        "{err}"
    );
    // Nor can anyone but the gateway say which KubeChat person (and so
    // whose role and bot) a command is for.
    let err = alice
        .create(
            &pp,
            &with(
                "someone-else",
                json!({"kubechatRequester": {
                    "workspace": "00000000-0000-0000-0000-000000000001",
                    "user": "00000000-0000-0000-0000-000000000002"
                }}),
            ),
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("spec.kubechatRequester is set by the KubeChat gateway only"),
        "{err}"
    );
    let err = alice
        .patch(
            "mine",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"approvals": [{"by": "alice"}]}})),
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("the requester cannot approve their own command"),
        "{err}"
    );
    let err = alice
        .patch(
            "mine",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"approvals": [{"by": "bob"}]}})),
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("an approval can only be added in your own name (alice)"),
        "{err}"
    );
    // Nor can anyone but the gateway say which KubeChat person approved.
    let err = bob
        .patch(
            "mine",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"approvals": [{"by": "bob",
                "kubechatUser": "00000000-0000-0000-0000-000000000009"}]}})),
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("kubechatUser is set by the KubeChat gateway only"),
        "{err}"
    );
    let approved = bob
        .patch(
            "mine",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"approvals": [{"by": "bob", "comment": "ok"}]}})),
        )
        .await?;
    assert_eq!(approved.spec.approvals[0].by, "bob");
    let err = bob
        .patch(
            "mine",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"requestedBy": "bob"}})),
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("requestedBy"), "{err}");

    // The gateway's service account (the chart's ClusterRole lets it
    // create commands) may ask for its users.
    let gateway_sa = format!("system:serviceaccount:{ns}:{release}-kubechat-api-gateway");
    let gateway: Api<KubeChatCommand> = Api::namespaced(
        cp.impersonating(Identity::Admin, &gateway_sa, &["system:serviceaccounts"])
            .await?,
        &ns,
    );
    let mut created = Err(String::new());
    for _ in 0..50 {
        created = gateway
            .create(&pp, &command("for-carol", "carol", json!([])))
            .await
            .map_err(|e| e.to_string());
        if created.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(created.unwrap().spec.requested_by, "carol");
    let mut confirmed = command("for-carol-typed", "carol", json!([]));
    confirmed.spec.requested_groups = vec!["kubechat:operator".into()];
    confirmed.spec.chat_confirmation = Some(kubechat_operator::crd::ChatConfirmation {
        kind: "typed".into(),
        request_id: "7d0c".into(),
    });
    confirmed.spec.kubechat_requester = Some(kubechat_operator::crd::KubeChatRequester {
        workspace: "00000000-0000-0000-0000-000000000001".into(),
        user: "00000000-0000-0000-0000-000000000002".into(),
        bot: None,
    });
    gateway.create(&pp, &confirmed).await?;
    // Once made, nobody (a cluster admin included) strips what the gateway
    // vouched for, or changes what runs.
    let as_admin: Api<KubeChatCommand> = Api::namespaced(admin.clone(), &ns);
    for (patch, says) in [
        (
            json!({"spec": {"kubechatRequester": null}}),
            "spec.kubechatRequester is set by the KubeChat gateway only",
        ),
        (
            json!({"spec": {"chatConfirmation": null}}),
            "spec.chatConfirmation is set by the KubeChat gateway only",
        ),
        (
            json!({"spec": {"text": "delete everything"}}),
            "spec.operation and spec.text cannot change",
        ),
    ] {
        let err = as_admin
            .patch(
                "for-carol-typed",
                &PatchParams::default(),
                &Patch::Merge(patch),
            )
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains(says), "{err}");
    }

    // Cluster-wide objects: removed so other tests are not bound by them.
    for obj in objects.iter().filter(for_real) {
        let t = obj.types.as_ref().unwrap();
        let (group, version) = t.api_version.split_once('/').unwrap();
        let gvk = kube::api::GroupVersionKind::gvk(group, version, &t.kind);
        let (ar, _) = discovery.resolve_gvk(&gvk).unwrap();
        Api::<DynamicObject>::all_with(admin.clone(), &ar)
            .delete(obj.metadata.name.as_deref().unwrap(), &Default::default())
            .await?;
    }
    Ok(())
}
