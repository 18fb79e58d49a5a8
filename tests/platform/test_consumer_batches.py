"""A consumer applies a fetched batch's events of one town together, in one transaction,
against the real JetStream and PostgreSQL: each once, in stream order; a batch with a failing
event falls back to one unit of work per event, so only the failing one is retried."""
import pytest
from sqlalchemy import text

from minsheng.events.v1 import collection_events_pb2 as ev
from services.platform import events
from services.platform.consumer import Subscription
from services.platform.db import Database
from tests.events import collect
from tests.platform.test_consumer import consumer_of, publish, run_for

pytestmark = pytest.mark.integration


def recorder(calls: list, *, failing: str | None = None):
    """A use case noting (town, proposal, transaction id) of each event it applies."""
    async def handle(ctx, uow, payload, envelope):
        txid = (await uow.conn.execute(text("SELECT txid_current()"))).scalar_one()
        calls.append((envelope.town_id, payload.proposal, txid))
        if payload.proposal == failing:
            raise ValueError("this event cannot be applied")
    return handle


async def test_a_towns_events_are_applied_together_once_each_in_order(stack, nats_client, new_town, sql):
    js = nats_client.jetstream()
    database = Database(stack.database_url("consumer"))
    other = new_town + "b"
    calls: list = []
    subscription = Subscription(durable=f"together-{new_town}", handle=recorder(calls), subjects=[
        f"minsheng.{new_town}.testsource.>", f"minsheng.{other}.testsource.>"])
    sent = []
    for i in range(6):
        sent.append(await publish(js, new_town if i % 2 == 0 else other, ev.ProposalAnswered(proposal=f"p{i}")))
    twice = sent[2]  # the same event again under another message id: applied once, in the batch
    await js.publish(events.subject(new_town, "testsource", twice.event_type), twice.SerializeToString(),
                     headers={"Nats-Msg-Id": twice.event_id + "-again"}, stream=events.STREAM)
    await run_for(consumer_of(database, js, subscription), 2.5)

    assert [(town, p) for town, p, _ in calls if town == new_town] == [(new_town, "p0"), (new_town, "p2"),
                                                                      (new_town, "p4")]
    assert [(town, p) for town, p, _ in calls if town == other] == [(other, "p1"), (other, "p3"), (other, "p5")]
    transactions = {town: {txid for t, _, txid in calls if t == town} for town in (new_town, other)}
    assert all(len(found) == 1 for found in transactions.values())  # one transaction per town
    assert transactions[new_town] != transactions[other]
    inbox = sql("SELECT town_id, count(*) FROM collection.inbox WHERE consumer = %s GROUP BY town_id ORDER BY 1",
                (subscription.durable,))
    assert inbox == sorted([(new_town, 3), (other, 3)])
    await database.close()


async def test_a_batch_with_a_failing_event_is_applied_one_by_one(stack, nats_client, new_town, sql):
    js = nats_client.jetstream()
    database = Database(stack.database_url("consumer"))
    calls: list = []
    subscription = Subscription(durable=f"fallback-{new_town}", subjects=[f"minsheng.{new_town}.testsource.>"],
                                handle=recorder(calls, failing="bad"), max_deliveries=2, backoff_seconds=(0.2,))
    sent = [await publish(js, new_town, ev.ProposalAnswered(proposal=p)) for p in ("a", "bad", "c")]
    await run_for(consumer_of(database, js, subscription), 3)

    together, alone = calls[:2], calls[2:]
    # Together: "a", then "bad" failed and rolled "a" back with it.
    assert [p for _, p, _ in together] == ["a", "bad"] and together[0][2] == together[1][2]
    # Alone, in stream order, each in its own transaction; "bad" again once more, then dead-lettered.
    assert [p for _, p, _ in alone] == ["a", "bad", "c", "bad"]
    assert len({txid for _, _, txid in alone}) == 4
    applied = sql("SELECT event_id FROM collection.inbox WHERE consumer = %s ORDER BY event_id",
                  (subscription.durable,))
    assert applied == sorted([(sent[0].event_id,), (sent[2].event_id,)])
    dead = await collect(js, f"{events.DEAD_LETTER_PREFIX}.collection.fallback-{new_town}", expected=1,
                         stream=events.DEAD_LETTER_STREAM)
    assert len(dead) == 1 and dead[0].data == sent[1].SerializeToString()
    await database.close()


async def test_a_use_case_for_many_events_gets_a_towns_events_at_once_or_each_alone(stack, nats_client, new_town):
    js = nats_client.jetstream()
    database = Database(stack.database_url("consumer"))
    batches: list = []
    alone: list = []

    async def handle_all(ctx, uow, received):
        batches.append([payload.proposal for payload, _ in received])
        if "bad" in batches[-1]:
            raise ValueError("this batch cannot be applied")

    async def handle(ctx, uow, payload, envelope):
        alone.append(payload.proposal)

    subscription = Subscription(durable=f"all-{new_town}", subjects=[f"minsheng.{new_town}.testsource.>"],
                                handle=handle, handle_all=handle_all)
    for p in ("a", "b", "c"):
        await publish(js, new_town, ev.ProposalAnswered(proposal=p))
    await run_for(consumer_of(database, js, subscription), 2)
    assert batches == [["a", "b", "c"]] and alone == []
    for p in ("d", "bad"):
        await publish(js, new_town, ev.ProposalAnswered(proposal=p))
    await run_for(consumer_of(database, js, subscription), 2)
    assert batches[1:] == [["d", "bad"]] and alone == ["d", "bad"]  # rolled back, then each alone
    await database.close()
