"""`python -m services.<service> <role>`: the same four roles for every service.

api       the service's gRPC API (writes state and outbox rows)
relay     publishes the outbox to JetStream
consumer  applies other services' events through the inbox
migrate   runs the service's Alembic migrations as the schema owner, then exits"""
import asyncio
import gc
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import nats
import uvloop
from nats.aio.client import Client as NATS
from sqlalchemy import MetaData

from services.platform import paging, server, streams, telemetry
from services.platform.auth import TokenVerifier
from services.platform.config import ConfigError, ServiceSettingsReader, Settings, load_settings
from services.platform.consumer import Consumer, Subscription
from services.platform.db import Database, Transaction
from services.platform.outbox import EventTables, Relay
from services.platform.rpc import EdgeInterceptor
from services.platform.schedule import ScheduledCheck, Scheduler
from services.platform.supervisor import Run, Supervisor
from services.platform.towns import TownRegistry
from services.platform.uow import Context, DatabaseUnits

log = logging.getLogger(__name__)
ROLES = ("api", "relay", "consumer", "migrate")
# A worker stops between messages or batches; one still busy after this is cancelled,
# its uncommitted work rolled back and its messages redelivered.
WORKER_STOP_SECONDS = 10
# A role's own workers, [(name, run)] for the supervisor, made with the role's NATS connection
# (relay and consumer; None in the api role, whose calls do not wait for NATS).
WorkerFactory = Callable[[Context, NATS | None], list[tuple[str, Run]]]


@dataclass
class ServiceSpec:
    name: str
    metadata: MetaData
    tables: EventTables
    # The service's repository on a unit of work's connection.
    repository: Callable[[Transaction], Any]
    migrations_dir: Path
    # Adds the service's servicers to the api role's server.
    register_api: Callable[[server.Server, Context], None]
    subscriptions: list[Subscription] = field(default_factory=list)
    # Reads the service's own settings beside the platform's (config.load_settings).
    settings: ServiceSettingsReader | None = None
    # Workers a role runs beside the platform's own (the relay, the subscriptions' consumers),
    # by role, e.g. the gateway's HTTP server in its api role and its deliveries in its consumer role.
    workers: dict[str, WorkerFactory] = field(default_factory=dict)
    # Run by the consumer role in rounds (services.platform.schedule); their events are raised
    # through the schema's check_occurrences table (add_event_tables(..., scheduled_checks=True)).
    checks: list[ScheduledCheck] = field(default_factory=list)


async def connect_nats(settings: Settings, stop: asyncio.Event) -> NATS:
    """Connects, retrying until NATS answers or the process is told to stop."""
    delay = 0.2
    while True:
        try:
            return await nats.connect(settings.nats_url, user_credentials=settings.nats_creds,
                                      max_reconnect_attempts=-1, reconnect_time_wait=0.5,
                                      connect_timeout=2, name=settings.service)
        except (nats.errors.Error, OSError) as exc:
            if stop.is_set():
                raise
            log.warning("NATS unavailable, retrying", extra={"error": exc})
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5)


def nats_check(nc: NATS):
    async def check() -> None:
        if not nc.is_connected:
            raise ConnectionError("NATS is not connected")
    return check


def pool_size(spec: ServiceSpec, role: str, settings: Settings) -> int:
    """Connections for the concurrency a role serves: the api's setting; the relay one for
    its batches and one for its backlog and readiness checks; a consumer one per
    subscription (each applies one event at a time) and per scheduled check (one town at a
    time), one for the service's own workers and one for readiness."""
    if role == "relay":
        return 2
    if role == "consumer":
        return len(spec.subscriptions) + len(spec.checks) + 2
    return settings.db_pool_size


async def run_role(spec: ServiceSpec, role: str, settings: Settings) -> None:
    stop = server.stop_event_on_signals()
    database = Database(settings.database_url, pool_size=pool_size(spec, role, settings))
    ctx = Context(towns=TownRegistry(settings.towns), settings=settings, service_settings=settings.service_settings,
                  unit_of_work=DatabaseUnits(database, spec.tables, spec.name, spec.repository))
    edge = None
    if role == "api":
        verifier = TokenVerifier(settings.jwt_public_key, issuer=settings.jwt_issuer, audience=settings.jwt_audience,
                                 max_lifetime_seconds=settings.max_token_lifetime_seconds)
        edge = EdgeInterceptor(spec.name, verifier)
        paging.configure(settings.page_token_key)
    srv = server.Server(service=spec.name, port=settings.grpc_port, edge=edge)
    server.serve_metrics(settings.metrics_port)
    checks = [database.ping]  # NATS's check joins them below: the supervisor sees it too
    supervisor = Supervisor(spec.name, stop, max_failures=settings.worker_max_failures, dependencies=checks,
                            on_change=srv.recheck)
    nc = None
    if role == "api":
        spec.register_api(srv, ctx)
    await database.open()
    await srv.start()
    if role in ("relay", "consumer"):
        nc = await connect_nats(settings, stop)
        js = nc.jetstream()
        await streams.ensure_streams(js)
        checks.append(nats_check(nc))
        if role == "relay":
            supervisor.add("relay", Relay(database, spec.tables.outbox, js).run)
        for subscription in spec.subscriptions if role == "consumer" else []:
            consumer = Consumer(ctx, js, spec.name, subscription, await_seconds=settings.consumer_await_seconds)
            supervisor.add(subscription.durable, consumer.run)
        for check in spec.checks if role == "consumer" else []:
            supervisor.add(check.name, Scheduler(ctx, spec.name, check, settings.check_interval_seconds).run)
    for name, run in spec.workers[role](ctx, nc) if role in spec.workers else []:
        supervisor.add(name, run)
    workers = asyncio.create_task(supervisor.run())
    readiness = asyncio.create_task(srv.watch_readiness([*checks, supervisor.check]))
    # What start-up made (modules, descriptors, compiled statements) lives as long as the process:
    # kept out of the collector's generations, a full collection no longer walks it.
    gc.freeze()
    log.info("started", extra={"role": role})
    await stop.wait()
    log.info("stopping", extra={"role": role})
    await shut_down(srv, readiness, workers, nc, database)
    if supervisor.gave_up:
        raise SystemExit(1)  # Kubernetes restarts the pod


async def shut_down(srv: server.Server, readiness: asyncio.Task, workers: asyncio.Task, nc: NATS | None,
                    database: Database) -> None:
    """NOT_SERVING first; workers finish the message or batch in hand; then the server drains."""
    stopping = asyncio.create_task(srv.stop())
    _, unfinished = await asyncio.wait([workers], timeout=WORKER_STOP_SECONDS)
    for task in unfinished:
        task.cancel()
    await stopping
    readiness.cancel()
    if nc is not None:
        await nc.close()
    await database.close()


def main(spec: ServiceSpec, argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0] not in ROLES:
        raise SystemExit(f"usage: python -m services.{spec.name} {{{'|'.join(ROLES)}}}")
    role = argv[0]
    try:
        settings = load_settings(spec.name, role, own=spec.settings)
    except ConfigError as exc:
        raise SystemExit(str(exc))
    telemetry.setup(spec.name, log_level=settings.log_level, otlp_endpoint=settings.otlp_endpoint,
                    trace_sample_ratio=settings.trace_sample_ratio)
    if role == "migrate":
        from services.platform import migrations  # Alembic: only this role needs it (11 MB less in the others)
        migrations.upgrade(schema=spec.name, migrations_dir=spec.migrations_dir,
                           database_url=settings.database_url, app_role=settings.db_app_role,
                           relay_role=settings.db_relay_role)
        return
    uvloop.run(run_role(spec, role, settings))  # libuv's event loop: less CPU per call and per event
