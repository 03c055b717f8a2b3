# Sourced by the test scripts that need a running server (tests/browser/run.sh,
# bench/graphql-http-audit/run.sh). Needs $binary (the server to run).
#
# serve_on_loopback LOG ARGS...: starts `$binary serve` on a loopback port the system picks
# (port 0: no race with another process for a "free" port), with ARGS, its stderr in LOG; waits
# for the banner that names its address, then sets $url (http://127.0.0.1:PORT) and
# $server_pid. Fails, pointing at LOG, if the server exits or announces nothing in 20 s.
# With SERVE_LOG=none (the benchmarks), the server's output goes to /dev/null, as a load run
# writes hundreds of megabytes of request logs whose writeback to disk, or whose reader on a
# pipe, would show in what is measured; its address is then read from the listening socket
# (`ss`, Debian's iproute2) instead of the banner.
serve_on_loopback() {
  local log="$1"; shift
  : >"$log" # a log of an earlier start must not announce this one
  if [ "${SERVE_LOG:-all}" = none ]; then
    "$binary" serve --addr 127.0.0.1:0 "$@" >/dev/null 2>&1 &
  else
    "$binary" serve --addr 127.0.0.1:0 "$@" >"$log" 2>&1 &
  fi
  server_pid=$!
  local address=""
  for _ in $(seq 1 200); do
    if [ "${SERVE_LOG:-all}" = none ]; then
      address="$(ss -Hltnp 2>/dev/null | grep "pid=$server_pid," | grep -o -m1 '127\.0\.0\.1:[0-9]*' || true)"
      # Listening is not yet serving: wait for the first answer too.
      if [ -n "$address" ] && ! curl -sf -o /dev/null "http://$address/healthz"; then
        address=""
      fi
    else
      address="$(grep -o -m1 'serving dataset [^ ]* at http://127\.0\.0\.1:[0-9]*' "$log" | grep -o '127\.0\.0\.1:[0-9]*$' || true)"
    fi
    if [ -n "$address" ]; then
      url="http://$address"
      return 0
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  if [ "${SERVE_LOG:-all}" = none ]; then
    echo "the server did not start (its output was discarded: run it by hand to see why)" >&2
  else
    echo "the server did not start; see $log:" >&2
    cat "$log" >&2
  fi
  return 1
}
