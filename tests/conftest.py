"""Fixtures shared by every test: the real local stack (NATS JetStream and PostgreSQL from
their wheels, services as separate processes), started once per run on free ports, and
only when an integration test asks for it. MINSHENG_TEST_SERVICES (comma-separated) starts
only those services' processes; every service is migrated."""
import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import grpc
import nats
import psycopg
import pytest

from services import registry
from services.platform.auth import TokenIssuer
from services.stack import StackError
from services.stack.infra import reset_folder
from services.stack.runner import TOWNS_FILE, LocalStack

# The town fixtures a test may use (new_town, other_town): each takes one town.
TOWNS_PER_TEST = 2
# The gateway's deliveries, quick enough for tests: three attempts, little waiting in between.
GATEWAY_TEST_SETTINGS = {"MINSHENG_GATEWAY_DELIVERY_ATTEMPTS": "3", "MINSHENG_GATEWAY_RETRY_SECONDS": "0.2,0.5",
                         "MINSHENG_GATEWAY_REFRESH_SECONDS": "0.5", "MINSHENG_GATEWAY_DELIVERY_TIMEOUT_SECONDS": "5"}


class TownPool:
    """Towns only tests use, beside the demo towns, so each test has towns of its own. The
    stack is configured with TOWNS_PER_TEST towns for every collected test, so the pool cannot
    run out however many tests there are."""

    def __init__(self) -> None:
        self.size = 0
        self.taken = 0

    def towns(self) -> list[dict]:
        return [{"id": f"t{i:04d}", "name": f"测试{i:04d}镇"} for i in range(1, self.size + 1)]

    def take(self) -> str:
        self.taken += 1
        assert self.taken <= self.size, f"a test took more than its {TOWNS_PER_TEST} towns"
        return f"t{self.taken:04d}"


TEST_TOWNS = TownPool()


def pytest_collection_finish(session: pytest.Session) -> None:
    TEST_TOWNS.size = TOWNS_PER_TEST * len(session.items)


@pytest.fixture(scope="session")
def stack(request):
    folder = Path(tempfile.mkdtemp(prefix="minsheng-test-"))
    folder.chmod(0o755)  # like any temporary folder: run as root, PostgreSQL's own user enters it
    reset_folder(folder)
    towns_file = folder / "towns.json"
    towns_file.write_text(json.dumps(json.loads(TOWNS_FILE.read_text(encoding="utf-8")) + TEST_TOWNS.towns()))
    # Not durable: a database thrown away after the run may skip fsync; make run's is durable.
    local = LocalStack(folder, towns_file=towns_file, log_level="WARNING", durable=False,
                       extra_env=GATEWAY_TEST_SETTINGS)
    try:
        local.start_infra()
        local.migrate()
        selected = os.environ.get("MINSHENG_TEST_SERVICES")
        local.start_services(selected.split(",") if selected else registry.SERVICES)
        yield local
    except StackError as error:  # one line, not the same error for every test
        pytest.exit(f"the test stack cannot start: {error}", returncode=pytest.ExitCode.INTERNAL_ERROR)
    finally:
        local.stop()
        _remove_unless_failed(folder, request.session)


def _remove_unless_failed(folder: Path, session: pytest.Session) -> None:
    """The stack's folder (databases, logs) is kept only when a test failed, to read its logs."""
    if session.testsfailed:
        print(f"\nthe test stack's logs are kept in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def new_town() -> str:
    """A test town no other test has used: its cycles and proposals are this test's own."""
    return TEST_TOWNS.take()


@pytest.fixture
def other_town() -> str:
    """A second unused test town, for tests across two towns."""
    return TEST_TOWNS.take()


@pytest.fixture(scope="session")
def issuer(stack) -> TokenIssuer:
    return stack.issuer


@pytest.fixture(scope="session")
def channel_to(stack):
    """An aio channel to a service's api process."""
    channels: dict[str, grpc.aio.Channel] = {}

    def open_channel(service: str) -> grpc.aio.Channel:
        if service not in channels:
            channels[service] = grpc.aio.insecure_channel(stack.api(service).target)
        return channels[service]
    return open_channel


@pytest.fixture
async def nats_client(stack):
    nc = await nats.connect(stack.nats.url)
    yield nc
    await nc.close()


@pytest.fixture(scope="session")
def sql(stack):
    """Runs SQL as a database role, optionally as a town. The default, 'admin' (the superuser),
    sees every row: tests inspect with it; 'owner', 'app' and 'relay' are bound by RLS."""
    def run(query: str, params: tuple = (), *, role: str = "admin", town: str | None = None) -> list[tuple]:
        user = {"admin": "postgres", "owner": stack.roles.owner, "app": stack.roles.app,
                "relay": stack.roles.relay}[role]
        with psycopg.connect(stack.pg.url(user=user, database=stack.roles.database)) as conn:
            if town is not None:
                conn.execute("SELECT set_config('app.town_id', %s, true)", (town,))
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []
    return run


def unique(prefix: str = "") -> str:
    return prefix + uuid.uuid4().hex[:12]
