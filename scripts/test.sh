#!/usr/bin/env bash
# The whole test suite, from a fresh clone: real PostgreSQL, Redis and
# kube-apiserver + etcd, helm, the MCP SDKs for Python and TypeScript and
# Keycloak for single sign-on (started, built or installed as needed), then
# formatting, lints and every test in the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=test-services.sh
. scripts/test-services.sh
KUBEBUILDER_ASSETS="$(scripts/control-plane.sh)"
export KUBEBUILDER_ASSETS
HELM="$(scripts/helm.sh)"
export HELM
KUBECHAT_MCP_PYTHON="$(scripts/mcp-sdks.sh python)"
KUBECHAT_MCP_NODE_MODULES="$(scripts/mcp-sdks.sh node)"
export KUBECHAT_MCP_PYTHON KUBECHAT_MCP_NODE_MODULES
# Installed once into the cache; the SSO tests start their own instance.
scripts/keycloak.sh install >/dev/null

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
