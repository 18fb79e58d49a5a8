"""The grpc.aio server of every role: the service's API (api role only), the standard
health service (readiness follows the database and NATS), reflection, Prometheus metrics,
and a graceful stop on SIGTERM: NOT_SERVING first, then drain in-flight calls."""
import asyncio
import logging
import signal
from typing import Awaitable, Callable

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from opentelemetry.instrumentation.grpc import aio_server_interceptor
from prometheus_client import start_http_server

from services.platform.rpc import EdgeInterceptor

log = logging.getLogger(__name__)

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING
# Time between NOT_SERVING and closing the port, so load balancers stop sending calls.
DRAIN_DELAY_SECONDS = 1.0
GRACE_SECONDS = 15.0
# The health name for liveness probes: SERVING from start to shutdown whatever the
# dependencies do, so a database or NATS outage takes pods out of service (readiness,
# name "") without restarting them all into crash back-off.
LIVENESS = "liveness"

Check = Callable[[], Awaitable[None]]


class Server:
    def __init__(self, *, service: str, port: int, edge: EdgeInterceptor | None = None):
        interceptors = [aio_server_interceptor()] + ([edge] if edge else [])
        # No SO_REUSEPORT: a second process on the same port fails at start instead of
        # silently taking half of the first one's calls.
        self.grpc = grpc.aio.server(interceptors=interceptors, options=[("grpc.so_reuseport", 0)])
        self.port = self.grpc.add_insecure_port(f"0.0.0.0:{port}")
        self.health = health.aio.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.grpc)
        self.service_names = [health.SERVICE_NAME, reflection.SERVICE_NAME]
        self.service = service
        self.stopping = False
        self._recheck = asyncio.Event()

    def add(self, add_to_server, servicer, full_name: str) -> None:
        add_to_server(servicer, self.grpc)
        self.service_names.append(full_name)

    async def set_serving(self, serving: bool) -> None:
        status = SERVING if serving and not self.stopping else NOT_SERVING
        for name in ["", *self.service_names]:
            await self.health.set(name, status)

    def recheck(self) -> None:
        """Readiness looks again now rather than at its next interval."""
        self._recheck.set()

    async def watch_readiness(self, checks: list[Check], interval: float = 1.0) -> None:
        """Serves only while every check passes (dependencies answer, workers work)."""
        ready = None
        while not self.stopping:
            try:
                for check in checks:
                    await asyncio.wait_for(check(), timeout=max(interval, 2.0))
                now_ready = True
            except Exception as exc:
                now_ready = False
                if ready is not False:
                    log.warning("dependency unavailable, NOT_SERVING", extra={"error": exc})
            if now_ready != ready:
                await self.set_serving(now_ready)
                ready = now_ready
            try:
                await asyncio.wait_for(self._recheck.wait(), interval)
            except asyncio.TimeoutError:
                pass
            self._recheck.clear()

    async def start(self) -> None:
        reflection.enable_server_reflection(self.service_names, self.grpc)
        await self.set_serving(False)
        await self.health.set(LIVENESS, SERVING)
        await self.grpc.start()
        log.info("gRPC listening", extra={"port": self.port})

    async def stop(self) -> None:
        self.stopping = True
        await self.health.enter_graceful_shutdown()
        await asyncio.sleep(DRAIN_DELAY_SECONDS)
        await self.grpc.stop(GRACE_SECONDS)


def serve_metrics(port: int) -> None:
    start_http_server(port, addr="0.0.0.0")


def stop_event_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    return stop
