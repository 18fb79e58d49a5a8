"""Events for subscribers on the real stack: a proposal goes from an HTTP client through
collection and review, and its events reach a webhook receiver started by the test as signed
CloudEvents that match the AsyncAPI document and carry no personal data; a receiver that fails
gets the retries, then the event is dead-lettered; only district staff manage subscriptions."""
import asyncio
from datetime import datetime

import httpx
import psycopg
import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from services.gateway import cloudevents
from services.platform import events
from services.stack.runner import GATEWAY
from tests.events import collect
from tests.gateway.helpers import PROPOSER, Receiver
from tests.helpers import wait_for

pytestmark = pytest.mark.integration

FLOW = ("collection.proposal_submitted", "collection.proposal_screened", "review.review_opened",
        "review.assessment_recorded")


def payload_validator(document: dict, key: str) -> Draft7Validator:
    registry = Registry().with_resource("urn:asyncapi", Resource(contents=document, specification=DRAFT7))
    return Draft7Validator({"$ref": f"urn:asyncapi#/components/messages/{key}/payload"}, registry=registry)


async def delivered(receiver: Receiver, count: int, what: str) -> list[dict]:
    async def enough():
        return len({e["id"] for e in receiver.events()}) >= count
    await wait_for(enough, timeout=30, what=what)
    return receiver.events()


def gateway_tables_as_text(stack) -> str:
    """Every row of every table of the gateway's schema, as a database dump would hold them."""
    with psycopg.connect(stack.database_url("migrate")) as conn:
        tables = [t for (t,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'gateway'")]
        assert "subscriptions" in tables
        return "\n".join(str(row) for t in tables for row in conn.execute(f'SELECT * FROM gateway."{t}"'))


async def test_a_proposals_events_reach_a_subscriber_as_signed_cloud_events(client, town, elsewhere, stack):
    # An event of one of the kinds from before the subscription, whatever ran before: with it a
    # consumer that started by time over several subjects skipped the new proposal_submitted.
    await elsewhere.submit(elsewhere.staff)
    with Receiver(204) as receiver:
        subscription = await town.subscribe(receiver.url, *FLOW)
        assert subscription["name"].startswith("subscriptions/") and len(subscription["secret"]) >= 40
        assert subscription["secret"] not in gateway_tables_as_text(stack)  # a stolen backup signs nothing
        await elsewhere.submit(elsewhere.staff)  # another town: not this subscription's
        await town.open_cycle()
        trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
        proposal = await town.submit(town.public | {"traceparent": f"00-{trace_id}-00f067aa0ba902b7-01"})
        await town.shortlist(proposal["name"])
        item = await town.review_item()
        await town.assess(item)
        received = await delivered(receiver, len(FLOW), "the flow's four events")
        await asyncio.sleep(1)  # time for a wrong extra delivery to show

    assert [e["type"] for e in receiver.events()] == [f"cn.gov.minsheng.{t}.v1" for t in FLOW]
    asyncapi = (await client.get("/asyncapi.json")).json()
    for (headers, body), event in zip(receiver.deliveries, received):
        assert headers["Content-Type"] == cloudevents.CONTENT_TYPE
        assert headers["Minsheng-Subscription"] == subscription["name"]
        assert cloudevents.verify(subscription["secret"], body, headers[cloudevents.SIGNATURE_HEADER])
        assert not cloudevents.verify(subscription["secret"], body.replace(b"}", b" }", 1),
                                      headers[cloudevents.SIGNATURE_HEADER])
        assert event["specversion"] == "1.0" and event["town"] == town.town
        assert event["source"] == f"urn:minsheng:{town.town}:{event['type'].split('.')[3]}"
        assert datetime.fromisoformat(event["time"]) and event["datacontenttype"] == "application/json"
        key = event["type"].removeprefix("cn.gov.minsheng.").removesuffix(".v1").replace(".", "_")
        payload_validator(asyncapi, key).validate(event)
        text = body.decode()
        assert PROPOSER["name"] not in text and PROPOSER["phone"] not in text  # no personal data
    submitted, screened, opened, assessed = received
    assert submitted["subject"] == screened["subject"] == proposal["name"]
    assert submitted["data"] == {"proposal": proposal["name"], "year": 2024, "channel": "ONLINE_PLATFORM",
                                 "category": "交通"}
    assert submitted["traceparent"].split("-")[1] == trace_id  # the HTTP caller's trace, through NATS
    assert screened["data"]["outcome"] == "SHORTLISTED" and opened["subject"] == f"towns/{town.town}/reviews/2024"
    assert assessed["subject"] == item and assessed["data"]["proposal"] == proposal["name"]
    assert len({e["id"] for e in received}) == len(FLOW)


async def test_a_failing_receiver_gets_every_attempt_then_a_dead_letter(stack, nats_client, town):
    with Receiver(500) as failing, Receiver(503, 503, 204) as recovering:
        broken = await town.subscribe(failing.url, "collection.proposal_submitted")
        await town.subscribe(recovering.url, "collection.proposal_submitted")
        proposal = await town.submit(town.staff)
        js = nats_client.jetstream()
        durable = "gateway-" + broken["name"].removeprefix("subscriptions/")
        dead = await collect(js, f"{events.DEAD_LETTER_PREFIX}.gateway.{durable}", expected=1,
                             stream=events.DEAD_LETTER_STREAM)
        await delivered(recovering, 1, "the recovered delivery")
    assert len(dead) == 1 and "HTTP 500" in dead[0].headers["Minsheng-Reason"]
    assert dead[0].headers["Minsheng-Original-Subject"] == events.subject(town.town, "collection",
                                                                          "proposal_submitted")
    attempts = failing.events()
    assert len(attempts) == 3 and {e["id"] for e in attempts} == {attempts[0]["id"]}  # one event, 3 attempts
    assert attempts[0]["subject"] == proposal["name"]
    assert [e["id"] for e in recovering.events()] == [attempts[0]["id"]] * 3  # 503, 503, then taken
    consumer = next(p for p in stack.processes if (p.service, p.role) == (GATEWAY, "consumer"))
    metrics = httpx.get(f"http://127.0.0.1:{consumer.metrics_port}/metrics").text
    assert f'minsheng_dead_letters_total{{consumer="{durable}",service="gateway"}} 1.0' in metrics
    assert 'minsheng_webhook_deliveries_total{outcome="failed",system="finance-bureau"}' in metrics
    assert 'minsheng_webhook_deliveries_total{outcome="delivered",system="finance-bureau"}' in metrics


async def test_only_district_staff_manage_subscriptions_and_endpoints_must_be_https(client, nats_client, town):
    with Receiver(204) as receiver:
        body = {"system": "gov-portal", "towns": [town.town], "endpoint": receiver.url,
                "eventTypes": ["cn.gov.minsheng.voting.result_announced.v1"]}
        refused = await client.post("/v1/subscriptions", headers=town.staff, json=body)
        assert refused.status_code == 403
        bad = await client.post("/v1/subscriptions", headers=town.district, json=body | {
            "system": "Gov Portal", "towns": ["atlantis"], "endpoint": "http://portal.example.org/events",
            "eventTypes": ["cn.gov.minsheng.voting.ballot_cast.v1"]})
        assert bad.status_code == 400
        fields = {v["field"] for d in bad.json()["error"]["details"] if "fieldViolations" in d
                  for v in d["fieldViolations"]}
        assert fields == {"subscription.system", "subscription.towns[0]", "subscription.endpoint",
                          "subscription.event_types[0]"}
        created = await town.ok("POST", "/v1/subscriptions", town.district, json=body, params={"requestId": "r-1"})
        again = await town.ok("POST", "/v1/subscriptions", town.district, json=body, params={"requestId": "r-1"})
        assert again == created and created["secret"]
        shown = await town.ok("GET", f"/v1/{created['name']}", town.district)
        assert "secret" not in shown and shown["endpoint"] == receiver.url
        listed = await town.ok("GET", "/v1/subscriptions", town.district, params={"pageSize": "500"})
        assert shown in listed["subscriptions"] and all("secret" not in s for s in listed["subscriptions"])
        js = nats_client.jetstream()
        durable = "gateway-" + created["name"].removeprefix("subscriptions/")

        async def consumers():
            return {c.name for c in await js.consumers_info(events.STREAM)}
        await wait_for(lambda: _has(consumers(), durable), what="the subscription's consumer")
        assert await town.ok("DELETE", f"/v1/{created['name']}", town.district) == {}
        gone = await client.get(f"/v1/{created['name']}", headers=town.district)
        assert gone.status_code == 404
        await wait_for(lambda: _has(consumers(), durable, False), what="the ended subscription's consumer removed")


async def _has(names, name: str, present: bool = True) -> bool:
    return (name in await names) == present
