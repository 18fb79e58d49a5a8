"""The gRPC edge every service shares. For every call: the caller from the bearer token, the
request checked against its descriptor (services.platform.validation), domain errors as
google.rpc.Status (ErrorInfo, BadRequest) small enough for gRPC's trailers, a database or
NATS outage as UNAVAILABLE, and per-RPC metrics. It serves unary and server-streaming calls
alike (a stream's request is checked before its first message; an error after it ends the
stream with its status) and refuses those that stream requests, so no call reaches a service
without all of that."""
import asyncio
import contextlib
import logging
import time

import grpc
import nats.errors
import nats.js.errors
import psycopg
import sqlalchemy.exc
from google.protobuf import any_pb2
from google.protobuf.message import DecodeError
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from services.platform import errors, telemetry, validation
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
# The status travels in trailers, which clients cap at 8 KiB by default (binary ones grow by a
# third in base64, non-ASCII text threefold in percent-encoding): a status names the first
# violations only, each in short, within a byte budget; ErrorInfo's metadata counts them all.
MAX_REPORTED_VIOLATIONS = 20
MAX_VIOLATIONS_BYTES = 2500
MAX_TEXT = 120
MAX_MESSAGE = 200
# A dependency that did not answer: retrying the call later may succeed. SQLAlchemy wraps
# the driver's errors; OSError covers refused and reset connections and timeouts.
DATABASE_DOWN = (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError, sqlalchemy.exc.TimeoutError,
                 sqlalchemy.exc.DisconnectionError, psycopg.OperationalError, psycopg.InterfaceError)
NATS_DOWN = (nats.errors.ConnectionClosedError, nats.errors.NoServersError, nats.errors.StaleConnectionError,
             nats.errors.ConnectionReconnectingError, nats.errors.NoRespondersError,
             nats.errors.OutboundBufferLimitError, nats.js.errors.ServiceUnavailableError)
UNAVAILABLE = DATABASE_DOWN + NATS_DOWN + (OSError,)
# SQLSTATE class 40: serialization failure, deadlock; the transaction was rolled back.
TRANSACTION_ROLLBACK = "40"


def _short(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _reported(violations: list[errors.FieldViolation]) -> list[error_details_pb2.BadRequest.FieldViolation]:
    reported, size = [], 0
    for v in violations[:MAX_REPORTED_VIOLATIONS]:
        item = error_details_pb2.BadRequest.FieldViolation(field=_short(v.field), description=_short(v.description))
        size += item.ByteSize()
        if size > MAX_VIOLATIONS_BYTES:
            break
        reported.append(item)
    return reported


def status_of(error: errors.DomainError) -> status_pb2.Status:
    """The google.rpc.Status of a domain error (gRPC trailers and the gateway's HTTP answers)."""
    code = next((c for cls, c in CODES.items() if isinstance(error, cls)), code_pb2.FAILED_PRECONDITION)
    info = error_details_pb2.ErrorInfo(reason=error.reason, domain=ERROR_DOMAIN)
    details = [info]
    if isinstance(error, errors.InvalidArgument):
        info.metadata["violations"] = str(len(error.violations))
        details.append(error_details_pb2.BadRequest(field_violations=_reported(error.violations)))
    packed = []
    for detail in details:
        item = any_pb2.Any()
        item.Pack(detail)
        packed.append(item)
    return status_pb2.Status(code=code, message=_short(error.message, MAX_MESSAGE), details=packed)


def to_status(error: errors.DomainError) -> grpc.Status:
    return rpc_status.to_status(status_of(error))


def item_status(error: BaseException, method: str) -> status_pb2.Status:
    """The status of one item of a batch call that failed alone: what a call of its own
    would have been answered."""
    if isinstance(error, errors.DomainError):
        return status_of(error)
    code, message = unexpected_status(error, method)
    return status_pb2.Status(code=code.value[0], message=message)


def unexpected_status(exc: Exception, method: str) -> tuple[grpc.StatusCode, str]:
    """An exception that is not the caller's mistake: a transaction that lost a conflict
    (ABORTED), a dependency's outage (UNAVAILABLE, both retryable), or a bug (INTERNAL).
    Logged without the exception's text, which may hold the statement's parameters."""
    driver_error = getattr(exc, "orig", None) or exc
    if (getattr(driver_error, "sqlstate", None) or "").startswith(TRANSACTION_ROLLBACK):
        log.warning("transaction aborted by a conflict", extra={"method": method, "error": type(driver_error).__name__})
        return grpc.StatusCode.ABORTED, "the call conflicted with another one; retry it"
    if isinstance(exc, UNAVAILABLE):
        log.warning("dependency unavailable", extra={"method": method, "error": type(driver_error).__name__})
        what = "the database" if isinstance(exc, DATABASE_DOWN) else "a dependency"
        return grpc.StatusCode.UNAVAILABLE, f"{what} is unavailable; retry later"
    log.exception("unexpected error", extra={"method": method})
    return grpc.StatusCode.INTERNAL, "internal error"


class _Undecodable:
    """Stands for request bytes that are no message of the method's type (e.g. text that is
    not UTF-8), which gRPC would otherwise answer as its own INTERNAL error."""


def _lenient(deserialize):
    def parse(data: bytes):
        try:
            return deserialize(data)
        except DecodeError:
            return _Undecodable()
    return parse


class EdgeInterceptor(grpc.aio.ServerInterceptor):
    def __init__(self, service: str, verifier: TokenVerifier | None):
        self.service = service
        self.verifier = verifier

    async def intercept_service(self, continuation, details):
        handler = await continuation(details)
        if handler is None or details.method.startswith(OPEN_SERVICES):
            return handler
        method = details.method.rsplit("/", 1)[-1]
        if handler.request_streaming:
            return self._refused(handler, method)
        metadata = dict(details.invocation_metadata or ())
        deserializer = _lenient(handler.request_deserializer)
        if handler.response_streaming:
            inner_stream = handler.unary_stream

            async def streaming(request, context):
                async with self._edge(method, metadata, request, context):
                    async for response in inner_stream(request, context):
                        yield response

            return grpc.unary_stream_rpc_method_handler(
                streaming, request_deserializer=deserializer, response_serializer=handler.response_serializer)
        inner = handler.unary_unary

        async def unary(request, context):
            async with self._edge(method, metadata, request, context):
                return await inner(request, context)

        return grpc.unary_unary_rpc_method_handler(
            unary, request_deserializer=deserializer, response_serializer=handler.response_serializer)

    @contextlib.asynccontextmanager
    async def _edge(self, method: str, metadata: dict, request, context):
        """What every call gets, around the service's code: the caller authenticated and the
        request checked first, errors as statuses, and the call counted and timed (a stream's
        from its request to its last message)."""
        started = time.perf_counter()
        code = "OK"
        try:
            who = self._authenticate(metadata)
            self._check(request)
            token, town = current_caller.set(who), telemetry.current_town.set(who.town)
            try:
                yield
            finally:
                current_caller.reset(token)
                telemetry.current_town.reset(town)
        except (asyncio.CancelledError, GeneratorExit):
            code = "CANCELLED"  # the caller went away (or stopped reading a stream)
            raise
        except errors.DomainError as exc:
            status = to_status(exc)
            code = status.code.name
            await context.abort(status.code, status.details, status.trailing_metadata)
        except Exception as exc:
            status_code, message = unexpected_status(exc, method)
            code = status_code.name
            await context.abort(status_code, message)
        finally:
            telemetry.RPC_REQUESTS.labels(self.service, method, code).inc()
            telemetry.RPC_DURATION.labels(self.service, method).observe(time.perf_counter() - started)

    def _refused(self, handler, method: str):
        """A method that streams requests: answered UNIMPLEMENTED without reading a message,
        since this edge checks one request per call."""
        async def refuse(request_or_iterator, context):
            telemetry.RPC_REQUESTS.labels(self.service, method, "UNIMPLEMENTED").inc()
            await context.abort(grpc.StatusCode.UNIMPLEMENTED, "this server takes one request message per call")

        async def refuse_streaming(request_or_iterator, context):
            await refuse(request_or_iterator, context)
            yield  # never reached: an async generator is what a streaming response needs

        make, behavior = {
            (True, False): (grpc.stream_unary_rpc_method_handler, refuse),
            (True, True): (grpc.stream_stream_rpc_method_handler, refuse_streaming),
        }[handler.request_streaming, handler.response_streaming]
        return make(behavior, request_deserializer=handler.request_deserializer,
                    response_serializer=handler.response_serializer)

    def _authenticate(self, metadata: dict):
        header = metadata.get("authorization", "")
        if self.verifier is None or not header.startswith("Bearer "):
            raise errors.Unauthenticated("a bearer token is required")
        return self.verifier.verify(header.removeprefix("Bearer "))

    @staticmethod
    def _check(request) -> None:
        if isinstance(request, _Undecodable):
            raise errors.InvalidArgument([], message="invalid request: not a well-formed message of its type "
                                                     "(is every text UTF-8?)")
        validation.check(request)
