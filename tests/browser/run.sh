#!/usr/bin/env bash
# Browser tests of the web page at /app: Debian's Chromium driven by playwright-core (which cannot
# download a browser of its own here), with axe-core for accessibility. Installs what is missing
# (CI runs as root on a fresh Debian machine), builds and starts the server on free loopback
# ports (once with the embedded dataset, once with the hostile overlay in fixtures/), runs
# app.test.js and leaves screenshots in target/browser-artifacts/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian's chromium"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
fi

# The pinned packages of the committed lockfile, unless they are installed already.
if [ ! -d node_modules ] || ! npm ls --depth=0 >/dev/null 2>&1; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
fi

# The page's assets are compiled into the binary, so a binary built before an asset changed would
# test the old page: build (a no-op when nothing changed) unless a binary is given explicitly.
binary="${ITSM_CROSSWALK_BIN:-}"
if [ -z "$binary" ]; then
  echo "== cargo build"
  (cd "$root" && cargo build --locked --quiet)
  binary="$root/target/debug/itsm-crosswalk"
fi
echo "== server: $binary"

artifacts="$root/target/browser-artifacts"
mkdir -p "$artifacts"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# shellcheck source=../lib/serve.sh
source "$root/tests/lib/serve.sh"
start() { # start NAME ARGS...: serves on a loopback port; sets $url once the server is ready
  local name="$1"; shift
  serve_on_loopback "$artifacts/server-$name.log" "$@"
  pids+=("$server_pid")
}

start embedded
base_url="$url"
start hostile --data "$root/crosswalks" --data "$here/fixtures/hostile-overlay"
hostile_url="$url"

echo "== browser tests against $base_url (hostile overlay at $hostile_url)"
BASE_URL="$base_url" HOSTILE_URL="$hostile_url" ARTIFACTS="$artifacts" ROOT="$root" \
  node --test --test-concurrency=1 --test-reporter=spec app.test.js
