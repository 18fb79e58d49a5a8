"""A crashed worker is noticed, shown on real relay and consumer processes whose worker fails
for real reasons: its database login loses the relay role's grant, or its durable consumer
is deleted under it. Readiness says so meanwhile, the worker is restarted, and a failure
that persists stops the process with a non-zero status."""
import asyncio
import urllib.request
import uuid

import grpc
import pytest
from grpc_health.v1 import health_pb2
from prometheus_client.parser import text_string_to_metric_families

from minsheng.collection.v1 import collection_pb2 as pb
from services.platform import events
from services.stack.demo.common import wait_for
from services.stack.runner import health_status, wait_serving
from tests.collection.client import Collection
from tests.events import publish_review_answer
from tests.platform.test_lifecycle import wait_for_status

pytestmark = pytest.mark.integration
SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


@pytest.fixture
def relay_login(stack, sql):
    """A database login of its own for one relay process, so that revoking its membership of
    the relay role touches no other process."""
    name = f"relay_{uuid.uuid4().hex[:8]}"
    sql(f'CREATE ROLE "{name}" LOGIN')
    yield name
    sql(f'DROP ROLE "{name}"')


def member_of_relay_role(stack, sql, login: str, member: bool) -> None:
    relay = stack.roles.relay
    sql(f'GRANT "{relay}" TO "{login}"' if member else f'REVOKE "{relay}" FROM "{login}"')


def start_relay(stack, login: str, **env: str):
    return stack.start_service("collection", "relay", **env,
                               MINSHENG_DATABASE_URL=stack.pg.url(user=login, database=stack.roles.database))


def restarts(started, worker: str) -> float:
    text = urllib.request.urlopen(f"http://127.0.0.1:{started.metrics_port}/metrics", timeout=5).read().decode()
    return sum(s.value for family in text_string_to_metric_families(text) for s in family.samples
               if s.name == "minsheng_worker_restarts_total" and s.labels.get("worker") == worker)


async def test_a_relay_that_loses_its_grant_is_not_ready_and_restarted_until_it_has_it_again(stack, sql,
                                                                                             relay_login):
    member_of_relay_role(stack, sql, relay_login, True)
    relay = start_relay(stack, relay_login)
    try:
        await asyncio.to_thread(wait_serving, relay)
        assert restarts(relay, "relay") == 0
        member_of_relay_role(stack, sql, relay_login, False)
        await asyncio.to_thread(wait_for_status, relay, NOT_SERVING)
        assert health_status(relay.target, "liveness") == SERVING  # restarting the pod would not help
        await wait_for(lambda: asyncio.to_thread(restarts, relay, "relay"), what="a restart")
        member_of_relay_role(stack, sql, relay_login, True)
        await asyncio.to_thread(wait_for_status, relay, SERVING, 40)
        assert relay.process.poll() is None
    finally:
        stack.stop_process(relay)
    log = (stack.folder / f"collection-relay-{relay.grpc_port}.log").read_text()
    assert "worker failed, restarting" in log and "InsufficientPrivilege (SQLSTATE 42501)" in log


async def test_a_worker_failing_past_the_limit_stops_its_process_with_a_non_zero_status(stack, relay_login):
    relay = start_relay(stack, relay_login, MINSHENG_WORKER_MAX_FAILURES="3")  # a login without the grant
    try:
        status = await asyncio.to_thread(relay.process.wait, 60)
    finally:
        stack.stop_process(relay)
    assert status == 1
    log = (stack.folder / f"collection-relay-{relay.grpc_port}.log").read_text()
    assert log.count("worker failed, restarting") == 2 and "worker failed too often in a row" in log


async def test_consumers_whose_durable_is_deleted_bind_again_and_apply_events(stack, nats_client, issuer,
                                                                                 new_town):
    durable = "collection-review-answers"
    consumer = stack.start_service("collection", "consumer")
    try:
        await asyncio.to_thread(wait_serving, consumer)
        js = nats_client.jetstream()
        await js.delete_consumer(events.STREAM, durable)
        # The first process of the durable to fetch is refused, restarts its worker, and its
        # binding re-creates the durable for every process.
        consumers = [p for p in stack.processes if (p.service, p.role) == ("collection", "consumer")]

        async def restarted():
            return sum([await asyncio.to_thread(restarts, p, durable) for p in consumers])
        await wait_for(restarted, what="a restart")
        for started in consumers:
            await asyncio.to_thread(wait_for_status, started, SERVING)
        assert (await js.consumer_info(events.STREAM, durable)).config.durable_name == durable
        async with grpc.aio.insecure_channel(stack.api("collection").target) as channel:
            town = Collection(channel, issuer, new_town)
            await town.open_cycle()
            proposal = await town.submit()
            await town.screen(proposal.name, pb.NOT_SHORTLISTED, explanation="不属于民生实事", failing="财政可承担")
            await publish_review_answer(js, new_town, proposal.name, answer="经审查暂不列入")

            async def answered():
                found = await town.stub.GetProposal(pb.GetProposalRequest(name=proposal.name), metadata=town.staff)
                return found.answer.text == "经审查暂不列入"
            await wait_for(answered, what="the answer applied by the re-created durable consumer")
        assert consumer.process.poll() is None
    finally:
        stack.stop_process(consumer)
