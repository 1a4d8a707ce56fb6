//! The CRD generated from the Rust types is the one the chart ships, and
//! the real API server takes it: valid commands are stored, invalid ones
//! refused by the schema, the status subresource and printer columns work.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use kube::api::{Api, ApiResource, DynamicObject, Patch, PatchParams, PostParams};
use kubechat_operator::{CommandPhase, KubeChatCommand};
use kubechat_testkit::{ControlPlane, Identity};
use serde_json::json;

mod support;

use support::CHART_CRD;

#[test]
fn the_chart_ships_the_generated_crd() {
    let committed = std::fs::read_to_string(CHART_CRD).unwrap();
    assert!(
        committed == kubechat_operator::crd_yaml().unwrap(),
        "deploy/helm/kubechat/crds/kubechat.io_kubechatcommands.yaml differs from the types; \
         regenerate it: cargo run -q -p kubechat -- crd > deploy/helm/kubechat/crds/kubechat.io_kubechatcommands.yaml"
    );
}

#[tokio::test]
async fn the_api_server_takes_the_crd_and_validates_commands() -> anyhow::Result<()> {
    let cp = ControlPlane::shared().await?;
    let admin = cp.client(Identity::Admin).await?;
    support::install_crd(&admin).await?;
    let ns = cp.namespace().await?.name;
    let api: Api<KubeChatCommand> = Api::namespaced(admin.clone(), &ns);
    let mut created = None;
    for _ in 0..50 {
        // Discovery of a new CRD takes a moment.
        match api
            .create(
                &PostParams::default(),
                &serde_json::from_value(json!({
                    "apiVersion": "kubechat.io/v1alpha1", "kind": "KubeChatCommand",
                    "metadata": {"name": "scale-web"},
                    "spec": {"text": "scale web to 3", "requestedBy": "alice", "ttlSecondsAfterFinished": 600}
                }))?,
            )
            .await
        {
            Ok(c) => {
                created = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    let created = created.expect("the command is stored");
    assert_eq!(created.spec.requested_by, "alice");

    // The schema refuses what the types refuse (sent untyped, as a
    // client that does not use the types would).
    let raw: Api<DynamicObject> = Api::namespaced_with(
        admin.clone(),
        &ns,
        &ApiResource::erase::<KubeChatCommand>(&()),
    );
    for (name, spec, why) in [
        ("no-requester", json!({"text": "get pods"}), "requestedBy"),
        (
            "empty-requester",
            json!({"text": "get pods", "requestedBy": ""}),
            "requestedBy",
        ),
        (
            "negative-ttl",
            json!({"text": "get pods", "requestedBy": "a", "ttlSecondsAfterFinished": -1}),
            "ttlSecondsAfterFinished",
        ),
    ] {
        let obj = json!({
            "apiVersion": "kubechat.io/v1alpha1", "kind": "KubeChatCommand",
            "metadata": {"name": name}, "spec": spec
        });
        let err = raw
            .create(
                &PostParams::default(),
                &serde_json::from_value::<DynamicObject>(obj)?,
            )
            .await
            .expect_err(name);
        assert!(err.to_string().contains(why), "{name}: {err}");
    }

    // The status subresource and the printer columns.
    api.patch_status(
        "scale-web",
        &PatchParams::default(),
        &Patch::Merge(json!({"status": {
            "phase": "Succeeded", "kubectl": "kubectl scale deployment/web --replicas=3",
            "observedGeneration": 1
        }})),
    )
    .await?;
    let got = api.get("scale-web").await?;
    assert_eq!(
        got.status.as_ref().and_then(|s| s.phase),
        Some(CommandPhase::Succeeded)
    );
    let req = http::Request::get(format!(
        "/apis/kubechat.io/v1alpha1/namespaces/{ns}/kubechatcommands"
    ))
    .header(
        "accept",
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json",
    )
    .body(Vec::new())?;
    let table: serde_json::Value = admin.request(req).await?;
    let columns: Vec<&str> = table["columnDefinitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        columns,
        [
            "Name",
            "Phase",
            "Requested-By",
            "Command",
            "Dry-Run",
            "Audit-Event",
            "Age"
        ]
    );
    let cells = &table["rows"][0]["cells"];
    assert_eq!(cells[1], "Succeeded");
    assert_eq!(cells[2], "alice");
    assert_eq!(cells[3], "kubectl scale deployment/web --replicas=3");
    Ok(())
}
