"""The scheduled check of deadlines on the real stack, with two more consumer replicas checking
every second beside the stack's own: each missed milestone, project deadline and rectification
deadline raises its event once, a later deadline missed again raises once more, and every
replica's gauge counts what is overdue in the town.

"Now" is the real clock: the test's deadlines lie in the past, as a town's records entered late would.
So a step may be overdue for a moment while the test builds the town (a milestone between its
plan's approval and the report reaching it): what must hold is that nothing is raised twice,
that what stays overdue is raised, and that the gauges count what is overdue at the end."""
import asyncio
import json
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from minsheng.events.v1 import supervision_events_pb2  # noqa: F401 (the payloads' types, for unpacking)
from minsheng.supervision.v1 import supervision_pb2 as pb
from services.platform import events
from services.stack.runner import wait_serving
from tests.events import collect, envelopes
from tests.helpers import wait_for
from tests.supervision.client import Supervision, adopted, plan_message, report_message

pytestmark = pytest.mark.integration
OVERDUE = ("milestone_overdue", "project_overdue", "rectification_overdue")


def overdue_gauge(replica, town: str) -> dict[str, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{replica.metrics_port}/metrics", timeout=5) as response:
        text = response.read().decode()
    return {s.labels["kind"]: s.value for family in text_string_to_metric_families(text)
            if family.name == "minsheng_overdue_items" for s in family.samples
            if s.labels["town"] == town and s.labels["service"] == "supervision"}


async def overdue_events(nats_client, town: str, expected: int) -> list[tuple[str, str, str]]:
    """Every overdue event of the town: (type, aggregate, the date missed)."""
    found = envelopes(await collect(nats_client.jetstream(), f"minsheng.{town}.supervision.>", expected=expected,
                                    settle=1.0))
    described = []
    for e in found:
        if e.event_type in OVERDUE:
            payload = events.unpack(e)
            missed = getattr(payload, "due_date", "") or payload.deadline
            described.append((e.event_type, e.aggregate_id, missed))
    return described


def raised_once(found: list[tuple[str, str, str]], expected: list[tuple[str, str, str]]) -> bool:
    return len(found) == len(set(found)) and set(expected) <= set(found)


async def late_year(town: Supervision, js) -> str:
    """Project 1 missed its second milestone and its deadline; project 2 reported completion
    in time, but left a rectification unanswered past its deadline. Returns project 1."""
    await town.adopt(js, [adopted(town.town, 1, deadline="2024-06-30"), adopted(town.town, 2)])
    p1, p2 = town.project(1), town.project(2)
    await town.form_group([p1, p2])
    await town.under_way(p2)
    inspection = await town.inspect([pb.Finding(project=p2, text="排水沟未同步施工")], date="2024-05-10")
    await town.rectify(p2, inspection.name, deadline="2024-05-31")
    await town.report(p2, report_message(percent_complete=100, spent_yuan=280000, claims_completion=True))
    await town.under_way(p1, plan_message(due=("2024-03-31", "2024-05-31")))
    await town.report(p1, report_message(report_date="2024-04-01"))
    return p1


async def test_each_overdue_event_is_raised_once_with_two_more_consumer_replicas(stack, channel_to, issuer, new_town,
                                                                                  nats_client):
    # The test stack configures hundreds of test towns; these replicas check the test's own.
    only_this_town = json.dumps([t for t in stack.towns if t["id"] == new_town])
    replicas = [stack.start_service("supervision", "consumer", MINSHENG_CHECK_INTERVAL_SECONDS="1",
                                    MINSHENG_TOWNS=only_this_town) for _ in range(2)]
    try:
        await asyncio.gather(*(asyncio.to_thread(wait_serving, r) for r in replicas))
        town = Supervision(channel_to("supervision"), issuer, new_town)
        p1 = await late_year(town, nats_client.jetstream())
        expected = [("milestone_overdue", p1, "2024-05-31"), ("project_overdue", p1, "2024-06-30"),
                    ("rectification_overdue", f"{town.project(2)}/rectifications/1", "2024-05-31")]
        want = {"milestone": 1, "project": 1, "rectification": 1}
        for replica in replicas:
            await wait_for(lambda: asyncio.to_thread(lambda: overdue_gauge(replica, new_town) == want),
                           what="every replica's gauge counting the overdue items")
        await asyncio.sleep(3)  # several more rounds of both replicas
        assert raised_once(await overdue_events(nats_client, new_town, 12), expected)
        await town.stub.CarryOverProject(pb.CarryOverProjectRequest(
            name=p1, explanation="因征地推迟", completion_deadline="2025-06-30"), metadata=town.staff)
        expected.append(("project_overdue", p1, "2025-06-30"))  # the new deadline passed too: once more
        await wait_for(lambda: asyncio.to_thread(lambda: overdue_gauge(replicas[0], new_town) == want),
                       what="the carried-over project counted once")
        await asyncio.sleep(3)
        found = await overdue_events(nats_client, new_town, 14)
        assert raised_once(found, expected) and found.count(("project_overdue", p1, "2024-06-30")) == 1
    finally:
        for replica in replicas:
            stack.stop_process(replica)
