#!/usr/bin/env bash
# HTTP load over loopback, bounded in time: the static route and GraphQL queries on the same
# server in one run, so that the ratios are meaningful on a noisy 2-core machine.
# Needs wrk (Debian package `wrk`). Usage: bench/http-load.sh [seconds]
#
# Runs, each `seconds` long, 1 wrk thread:
#   16 connections: GET /healthz (static); the README's clause query by GET and by POST, warm
#                   (answered from the response cache); the same POST cold, on a second server
#                   whose cache is off (`--cache-bytes 0`), so it is executed every time; a small
#                   GET query, warm.
#   64 connections: GET /healthz and the clause query by GET, for the p99 comparison.
# Then the first answer of the clause query on the fresh server (cold), timed by curl.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
binary=./target/release/itsm-crosswalk
cargo build --release --quiet
# shellcheck source=../tests/lib/serve.sh
source tests/lib/serve.sh
export SERVE_LOG=none # output to /dev/null, as in docs/PERFORMANCE.md
logs="$(mktemp -d)"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$logs"' EXIT
serve_on_loopback "$logs/server.log"
pids+=("$server_pid"); addr="${url#http://}"
# A second server with the response cache off: every answer is computed (the cold path).
serve_on_loopback "$logs/cold.log" --cache-bytes 0
pids+=("$server_pid"); cold_addr="${url#http://}"

clause='{ clause(standard: "iso-iec-20000-1-2018", ref: "8.5.1.3") { id title ancestors { ref } mappings { target { id title } relationship strength change note } } }'
clause_url="http://$addr/graphql?query=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$clause")"
small_url="http://$addr/graphql?query=%7Bdataset%7Bversion%20clauseCount%7D%7D"

# The first answer of the clause query, before anything is cached; and a check that the POST the
# load sends is answered without errors (a 200 with an error body is not a success).
cold_first=$(curl -s -o /dev/null -w '%{time_total}' "$clause_url")
post_body=$(python3 -c 'import json, sys; print(json.dumps({"query": sys.argv[1]}))' "$clause")
if curl -s -H 'content-type: application/json' -d "$post_body" "http://$addr/graphql" | grep -q '"errors"'; then
  echo "the POST clause query is answered with errors" >&2
  exit 1
fi

summary=()
run() { # run LABEL CONNECTIONS ARGS...: one wrk run, its output, and a summary line
  local label="$1" connections="$2"; shift 2
  echo "== $label ($connections connections)"
  local out
  out=$(wrk -t1 -c"$connections" -d"${seconds}s" --latency "$@")
  echo "$out"
  if grep -q "Non-2xx" <<<"$out"; then
    echo "$label: answers that are not 2xx" >&2
    exit 1
  fi
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  summary+=("$label|$connections|$rps|$p50|$p99")
}

run "static GET /healthz" 16 "http://$addr/healthz"
run "clause query GET, warm" 16 "$clause_url"
run "clause query POST, warm" 16 -s bench/graphql-post.lua "http://$addr/graphql"
run "clause query POST, cold (cache off)" 16 -s bench/graphql-post.lua "http://$cold_addr/graphql"
run "small query GET, warm" 16 "$small_url"
run "static GET /healthz" 64 "http://$addr/healthz"
run "clause query GET, warm" 64 "$clause_url"

echo
echo "== summary (ratios against the static route at the same number of connections, this run)"
static16=$(cut -d'|' -f3 <<<"${summary[0]}")
static64=$(cut -d'|' -f3 <<<"${summary[5]}")
printf '| %s | %s | %s | %s | %s | %s |\n' "route" "conns" "requests/s" "p50" "p99" "ratio"
printf '|---|---|---|---|---|---|\n'
for line in "${summary[@]}"; do
  IFS='|' read -r label conns rps p50 p99 <<<"$line"
  base=$static16
  [ "$conns" = 64 ] && base=$static64
  ratio=$(python3 -c "print(f'{float($rps)/float($base):.2f}')")
  printf '| %s | %s | %s | %s | %s | %s |\n' "$label" "$conns" "$rps" "$p50" "$p99" "$ratio"
done
echo
echo "first (cold) answer of the clause query: ${cold_first}s"
