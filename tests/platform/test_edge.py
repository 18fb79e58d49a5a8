"""The gRPC edge without the stack: request validation over descriptors, statuses that fit
gRPC's trailers, signed page tokens, token lifetimes, and on a real in-process server:
server-streaming calls given the unary calls' edge, request-streaming ones refused while
health and reflection stay open, the status of a request that
is no message, and of exceptions that are not the caller's mistake."""
import asyncio
import base64
import time
import urllib.parse

import grpc
import jwt
import psycopg
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.timestamp_pb2 import Timestamp
from google.rpc import error_details_pb2, status_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

from minsheng.collection.v1 import collection_pb2 as collection
from minsheng.review.v1 import review_pb2 as review
from minsheng.voting.v1 import voting_pb2 as voting
from services.platform import auth, paging, telemetry, validation
from services.platform.errors import FieldViolation, InvalidArgument, Unauthenticated
from services.platform.rpc import EdgeInterceptor, to_status
from services.platform.server import Server
from tests.helpers import field_violations

KEY = b"k" * 32


def violations(message) -> dict[str, str]:
    return {v.field: v.description for v in validation.violations(message)}


def test_control_characters_are_refused_at_their_path_in_every_text():
    request = collection.SubmitProposalRequest(
        parent="towns/xihu", request_id="r\x00",
        proposal=collection.Proposal(title="路灯\x1b", content="第一行\n\t第二行", proposer=collection.Proposer(name="张\x7f")))
    request.proposal.screening.results.add(criterion="ok", note="坏\x00")
    assert violations(request) == {
        "request_id": "holds the control character U+0000", "proposal.title": "holds the control character U+001B",
        "proposal.proposer.name": "holds the control character U+007F",
        "proposal.screening.results[0].note": "holds the control character U+0000"}


def test_newline_and_tab_are_text_only_in_multiline_fields():
    assert violations(collection.AnswerProposalRequest(name="towns/xihu/proposals/p", text="答复\n\t完")) == {}
    assert violations(collection.AnswerProposalRequest(name="towns/xihu/proposals/p\n", text="答复\r")) == {
        "name": "holds the control character U+000A", "text": "holds the control character U+000D"}
    assert set(violations(review.MoveReviewItemRequest(name="a\tb", reason="原因\n说明"))) == {"name"}


def test_timestamps_outside_the_years_1_to_9999_are_refused():
    def cycle(**opens_at):
        return collection.OpenCollectionCycleRequest(opens_at=Timestamp(**opens_at), closes_at=Timestamp(seconds=0))
    assert violations(cycle(seconds=validation.MAX_SECONDS, nanos=999_999_999)) == {}
    assert violations(cycle(seconds=validation.MIN_SECONDS)) == {}
    for bad in ({"seconds": validation.MAX_SECONDS + 1}, {"seconds": validation.MIN_SECONDS - 1},
                {"seconds": 2 ** 62}, {"nanos": -1}, {"nanos": 1_000_000_000}):
        assert violations(cycle(**bad)) == {"opens_at": "not a time between the years 1 and 9999"}, bad


def test_unknown_enum_numbers_are_refused_at_any_depth():
    request = voting.UpdateVotingRulesRequest(voting_rules=voting.VotingRules(ballot_form=1, majority_base=99))
    assert violations(request) == {"voting_rules.majority_base": "unknown value 99"}


def test_repeated_fields_are_capped_by_default_or_by_their_option():
    assert violations(collection.OpenCollectionCycleRequest(additional_criteria=["x\x00"] * 1001)) == {
        "additional_criteria": "more than 1000 items"}
    assert violations(collection.OpenCollectionCycleRequest(additional_criteria=["x"] * 1000)) == {}
    assert violations(voting.CheckInDeputiesRequest(deputies=["d"] * 201)) == {"deputies": "more than 200 items"}
    assert violations(voting.PaperTally(counts=[{"candidate_id": "c"}] * 101)) == {"counts": "more than 100 items"}


def test_maps_are_checked_by_key_and_value():
    pool = descriptor_pool.DescriptorPool()
    proto = descriptor_pb2.FileDescriptorProto(name="maps.proto", package="t", syntax="proto3")
    entry = descriptor_pb2.DescriptorProto(name="LabelsEntry", options=descriptor_pb2.MessageOptions(map_entry=True))
    entry.field.add(name="key", number=1, type=descriptor_pb2.FieldDescriptorProto.TYPE_STRING,
                    label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL)
    entry.field.add(name="value", number=2, type=descriptor_pb2.FieldDescriptorProto.TYPE_STRING,
                    label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL)
    holder = proto.message_type.add(name="Holder")
    holder.nested_type.append(entry)
    holder.field.add(name="labels", number=1, type=descriptor_pb2.FieldDescriptorProto.TYPE_MESSAGE,
                     label=descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED, type_name=".t.Holder.LabelsEntry")
    pool.Add(proto)
    message = message_factory.GetMessageClass(pool.FindMessageTypeByName("t.Holder"))()
    message.labels["好"] = "ok"
    message.labels["b\x00"] = "v\x01"
    assert violations(message) == {'labels["b\\u0000"]': "holds the control character U+0001"}


def test_a_status_with_many_violations_stays_small():
    def reported(error: InvalidArgument) -> tuple[int, error_details_pb2.BadRequest, status_pb2.Status]:
        status = to_status(error)
        detail = dict(status.trailing_metadata)["grpc-status-details-bin"]
        on_the_wire = len(base64.b64encode(detail)) + len(urllib.parse.quote(status.details))
        decoded = status_pb2.Status.FromString(detail)
        bad = error_details_pb2.BadRequest()
        assert decoded.details[1].Unpack(bad)
        return on_the_wire, bad, decoded

    size, bad, _ = reported(InvalidArgument([FieldViolation(f"理由{i}" * 100, "非法" * 500) for i in range(1000)]))
    assert size < 5000 and 0 < len(bad.field_violations) < 20
    size, bad, decoded = reported(InvalidArgument([FieldViolation(f"deputies[{i}]", "1 to 100 letters")
                                                   for i in range(1000)]))
    info = error_details_pb2.ErrorInfo()
    assert decoded.details[0].Unpack(info)
    assert size < 5000 and info.metadata["violations"] == "1000" and len(bad.field_violations) == 20
    assert decoded.message == "invalid request: deputies[0], deputies[1], deputies[2], deputies[3], deputies[4] " \
                              "and 995 more"


def test_page_tokens_are_signed_and_bound_to_their_filters():
    tokens = paging.PageTokens(KEY)
    token = tokens.encode(42, {"state": "SUBMITTED"})
    assert tokens.decode(token, {"state": "SUBMITTED"}) == 42 and tokens.decode("", {}) == 0
    forged = [
        tokens.encode(42, {"state": "MERGED"}), paging.PageTokens(b"x" * 32).encode(42, {"state": "SUBMITTED"}),
        token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), "garbage!",
        base64.urlsafe_b64encode(b'{"after": 1e400, "filters": "x"}').decode(),
        base64.urlsafe_b64encode(("[" * 100_000).encode()).decode(), "é" * 32, "=" * 32, token + "A"]
    for bad in forged:
        with pytest.raises(InvalidArgument) as caught:
            tokens.decode(bad, {"state": "SUBMITTED"})
        assert caught.value.violations[0].field == "page_token"
    with pytest.raises(ValueError):
        paging.PageTokens(b"short")


@pytest.fixture
def signer():
    key = Ed25519PrivateKey.generate()
    verifier = auth.TokenVerifier(auth.TokenIssuer(key).public_key_pem(), issuer="minsheng", audience="minsheng",
                                  max_lifetime_seconds=3600)

    def sign(**changes) -> str:
        now = int(time.time())
        claims = {"sub": "s1", "roles": ["staff"], "town": "xihu", "iss": "minsheng", "aud": "minsheng",
                  "iat": now, "exp": now + 600} | changes
        return jwt.encode({k: v for k, v in claims.items() if v is not None}, key, algorithm=auth.ALGORITHM)
    return sign, verifier


def test_a_token_may_live_no_longer_than_the_configured_maximum(signer):
    sign, verifier = signer
    now = int(time.time())
    assert verifier.verify(sign(exp=now + 3600)).subject == "s1"
    refused = [sign(exp=now + 200 * 365 * 86400), sign(exp=now + 3700),  # 200 years; just over
               sign(iat=now - 7200, exp=now + 60),  # issued for longer, though close to its end
               sign(iat=None), sign(iat="soon"), sign(sub="a\x00b"), sign(roles=[["staff"]]), sign(town=7)]
    for token in refused:
        with pytest.raises(Unauthenticated):
            verifier.verify(token)


ECHO = "test.Echo"


def echo_handlers():
    """One method of every kind, all answering with the request's `service` field."""
    request, response = health_pb2.HealthCheckRequest, health_pb2.HealthCheckResponse

    async def unary(req, context):
        if req.service == "outage":
            raise ConnectionRefusedError("the database is not listening")
        if req.service == "conflict":
            raise psycopg.errors.SerializationFailure("could not serialize access")
        if req.service == "bug":
            raise KeyError("a bug")
        return response(status=1)

    async def server_stream(req, context):
        yield response(status=1)
        if req.service == "outage-later":
            raise ConnectionRefusedError("the database is not listening")
        yield response(status=2)

    async def client_stream(requests, context):
        return response(status=1)

    async def bidi(requests, context):
        async for _ in requests:
            yield response(status=1)

    kinds = {"Unary": (grpc.unary_unary_rpc_method_handler, unary),
             "ServerStream": (grpc.unary_stream_rpc_method_handler, server_stream),
             "ClientStream": (grpc.stream_unary_rpc_method_handler, client_stream),
             "Bidi": (grpc.stream_stream_rpc_method_handler, bidi)}
    return grpc.method_handlers_generic_handler(ECHO, {
        name: make(fn, request_deserializer=request.FromString, response_serializer=response.SerializeToString)
        for name, (make, fn) in kinds.items()})


@pytest.fixture
async def echo_server():
    issuer = auth.TokenIssuer.generate()
    verifier = auth.TokenVerifier(issuer.public_key_pem(), issuer="minsheng", audience="minsheng",
                                  max_lifetime_seconds=3600)
    server = Server(service="test", port=0, edge=EdgeInterceptor("test", verifier))
    server.grpc.add_generic_rpc_handlers((echo_handlers(),))
    server.service_names.append(ECHO)
    await server.start()
    await server.set_serving(True)
    target = f"127.0.0.1:{server.port}"
    async with grpc.aio.insecure_channel(target) as channel:
        yield channel, issuer.metadata("s1", "xihu", auth.STAFF), target
    await server.grpc.stop(0)


def method(channel, name: str, kind: str = "unary_unary", serializer=health_pb2.HealthCheckRequest.SerializeToString):
    return getattr(channel, kind)(f"/{ECHO}/{name}", request_serializer=serializer,
                                  response_deserializer=health_pb2.HealthCheckResponse.FromString)


async def test_request_streaming_calls_are_refused_even_with_a_token(echo_server):
    channel, metadata, _ = echo_server
    request = health_pb2.HealthCheckRequest()
    assert (await method(channel, "Unary")(request, metadata=metadata)).status == 1
    calls = [method(channel, "ClientStream", "stream_unary")(iter([request]), metadata=metadata),
             method(channel, "Bidi", "stream_stream")(iter([request]), metadata=metadata)]
    for call in calls:
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            if hasattr(call, "__aiter__"):
                [r async for r in call]
            else:
                await call
        assert caught.value.code() == grpc.StatusCode.UNIMPLEMENTED, caught.value


async def test_server_streams_get_the_edge_of_unary_calls(echo_server, caplog):
    channel, metadata, _ = echo_server
    stream = method(channel, "ServerStream", "unary_stream")
    assert [r.status async for r in stream(health_pb2.HealthCheckRequest(), metadata=metadata)] == [1, 2]

    received = []
    with pytest.raises(grpc.aio.AioRpcError) as caught:  # no token: refused before any message
        async for r in stream(health_pb2.HealthCheckRequest()):
            received.append(r)
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED and received == []
    with pytest.raises(grpc.aio.AioRpcError) as caught:  # a malformed field: named, before any message
        async for r in stream(health_pb2.HealthCheckRequest(service="a\x00"), metadata=metadata):
            received.append(r)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT and received == []
    assert field_violations(caught.value) == {"service"}

    # An outage after the first message ends the stream with the status a unary call gets.
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        async for r in stream(health_pb2.HealthCheckRequest(service="outage-later"), metadata=metadata):
            received.append(r.status)
    assert received == [1] and caught.value.code() == grpc.StatusCode.UNAVAILABLE
    assert "not listening" not in caught.value.details()
    counted = telemetry.RPC_REQUESTS.labels("test", "ServerStream", "UNAVAILABLE")._value.get()
    assert counted == 1


async def test_health_watch_and_reflection_stay_open(echo_server):
    channel, _, target = echo_server
    watch = health_pb2_grpc.HealthStub(channel).Watch(health_pb2.HealthCheckRequest(service=""))
    first = await watch.read()
    assert first.status == health_pb2.HealthCheckResponse.SERVING
    watch.cancel()
    assert {ECHO, "grpc.health.v1.Health"} <= await asyncio.to_thread(reflected_services, target)


def reflected_services(target: str) -> set[str]:
    with grpc.insecure_channel(target) as channel:
        return set(ProtoReflectionDescriptorDatabase(channel).get_services())


async def test_bytes_that_are_no_message_are_invalid_argument_not_internal(echo_server):
    channel, metadata, _ = echo_server
    raw = method(channel, "Unary", serializer=None)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await raw(b"\x0a\x02\xff\xfe", metadata=metadata)  # field 1, a string that is not UTF-8
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await raw(b"\x0a\x02\xff\xfe")  # and without a token, authentication comes first
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_request_violations_are_invalid_argument_with_their_fields(echo_server):
    channel, metadata, _ = echo_server
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await method(channel, "Unary")(health_pb2.HealthCheckRequest(service="a\x00"), metadata=metadata)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT and field_violations(caught.value) == {"service"}


@pytest.mark.parametrize("trigger, code", [("outage", grpc.StatusCode.UNAVAILABLE),
                                           ("conflict", grpc.StatusCode.ABORTED),
                                           ("bug", grpc.StatusCode.INTERNAL)])
async def test_exceptions_that_are_not_the_callers_map_to_retryable_or_internal(echo_server, trigger, code, caplog):
    channel, metadata, _ = echo_server
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await method(channel, "Unary")(health_pb2.HealthCheckRequest(service=trigger), metadata=metadata)
    assert caught.value.code() == code
    assert "not listening" not in caught.value.details() and "a bug" not in caught.value.details()
    record = next(r for r in caplog.records if r.name == "services.platform.rpc")
    assert (record.levelname == "ERROR") == (code == grpc.StatusCode.INTERNAL)
    assert "not listening" not in record.getMessage() and "could not serialize" not in record.getMessage()
