"""The api role's HTTP/JSON front door, a worker under the platform's supervisor: one generic
transcoder (Starlette on uvicorn) for every route of every service it serves, their OpenAPI
document with an interactive page, and the AsyncAPI document of the events.

For each call: the route from the path, the request message from the body, query and path,
the public rate limit where the method asks for it, the gRPC call to the service's api with the
caller's bearer token, the W3C trace context and the request id passed through, and the answer
or the error as JSON (services.gateway.errors)."""
import asyncio
import contextlib
import json
import logging
import time
from pathlib import Path
from urllib.parse import quote

import grpc
import swagger_ui
import uvicorn
from google.protobuf import message_factory
from google.rpc import code_pb2, status_pb2
from opentelemetry import propagate, trace
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import (FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response,
                                 StreamingResponse)
from starlette.routing import Route

from services import registry
from services.gateway import asyncapi, console, errors, metrics, openapi, ratelimit, transcode
from services.gateway.routes import Binding, Router, bindings_of
from services.gateway.settings import GatewaySettings
from services.platform import errors as domain_errors
from services.platform.auth import PUBLIC, TokenVerifier
from services.platform.process import connect_nats
from services.platform.rpc import status_of
from services.platform.supervisor import WorkerDown
from services.platform.uow import Context

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)
# gRPC's default receive limit is 4 MB, while a bulletin board of a large poll is several MB
# (about 23 kB per ballot of 20 candidates: 160 deputies make 3.7 MB). 64 MB bounds what one
# answer may cost the gateway in memory and still carries a board of about 2,800 such ballots.
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
CHANNEL_OPTIONS = (("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
                   ("grpc.max_send_message_length", MAX_MESSAGE_BYTES))


def open_channel(target: str) -> grpc.aio.Channel:
    """A channel to a service's api, taking answers up to MAX_MESSAGE_BYTES."""
    return grpc.aio.insecure_channel(target, options=CHANNEL_OPTIONS)

ASSETS = Path(swagger_ui.__file__).parent / "static"
ASSET_FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png")
# Relative addresses, so the page also works behind a path prefix.
DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Minsheng API</title>
<link rel="icon" href="docs/assets/favicon-32x32.png"><link rel="stylesheet" href="docs/assets/swagger-ui.css">
</head><body><div id="swagger-ui"></div>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({url: "openapi.json", dom_id: "#swagger-ui", deepLinking: true});</script>
</body></html>"""
FORWARDED_HEADERS = ("authorization", "x-request-id")


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self):
        """The process (services.platform.process) owns SIGTERM and SIGINT and stops this worker."""
        yield


class Front:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.settings: GatewaySettings = ctx.service_settings
        own = {registry.GATEWAY: f"127.0.0.1:{ctx.settings.grpc_port}"}
        self.targets = self.settings.targets | own
        self.router = Router([b for service in self.targets for b in bindings_of(service)])
        self.verifier = TokenVerifier(ctx.settings.jwt_public_key, issuer=ctx.settings.jwt_issuer,
                                      audience=ctx.settings.jwt_audience,
                                      max_lifetime_seconds=ctx.settings.max_token_lifetime_seconds)
        self.limiter = ratelimit.SharedRateLimiter(ctx.settings.public_submissions_per_minute)
        self.documents = {"openapi.json": _json(openapi.document(self.router.bindings)),
                          "asyncapi.json": _json(asyncapi.document())}
        self.channels: dict[str, grpc.aio.Channel] = {}
        self.console = console.Console(self.settings, ctx.settings.towns)

    def app(self) -> Starlette:
        return Starlette(routes=[
            Route("/", self.home),
            Route("/openapi.json", self.document),
            Route("/asyncapi.json", self.document),
            Route("/docs", self.docs),
            Route("/docs/assets/{file}", self.asset),
            *self.console.routes(),
            Route("/{path:path}", self.handle, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
        ])

    async def home(self, request: Request) -> Response:
        return RedirectResponse("docs")

    async def docs(self, request: Request) -> Response:
        return HTMLResponse(DOCS_PAGE)

    async def document(self, request: Request) -> Response:
        return Response(self.documents[request.url.path.lstrip("/")], media_type="application/json")

    async def asset(self, request: Request) -> Response:
        file = request.path_params["file"]
        if file not in ASSET_FILES:
            return _error_response(status_pb2.Status(code=code_pb2.NOT_FOUND, message="no such file"))
        return FileResponse(ASSETS / file, headers={"Cache-Control": "public, max-age=86400"})

    async def handle(self, request: Request) -> Response:
        raw_path = request.scope.get("raw_path", request.url.path.encode()).decode("latin-1")
        found = self.router.match(request.method, raw_path)
        if found is None:
            return _error_response(status_pb2.Status(code=code_pb2.NOT_FOUND,
                                                     message=f"no route {request.method} {request.url.path}"))
        binding, path_vars = found
        started = time.perf_counter()
        with tracer.start_as_current_span(f"{binding.http_method} {binding.template.template}",
                                          context=propagate.extract(request.headers),
                                          kind=trace.SpanKind.SERVER) as span:
            response = await self._answer(binding, path_vars, request)
            span.set_attribute("http.response.status_code", response.status_code)
            carrier: dict[str, str] = {}
            propagate.inject(carrier)
            if "traceparent" in carrier:  # W3C Trace Context's response header: this call's trace
                response.headers["traceresponse"] = carrier["traceparent"]
        service, method = binding.service, binding.method.name
        metrics.HTTP_REQUESTS.labels(service, method, str(response.status_code)).inc()
        metrics.HTTP_DURATION.labels(service, method).observe(time.perf_counter() - started)
        return response

    async def _answer(self, binding: Binding, path_vars: dict[str, str], request: Request) -> Response:
        try:
            body = await self._body(binding, request)
            message = transcode.request_message(binding, path_vars, request.query_params.multi_items(), body,
                                                request.headers.get("x-request-id"))
            if binding.public_rate_limit:
                await self._limit(request)
            if binding.method.server_streaming:
                return await self._stream(binding, message, request)
            answer = await self._call(binding, message, request)
            return JSONResponse(transcode.response_json(binding, answer))
        except ratelimit.RateLimited as exc:
            response = _error_response(status_of(exc))
            response.headers["Retry-After"] = str(max(1, round(exc.retry_after)))
            return response
        except domain_errors.DomainError as exc:
            return _error_response(status_of(exc))
        except grpc.aio.AioRpcError as exc:
            return _error_response(errors.status_of_rpc_error(exc))
        except Exception:
            log.exception("unexpected error", extra={"method": binding.method.name})
            return _error_response(status_pb2.Status(code=code_pb2.INTERNAL, message="internal error"))

    async def _body(self, binding: Binding, request: Request) -> bytes:
        """The body, refused unread past the limit: 400, as Google's front ends answer it."""
        limit = self.settings.max_body_bytes
        too_large = domain_errors.InvalidArgument(
            [domain_errors.FieldViolation(binding.body or transcode.WHOLE_BODY, f"larger than {limit} bytes")],
            message=f"the request body is larger than {limit} bytes")
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_large
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise too_large
            chunks.append(chunk)
        return b"".join(chunks)

    async def _limit(self, request: Request) -> None:
        header = request.headers.get("authorization", "")
        if not header.startswith("Bearer "):
            raise domain_errors.Unauthenticated("a bearer token is required")
        caller = self.verifier.verify(header.removeprefix("Bearer "))
        if caller.roles == {PUBLIC}:
            await self.limiter.take(caller.subject)

    @staticmethod
    def _metadata(request: Request) -> list[tuple[str, str]]:
        metadata = [(name, request.headers[name]) for name in FORWARDED_HEADERS if name in request.headers]
        carrier: dict[str, str] = {}
        propagate.inject(carrier)  # the gateway's span: the service's span continues its trace
        return metadata + list(carrier.items())

    async def _call(self, binding: Binding, message, request: Request):
        response_type = message_factory.GetMessageClass(binding.method.output_type)
        call = self.channels[binding.service].unary_unary(
            binding.grpc_path, request_serializer=type(message).SerializeToString,
            response_deserializer=response_type.FromString)
        return await call(message, metadata=self._metadata(request), timeout=self.settings.call_timeout_seconds)

    async def _stream(self, binding: Binding, message, request: Request) -> Response:
        """A server-streaming method's file (routes.FILE_CHUNK) as a chunked HTTP response. Its
        first message comes within the call timeout, or the call's error is the answer as any
        other; after it, each message must come within the timeout, and a stream that breaks
        cuts the response short (no last chunk), so no client takes a part for the whole."""
        response_type = message_factory.GetMessageClass(binding.method.output_type)
        call = self.channels[binding.service].unary_stream(
            binding.grpc_path, request_serializer=type(message).SerializeToString,
            response_deserializer=response_type.FromString)
        stream = call(message, metadata=self._metadata(request))
        timeout = self.settings.call_timeout_seconds
        try:
            first = await asyncio.wait_for(stream.read(), timeout)
        except BaseException:
            stream.cancel()
            raise
        if first is grpc.aio.EOF:
            raise RuntimeError(f"{binding.method.name} sent no message")

        async def body():
            try:
                if first.content:
                    yield first.content
                while (chunk := await asyncio.wait_for(stream.read(), timeout)) is not grpc.aio.EOF:
                    if chunk.content:  # an empty one only says the stream goes on
                        yield chunk.content
            except (grpc.aio.AioRpcError, asyncio.TimeoutError) as exc:
                log.warning("stream broken off", extra={"method": binding.method.name, "error": type(exc).__name__})
                raise
            finally:
                stream.cancel()

        disposition = f"attachment; filename*=UTF-8''{quote(first.filename)}"
        return StreamingResponse(body(), media_type=first.content_type or "application/octet-stream",
                                 headers={"Content-Disposition": disposition})

    async def run(self, stop: asyncio.Event, up) -> None:
        """Serves until `stop`, calling `up` once listening; raises if the server cannot go on."""
        self.channels = {service: open_channel(target) for service, target in self.targets.items()}
        limiter = asyncio.create_task(self._connect_limiter(stop))
        server = _Server(uvicorn.Config(self.app(), host="0.0.0.0", port=self.settings.http_port, log_config=None,
                                        access_log=False, lifespan="off", server_header=False))
        serving = asyncio.create_task(_serve(server))
        try:
            while not server.started:
                if serving.done():
                    serving.result()
                    raise WorkerDown("the HTTP server did not start")
                await asyncio.sleep(0.05)
            log.info("HTTP listening", extra={"port": self.settings.http_port})
            up()
            stopping = asyncio.create_task(stop.wait())
            await asyncio.wait([serving, stopping], return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            if not stop.is_set():
                serving.result()
                raise WorkerDown("the HTTP server stopped")
            server.should_exit = True  # stops accepting, lets calls in flight finish
            await serving
        finally:
            limiter.cancel()
            await asyncio.gather(limiter, return_exceptions=True)
            for channel in self.channels.values():
                await channel.close()

    async def _connect_limiter(self, stop: asyncio.Event) -> None:
        """The shared limit's store, in the background: calls are served meanwhile."""
        nc = None
        try:
            while self.limiter.kv is None and not stop.is_set():
                try:
                    nc = nc or await connect_nats(self.ctx.settings, stop)
                    self.limiter.kv = await ratelimit.open_bucket(nc.jetstream())
                except Exception as exc:
                    log.warning("shared rate limit store unavailable, retrying", extra={"error": exc})
                    await asyncio.sleep(1)
            await stop.wait()
        finally:
            if nc is not None:
                await nc.close()


async def _serve(server: uvicorn.Server) -> None:
    try:
        await server.serve()
    except SystemExit as exc:  # uvicorn exits when it cannot bind
        raise OSError(f"the HTTP server cannot start (exit {exc.code})") from None


def _json(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _error_response(status: status_pb2.Status) -> JSONResponse:
    response = JSONResponse(errors.error_body(status), status_code=errors.http_status(status))
    if status.code == code_pb2.UNAUTHENTICATED:
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


def workers(ctx: Context, nc):
    return [("http", Front(ctx).run)]
