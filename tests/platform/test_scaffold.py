"""`make service NAME=...` on a copy of the repository: the new service is registered and in
the chart's values, it and its demo stage import, its protos compile into services/gen, and
its own tests and the platform's checks of it pass against a stack that runs it."""
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from services import registry
from services.stack.runner import ROOT

pytestmark = pytest.mark.integration
NAME = "budget"
CHECKS = [
    f"tests/{NAME}",
    f"tests/platform/test_schema.py::test_the_models_are_the_migrated_schema[{NAME}]",
    f"tests/platform/test_schema.py::test_revisions_import_no_live_code[{NAME}]",
    f"tests/platform/test_proto.py::test_a_service_uses_no_other_services_api[{NAME}]",
    "tests/platform/test_proto.py::test_event_contracts_import_no_service_api",
    "tests/platform/test_proto.py::test_generated_code_is_not_stale",
    "tests/deploy/test_chart.py::test_the_charts_services_are_the_registrys",
]


def run(copy, *args: str, **env: str) -> str:
    environment = {**os.environ, "PYTHONPATH": f"{copy}{os.pathsep}{copy / 'services' / 'gen'}", **env}
    done = subprocess.run([sys.executable, *args], cwd=copy, env=environment, capture_output=True, text=True,
                          timeout=240)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def test_a_scaffolded_service_runs_and_passes_its_tests(tmp_path):
    copy = tmp_path / "repository"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", ".venv*", ".stack", "__pycache__",
                                                             ".pytest_cache", "gen"))
    run(copy, "-m", "services.platform.scaffold", NAME)
    with pytest.raises(AssertionError, match="exists already"):
        run(copy, "-m", "services.platform.scaffold", NAME)
    assert (copy / "services" / "gen" / "minsheng" / NAME / "v1" / f"{NAME}_pb2_grpc.py").exists()
    values = yaml.safe_load((copy / "charts" / "minsheng" / "values.yaml").read_text(encoding="utf-8"))
    assert list(values["services"])[-1] == NAME
    registered = run(copy, "-c", "from services import registry; from services.stack import demo; "
                                 f"import services.{NAME}.service; "
                                 "print(registry.SERVICES[-1], len(demo.STAGES) == len(registry.SERVICES))")
    assert registered.split() == [NAME, "True"]  # a demo stage per service, its own last
    report = run(copy, "-m", "pytest", "-q", "-p", "no:cacheprovider", *CHECKS, MINSHENG_TEST_SERVICES=NAME)
    assert " passed" in report and "failed" not in report and "skipped" not in report
