#!/usr/bin/env bash
# MCP tests with a real client: the official MCP SDK for Python (PyPI `mcp`), installed into a
# virtual environment under target/, connects to `itsm-crosswalk mcp` over stdio and to `/mcp` of
# a server on a free loopback port, lists the tools and resources, calls each tool and checks the
# answers against the GraphQL API's.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

venv="$root/target/mcp-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import mcp' 2>/dev/null; then
  echo "== installing the MCP SDK for Python into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
fi

# Build (a no-op when nothing changed) so a stale binary is never what gets tested.
binary="${ITSM_CROSSWALK_BIN:-}"
if [ -z "$binary" ]; then
  (cd "$root" && cargo build --locked --quiet)
  binary="$root/target/debug/itsm-crosswalk"
fi
echo "== server: $binary"
exec "$venv/bin/python" "$here/test_mcp.py" "$binary"
