#!/usr/bin/env bash
# Provides the official MCP SDKs for the MCP client tests, installed once
# into a cache outside the repository, and prints where they are:
#   scripts/mcp-sdks.sh [python]  the Python to run the Python SDK with
#                                 (mcp, and slack-sdk for the Slack
#                                 signature cross-check, pinned with
#                                 their dependencies in
#                                 scripts/mcp-requirements.txt), or
#                                 $KUBECHAT_MCP_PYTHON when set;
#   scripts/mcp-sdks.sh node      the node_modules holding the TypeScript
#                                 SDK (pinned by the package-lock.json in
#                                 crates/kubechat-server/tests/mcp/node), or
#                                 $KUBECHAT_MCP_NODE_MODULES when set.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE_ROOT="${KUBECHAT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kubechat}"
log() { printf 'mcp-sdks: %s\n' "$*" >&2; }

python_sdk() {
  local venv="$CACHE_ROOT/mcp-venv" stamp="$CACHE_ROOT/mcp-venv/.requirements"
  if [ -n "${KUBECHAT_MCP_PYTHON:-}" ] && [ -x "$KUBECHAT_MCP_PYTHON" ]; then
    printf '%s\n' "$KUBECHAT_MCP_PYTHON"
    return
  fi
  if [ -x "$venv/bin/python3" ] && cmp -s scripts/mcp-requirements.txt "$stamp"; then
    printf '%s\n' "$venv/bin/python3"
    return
  fi
  command -v python3 >/dev/null || { log "python3 is required for the MCP client tests"; exit 1; }
  log "installing the MCP Python SDK into $venv (first run only)"
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/mcp-requirements.txt >&2
  cp scripts/mcp-requirements.txt "$stamp"
  printf '%s\n' "$venv/bin/python3"
}

node_sdk() {
  local src=crates/kubechat-server/tests/mcp/node dir="$CACHE_ROOT/mcp-node"
  if [ -n "${KUBECHAT_MCP_NODE_MODULES:-}" ] && [ -d "$KUBECHAT_MCP_NODE_MODULES" ]; then
    printf '%s\n' "$KUBECHAT_MCP_NODE_MODULES"
    return
  fi
  if [ -d "$dir/node_modules/@modelcontextprotocol/sdk" ] && cmp -s "$src/package-lock.json" "$dir/.lock"; then
    printf '%s\n' "$dir/node_modules"
    return
  fi
  command -v npm >/dev/null || { log "node and npm are required for the MCP client tests"; exit 1; }
  log "installing the MCP TypeScript SDK into $dir (first run only)"
  rm -rf "$dir"
  mkdir -p "$dir"
  cp "$src/package.json" "$src/package-lock.json" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  cp "$src/package-lock.json" "$dir/.lock"
  printf '%s\n' "$dir/node_modules"
}

case "${1:-python}" in
  python) python_sdk ;;
  node) node_sdk ;;
  *) log "usage: scripts/mcp-sdks.sh [python|node]"; exit 2 ;;
esac
