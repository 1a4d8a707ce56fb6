#!/usr/bin/env bash
# Provides kube-apiserver and etcd for the test kit and prints the directory
# that holds them (the envtest convention, usable as KUBEBUILDER_ASSETS).
#
# Order: $KUBEBUILDER_ASSETS when it holds both binaries; else a cache outside
# the repository keyed by version; else build both from the Go module proxy
# into that cache. Nothing built here is ever written inside the repository.
#
# Why build: no release binaries can be downloaded on our machines and
# Debian's etcd (3.4.23) is too old for current kube-apiserver.
set -euo pipefail

# shellcheck source=control-plane.env
. "$(dirname "$0")/control-plane.env"
CACHE_ROOT="${KUBECHAT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kubechat}"
OUT="$CACHE_ROOT/control-plane/k8s-${K8S_VERSION}-etcd-${ETCD_VERSION}"

log() { printf 'control-plane: %s\n' "$*" >&2; }

if [ -n "${KUBEBUILDER_ASSETS:-}" ] \
  && [ -x "$KUBEBUILDER_ASSETS/kube-apiserver" ] && [ -x "$KUBEBUILDER_ASSETS/etcd" ]; then
  log "using KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS"
  printf '%s\n' "$KUBEBUILDER_ASSETS"
  exit 0
fi

if [ -x "$OUT/kube-apiserver" ] && [ -x "$OUT/etcd" ]; then
  printf '%s\n' "$OUT"
  exit 0
fi

command -v go >/dev/null || { log "go is required to build the control plane (or set KUBEBUILDER_ASSETS)"; exit 1; }

export CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=mod
export GOMODCACHE="${GOMODCACHE:-$CACHE_ROOT/go/mod}"
export GOCACHE="${GOCACHE:-$CACHE_ROOT/go/build}"
mkdir -p "$OUT"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

build_etcd() {
  [ -x "$OUT/etcd" ] && return 0
  log "building etcd $ETCD_VERSION (first run only)"
  mkdir -p "$work/etcd"
  cd "$work/etcd"
  cat > go.mod <<MOD
module kubechat.local/etcd

go 1.25

require go.etcd.io/etcd/server/v3 $ETCD_VERSION
MOD
  cat > main.go <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  go mod tidy >&2
  go build -trimpath -ldflags=-s -o "$OUT/etcd.tmp" . >&2
  mv "$OUT/etcd.tmp" "$OUT/etcd"
}

build_apiserver() {
  [ -x "$OUT/kube-apiserver" ] && return 0
  log "building kube-apiserver $K8S_VERSION (first run only; several minutes)"
  mkdir -p "$work/apiserver"
  cd "$work/apiserver"
  # k8s.io/kubernetes requires its staging modules at v0.0.0; each must be
  # replaced by the published v0.MINOR.PATCH. Take the list from the
  # release's own go.mod instead of hard-coding it (it grows per release).
  local gomod staging
  gomod="$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
  [ -f "$gomod" ] || { log "could not download k8s.io/kubernetes@$K8S_VERSION"; exit 1; }
  staging="v0.${K8S_VERSION#v1.}"
  {
    printf 'module kubechat.local/apiserver\n\ngo 1.25\n\nrequire k8s.io/kubernetes %s\n\n' "$K8S_VERSION"
    sed -n 's#^[[:space:]]*\(k8s.io/[A-Za-z0-9._-]*\) => ./staging/src/.*#\1#p' "$gomod" | sort -u |
      while read -r m; do printf 'replace %s => %s %s\n' "$m" "$m" "$staging"; done
  } > go.mod
  cat > main.go <<'GO'
package main

import (
	"os"
	_ "time/tzdata"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() { os.Exit(cli.Run(app.NewAPIServerCommand())) }
GO
  go mod tidy >&2
  local minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
  go build -trimpath -ldflags="-s \
    -X k8s.io/component-base/version.gitVersion=$K8S_VERSION \
    -X k8s.io/component-base/version.gitMajor=1 \
    -X k8s.io/component-base/version.gitMinor=$minor \
    -X k8s.io/component-base/version.gitTreeState=clean" \
    -o "$OUT/kube-apiserver.tmp" . >&2
  mv "$OUT/kube-apiserver.tmp" "$OUT/kube-apiserver"
}

build_etcd
build_apiserver
log "ready in $OUT"
printf '%s\n' "$OUT"
