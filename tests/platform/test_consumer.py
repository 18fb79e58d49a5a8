"""Durable consumers against the real JetStream and PostgreSQL: an event is applied once
however often it is delivered; a failing one is retried with backoff, then dead-lettered; one
awaiting its prerequisite from another stream is retried uncounted until it applies, or
dead-lettered when its horizon passes."""
import asyncio

import pytest
from sqlalchemy import text

from minsheng.events.v1 import collection_events_pb2 as ev
from services.collection import models
from services.platform import events, telemetry
from services.platform.consumer import Consumer, Subscription
from services.platform.errors import NotYetApplicable
from services.platform.db import Database
from services.platform.towns import TownRegistry
from services.platform.uow import Context, DatabaseUnits
from tests.events import collect

pytestmark = pytest.mark.integration


async def publish(js, town: str, payload, *, msg_id: str | None = None):
    envelope = events.new_envelope(town_id=town, source="testsource", aggregate_id=f"towns/{town}/x/1",
                                   aggregate_sequence=1, payload=payload)
    subject = events.subject(town, "testsource", envelope.event_type)
    await js.publish(subject, envelope.SerializeToString(), headers={"Nats-Msg-Id": msg_id or envelope.event_id},
                     stream=events.STREAM)
    return envelope


def consumer_of(database: Database, js, subscription: Subscription, **options) -> Consumer:
    """A consumer of the collection service's schema running `subscription`."""
    units = DatabaseUnits(database, models.event_tables, "collection", models.Repository)
    return Consumer(Context(towns=TownRegistry(()), unit_of_work=units), js, "collection", subscription, **options)


async def run_for(consumer: Consumer, seconds: float) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    await asyncio.sleep(seconds)
    stop.set()
    await task


async def test_a_redelivered_event_is_applied_once(stack, nats_client, new_town):
    js = nats_client.jetstream()
    database = Database(stack.database_url("consumer"))
    applied: list[str] = []

    async def handle(ctx, uow, payload, envelope):
        await uow.conn.execute(text("SELECT 1"))
        assert payload == ev.ProposalAnswered(proposal="p1")
        applied.append(envelope.event_id)

    subscription = Subscription(durable=f"once-{new_town}", subjects=[f"minsheng.{new_town}.testsource.>"],
                                handle=handle)
    envelope = await publish(js, new_town, ev.ProposalAnswered(proposal="p1"))
    # The same event again under another message id: JetStream cannot drop it, the inbox must.
    await js.publish(events.subject(new_town, "testsource", envelope.event_type), envelope.SerializeToString(),
                     headers={"Nats-Msg-Id": envelope.event_id + "-again"}, stream=events.STREAM)
    await run_for(consumer_of(database, js, subscription), 2.5)
    assert applied == [envelope.event_id]
    await database.close()


async def test_a_failing_event_is_retried_with_backoff_then_dead_lettered(stack, nats_client, new_town, sql):
    js = nats_client.jetstream()
    database = Database(stack.database_url("consumer"))
    attempts: list[float] = []
    loop = asyncio.get_running_loop()

    async def handle(ctx, uow, payload, envelope):
        attempts.append(loop.time())
        raise ValueError("this event cannot be applied")

    subscription = Subscription(durable=f"fails-{new_town}", subjects=[f"minsheng.{new_town}.testsource.>"],
                                handle=handle, max_deliveries=3, backoff_seconds=(0.3, 1.2))
    envelope = await publish(js, new_town, ev.ProposalAnswered(proposal="p2"))
    await run_for(consumer_of(database, js, subscription), 5)
    assert len(attempts) == 3
    gaps = [b - a for a, b in zip(attempts, attempts[1:])]
    assert gaps[0] >= 0.25 and gaps[1] >= 1.1 and gaps[1] > gaps[0]  # the delay grows
    dead = await collect(js, f"{events.DEAD_LETTER_PREFIX}.collection.fails-{new_town}", expected=1,
                         stream=events.DEAD_LETTER_STREAM)
    assert len(dead) == 1 and dead[0].data == envelope.SerializeToString()
    assert "failed 3 times" in dead[0].headers["Minsheng-Reason"]
    assert "cannot be applied" in dead[0].headers["Minsheng-Reason"]
    # Nothing of the failed attempts stayed in the inbox: a fixed consumer could still apply it.
    assert sql("SELECT count(*) FROM collection.inbox WHERE event_id = %s", (envelope.event_id,)) == [(0,)]
    await database.close()


async def test_a_message_that_is_no_envelope_is_dead_lettered_at_once(stack, nats_client, new_town):
    js = nats_client.jetstream()
    database = Database(stack.database_url("consumer"))
    applied = []

    async def handle(ctx, uow, payload, envelope):
        applied.append(envelope)

    subscription = Subscription(durable=f"garbage-{new_town}", subjects=[f"minsheng.{new_town}.testsource.>"],
                                handle=handle)
    await js.publish(events.subject(new_town, "testsource", "garbage"), b"\xff\xfe not protobuf",
                     stream=events.STREAM)
    await run_for(consumer_of(database, js, subscription), 2.5)
    assert applied == []
    dead = await collect(js, f"{events.DEAD_LETTER_PREFIX}.collection.garbage-{new_town}", expected=1,
                         stream=events.DEAD_LETTER_STREAM)
    assert len(dead) == 1 and "not an event envelope" in dead[0].headers["Minsheng-Reason"]
    await database.close()


async def test_an_event_awaiting_its_prerequisite_is_applied_once_when_it_arrives(stack, nats_client, new_town, sql):
    """The prerequisite comes by another stream (another durable consumer) after the event was
    delivered more often than max_deliveries: the event is applied once, not dead-lettered."""
    js = nats_client.jetstream()
    database = Database(stack.database_url("consumer"))
    arrived: set[str] = set()
    tries: list[str] = []
    applied: list[str] = []

    async def register(ctx, uow, payload, envelope):
        arrived.add(payload.proposal)

    async def answer(ctx, uow, payload, envelope):
        tries.append(payload.proposal)
        if payload.proposal not in arrived:
            raise NotYetApplicable(f"no proposal {payload.proposal} yet")
        applied.append(envelope.event_id)

    subjects = {kind: f"minsheng.{new_town}.testsource.{kind}" for kind in ("proposal_answered", "proposal_submitted")}
    waits = Subscription(durable=f"waits-{new_town}", subjects=[subjects["proposal_answered"]], handle=answer,
                         max_deliveries=3, backoff_seconds=(0.05, 0.1, 0.2))
    brings = Subscription(durable=f"brings-{new_town}", subjects=[subjects["proposal_submitted"]], handle=register)
    awaiting = telemetry.CONSUMER_AWAITING.labels("collection", waits.durable)
    answered = await publish(js, new_town, ev.ProposalAnswered(proposal="p3"))
    stop = asyncio.Event()
    waiting = asyncio.create_task(consumer_of(database, js, waits, await_seconds=60).run(stop))
    try:
        for _ in range(100):
            if len(tries) > 5:
                break
            await asyncio.sleep(0.1)
        assert len(tries) > 5 and applied == [] and awaiting._value.get() == 1
        await publish(js, new_town, ev.ProposalSubmitted(proposal="p3"))
        await run_for(consumer_of(database, js, brings), 2)
        for _ in range(50):
            if applied:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(1)  # a second application would show by now
    finally:
        stop.set()
        await waiting
    assert applied == [answered.event_id] and awaiting._value.get() == 0
    assert sql("SELECT count(*) FROM collection.inbox WHERE event_id = %s", (answered.event_id,)) == [(1,)]
    info = await js.stream_info(events.DEAD_LETTER_STREAM, subjects_filter=f"{events.DEAD_LETTER_PREFIX}.>")
    assert not any(waits.durable in subject for subject in (info.state.subjects or {}))
    await database.close()


async def test_an_event_awaiting_past_its_horizon_is_dead_lettered_with_the_reason(stack, nats_client, new_town):
    js = nats_client.jetstream()
    database = Database(stack.database_url("consumer"))

    async def answer(ctx, uow, payload, envelope):
        raise NotYetApplicable("no proposal p4 yet")

    subscription = Subscription(durable=f"gives-up-{new_town}", subjects=[f"minsheng.{new_town}.testsource.>"],
                                handle=answer, max_deliveries=50, backoff_seconds=(0.1, 0.2))
    envelope = await publish(js, new_town, ev.ProposalAnswered(proposal="p4"))
    await run_for(consumer_of(database, js, subscription, await_seconds=1), 3)
    dead = await collect(js, f"{events.DEAD_LETTER_PREFIX}.collection.gives-up-{new_town}", expected=1,
                         stream=events.DEAD_LETTER_STREAM)
    assert len(dead) == 1 and dead[0].data == envelope.SerializeToString()
    reason = dead[0].headers["Minsheng-Reason"]
    assert reason.startswith("awaited its prerequisite") and "no proposal p4 yet" in reason
    await database.close()
