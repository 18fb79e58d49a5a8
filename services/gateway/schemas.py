"""JSON Schemas of protobuf messages as protobuf's canonical JSON mapping writes them (JSON
names, enums by name, 64-bit integers as decimal strings, Timestamp as RFC 3339 text), with the
protos' comments as descriptions. The OpenAPI and AsyncAPI documents share them."""
from typing import Callable

from google.protobuf.descriptor import Descriptor, EnumDescriptor, FieldDescriptor

from services.gateway import apis

T = FieldDescriptor
INT32 = {T.TYPE_INT32: "int32", T.TYPE_SINT32: "int32", T.TYPE_SFIXED32: "int32", T.TYPE_UINT32: "uint32",
         T.TYPE_FIXED32: "uint32"}
INT64 = {T.TYPE_INT64: "int64", T.TYPE_SINT64: "int64", T.TYPE_SFIXED64: "int64", T.TYPE_UINT64: "uint64",
         T.TYPE_FIXED64: "uint64"}
FLOATS = {T.TYPE_FLOAT: "float", T.TYPE_DOUBLE: "double"}
WELL_KNOWN = {
    "google.protobuf.Timestamp": {"type": "string", "format": "date-time",
                                  "description": "RFC 3339, e.g. 2024-05-01T08:00:00Z"},
    "google.protobuf.Duration": {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]{1,9})?s$"},
    "google.protobuf.Empty": {"type": "object", "additionalProperties": False},
    "google.protobuf.FieldMask": {"type": "string"},
    "google.protobuf.Struct": {"type": "object"},
    "google.protobuf.Value": {},
    "google.protobuf.ListValue": {"type": "array"},
    "google.protobuf.Any": {"type": "object", "required": ["@type"],
                            "properties": {"@type": {"type": "string"}}},
}


class Schemas:
    """Collects the schemas of the messages and enums it is asked to refer to, and of
    everything they use. `key` names a component (each document has its own rules)."""

    def __init__(self, ref_prefix: str, key: Callable[[str], str] = lambda name: name):
        self.ref_prefix = ref_prefix
        self.key = key
        self.components: dict[str, dict] = {}
        self._comments = apis.comments()

    def ref(self, descriptor: Descriptor | EnumDescriptor) -> dict:
        name = descriptor.full_name
        if name in WELL_KNOWN:
            return dict(WELL_KNOWN[name])
        key = self.key(name)
        if key not in self.components:
            self.components[key] = {}  # taken first: a message may refer to itself
            self.components[key] = (self._message(descriptor) if isinstance(descriptor, Descriptor)
                                    else self._enum(descriptor))
        return {"$ref": self.ref_prefix + key}

    def _described(self, schema: dict, full_name: str) -> dict:
        if text := self._comments.get(full_name):
            schema["description"] = text
        return schema

    def _message(self, descriptor: Descriptor) -> dict:
        properties = {f.json_name: self._described(self.field(f), f.full_name) for f in descriptor.fields}
        return self._described({"type": "object", "properties": properties, "additionalProperties": False},
                               descriptor.full_name)

    def _enum(self, descriptor: EnumDescriptor) -> dict:
        return self._described({"type": "string", "enum": list(descriptor.values_by_name)}, descriptor.full_name)

    def field(self, field: FieldDescriptor) -> dict:
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            return {"type": "object", "additionalProperties": self.single(field.message_type.fields_by_name["value"])}
        if field.is_repeated:
            return {"type": "array", "items": self.single(field)}
        return self.single(field)

    def single(self, field: FieldDescriptor) -> dict:
        kind = field.type
        if kind == T.TYPE_MESSAGE:
            return self.ref(field.message_type)
        if kind == T.TYPE_ENUM:
            return self.ref(field.enum_type)
        if kind in INT32:
            return {"type": "integer", "format": INT32[kind]}
        if kind in INT64:  # canonical JSON writes them as text; numbers are accepted too
            return {"type": "string", "format": INT64[kind], "pattern": "^-?[0-9]+$"}
        if kind in FLOATS:
            return {"type": "number", "format": FLOATS[kind]}
        if kind == T.TYPE_BOOL:
            return {"type": "boolean"}
        if kind == T.TYPE_BYTES:
            return {"type": "string", "contentEncoding": "base64"}
        return {"type": "string"}
