"""The AsyncAPI 3.0 document of every event on offer: its subject on NATS
(minsheng.<town>.<service>.<event>), its CloudEvents type, its payload's schema from the event
contracts (proto/minsheng/events/v1), and who may subscribe to it. Generated, like the OpenAPI
document, so it cannot drift from the protos."""
from services.gateway import apis, cloudevents
from services.gateway.schemas import Schemas

WHO_MAY_SUBSCRIBE = (
    "Other government systems, through a subscription that district staff create for them "
    "(POST /v1/subscriptions, role `district`), naming the system, its towns and these event "
    "types; the gateway delivers each event to the subscription's HTTPS endpoint as a signed "
    "CloudEvent. Minsheng's own services consume the NATS subject directly. No event carries "
    "personal data (a proposer's name or phone, a voter's identity or ballot).")
DESCRIPTION = f"""\
Events of the yearly loop, as subscribers receive them: one CloudEvent 1.0 per event (HTTP
binding, structured JSON, `Content-Type: {cloudevents.CONTENT_TYPE}`), POSTed to the
subscription's endpoint, signed with `{cloudevents.SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex>`
where v1 is HMAC-SHA256 over `<t>.` followed by the raw body, keyed with the subscription's
secret. Deliveries are at least once and not ordered: drop an `id` already seen, order by
`time` or `aggregatesequence`. A delivery that fails (no 2xx answer) is retried with backoff,
then dead-lettered. Who may subscribe: {WHO_MAY_SUBSCRIBE}"""


def _key(name: str) -> str:
    return name.replace(".", "_")


def document() -> dict:
    schemas = Schemas("#/components/schemas/", key=_key)
    channels, operations, messages = {}, {}, {}
    for kind in apis.event_kinds():
        key = f"{kind.source}_{kind.event_type}"
        messages[key] = _message(kind, schemas.ref(kind.message))
        channels[key] = {
            "address": kind.subject_pattern,
            "title": kind.cloud_event_type,
            "description": apis.comments().get(kind.message.full_name, kind.message.name),
            "parameters": {"town": {"description": "The town's id: every event belongs to one town."}},
            "messages": {kind.message.name: {"$ref": f"#/components/messages/{key}"}},
        }
        operations[f"receive_{key}"] = {
            "action": "receive",
            "channel": {"$ref": f"#/channels/{key}"},
            "summary": f"Receive {kind.cloud_event_type}",
            "description": f"Who may subscribe: {WHO_MAY_SUBSCRIBE}",
            "messages": [{"$ref": f"#/channels/{key}/messages/{kind.message.name}"}],
        }
    return {
        "asyncapi": "3.0.0",
        "info": {"title": "Minsheng events", "version": "v1", "description": DESCRIPTION},
        "defaultContentType": "application/cloudevents+json",
        "servers": {"nats": {"host": "nats:4222", "protocol": "nats",
                             "description": "NATS JetStream, stream MINSHENG: Minsheng's own services only."}},
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": dict(sorted(schemas.components.items()))},
    }


def _message(kind: apis.EventKind, data: dict) -> dict:
    return {
        "name": kind.message.name,
        "title": kind.cloud_event_type,
        "contentType": "application/cloudevents+json",
        "headers": {"type": "object", "properties": {
            cloudevents.SIGNATURE_HEADER: {"type": "string", "description": "t=<unix seconds>,v1=<hex HMAC-SHA256>"},
        }},
        "payload": {"type": "object", "required": ["specversion", "id", "source", "type", "time", "data", "town"],
                    "properties": {
                        "specversion": {"type": "string", "const": cloudevents.SPEC_VERSION},
                        "id": {"type": "string", "description": "The event's id: drop a second delivery of it."},
                        "source": {"type": "string", "description": "urn:minsheng:<town>:<service>"},
                        "type": {"type": "string", "const": kind.cloud_event_type},
                        "subject": {"type": "string", "description": "The resource the event is about."},
                        "time": {"type": "string", "format": "date-time"},
                        "datacontenttype": {"type": "string", "const": "application/json"},
                        "town": {"type": "string"},
                        "aggregatesequence": {"type": "integer",
                                              "description": "Its place in the subject's history, from 1."},
                        "traceparent": {"type": "string", "description": "W3C trace context of its cause."},
                        "data": data,
                    }},
    }
