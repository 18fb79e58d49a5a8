"""HTTP requests to request messages and answers to JSON, by protobuf's canonical JSON mapping.

The body (all of it, or one field's), the query parameters and the path variables make one
request. Every value is checked against its field before the message is built, so that each
mistake (bad JSON, an unknown field, a wrong type, a number out of range) is answered with its
field path, every one at once, like the services' own violations; google.protobuf.json_format
then builds the message (unknown fields are never ignored)."""
import base64
import binascii
import json
import re
from typing import Any

from google.protobuf import json_format, message_factory
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.duration_pb2 import Duration
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from services.gateway.routes import Binding
from services.platform.errors import FieldViolation, InvalidArgument, Violations

T = FieldDescriptor
RANGES = {
    **dict.fromkeys((T.TYPE_INT32, T.TYPE_SINT32, T.TYPE_SFIXED32), (-2**31, 2**31 - 1)),
    **dict.fromkeys((T.TYPE_UINT32, T.TYPE_FIXED32), (0, 2**32 - 1)),
    **dict.fromkeys((T.TYPE_INT64, T.TYPE_SINT64, T.TYPE_SFIXED64), (-2**63, 2**63 - 1)),
    **dict.fromkeys((T.TYPE_UINT64, T.TYPE_FIXED64), (0, 2**64 - 1)),
}
INTEGER_TEXT = re.compile(r"^-?[0-9]+$")
SPECIAL_FLOATS = ("NaN", "Infinity", "-Infinity")
# Well-known types written as one JSON string, with the parser that checks it.
TEXT_TYPES = {"google.protobuf.Timestamp": (Timestamp, "an RFC 3339 time such as 2024-05-01T08:00:00Z"),
              "google.protobuf.Duration": (Duration, "a duration such as 1.5s")}
WRAPPERS = {f"google.protobuf.{name}Value" for name in
            ("Double", "Float", "Int64", "UInt64", "Int32", "UInt32", "Bool", "String", "Bytes")}
# Any JSON at all.
FREE_TYPES = {"google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue"}
# A violation of the whole body when it is the whole request.
WHOLE_BODY = "*"


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def message_value(value: Any, descriptor: Descriptor, path: str, v: Violations) -> Any:
    """`value` checked as a JSON message of `descriptor`: its keys as proto field names."""
    name = descriptor.full_name
    if name in TEXT_TYPES:
        return _text_type(value, name, path, v)
    if name in WRAPPERS:
        return _single(value, descriptor.fields_by_name["value"], path, v)
    if name in FREE_TYPES:
        return value
    if not isinstance(value, dict):
        v.add(path or WHOLE_BODY, "must be a JSON object")
        return None
    fields = {**{f.json_name: f for f in descriptor.fields}, **descriptor.fields_by_name}
    out: dict[str, Any] = {}
    for key, item in value.items():
        field = fields.get(key)
        where = _join(path, field.name if field else key)
        if field is None:
            v.add(where, "unknown field")
        elif field.name in out:
            v.add(where, "given twice (by its name and its JSON name)")
        elif item is not None:  # null: the field's default
            out[field.name] = field_value(item, field, where, v)
    return out


def field_value(value: Any, field: FieldDescriptor, path: str, v: Violations) -> Any:
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        if not isinstance(value, dict):
            v.add(path, "must be a JSON object (a map)")
            return None
        key_field, value_field = field.message_type.fields
        return {k: _single(item, value_field, f"{path}[{json.dumps(k, ensure_ascii=False)}]", v)
                for k, item in value.items() if _map_key(k, key_field, path, v)}
    if field.is_repeated:
        if not isinstance(value, list):
            v.add(path, "must be a JSON array")
            return None
        return [_single(item, field, f"{path}[{i}]", v) for i, item in enumerate(value)]
    return _single(value, field, path, v)


def _map_key(key: str, field: FieldDescriptor, path: str, v: Violations) -> bool:
    if field.type == T.TYPE_STRING or (field.type == T.TYPE_BOOL and key in ("true", "false")) or (
            field.type in RANGES and INTEGER_TEXT.match(key)):
        return True
    v.add(f"{path}[{json.dumps(key, ensure_ascii=False)}]", "not a key of this map's type")
    return False


def _single(value: Any, field: FieldDescriptor, path: str, v: Violations) -> Any:
    if value is None:
        v.add(path, "must not be null")
    elif field.type == T.TYPE_MESSAGE:
        return message_value(value, field.message_type, path, v)
    elif problem := _scalar_problem(value, field):
        v.add(path, problem)
    return value


def _scalar_problem(value: Any, field: FieldDescriptor) -> str | None:
    kind = field.type
    if kind == T.TYPE_STRING:
        return None if isinstance(value, str) else "must be a string"
    if kind == T.TYPE_BOOL:
        return None if isinstance(value, bool) else "must be true or false"
    if kind == T.TYPE_BYTES:
        return None if isinstance(value, str) and _is_base64(value) else "must be base64 text"
    if kind == T.TYPE_ENUM:
        if isinstance(value, str):
            return None if value in field.enum_type.values_by_name else (
                f"unknown value {value!r}: one of {', '.join(field.enum_type.values_by_name)}")
        return None if isinstance(value, int) and not isinstance(value, bool) else "must be a value's name"
    if kind in RANGES:
        return _integer_problem(value, *RANGES[kind])
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
    return None if numeric or value in SPECIAL_FLOATS else "must be a number"


def _integer_problem(value: Any, low: int, high: int) -> str | None:
    if isinstance(value, str) and INTEGER_TEXT.match(value):
        number = int(value)
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        return "must be a whole number"
    return None if low <= number <= high else f"must lie between {low} and {high}"


def _is_base64(text: str) -> bool:
    try:
        base64.b64decode(text.replace("-", "+").replace("_", "/") + "=" * (-len(text) % 4), validate=True)
    except binascii.Error:
        return False
    return True


def _text_type(value: Any, name: str, path: str, v: Violations) -> Any:
    kind, example = TEXT_TYPES[name]
    try:
        kind().FromJsonString(value)
    except (ValueError, TypeError, AttributeError):
        v.add(path, f"must be {example}")
    return value


def query_value(raw: str, field: FieldDescriptor) -> Any:
    """A query parameter's text as the JSON value of its field (checked by _single later)."""
    kind = field.type
    if kind == T.TYPE_BOOL:
        return {"true": True, "false": False}.get(raw, raw)
    if kind == T.TYPE_ENUM and INTEGER_TEXT.match(raw):
        return int(raw)
    if kind in (T.TYPE_DOUBLE, T.TYPE_FLOAT) and raw not in SPECIAL_FLOATS:
        try:
            return float(raw)
        except ValueError:
            return raw
    return raw


def _leaf(descriptor: Descriptor, path: str) -> FieldDescriptor | None:
    """The field a dotted path (proto or JSON names) names, through singular message fields."""
    field = None
    for part in path.split("."):
        if field is not None:
            if field.message_type is None or field.is_repeated:
                return None
            descriptor = field.message_type
        field = descriptor.fields_by_name.get(part) or next(
            (f for f in descriptor.fields if f.json_name == part), None)
        if field is None:
            return None
    return field


def _proto_path(descriptor: Descriptor, path: str) -> list[FieldDescriptor]:
    fields = []
    for part in path.split("."):
        field = descriptor.fields_by_name.get(part) or next(f for f in descriptor.fields if f.json_name == part)
        fields.append(field)
        descriptor = field.message_type
    return fields


def _put(target: dict, fields: list[FieldDescriptor], value: Any) -> None:
    for field in fields[:-1]:
        target = target.setdefault(field.name, {})
        if not isinstance(target, dict):
            return
    if fields[-1].is_repeated:
        target.setdefault(fields[-1].name, []).append(value)
    else:
        target[fields[-1].name] = value


def _query(request: dict, descriptor: Descriptor, binding: Binding, query: list[tuple[str, str]],
           v: Violations) -> None:
    bound = {var.field for var in binding.template.variables}
    seen: set[str] = set()
    for key, raw in query:
        field = _leaf(descriptor, key)
        name = ".".join(f.name for f in _proto_path(descriptor, key)) if field else key
        if field is None or (field.message_type is not None and field.message_type.full_name not in
                             (*TEXT_TYPES, *WRAPPERS)):
            v.add(name, "unknown query parameter")
        elif name in bound:
            v.add(name, "given in the path")
        elif binding.body == WHOLE_BODY or name.split(".")[0] == binding.body:
            v.add(name, "goes in the body")
        elif name in seen and not field.is_repeated:
            v.add(name, "given more than once")
        else:
            seen.add(name)
            _put(request, _proto_path(descriptor, key), _single(query_value(raw, field), field, name, v))


def _body(binding: Binding, descriptor: Descriptor, body: bytes, v: Violations) -> dict:
    if not binding.body:
        if body.strip():
            v.add(WHOLE_BODY, "this method takes no body: its fields go in the path and the query")
        return {}
    where = binding.body
    try:
        value = json.loads(body) if body.strip() else {}
    except (ValueError, UnicodeDecodeError) as exc:
        v.add(where, f"not JSON: {exc}")
        return {}
    if binding.body == WHOLE_BODY:
        return message_value(value, descriptor, "", v) or {}
    field = descriptor.fields_by_name[binding.body]
    return {field.name: field_value(value, field, field.name, v)}


def request_message(binding: Binding, path_vars: dict[str, str], query: list[tuple[str, str]], body: bytes,
                    request_id: str | None) -> Message:
    """The gRPC request of an HTTP request; InvalidArgument naming every field that is wrong."""
    descriptor = binding.method.input_type
    v = Violations()
    request = _body(binding, descriptor, body, v)
    _query(request, descriptor, binding, query, v)
    for field_path, value in path_vars.items():
        _put(request, _proto_path(descriptor, field_path), value)
    if request_id and "request_id" in descriptor.fields_by_name and "request_id" not in request:
        request["request_id"] = request_id
    v.raise_if_any()
    message = message_factory.GetMessageClass(descriptor)()
    try:
        json_format.ParseDict(request, message, ignore_unknown_fields=False)
    except json_format.ParseError as exc:  # what the checks above did not foresee
        raise InvalidArgument([FieldViolation(binding.body or WHOLE_BODY, str(exc)[:200])]) from None
    return message


def response_json(binding: Binding, response: Message) -> dict:
    if binding.response_body:
        for part in binding.response_body.split("."):
            response = getattr(response, part)
    return json_format.MessageToDict(response)
