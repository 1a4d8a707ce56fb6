#!/usr/bin/env bash
# Provides the official MCP SDK for Python (pinned, with its dependencies,
# in scripts/mcp-requirements.txt) for the MCP client tests and prints the
# Python to run it with: $KUBECHAT_MCP_PYTHON when set, else a virtual
# environment in a cache outside the repository, created once from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE_ROOT="${KUBECHAT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kubechat}"
VENV="$CACHE_ROOT/mcp-venv"
STAMP="$VENV/.requirements"

log() { printf 'mcp-sdks: %s\n' "$*" >&2; }

if [ -n "${KUBECHAT_MCP_PYTHON:-}" ] && [ -x "$KUBECHAT_MCP_PYTHON" ]; then
  printf '%s\n' "$KUBECHAT_MCP_PYTHON"
  exit 0
fi
if [ -x "$VENV/bin/python3" ] && cmp -s scripts/mcp-requirements.txt "$STAMP"; then
  printf '%s\n' "$VENV/bin/python3"
  exit 0
fi
command -v python3 >/dev/null || { log "python3 is required for the MCP client tests"; exit 1; }
log "installing the MCP Python SDK into $VENV (first run only)"
rm -rf "$VENV"
python3 -m venv "$VENV" >&2
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r scripts/mcp-requirements.txt >&2
cp scripts/mcp-requirements.txt "$STAMP"
printf '%s\n' "$VENV/bin/python3"
