"""Durable pull consumers that apply each event once.

An event is applied in one unit of work with a row in the service's inbox table; a
redelivered event finds its row and is only acknowledged. A failing event is retried
with growing delays, then published to the dead-letter stream with the reason."""
import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from typing import Awaitable, Callable

import nats.errors
import nats.js.errors
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from google.protobuf import message
from google.protobuf.message import DecodeError
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from opentelemetry import propagate, trace
from sqlalchemy.exc import InterfaceError, OperationalError

from minsheng.events.v1.envelope_pb2 import Envelope
from services.platform import events, telemetry
from services.platform.scrub import describe_error
from services.platform.uow import Context, UnitOfWork

# How often the consumer's lag (messages pending) is measured, busy or idle.
LAG_EVERY_SECONDS = 5.0

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

# A consumer's use case: (context, unit of work with the event claimed, payload, envelope).
Handler = Callable[[Context, UnitOfWork, message.Message, Envelope], Awaitable[None]]


@dataclass(frozen=True)
class Subscription:
    """One durable consumer: its name, the subjects it takes, and the use case it runs on
    each event, in the unit of work that claims the event in the inbox."""
    durable: str
    subjects: list[str]
    # None for a consumer that applies events its own way (the gateway's deliveries override apply).
    handle: Handler | None
    max_deliveries: int = 5
    backoff_seconds: tuple[float, ...] = (0.5, 2, 10, 30)

    def delay_after(self, deliveries: int) -> float:
        return self.backoff_seconds[min(deliveries, len(self.backoff_seconds)) - 1]


class Consumer:
    def __init__(self, ctx: Context, js: JetStreamContext, service: str, subscription: Subscription, *,
                 batch_size: int = 100):
        self.ctx = ctx
        self.js = js
        self.service = service
        self.sub = subscription
        self.batch_size = batch_size

    async def bind(self):
        config = ConsumerConfig(durable_name=self.sub.durable, filter_subjects=self.sub.subjects,
                                ack_policy=AckPolicy.EXPLICIT, deliver_policy=DeliverPolicy.ALL,
                                ack_wait=30, max_deliver=-1, max_ack_pending=1000)
        await self.js.add_consumer(events.STREAM, config)
        return await self.js.pull_subscribe_bind(self.sub.durable, stream=events.STREAM)

    async def apply(self, envelope: Envelope) -> bool:
        """Runs the use case unless this consumer already applied the event. True if applied."""
        async with self.ctx.unit_of_work(envelope.town_id) as uow:
            if not await uow.claim(self.sub.durable, envelope.event_id):
                return False
            await self.sub.handle(self.ctx, uow, events.unpack(envelope), envelope)
        return True

    async def process(self, msg: Msg) -> None:
        deliveries = msg.metadata.num_delivered
        if deliveries > 1:
            telemetry.CONSUMER_REDELIVERIES.labels(self.service, self.sub.durable).inc()
        try:
            envelope = Envelope.FromString(msg.data)
        except DecodeError as exc:  # a message that is not an envelope can never succeed
            await self.dead_letter(msg, f"not an event envelope: {describe_error(exc)}")
            return
        # Continue the trace of the command that caused the event.
        parent = propagate.extract({"traceparent": envelope.traceparent})
        town = telemetry.current_town.set(envelope.town_id)
        try:
            with tracer.start_as_current_span(f"consume {envelope.event_type}", context=parent,
                                              kind=trace.SpanKind.CONSUMER):
                await self._apply_or_retry(msg, envelope, deliveries)
        finally:
            telemetry.current_town.reset(town)

    async def _apply_or_retry(self, msg: Msg, envelope: Envelope, deliveries: int) -> None:
        try:
            if await self.apply(envelope):
                telemetry.EVENTS_CONSUMED.labels(self.service, self.sub.durable, envelope.event_type).inc()
        except (OperationalError, InterfaceError) as exc:
            # The database is unreachable: not the event's fault, so never dead-letter for it.
            log.warning("database unavailable, event will be retried", extra={"error": exc})
            await msg.nak(delay=self.sub.delay_after(len(self.sub.backoff_seconds)))
            return
        except Exception as exc:
            if deliveries >= self.sub.max_deliveries:
                await self.dead_letter(msg, f"failed {deliveries} times, last: {describe_error(exc)}")
            else:
                log.warning("event failed, will retry", extra={
                    "consumer": self.sub.durable, "event_id": envelope.event_id, "error": exc})
                await msg.nak(delay=self.sub.delay_after(deliveries))
            return
        await msg.ack()

    async def dead_letter(self, msg: Msg, reason: str) -> None:
        subject = f"{events.DEAD_LETTER_PREFIX}.{self.service}.{self.sub.durable}"
        headers = {"Minsheng-Reason": reason[:1000], "Minsheng-Original-Subject": msg.subject,
                   "Nats-Msg-Id": f"{self.sub.durable}:{msg.metadata.sequence.stream}"}
        await self.js.publish(subject, msg.data, headers=headers, stream=events.DEAD_LETTER_STREAM)
        await msg.term()
        telemetry.DEAD_LETTERS.labels(self.service, self.sub.durable).inc()
        log.error("event dead-lettered", extra={"consumer": self.sub.durable, "error": reason})

    async def run(self, stop: asyncio.Event, up: Callable[[], None] = lambda: None) -> None:
        """Applies events until `stop` is set, calling `up` once bound. Raises if it cannot
        bind, if JetStream refuses a fetch (the durable consumer is gone: binding again
        re-creates it), or if an event's acknowledgement or dead letter cannot be sent."""
        subscription = await self.bind()
        up()
        try:
            await self.consume(subscription, stop)
        finally:
            with contextlib.suppress(nats.errors.Error):
                await subscription.unsubscribe()

    async def consume(self, subscription, stop: asyncio.Event) -> None:
        measured = 0.0
        while not stop.is_set():
            if time.monotonic() - measured > LAG_EVERY_SECONDS:
                await self.measure_lag(subscription)
                measured = time.monotonic()
            try:
                messages = await subscription.fetch(self.batch_size, timeout=1)
            except (nats.errors.TimeoutError, asyncio.TimeoutError):
                continue
            except nats.js.errors.APIError:
                raise  # JetStream refused (the durable consumer is gone): binding again mends it
            except nats.errors.Error as exc:  # NATS unreachable: readiness says so meanwhile
                log.warning("cannot fetch events, will retry", extra={"error": exc})
                await asyncio.sleep(1)
                continue
            for msg in messages:
                await self.process(msg)

    async def measure_lag(self, subscription) -> None:
        try:
            info = await subscription.consumer_info()
        except (nats.errors.Error, asyncio.TimeoutError):
            return
        telemetry.CONSUMER_LAG.labels(self.service, self.sub.durable).set(info.num_pending)
