"""Gateway pieces that need no infrastructure: CloudEvents and their signature, endpoint
rules, settings, and the transcoding of requests with every wrong field named."""
import json
import re
import time

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from minsheng.events.v1.collection_events_pb2 import ProposalSubmitted
from minsheng.events.v1.envelope_pb2 import Envelope
from services.gateway import cloudevents, settings, transcode
from services.gateway.domain import endpoint_problem, subscription_secret
from services.gateway.routes import Router, bindings_of
from services.platform import events
from services.platform.errors import InvalidArgument

SECRET = "s3cret-of-the-subscription"
KEY = "a2V5LW9mLXRoZS1nYXRld2F5LWZvci1zdWJzY3JpcHRpb25zIQ=="  # 37 bytes


def test_a_cloud_event_carries_the_event_and_its_payload_in_canonical_json():
    payload = ProposalSubmitted(proposal="towns/xihu/proposals/p1", year=2024, channel=ProposalSubmitted.WEB)
    envelope = events.new_envelope(town_id="xihu", source="collection", aggregate_id="towns/xihu/proposals/p1",
                                   aggregate_sequence=3, payload=payload)
    envelope.occurred_at.CopyFrom(Timestamp(seconds=1_700_000_000))
    event = cloudevents.cloud_event(envelope, payload)
    assert event == {"specversion": "1.0", "id": envelope.event_id, "source": "urn:minsheng:xihu:collection",
                     "type": "cn.gov.minsheng.collection.proposal_submitted.v1",
                     "subject": "towns/xihu/proposals/p1", "time": "2023-11-14T22:13:20Z",
                     "datacontenttype": "application/json", "town": "xihu", "aggregatesequence": 3,
                     "data": {"proposal": "towns/xihu/proposals/p1", "year": 2024, "channel": "WEB"}}
    assert json.loads(cloudevents.body_of(event)) == event


def test_the_signature_proves_the_body_and_its_time():
    body = b'{"id":"e1"}'
    header = cloudevents.signature(SECRET, body)
    assert re.fullmatch(r"t=[0-9]+,v1=[0-9a-f]{64}", header)
    assert cloudevents.verify(SECRET, body, header)
    assert not cloudevents.verify(SECRET, body + b" ", header)  # another body
    assert not cloudevents.verify("another secret", body, header)
    old = cloudevents.signature(SECRET, body, int(time.time()) - 600)
    assert not cloudevents.verify(SECRET, body, old)  # a replay, too old
    assert not cloudevents.verify(SECRET, body, "v1=abc")


@pytest.mark.parametrize("url, loopback, problem", [
    ("https://finance.example.org/minsheng/events", False, None),
    ("http://finance.example.org/events", True, "must be an https:// URL"),
    ("http://127.0.0.1:8080/events", False, "must be an https:// URL"),
    ("http://127.0.0.1:8080/events", True, None),
    ("http://[::1]:8080/events", True, None),
    ("https://user:pw@finance.example.org/", False, "an absolute URL with a host, without credentials or a fragment"),
    ("https://finance.example.org:99999/", False, "not a URL"),
    ("finance.example.org/events", False, "an absolute URL with a host, without credentials or a fragment"),
])
def test_endpoints_are_https_but_for_the_loopback_where_allowed(url, loopback, problem):
    assert endpoint_problem(url, allow_loopback_http=loopback) == problem


def test_settings_report_every_problem_and_read_the_defaults():
    problems: list[str] = []
    settings.read({settings.TARGETS: '{"budget": "h:1"}', settings.RETRY: "1,x", settings.PORT: "-1",
                   settings.LOOPBACK: "yes"}, "api", problems)
    assert [p.split(":")[0] for p in problems] == [settings.LOOPBACK, settings.PORT, settings.TARGETS, settings.RETRY,
                                                   settings.SUBSCRIPTION_KEY]
    problems = []
    read = settings.read({settings.TARGETS: '{"collection": "collection-api:50051"}', settings.SUBSCRIPTION_KEY: KEY},
                         "api", problems)
    assert problems == [] and read.targets == {"collection": "collection-api:50051"}
    assert read.http_port == 8080 and read.retry_seconds[0] == 5 and not read.allow_loopback_http
    assert settings.read({settings.SUBSCRIPTION_KEY: KEY}, "consumer", problems).targets == {} and problems == []


def test_the_subscription_key_is_required_where_deliveries_are_signed():
    for role in ("api", "consumer"):
        problems: list[str] = []
        settings.read({settings.TARGETS: '{"collection": "c:1"}', settings.SUBSCRIPTION_KEY: "c2hvcnQ="}, role, problems)
        assert [p.split(":")[0] for p in problems] == [settings.SUBSCRIPTION_KEY], role
    problems = []
    assert settings.read({}, "migrate", problems).subscription_key == b"" and problems == []


def test_a_subscriptions_secret_is_derived_from_the_key_and_its_id():
    key = bytes(range(32))
    secret = subscription_secret(key, "a1")
    assert secret == subscription_secret(key, "a1") and len(secret) == 43
    assert secret != subscription_secret(key, "a2")
    assert secret != subscription_secret(bytes(32), "a1")


def test_a_request_is_built_from_path_query_body_and_header():
    router = Router(bindings_of("collection"))
    binding, path = router.match("POST", "/v1/towns/xihu/proposals")
    message = transcode.request_message(binding, path, [], b'{"title": "x", "estimated_cost_yuan": 5}', "r-9")
    assert (message.parent, message.proposal.title, message.proposal.estimated_cost_yuan, message.request_id) == (
        "towns/xihu", "x", 5, "r-9")
    binding, path = router.match("GET", "/v1/towns/xihu/proposals")
    listed = transcode.request_message(binding, path, [("awaitingAnswer", "true"), ("state", "3")], b"", None)
    assert listed.awaiting_answer and listed.state == 3
    with pytest.raises(InvalidArgument) as caught:
        transcode.request_message(binding, path, [("awaitingAnswer", "maybe"), ("state", "DONE")], b"", None)
    assert [v.field for v in caught.value.violations] == ["awaiting_answer", "state"]
