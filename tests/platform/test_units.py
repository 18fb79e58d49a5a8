"""Platform pieces that need no infrastructure."""
import asyncio
import base64
import json
import logging
import time

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from google.rpc import error_details_pb2, status_pb2

from minsheng.events.v1.collection_events_pb2 import ProposalAnswered
from services.platform import auth, events, group, pseudonyms
from services.platform.config import ConfigError, Town, load_settings
from services.platform.memory import memory_context
from services.platform.errors import (FieldViolation, InvalidArgument, PermissionDenied, ResourceExhausted,
                                      Unauthenticated)
from services.platform.names import NamePattern, town_of
from services.platform.ratelimit import RateLimiter
from services.platform.rpc import to_status
from services.platform.telemetry import JsonFormatter, current_town
from services.platform.towns import TownRegistry
from services.voting import settings as voting_settings

TOWNS = '[{"id": "xihu", "name": "西湖镇"}]'


def test_config_reports_every_problem_at_once():
    with pytest.raises(ConfigError) as caught:
        load_settings("collection", "api", {"MINSHENG_GRPC_PORT": "abc", "MINSHENG_TOWNS": "[1]",
                                            "MINSHENG_TRACE_SAMPLE_RATIO": "2", "MINSHENG_DB_POOL_SIZE": "0"})
    text = str(caught.value)
    for key in ("MINSHENG_DATABASE_URL", "MINSHENG_NATS_URL", "MINSHENG_JWT_PUBLIC_KEY", "MINSHENG_GRPC_PORT",
                "MINSHENG_TOWNS", "MINSHENG_PAGE_TOKEN_KEY", "MINSHENG_TRACE_SAMPLE_RATIO", "MINSHENG_DB_POOL_SIZE"):
        assert key in text


def test_the_platforms_and_the_services_settings_report_their_problems_together():
    with pytest.raises(ConfigError) as caught:
        load_settings("voting", "api", {"MINSHENG_NATS_URL": "nats://h:4222", "MINSHENG_TOWNS": TOWNS,
                                        "MINSHENG_JWT_PUBLIC_KEY": auth.TokenIssuer.generate().public_key_pem(),
                                        voting_settings.SIGNING_ENV: "not base64!"},
                      own=voting_settings.read)
    problems = str(caught.value).splitlines()[1:]
    assert [p.strip().split(":")[0] for p in problems] == [
        "MINSHENG_DATABASE_URL", "MINSHENG_PAGE_TOKEN_KEY", pseudonyms.KEY_ENV, voting_settings.SIGNING_ENV]
    good = {"MINSHENG_DATABASE_URL": "postgresql://x@h/db", "MINSHENG_NATS_URL": "nats://h:4222",
            "MINSHENG_PAGE_TOKEN_KEY": base64.b64encode(bytes(32)).decode(),
            "MINSHENG_TOWNS": TOWNS, "MINSHENG_JWT_PUBLIC_KEY": auth.TokenIssuer.generate().public_key_pem()}
    key = pseudonyms.new_key()
    settings = load_settings("voting", "api", good | voting_settings.generate() | {pseudonyms.KEY_ENV: key},
                             own=voting_settings.read)
    assert settings.service_settings.keys.public_key
    assert settings.service_settings.attendance_digest_key == base64.b64decode(key)


def test_config_reads_a_good_environment():
    issuer = auth.TokenIssuer.generate()
    settings = load_settings("collection", "api", {
        "MINSHENG_DATABASE_URL": "postgresql://x@h/db", "MINSHENG_NATS_URL": "nats://h:4222",
        "MINSHENG_JWT_PUBLIC_KEY": issuer.public_key_pem(), "MINSHENG_TOWNS": TOWNS,
        "MINSHENG_PAGE_TOKEN_KEY": base64.b64encode(b"k" * 32).decode()})
    assert settings.towns[0].name == "西湖镇" and settings.grpc_port == 50051
    assert settings.page_token_key == b"k" * 32 and settings.max_token_lifetime_seconds == 12 * 3600


def test_tokens_verify_and_carry_town_and_roles():
    issuer = auth.TokenIssuer.generate()
    verifier = auth.TokenVerifier(issuer.public_key_pem(), issuer="minsheng", audience="minsheng",
                                  max_lifetime_seconds=3600)
    caller = verifier.verify(issuer.issue("s1", "xihu", auth.STAFF))
    assert caller == auth.Caller("s1", "xihu", frozenset({auth.STAFF}))
    caller.require("xihu", auth.STAFF)
    with pytest.raises(PermissionDenied):
        caller.require("chentuan", auth.STAFF)
    with pytest.raises(PermissionDenied):
        caller.require("xihu", auth.DEPUTY)


def test_a_token_from_another_key_is_refused():
    verifier = auth.TokenVerifier(auth.TokenIssuer.generate().public_key_pem(), issuer="minsheng",
                                  audience="minsheng", max_lifetime_seconds=3600)
    with pytest.raises(Unauthenticated):
        verifier.verify(auth.TokenIssuer.generate().issue("s1", "xihu", auth.STAFF))


def test_a_verified_token_is_remembered_until_it_expires_and_failures_are_not():
    issuer = auth.TokenIssuer.generate()
    verifier = auth.TokenVerifier(issuer.public_key_pem(), issuer="minsheng", audience="minsheng",
                                  max_lifetime_seconds=3600, cache_size=2)
    short = issuer.issue("s1", "xihu", auth.STAFF, ttl_seconds=1)
    checked = []
    original = verifier._check
    verifier._check = lambda token: checked.append(token) or original(token)
    assert verifier.verify(short) == verifier.verify(short) and checked == [short]  # the second from memory
    time.sleep(1.1)
    with pytest.raises(Unauthenticated):  # remembered, but expired: checked again, and refused
        verifier.verify(short)
    with pytest.raises(Unauthenticated):
        verifier.verify(short)
    assert checked == [short] * 3  # a failure is never remembered
    tokens = [issuer.issue(f"s{i}", "xihu", auth.STAFF) for i in range(3)]
    for token in tokens:
        verifier.verify(token)
    verifier.verify(tokens[0])  # only the last two are remembered
    assert checked[3:] == tokens + [tokens[0]]


def test_a_token_whose_subject_would_not_fit_is_refused():
    issuer = auth.TokenIssuer.generate()
    verifier = auth.TokenVerifier(issuer.public_key_pem(), issuer="minsheng", audience="minsheng",
                                  max_lifetime_seconds=3600)
    with pytest.raises(Unauthenticated):
        verifier.verify(issuer.issue("x" * (auth.MAX_SUBJECT + 1), "xihu", auth.DEPUTY))


def test_an_implementing_unit_carries_its_unit_and_needs_one():
    issuer = auth.TokenIssuer.generate()
    verifier = auth.TokenVerifier(issuer.public_key_pem(), issuer="minsheng", audience="minsheng",
                                  max_lifetime_seconds=3600)
    caller = verifier.verify(issuer.issue("u1", "xihu", auth.UNIT, unit="镇建设办"))
    assert caller == auth.Caller("u1", "xihu", frozenset({auth.UNIT}), unit="镇建设办")
    caller.require("xihu", auth.STAFF, auth.UNIT)
    with pytest.raises(PermissionDenied):
        caller.require("chentuan", auth.UNIT)
    for unit in (None, "x" * (auth.MAX_SUBJECT + 1)):
        with pytest.raises(Unauthenticated):
            verifier.verify(issuer.issue("u1", "xihu", auth.UNIT, unit=unit))
    # Only the unit role speaks for a unit: a staff token's unit claim means nothing.
    assert verifier.verify(issuer.issue("s1", "xihu", auth.STAFF, unit="镇建设办")).unit is None


def test_district_callers_read_every_town_but_hold_no_town_role():
    district = auth.Caller("d", None, frozenset({auth.DISTRICT}))
    district.require("xihu", auth.STAFF, auth.DISTRICT)
    with pytest.raises(PermissionDenied):
        district.require("xihu", auth.STAFF)




def test_a_system_token_names_its_towns_and_channel_and_holds_no_other_role():
    issuer = auth.TokenIssuer.generate()
    verifier = auth.TokenVerifier(issuer.public_key_pem(), issuer="minsheng", audience="minsheng",
                                  max_lifetime_seconds=3600)
    hotline = verifier.verify(issuer.issue("hotline-12345", None, auth.SYSTEM,
                                           claims={"towns": ["xihu", "chentuan"], "channel": "HOTLINE_12345"}))
    assert hotline.towns == {"xihu", "chentuan"} and hotline.channel == "HOTLINE_12345" and hotline.town is None
    hotline.require("chentuan", auth.PUBLIC, auth.SYSTEM)
    with pytest.raises(PermissionDenied):
        hotline.require("nanhu", auth.PUBLIC, auth.SYSTEM)  # a town it does not serve
    with pytest.raises(PermissionDenied):
        hotline.require("xihu", auth.STAFF, auth.DISTRICT)  # a use case not open to systems
    for claims, roles in [({"channel": "HOTLINE_12345"}, [auth.SYSTEM]), ({"towns": ["xihu"]}, [auth.SYSTEM]),
                          ({"towns": [], "channel": "X"}, [auth.SYSTEM]),
                          ({"towns": ["xihu"], "channel": "X"}, [auth.SYSTEM, auth.STAFF])]:
        with pytest.raises(Unauthenticated):
            verifier.verify(issuer.issue("hotline-12345", "xihu", *roles, claims=claims))


def test_rate_limiter_refuses_a_flood_from_one_client_only():
    now = [0.0]
    limiter = RateLimiter(3, clock=lambda: now[0])
    for _ in range(3):
        limiter.take("a")
    with pytest.raises(ResourceExhausted):
        limiter.take("a")
    limiter.take("b")
    now[0] += 20  # one token back after a third of a minute
    limiter.take("a")


def test_invalid_argument_becomes_a_status_with_field_violations():
    status = to_status(InvalidArgument([FieldViolation("proposal.title", "required")]))
    assert status.code.name == "INVALID_ARGUMENT"
    detail = dict(status.trailing_metadata)["grpc-status-details-bin"]
    decoded = status_pb2.Status.FromString(detail)
    bad = error_details_pb2.BadRequest()
    assert decoded.details[1].Unpack(bad)
    assert bad.field_violations[0].field == "proposal.title"


def test_an_event_carries_the_trace_of_the_command_that_caused_it():
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("command") as span:
        envelope = events.new_envelope(town_id="xihu", source="collection", aggregate_id="a", aggregate_sequence=1,
                                       payload=ProposalAnswered(proposal="p"))
    trace_id = format(span.get_span_context().trace_id, "032x")
    assert envelope.traceparent.split("-")[1] == trace_id
    assert events.unpack(envelope) == ProposalAnswered(proposal="p")
    assert events.subject("xihu", "collection", envelope.event_type) == "minsheng.xihu.collection.proposal_answered"


def test_json_logs_keep_only_allowed_fields():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "submitted", (), None)
    record.phone = "13812345678"  # not an allowed field: must not be written
    token = current_town.set("xihu")
    try:
        line = json.loads(JsonFormatter("collection").format(record))
    finally:
        current_town.reset(token)
    assert line["town"] == "xihu" and line["message"] == "submitted" and "phone" not in line


def test_resource_names_are_formatted_and_parsed_by_one_type():
    towns = TownRegistry((Town("xihu", "西湖镇"),))
    item = NamePattern("towns/{town}/reviews/{year}/items/{item}")
    name = item.format(town="xihu", year=2024, item="i1")
    assert name == "towns/xihu/reviews/2024/items/i1"
    assert item.parse("name", name, towns) == ("xihu", 2024, "i1")
    assert NamePattern("towns/{town}/votingRules").parse("name", "towns/xihu/votingRules", towns) == ("xihu",)
    for bad, description in [("towns/xihu/reviews/2024/item/i1", "must look like " + item.pattern),
                             ("towns/xihu/reviews/2024/items/", "must look like " + item.pattern),
                             ("towns/atlantis/reviews/2024/items/i1", "unknown town 'atlantis'"),
                             ("towns/xihu/reviews/next/items/i1", "the year must be a number, e.g. 2024"),
                             ("towns/xihu/reviews/²/items/i1", "the year must be a number, e.g. 2024"),
                             ("towns/xihu/reviews/" + "9" * 5000 + "/items/i1", "the year must be a number, e.g. 2024")]:
        with pytest.raises(InvalidArgument) as caught:
            item.parse("candidate", bad, towns)
        assert caught.value.violations == [FieldViolation("candidate", description)]
    assert town_of(name) == "xihu" and town_of("proposals/1") == ""


async def test_concurrent_callers_share_a_group_whose_span_continues_the_first_trace_and_links_the_others(
        monkeypatch):
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("test")
    monkeypatch.setattr(group, "tracer", provider.get_tracer(group.__name__))
    groups = []

    async def use_case(ctx, uow, items):
        groups.append(list(items))
        return [item * 10 for item in items]

    ctx = memory_context({}, lambda store: None, towns=(Town("xihu", "西湖镇"),))

    async def call(i: int):
        with tracer.start_as_current_span(f"call {i}") as span:
            return span.get_span_context(), await ctx.together(use_case, "xihu", i)

    (first, one), (second, two) = await asyncio.gather(call(1), call(2))
    assert (one, two) == (10, 20) and groups == [[1, 2]]  # one unit of work for both
    span = next(s for s in exporter.get_finished_spans() if s.name == "group of use_case")
    assert span.parent.span_id == first.span_id and span.context.trace_id == first.trace_id
    assert [link.context.span_id for link in span.links] == [second.span_id]
