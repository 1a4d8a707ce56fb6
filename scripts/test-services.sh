#!/usr/bin/env bash
# Makes sure the PostgreSQL and Redis the tests use are running, and
# exports KUBECHAT_TEST_DATABASE_URL and KUBECHAT_TEST_REDIS_URL.
# Sourced by scripts/test.sh. When a URL is already set, that server is
# used as it is. Otherwise the local servers are started, and installed
# from Debian's packages first when missing and we are root (CI, fresh
# machines).
set -euo pipefail

say() { printf 'test-services: %s\n' "$*" >&2; }
is_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
  if ! is_root; then
    say "$* missing: install it (Debian: apt-get install $*) or set the KUBECHAT_TEST_*_URL variables"
    return 1
  fi
  say "installing $* from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "$@" >/dev/null
}

if [ -z "${KUBECHAT_TEST_DATABASE_URL:-}" ]; then
  export KUBECHAT_TEST_DATABASE_URL="postgres://postgres:postgres@127.0.0.1:5432/postgres"
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v pg_ctlcluster >/dev/null; then
      apt_install postgresql
    fi
    is_root || { say "PostgreSQL is not running on 127.0.0.1:5432; start it or set KUBECHAT_TEST_DATABASE_URL"; exit 1; }
    cluster="$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1" "$2}')"
    if [ -z "$cluster" ]; then
      ver="$(ls /usr/lib/postgresql | sort -V | tail -1)"
      pg_createcluster "$ver" main >/dev/null
      cluster="$ver main"
    fi
    say "starting PostgreSQL cluster $cluster"
    # shellcheck disable=SC2086
    pg_ctlcluster $cluster start
    for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
  fi
  if is_root && command -v runuser >/dev/null; then
    # The tests connect with a password over TCP; set the one they use.
    runuser -u postgres -- psql -q -c "ALTER USER postgres PASSWORD 'postgres'" >/dev/null
  fi
fi

if [ -z "${KUBECHAT_TEST_REDIS_URL:-}" ]; then
  export KUBECHAT_TEST_REDIS_URL="redis://127.0.0.1:6379"
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    command -v redis-server >/dev/null || apt_install redis-server
    say "starting redis-server on 127.0.0.1:6379"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no >/dev/null
    for _ in $(seq 1 60); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
  fi
fi

# The web UI's browser tests: Debian's Chromium (never a browser download)
# and playwright-core from the npm registry, pinned by web-tests' lockfile.
if [ -z "${CHROMIUM:-}" ]; then
  export CHROMIUM=/usr/bin/chromium
  [ -x "$CHROMIUM" ] || apt_install chromium
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi
if [ ! -d web-tests/node_modules/playwright-core ] \
  || [ web-tests/package-lock.json -nt web-tests/node_modules/.package-lock.json ]; then
  say "installing the browser tests' npm packages (npm ci in web-tests)"
  npm ci --prefix web-tests --no-audit --no-fund --loglevel=error >/dev/null
fi
