"""Checks the Kubernetes manifests of deploy/kubernetes/ without a cluster.

Run by deploy/validate.sh with the Python of target/deploy-venv, where kubernetes-validate (PyPI,
pinned in deploy/requirements.txt) brings the Kubernetes JSON schemas of every release from 1.25
on, so that nothing is fetched while checking. Four kinds of check, each printed as it runs:

1. schema: every resource of every file, in strict mode (an unknown field is an error, not
   ignored), against the oldest Kubernetes release the manifests are meant for and the newest the
   package knows; a kind or apiVersion without a schema is an error too (the package's own CLI
   only warns);
2. self-test: the same validator must reject broken copies of the Deployment (a misspelt field, a
   wrong type, a misspelt kind, a missing required field, a field at the wrong level), so that a
   validator that passes everything cannot pass here;
3. consistency that no schema sees: selectors against pod labels, the HPA's target, probe paths
   and ports, the shutdown timing (grace period > preStop sleep + the server's drain), the
   hardening settings, the overlay ConfigMap's keys against the volume's items, the `--data`
   arguments against the mounts, and that kustomization.yaml lists every file;
4. the overlay itself: the ConfigMap's files are laid out as the kubelet lays out a ConfigMap
   volume (a timestamped directory, a `..data` symlink to it, a symlink per top-level entry) and
   `itsm-crosswalk validate --data crosswalks --data <that directory>` must accept them, when a
   binary is at hand (ITSM_CROSSWALK_BIN, else target/debug or target/release).

Exit status 0 when everything passes, 1 otherwise.
"""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import jsonschema
import yaml
from kubernetes_validate import utils as kv
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parent.parent
# The manifests to check: deploy/kubernetes, or the directory given as the first argument (to try
# the checks on a broken copy).
MANIFESTS = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "deploy" / "kubernetes"
# The preStop `sleep` action needs 1.30 (on by default from then); the newest is what the pinned
# package knows.
KUBERNETES_VERSIONS = ["1.30.0", kv.latest_version()]
BASE_DATA = "/usr/share/itsm-crosswalk/crosswalks"
OVERLAY_MOUNT = "/etc/itsm-crosswalk/overlay"
DEFAULT_DRAIN_SECONDS = 10  # --drain-timeout, src/cli.rs

failures: list[str] = []


def fail(message: str) -> None:
    failures.append(message)
    print(f"FAIL {message}")


def ok(message: str) -> None:
    print(f"ok   {message}")


def load_documents(path: Path) -> list[dict]:
    with path.open() as f:
        return [doc for doc in yaml.safe_load_all(f) if doc]


def schema_for(resource: dict, version: str):
    """A validator for `resource`'s kind and apiVersion in a Kubernetes release's strict schemas.
    The lookup is kubernetes_validate.utils.validate's; that function stops at the first error,
    and this script wants every one."""
    found = [v for v in kv.all_versions() if kv.major_minor(v) <= kv.major_minor(version)][-1]
    group = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", resource["apiVersion"])
    folder = f"kubernetes-json-schema/v{found}-local-strict"
    try:
        schema = kv.schema_contents(f"{folder}/{resource['kind'].lower()}-{group}.json", version)
    except FileNotFoundError:
        raise kv.SchemaNotFoundError(
            version=kv.major_minor(version), kind=resource["kind"], api_version=resource["apiVersion"]
        )
    definitions = kv.schema_contents(f"{folder}/_definitions.json", version)
    registry = Resource.from_contents(definitions) @ (Resource.from_contents(schema) @ Registry())
    return jsonschema.validators.Draft202012Validator(schema, registry=registry)


def schema_errors(resource: dict) -> list[str]:
    """Every complaint of every Kubernetes release checked about `resource`; empty when valid."""
    errors = []
    for version in KUBERNETES_VERSIONS:
        release = kv.major_minor(version)
        try:
            validator = schema_for(resource, version)
        except kv.SchemaNotFoundError as e:
            errors.append(e.message)
            continue
        except (KeyError, TypeError, AttributeError) as e:
            errors.append(f"not a Kubernetes resource (no {e})")
            continue
        for error in sorted(validator.iter_errors(resource), key=lambda e: list(map(str, e.path))):
            where = ".".join(str(p) for p in error.path) or "(top level)"
            errors.append(f"Kubernetes {release}: {where}: {error.message}")
    return errors


def name_of(resource: dict) -> str:
    return f"{resource.get('kind')}/{resource.get('metadata', {}).get('name')}"


# 1. schema -------------------------------------------------------------------------------------


def check_schemas(files: dict[str, list[dict]]) -> None:
    print(f"== {MANIFESTS.relative_to(ROOT) if MANIFESTS.is_relative_to(ROOT) else MANIFESTS}")
    print(f"== schema (strict, Kubernetes {' and '.join(KUBERNETES_VERSIONS)})")
    for filename, resources in files.items():
        if not resources:
            fail(f"{filename}: no resource in the file")
        for resource in resources:
            errors = schema_errors(resource)
            for error in errors:
                fail(f"{filename}: {name_of(resource)}: {error}")
            if not errors:
                ok(f"{filename}: {name_of(resource)}")


# 2. self-test ------------------------------------------------------------------------------------


def check_self_test(deployment: dict) -> None:
    print("== self-test: broken copies of the Deployment must be rejected")

    def container(d: dict) -> dict:
        return d["spec"]["template"]["spec"]["containers"][0]

    def misspelt_field(d):
        container(d)["readinessProbes"] = container(d).pop("readinessProbe")

    def wrong_type(d):
        d["spec"]["replicas"] = "3"

    def misspelt_kind(d):
        d["kind"] = "Deplyment"

    def missing_required(d):
        del container(d)["name"]

    def wrong_level(d):
        d["spec"]["template"]["spec"]["readOnlyRootFilesystem"] = True

    def wrong_enum_shape(d):
        container(d)["securityContext"]["capabilities"]["drop"] = "ALL"

    for mutate in [
        misspelt_field,
        wrong_type,
        misspelt_kind,
        missing_required,
        wrong_level,
        wrong_enum_shape,
    ]:
        broken = copy.deepcopy(deployment)
        mutate(broken)
        errors = schema_errors(broken)
        label = mutate.__name__.replace("_", " ")
        if errors:
            ok(f"{label}: rejected ({errors[0]})")
        else:
            fail(f"{label}: the validator accepted a broken Deployment")


# 3. consistency ----------------------------------------------------------------------------------


def seconds(text: str) -> float:
    """A humantime duration of the forms the server's flags take here (10s, 1m, 500ms)."""
    match = re.fullmatch(r"(\d+)(ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"unreadable duration {text!r}")
    value, unit = int(match.group(1)), match.group(2)
    return value / 1000 if unit == "ms" else value * (60 if unit == "m" else 1)


QUANTITY = re.compile(r"^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$")
SCALE = {None: 1, "n": 1e-9, "u": 1e-6, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12,
         "P": 1e15, "E": 1e18, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50,
         "Ei": 2**60}


def quantity(value) -> float | None:
    """A Kubernetes resource quantity (`250m`, `64Mi`, `2`) as a number; None when the API server
    would refuse it (`384MB`, `2 cores`), which the schemas, typing it only as a string, let by."""
    match = QUANTITY.match(str(value))
    return float(match.group(1)) * SCALE[match.group(2)] if match else None


def check_consistency(files: dict[str, list[dict]]) -> None:
    print("== consistency (what no schema checks)")
    by_kind: dict[str, list[dict]] = {}
    for resources in files.values():
        for resource in resources:
            by_kind.setdefault(resource.get("kind"), []).append(resource)

    def one(kind: str) -> dict | None:
        found = by_kind.get(kind, [])
        if len(found) != 1:
            fail(f"expected one {kind}, found {len(found)}")
            return None
        return found[0]

    deployment = one("Deployment")
    service = one("Service")
    hpa = one("HorizontalPodAutoscaler")
    pdb = one("PodDisruptionBudget")
    configmap = one("ConfigMap")
    if not all([deployment, service, hpa, pdb, configmap]):
        return

    def check(condition: bool, message: str) -> None:
        (ok if condition else fail)(message)

    spec = deployment["spec"]
    pod = spec["template"]["spec"]
    labels = spec["template"]["metadata"].get("labels", {})
    container = pod["containers"][0]

    def selects_pods(selector: dict) -> bool:
        return bool(selector) and all(labels.get(k) == v for k, v in selector.items())

    check(selects_pods(spec["selector"]["matchLabels"]), "Deployment selector matches its pod labels")
    check(selects_pods(service["spec"]["selector"]), "Service selector matches the pods")
    check(selects_pods(pdb["spec"]["selector"]["matchLabels"]), "PodDisruptionBudget selector matches the pods")
    target = hpa["spec"]["scaleTargetRef"]
    check(
        target["kind"] == "Deployment" and target["name"] == deployment["metadata"]["name"],
        "HorizontalPodAutoscaler scales the Deployment",
    )
    check(
        hpa["spec"]["minReplicas"] >= 2 and hpa["spec"]["minReplicas"] <= spec["replicas"] <= hpa["spec"]["maxReplicas"],
        "replicas within the autoscaler's range, and at least two at all times",
    )

    ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
    check(ports.get("http") == 8080, "container port `http` is 8080")
    check("--addr=0.0.0.0:8080" in container.get("args", []), "the server listens on 0.0.0.0:8080")
    service_targets = [p.get("targetPort") for p in service["spec"]["ports"]]
    check(all(t in ports or t in ports.values() for t in service_targets), "Service targets a container port")
    for probe, path in [("startupProbe", "/readyz"), ("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")]:
        get = container.get(probe, {}).get("httpGet", {})
        check(
            get.get("path") == path and (get.get("port") in ports or get.get("port") in ports.values()),
            f"{probe} is GET {path} on a container port",
        )

    env = {e["name"]: e.get("value") for e in container.get("env", [])}
    drain = seconds(env.get("ITSM_CROSSWALK_DRAIN_TIMEOUT") or f"{DEFAULT_DRAIN_SECONDS}s")
    for arg in container.get("args", []):
        if arg.startswith("--drain-timeout="):
            drain = seconds(arg.split("=", 1)[1])
    pre_stop = container.get("lifecycle", {}).get("preStop", {}).get("sleep", {}).get("seconds", 0)
    grace = pod.get("terminationGracePeriodSeconds", 30)
    check(pre_stop >= 5, f"preStop waits ({pre_stop} s) for the endpoints to drop the pod before SIGTERM")
    check(
        grace > pre_stop + drain,
        f"terminationGracePeriodSeconds ({grace}) > preStop ({pre_stop}) + drain ({drain:g})",
    )
    rollout = spec.get("strategy", {}).get("rollingUpdate", {})
    check(rollout.get("maxUnavailable") == 0, "a rolling update never drops below the replica count")

    security = container.get("securityContext", {})
    pod_security = pod.get("securityContext", {})
    check(
        (security.get("runAsNonRoot") or pod_security.get("runAsNonRoot")) is True
        and (security.get("runAsUser") or pod_security.get("runAsUser", 0)) != 0,
        "runs as a non-root user",
    )
    check(security.get("readOnlyRootFilesystem") is True, "read-only root filesystem")
    check(security.get("allowPrivilegeEscalation") is False, "no privilege escalation")
    check(security.get("capabilities", {}).get("drop") == ["ALL"], "drops all capabilities")
    check(pod.get("automountServiceAccountToken") is False, "no service account token")
    resources = container.get("resources", {})
    amounts = {
        (side, r): quantity(resources.get(side, {}).get(r))
        for side in ("requests", "limits")
        for r in ("cpu", "memory")
    }
    check(
        all(amount is not None for amount in amounts.values()),
        f"CPU and memory requests and limits set, as quantities ({resources})",
    )
    if all(amount is not None for amount in amounts.values()):
        check(
            all(amounts[("requests", r)] <= amounts[("limits", r)] for r in ("cpu", "memory")),
            "requests within limits",
        )
    # Enumerations the schemas leave as plain strings.
    check(
        service["spec"].get("type", "ClusterIP") in ("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"),
        f"Service type is one Kubernetes knows ({service['spec'].get('type')})",
    )
    policies = {container.get("imagePullPolicy", "IfNotPresent")}
    check(policies <= {"Always", "IfNotPresent", "Never"}, f"imagePullPolicy is one Kubernetes knows ({policies})")

    # The overlay: `--data base --data overlay`, the overlay mounted whole (no subPath, which
    # would never see updates), and the ConfigMap's keys and the volume's items the same.
    data_args = [a.split("=", 1)[1] for a in container.get("args", []) if a.startswith("--data=")]
    check(
        data_args == [BASE_DATA, OVERLAY_MOUNT],
        f"--data is the base dataset, then the overlay ({data_args})",
    )
    mounts = [m for m in container.get("volumeMounts", []) if m.get("mountPath") == OVERLAY_MOUNT]
    check(
        len(mounts) == 1 and "subPath" not in mounts[0] and mounts[0].get("readOnly") is True,
        "the overlay is mounted read-only as a directory, without subPath",
    )
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    volume = volumes.get(mounts[0]["name"]) if mounts else None
    cm_volume = (volume or {}).get("configMap", {})
    check(cm_volume.get("name") == configmap["metadata"]["name"], "the overlay volume is the overlay ConfigMap")
    keys = set(configmap.get("data", {}))
    items = {i["key"]: i["path"] for i in cm_volume.get("items", [])}
    check(keys == set(items), f"ConfigMap keys and volume items are the same set ({sorted(keys ^ set(items)) or 'yes'})")
    for key, path in items.items():
        # `clauses.<id>.csv` -> clauses/<id>.csv, `mappings.<id>.csv` -> mappings/<id>.csv,
        # top-level files by their own name.
        folder, _, rest = key.partition(".")
        expected = f"{folder}/{rest}" if folder in ("clauses", "mappings") else key
        check(path == expected, f"item {key} -> {path}")


def check_kustomization(files: dict[str, list[dict]]) -> None:
    print("== kustomization.yaml lists every manifest")
    kustomization = load_documents(MANIFESTS / "kustomization.yaml")[0]
    listed = set(kustomization.get("resources", []))
    present = set(files)
    if listed == present:
        ok(f"{len(listed)} files: {', '.join(sorted(listed))}")
    else:
        fail(f"kustomization.yaml resources {sorted(listed)} != files {sorted(present)}")


# 4. the overlay with the server's own validator --------------------------------------------------


def kubelet_layout(configmap: dict, items: dict[str, str], into: Path) -> None:
    """Writes the ConfigMap as the kubelet's atomic writer does: files in a timestamped
    directory, `..data` pointing at it, and a symlink per top-level entry through `..data`."""
    stamp = into / "..2026_01_01_00_00_00.000000000"
    for key, path in items.items():
        target = stamp / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(configmap["data"][key])
    (into / "..data").symlink_to(stamp.name)
    for entry in sorted({path.split("/")[0] for path in items.values()}):
        (into / entry).symlink_to(f"..data/{entry}")


def check_overlay(files: dict[str, list[dict]]) -> None:
    print("== the overlay ConfigMap, as the kubelet mounts it, with `itsm-crosswalk validate`")
    binary = os.environ.get("ITSM_CROSSWALK_BIN")
    candidates = [binary] if binary else [ROOT / "target/debug/itsm-crosswalk", ROOT / "target/release/itsm-crosswalk"]
    found = next((Path(c) for c in candidates if c and Path(c).is_file() and os.access(c, os.X_OK)), None)
    if not found:
        fail("no itsm-crosswalk binary to validate the overlay with (set ITSM_CROSSWALK_BIN or build one)")
        return
    resources = [r for rs in files.values() for r in rs]
    configmap = next(r for r in resources if r.get("kind") == "ConfigMap")
    deployment = next(r for r in resources if r.get("kind") == "Deployment")
    volume = next(
        v["configMap"] for v in deployment["spec"]["template"]["spec"]["volumes"] if "configMap" in v
    )
    items = {i["key"]: i["path"] for i in volume.get("items", [])}
    with tempfile.TemporaryDirectory(prefix="itsm-crosswalk-overlay-") as tmp:
        kubelet_layout(configmap, items, Path(tmp))
        run = subprocess.run(
            [str(found), "validate", "--data", str(ROOT / "crosswalks"), "--data", tmp],
            capture_output=True,
            text=True,
        )
        output = (run.stdout + run.stderr).strip().replace(tmp, OVERLAY_MOUNT)
        if run.returncode != 0:
            fail(f"{found.name} validate refused the overlay:\n{output}")
            return
        # The overlay must have been read: more standards than the base dataset alone.
        base = subprocess.run(
            [str(found), "validate", "--data", str(ROOT / "crosswalks")], capture_output=True, text=True
        )
        count = lambda text: int(re.search(r"(\d+) standards", text).group(1))
        standards = {
            cm_line.split(",", 1)[0]
            for cm_line in configmap["data"].get("standards.csv", "").splitlines()[1:]
            if cm_line
        }
        if standards and count(run.stdout) <= count(base.stdout):
            fail(f"the overlay's standards ({', '.join(sorted(standards))}) were not read: {output}")
            return
        ok(output)


def main() -> int:
    names = sorted(p.name for p in MANIFESTS.glob("*.yaml") if p.name != "kustomization.yaml")
    files = {}
    for name in names:
        try:
            files[name] = load_documents(MANIFESTS / name)
        except yaml.YAMLError as e:
            fail(f"{name}: not YAML: {e}")
    check_schemas(files)
    deployment = next((r for rs in files.values() for r in rs if r.get("kind") == "Deployment"), None)
    if deployment:
        check_self_test(deployment)
    check_consistency(files)
    check_kustomization(files)
    check_overlay(files)
    if failures:
        print(f"\n{len(failures)} problem(s) in deploy/kubernetes")
        return 1
    print("\nthe manifests validate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
