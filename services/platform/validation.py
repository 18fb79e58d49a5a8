"""Checks every request at the gRPC edge, from its descriptor alone, before a service sees
it: a caller's malformed value is refused with its field path in every service alike, and
never reaches the database or a converter as an error of ours.

- Text holds no control character (PostgreSQL refuses NUL; the others corrupt logs,
  exports and screens); newline and tab only in fields marked
  `[(minsheng.common.v1.multiline) = true]`.
- A google.protobuf.Timestamp lies within the years 1 to 9999, what a datetime holds.
- An enum holds only a number its type declares.
- A repeated or map field holds at most 1,000 items, or its `(minsheng.common.v1.max_items)`.

Lengths, required fields and what values mean stay with each service's domain rules."""
import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Iterator

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from minsheng.common.v1 import field_rules_pb2
from services.platform.errors import FieldViolation, InvalidArgument

DEFAULT_MAX_ITEMS = 1000
SINGLE_LINE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f]")
MULTI_LINE_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
TIMESTAMP = "google.protobuf.Timestamp"
# 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range of google.protobuf.Timestamp.
MIN_SECONDS, MAX_SECONDS = -62_135_596_800, 253_402_300_799
MAX_NANOS = 999_999_999


@dataclass(frozen=True)
class Rules:
    multiline: bool
    max_items: int


@cache
def _rules(field: FieldDescriptor) -> Rules:
    options = field.GetOptions()
    return Rules(multiline=options.Extensions[field_rules_pb2.multiline],
                 max_items=options.Extensions[field_rules_pb2.max_items] or DEFAULT_MAX_ITEMS)


def check(request: Message) -> None:
    """Raises InvalidArgument naming every malformed field of `request`."""
    found = list(violations(request))
    if found:
        raise InvalidArgument(found)


def violations(message: Message, path: str = "") -> Iterator[FieldViolation]:
    for field, value in message.ListFields():
        name = path + field.name
        if not field.is_repeated:
            yield from _value(field, value, name)
        elif len(value) > _rules(field).max_items:
            yield FieldViolation(name, f"more than {_rules(field).max_items} items")
        elif field.message_type is not None and field.message_type.GetOptions().map_entry:
            key_field, value_field = field.message_type.fields
            for key in value:
                item = f"{name}[{json.dumps(key, ensure_ascii=False)}]"
                yield from _value(key_field, key, item)
                yield from _value(value_field, value[key], item)
        else:
            for i, item in enumerate(value):
                yield from _value(field, item, f"{name}[{i}]")


def _value(field: FieldDescriptor, value, name: str) -> Iterator[FieldViolation]:
    if field.type == FieldDescriptor.TYPE_STRING:
        forbidden = MULTI_LINE_FORBIDDEN if _rules(field).multiline else SINGLE_LINE_FORBIDDEN
        if found := forbidden.search(value):
            yield FieldViolation(name, f"holds the control character U+{ord(found.group()):04X}")
    elif field.type == FieldDescriptor.TYPE_ENUM:
        if value not in field.enum_type.values_by_number:
            yield FieldViolation(name, f"unknown value {value}")
    elif field.type == FieldDescriptor.TYPE_MESSAGE:
        if field.message_type.full_name == TIMESTAMP:
            if not (MIN_SECONDS <= value.seconds <= MAX_SECONDS and 0 <= value.nanos <= MAX_NANOS):
                yield FieldViolation(name, "not a time between the years 1 and 9999")
        else:
            yield from violations(value, name + ".")
