"""The floors the service figures are compared with, measured on the same stack in the same
run: a bare JetStream publish -> consume, and bare PostgreSQL commits."""
import asyncio
import time
import uuid

import nats
import psycopg

from services.platform import events

SAMPLES = 200
# Connections the bare commits share: the size of an api role's pool.
COMMIT_CONNECTIONS = 10


def percentiles(samples: list[float]) -> dict:
    samples = sorted(samples)
    return {"samples": len(samples), "p50_ms": round(samples[len(samples) // 2] * 1000, 2),
            "p99_ms": round(samples[int(len(samples) * 0.99)] * 1000, 2)}


async def jetstream_publish_to_consume(nats_url: str) -> dict:
    """One message at a time: published to the events stream, fetched by a pull consumer."""
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    subject = "minsheng.bench.floor.ping"
    sub = await js.pull_subscribe(subject, stream=events.STREAM)
    samples = []
    try:
        for _ in range(SAMPLES):
            started = time.perf_counter()
            await js.publish(subject, b"ping", headers={"Nats-Msg-Id": str(uuid.uuid4())}, stream=events.STREAM)
            msg = (await sub.fetch(1, timeout=10))[0]
            await msg.ack()
            samples.append(time.perf_counter() - started)
    finally:
        await nc.close()
    return percentiles(samples)


async def database_commits(url: str, total: int, connections: int = COMMIT_CONNECTIONS) -> dict:
    """`total` transactions at once (two inserts and a commit each, over `connections`
    connections): the time until all committed, with the stack's durability settings."""
    opened = [await psycopg.AsyncConnection.connect(url) for _ in range(connections)]
    await opened[0].execute("CREATE TABLE IF NOT EXISTS bench_commits (id uuid PRIMARY KEY, n int)")
    await opened[0].commit()
    free: asyncio.Queue = asyncio.Queue()
    for conn in opened:
        free.put_nowait(conn)

    async def commit_one(n: int) -> None:
        conn = await free.get()
        try:
            await conn.execute("INSERT INTO bench_commits VALUES (%s, %s)", (uuid.uuid4(), n))
            await conn.execute("INSERT INTO bench_commits VALUES (%s, %s)", (uuid.uuid4(), n))
            await conn.commit()
        finally:
            free.put_nowait(conn)

    try:
        started = time.perf_counter()
        await asyncio.gather(*(commit_one(n) for n in range(total)))
        seconds = time.perf_counter() - started
    finally:
        for conn in opened:
            await conn.close()
    return {"commits": total, "connections": connections, "seconds": round(seconds, 3)}
