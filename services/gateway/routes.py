"""HTTP routes from google.api.http annotations (AIP-127): path templates such as
`/v1/{name=towns/*/proposals/*}:screen`, matched against request paths, and the binding of each
to its gRPC method, body and query parameters. No route is written by hand. Methods that stream
requests have no route; one that streams its answer serves a file (FILE_CHUNK)."""
import re
from dataclasses import dataclass
from urllib.parse import unquote

from google.api import annotations_pb2, http_pb2
from google.protobuf.descriptor import MethodDescriptor

from minsheng.common.v1 import method_rules_pb2
from services.gateway import apis

HTTP_METHODS = ("get", "put", "post", "delete", "patch")
# The fields of a server-streaming method's message, which the gateway answers as a file: the
# first message's name and media type, every message's next bytes.
FILE_CHUNK = {"filename", "content_type", "content"}


@dataclass(frozen=True)
class Variable:
    """A path variable: the request field it sets (a dotted path) and the segments it matches."""
    field: str
    segments: tuple[str, ...]


@dataclass(frozen=True)
class PathTemplate:
    template: str
    parts: tuple[str | Variable, ...]
    verb: str

    @classmethod
    def parse(cls, template: str) -> "PathTemplate":
        if not template.startswith("/"):
            raise ValueError(f"a path template starts with '/': {template}")
        tail = max(template.rfind("/"), template.rfind("}"))  # a verb follows the last segment
        last, _, verb = template[tail:].partition(":")
        return cls(template, tuple(_parts(template[:tail] + last)), verb)

    @property
    def variables(self) -> list[Variable]:
        return [p for p in self.parts if isinstance(p, Variable)]

    def regex(self) -> re.Pattern:
        pieces = []
        for i, part in enumerate(self.parts):
            if isinstance(part, Variable):
                pieces.append(f"(?P<v{i}>{'/'.join(map(_segment_regex, part.segments))})")
            else:
                pieces.append(_segment_regex(part))
        verb = ":" + re.escape(self.verb) if self.verb else ""
        return re.compile("/" + "/".join(pieces) + verb)

    def openapi(self) -> tuple[str, list[tuple[str, Variable]]]:
        """The path as OpenAPI writes it, each wildcard a parameter named after the collection
        before it (towns/* -> {town}), and the parameters with the variable each belongs to."""
        names: list[tuple[str, Variable]] = []
        out = []
        for part in self.parts:
            if not isinstance(part, Variable):
                out.append(part)
                continue
            previous = None
            for segment in part.segments:
                if segment in ("*", "**"):
                    name = _unique(_singular(previous) if previous else part.field.replace(".", "_"), names)
                    names.append((name, part))
                    out.append("{" + name + "}")
                else:
                    out.append(segment)
                previous = segment
        return "/" + "/".join(out) + (":" + self.verb if self.verb else ""), names


def _parts(path: str) -> list[str | Variable]:
    parts: list[str | Variable] = []
    for token in re.findall(r"\{[^}]*\}|[^/]+", path):
        if token.startswith("{"):
            field, _, pattern = token[1:-1].partition("=")
            parts.append(Variable(field, tuple(pattern.split("/")) if pattern else ("*",)))
        else:
            parts.append(token)
    return parts


def _segment_regex(segment: str) -> str:
    return {"*": "[^/]+", "**": ".+"}.get(segment, re.escape(segment))


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word + "Id"


def _unique(name: str, taken: list[tuple[str, Variable]]) -> str:
    used = {n for n, _ in taken}
    candidate, n = name, 2
    while candidate in used:
        candidate, n = f"{name}{n}", n + 1
    return candidate


@dataclass(frozen=True)
class Binding:
    """One route: an HTTP method and path template bound to a gRPC method of a service."""
    service: str  # the registered service whose api serves it
    method: MethodDescriptor
    http_method: str  # upper case
    template: PathTemplate
    body: str  # "" (no body), "*" (the whole request) or a top-level request field
    response_body: str
    # Calls by the public share one limit per caller across gateway replicas.
    public_rate_limit: bool

    @property
    def grpc_path(self) -> str:
        return f"/{self.method.containing_service.full_name}/{self.method.name}"


def bindings_of(service: str) -> list[Binding]:
    found = []
    for method in apis.methods_of(service):
        options = method.GetOptions()
        if method.client_streaming or not options.HasExtension(annotations_pb2.http):
            continue
        if method.server_streaming and not FILE_CHUNK <= set(method.output_type.fields_by_name):
            raise ValueError(f"{method.full_name}: a streamed answer over HTTP is a file: its message needs "
                             f"{', '.join(sorted(FILE_CHUNK))}")
        rule = options.Extensions[annotations_pb2.http]
        limited = options.Extensions[method_rules_pb2.public_rate_limit]
        for r in (rule, *rule.additional_bindings):
            found.append(_binding(service, method, r, limited))
    return found


def _binding(service: str, method: MethodDescriptor, rule: http_pb2.HttpRule, limited: bool) -> Binding:
    kind = rule.WhichOneof("pattern")
    if kind not in HTTP_METHODS:
        raise ValueError(f"{method.full_name}: unsupported HTTP rule {kind}")
    return Binding(service, method, kind.upper(), PathTemplate.parse(getattr(rule, kind)), rule.body,
                   rule.response_body, limited)


class Router:
    """Finds the binding of a request: custom methods (':verb') first, then by order."""

    def __init__(self, bindings: list[Binding]):
        ordered = sorted(bindings, key=lambda b: not b.template.verb)
        self.routes = [(b, b.template.regex()) for b in ordered]
        self.bindings = bindings

    def match(self, http_method: str, raw_path: str) -> tuple[Binding, dict[str, str]] | None:
        """The binding and its path variables (field path -> decoded value), or None."""
        for binding, regex in self.routes:
            if binding.http_method != http_method:
                continue
            found = regex.fullmatch(raw_path)
            if found:
                parts = binding.template.parts
                return binding, {parts[int(k[1:])].field: unquote(v) for k, v in found.groupdict().items()}
        return None
