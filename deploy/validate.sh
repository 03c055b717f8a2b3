#!/usr/bin/env bash
# Checks what deploys itsm-crosswalk, without a cluster and without a Docker engine:
# - the Dockerfile with hadolint (its own parser and the best-practice rules);
# - the Kubernetes manifests of deploy/kubernetes/ with kubernetes-validate (strict schemas of
#   Kubernetes 1.30 and of the newest release it bundles), a self-test that broken manifests are
#   refused, the consistency checks no schema makes, and the overlay ConfigMap laid out as the
#   kubelet mounts it and validated by `itsm-crosswalk validate` (deploy/validate.py says more).
# Both tools come from PyPI, pinned in deploy/requirements.txt, installed into target/deploy-venv
# when missing or when the pins change; they work offline once installed.
# `kubectl kustomize` (if kubectl is installed) also renders the kustomization.
# Usage: deploy/validate.sh [DIR]   (DIR: another copy of the manifests, e.g. a broken one)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"

venv="$root/target/deploy-venv"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "== installing kubernetes-validate and hadolint into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  echo "$want" > "$stamp"
fi

echo "== Dockerfile (hadolint $("$venv/bin/hadolint" --version | awk '{print $NF}'))"
"$venv/bin/hadolint" --no-color "$root/Dockerfile"
echo "ok   Dockerfile"

if command -v kubectl > /dev/null; then
  echo "== kustomization (kubectl kustomize)"
  kubectl kustomize "${1:-$root/deploy/kubernetes}" > /dev/null
  echo "ok   ${1:-deploy/kubernetes} renders"
fi

# The overlay check runs the server's own validator. Build it (a no-op after `cargo test`) so a
# stale binary is never what checks the overlay, as the MCP and browser scripts do.
if [ -z "${ITSM_CROSSWALK_BIN:-}" ]; then
  (cd "$root" && cargo build --locked --quiet)
  export ITSM_CROSSWALK_BIN="$root/target/debug/itsm-crosswalk"
fi
exec "$venv/bin/python" "$here/validate.py" "$@"
