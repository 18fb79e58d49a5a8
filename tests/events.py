"""Reading events from the real JetStream in tests."""
import asyncio

import nats.errors

from minsheng.events.v1.envelope_pb2 import Envelope
from services.platform import events


async def collect(js, subject: str, *, expected: int, timeout: float = 20, settle: float = 0.5,
                  stream: str = events.STREAM) -> list:
    """Every message on `subject` from the start of the stream, until `expected` arrived and
    nothing more came for `settle` seconds (so extra copies would be seen too)."""
    sub = await js.pull_subscribe(subject, stream=stream)
    received = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    last_arrival = loop.time()
    while loop.time() < deadline:
        try:
            batch = await sub.fetch(100, timeout=0.2)
        except (nats.errors.TimeoutError, asyncio.TimeoutError):
            batch = []
        for msg in batch:
            await msg.ack()
            received.append(msg)
        if batch:
            last_arrival = loop.time()
        elif len(received) >= expected and loop.time() - last_arrival >= settle:
            break
    await sub.unsubscribe()
    return received


def envelopes(messages) -> list[Envelope]:
    return [Envelope.FromString(m.data) for m in messages]
