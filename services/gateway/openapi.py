"""The OpenAPI 3.1 document of the gateway's routes, generated from the same descriptors and
google.api.http annotations as the routes themselves, so the two cannot drift apart."""
from google.protobuf.descriptor import Descriptor

from services.gateway import apis, transcode
from services.gateway.routes import Binding
from services.gateway.schemas import WELL_KNOWN, Schemas

ERROR = "#/components/responses/Error"
# Well-known types that travel as one query parameter (a JSON string).
TEXT_TYPES = {"google.protobuf.Timestamp", "google.protobuf.Duration", "google.protobuf.FieldMask"}
MAX_QUERY_DEPTH = 3
ERROR_SCHEMA = {
    "type": "object",
    "description": "google.rpc.Status as HTTP/JSON APIs write it (AIP-193).",
    "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message", "status"], "properties": {
        "code": {"type": "integer", "description": "The HTTP status."},
        "message": {"type": "string"},
        "status": {"type": "string", "description": "The google.rpc.Code name, e.g. INVALID_ARGUMENT."},
        "details": {"type": "array", "items": WELL_KNOWN["google.protobuf.Any"],
                    "description": "google.rpc.ErrorInfo (reason, domain), google.rpc.BadRequest "
                                   "(field violations) and google.rpc.RetryInfo."},
    }}},
}
DESCRIPTION = """\
Every RPC of the services, over HTTP/JSON, generated from their protos' `google.api.http`
annotations (AIP-127). JSON follows protobuf's canonical mapping: lowerCamelCase names (proto
names are accepted too), enums by name, 64-bit integers as strings, times in RFC 3339.

Authenticate with `Authorization: Bearer <JWT>` (roles public, deputy, staff with a town;
district; system with its towns and channel). Errors are `google.rpc.Status` as
`{"error": {"code", "message", "status", "details"}}`, with the HTTP status of AIP-193: 400
INVALID_ARGUMENT (with the field paths in a BadRequest detail) and FAILED_PRECONDITION, 401, 403,
404, 409 ALREADY_EXISTS and ABORTED, 429, 500, 501, 503, 504. A body larger than the limit is 400
INVALID_ARGUMENT. `X-Request-Id` fills an unset `request_id`, which makes a create safe to retry."""


def document(bindings: list[Binding], *, title: str = "Minsheng HTTP/JSON API") -> dict:
    schemas = Schemas("#/components/schemas/")
    paths: dict[str, dict] = {}
    services = {}
    for binding in bindings:
        path, operation = _operation(binding, schemas)
        paths.setdefault(path, {})[binding.http_method.lower()] = operation
        services[binding.method.containing_service.full_name] = binding.method.containing_service
    comments = apis.comments()
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": "v1", "description": DESCRIPTION},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "tags": [{"name": s.name, "description": comments.get(name, s.name)} for name, s in sorted(services.items())],
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
            "responses": {"Error": {"description": "The call failed: google.rpc.Status.",
                                    "content": {"application/json": {"schema": ERROR_SCHEMA}}}},
            "schemas": dict(sorted(schemas.components.items())),
        },
    }


def _operation(binding: Binding, schemas: Schemas) -> tuple[str, dict]:
    method = binding.method
    path, path_params = binding.template.openapi()
    parameters = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"},
                   "description": f"A segment of `{variable.field}` ({binding.template.template})"}
                  for name, variable in path_params]
    parameters += _query_parameters(binding, schemas)
    if "request_id" in method.input_type.fields_by_name:
        parameters.append({"name": "X-Request-Id", "in": "header", "required": False, "schema": {"type": "string"},
                           "description": "Fills request_id when the request leaves it unset."})
    operation = {
        "operationId": f"{method.containing_service.name}_{method.name}",
        "tags": [method.containing_service.name],
        "summary": method.name,
        "description": apis.comments().get(method.full_name, method.name),
        "parameters": parameters,
        "responses": {"200": _answer(binding, schemas), "default": {"$ref": ERROR}},
    }
    if binding.public_rate_limit:
        operation["description"] += (" Calls by the public are limited per caller (429 RESOURCE_EXHAUSTED "
                                      "with Retry-After beyond it).")
    if binding.body:
        body = (method.input_type if binding.body == transcode.WHOLE_BODY
                else method.input_type.fields_by_name[binding.body])
        schema = schemas.ref(body) if isinstance(body, Descriptor) else schemas.field(body)
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema}}}
    return path, operation


def _answer(binding: Binding, schemas: Schemas) -> dict:
    if binding.method.server_streaming:  # a file, streamed (routes.FILE_CHUNK)
        return {"description": "The file, streamed (chunked), with its Content-Type and Content-Disposition.",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}
    return {"description": "OK", "content": {"application/json": {"schema": schemas.ref(_response_type(binding))}}}


def _response_type(binding: Binding) -> Descriptor:
    descriptor = binding.method.output_type
    for part in filter(None, binding.response_body.split(".")):
        descriptor = descriptor.fields_by_name[part].message_type
    return descriptor


def _query_parameters(binding: Binding, schemas: Schemas) -> list[dict]:
    if binding.body == transcode.WHOLE_BODY:
        return []
    bound = {v.field for v in binding.template.variables}
    found = []
    for name, field in _leaves(binding.method.input_type, "", 0):
        if name in bound or name.split(".")[0] == binding.body:
            continue
        parameter = {"name": name, "in": "query", "required": False, "schema": schemas.field(field)}
        if field.is_repeated:
            parameter.update(style="form", explode=True)
        if text := apis.comments().get(field.full_name):
            parameter["description"] = text
        found.append(parameter)
    return found


def _leaves(descriptor: Descriptor, prefix: str, depth: int):
    """The fields a query parameter can set: scalars, enums and text-like well-known types,
    through singular message fields (proto names joined by dots)."""
    for field in descriptor.fields:
        name = prefix + field.name
        message = field.message_type
        if message is None or message.full_name in TEXT_TYPES:
            yield name, field
        elif not field.is_repeated and not message.GetOptions().map_entry and depth < MAX_QUERY_DEPTH:
            yield from _leaves(message, name + ".", depth + 1)
