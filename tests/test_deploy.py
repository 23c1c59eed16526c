"""deploy/: every Kubernetes manifest validates (strict, offline schemas) and says what it must.

kubernetes-validate checks each resource against the OpenAPI schemas of the newest
Kubernetes it ships. The kustomizations are rendered with `kubectl kustomize` where
kubectl is installed; without it, the files they name are checked to exist and each
resource file is validated on its own.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import kubernetes_validate
import pytest
import yaml
from packaging.version import Version

from tests.servers import clean_env, free_port, wait_ready
from tests.test_rates_update import LAST, NEWER
from wagecalc.config import Settings
from wagecalc.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
KUSTOMIZATIONS = sorted(DEPLOY.rglob("kustomization.yaml"))
RENDERED = [DEPLOY, DEPLOY / "overlays" / "fresh-rates", DEPLOY / "overlays" / "live-rates"]
#: The newest Kubernetes whose schemas the installed kubernetes-validate ships.
K8S_VERSION: str = kubernetes_validate.latest_version()
#: SECURITY.md, "Shutdown": uvicorn lets started requests finish for up to 20 s.
UVICORN_GRACE_SECONDS = 20


def _documents(path: Path) -> list[dict[str, Any]]:
    with path.open() as handle:
        return [d for d in yaml.safe_load_all(handle) if d]


def _kustomization(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(path.read_text())
    return document


def _validate(resource: dict[str, Any]) -> None:
    kubernetes_validate.validate(resource, K8S_VERSION, strict=True)


def _render(directory: Path) -> list[dict[str, Any]]:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed: the kustomizations are not rendered")
    done = subprocess.run(
        [kubectl, "kustomize", str(directory)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return [d for d in yaml.safe_load_all(done.stdout) if d]


def _by_kind(documents: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [d for d in documents if d["kind"] == kind]


def test_the_schemas_are_for_a_current_kubernetes() -> None:
    """The validation runs against Kubernetes 1.34 or newer (1.34: August 2025)."""
    assert Version(K8S_VERSION) >= Version("1.34")


@pytest.mark.parametrize("path", KUSTOMIZATIONS, ids=lambda p: str(p.relative_to(DEPLOY)))
def test_every_file_a_kustomization_names_exists(path: Path) -> None:
    """Resources, components, patches and configMapGenerator files are all there."""
    spec = _kustomization(path)
    names = [*spec.get("resources", []), *spec.get("components", [])]
    names += [p["path"] for p in spec.get("patches", [])]
    names += [f for g in spec.get("configMapGenerator", []) for f in g.get("files", [])]
    assert names
    for name in names:
        target = path.parent / name
        assert target.exists(), f"{path}: {name} does not exist"
        if target.is_dir():
            assert (target / "kustomization.yaml").exists(), f"{name} is not a kustomization"


def _resource_files() -> list[Path]:
    files = []
    for path in KUSTOMIZATIONS:
        for name in _kustomization(path).get("resources", []):
            if (path.parent / name).is_file():
                files.append(path.parent / name)
    return sorted(files)


@pytest.mark.parametrize("path", _resource_files(), ids=lambda p: str(p.relative_to(DEPLOY)))
def test_every_resource_file_validates(path: Path) -> None:
    """Each manifest file, alone, is valid for the current Kubernetes (strict)."""
    for resource in _documents(path):
        _validate(resource)


@pytest.mark.parametrize("directory", RENDERED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_rendered_resource_validates(directory: Path) -> None:
    """What `kubectl apply -k` would send: every resource, patched, valid (strict)."""
    documents = _render(directory)
    assert {d["kind"] for d in documents} >= {
        "ConfigMap",
        "Deployment",
        "HorizontalPodAutoscaler",
        "NetworkPolicy",
        "PodDisruptionBudget",
        "Service",
    }
    for resource in documents:
        _validate(resource)


def test_strict_validation_refuses_an_unknown_field() -> None:
    """The check is not vacuous: a misspelt field is an error."""
    (deployment,) = _documents(DEPLOY / "base" / "deployment.yaml")
    deployment["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        _validate(deployment)


def _base_deployment() -> dict[str, Any]:
    (deployment,) = _documents(DEPLOY / "base" / "deployment.yaml")
    return deployment


def test_the_pod_runs_locked_down() -> None:
    """uid 10001, non-root, read-only root, no capabilities, RuntimeDefault seccomp."""
    pod = _base_deployment()["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == 10001
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    assert pod["automountServiceAccountToken"] is False
    (container,) = pod["containers"]
    context = container["securityContext"]
    assert context["readOnlyRootFilesystem"] is True
    assert context["allowPrivilegeEscalation"] is False
    assert context["capabilities"] == {"drop": ["ALL"]}
    assert container["resources"]["requests"] and container["resources"]["limits"]


def test_probes_and_the_stop_sequence_fit_the_servers_shutdown() -> None:
    """Readiness on /readyz, liveness on /healthz, a startup probe; preStop sleep plus
    uvicorn's 20 s for started requests fit within the grace period; no pod stops before
    its successor is ready."""
    spec = _base_deployment()["spec"]
    assert spec["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    pod = spec["template"]["spec"]
    (container,) = pod["containers"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert "startupProbe" in container
    pre_stop = container["lifecycle"]["preStop"]["sleep"]["seconds"]
    assert pre_stop > 0
    assert pod["terminationGracePeriodSeconds"] > pre_stop + UVICORN_GRACE_SECONDS


def test_liveness_and_startup_probes_use_the_probe_port() -> None:
    """Liveness and startup on the probe port (WAGECALC_PROBE_PORT, answered off the request
    queue, failing when the event loop stalls); readiness on the service's own port; the
    probe port in no Service and opened to no pod by the NetworkPolicy."""
    documents = _render(DEPLOY)
    (deployment,) = _by_kind(documents, "Deployment")
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    env = {e["name"]: e["value"] for e in container["env"]}
    settings = Settings.from_env(env)  # accepted: one worker, a port of its own
    assert settings.probe_port == ports["probe"] != ports["http"]
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "probe"}
    assert container["startupProbe"]["httpGet"] == {"path": "/healthz", "port": "probe"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    # A stalled loop fails the probe well before the kubelet's own timeout.
    assert settings.probe_stall < container["livenessProbe"]["timeoutSeconds"]
    wagecalc = [s for s in _by_kind(documents, "Service") if s["metadata"]["name"] == "wagecalc"]
    assert [p["targetPort"] for s in wagecalc for p in s["spec"]["ports"]] == ["http"]


def test_a_rules_change_rolls_the_pods() -> None:
    """The rules ConfigMap's rendered name carries a content hash, used by the pod template."""
    documents = _render(DEPLOY)
    (config_map,) = _by_kind(documents, "ConfigMap")
    assert config_map["metadata"]["name"].startswith("wagecalc-rules-")
    (deployment,) = _by_kind(documents, "Deployment")
    volumes = deployment["spec"]["template"]["spec"]["volumes"]
    assert {"name": "rules", "configMap": {"name": config_map["metadata"]["name"]}} in volumes
    env = {
        e["name"]: e["value"]
        for e in deployment["spec"]["template"]["spec"]["containers"][0]["env"]
    }
    mounts = deployment["spec"]["template"]["spec"]["containers"][0]["volumeMounts"]
    assert {"name": "rules", "mountPath": env["WAGECALC_RULES"], "readOnly": True} in mounts


def _egress_ports(policy: dict[str, Any]) -> set[tuple[int, str]]:
    return {(p["port"], p["protocol"]) for rule in policy["spec"]["egress"] for p in rule["ports"]}


def _selects(policy: dict[str, Any]) -> str:
    name: str = policy["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/name"]
    return name


def _reaches_the_internet(policy: dict[str, Any]) -> bool:
    return any("ipBlock" in peer for rule in policy["spec"]["egress"] for peer in rule["to"])


def test_egress_is_closed_unless_a_rates_component_opens_it() -> None:
    """The base allows no egress; fresh-rates adds DNS and TCP 443; live-rates lets wagecalc
    reach only DNS and the in-cluster Frankfurter."""
    base = _render(DEPLOY)
    (policy,) = _by_kind(base, "NetworkPolicy")
    assert policy["spec"]["egress"] == []
    assert policy["spec"]["ingress"] == [{"ports": [{"port": "http", "protocol": "TCP"}]}]
    fresh = _by_kind(_render(DEPLOY / "overlays" / "fresh-rates"), "NetworkPolicy")
    (opened,) = [p for p in fresh if p["metadata"]["name"] != "wagecalc"]
    assert _egress_ports(opened) == {(53, "UDP"), (53, "TCP"), (443, "TCP")}
    live = _by_kind(_render(DEPLOY / "overlays" / "live-rates"), "NetworkPolicy")
    (opened,) = [
        p for p in live if _selects(p) == "wagecalc" and p["metadata"]["name"] != "wagecalc"
    ]
    assert _egress_ports(opened) == {(53, "UDP"), (53, "TCP"), (8080, "TCP")}
    assert not _reaches_the_internet(opened)
    (to_frankfurter,) = [r for r in opened["spec"]["egress"] if r["ports"][0]["port"] == 8080]
    assert to_frankfurter["to"] == [
        {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "wagecalc-frankfurter"}}}
    ]


def _live_rates() -> list[dict[str, Any]]:
    return _render(DEPLOY / "overlays" / "live-rates")


def _named(documents: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    (found,) = [d for d in _by_kind(documents, kind) if d["metadata"]["name"] == name]
    return found


def test_live_rates_only_frankfurter_reaches_the_internet() -> None:
    """Of every NetworkPolicy of the live-rates overlay, one opens egress to public
    addresses: Frankfurter's, for DNS, HTTPS and HTTP; it admits only wagecalc's pods."""
    policies = _by_kind(_live_rates(), "NetworkPolicy")
    (outward,) = [p for p in policies if _reaches_the_internet(p)]
    assert _selects(outward) == "wagecalc-frankfurter"
    assert _egress_ports(outward) == {(53, "UDP"), (53, "TCP"), (443, "TCP"), (80, "TCP")}
    private = {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"}
    blocks = [p["ipBlock"] for r in outward["spec"]["egress"] for p in r["to"] if "ipBlock" in p]
    assert private <= set(next(b for b in blocks if b["cidr"] == "0.0.0.0/0")["except"])
    assert outward["spec"]["policyTypes"] == ["Ingress", "Egress"]
    assert outward["spec"]["ingress"] == [
        {
            "from": [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "wagecalc"}}}],
            "ports": [{"port": "http", "protocol": "TCP"}],
        }
    ]
    assert all(_selects(p) in ("wagecalc", "wagecalc-frankfurter") for p in policies)


def test_live_rates_points_wagecalc_at_the_in_cluster_frankfurter() -> None:
    """WAGECALC_LIVE_URL is Frankfurter's v1 API through its Service: the Service's name and
    port, a target port that is Frankfurter's container port, the port wagecalc may reach."""
    documents = _live_rates()
    wagecalc = _named(documents, "Deployment", "wagecalc")
    env = {
        e["name"]: e["value"] for e in wagecalc["spec"]["template"]["spec"]["containers"][0]["env"]
    }
    settings = Settings.from_env(env)
    assert settings.rates_source == "live"
    url = urlsplit(settings.live_url)
    service = _named(documents, "Service", url.hostname or "")
    (port,) = service["spec"]["ports"]
    assert (url.scheme, url.port or 80, url.path) == ("http", port["port"], "/v1/")
    # The same Frankfurter's v2 API, for WAGECALC_RATES_SOURCE=frankfurter.
    v2 = urlsplit(settings.frankfurter_url)
    assert (v2.scheme, v2.hostname, v2.port or 80, v2.path) == (
        "http",
        url.hostname,
        port["port"],
        "/v2/",
    )
    frankfurter = _named(documents, "Deployment", "wagecalc-frankfurter")
    pod = frankfurter["spec"]["template"]["spec"]
    assert service["spec"]["selector"] == frankfurter["spec"]["selector"]["matchLabels"]
    (container,) = pod["containers"]
    (container_port,) = container["ports"]
    assert port["targetPort"] == container_port["name"]
    egress = _named(documents, "NetworkPolicy", "wagecalc-egress-live-rates")
    assert (container_port["containerPort"], "TCP") in _egress_ports(egress)


def test_frankfurter_keeps_its_sqlite_file_on_a_volume() -> None:
    """A pinned upstream image; DATABASE_URL's SQLite file on a claimed volume; one replica,
    recreated (one writer, a ReadWriteOnce volume); the pod locked down like wagecalc's."""
    documents = _live_rates()
    frankfurter = _named(documents, "Deployment", "wagecalc-frankfurter")
    spec = frankfurter["spec"]
    assert (spec["replicas"], spec["strategy"]) == (1, {"type": "Recreate"})
    pod = spec["template"]["spec"]
    (container,) = pod["containers"]
    image, _, tag = container["image"].partition(":")
    assert image == "lineofflight/frankfurter" and Version(tag) >= Version("2.0")
    env = {e["name"]: e["value"] for e in container["env"]}
    database = env["DATABASE_URL"]
    assert database.startswith("sqlite:///")
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    directory = str(Path(database.removeprefix("sqlite://")).parent)
    volume = next(v for v in pod["volumes"] if v["name"] == mounts[directory])
    claim = _named(documents, "PersistentVolumeClaim", volume["persistentVolumeClaim"]["claimName"])
    assert claim["spec"]["accessModes"] == ["ReadWriteOnce"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["fsGroup"] == pod["securityContext"]["runAsUser"]
    assert pod["automountServiceAccountToken"] is False
    assert container["securityContext"]["capabilities"] == {"drop": ["ALL"]}
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert container["readinessProbe"]["httpGet"]["path"] == "/v1/latest"


def test_fresh_rates_refreshes_in_an_init_container() -> None:
    """The init container runs `wagecalc rates update` into the emptyDir the service reads."""
    (deployment,) = _by_kind(_render(DEPLOY / "overlays" / "fresh-rates"), "Deployment")
    pod = deployment["spec"]["template"]["spec"]
    (init,) = pod["initContainers"]
    assert "wagecalc rates update --to /rates/eurofxref-hist.zip" in init["command"][-1]
    assert init["securityContext"]["readOnlyRootFilesystem"] is True
    assert {"name": "rates", "emptyDir": {"sizeLimit": "64Mi"}} in pod["volumes"]
    (container,) = pod["containers"]
    assert {"name": "rates", "mountPath": "/rates", "readOnly": True} in container["volumeMounts"]


def _serve_command(rates_dir: Path, port: int) -> list[str]:
    """The fresh-rates container's command, with /rates at ``rates_dir`` and a test port."""
    (patch,) = _documents(DEPLOY / "components" / "fresh-rates" / "deployment-patch.yaml")
    (container,) = patch["spec"]["template"]["spec"]["containers"]
    command: list[str] = container["command"]
    script = command[-1].replace("/rates/", f"{rates_dir}/")
    script = script.replace("--host 0.0.0.0 --port 8000", f"--host 127.0.0.1 --port {port}")
    return [*command[:-1], script + " --no-access-log"]


@pytest.mark.parametrize("refreshed", [False, True])
def test_the_service_falls_back_to_the_embedded_history(tmp_path: Path, refreshed: bool) -> None:
    """The container's own shell command: the refreshed file when the init container left
    one (here, the embedded history and one more day), the embedded history when not."""
    if refreshed:
        (tmp_path / "eurofxref-hist.zip").write_bytes(NEWER)
    port = free_port()
    env = clean_env(PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    process = subprocess.Popen(
        _serve_command(tmp_path, port),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_ready(port, process)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/readyz")
        body = json.loads(connection.getresponse().read())
        connection.close()
    finally:
        process.terminate()
        process.communicate(timeout=30)
    expected = LAST + dt.timedelta(days=3) if refreshed else LAST
    assert body["rates"]["last_date"] == expected.isoformat()


def test_the_configmap_mount_layout_loads(tmp_path: Path) -> None:
    """A ConfigMap volume holds symlinks into a hidden ..data directory: the loader reads
    the tables through them and ignores the rest."""
    data = tmp_path / "..2026_12_02_00_00_00.000000000"
    data.mkdir()
    for table in (DEPLOY / "base" / "rules").glob("*.toml"):
        shutil.copy(table, data / table.name)
    (tmp_path / "..data").symlink_to(data.name)
    for table in data.iterdir():
        (tmp_path / table.name).symlink_to(Path("..data") / table.name)
    assert "my-minimum-wage-city" in load_rules([tmp_path]).rules


@pytest.mark.parametrize("directory", RENDERED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_wagecalc_container_gets_the_same_tagged_image(directory: Path) -> None:
    """The image setting reaches the init container a component adds, not only the base."""
    deployment = _named(_render(directory), "Deployment", "wagecalc")
    pod = deployment["spec"]["template"]["spec"]
    images = {c["image"] for c in [*pod.get("initContainers", []), *pod["containers"]]}
    assert len(images) == 1
    (image,) = images
    assert image.startswith("wagecalc:") and image != "wagecalc:latest"


def test_the_daily_rollout_may_only_restart_wagecalc() -> None:
    """The CronJob restarts the Deployment after the ECB publishes, on Frankfurt time; its
    account may read and patch that one Deployment and nothing else."""
    documents = _render(DEPLOY / "overlays" / "fresh-rates")
    (cron,) = _by_kind(documents, "CronJob")
    assert cron["spec"]["timeZone"] == "Europe/Berlin"
    assert cron["spec"]["schedule"] == "30 16 * * 1-5"
    pod = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["command"] == ["kubectl", "rollout", "restart", "deployment/wagecalc"]
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    (role,) = _by_kind(documents, "Role")
    assert role["rules"] == [
        {
            "apiGroups": ["apps"],
            "resources": ["deployments"],
            "resourceNames": ["wagecalc"],
            "verbs": ["get", "patch"],
        }
    ]
    (binding,) = _by_kind(documents, "RoleBinding")
    assert binding["subjects"][0]["name"] == pod["serviceAccountName"]
