"""The container image definition, offline (there is no container engine here): hadolint,
and the invariants the Helm chart relies on (non-root numeric user, `python -m` entrypoint,
PYTHONPATH, a build context that holds what the Dockerfile copies)."""
from __future__ import annotations

import json
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from tests.deploy.conftest import REPO, hadolint_bin

DOCKERFILE = REPO / "deploy" / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"
ROLES = {"api", "consumer", "relay", "migrate"}


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    joined, result = re.sub(r"\\\n(\s*#[^\n]*\n)*", " ", text), []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            result.append((word.upper(), rest.strip()))
    return result


def stages(text: str) -> list[list[tuple[str, str]]]:
    result: list[list[tuple[str, str]]] = []
    for ins in instructions(text):
        if ins[0] == "FROM":
            result.append([])
        if result:
            result[-1].append(ins)
    return result


def run_hadolint(path: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    config = tmp_path / "hadolint.yaml"  # an explicit empty config: no ignore list from elsewhere
    config.write_text("failure-threshold: style\n")
    return subprocess.run([str(hadolint_bin()), "--config", str(config), "--format", "json", str(path)],
                          capture_output=True, text=True, timeout=60)


def test_hadolint_passes(tmp_path):
    result = run_hadolint(DOCKERFILE, tmp_path)
    findings = json.loads(result.stdout or "[]")
    assert result.returncode == 0 and not findings, json.dumps(findings, indent=1) + result.stderr


def test_hadolint_reports_a_bad_dockerfile(tmp_path):
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN pip install requests\nUSER root\n")
    result = run_hadolint(bad, tmp_path)
    codes = {f["code"] for f in json.loads(result.stdout)}
    assert result.returncode != 0 and {"DL3007", "DL3013"} <= codes, codes


def test_no_rule_ignored_without_a_reason():
    lines = DOCKERFILE.read_text().splitlines()
    for i, line in enumerate(lines):
        if re.search(r"hadolint\s+(global\s+)?ignore", line):
            reason = re.sub(r"^#\s*hadolint\s+(global\s+)?ignore=[\w,]+", "", line.strip()).strip(" #-:")
            previous = lines[i - 1].strip() if i else ""
            assert len(reason) >= 20 or (previous.startswith("#") and "hadolint" not in previous
                                         and len(previous) >= 22), f"line {i + 1}: ignore without a reason"
    for config in (".hadolint.yaml", ".hadolint.yml", "deploy/.hadolint.yaml"):
        assert not (REPO / config).exists(), f"{config} could ignore rules without a reason"


def test_final_stage_is_slim_non_root_and_runs_python_m():
    text = DOCKERFILE.read_text()
    all_stages = stages(text)
    assert len(all_stages) >= 2, "a builder stage and a final stage"
    python_stages = [stage for stage in all_stages if not stage[0][1].endswith(" AS console")]
    # The web console's assets are built in a Node.js stage of their own, and only they are taken from it.
    assert [stage[0][1].split()[0].split(":")[0] for stage in all_stages if stage not in python_stages] == ["node"]
    bases = {stage[0][1].split()[0] for stage in python_stages}
    # The same base for Python: the copied venv links to the base image's interpreter.
    assert len(bases) == 1, bases
    (image,) = bases
    assert re.fullmatch(r"python:3\.11(\.\d+)?-slim-bookworm(@sha256:[a-f0-9]{64})?", image), image
    final = all_stages[-1]
    final_text = "\n".join(f"{k} {v}" for k, v in final)
    users = [v for k, v in final if k == "USER"]
    assert users and re.fullmatch(r"10001(:10001)?", users[-1]), "numeric non-root user 10001"
    assert [json.loads(v) for k, v in final if k == "ENTRYPOINT"] == [["python", "-m"]]
    (cmd,) = [json.loads(v) for k, v in final if k == "CMD"]
    assert re.fullmatch(r"services\.[a-z]+", cmd[0]) and cmd[1] in ROLES, cmd
    assert re.search(r"PYTHONPATH=/app:/app/services/gen(\s|$)", final_text)
    assert re.search(r"PATH=/opt/venv/bin:", final_text)
    # No compilers, package managers' installs or pip in the final stage.
    for k, v in final:
        if k == "RUN":
            assert not re.search(r"apt-get|apk |pip |gcc|build-essential|curl|wget", v), v
    copies = [v for k, v in final if k == "COPY"]
    assert copies and all("--from=" in v for v in copies), "the final stage only takes built artefacts"
    assert any("/opt/venv" in v for v in copies) and any("/app/services" in v for v in copies)


def test_dependencies_come_from_pyproject_pins():
    text = DOCKERFILE.read_text()
    assert "tomllib" in text and "['project']['dependencies']" in text
    pyproject = REPO / "pyproject.toml"
    if not pyproject.exists():
        pytest.skip("no pyproject.toml yet")
    deps = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    assert deps
    unpinned = [d for d in deps if not re.fullmatch(r"[A-Za-z0-9_.\-]+(\[[\w,\-]+\])?==[\w.\-+]+(\s*;.*)?", d)]
    assert not unpinned, f"the image installs exactly these pins; unpinned: {unpinned}"


def _dockerignore_patterns() -> list[tuple[bool, re.Pattern]]:
    patterns = []
    for raw in DOCKERIGNORE.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        line = line.lstrip("!").strip("/")
        regex = "".join(".*" if part == "**" else re.escape(part).replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
                        for part in re.split(r"(\*\*)", line))
        patterns.append((negate, re.compile(regex)))
    return patterns


def in_build_context(relative: str) -> bool:
    """Docker's .dockerignore rule: the last pattern matching the path or a parent decides."""
    parts = relative.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    included = True
    for negate, pattern in _dockerignore_patterns():
        if any(pattern.fullmatch(c) for c in candidates):
            included = negate
    return included


def test_build_context_holds_what_is_copied_and_nothing_else():
    for wanted in ("pyproject.toml", "services/__init__.py", "services/platform/server.py",
                   "services/gen/minsheng/__init__.py"):
        assert in_build_context(wanted), wanted
    for unwanted in ("services/console/node_modules/vue/package.json", "services/console/dist/index.html",
                     ".git/config", ".venv/bin/python", ".venv-checkov/bin/checkov", "tests/conftest.py",
                     "charts/minsheng/values.yaml", ".stack/pg/postgresql.conf",
                     "services/platform/__pycache__/server.cpython-311.pyc"):
        assert not in_build_context(unwanted), unwanted
    for k, v in instructions(DOCKERFILE.read_text()):
        if k == "COPY" and "--from=" not in v:
            *sources, _target = v.split()
            for source in sources:
                source = source.rstrip("/")
                assert in_build_context(source), f"COPY {source}: excluded by .dockerignore"
                assert (REPO / source).exists(), f"COPY {source}: not in the repository"
