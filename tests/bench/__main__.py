"""`make bench`: the collection service's SubmitProposal path against a bare grpc.aio echo
service, both driven by the same concurrent client in the same run, in turns (these
machines are noisy, and shared: only ratios within one run mean much, and the turns let
other processes' load weigh on both alike); a command to its event applied in another
service against a bare JetStream publish -> consume; 160 casts against 160 bare database
commits; the ballot box's cryptography (tests/bench/ballotbox.py); and the district's report,
replay and rebuild (tests/bench/district.py).
Writes tests/bench/results.json. `--only submit,events,voting,ballotbox,district` runs some parts."""
import argparse
import asyncio
import contextlib
import json
import os
import platform
import subprocess
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import grpc
import nats
import psutil
import psycopg

from services.platform import events
from services.stack.infra import free_port
from services.stack.runner import ROOT, LocalStack
from tests.bench import ballotbox, ballots as voting, district, floors
from tests.bench.echo import METHOD
from tests.bench.stack import bench_stack
from tests.collection.client import Collection, proposal_message

CONCURRENCY = 64
REQUESTS = 3000
LATENCY_SAMPLES = 200
# Turns the echo and SubmitProposal take, one after the other.
ROUNDS = 6
RESULTS = Path(__file__).parent / "results.json"
PARTS = ("submit", "events", "voting", "ballotbox", "district")
# The services the bench runs (`python -m tests.bench.breakdown` too).
BENCH_SERVICES = ["collection", "review", "voting", "district"]


def summary(latencies: list[float], seconds: float, concurrency: int) -> dict:
    latencies = sorted(latencies)
    return {"requests": len(latencies), "concurrency": concurrency, "per_second": round(len(latencies) / seconds, 1),
            "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
            "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 2)}


async def drive(call, *, total: int = REQUESTS, concurrency: int = CONCURRENCY) -> tuple[list[float], float]:
    """Runs `call` total times from `concurrency` concurrent workers: the latencies and the seconds."""
    latencies: list[float] = []
    remaining = iter(range(total))

    async def worker() -> None:
        for i in remaining:
            started = time.perf_counter()
            await call(i)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, time.perf_counter() - started


def box_cpu_seconds(stack: LocalStack) -> float:
    """The CPU time used so far by this process (the client), its children (the services,
    NATS, the echo server) and PostgreSQL's processes: what the calls cost the box, whatever
    other processes of a shared machine take meanwhile."""
    me = psutil.Process()
    processes = [me, *me.children(recursive=True)]
    if stack.pg.pid:
        postgres = psutil.Process(stack.pg.pid)
        processes += [postgres, *postgres.children()]
    used = 0.0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            used += times.user + times.system
    return used


async def interleaved(calls: dict, *, total: int = REQUESTS, rounds: int = ROUNDS,
                      concurrency: int = CONCURRENCY, cpu=None, settle: dict | None = None) -> dict[str, dict]:
    """Each call `total` times, in `rounds` turns taken one after the other, so that the
    load other processes put on the machine weighs on each alike; with `cpu` (a clock of
    the box's CPU seconds), also the CPU milliseconds a call cost. `settle` (by call) waits
    after the call's turn until what the calls caused is done (their events published and
    applied): that CPU counts for the call, not for the next turn; the wait is not timed."""
    latencies: dict[str, list[float]] = {name: [] for name in calls}
    seconds = dict.fromkeys(calls, 0.0)
    cpu_seconds = dict.fromkeys(calls, 0.0)
    for _ in range(rounds):
        for name, call in calls.items():
            used = cpu() if cpu else 0.0
            found, took = await drive(call, total=total // rounds, concurrency=concurrency)
            if settle and name in settle:
                await settle[name]()
            cpu_seconds[name] += (cpu() - used) if cpu else 0.0
            latencies[name] += found
            seconds[name] += took
    results = {name: summary(latencies[name], seconds[name], concurrency) for name in calls}
    for name in calls if cpu else ():
        results[name]["box_cpu_ms_per_call"] = round(cpu_seconds[name] / len(latencies[name]) * 1000, 3)
    return results


@contextlib.asynccontextmanager
async def echo_server():
    """A bare grpc.aio service that echoes its request bytes, in a process of its own."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'services' / 'gen'}")
    server = subprocess.Popen([sys.executable, "-m", "tests.bench.echo", str(port)], env=env, cwd=ROOT)
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            await channel.channel_ready()
            echo = channel.unary_unary(METHOD)
            payload = proposal_message().SerializeToString()
            yield lambda i: echo(payload)
    finally:
        server.terminate()
        server.wait(10)


async def events_applied(stack: LocalStack, town_id: str, timeout: float = 300) -> None:
    """Waits until the district has applied every proposal the town's submissions created
    (its collection consumer's inbox holds an event for each; the town submits nothing else);
    TimeoutError after `timeout` seconds, as a district that stopped applying events would."""
    query = ("SELECT (SELECT count(*) FROM collection.proposals WHERE town_id = %(town)s), "
             "(SELECT count(*) FROM district.inbox WHERE town_id = %(town)s AND consumer = 'district-collection')")
    async with await psycopg.AsyncConnection.connect(stack.pg.url(database=stack.roles.database),
                                                     autocommit=True) as db:
        async with asyncio.timeout(timeout):
            while True:
                proposals, applied = await (await db.execute(query, {"town": town_id})).fetchone()
                if applied >= proposals:
                    return
                await asyncio.sleep(0.02)


async def bench_submit(stack: LocalStack, echo) -> dict:
    """SubmitProposal and the echo, 64 concurrent calls each, in turns; and the echo under
    160 calls at once (the voting load). After each SubmitProposal turn, the district applies
    its events before the echo's turn begins: their CPU counts for SubmitProposal."""
    async with grpc.aio.insecure_channel(stack.api("collection").target) as channel:
        town = Collection(channel, stack.issuer, "xihu")
        await town.open_cycle()
        submit = lambda i: town.submit(request_id=str(uuid.uuid4()))  # noqa: E731
        await drive(echo, total=300)  # warm-up
        await drive(submit, total=300)
        return await interleaved({"echo_baseline": echo, "submit_proposal": submit},
                                 cpu=lambda: box_cpu_seconds(stack),
                                 settle={"submit_proposal": lambda: events_applied(stack, "xihu")})


async def bench_event_consumed(stack: LocalStack) -> dict:
    """SubmitProposal called -> its ProposalSubmitted event fetched by a JetStream consumer, one at a time."""
    nc = await nats.connect(stack.nats.url)
    js = nc.jetstream()
    sub = await js.pull_subscribe("minsheng.chentuan.collection.proposal_submitted", stream=events.STREAM)
    samples = []
    async with grpc.aio.insecure_channel(stack.api("collection").target) as channel:
        town = Collection(channel, stack.issuer, "chentuan")
        await town.open_cycle()
        for _ in range(LATENCY_SAMPLES):
            started = time.perf_counter()
            created = await town.submit()
            while True:
                msg = (await sub.fetch(1, timeout=10))[0]
                await msg.ack()
                if created.name.encode() in msg.data:
                    break
            samples.append(time.perf_counter() - started)
    await nc.close()
    return floors.percentiles(samples)


async def bench_event_applied(stack: LocalStack, town_id: str = "nanhu") -> dict:
    """ScreenProposal called -> its ProposalScreened event applied by the review service's
    consumer (the time its inbox row was written, in the consumer's transaction), one at a time."""
    samples = []
    async with grpc.aio.insecure_channel(stack.api("collection").target) as channel, \
            await psycopg.AsyncConnection.connect(stack.pg.url(database=stack.roles.database),
                                                  autocommit=True) as db:
        town = Collection(channel, stack.issuer, town_id)
        await town.open_cycle()
        proposals = [await town.submit() for _ in range(LATENCY_SAMPLES)]
        applied = ("SELECT count(*), max(processed_at) FROM review.inbox WHERE town_id = %s "
                   "AND consumer = 'review-shortlisted-proposals'")
        for count, proposal in enumerate(proposals, start=1):
            started = time.time()
            await town.screen(proposal.name)
            while True:
                found, at = await (await db.execute(applied, (town_id,))).fetchone()
                if found == count:
                    break
                await asyncio.sleep(0.001)
            samples.append(at.timestamp() - started)
    return floors.percentiles(samples)


async def run(stack: LocalStack, parts: set[str]) -> dict:
    results: dict = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    async with echo_server() as echo:
        if "submit" in parts:
            results.update(await bench_submit(stack, echo))
            submit, baseline = results["submit_proposal"], results["echo_baseline"]
            results["submit_vs_echo"] = {
                "throughput_ratio": round(submit["per_second"] / baseline["per_second"], 3),
                "p99_ratio": round(submit["p99_ms"] / baseline["p99_ms"], 2),
                # The throughput ratio on a box of their own, where CPU bounds both.
                "cpu_per_call_ratio": round(baseline["box_cpu_ms_per_call"] / submit["box_cpu_ms_per_call"], 3)}
        latencies, seconds = await drive(echo, total=voting.DEPUTIES, concurrency=voting.DEPUTIES)
        echo_160 = summary(latencies, seconds, voting.DEPUTIES)
    echo_p99 = results.get("echo_baseline", echo_160)["p99_ms"]
    if "events" in parts:
        floor = results["floor_jetstream_publish_to_consume"] = await floors.jetstream_publish_to_consume(
            stack.nats.url)
        consumed = results["submit_to_event_consumed"] = await bench_event_consumed(stack)
        applied = results["screen_to_event_applied_by_review"] = await bench_event_applied(stack)
        results["events_vs_floor"] = {
            "consumed_p99_ratio": round(consumed["p99_ms"] / floor["p99_ms"], 1),
            "applied_p99_ratio": round(applied["p99_ms"] / floor["p99_ms"], 1),
            "applied_p99_vs_echo_p99": round(applied["p99_ms"] / echo_p99, 2)}
    if "voting" in parts:
        commits = results["floor_160_database_commits"] = await floors.database_commits(
            stack.pg.url(database=stack.roles.database), voting.DEPUTIES)
        echo_160_seconds = echo_160["requests"] / echo_160["per_second"]
        ballots = results["voting"] = await voting.bench(stack)
        cast_seconds = ballots["voting_160_concurrent_casts_all_accepted_seconds"]
        results["echo_160_at_once_seconds"] = round(echo_160_seconds, 3)
        results["voting_casts_vs_echo_160"] = round(cast_seconds / echo_160_seconds, 2)
        results["voting_casts_vs_160_database_commits"] = round(cast_seconds / commits["seconds"], 2)
    if "ballotbox" in parts:
        results["ballot_box"] = ballotbox.bench()
    if "district" in parts:
        results["district"] = await district.bench(stack)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench")
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts of {PARTS}")
    parts = set(parser.parse_args().only.split(","))
    with bench_stack(BENCH_SERVICES) as stack:
        results = asyncio.run(run(stack, parts))
    if parts == set(PARTS):
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
