#!/bin/sh
# Installs every Debian package that whosaid's build, tests and benchmarks
# need. Idempotent: when everything is present it only checks and returns.
# Works as root on a fresh Debian 12; uses sudo when run as another user.
set -eu

PACKAGES="build-essential cmake pkg-config python3 clang libclang-rt-14-dev \
  llvm ca-certificates time groff-base \
  libxml2-dev zlib1g-dev libdeflate-dev libzstd-dev liblz4-dev libbrotli-dev libjansson-dev \
  libsqlite3-dev libmicrohttpd-dev libjemalloc-dev sqlite3 zstd gzip wget wrk curl \
  python3-distributed python3-numpy chromium parallel valgrind"
# Node.js (for the benchmark's peer, compromise) only when no node is on PATH:
# a machine may already have another build of it that conflicts with Debian's.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  PACKAGES="$PACKAGES nodejs npm"
fi

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  echo "install-deps: installing:$missing" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -q --no-install-recommends $missing
fi

# The speed benchmark compares against the npm package compromise; install it
# into bench/node_modules when npm is there and it is missing.
here=$(cd "$(dirname "$0")/.." && pwd)
if [ "${WS_SKIP_NPM:-0}" != 1 ] && [ -f "$here/bench/package.json" ] && \
   [ ! -d "$here/bench/node_modules/compromise" ] && command -v npm >/dev/null; then
  echo "install-deps: npm install in bench/" >&2
  (cd "$here/bench" && npm install --no-audit --no-fund --silent) || \
    echo "install-deps: npm install failed; the compromise comparison will be skipped" >&2
fi
# The browser test of whosaid serve drives Debian's chromium with the npm
# package playwright-core, installed into tests/serve/node_modules.
if [ "${WS_SKIP_NPM:-0}" != 1 ] && [ -f "$here/tests/serve/package.json" ] && \
   [ ! -d "$here/tests/serve/node_modules/playwright-core" ] && command -v npm >/dev/null; then
  echo "install-deps: npm install in tests/serve/" >&2
  (cd "$here/tests/serve" && npm install --no-audit --no-fund --silent) || \
    echo "install-deps: npm install failed; the browser test will be skipped" >&2
fi
exit 0
