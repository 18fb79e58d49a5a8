"""`make soak`: every process's memory under load, on its own stack (durable, as `make run`'s).
For `--minutes` (10 by default): SubmitProposal from 32 concurrent callers, a bulk batch of
1,000 now and then, listings, screenings (whose events the review service applies), and a
voting session of 160 casts every minute. Prints each process's RSS every 30 s (the growth
curve) and, at the end, which stayed under 150 MB. Writes tests/bench/soak.json."""
import argparse
import asyncio
import json
import os
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import grpc

from minsheng.collection.v1 import collection_pb2 as pb
from services.stack.runner import LocalStack
from tests.bench.stack import bench_stack
from tests.bench import ballots
from tests.bench.bulk import batch_request
from tests.collection.client import Collection

LIMIT_MB = 150
SAMPLE_SECONDS = 30
RESULTS = Path(__file__).parent / "soak.json"


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def processes(stack: LocalStack) -> dict[str, int]:
    found = {f"{p.service} {p.role}": p.process.pid for p in stack.processes}
    found["nats-server"] = stack.nats.process.pid
    found["postgres (postmaster)"] = stack.pg.pid
    return found


async def load(stack: LocalStack, stop: asyncio.Event) -> dict[str, int]:
    done = {"submits": 0, "batches": 0, "lists": 0, "screens": 0, "voting_sessions": 0}
    async with grpc.aio.insecure_channel(stack.api("collection").target) as channel:
        town = Collection(channel, stack.issuer, "xihu")
        await town.open_cycle()

        async def submitter() -> None:
            while not stop.is_set():
                await town.submit(request_id=str(uuid.uuid4()))
                done["submits"] += 1

        async def others() -> None:
            while not stop.is_set():
                await town.stub.BatchSubmitProposals(batch_request(town.parent, 0), metadata=town.staff)
                done["batches"] += 1
                for proposal in await town.list(page_size=20, state=pb.Proposal.SUBMITTED):
                    await town.screen(proposal.name)
                    done["screens"] += 1
                done["lists"] += 1
                await asyncio.sleep(1)

        async def sessions() -> None:
            while not stop.is_set():
                await ballots.bench(stack)
                done["voting_sessions"] += 1
                try:
                    await asyncio.wait_for(stop.wait(), 60)
                except asyncio.TimeoutError:
                    pass

        await asyncio.gather(*(submitter() for _ in range(32)), others(), sessions())
    return done


async def soak(stack: LocalStack, minutes: float) -> dict:
    pids = processes(stack)
    curve = [{"minute": 0.0, **{name: rss_mb(pid) for name, pid in pids.items()}}]
    print(json.dumps(curve[-1], ensure_ascii=False), flush=True)
    stop = asyncio.Event()
    driving = asyncio.create_task(load(stack, stop))
    started = time.monotonic()
    while time.monotonic() - started < minutes * 60:
        await asyncio.sleep(SAMPLE_SECONDS)
        if driving.done():
            driving.result()  # the load failed: say why
        curve.append({"minute": round((time.monotonic() - started) / 60, 1),
                      **{name: rss_mb(pid) for name, pid in pids.items()}})
        print(json.dumps(curve[-1], ensure_ascii=False), flush=True)
    stop.set()
    done = await driving
    last = curve[-1]
    peak = {name: max(reading[name] for reading in curve) for name in pids}
    return {"done": done, "curve": curve,
            "growth_mb": {name: round(last[name] - curve[1][name], 1) for name in pids},
            "peak_mb": {name: mb for name, mb in sorted(peak.items(), key=lambda item: -item[1])},
            # The goal: under the limit after the soak; a reading over it meanwhile is reported.
            "over_limit": [name for name in pids if last[name] >= LIMIT_MB],
            "over_limit_meanwhile": [name for name in pids if peak[name] >= LIMIT_MB]}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.soak")
    parser.add_argument("--minutes", type=float, default=10)
    minutes = parser.parse_args().minutes
    with bench_stack(prefix="minsheng-soak-") as stack:
        load_average = round(os.getloadavg()[0], 1)
        results = asyncio.run(soak(stack, minutes))
    results = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "minutes": minutes,
               "load_average_at_start": load_average, "limit_mb": LIMIT_MB, **results}
    if minutes >= 10:
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps({k: v for k, v in results.items() if k != "curve"}, indent=2, ensure_ascii=False))
    if results["over_limit"]:
        raise SystemExit(f"over {LIMIT_MB} MB: {', '.join(results['over_limit'])}")


if __name__ == "__main__":
    main()
