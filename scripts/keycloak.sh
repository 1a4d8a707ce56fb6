#!/usr/bin/env bash
# Provides a real Keycloak as the OpenID Connect peer for the SSO tests.
#
#   scripts/keycloak.sh install
#       download, verify, unpack and pre-build once; print the install dir
#   scripts/keycloak.sh start RUN_DIR HTTP_PORT MGMT_PORT [kc.sh options...]
#       run one isolated instance in the foreground (exec: same pid), with
#       the test realm (crates/kubechat-testkit/keycloak/realm.json) imported
#
# Why this way: no container engine runs here, but Maven Central does, and
# Keycloak publishes its server distribution there as a plain zip. It is
# cached outside the repository keyed by version (like control-plane.sh), so
# warm runs do nothing. Nothing is ever written inside the repository.
# Details, timings and gotchas: crates/kubechat-testkit/keycloak/README.md.
set -euo pipefail

KEYCLOAK_VERSION=26.5.6
CACHE_ROOT="${KUBECHAT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kubechat}"
OUT="$CACHE_ROOT/keycloak/$KEYCLOAK_VERSION"
KC_DIR="$OUT/keycloak-$KEYCLOAK_VERSION" # the zip's top-level directory
URL="${MAVEN_CENTRAL:-https://repo.maven.apache.org/maven2}/org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
REALM="$(cd "$(dirname "$0")/.." && pwd)/crates/kubechat-testkit/keycloak/realm.json"

log() { printf 'keycloak: %s\n' "$*" >&2; }

need() { # tool, Debian package
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" != 0 ]; then log "$1 is required (Debian: apt-get install $2)"; exit 1; fi
  log "installing $2 from Debian's packages" # fresh CI machine
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "$2" >/dev/null
}

install() {
  # The marker is written last, so an interrupted run is simply redone.
  if [ -f "$OUT/.installed" ]; then
    printf '%s\n' "$KC_DIR"
    return 0
  fi
  need curl curl; need unzip unzip; need java openjdk-17-jre-headless
  log "downloading Keycloak $KEYCLOAK_VERSION from Maven Central (~160 MB, first run only)"
  mkdir -p "$OUT"
  tmp="$(mktemp -d "$OUT/.tmp.XXXXXX")" # global: the EXIT trap outlives this function
  trap 'rm -rf "$tmp"' EXIT
  curl -fsSL --retry 3 -o "$tmp/kc.zip" "$URL"
  # Maven Central publishes a .sha1 next to every artifact; it holds just the hash.
  local want got
  want="$(curl -fsSL --retry 3 "$URL.sha1" | cut -c1-40)"
  got="$(sha1sum "$tmp/kc.zip" | cut -c1-40)"
  [ "$want" = "$got" ] || { log "checksum mismatch: want $want, got $got"; exit 1; }
  unzip -q "$tmp/kc.zip" -d "$tmp/unpacked"
  rm -rf "$KC_DIR"
  mv "$tmp/unpacked/keycloak-$KEYCLOAK_VERSION" "$KC_DIR"
  # Build-time options are baked in once here, so every test instance can use
  # `start --optimized`: start-dev re-augments (~15-20 s) on *every* start and
  # rewrites lib/quarkus, which parallel instances sharing this dir would race on.
  log "pre-building (Quarkus augmentation, first run only)"
  "$KC_DIR/bin/kc.sh" build --db=dev-file --health-enabled=true >"$OUT/build.log" 2>&1 \
    || { cat "$OUT/build.log" >&2; exit 1; }
  touch "$OUT/.installed"
  log "installed in $KC_DIR"
  printf '%s\n' "$KC_DIR"
}

start() {
  [ $# -ge 3 ] || { log "usage: $0 start RUN_DIR HTTP_PORT MGMT_PORT [kc.sh options...]"; exit 2; }
  local run="$1" port="$2" mgmt="$3"; shift 3
  install >/dev/null
  # Keycloak keeps its H2 database, transaction log and import dir under
  # kc.home.dir/data and reads its build from kc.home.dir/lib. A per-run home
  # of symlinks to the read-only install gives each instance its own data.
  mkdir -p "$run/data/import"
  for d in lib providers themes conf; do ln -sfn "$KC_DIR/$d" "$run/$d"; done
  cp "$REALM" "$run/data/import/kubechat-realm.json"
  # Only read when the master realm has no admin yet (a fresh data dir).
  export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
  export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"
  # kc.sh's default heap is -Xms64m -Xmx512m; tests need far less, and C1
  # alone starts faster on 2 cores.
  export JAVA_OPTS_KC_HEAP="${JAVA_OPTS_KC_HEAP:--Xms64m -Xmx256m}"
  export JAVA_OPTS_APPEND="${JAVA_OPTS_APPEND:--XX:TieredStopAtLevel=1}"
  # kc.sh forks java and waits; a SIGKILL to kc.sh (the test kit's
  # `setpriv --pdeathsig KILL`, Child::kill) would orphan the JVM, since the
  # death signal is not inherited by children. kc.sh runs $JAVA, so tie the
  # JVM to kc.sh the same way through a one-line wrapper.
  if command -v setpriv >/dev/null; then
    local java="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
    printf '#!/bin/sh\nexec setpriv --pdeathsig KILL -- %s "$@"\n' "$(command -v "$java")" >"$run/java"
    chmod +x "$run/java"
    export JAVA="$run/java"
  fi
  # --hostname pins the issuer (otherwise it follows each request's Host).
  exec "$KC_DIR/bin/kc.sh" -Dkc.home.dir="$run" start --optimized \
    --http-enabled=true --http-host=127.0.0.1 --http-port="$port" \
    --http-management-port="$mgmt" --hostname="http://127.0.0.1:$port" \
    --cache=local --import-realm "$@"
}

case "${1:-}" in
  install) install ;;
  start) shift; start "$@" ;;
  *) log "usage: $0 install | start RUN_DIR HTTP_PORT MGMT_PORT [kc.sh options...]"; exit 2 ;;
esac
