#!/usr/bin/env bash
# A/B of the cold GraphQL path: another build of the server (e.g. an older commit, built in a
# worktree) against this one with its response cache off, side by side, alternating loads so
# that the machine's noise falls on both. Three rounds; each starts both servers fresh, times
# their first answer of the clause query with curl, then loads each with the cold POST.
# Usage: bench/ab-cold.sh OTHER_BINARY [seconds] [extra args for this server, e.g. --data DIR]
# (`--data <the other commit's crosswalks/>` compares code on the same data.)
set -euo pipefail
cd "$(dirname "$0")/.."
other="$1"; seconds="${2:-8}"; shift $(( $# >= 2 ? 2 : 1 ))
cargo build --release --quiet
this=./target/release/itsm-crosswalk
clause='{ clause(standard: "iso-iec-20000-1-2018", ref: "8.5.1.3") { id title ancestors { ref } mappings { target { id title } relationship strength change note } } }'
url_query=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$clause")
# shellcheck source=../tests/lib/serve.sh
source tests/lib/serve.sh
export SERVE_LOG=none # output to /dev/null, as in docs/PERFORMANCE.md
logs="$(mktemp -d)"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$logs"' EXIT
for round in 1 2 3; do
  binary="$other" serve_on_loopback "$logs/other.log"
  pa=$server_pid; pids+=("$pa"); a="${url#http://}"
  binary="$this" serve_on_loopback "$logs/this.log" --cache-bytes 0 "$@"
  pb=$server_pid; pids+=("$pb"); b="${url#http://}"
  first_a=$(curl -sf -o /dev/null -w '%{time_total}' "http://$a/graphql?query=$url_query")
  first_b=$(curl -sf -o /dev/null -w '%{time_total}' "http://$b/graphql?query=$url_query")
  rps_a=$(wrk -t1 -c16 -d"${seconds}s" -s bench/graphql-post.lua "http://$a/graphql" | awk '/Requests\/sec/ {print $2}')
  rps_b=$(wrk -t1 -c16 -d"${seconds}s" -s bench/graphql-post.lua "http://$b/graphql" | awk '/Requests\/sec/ {print $2}')
  kill $pa $pb; wait $pa $pb 2>/dev/null || true
  ratio=$(python3 -c "print(f'{$rps_b/$rps_a:.2f}')")
  echo "round $round: first answer other ${first_a}s this ${first_b}s; cold POST other $rps_a this $rps_b requests/s (this/other $ratio)"
done
