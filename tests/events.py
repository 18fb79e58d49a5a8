"""Reading events from the real JetStream in tests."""
import asyncio

import nats.errors

from minsheng.events.v1.envelope_pb2 import Envelope
from minsheng.events.v1.review_events_pb2 import ItemNotRecommended
from minsheng.events.v1.voting_events_pb2 import AdoptedProject, ProjectsAdopted
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


async def publish_review_answer(js, town: str, proposal: str, *, answer: str) -> bytes:
    """The review service's answer to a proposer (ItemNotRecommended), as its relay would
    publish it. Returns the envelope's bytes."""
    envelope = events.new_envelope(town_id=town, source="review", aggregate_id=f"towns/{town}/reviews/2024",
                                   aggregate_sequence=1, payload=ItemNotRecommended(
                                       item=f"towns/{town}/reviews/2024/items/x", proposal=proposal, year=2024,
                                       answer=answer))
    data = envelope.SerializeToString()
    await js.publish(events.subject(town, "review", envelope.event_type), data,
                     headers={"Nats-Msg-Id": envelope.event_id}, stream=events.STREAM)
    return data


async def publish_projects_adopted(js, town: str, year: int, adopted: list[AdoptedProject]) -> bytes:
    """The voting service's final decision of a town's year (ProjectsAdopted), as its relay
    would publish it. Returns the envelope's bytes (publish them again for a redelivery)."""
    candidate_list = f"towns/{town}/candidateLists/{year}"
    envelope = events.new_envelope(town_id=town, source="voting", aggregate_id=candidate_list, aggregate_sequence=1,
                                   payload=ProjectsAdopted(candidate_list=candidate_list, year=year,
                                                           seats=len(adopted), adopted=adopted))
    await publish_envelope(js, envelope.SerializeToString())
    return envelope.SerializeToString()


async def publish_envelope(js, data: bytes, *, message_id: str | None = None) -> None:
    """Publishes an envelope to its subject; `message_id` other than its event id gets past
    JetStream's duplicate window, as a republished event would."""
    envelope = Envelope.FromString(data)
    await js.publish(events.subject(envelope.town_id, envelope.source, envelope.event_type), data,
                     headers={"Nats-Msg-Id": message_id or envelope.event_id}, stream=events.STREAM)
