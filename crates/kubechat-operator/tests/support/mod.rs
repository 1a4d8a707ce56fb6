//! Shared by the operator's test binaries: the CRD installed from the
//! chart's committed copy.

use std::time::Duration;

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, Patch, PatchParams};

pub const CHART_CRD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../deploy/helm/kubechat/crds/kubechat.io_kubechatcommands.yaml"
);

/// Applies the chart's CRD and waits until it is Established.
pub async fn install_crd(admin: &kube::Client) -> anyhow::Result<()> {
    let crd: CustomResourceDefinition =
        serde_saphyr::from_str(&std::fs::read_to_string(CHART_CRD)?)?;
    let crds: Api<CustomResourceDefinition> = Api::all(admin.clone());
    crds.patch(
        "kubechatcommands.kubechat.io",
        &PatchParams::apply("kubechat-test").force(),
        &Patch::Apply(&crd),
    )
    .await?;
    for _ in 0..100 {
        let c = crds.get("kubechatcommands.kubechat.io").await?;
        let established = c
            .status
            .and_then(|s| s.conditions)
            .unwrap_or_default()
            .iter()
            .any(|c| c.type_ == "Established" && c.status == "True");
        if established {
            // Discovery follows shortly.
            tokio::time::sleep(Duration::from_millis(500)).await;
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("the CRD never became Established")
}
