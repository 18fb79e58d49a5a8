"""A database outage, on real processes: calls answer UNAVAILABLE (retryable) rather than
INTERNAL, the api logs it as a dependency outage rather than a bug, and it serves again
once the database is back."""
import asyncio
import time

import grpc
import pytest

from services.stack.runner import wait_serving
from tests.collection.client import Collection

pytestmark = pytest.mark.integration


async def codes_of(calls) -> list[grpc.StatusCode]:
    results = await asyncio.gather(*calls, return_exceptions=True)
    return [r.code() if isinstance(r, grpc.aio.AioRpcError) else r for r in results]


async def submit_until_accepted(town: Collection, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while True:
        try:
            return await town.submit()
        except grpc.aio.AioRpcError as error:
            if error.code() != grpc.StatusCode.UNAVAILABLE or time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)


async def test_a_database_outage_is_unavailable_until_the_database_returns(stack, issuer, new_town):
    api = stack.start_service("collection", "api")
    try:
        await asyncio.to_thread(wait_serving, api)
        async with grpc.aio.insecure_channel(api.target) as channel:
            town = Collection(channel, issuer, new_town)
            await town.open_cycle()
            stack.pg.kill()
            try:
                codes = await codes_of([town.submit() for _ in range(20)] + [town.list() for _ in range(20)])
            finally:
                stack.pg.restart()
            assert set(codes) == {grpc.StatusCode.UNAVAILABLE}, codes
            assert (await submit_until_accepted(town)).name
    finally:
        stack.stop_process(api)
    log = (stack.folder / f"collection-api-{api.grpc_port}.log").read_text(encoding="utf-8")
    assert "dependency unavailable" in log and "unexpected error" not in log
