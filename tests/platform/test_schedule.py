"""Scheduled checks without the stack: a round checks every town, an occurrence's event is
raised once however many rounds see it, a town whose check fails does not stop the others,
an outage ends the round for the supervisor to restart, and the overdue gauge follows the
last round. (The supervision service's test runs two replicas on the real database.)"""
import asyncio
from dataclasses import dataclass, field

import pytest
from google.protobuf.wrappers_pb2 import StringValue
from prometheus_client import REGISTRY
from sqlalchemy.exc import OperationalError

from services.platform.config import ConfigError, Town, load_settings
from services.platform.memory import memory_context
from services.platform.schedule import ScheduledCheck, Scheduler
from services.platform.uow import Occurrence

TOWNS = (Town("xihu", "西湖镇"), Town("chentuan", "陈疃镇"), Town("nanhu", "南湖镇"))


@dataclass
class Deadlines:
    """Deadlines that passed, per town: (aggregate, period)."""
    passed: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    failing: set[str] = field(default_factory=set)
    outage: bool = False


def make_check(deadlines: Deadlines) -> ScheduledCheck:
    async def run(ctx, town_id: str) -> dict[str, int]:
        if deadlines.outage:
            raise OperationalError("SELECT 1", {}, ConnectionError("database down"))
        if town_id in deadlines.failing:
            raise ValueError("bad data in this town")
        found = deadlines.passed.get(town_id, [])
        async with ctx.unit_of_work(town_id) as uow:
            await uow.raise_once("deadlines", [Occurrence(a, p, StringValue(value=f"{a}@{p}")) for a, p in found])
        return {"milestone": len(found)}
    return ScheduledCheck("test-deadlines", run)


def gauge(town: str) -> float | None:
    return REGISTRY.get_sample_value("minsheng_overdue_items", {"service": "test", "town": town, "kind": "milestone"})


@pytest.fixture
def setup():
    deadlines = Deadlines()
    ctx = memory_context(None, lambda store: None, towns=TOWNS)
    return deadlines, ctx, Scheduler(ctx, "test", make_check(deadlines), interval_seconds=0.01)


async def test_each_occurrence_is_raised_once_across_rounds_and_new_periods_again(setup):
    deadlines, ctx, scheduler = setup
    deadlines.passed = {"xihu": [("p1", "2024-04-30"), ("p2", "2024-04-30")], "nanhu": [("p9", "2024-05-31")]}
    await scheduler.round()
    deadlines.passed["xihu"].append(("p1", "2024-06-30"))  # a later deadline of p1, missed too
    await scheduler.round()
    await scheduler.round()
    raised = [(e.town_id, e.payload.value) for e in ctx.unit_of_work.events]
    assert sorted(raised) == [("nanhu", "p9@2024-05-31"), ("xihu", "p1@2024-04-30"), ("xihu", "p1@2024-06-30"),
                              ("xihu", "p2@2024-04-30")]
    assert (gauge("xihu"), gauge("nanhu"), gauge("chentuan")) == (3, 1, 0)


async def test_a_town_whose_check_fails_leaves_the_others_checked(setup):
    deadlines, ctx, scheduler = setup
    deadlines.passed = {"nanhu": [("p9", "2024-05-31")]}
    deadlines.failing = {"xihu"}
    failures = REGISTRY.get_sample_value("minsheng_check_failures_total",
                                         {"service": "test", "check": "test-deadlines"}) or 0
    await scheduler.round()
    assert [e.town_id for e in ctx.unit_of_work.events] == ["nanhu"]
    assert REGISTRY.get_sample_value("minsheng_check_failures_total",
                                     {"service": "test", "check": "test-deadlines"}) == failures + 1


async def test_an_outage_ends_the_round_and_the_worker_for_the_supervisor(setup):
    deadlines, ctx, scheduler = setup
    deadlines.outage = True
    with pytest.raises(OperationalError):
        await scheduler.run(asyncio.Event())


async def test_the_worker_is_up_after_its_first_round_and_stops_when_told(setup):
    deadlines, ctx, scheduler = setup
    deadlines.passed = {"xihu": [("p1", "2024-04-30")]}
    stop, ups = asyncio.Event(), []
    worker = asyncio.create_task(scheduler.run(stop, lambda: ups.append(len(ctx.unit_of_work.events))))
    await asyncio.sleep(0.1)
    stop.set()
    await asyncio.wait_for(worker, 1)
    assert ups == [1] and len(ctx.unit_of_work.events) == 1


def test_the_check_interval_is_a_setting_of_at_least_a_second():
    env = {"MINSHENG_DATABASE_URL": "postgresql://x@h/db", "MINSHENG_NATS_URL": "nats://h:4222",
           "MINSHENG_TOWNS": '[{"id": "xihu", "name": "西湖镇"}]'}
    assert load_settings("supervision", "consumer", env).check_interval_seconds == 300
    assert load_settings("supervision", "consumer", env | {"MINSHENG_CHECK_INTERVAL_SECONDS": "5"}
                         ).check_interval_seconds == 5
    for bad in ("0", "soon"):
        with pytest.raises(ConfigError, match="MINSHENG_CHECK_INTERVAL_SECONDS"):
            load_settings("supervision", "consumer", env | {"MINSHENG_CHECK_INTERVAL_SECONDS": bad})
