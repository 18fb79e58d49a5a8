"""Where SubmitProposal's CPU goes: `python -m tests.bench.breakdown [calls]` starts the
bench's stack, makes the calls (64 concurrent), waits until the district has applied every
event they caused, and prints each process's CPU per call (the client, each service role,
NATS, PostgreSQL). Counting until the events are applied matters: a consumer that lags
spends its CPU after the calls, where a timed window would miss it."""
import asyncio
import contextlib
import json
import sys
import time
import uuid
from pathlib import Path

import grpc
import psutil

from services.stack.runner import LocalStack
from tests.bench.__main__ import BENCH_SERVICES, drive, events_applied
from tests.bench.stack import bench_stack
from tests.collection.client import Collection

TOWN = "xihu"


def process_name(process: psutil.Process) -> str:
    """`collection api`, `district consumer`, `nats-server`, ... from the command line."""
    line = process.cmdline()
    if "-m" in line:
        return " ".join(line[line.index("-m") + 1:][:2]).removeprefix("services.")
    return Path(line[0]).name if line else "?"


def cpu_by_process(stack: LocalStack) -> dict[tuple[int, str], float]:
    me = psutil.Process()
    processes = [(me, "client")] + [(p, None) for p in me.children(recursive=True)]
    postgres = psutil.Process(stack.pg.pid)
    processes += [(p, "postgres") for p in (postgres, *postgres.children())]
    used = {}
    for process, name in processes:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            used[(process.pid, name or process_name(process))] = times.user + times.system
    return used


async def breakdown(stack: LocalStack, calls: int) -> dict:
    async with grpc.aio.insecure_channel(stack.api("collection").target) as channel:
        town = Collection(channel, stack.issuer, TOWN)
        await town.open_cycle()
        submit = lambda i: town.submit(request_id=str(uuid.uuid4()))  # noqa: E731
        await drive(submit, total=500)  # warm-up
        await events_applied(stack, TOWN)
        before = cpu_by_process(stack)
        _, seconds = await drive(submit, total=calls)
        started = time.perf_counter()
        await events_applied(stack, TOWN)
        applied_after = time.perf_counter() - started
        after = cpu_by_process(stack)
    per_call: dict[str, float] = {}
    for (pid, name), used in after.items():
        per_call[name] = per_call.get(name, 0.0) + (used - before.get((pid, name), 0.0)) / calls * 1000
    shown = {name: round(ms, 3) for name, ms in sorted(per_call.items(), key=lambda item: -item[1]) if ms >= 0.005}
    return {"calls": calls, "calls_per_second": round(calls / seconds), "events_applied_after_seconds":
            round(applied_after, 2), "cpu_ms_per_call": shown, "total_cpu_ms_per_call": round(sum(per_call.values()), 3)}


def main() -> None:
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 6000
    with bench_stack(BENCH_SERVICES) as stack:
        print(json.dumps(asyncio.run(breakdown(stack, calls)), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
