//! `kubechat operator` as a process: it installs nothing, takes the Lease,
//! and runs a KubeChatCommand created with `kubectl`-style YAML (the CRD
//! from `kubechat crd`) as its requester; SIGTERM stops it.

use std::process::Stdio;
use std::time::Duration;

use k8s_openapi::api::coordination::v1::Lease;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, DynamicObject, Patch, PatchParams, PostParams};
use kube::core::ApiResource;
use kubechat_testkit::{ControlPlane, Identity, TestDatabase};
use serde_json::json;

use crate::process::{kubechat, run};

#[tokio::test]
async fn the_operator_process_runs_a_command() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cp = ControlPlane::shared().await.unwrap();
    let admin = cp.client(Identity::Admin).await.unwrap();
    cp.write_kubeconfig(Identity::Admin, &d.join("kubeconfig"))
        .unwrap();
    // The CRD, as `kubechat crd` prints it.
    let out = run(kubechat(d).arg("crd"));
    assert!(out.status.success());
    let crd: CustomResourceDefinition =
        serde_saphyr::from_str(&String::from_utf8(out.stdout).unwrap()).unwrap();
    Api::<CustomResourceDefinition>::all(admin.clone())
        .patch(
            "kubechatcommands.kubechat.io",
            &PatchParams::apply("kubechat-test").force(),
            &Patch::Apply(&crd),
        )
        .await
        .unwrap();
    let ns = cp.namespace().await.unwrap().name;
    let db = TestDatabase::create().await.unwrap();
    let port = kubechat_testkit::free_port().unwrap();
    let mut operator = kubechat(d)
        .args(["operator", "--probes", &format!("127.0.0.1:{port}")])
        .args(["--lease-namespace", &ns, "--identity", "operator-test"])
        .env("KUBECHAT__DATABASE__URL", db.url())
        .env("KUBECHAT__KUBERNETES__SOURCE", "kubeconfig")
        .env("KUBECHAT__KUBERNETES__KUBECONFIG", d.join("kubeconfig"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    // A read as alice: she may list ConfigMaps here, nothing else.
    let ar = ApiResource::from_gvk(&kube::api::GroupVersionKind::gvk(
        "kubechat.io",
        "v1alpha1",
        "KubeChatCommand",
    ));
    let kcc: Api<DynamicObject> = Api::namespaced_with(admin.clone(), &ns, &ar);
    let mut created = false;
    for _ in 0..50 {
        let obj: DynamicObject = serde_json::from_value(json!({
            "apiVersion": "kubechat.io/v1alpha1", "kind": "KubeChatCommand",
            "metadata": {"name": "list-pods"},
            "spec": {"text": "show me the pods", "requestedBy": "alice"}
        }))
        .unwrap();
        if kcc.create(&PostParams::default(), &obj).await.is_ok() {
            created = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(created, "the command was stored");
    let mut status = serde_json::Value::Null;
    for _ in 0..200 {
        status = kcc.get("list-pods").await.unwrap().data["status"].clone();
        if status["phase"] == "Failed" || status["phase"] == "Succeeded" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // alice has no rights here: the cluster says so, through the operator.
    assert_eq!(status["phase"], "Failed", "{status}");
    assert!(
        status["output"]
            .as_str()
            .unwrap()
            .contains("alice is not allowed to list pods"),
        "{status}"
    );
    let lease: Lease = Api::namespaced(admin.clone(), &ns)
        .get("kubechat-operator")
        .await
        .unwrap();
    assert_eq!(
        lease.spec.unwrap().holder_identity.as_deref(),
        Some("operator-test")
    );
    let probe = reqwest::get(format!("http://127.0.0.1:{port}/health/readiness"))
        .await
        .unwrap();
    assert_eq!(probe.status(), 200);
    let metrics = reqwest::get(format!("http://127.0.0.1:{port}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("kubechat_operator_leader 1"), "{metrics}");
    assert!(
        metrics.contains(r#"kubechat_operator_commands_total{phase="Failed"} 1"#),
        "{metrics}"
    );

    let pid = nix::unistd::Pid::from_raw(i32::try_from(operator.id()).unwrap());
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
    let mut exited = None;
    for _ in 0..100 {
        if let Some(s) = operator.try_wait().unwrap() {
            exited = Some(s);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = operator.kill();
    assert!(
        exited.is_some_and(|s| s.success()),
        "SIGTERM stops it cleanly"
    );
}
