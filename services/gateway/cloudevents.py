"""Events as CloudEvents 1.0 (HTTP binding, structured mode: the whole event is the JSON body),
and the signature every delivery carries:

    Minsheng-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + body, keyed with the secret>

A receiver recomputes v1 over the raw body, compares in constant time, refuses a t more than
five minutes old (a replay), and drops an `id` it has seen (deliveries are at least once)."""
import hashlib
import hmac
import json
import time

from google.protobuf import json_format, message

from minsheng.events.v1.envelope_pb2 import Envelope
from services.gateway.apis import cloud_event_type

CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"
SIGNATURE_HEADER = "Minsheng-Signature"
SPEC_VERSION = "1.0"


def source(town: str, service: str) -> str:
    return f"urn:minsheng:{town}:{service}"


def cloud_event(envelope: Envelope, payload: message.Message) -> dict:
    """The event with its payload in canonical JSON as `data`; `town`, `aggregatesequence` (its
    place in the aggregate's history) and `traceparent` are extension attributes."""
    event = {
        "specversion": SPEC_VERSION,
        "id": envelope.event_id,
        "source": source(envelope.town_id, envelope.source),
        "type": cloud_event_type(envelope.source, envelope.event_type),
        "subject": envelope.aggregate_id,
        "time": envelope.occurred_at.ToJsonString(),
        "datacontenttype": "application/json",
        "town": envelope.town_id,
        "aggregatesequence": envelope.aggregate_sequence,
        "data": json_format.MessageToDict(payload),
    }
    if envelope.traceparent:
        event["traceparent"] = envelope.traceparent
    return event


def body_of(event: dict) -> bytes:
    return json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def signature(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The Minsheng-Signature header's value for `body`."""
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode("utf-8"), f"{t}.".encode("ascii") + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def verify(secret: str, body: bytes, header: str, *, tolerance_seconds: int = 300, now: float | None = None) -> bool:
    """What a receiver does (in any language): here for the tests and the README's example."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    if not parts.get("t", "").isdigit() or "v1" not in parts:
        return False
    t = int(parts["t"])
    if abs((time.time() if now is None else now) - t) > tolerance_seconds:
        return False
    return hmac.compare_digest(signature(secret, body, t), header)
