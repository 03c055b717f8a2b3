#!/usr/bin/env bash
# The GraphQL-over-HTTP conformance audit (the graphql-http package's server audits, MUST and
# SHOULD) against the server on a free loopback port. Installs the pinned npm packages
# (package-lock.json) when missing, builds the server (a no-op after `cargo test`), and fails
# when any audit does not pass. Run by .ci/run; by hand: bash bench/graphql-http-audit/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
if [ ! -d node_modules ] || ! npm ls --depth=0 >/dev/null 2>&1; then
  echo "== npm ci"
  npm ci --no-audit --no-fund --silent
fi
binary="${ITSM_CROSSWALK_BIN:-}"
if [ -z "$binary" ]; then
  (cd "$root" && cargo build --locked --quiet)
  binary="$root/target/debug/itsm-crosswalk"
fi
# shellcheck source=../../tests/lib/serve.sh
source "$root/tests/lib/serve.sh"
log="$(mktemp)"
trap 'kill $server_pid 2>/dev/null; rm -f "$log"' EXIT
serve_on_loopback "$log"
GRAPHQL_URL="$url/graphql" STRICT=1 node audit.mjs
