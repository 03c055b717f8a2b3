#!/usr/bin/env bash
# HTTP load over loopback, bounded in time: a static route and GraphQL queries on the same
# server in one run, so the ratio is meaningful on a noisy 2-core machine.
# Needs wrk (Debian package `wrk`). Usage: bench/http-load.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
addr=127.0.0.1:18099
cargo build --release --quiet
./target/release/itsm-crosswalk serve --addr "$addr" >/dev/null 2>&1 &
server=$!
trap 'kill $server' EXIT
for _ in $(seq 50); do curl -sf "http://$addr/healthz" >/dev/null && break; sleep 0.1; done
query='%7Bdataset%7Bversion%20clauseCount%7D%7D'
echo "== static route GET /healthz"
wrk -t1 -c16 -d"${seconds}s" --latency "http://$addr/healthz"
echo "== GraphQL GET /graphql?query={dataset{version clauseCount}}"
wrk -t1 -c16 -d"${seconds}s" --latency "http://$addr/graphql?query=$query"
echo "== GraphQL POST clause 8.5.1.3 with mappings (bench/graphql-post.lua)"
wrk -t1 -c16 -d"${seconds}s" --latency -s bench/graphql-post.lua "http://$addr/graphql"
