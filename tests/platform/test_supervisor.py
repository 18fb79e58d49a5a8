"""The supervisor of a role's workers, with workers that fail on purpose (no infrastructure)."""
import asyncio

import pytest

from prometheus_client import REGISTRY

from services.platform import supervisor
from services.platform.config import ConfigError, load_settings
from services.platform.supervisor import Supervisor, WorkerDown


@pytest.fixture(autouse=True)
def short_delays(monkeypatch):
    monkeypatch.setattr(supervisor, "FIRST_DELAY_SECONDS", 0.05)
    monkeypatch.setattr(supervisor, "MAX_DELAY_SECONDS", 0.2)


class Flaky:
    """A worker that fails `failures` times (before or after saying it is up), then works."""

    def __init__(self, failures: int, *, after_up: bool = False):
        self.failures = failures
        self.after_up = after_up
        self.starts: list[float] = []

    async def run(self, stop: asyncio.Event, up) -> None:
        self.starts.append(asyncio.get_running_loop().time())
        if len(self.starts) <= self.failures:
            if self.after_up:
                up()
            raise RuntimeError("cannot bind")
        up()
        await stop.wait()


def restarts(worker: str) -> float:
    return REGISTRY.get_sample_value("minsheng_worker_restarts_total", {"service": "test", "worker": worker}) or 0


async def answers() -> None:
    pass


async def test_a_failed_worker_is_restarted_with_growing_delays_and_is_not_ready_meanwhile():
    stop, changes = asyncio.Event(), []
    flaky, steady = Flaky(3), Flaky(0)
    watched = Supervisor("test", stop, max_failures=5, dependencies=[answers], on_change=lambda: changes.append(1))
    watched.add("flaky-1", flaky.run)
    watched.add("steady-1", steady.run)
    task = asyncio.create_task(watched.run())
    await asyncio.sleep(0.01)
    with pytest.raises(WorkerDown, match="flaky-1"):
        await watched.check()
    while len(flaky.starts) < 4:
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.01)
    await watched.check()  # both work now
    gaps = [b - a for a, b in zip(flaky.starts, flaky.starts[1:])]
    assert gaps[0] >= 0.05 and gaps[1] >= 0.1 and gaps[2] >= 0.2
    assert restarts("flaky-1") == 3 and restarts("steady-1") == 0 and changes
    stop.set()
    await task
    assert not watched.gave_up


async def test_too_many_failures_in_a_row_stop_the_process():
    stop = asyncio.Event()
    watched = Supervisor("test", stop, max_failures=3, dependencies=[answers], on_change=lambda: None)
    watched.add("broken-2", Flaky(100, after_up=True).run)  # being up for a moment does not reset the count
    await asyncio.wait_for(watched.run(), 5)
    assert stop.is_set() and watched.gave_up and restarts("broken-2") == 2


async def test_failures_while_a_dependency_is_down_do_not_count():
    stop = asyncio.Event()

    async def database_down() -> None:
        raise ConnectionError("no database")

    flaky = Flaky(6)
    watched = Supervisor("test", stop, max_failures=2, dependencies=[database_down], on_change=lambda: None)
    watched.add("waiting-3", flaky.run)
    task = asyncio.create_task(watched.run())
    while len(flaky.starts) < 7:
        await asyncio.sleep(0.01)
    assert not watched.gave_up
    stop.set()
    await task


def test_the_failure_limit_is_a_setting_of_at_least_one():
    env = {"MINSHENG_DATABASE_URL": "postgresql://x@h/db", "MINSHENG_NATS_URL": "nats://h:4222",
           "MINSHENG_TOWNS": '[{"id": "xihu", "name": "西湖镇"}]'}
    assert load_settings("collection", "relay", env).worker_max_failures == 8
    assert load_settings("collection", "relay", env | {"MINSHENG_WORKER_MAX_FAILURES": "2"}).worker_max_failures == 2
    with pytest.raises(ConfigError, match="MINSHENG_WORKER_MAX_FAILURES"):
        load_settings("collection", "relay", env | {"MINSHENG_WORKER_MAX_FAILURES": "0"})
