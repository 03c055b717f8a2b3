# Sourced by the test scripts that need a running server (tests/browser/run.sh,
# bench/graphql-http-audit/run.sh). Needs $binary (the server to run).
#
# serve_on_loopback LOG ARGS...: starts `$binary serve` on a loopback port the system picks
# (port 0: no race with another process for a "free" port), with ARGS, its stderr in LOG; waits
# for the banner that names its address, then sets $url (http://127.0.0.1:PORT) and
# $server_pid. Fails, pointing at LOG, if the server exits or announces nothing in 20 s.
serve_on_loopback() {
  local log="$1"; shift
  "$binary" serve --addr 127.0.0.1:0 "$@" >"$log" 2>&1 &
  server_pid=$!
  local address=""
  for _ in $(seq 1 200); do
    address="$(grep -o -m1 'serving dataset [^ ]* at http://127\.0\.0\.1:[0-9]*' "$log" | grep -o '127\.0\.0\.1:[0-9]*$' || true)"
    if [ -n "$address" ]; then
      url="http://$address"
      return 0
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  echo "the server did not start; see $log:" >&2
  cat "$log" >&2
  return 1
}
