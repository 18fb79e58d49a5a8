"""The gRPC edge every service shares: the caller from the bearer token, domain errors
as google.rpc.Status (ErrorInfo, BadRequest), and per-RPC metrics."""
import logging
import time

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from services.platform import errors, telemetry
from services.platform.auth import TokenVerifier, current_caller

log = logging.getLogger(__name__)

ERROR_DOMAIN = "minsheng.gov.cn"
CODES = {
    errors.InvalidArgument: code_pb2.INVALID_ARGUMENT,
    errors.FailedPrecondition: code_pb2.FAILED_PRECONDITION,
    errors.NotFound: code_pb2.NOT_FOUND,
    errors.PermissionDenied: code_pb2.PERMISSION_DENIED,
    errors.Unauthenticated: code_pb2.UNAUTHENTICATED,
    errors.ResourceExhausted: code_pb2.RESOURCE_EXHAUSTED,
}
# Calls that need no token: the standard health and reflection services.
OPEN_SERVICES = ("/grpc.health.v1.Health/", "/grpc.reflection.")


def to_status(error: errors.DomainError) -> grpc.Status:
    code = next((c for cls, c in CODES.items() if isinstance(error, cls)), code_pb2.FAILED_PRECONDITION)
    details = [error_details_pb2.ErrorInfo(reason=error.reason, domain=ERROR_DOMAIN)]
    if isinstance(error, errors.InvalidArgument):
        details.append(error_details_pb2.BadRequest(field_violations=[
            error_details_pb2.BadRequest.FieldViolation(field=v.field, description=v.description)
            for v in error.violations]))
    packed = []
    for detail in details:
        item = any_pb2.Any()
        item.Pack(detail)
        packed.append(item)
    return rpc_status.to_status(status_pb2.Status(code=code, message=error.message, details=packed))


class EdgeInterceptor(grpc.aio.ServerInterceptor):
    def __init__(self, service: str, verifier: TokenVerifier | None):
        self.service = service
        self.verifier = verifier

    async def intercept_service(self, continuation, details):
        handler = await continuation(details)
        if handler is None or handler.unary_unary is None or details.method.startswith(OPEN_SERVICES):
            return handler
        method = details.method.rsplit("/", 1)[-1]
        metadata = dict(details.invocation_metadata or ())
        inner = handler.unary_unary

        async def behavior(request, context):
            started = time.perf_counter()
            code = "OK"
            try:
                who = self._authenticate(metadata)
                token, town = current_caller.set(who), telemetry.current_town.set(who.town)
                try:
                    return await inner(request, context)
                finally:
                    current_caller.reset(token)
                    telemetry.current_town.reset(town)
            except errors.DomainError as exc:
                status = to_status(exc)
                code = status.code.name
                await context.abort(status.code, status.details, status.trailing_metadata)
            except Exception:
                # A bug, not the caller's mistake: INTERNAL, without the exception's text.
                code = "INTERNAL"
                log.exception("unexpected error", extra={"method": method})
                await context.abort(grpc.StatusCode.INTERNAL, "internal error")
            finally:
                telemetry.RPC_REQUESTS.labels(self.service, method, code).inc()
                telemetry.RPC_DURATION.labels(self.service, method).observe(time.perf_counter() - started)

        return grpc.unary_unary_rpc_method_handler(
            behavior, request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer)

    def _authenticate(self, metadata: dict):
        header = metadata.get("authorization", "")
        if self.verifier is None or not header.startswith("Bearer "):
            raise errors.Unauthenticated("a bearer token is required")
        return self.verifier.verify(header.removeprefix("Bearer "))
