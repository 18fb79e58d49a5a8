"""The supervision API against the real stack: a note is created once per request, its event
published, bad input and other towns refused."""
import grpc
import pytest

from minsheng.supervision.v1 import supervision_pb2 as pb
from minsheng.supervision.v1.supervision_pb2_grpc import SupervisionServiceStub
from tests.events import collect, envelopes
from tests.helpers import expect_error, field_violations, staff_of

pytestmark = pytest.mark.integration


async def test_a_note_is_created_once_and_its_event_published(channel_to, issuer, new_town, nats_client):
    stub = SupervisionServiceStub(channel_to("supervision"))
    request = pb.CreateNoteRequest(parent=f"towns/{new_town}", note=pb.Note(title="第一条"), request_id="r1")
    created = await stub.CreateNote(request, metadata=staff_of(issuer, new_town))
    assert await stub.CreateNote(request, metadata=staff_of(issuer, new_town)) == created
    found = await stub.GetNote(pb.GetNoteRequest(name=created.name), metadata=staff_of(issuer, new_town))
    assert found.title == "第一条" and [e.action for e in found.history] == ["created"]
    published = envelopes(await collect(nats_client.jetstream(), f"minsheng.{new_town}.supervision.>", expected=1))
    assert [(e.aggregate_id, e.aggregate_sequence) for e in published] == [(created.name, 1)]


async def test_bad_input_and_other_towns_are_refused(channel_to, issuer, new_town, other_town):
    stub = SupervisionServiceStub(channel_to("supervision"))
    error = await expect_error(stub.CreateNote(pb.CreateNoteRequest(parent=f"towns/{new_town}", note=pb.Note()),
                                               metadata=staff_of(issuer, new_town)), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"note.title"}
    await expect_error(stub.CreateNote(pb.CreateNoteRequest(parent=f"towns/{new_town}", note=pb.Note(title="x")),
                                       metadata=staff_of(issuer, other_town)), grpc.StatusCode.PERMISSION_DENIED)
