"""Events through the real outbox, relay and JetStream: never lost, never doubled."""
import asyncio

import nats
import pytest

from minsheng.events.v1 import collection_events_pb2 as ev
from services.collection import models
from services.platform import events
from services.platform.db import Database
from services.platform.outbox import Relay
from services.platform.uow import DatabaseUnits
from tests.collection.client import Collection
from tests.events import collect, envelopes

pytestmark = pytest.mark.integration


async def test_events_carry_no_personal_data(channel_to, issuer, new_town, nats_client):
    town = Collection(channel_to("collection"), issuer, new_town)
    await town.open_cycle()
    created = await town.submit()
    await town.screen(created.name)
    messages = await collect(nats_client.jetstream(), f"minsheng.{new_town}.collection.>", expected=3)
    kinds = [e.event_type for e in envelopes(messages)]
    assert kinds == ["collection_cycle_opened", "proposal_submitted", "proposal_screened"]
    for message in messages:
        assert "13812345678".encode() not in message.data and "张三".encode() not in message.data
    screened = events.unpack(envelopes(messages)[2])
    assert isinstance(screened, ev.ProposalScreened) and screened.title == "村道硬化"
    assert messages[2].headers["Nats-Msg-Id"] == envelopes(messages)[2].event_id


async def test_commands_succeed_without_nats_and_events_arrive_once_after(stack, channel_to, issuer, new_town,
                                                                          nats_client, sql):
    town = Collection(channel_to("collection"), issuer, new_town)
    await nats_client.close()
    stack.nats.kill()
    try:
        await town.open_cycle()
        created = [await town.submit() for _ in range(5)]
        backlog = sql("SELECT count(*) FROM collection.outbox WHERE town_id = %s AND published_at IS NULL",
                      (new_town,))
        assert backlog == [(6,)]
    finally:
        stack.nats.start()
    nc = await nats.connect(stack.nats.url)
    try:
        messages = await collect(nc.jetstream(), f"minsheng.{new_town}.collection.>", expected=6, timeout=30)
    finally:
        await nc.close()
    ids = [e.event_id for e in envelopes(messages)]
    assert len(ids) == 6 and len(set(ids)) == 6
    submitted = {e.aggregate_id for e in envelopes(messages) if e.event_type == "proposal_submitted"}
    assert submitted == {p.name for p in created}


@pytest.fixture
def relay_stopped(stack):
    """Stops the stack's collection relay, so a test drives relays of its own."""
    relay = next(p for p in stack.processes if p.service == "collection" and p.role == "relay")
    stack.stop_process(relay)
    yield
    stack.start_service("collection", "relay")


async def record_events(database: Database, town: str, aggregates: int, per_aggregate: int) -> None:
    """`per_aggregate` units of work, each recording one event of every aggregate."""
    units = DatabaseUnits(database, models.event_tables, "collection", models.Repository)
    for seq in range(1, per_aggregate + 1):
        async with units(town) as uow:
            for a in range(aggregates):
                uow.record(f"towns/{town}/proposals/agg{a}", ev.ProposalAnswered(proposal=f"agg{a}", answer=str(seq)))


class CountingJetStream:
    """The real JetStream client, counting publishes per event id as they are sent (and
    failing after `fail_after` of them, to stand for a relay that dies mid-batch while the
    acknowledgements of several aggregates' publishes are awaited at once)."""

    def __init__(self, js, fail_after: int | None = None):
        self.js = js
        self.fail_after = fail_after
        self.published: list[str] = []

    async def publish_async(self, subject, payload, headers, stream):
        if self.fail_after is not None and len(self.published) >= self.fail_after:
            raise OSError("relay died")
        self.published.append(headers["Nats-Msg-Id"])
        return await self.js.publish_async(subject, payload, headers=headers, stream=stream)


async def test_a_relay_dying_mid_batch_loses_nothing_and_duplicates_are_dropped(
        stack, relay_stopped, new_town, nats_client):
    app = Database(stack.database_url("api"))
    relay_db = Database(stack.database_url("relay"))
    await record_events(app, new_town, aggregates=3, per_aggregate=10)
    js = nats_client.jetstream()
    dying = CountingJetStream(js, fail_after=12)
    with pytest.raises(OSError):
        await Relay(relay_db, models.event_tables.outbox, dying, batch_size=100).publish_batch()
    assert len(dying.published) == 12
    healthy = CountingJetStream(js)
    while await Relay(relay_db, models.event_tables.outbox, healthy, batch_size=100).publish_batch():
        pass
    assert set(dying.published) <= set(healthy.published)  # re-sent after the crash ...
    messages = await collect(js, f"minsheng.{new_town}.collection.>", expected=30)
    ids = [e.event_id for e in envelopes(messages)]
    assert len(ids) == 30 and len(set(ids)) == 30  # ... but stored once
    await app.close()
    await relay_db.close()


async def test_two_relays_publish_each_event_once_in_aggregate_order(stack, relay_stopped, new_town, nats_client):
    app = Database(stack.database_url("api"))
    await record_events(app, new_town, aggregates=40, per_aggregate=5)
    js = nats_client.jetstream()
    counters = [CountingJetStream(js), CountingJetStream(js)]
    databases = [Database(stack.database_url("relay")) for _ in counters]

    async def drain(relay: Relay) -> None:
        idle = 0
        while idle < 3:
            idle = idle + 1 if await relay.publish_batch() == 0 else 0
            await asyncio.sleep(0.01)

    await asyncio.gather(*(drain(Relay(db, models.event_tables.outbox, c, batch_size=15)) for db, c in zip(databases, counters)))
    published = counters[0].published + counters[1].published
    assert len(published) == 200 and len(set(published)) == 200
    assert counters[0].published and counters[1].published  # both did share the work
    messages = await collect(js, f"minsheng.{new_town}.collection.>", expected=200)
    by_aggregate: dict[str, list[int]] = {}
    for envelope in envelopes(messages):
        by_aggregate.setdefault(envelope.aggregate_id, []).append(envelope.aggregate_sequence)
    assert all(seqs == list(range(1, 6)) for seqs in by_aggregate.values()) and len(by_aggregate) == 40
    for db in [app, *databases]:
        await db.close()


async def stored_count(js, subject: str) -> int:
    info = await js.stream_info(events.STREAM, subjects_filter=subject)
    return sum((info.state.subjects or {}).values())


async def test_a_relay_process_killed_mid_batch_loses_nothing(stack, relay_stopped, new_town, nats_client, sql):
    app = Database(stack.database_url("api"))
    await record_events(app, new_town, aggregates=50, per_aggregate=80)
    await app.close()
    js = nats_client.jetstream()
    subject = f"minsheng.{new_town}.collection.>"
    relay = stack.start_service("collection", "relay", supervised=False)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    while await stored_count(js, subject) == 0:
        assert loop.time() < deadline, "the relay never started publishing"
        await asyncio.sleep(0.005)
    relay.process.kill()  # SIGKILL while it publishes its first batches
    relay.process.wait(10)
    stack.processes.remove(relay)
    unpublished = sql("SELECT count(*) FROM collection.outbox WHERE town_id = %s AND published_at IS NULL",
                      (new_town,))[0][0]
    assert await stored_count(js, subject) < 4000 and unpublished > 0  # it really died mid-way
    successor = stack.start_service("collection", "relay")
    try:
        messages = await collect(js, subject, expected=4000, timeout=90)
    finally:
        stack.stop_process(successor)
    ids = [e.event_id for e in envelopes(messages)]
    assert len(ids) == 4000 and len(set(ids)) == 4000
