"""The one event envelope, its subject, and packing of protobuf payloads."""
import re
import uuid
from datetime import datetime, timezone

from google.protobuf import any_pb2, descriptor_pool, message, message_factory
from google.protobuf.timestamp_pb2 import Timestamp
from opentelemetry import propagate

from minsheng.events.v1.envelope_pb2 import Envelope

STREAM = "MINSHENG"
SUBJECT_PREFIX = "minsheng"
DEAD_LETTER_STREAM = "MINSHENG_DEAD_LETTERS"
DEAD_LETTER_PREFIX = "minsheng-dead-letters"


def event_type_of(payload: message.Message) -> str:
    """ProposalScreened -> proposal_screened: the event's name in subjects."""
    return event_type_of_name(payload.DESCRIPTOR.name)


def event_type_of_name(message_name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", message_name).lower()


def subject(town_id: str, source: str, event_type: str) -> str:
    return f"{SUBJECT_PREFIX}.{town_id}.{source}.{event_type}"


def subjects_of(source: str, *payload_types: type[message.Message], town: str = "*") -> list[str]:
    """Subjects to subscribe to: these events of one source, in one town or all."""
    return [subject(town, source, event_type_of(t())) for t in payload_types]


def new_envelope(*, town_id: str, source: str, aggregate_id: str, aggregate_sequence: int,
                 payload: message.Message) -> Envelope:
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    packed = any_pb2.Any()
    packed.Pack(payload)
    occurred = Timestamp()
    occurred.FromDatetime(datetime.now(timezone.utc))
    return Envelope(event_id=str(uuid.uuid4()), event_type=event_type_of(payload), town_id=town_id,
                    source=source, aggregate_id=aggregate_id, aggregate_sequence=aggregate_sequence,
                    occurred_at=occurred, traceparent=carrier.get("traceparent", ""), payload=packed)


def unpack(envelope: Envelope) -> message.Message:
    """The payload as its own message type (looked up in the generated code's registry)."""
    type_name = envelope.payload.TypeName()
    descriptor = descriptor_pool.Default().FindMessageTypeByName(type_name)
    payload = message_factory.GetMessageClass(descriptor)()
    if not envelope.payload.Unpack(payload):
        raise ValueError(f"payload is not a {type_name}")
    return payload
