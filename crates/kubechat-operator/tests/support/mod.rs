//! Shared by the operator's test binaries: the CRD installed from the
//! chart's committed copy.

pub const CHART_CRD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../deploy/helm/kubechat/crds/kubechat.io_kubechatcommands.yaml"
);

/// Applies the chart's CRD and waits until it is Established.
pub async fn install_crd(admin: &kube::Client) -> anyhow::Result<()> {
    kubechat_testkit::install_crd(admin, std::path::Path::new(CHART_CRD)).await
}
