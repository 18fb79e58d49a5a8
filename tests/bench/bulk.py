"""`make bench-bulk`: bulk intake through BatchSubmitProposals on its own stack (durable, as
`make run`'s): TOTAL proposals (1,000,000 by default; `--total` for fewer) in calls of 1,000,
CALLS of them at once. It prints the rate of each tenth (how it holds as the table grows),
then waits until the relay has published every event and checks that the outbox holds one
event per proposal and the stream one message per event. Writes tests/bench/bulk.json."""
import argparse
import asyncio
import json
import os
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import grpc
import nats
import psycopg

from minsheng.collection.v1 import collection_pb2 as pb
from services.platform import events
from services.stack.runner import LocalStack
from tests.bench.stack import bench_stack
from tests.collection.client import Collection, proposal_message

BATCH = 1000
CALLS = 3
RESULTS = Path(__file__).parent / "bulk.json"
TOWN = "houcun"


def batch_request(parent: str, first: int) -> pb.BatchSubmitProposalsRequest:
    return pb.BatchSubmitProposalsRequest(parent=parent, requests=[
        pb.SubmitProposalRequest(proposal=proposal_message(title=f"热线工单{n}", channel=pb.HOTLINE_12345),
                                 request_id=str(uuid.uuid4())) for n in range(first, first + BATCH)])


async def intake(stack: LocalStack, total: int) -> list[dict]:
    """Sends the batches; the rate of each tenth of them as they are stored."""
    chunk = max(total // 10 // BATCH * BATCH, BATCH)
    chunks: list[dict] = []
    async with grpc.aio.insecure_channel(stack.api("collection").target,
                                         options=[("grpc.max_receive_message_length", 64 << 20)]) as channel:
        town = Collection(channel, stack.issuer, TOWN)
        await town.open_cycle()
        starts = iter(range(0, total, BATCH))
        stored = 0
        chunk_started = started = time.perf_counter()

        async def caller() -> None:
            nonlocal stored, chunk_started
            for first in starts:
                response = await town.stub.BatchSubmitProposals(batch_request(town.parent, first),
                                                                metadata=town.staff, timeout=120)
                assert all(r.WhichOneof("result") == "proposal" for r in response.results)
                stored += len(response.results)
                if stored % chunk == 0:
                    now = time.perf_counter()
                    chunks.append({"rows": stored, "per_second": round(chunk / (now - chunk_started)),
                                   "load_average": round(os.getloadavg()[0], 1)})
                    print(json.dumps(chunks[-1]), flush=True)
                    chunk_started = now

        await asyncio.gather(*(caller() for _ in range(CALLS)))
        chunks.append({"rows": stored, "overall_per_second": round(stored / (time.perf_counter() - started))})
    return chunks


async def published(stack: LocalStack, total: int) -> dict:
    """Waits for the outbox to drain; counts the town's events in the outbox and the stream."""
    started = time.perf_counter()
    url = stack.pg.url(database=stack.roles.database)
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as db:
        query = ("SELECT count(*), count(*) FILTER (WHERE published_at IS NULL) FROM collection.outbox "
                 "WHERE town_id = %s AND event_type = 'proposal_submitted'")
        while True:
            recorded, waiting = await (await db.execute(query, (TOWN,))).fetchone()
            if not waiting:
                break
            await asyncio.sleep(1)
        proposals = (await (await db.execute("SELECT count(*) FROM collection.proposals WHERE town_id = %s",
                                             (TOWN,))).fetchone())[0]
    nc = await nats.connect(stack.nats.url)
    subject = events.subject(TOWN, "collection", "proposal_submitted")
    info = await nc.jetstream().stream_info(events.STREAM, subjects_filter=subject)
    await nc.close()
    in_stream = (info.state.subjects or {}).get(subject, 0)
    assert proposals == recorded == in_stream == total, (proposals, recorded, in_stream, total)
    return {"proposals": proposals, "events_in_outbox": recorded, "messages_in_stream": in_stream,
            "relay_caught_up_after_intake_seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bulk")
    parser.add_argument("--total", type=int, default=1_000_000)
    total = parser.parse_args().total // BATCH * BATCH
    with bench_stack(["collection"], prefix="minsheng-bulk-") as stack:
        load = round(os.getloadavg()[0], 1)
        chunks = asyncio.run(intake(stack, total))
        check = asyncio.run(published(stack, total))
    results = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "total": total,
               "calls_at_once": CALLS, "per_call": BATCH, "load_average_at_start": load,
               "chunks": chunks, "published": check}
    if total == 1_000_000:
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
