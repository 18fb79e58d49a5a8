"""Fixtures shared by every test: the real local stack (NATS JetStream and PostgreSQL from
their wheels, services as separate processes), started once per run on free ports, and
only when an integration test asks for it."""
import tempfile
import uuid
from pathlib import Path

import grpc
import nats
import psycopg
import pytest

from services.platform.auth import TokenIssuer
from services.stack.infra import reset_folder
from services.stack.runner import LocalStack


@pytest.fixture(scope="session")
def stack():
    folder = Path(tempfile.mkdtemp(prefix="minsheng-test-"))
    reset_folder(folder)
    local = LocalStack(folder, log_level="WARNING")
    try:
        local.start_infra()
        local.migrate()
        local.start_services()
        yield local
    finally:
        local.stop()


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
    """Runs SQL as a given database role ('owner', 'app' or 'relay'), optionally as a town."""
    def run(query: str, params: tuple = (), *, role: str = "owner", town: str | None = None) -> list[tuple]:
        user = {"owner": stack.roles.owner, "app": stack.roles.app, "relay": stack.roles.relay}[role]
        with psycopg.connect(stack.pg.url(user=user, database=stack.roles.database)) as conn:
            if town is not None:
                conn.execute("SELECT set_config('app.town_id', %s, true)", (town,))
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []
    return run


def unique(prefix: str = "") -> str:
    return prefix + uuid.uuid4().hex[:12]
