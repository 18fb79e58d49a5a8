"""What Kubernetes relies on, shown on real processes: health, graceful stop, readiness."""
import asyncio
import signal
import time

import grpc
import pytest
from grpc_health.v1 import health_pb2
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

from minsheng.collection.v1 import collection_pb2 as pb
from services.stack.runner import health_status, wait_serving
from tests.collection.client import Collection

pytestmark = pytest.mark.integration
SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


def statuses_until_exit(started, timeout: float = 25) -> list[int]:
    seen = []
    deadline = time.monotonic() + timeout
    while started.process.poll() is None and time.monotonic() < deadline:
        try:
            seen.append(health_status(started.target))
        except grpc.RpcError:
            seen.append(-1)  # the port is closed
        time.sleep(0.05)
    return seen


async def test_sigterm_reports_not_serving_finishes_in_flight_calls_and_exits(stack, issuer, new_town):
    api = stack.start_service("collection", "api", supervised=False)  # this test watches it exit
    try:
        await asyncio.to_thread(wait_serving, api)
        assert health_status(api.target, "minsheng.collection.v1.CollectionService") == SERVING
        async with grpc.aio.insecure_channel(api.target) as channel:
            town = Collection(channel, issuer, new_town)
            await town.open_cycle()
            in_flight = [asyncio.create_task(town.submit()) for _ in range(20)]
            await asyncio.sleep(0.01)
            started_stop = time.monotonic()
            api.process.send_signal(signal.SIGTERM)
            seen = await asyncio.to_thread(statuses_until_exit, api)
            done = await asyncio.gather(*in_flight, return_exceptions=True)
        assert api.process.wait(5) == 0 and time.monotonic() - started_stop < 20
        assert NOT_SERVING in seen and SERVING not in seen[seen.index(NOT_SERVING):]
        assert all(isinstance(p, pb.Proposal) for p in done), done
    finally:
        if api in stack.processes:
            stack.processes.remove(api)


async def test_readiness_follows_the_database(stack):
    relay = stack.start_service("collection", "relay")
    try:
        await asyncio.to_thread(wait_serving, relay)
        stack.pg.kill()
        try:
            await asyncio.to_thread(wait_for_status, relay, NOT_SERVING)
        finally:
            stack.pg.restart()
        await asyncio.to_thread(wait_for_status, relay, SERVING)
    finally:
        stack.stop_process(relay)


async def test_readiness_follows_nats(stack):
    consumer = stack.start_service("collection", "consumer")
    try:
        await asyncio.to_thread(wait_serving, consumer)
        stack.nats.kill()
        try:
            await asyncio.to_thread(wait_for_status, consumer, NOT_SERVING)
        finally:
            stack.nats.start()
        await asyncio.to_thread(wait_for_status, consumer, SERVING)
    finally:
        stack.stop_process(consumer)


def wait_for_status(started, status: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if health_status(started.target) == status:
                return
        except grpc.RpcError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{started.role} never reported {status}")


async def test_liveness_stays_serving_while_a_dependency_is_down(stack):
    relay = stack.start_service("collection", "relay")
    try:
        await asyncio.to_thread(wait_serving, relay)
        stack.nats.kill()
        try:
            await asyncio.to_thread(wait_for_status, relay, NOT_SERVING)
            assert health_status(relay.target, "liveness") == SERVING
        finally:
            stack.nats.start()
    finally:
        stack.stop_process(relay)


def test_reflection_lists_the_api_and_health_services(stack):
    with grpc.insecure_channel(stack.api("collection").target) as channel:
        services = set(ProtoReflectionDescriptorDatabase(channel).get_services())
    assert {"minsheng.collection.v1.CollectionService", "grpc.health.v1.Health"} <= services
