"""What the gateway knows from the protos' descriptors alone: the APIs of the services it
serves (every method with a google.api.http route), the events on offer to subscribers (every
event contract in proto/minsheng/events/v1), and the protos' comments for the documents."""
import importlib
import pkgutil
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from google.protobuf import descriptor_pb2
from google.protobuf.descriptor import Descriptor, MethodDescriptor, ServiceDescriptor

import minsheng
from minsheng.events.v1 import envelope_pb2
from services.platform import events
from services.platform.protogen import DESCRIPTOR_SET

# The prefix of every CloudEvents type: the reversed domain of the error domain, minsheng.gov.cn.
TYPE_PREFIX = "cn.gov.minsheng"
EVENT_FILE = re.compile(r"^minsheng/events/v1/([a-z0-9]+)_events\.proto$")


def services_of(service: str) -> list[ServiceDescriptor]:
    """The gRPC services declared in the API package of a service (minsheng.<service>.v1)."""
    package = importlib.import_module(f"minsheng.{service}.v1")
    found = []
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.endswith("_pb2"):
            found += importlib.import_module(f"{package.__name__}.{module.name}").DESCRIPTOR.services_by_name.values()
    return found


def methods_of(service: str) -> list[MethodDescriptor]:
    return [m for s in services_of(service) for m in s.methods]


@dataclass(frozen=True)
class EventKind:
    """One event contract: its source service, its name on subjects, its payload type."""
    source: str
    event_type: str
    message: Descriptor

    @property
    def cloud_event_type(self) -> str:
        return cloud_event_type(self.source, self.event_type)

    @property
    def subject_pattern(self) -> str:
        return events.subject("{town}", self.source, self.event_type)


def cloud_event_type(source: str, event_type: str) -> str:
    return f"{TYPE_PREFIX}.{source}.{event_type}.v1"


@cache
def event_kinds() -> tuple[EventKind, ...]:
    """Every event of every <service>_events.proto: its top-level messages but those that only
    serve as field types of others there (e.g. review's Candidate)."""
    kinds = []
    for name in sorted(_event_files()):
        file = importlib.import_module("minsheng.events.v1." + Path(name).stem + "_pb2").DESCRIPTOR
        used = {f.message_type.full_name for m in file.message_types_by_name.values() for f in m.fields
                if f.message_type is not None}
        source = EVENT_FILE.match(name).group(1)
        kinds += [EventKind(source, events.event_type_of_name(m.name), m)
                  for m in file.message_types_by_name.values() if m.full_name not in used]
    return tuple(kinds)


def _event_files() -> list[str]:
    package = envelope_pb2.DESCRIPTOR.package
    return [f.name for f in _descriptor_set().file if f.package == package and EVENT_FILE.match(f.name)]


@cache
def _descriptor_set() -> descriptor_pb2.FileDescriptorSet:
    return descriptor_pb2.FileDescriptorSet.FromString((Path(minsheng.__file__).parent / DESCRIPTOR_SET).read_bytes())


@cache
def comments() -> dict[str, str]:
    """The leading comment of every message, field, enum, service and method, by full name."""
    found: dict[str, str] = {}
    for file in _descriptor_set().file:
        located = {tuple(loc.path): loc.leading_comments for loc in file.source_code_info.location}
        prefix = file.package
        for i, message in enumerate(file.message_type):
            _message_comments(found, located, message, f"{prefix}.{message.name}", (4, i))
        for i, enum in enumerate(file.enum_type):
            found[f"{prefix}.{enum.name}"] = located.get((5, i), "")
        for i, service in enumerate(file.service):
            found[f"{prefix}.{service.name}"] = located.get((6, i), "")
            for j, method in enumerate(service.method):
                found[f"{prefix}.{service.name}.{method.name}"] = located.get((6, i, 2, j), "")
    return {name: " ".join(text.split()) for name, text in found.items() if text.strip()}


def _message_comments(found: dict, located: dict, message, name: str, path: tuple) -> None:
    found[name] = located.get(path, "")
    for i, field in enumerate(message.field):
        found[f"{name}.{field.name}"] = located.get(path + (2, i), "")
    for i, nested in enumerate(message.nested_type):
        _message_comments(found, located, nested, f"{name}.{nested.name}", path + (3, i))
    for i, enum in enumerate(message.enum_type):
        found[f"{name}.{enum.name}"] = located.get(path + (4, i), "")
