"""The consumer role's deliveries: every subscription has its own durable JetStream consumer,
starting at the subscription's creation time, over one subject (see _filter). Each event of its
towns and event types is POSTed to its endpoint as a signed CloudEvent; an answer other than 2xx
(or none) is retried with the configured waits, and after the last attempt the event goes to the
dead-letter stream with the reason. One subscriber's failures delay no other's.

Deliveries are at least once: a replica that dies between the endpoint's answer and the ack
delivers again, and receivers drop an `id` they have seen. Several replicas share each
subscription's consumer. Every few seconds each replica looks for new and ended subscriptions
and removes the consumers of ended ones."""
import asyncio
import contextlib
import logging
import time

import httpx
import nats.js.errors
from nats.aio.client import Client as NATS
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from minsheng.events.v1.envelope_pb2 import Envelope
from services.gateway import apis, cloudevents, metrics
from services.gateway.domain import Subscription, endpoint_problem, subscription_secret
from services.gateway.settings import GatewaySettings
from services.platform import consumer, events
from services.platform.uow import Context

log = logging.getLogger(__name__)
PREFIX = "gateway-"
USER_AGENT = "minsheng-gateway"


class DeliveryFailed(Exception):
    pass


def durable_name(subscription: Subscription) -> str:
    return PREFIX + subscription.id


class Deliveries(consumer.Consumer):
    """One subscription's consumer: the platform's retries, backoff, dead letters and metrics;
    its own binding (from the subscription's creation time) and what applying an event means."""

    def __init__(self, ctx: Context, js: JetStreamContext, subscription: Subscription, client: httpx.AsyncClient,
                 settings: GatewaySettings):
        super().__init__(ctx, js, "gateway", consumer.Subscription(
            durable_name(subscription), [_filter(subscription)], handle=None,
            max_deliveries=settings.delivery_attempts, backoff_seconds=settings.retry_seconds),
            batch_size=1)  # one at a time: each may take its timeout
        self.subscription = subscription
        self.secret = subscription_secret(settings.subscription_key, subscription.id)
        self.client = client
        self.settings = settings

    async def bind(self):
        config = ConsumerConfig(
            durable_name=self.sub.durable, filter_subjects=self.sub.subjects, ack_policy=AckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.BY_START_TIME, opt_start_time=self.subscription.created_at,
            ack_wait=self.settings.delivery_timeout_seconds + 20, max_deliver=-1, max_ack_pending=100)
        await self.js.add_consumer(events.STREAM, config)
        return await self.js.pull_subscribe_bind(self.sub.durable, stream=events.STREAM)

    async def apply(self, envelope: Envelope) -> bool:
        """Delivers the event if the subscription wants it; DeliveryFailed if the endpoint did not take it."""
        event_type = apis.cloud_event_type(envelope.source, envelope.event_type)
        if not self.subscription.wants(envelope.town_id, event_type):
            return False
        if problem := endpoint_problem(self.subscription.endpoint,
                                       allow_loopback_http=self.settings.allow_loopback_http):
            raise DeliveryFailed(f"the endpoint {problem}")
        body = cloudevents.body_of(cloudevents.cloud_event(envelope, events.unpack(envelope)))
        system = self.subscription.system
        started = time.perf_counter()
        try:
            answer = await self.client.post(self.subscription.endpoint, content=body, headers={
                "Content-Type": cloudevents.CONTENT_TYPE, "User-Agent": USER_AGENT,
                cloudevents.SIGNATURE_HEADER: cloudevents.signature(self.secret, body),
                "Minsheng-Subscription": self.subscription.name})
        except httpx.HTTPError as exc:
            metrics.DELIVERIES.labels(system, "failed").inc()
            raise DeliveryFailed(f"the endpoint did not answer ({type(exc).__name__})") from None
        finally:
            metrics.DELIVERY_DURATION.labels(system).observe(time.perf_counter() - started)
        if not answer.is_success:
            metrics.DELIVERIES.labels(system, "failed").inc()
            raise DeliveryFailed(f"the endpoint answered HTTP {answer.status_code}")
        metrics.DELIVERIES.labels(system, "delivered").inc()
        return True


def _filter(subscription: Subscription) -> str:
    """One subject: the subscription's only event kind, else every event (apply skips the others).
    Never several: for a consumer that starts by time with several filters, nats-server skips
    ahead to the first message of a filter whose first message ever is after the start time, so
    it passes over newer events of a filter that already had older ones (an event the subscriber
    is owed, never delivered; nats-server issue 6076, still so in 2.15.1)."""
    subjects = {events.subject("*", k.source, k.event_type) for k in apis.event_kinds()
                if k.cloud_event_type in subscription.event_types}
    return subjects.pop() if len(subjects) == 1 else f"{events.SUBJECT_PREFIX}.>"


class Subscribers:
    """The supervisor's worker: runs a Deliveries per subscription and follows the table."""

    def __init__(self, ctx: Context, nc: NATS):
        self.ctx = ctx
        self.js = nc.jetstream()
        self.settings: GatewaySettings = ctx.service_settings
        self.running: dict[str, tuple[asyncio.Task, asyncio.Event]] = {}

    async def run(self, stop: asyncio.Event, up) -> None:
        async with httpx.AsyncClient(timeout=self.settings.delivery_timeout_seconds, follow_redirects=False) as client:
            try:
                await self.follow(stop, up, client)
            finally:
                await self.stop_all()

    async def follow(self, stop: asyncio.Event, up, client: httpx.AsyncClient) -> None:
        first = True
        while not stop.is_set():
            await self.reconcile(client)
            if first:
                up()
                first = False
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), self.settings.refresh_seconds)

    async def reconcile(self, client: httpx.AsyncClient) -> None:
        # Consumers first, subscriptions second: a consumer made for a subscription created meanwhile
        # belongs to one this replica reads, so it is not taken for an ended one.
        consumers = {c.name for c in await self.js.consumers_info(events.STREAM) if c.name.startswith(PREFIX)}
        async with self.ctx.unit_of_work(None) as uow:
            current = {s.id: s for s in await uow.repo.everyone()}
        for sid in list(self.running):
            task, _ = self.running[sid]
            if sid not in current:
                await self.stop_one(sid)
            elif task.done():  # a consumer of a live subscription failed: the supervisor restarts us
                raise task.exception() or RuntimeError(f"the deliveries of subscriptions/{sid} stopped")
        for sid, subscription in current.items():
            if sid not in self.running:
                halt = asyncio.Event()
                deliveries = Deliveries(self.ctx, self.js, subscription, client, self.settings)
                self.running[sid] = (asyncio.create_task(deliveries.run(halt)), halt)
        for name in consumers - {durable_name(s) for s in current.values()}:
            with contextlib.suppress(nats.js.errors.NotFoundError):
                await self.js.delete_consumer(events.STREAM, name)
                log.info("subscription ended, its consumer removed", extra={"consumer": name})

    async def stop_one(self, sid: str) -> None:
        task, halt = self.running.pop(sid)
        halt.set()
        await asyncio.gather(task, return_exceptions=True)  # a failure now is no news: it has ended

    async def stop_all(self) -> None:
        for _, halt in self.running.values():
            halt.set()
        await asyncio.gather(*(task for task, _ in self.running.values()), return_exceptions=True)
        self.running.clear()


def workers(ctx: Context, nc: NATS | None):
    return [("deliveries", Subscribers(ctx, nc).run)]
