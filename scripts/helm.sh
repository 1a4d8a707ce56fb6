#!/usr/bin/env bash
# Provides helm for the chart tests and prints its path: $HELM when set,
# else a cache outside the repository keyed by version, else built once
# from the Go module proxy into that cache. Nothing is written inside the
# repository.
set -euo pipefail

HELM_VERSION=v3.22.0
CACHE_ROOT="${KUBECHAT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kubechat}"
OUT="$CACHE_ROOT/helm/$HELM_VERSION"

log() { printf 'helm: %s\n' "$*" >&2; }

if [ -n "${HELM:-}" ] && [ -x "$HELM" ]; then
  printf '%s\n' "$HELM"
  exit 0
fi
if [ -x "$OUT/helm" ]; then
  printf '%s\n' "$OUT/helm"
  exit 0
fi
command -v go >/dev/null || { log "go is required to build helm (or set HELM)"; exit 1; }
log "building helm $HELM_VERSION from the Go module proxy (first run only)"
mkdir -p "$OUT"
CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=mod \
  GOMODCACHE="${GOMODCACHE:-$CACHE_ROOT/go/mod}" GOCACHE="${GOCACHE:-$CACHE_ROOT/go/build}" \
  GOBIN="$OUT" go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" >&2
printf '%s\n' "$OUT/helm"
