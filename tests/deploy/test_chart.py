"""The Helm chart, offline: lint and render with the Helm SDK, strict Kubernetes schemas,
checkov, the values schema, and what every service and role must get."""
from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from typing import Any

import helm_python as helm
import kubernetes_validate
import pytest
import yaml

from services import registry
from tests.deploy.conftest import (
    CHART,
    LINT_KUBE_VERSION,
    NAMESPACE,
    RELEASE,
    VALUES_FILES,
    REBUILD_RUN,
    Render,
    dump,
    load_values,
    pod_spec,
)

ALL_ROLES = ("api", "consumer", "relay")
# What each values set must deploy: service -> roles. From the registry of services, not from values.
EXPECTED_ROLES = {service: set(ALL_ROLES) for service in registry.SERVICES} | {
    registry.GATEWAY: set(registry.GATEWAY_ROLES)}
GRPC_PORT, METRICS_PORT, HTTP_PORT = 50051, 9464, 8080
GATEWAY_API = (registry.GATEWAY, "api")
USER_ID = 10001
CONFIG_KEYS = {
    "MINSHENG_NATS_URL", "MINSHENG_TOWNS", "MINSHENG_JWT_ISSUER", "MINSHENG_JWT_AUDIENCE",
    "MINSHENG_MAX_TOKEN_LIFETIME_SECONDS", "MINSHENG_LOG_LEVEL", "MINSHENG_OTLP_ENDPOINT", "MINSHENG_DB_APP_ROLE",
    "MINSHENG_DB_RELAY_ROLE",
}
# Kinds with no schema bundled in kubernetes-validate (Prometheus Operator CRDs): skipped there
# on purpose and checked by test_servicemonitor / test_prometheus_rule below.
CRD_KINDS = {("monitoring.coreos.com/v1", "ServiceMonitor"), ("monitoring.coreos.com/v1", "PrometheusRule")}
KUBE_VERSIONS = ("1.30.0", kubernetes_validate.latest_version())

# The metrics the application exposes (counters with their _total sample suffix, the histogram
# with its series). Rules and dashboards may use no other.
KNOWN_METRICS = {
    "up",
    "minsheng_rpc_requests_total",
    "minsheng_rpc_duration_seconds_bucket", "minsheng_rpc_duration_seconds_sum",
    "minsheng_rpc_duration_seconds_count",
    "minsheng_outbox_backlog", "minsheng_outbox_oldest_age_seconds",
    "minsheng_consumer_lag", "minsheng_consumer_redeliveries_total", "minsheng_dead_letters_total",
    "minsheng_consumer_oldest_awaiting_seconds", "minsheng_consumer_batches_applied_alone_total",
    "minsheng_events_published_total", "minsheng_business_events_total",
    "minsheng_check_last_round_timestamp_seconds", "minsheng_check_failures_total", "minsheng_overdue_items",
    "minsheng_worker_restarts_total",
}
EXPECTED_ALERTS = {
    "MinshengServiceDown", "MinshengTargetDown", "MinshengGrpcErrorRatioHigh",
    "MinshengGrpcLatencyP99High", "MinshengOutboxBacklogGrowing", "MinshengOutboxOldestEventTooOld",
    "MinshengConsumerLagHigh", "MinshengConsumerRedeliveriesHigh", "MinshengEventsAwaitingLong",
    "MinshengDeadLetters", "MinshengFilingRefused",
    "MinshengScheduledCheckStalled", "MinshengScheduledCheckFailing", "MinshengWorkerRestarting",
}

# checkov checks the chart may skip (with a `checkov.io/skipN: ID=reason` annotation on the
# resource). Why each is acceptable:
ALLOWED_CHECKOV_SKIPS = {
    # Secrets as env vars instead of files: the processes are configured from the environment
    # only (MINSHENG_DATABASE_URL, MINSHENG_JWT_PUBLIC_KEY, MINSHENG_PAGE_TOKEN_KEY, extraSecretEnv);
    # the values come from existing Secrets by reference, never from the chart.
    "CKV_K8S_35",
    # Image not pinned by digest: rendered only while image.digest is empty (release tags are
    # immutable); setting image.digest removes the skip (test_image_digest_and_pull_policy).
    "CKV_K8S_43",
    # pullPolicy not Always: rendered only while image.pullPolicy is not Always.
    "CKV_K8S_15",
}


def name_of(service: str, role: str) -> str:
    return f"{RELEASE}-{service}-{role}"


def selector_matches(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    assert set(selector) <= {"matchLabels"}, f"unexpected selector form {selector}"
    match = selector.get("matchLabels") or {}
    assert match, "an empty selector selects everything"
    return all(labels.get(k) == v for k, v in match.items())


def pod_labels(workload: dict[str, Any]) -> dict[str, str]:
    return workload["spec"]["template"]["metadata"]["labels"]


def container(workload: dict[str, Any]) -> dict[str, Any]:
    containers = pod_spec(workload)["containers"]
    assert len(containers) == 1, "one process per pod"
    return containers[0]


def env_of(c: dict[str, Any]) -> dict[str, dict[str, Any]]:
    names = [e["name"] for e in c.get("env", [])]
    assert len(names) == len(set(names)), f"duplicate env vars: {names}"
    return {e["name"]: e for e in c.get("env", [])}


def secret_ref(env: dict[str, dict[str, Any]], name: str) -> tuple[str, str]:
    assert name in env, f"{name} missing"
    ref = env[name].get("valueFrom", {}).get("secretKeyRef")
    assert ref and "value" not in env[name], f"{name} must come from a Secret: {env[name]}"
    return ref["name"], ref["key"]


def hook_annotations(doc: dict[str, Any]) -> tuple[set[str], set[str], int]:
    ann = doc["metadata"].get("annotations") or {}
    hooks = {h.strip() for h in ann.get("helm.sh/hook", "").split(",") if h.strip()}
    policy = {p.strip() for p in ann.get("helm.sh/hook-delete-policy", "").split(",") if p.strip()}
    return hooks, policy, int(ann.get("helm.sh/hook-weight", "0"))


# ----------------------------------------------------------------------------- lint / render

@pytest.mark.parametrize("values_name", list(VALUES_FILES))
def test_helm_lint_passes(values_name):
    report = helm.lint(CHART, load_values(values_name), strict=True, namespace=NAMESPACE,
                       kube_version=LINT_KUBE_VERSION)
    problems = [m for m in report["messages"] if m["severity"] >= 2]
    assert not report["errors"] and not problems, dump(report)
    assert report["total_charts_linted"] == 1


def test_the_charts_services_are_the_registrys():
    values = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    assert [s for s in values["services"] if s != registry.GATEWAY] == list(registry.SERVICES)
    assert values["services"][registry.GATEWAY]["callsApis"] is True


def test_renders_expected_workloads(rendered: Render):
    deployments = {d["metadata"]["name"] for d in rendered.kind("Deployment")}
    expected = {name_of(s, r) for s, roles in EXPECTED_ROLES.items() for r in roles}
    assert deployments == expected
    jobs = {j["metadata"]["name"] for j in rendered.kind("Job")}
    assert jobs == {name_of(s, "migrate") for s in EXPECTED_ROLES}
    for doc in rendered.docs:
        assert doc["metadata"].get("namespace") == NAMESPACE, f"{doc['kind']} {doc['metadata']['name']}"
        assert doc["metadata"]["labels"]["app.kubernetes.io/instance"] == RELEASE


@pytest.mark.parametrize("version", KUBE_VERSIONS)
def test_manifests_valid_for_kubernetes(rendered: Render, version):
    validated = 0
    for doc in rendered.docs:
        if (doc["apiVersion"], doc["kind"]) in CRD_KINDS:
            continue
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{doc['kind']} {doc['metadata']['name']} invalid for {version}: {exc.message} at "
                        f"{list(exc.path)}")
        validated += 1
    assert validated >= 40


def test_strict_validation_catches_unknown_fields(renders):
    deployment = copy.deepcopy(renders["default"].kind("Deployment")[0])
    container(deployment)["readinesProbe"] = {"grpc": {"port": GRPC_PORT}}  # misspelt
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBE_VERSIONS[0], strict=True)


# ------------------------------------------------------------------ every service and role

def test_every_role_is_hardened_and_probed(rendered: Render):
    config_map = rendered.get("ConfigMap", f"{RELEASE}-config")
    for service, roles in EXPECTED_ROLES.items():
        for role in roles:
            where = f"{rendered.name}: {service} {role}"
            d = rendered.get("Deployment", name_of(service, role))
            spec, c = pod_spec(d), container(d)

            assert c["args"] == [f"services.{service}", role], where
            assert "command" not in c, "the image's ENTRYPOINT is python -m"
            ports = {p["name"]: p["containerPort"] for p in c["ports"]}
            http = {"http": HTTP_PORT} if (service, role) == GATEWAY_API else {}
            assert ports == {"grpc": GRPC_PORT, "metrics": METRICS_PORT} | http, where

            for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
                assert set(c[probe]) & {"grpc", "httpGet", "tcpSocket", "exec"} == {"grpc"}, (where, probe)
                assert c[probe]["grpc"]["port"] == GRPC_PORT, (where, probe)

            res = c["resources"]
            for kind in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(res.get(kind, {})), (where, res)

            psc = spec["securityContext"]
            assert psc["runAsNonRoot"] is True and psc["runAsUser"] == USER_ID, where
            assert psc["seccompProfile"]["type"] == "RuntimeDefault", where
            sc = c["securityContext"]
            assert sc["runAsNonRoot"] is True and sc["runAsUser"] == USER_ID, where
            assert sc["readOnlyRootFilesystem"] is True, where
            assert sc["allowPrivilegeEscalation"] is False, where
            assert sc["capabilities"] == {"drop": ["ALL"]}, where
            assert sc["seccompProfile"]["type"] == "RuntimeDefault", where
            assert sc.get("privileged", False) is False, where

            volumes = {v["name"]: v for v in spec["volumes"]}
            mounts = {m["mountPath"]: m["name"] for m in c["volumeMounts"]}
            assert "emptyDir" in volumes[mounts["/tmp"]], f"{where}: /tmp must be an emptyDir"

            assert spec["automountServiceAccountToken"] is False, where
            sa = rendered.get("ServiceAccount", spec["serviceAccountName"])
            assert sa["automountServiceAccountToken"] is False, where
            assert 25 <= spec["terminationGracePeriodSeconds"] <= 60, where

            env = env_of(c)
            db_key = "relay-database-url" if role == "relay" else "app-database-url"
            assert secret_ref(env, "MINSHENG_DATABASE_URL") == (f"minsheng-{service}-db", db_key), where
            if role == "api":
                assert secret_ref(env, "MINSHENG_JWT_PUBLIC_KEY") == ("minsheng-jwt", "jwt-public-key")
                assert secret_ref(env, "MINSHENG_PAGE_TOKEN_KEY") == ("minsheng-page-tokens", "page-token-key")
            else:
                assert "MINSHENG_PAGE_TOKEN_KEY" not in env, where
            key = "MINSHENG_VOTING_SIGNING_KEY"
            if (service, role) == ("voting", "api"):
                assert secret_ref(env, key)[0] == "minsheng-voting-keys"
            else:  # least privilege: only the voting api holds the signing key
                assert key not in env, where
            assert not any("KEY_ENCRYPTION" in name for name in env), where  # no key opens a ballot
            if (service, role) == ("district", "consumer"):  # it verifies the towns' filings
                assert secret_ref(env, "MINSHENG_DISTRICT_TOWN_KEYS") == ("minsheng-district-keys", "town-keys")
            else:
                assert "MINSHENG_DISTRICT_TOWN_KEYS" not in env, where
            if service == "gateway" and role in ("api", "consumer"):  # both sign deliveries' secrets
                assert secret_ref(env, "MINSHENG_GATEWAY_SUBSCRIPTION_KEY") == ("minsheng-gateway-keys", "subscription-key")
            for name, entry in env.items():
                if re.search(r"KEY|SECRET|PASSWORD|TOKEN|DATABASE_URL", name) and name != "MINSHENG_NATS_CREDS":
                    secret_ref(env, name)
            assert c["envFrom"] == [{"configMapRef": {"name": config_map["metadata"]["name"]}}], where
            assert "checksum/config" in d["spec"]["template"]["metadata"]["annotations"], where


def test_config_map_holds_the_chart_wide_settings(rendered: Render):
    data = rendered.get("ConfigMap", f"{RELEASE}-config")["data"]
    assert set(data) == CONFIG_KEYS
    assert json.loads(data["MINSHENG_TOWNS"]) == rendered.merged["towns"]
    assert all(isinstance(v, str) for v in data.values())
    assert data["MINSHENG_NATS_URL"] == rendered.merged["nats"]["url"]


def test_no_town_in_any_template(renders):
    town_words = {t[k] for r in renders.values() for t in r.merged["towns"] for k in ("id", "name")}
    for template in sorted((CHART / "templates").rglob("*")):
        if template.is_file():
            text = template.read_text(encoding="utf-8")
            assert not [w for w in town_words if w in text], f"{template.name} names a town"


def test_services_select_their_pods(rendered: Render):
    for service, roles in EXPECTED_ROLES.items():
        for role in roles:
            d = rendered.get("Deployment", name_of(service, role))
            svc = rendered.get("Service", name_of(service, role))
            assert selector_matches({"matchLabels": svc["spec"]["selector"]}, pod_labels(d))
            ports = {p["name"]: (p["port"], p["targetPort"]) for p in svc["spec"]["ports"]}
            if role == "api":
                assert svc["spec"].get("clusterIP") != "None"
                http = {"http": (HTTP_PORT, "http")} if (service, role) == GATEWAY_API else {}
                assert ports == {"grpc": (GRPC_PORT, "grpc"), "metrics": (METRICS_PORT, "metrics")} | http
            else:  # consumers and relays serve no API: a headless Service for metrics discovery
                assert svc["spec"]["clusterIP"] == "None"
                assert ports == {"metrics": (METRICS_PORT, "metrics")}
            assert selector_matches(d["spec"]["selector"], pod_labels(d))
            # No other Deployment's pods are selected by this one's selector.
            for other in rendered.kind("Deployment"):
                if other is not d:
                    assert not selector_matches(d["spec"]["selector"], pod_labels(other))


def pod_labels_selector(rendered: Render, service_role: tuple[str, str]) -> dict[str, str]:
    return rendered.get("Deployment", name_of(*service_role))["spec"]["selector"]["matchLabels"]


def test_the_gateway_serves_http_and_reaches_every_api(rendered: Render, render_values):
    env = env_of(container(rendered.get("Deployment", name_of(*GATEWAY_API))))
    assert env["MINSHENG_HTTP_PORT"]["value"] == str(HTTP_PORT)
    assert json.loads(env["MINSHENG_GATEWAY_TARGETS"]["value"]) == {
        s: f"{name_of(s, 'api')}:{GRPC_PORT}" for s in registry.SERVICES}
    for service in registry.SERVICES:  # its targets are Services that select the apis' pods
        rendered.get("Service", name_of(service, "api"))
    assert "MINSHENG_GATEWAY_TARGETS" not in env_of(container(rendered.get("Deployment", name_of("gateway", "consumer"))))
    fewer = render_values({"services": {"review": {"enabled": False}, "voting": {"roles": {"api": {"enabled": False}}}}})
    targets = env_of(container(fewer.get("Deployment", name_of(*GATEWAY_API))))["MINSHENG_GATEWAY_TARGETS"]
    assert json.loads(targets["value"]) == {
        s: f"{name_of(s, 'api')}:{GRPC_PORT}" for s in registry.SERVICES if s not in ("review", "voting")}


def _peers(rules: list[dict[str, Any]], port: int) -> list[dict[str, Any]]:
    return [peer for rule in rules if any(p["port"] == port for p in rule.get("ports", []))
            for peer in rule.get("from", rule.get("to", []))]


def test_network_policies_restrict_each_workload(rendered: Render):
    np_values = rendered.merged["networkPolicy"]
    policies = rendered.kind("NetworkPolicy")
    workloads = rendered.kind("Deployment") + rendered.kind("Job")
    for w in workloads:
        labels = pod_labels(w)
        selecting = [p for p in policies if selector_matches(p["spec"]["podSelector"], labels)]
        where = f"{rendered.name}: {w['kind']} {w['metadata']['name']}"
        assert len(selecting) == 1, f"{where}: {len(selecting)} NetworkPolicies select it"
        spec = selecting[0]["spec"]
        assert set(spec["policyTypes"]) == {"Ingress", "Egress"}, where
        ingress, egress = spec.get("ingress") or [], spec.get("egress") or []
        for rule in ingress:
            assert rule.get("from") and rule.get("ports"), f"{where}: an ingress rule open to all: {rule}"
        for rule in egress:
            assert rule.get("to") and rule.get("ports"), f"{where}: an egress rule open to all: {rule}"

        role, service = labels["app.kubernetes.io/component"], labels["minsheng/service"]
        gateway = (service, role) == GATEWAY_API
        ingress_ports = {p["port"] for rule in ingress for p in rule["ports"]}
        if w["kind"] == "Job":
            assert ingress_ports == set(), where
        elif role == "api":
            assert ingress_ports == {GRPC_PORT, METRICS_PORT} | ({HTTP_PORT} if gateway else set()), where
            # Other services' apis let the gateway in; the gateway calls its own on the loopback.
            callers = [] if gateway else [{"podSelector": {"matchLabels": pod_labels_selector(rendered, GATEWAY_API)}}]
            assert _peers(ingress, GRPC_PORT) == np_values["api"]["from"] + callers, where
            if gateway:
                assert _peers(ingress, HTTP_PORT) == np_values["http"]["from"], where
        else:
            assert ingress_ports == {METRICS_PORT}, where
        if w["kind"] != "Job":
            assert _peers(ingress, METRICS_PORT) == np_values["metrics"]["from"], where

        egress_ports = {(p["port"], p.get("protocol", "TCP")) for rule in egress for p in rule["ports"]}
        allowed = {(53, "UDP"), (53, "TCP"), (5432, "TCP")} | ({(4222, "TCP")} if w["kind"] != "Job" else set())
        if w["kind"] != "Job":  # the gateway reaches every api, and its deliveries the subscribers
            allowed |= {GATEWAY_API: {(GRPC_PORT, "TCP")}, (registry.GATEWAY, "consumer"): {(443, "TCP")}}.get(
                (service, role), set())
        assert egress_ports == allowed, f"{where}: egress {egress_ports}"
        assert _peers(egress, 5432) == np_values["postgresql"]["to"], where
        if w["kind"] != "Job":
            assert _peers(egress, 4222) == np_values["nats"]["to"], where


@pytest.mark.parametrize("values_name, hpa_roles, pdb_roles", [
    ("default", {"api", "consumer"}, set(ALL_ROLES)),
    ("dev", set(), set()),
    ("production", {"api", "consumer"}, set(ALL_ROLES)),
])
def test_autoscalers_and_disruption_budgets(renders, values_name, hpa_roles, pdb_roles):
    rendered = renders[values_name]
    for service, roles in EXPECTED_ROLES.items():
        for role in roles:
            name = name_of(service, role)
            d = rendered.get("Deployment", name)
            hpa, pdb = rendered.find("HorizontalPodAutoscaler", name), rendered.find("PodDisruptionBudget", name)
            if role in hpa_roles:
                assert hpa, f"{values_name}: no HPA for {name}"
                assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": name}
                assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
                assert "replicas" not in d["spec"], "the HPA owns replicas"
            else:
                assert hpa is None, f"{values_name}: unexpected HPA for {name}"
                assert d["spec"]["replicas"] >= 1
            if role in pdb_roles:
                assert pdb, f"{values_name}: no PDB for {name}"
                assert selector_matches(pdb["spec"]["selector"], pod_labels(d))
                assert ("minAvailable" in pdb["spec"]) != ("maxUnavailable" in pdb["spec"])
            else:
                assert pdb is None, f"{values_name}: unexpected PDB for {name}"
    assert len(rendered.kind("HorizontalPodAutoscaler")) == len(hpa_roles) * len(EXPECTED_ROLES)


def test_dev_is_minimal(renders):
    dev = renders["dev"]
    for d in dev.kind("Deployment"):
        assert d["spec"]["replicas"] == 1, d["metadata"]["name"]
    assert not [d for d in dev.docs if d["apiVersion"].startswith("monitoring.coreos.com")]


def test_production_is_highly_available(renders):
    prod = renders["production"]
    for service in EXPECTED_ROLES:
        api = name_of(service, "api")
        assert prod.get("HorizontalPodAutoscaler", api)["spec"]["minReplicas"] >= 3
        assert prod.get("PodDisruptionBudget", api)["spec"]["minAvailable"] == 2
        for role in EXPECTED_ROLES[service]:
            d = prod.get("Deployment", name_of(service, role))
            spec = pod_spec(d)
            anti = spec["affinity"]["podAntiAffinity"]
            terms = anti.get("preferredDuringSchedulingIgnoredDuringExecution", [])
            selectors = [t["podAffinityTerm"]["labelSelector"] for t in terms] + \
                [t["labelSelector"] for t in anti.get("requiredDuringSchedulingIgnoredDuringExecution", [])]
            assert selectors and all(selector_matches(s, pod_labels(d)) for s in selectors)
            if role == "api":
                spread = spec["topologySpreadConstraints"]
                assert {c["topologyKey"] for c in spread} >= {"kubernetes.io/hostname", "topology.kubernetes.io/zone"}
                assert all(selector_matches(c["labelSelector"], pod_labels(d)) for c in spread)


# ------------------------------------------------------------------------------- migrations

def test_migration_jobs_are_pre_install_and_pre_upgrade_hooks(rendered: Render):
    for service in EXPECTED_ROLES:
        name = name_of(service, "migrate")
        job = rendered.get("Job", name)
        hooks, policy, job_weight = hook_annotations(job)
        assert hooks == {"pre-install", "pre-upgrade"}
        assert "before-hook-creation" in policy
        c = container(job)
        assert c["args"] == [f"services.{service}", "migrate"]
        spec = pod_spec(job)
        assert spec["restartPolicy"] == "Never"
        assert job["spec"]["backoffLimit"] >= 0 and job["spec"]["activeDeadlineSeconds"] > 0
        env = env_of(c)
        assert secret_ref(env, "MINSHENG_DATABASE_URL") == (f"minsheng-{service}-db", "owner-database-url")
        # The ConfigMap does not exist yet before the first install: the settings are inline.
        assert CONFIG_KEYS <= set(env) and "envFrom" not in c
        assert "MINSHENG_JWT_PUBLIC_KEY" not in env
        assert c["securityContext"]["readOnlyRootFilesystem"] is True
        assert c["securityContext"]["allowPrivilegeEscalation"] is False
        assert spec["securityContext"]["runAsUser"] == USER_ID
        assert {"cpu", "memory"} <= set(c["resources"]["limits"])
        # Its ServiceAccount and NetworkPolicy must exist before it: hooks too, lower weight.
        sa = rendered.get("ServiceAccount", spec["serviceAccountName"])
        np = rendered.get("NetworkPolicy", name)
        for dep in (sa, np):
            dep_hooks, _, dep_weight = hook_annotations(dep)
            assert dep_hooks == hooks and dep_weight < job_weight, dep["kind"]
        assert sa["automountServiceAccountToken"] is False


# ------------------------------------------------------------------------------- monitoring

def test_monitoring_objects_follow_their_switches(renders, render_values):
    for name in ("default", "dev"):
        kinds = {d["kind"] for d in renders[name].docs}
        assert not kinds & {"ServiceMonitor", "PrometheusRule"}, name
        assert not [c for c in renders[name].kind("ConfigMap") if "grafana_dashboard" in c["metadata"]["labels"]]
    prod = renders["production"]
    assert len(prod.kind("ServiceMonitor")) == 1 and len(prod.kind("PrometheusRule")) == 1
    assert [c for c in prod.kind("ConfigMap") if c["metadata"]["labels"].get("grafana_dashboard") == "1"]
    only_rules = render_values({"monitoring": {"prometheusRule": {"enabled": True}}})
    assert {d["kind"] for d in only_rules.docs} & {"ServiceMonitor", "PrometheusRule"} == {"PrometheusRule"}


def test_servicemonitor_scrapes_every_role(renders):
    prod = renders["production"]
    sm = prod.kind("ServiceMonitor")[0]
    assert sm["metadata"]["labels"].get("release") == "kube-prometheus-stack"
    assert set(sm["spec"]) <= {"selector", "namespaceSelector", "endpoints", "jobLabel", "targetLabels"}
    assert sm["spec"]["namespaceSelector"] == {"matchNames": [NAMESPACE]}
    (endpoint,) = sm["spec"]["endpoints"]
    assert endpoint["port"] == "metrics" and endpoint["path"] == "/metrics"
    assert re.fullmatch(r"\d+[smh]", endpoint["interval"])
    selected = [s for s in prod.kind("Service") if selector_matches(sm["spec"]["selector"], s["metadata"]["labels"])]
    assert {s["metadata"]["name"] for s in selected} == {d["metadata"]["name"] for d in prod.kind("Deployment")}
    for s in selected:
        assert "metrics" in {p["name"] for p in s["spec"]["ports"]}
    # `service` and `role` target labels come from pod labels that the pods really carry.
    pod_label_keys = set(pod_labels(prod.kind("Deployment")[0]))
    sanitized = {re.sub(r"[^a-zA-Z0-9_]", "_", k): k for k in pod_label_keys}
    targets = {}
    for relabel in endpoint["relabelings"]:
        (source,) = relabel["sourceLabels"]
        assert source.startswith("__meta_kubernetes_pod_label_")
        assert source.removeprefix("__meta_kubernetes_pod_label_") in sanitized, source
        targets[relabel["targetLabel"]] = sanitized[source.removeprefix("__meta_kubernetes_pod_label_")]
    assert targets == {"service": "minsheng/service", "role": "app.kubernetes.io/component"}


def _metric_names(expr: str) -> set[str]:
    without_strings = re.sub(r'"[^"]*"', '""', expr)
    without_ranges = re.sub(r"\[[^\]]*\]", "", without_strings)
    without_matchers = re.sub(r"\{[^}]*\}", "{}", without_ranges)
    words = set(re.findall(r"\b[a-zA-Z_:][a-zA-Z0-9_:]*\b(?=\s*\{)", without_matchers))
    bare = set(re.findall(r"\bminsheng_[a-z0-9_]+\b", without_matchers))
    return words | bare


def _balanced(expr: str) -> bool:
    stack, pairs = [], {")": "(", "]": "[", "}": "{"}
    for ch in re.sub(r'"[^"]*"', '""', expr):
        if ch in "([{":
            stack.append(ch)
        elif ch in pairs and (not stack or stack.pop() != pairs[ch]):
            return False
    return not stack


def test_prometheus_rule_alerts(renders):
    prod = renders["production"]
    rule = prod.kind("PrometheusRule")[0]
    assert rule["metadata"]["labels"].get("release") == "kube-prometheus-stack"
    alerts = [r for g in rule["spec"]["groups"] for r in g["rules"]]
    assert {a["alert"] for a in alerts} == EXPECTED_ALERTS
    for group in rule["spec"]["groups"]:
        assert set(group) == {"name", "rules"} and group["rules"]
    for a in alerts:
        assert set(a) == {"alert", "expr", "for", "labels", "annotations"}, a["alert"]
        assert re.fullmatch(r"\d+[smh]", a["for"]), a
        assert a["labels"]["severity"] in {"warning", "critical"}
        assert {"summary", "description"} <= set(a["annotations"])
        assert _balanced(a["expr"]), a["expr"]
        used = _metric_names(a["expr"])
        assert used and used <= KNOWN_METRICS, (a["alert"], used - KNOWN_METRICS)
        assert f'namespace="{NAMESPACE}"' in a["expr"], "rules are scoped to the release's namespace"
        for text in a["annotations"].values():
            assert "{{" not in text or "$labels" in text or "$value" in text
    down = {(a["labels"]["service"], a["labels"]["role"]) for a in alerts if a["alert"] == "MinshengServiceDown"}
    assert down == {(s, r) for s, roles in EXPECTED_ROLES.items() for r in roles}
    by_name = {a["alert"]: a["expr"] for a in alerts}
    assert "minsheng_outbox_oldest_age_seconds" in by_name["MinshengOutboxOldestEventTooOld"]
    assert "minsheng_consumer_lag" in by_name["MinshengConsumerLagHigh"]
    assert "minsheng_dead_letters_total" in by_name["MinshengDeadLetters"]
    assert "minsheng_consumer_oldest_awaiting_seconds" in by_name["MinshengEventsAwaitingLong"]
    assert 'event_type="filing_refused"' in by_name["MinshengFilingRefused"]
    assert "histogram_quantile(0.99" in by_name["MinshengGrpcLatencyP99High"]
    assert "minsheng_check_last_round_timestamp_seconds" in by_name["MinshengScheduledCheckStalled"]


def test_prometheus_rules_pass_promtool(renders, tmp_path):
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool not installed (Debian package `prometheus`); structure checked above")
    rule = renders["production"].kind("PrometheusRule")[0]
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump({"groups": rule["spec"]["groups"]}, allow_unicode=True))
    result = subprocess.run([promtool, "check", "rules", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr

    # Unit test of the availability alert: the collection api is down (up == 0), the voting
    # relay has no target at all, every other role is up.
    down = {("collection", "api"), ("voting", "relay")}
    series = [{"series": f'up{{namespace="{NAMESPACE}", job="{name_of(s, r)}", service="{s}", role="{r}", '
                         f'pod="{name_of(s, r)}-0"}}',
               "values": ("0" if (s, r) == ("collection", "api") else "1") + "x20"}
              for s, roles in EXPECTED_ROLES.items() for r in sorted(roles) if (s, r) != ("voting", "relay")]
    service_down = {(a["labels"]["service"], a["labels"]["role"]): a
                    for g in rule["spec"]["groups"] for a in g["rules"] if a["alert"] == "MinshengServiceDown"}
    expected = [{"exp_labels": service_down[key]["labels"], "exp_annotations": service_down[key]["annotations"]}
                for key in sorted(down)]
    tests = {"rule_files": [path.name], "evaluation_interval": "1m", "tests": [{
        "interval": "1m", "input_series": series,
        "alert_rule_test": [{"eval_time": "10m", "alertname": "MinshengServiceDown", "exp_alerts": expected},
                            {"eval_time": "3m", "alertname": "MinshengServiceDown", "exp_alerts": []}],
    }]}
    test_file = tmp_path / "rules_test.yaml"
    test_file.write_text(yaml.safe_dump(tests, allow_unicode=True))
    result = subprocess.run([promtool, "test", "rules", test_file.name], capture_output=True, text=True,
                            timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dashboards_use_known_metrics(renders):
    dashboards = [c for c in renders["production"].kind("ConfigMap") if "grafana_dashboard" in c["metadata"]["labels"]]
    files = sorted((CHART / "dashboards").glob("*.json"))
    assert files and len(dashboards) == len(files)
    uids = set()
    for cm in dashboards:
        for filename, text in cm["data"].items():
            dash = json.loads(text)
            assert dash["uid"] not in uids
            uids.add(dash["uid"])
            exprs = [t["expr"] for p in dash["panels"] for t in p.get("targets", [])]
            assert len(exprs) >= 8, filename
            used = set().union(*(_metric_names(e) for e in exprs))
            assert used <= KNOWN_METRICS, used - KNOWN_METRICS
            assert {"minsheng_rpc_requests_total", "minsheng_outbox_backlog", "minsheng_consumer_lag",
                    "minsheng_dead_letters_total"} <= used
            assert all(_balanced(e) for e in exprs)


# ----------------------------------------------------------------------- values and schema

BAD_VALUES = {
    "unknown top-level key": "replicaCount: 3\n",
    "unknown key in a service": "services:\n  collection:\n    replicas: 2\n",
    "unknown key in a role": "services:\n  collection:\n    roles:\n      api:\n        replica: 2\n",
    "replicas not an integer": "services:\n  collection:\n    roles:\n      api:\n        replicas: three\n",
    "default replicas not an integer": "roleDefaults:\n  api:\n    replicas: \"3\"\n",
    "unknown role": "services:\n  collection:\n    roles:\n      worker: {}\n",
    "autoscaling a relay": "services:\n  collection:\n    roles:\n      relay:\n        autoscaling: {enabled: true}\n",
    "town without a name": "towns:\n  - id: xihu\n",
    "town id with spaces": "towns:\n  - {id: 'xi hu', name: 西湖镇}\n",
    "no towns": "towns: []\n",
    "secret env without key": "services:\n  voting:\n    extraSecretEnv:\n      - {name: X, secretName: s}\n",
    "open api ingress": "networkPolicy:\n  api:\n    from: []\n",
    "open http ingress": "networkPolicy:\n  http:\n    from: []\n",
    "http port not a port": "services:\n  gateway:\n    http: {port: 80000}\n",
    "egress rule without peers": "services:\n  gateway:\n    roles:\n      consumer:\n        extraEgress: [{ports: [{port: 443}]}]\n",
    "unknown key in a peer": "networkPolicy:\n  api:\n    from:\n      - namespaceLabels: {a: b}\n",
    "bad service name": "services:\n  Collection_2:\n    enabled: true\n    roles: {api: {}}\n",
    "root user": "podSecurityContext: {runAsUser: 0, runAsGroup: 0, fsGroup: 0}\n",
    "log level": "logLevel: verbose\n",
    "monitoring switch not a boolean": "monitoring:\n  serviceMonitor:\n    enabled: 'yes'\n",
    "resources without limits": "roleDefaults:\n  api:\n    resources: {requests: {cpu: 1, memory: 1Gi}, limits: null}\n",
}


@pytest.mark.parametrize("case", list(BAD_VALUES))
def test_bad_values_are_rejected(chart, tmp_path, case):
    path = tmp_path / "bad-values.yaml"
    path.write_text(BAD_VALUES[case], encoding="utf-8")
    values = helm.values_from_yaml(path.read_text(encoding="utf-8"))
    with pytest.raises(helm.HelmValuesError, match="schema"):
        chart.render(values, name=RELEASE, namespace=NAMESPACE)
    report = helm.lint(CHART, values, namespace=NAMESPACE, kube_version=LINT_KUBE_VERSION)
    assert report["errors"], f"lint accepted {case}"


def _walk(schema: dict[str, Any], path: str):
    yield path, schema
    for key in ("properties", "definitions"):
        for name, sub in (schema.get(key) or {}).items():
            yield from _walk(sub, f"{path}.{name}")
    for key in ("items", "additionalProperties", "propertyNames"):
        if isinstance(schema.get(key), dict):
            yield from _walk(schema[key], f"{path}[{key}]")
    for key in ("anyOf", "oneOf", "allOf"):
        for i, sub in enumerate(schema.get(key) or []):
            yield from _walk(sub, f"{path}<{key}{i}>")


def test_schema_is_strict_at_every_level(chart):
    schema = chart.schema
    assert schema is not None
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    checked = 0
    for path, sub in _walk(schema, "$"):
        checked += 1
        if "$ref" in sub:
            assert set(sub) <= {"$ref", "description"}, f"{path}: siblings of $ref are ignored in draft-07"
            continue
        assert {"type", "anyOf", "oneOf", "enum"} & set(sub), f"{path}: untyped"
        if sub.get("type") == "object":
            extra = sub.get("additionalProperties")
            assert extra is False or isinstance(extra, dict), f"{path}: additionalProperties must be false or typed"
            if isinstance(extra, dict):
                assert "type" in extra or "$ref" in extra, f"{path}: map values must be typed"
    assert checked > 100


def test_values_files_pass_the_schema(chart):
    for name in VALUES_FILES:
        chart.validate_schema(load_values(name))


# -------------------------------------------------------------------- the district's rebuild

REBUILD = f"{RELEASE}-district-rebuild-{REBUILD_RUN}"


def test_the_rebuild_job_is_rendered_only_when_asked_for(renders, rebuild_render):
    for render in renders.values():
        assert not [d for d in render.docs if d["metadata"]["labels"].get("app.kubernetes.io/component") == "rebuild"]
    job = rebuild_render.get("Job", REBUILD)
    assert container(job)["args"] == ["services.district", "rebuild"]
    assert pod_spec(job)["restartPolicy"] == "Never" and "hook" not in str(job["metadata"].get("annotations"))
    for kind in ("ServiceAccount", "NetworkPolicy"):
        assert rebuild_render.get(kind, REBUILD)
    notes = next(text for path, text in rebuild_render.files.items() if path.endswith("NOTES.txt"))
    assert f"logs -f job/{REBUILD}" in notes


def test_the_rebuild_job_runs_as_the_district_consumer(rebuild_render):
    job = rebuild_render.get("Job", REBUILD)
    consumer = rebuild_render.get("Deployment", name_of("district", "consumer"))
    mine, theirs = container(job), container(consumer)
    for key in ("image", "imagePullPolicy", "envFrom", "env", "resources", "securityContext", "volumeMounts"):
        assert mine[key] == theirs[key], key
    for key in ("securityContext", "volumes", "automountServiceAccountToken"):
        assert pod_spec(job)[key] == pod_spec(consumer)[key], key
    assert "MINSHENG_DISTRICT_TOWN_KEYS" in env_of(mine)


@pytest.mark.parametrize("version", KUBE_VERSIONS)
def test_the_rebuild_job_is_valid_and_fenced(rebuild_render, version):
    ours = [d for d in rebuild_render.docs if d["metadata"]["labels"].get("app.kubernetes.io/component") == "rebuild"]
    assert {d["kind"] for d in ours} == {"Job", "ServiceAccount", "NetworkPolicy"}
    for doc in ours:
        kubernetes_validate.validate(doc, version, strict=True)
    policy = rebuild_render.get("NetworkPolicy", REBUILD)["spec"]
    assert selector_matches(policy["podSelector"], pod_labels(rebuild_render.get("Job", REBUILD)))
    assert policy["ingress"] == []
    ports = {p["port"] for rule in policy["egress"] for p in rule["ports"]}
    assert ports == {53, 5432, 4222}


def test_a_rebuild_run_id_must_name_a_job(chart):
    for bad in ("Run 1", "-x", "a" * 23):
        with pytest.raises(helm.HelmValuesError, match="schema"):
            chart.render({"district": {"rebuild": {"run": bad}}}, name=RELEASE, namespace=NAMESPACE)


# ---------------------------------------------------------------------- extending by values

def test_a_new_service_needs_only_a_values_entry(render_values):
    r = render_values({"services": {"budget": {"enabled": True, "roles": {"api": {}, "consumer": {}}}}})
    for role in ("api", "consumer"):
        d = r.get("Deployment", name_of("budget", role))
        assert container(d)["args"] == ["services.budget", role]
        assert secret_ref(env_of(container(d)), "MINSHENG_DATABASE_URL") == ("minsheng-budget-db", "app-database-url")
        for kind in ("Service", "ServiceAccount", "NetworkPolicy", "HorizontalPodAutoscaler", "PodDisruptionBudget"):
            r.get(kind, name_of("budget", role))
    assert r.find("Deployment", name_of("budget", "relay")) is None
    r.get("Job", name_of("budget", "migrate"))


def test_roles_and_services_can_be_switched_off(render_values):
    r = render_values({"services": {
        "collection": {"roles": {"relay": {"enabled": False}, "api": {"pdb": {"enabled": False},
                                                                      "autoscaling": {"enabled": False},
                                                                      "replicas": 4}}},
        "review": {"enabled": False},
        "voting": {"migration": {"enabled": False}},
    }})
    assert r.find("Deployment", name_of("collection", "relay")) is None
    assert r.find("PodDisruptionBudget", name_of("collection", "api")) is None
    assert r.find("HorizontalPodAutoscaler", name_of("collection", "api")) is None
    assert r.get("Deployment", name_of("collection", "api"))["spec"]["replicas"] == 4
    assert r.get("PodDisruptionBudget", name_of("collection", "consumer"))
    assert not [d for d in r.docs if d["metadata"]["name"].startswith(f"{RELEASE}-review-")]
    assert r.find("Job", name_of("voting", "migrate")) is None
    assert r.get("Job", name_of("collection", "migrate"))


def test_extra_secret_env_goes_only_to_the_roles_named(render_values):
    r = render_values({"services": {"voting": {"extraSecretEnv": [
        {"name": "MINSHENG_VOTING_SIGNING_KEY", "secretName": "keys", "key": "signing", "roles": ["api"]},
        {"name": "MINSHENG_EXTRA", "secretName": "keys", "key": "extra", "roles": ["migrate"]},
    ]}}})
    assert secret_ref(env_of(container(r.get("Deployment", name_of("voting", "api")))),
                      "MINSHENG_VOTING_SIGNING_KEY") == ("keys", "signing")
    assert "MINSHENG_VOTING_SIGNING_KEY" not in env_of(container(r.get("Deployment", name_of("voting", "relay"))))
    job_env = env_of(container(r.get("Job", name_of("voting", "migrate"))))
    assert secret_ref(job_env, "MINSHENG_EXTRA") == ("keys", "extra")


def test_nats_credentials_are_mounted_read_only(render_values):
    r = render_values({"nats": {"credentialsSecret": "nats-user-creds"}})
    for d in r.kind("Deployment"):
        c = container(d)
        mount = next(m for m in c["volumeMounts"] if m["name"] == "nats-creds")
        assert mount["readOnly"] is True
        assert env_of(c)["MINSHENG_NATS_CREDS"]["value"] == f"{mount['mountPath']}/nats.creds"
        volume = next(v for v in pod_spec(d)["volumes"] if v["name"] == "nats-creds")
        assert volume["secret"]["secretName"] == "nats-user-creds"
    for job in r.kind("Job"):
        assert "MINSHENG_NATS_CREDS" not in env_of(container(job))


def test_image_digest_and_pull_policy(render_values, renders):
    digest = "sha256:" + "ab" * 32
    r = render_values({"image": {"repository": "registry.example/minsheng", "tag": "1.2.3", "digest": digest,
                                 "pullPolicy": "Always"}})
    for w in r.kind("Deployment") + r.kind("Job"):
        assert container(w)["image"] == f"registry.example/minsheng:1.2.3@{digest}"
        skips = " ".join(v for k, v in w["metadata"]["annotations"].items() if k.startswith("checkov.io/skip"))
        assert "CKV_K8S_43" not in skips and "CKV_K8S_15" not in skips
    chart_version = yaml.safe_load((CHART / "Chart.yaml").read_text())["appVersion"]
    default_image = container(renders["default"].kind("Deployment")[0])["image"]
    assert default_image.endswith(f":{chart_version}"), "image.tag defaults to the chart's appVersion"


# ----------------------------------------------------------------------------------- checkov

CANARY = """\
apiVersion: v1
kind: Pod
metadata:
  name: canary
  namespace: canary
spec:
  containers:
    - name: canary
      image: nginx:latest
      securityContext:
        privileged: true
        allowPrivilegeEscalation: true
"""


@pytest.mark.timeout(900)  # the first run creates .venv-checkov (about a minute, more on a busy machine)
def test_checkov_finds_nothing_unjustified(checkov_bin, manifests_dir, renders, rebuild_render):
    # A deliberately bad manifest proves that checkov ran and reports failures.
    (manifests_dir / "canary").mkdir(exist_ok=True)
    (manifests_dir / "canary" / "pod.yaml").write_text(CANARY)
    result = subprocess.run(
        [str(checkov_bin), "-d", str(manifests_dir), "--framework", "kubernetes", "--compact", "--quiet",
         "--skip-download", "-o", "json"],
        capture_output=True, text=True, timeout=600, cwd=manifests_dir,
    )
    assert result.returncode in (0, 1), result.stderr[-3000:]
    report = json.loads(result.stdout)
    reports = report if isinstance(report, list) else [report]
    failed = [c for r in reports for c in r["results"]["failed_checks"]]
    canary = [c for c in failed if "/canary/" in c["file_path"]]
    chart_failures = [f"{c['check_id']} {c['check_name']} {c['resource']} {c['file_path']}"
                      for c in failed if c not in canary]
    assert not chart_failures, "\n".join(chart_failures)
    assert {"CKV_K8S_16", "CKV_K8S_20", "CKV_K8S_14"} <= {c["check_id"] for c in canary}, "checkov did not run"

    # Every skip is annotated on the resource, allowed above, and carries a reason.
    annotated = 0
    rebuild_docs = [d for d in rebuild_render.docs if d["metadata"]["labels"].get("app.kubernetes.io/component") == "rebuild"]
    for docs in [*(render.docs for render in renders.values()), rebuild_docs]:
        for doc in docs:
            for key, value in (doc["metadata"].get("annotations") or {}).items():
                if key.startswith("checkov.io/skip"):
                    check_id, _, reason = value.partition("=")
                    assert check_id in ALLOWED_CHECKOV_SKIPS, f"{doc['metadata']['name']}: {value}"
                    assert len(reason) >= 40, f"{doc['metadata']['name']}: skip without a reason: {value}"
                    annotated += 1
    assert annotated > 0
    skipped = sum(r["summary"]["skipped"] for r in reports)
    assert skipped == annotated, f"checkov skipped {skipped} checks, the chart annotates {annotated}"
