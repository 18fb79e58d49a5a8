"""Durable pull consumers that apply each event once.

An event is applied in a unit of work with a row in the service's inbox table; a
redelivered event finds its row and is only acknowledged. The events of one town in a
fetched batch, first deliveries, are applied together in one unit of work (one transaction
and one commit instead of one each); if that unit of work fails, each is applied alone, so
that only the failing one is retried. A failing event is retried
with growing delays, then published to the dead-letter stream with the reason. An event
whose prerequisite from another stream has not arrived yet (errors.NotYetApplicable) is
retried the same way for up to a horizon (an hour by default) without counting as failing,
and is dead-lettered with that reason only when the horizon passes."""
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
from services.platform.errors import NotYetApplicable
from services.platform.scrub import describe_error
from services.platform.uow import Context, UnitOfWork

# How often the consumer's lag (messages pending) is measured, busy or idle.
LAG_EVERY_SECONDS = 5.0
# How long an event may await a prerequisite from another stream before it is dead-lettered
# (MINSHENG_CONSUMER_AWAIT_SECONDS).
AWAIT_SECONDS = 3600.0
# An awaiting event comes back within its backoff; one not seen for this long was handled by
# another replica (or acknowledged by JetStream's redelivery there) and is forgotten here.
FORGET_AWAITING_SECONDS = 300.0

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

# A consumer's use case: (context, unit of work with the event claimed, payload, envelope).
Handler = Callable[[Context, UnitOfWork, message.Message, Envelope], Awaitable[None]]
# The same for several events of one town at once, in stream order, all claimed in the unit of work.
BatchHandler = Callable[[Context, UnitOfWork, list[tuple[message.Message, Envelope]]], Awaitable[None]]


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
    # Optional: applies a town's events of a fetched batch at once (set-wise, e.g. one
    # statement for many rows); without it `handle` runs on each in turn.
    handle_all: BatchHandler | None = None

    def delay_after(self, deliveries: int) -> float:
        return self.backoff_seconds[min(deliveries, len(self.backoff_seconds)) - 1]


def _span(envelope: Envelope):
    """The event's span, continuing the trace of the command that caused it."""
    parent = propagate.extract({"traceparent": envelope.traceparent})
    return tracer.start_as_current_span(f"consume {envelope.event_type}", context=parent,
                                        kind=trace.SpanKind.CONSUMER)


@dataclass
class Awaiting:
    """An event this process has seen awaiting its prerequisite: its tries that do not count as
    failures, since when, when last, and whether it still awaits (or now fails otherwise)."""
    deliveries: int
    since: float
    last: float
    still: bool = True


class Consumer:
    def __init__(self, ctx: Context, js: JetStreamContext, service: str, subscription: Subscription, *,
                 batch_size: int = 100, await_seconds: float = AWAIT_SECONDS):
        self.ctx = ctx
        self.js = js
        self.service = service
        self.sub = subscription
        self.batch_size = batch_size
        self.await_seconds = await_seconds
        # By stream sequence. In memory: after a restart an event awaits a horizon afresh.
        self.awaiting: dict[int, Awaiting] = {}

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

    async def process_all(self, messages: list[Msg]) -> None:
        """A fetched batch: each town's first deliveries together (in stream order within the
        town, which holds every aggregate's order); alone, in stream order, an event delivered
        again (it failed or awaits: counted and backed off alone), a message that is no
        envelope, a town's only event, and the events of a unit of work that failed."""
        alone: list[Msg] = []
        by_town: dict[str, list[tuple[Msg, Envelope]]] = {}
        for msg in messages:
            envelope = self._first_delivery(msg)
            if envelope is None:
                alone.append(msg)
            else:
                by_town.setdefault(envelope.town_id, []).append((msg, envelope))
        for town_id, batch in by_town.items():
            if len(batch) == 1 or not await self._apply_together(town_id, batch):
                alone += [msg for msg, _ in batch]
        for msg in sorted(alone, key=lambda m: m.metadata.sequence.stream):
            await self.process(msg)

    def _first_delivery(self, msg: Msg) -> Envelope | None:
        if self.sub.handle is None or msg.metadata.num_delivered > 1:
            return None
        try:
            return Envelope.FromString(msg.data)
        except DecodeError:
            return None

    async def _apply_together(self, town_id: str, batch: list[tuple[Msg, Envelope]]) -> bool:
        """One unit of work for the town's events, acknowledged once it committed. False (and
        nothing applied) if it failed."""
        town = telemetry.current_town.set(town_id)
        applied = []
        try:
            async with self.ctx.unit_of_work(town_id) as uow:
                claimed = await uow.claim_all(self.sub.durable, [envelope.event_id for _, envelope in batch])
                for _, envelope in batch:
                    if envelope.event_id in claimed:  # the same event twice in the batch: once
                        claimed.remove(envelope.event_id)
                        applied.append(envelope)
                await self._handle_all(uow, applied)
        except Exception as exc:
            log.info("events applied together failed, each is applied alone", extra={
                "consumer": self.sub.durable, "events": len(batch), "error": exc})
            telemetry.CONSUMER_BATCHES_APPLIED_ALONE.labels(self.service, self.sub.durable).inc()
            return False
        finally:
            telemetry.current_town.reset(town)
        for envelope in applied:
            telemetry.EVENTS_CONSUMED.labels(self.service, self.sub.durable, envelope.event_type).inc()
        for msg, _ in batch:
            await msg.ack()
        return True

    async def _handle_all(self, uow: UnitOfWork, envelopes: list[Envelope]) -> None:
        if self.sub.handle_all is None:
            for envelope in envelopes:
                with _span(envelope):
                    await self.sub.handle(self.ctx, uow, events.unpack(envelope), envelope)
        elif envelopes:
            # One span for them all, linked to each event's trace (the commands that caused them).
            links = [trace.Link(span.get_span_context()) for span in
                     (trace.get_current_span(propagate.extract({"traceparent": e.traceparent})) for e in envelopes)
                     if span.get_span_context().is_valid]
            with tracer.start_as_current_span(f"consume {len(envelopes)} events", links=links,
                                              kind=trace.SpanKind.CONSUMER):
                await self.sub.handle_all(self.ctx, uow, [(events.unpack(e), e) for e in envelopes])

    async def process(self, msg: Msg) -> None:
        deliveries = msg.metadata.num_delivered
        if deliveries > 1:
            telemetry.CONSUMER_REDELIVERIES.labels(self.service, self.sub.durable).inc()
        try:
            envelope = Envelope.FromString(msg.data)
        except DecodeError as exc:  # a message that is not an envelope can never succeed
            await self.dead_letter(msg, f"not an event envelope: {describe_error(exc)}")
            return
        town = telemetry.current_town.set(envelope.town_id)
        try:
            with _span(envelope):
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
        except NotYetApplicable as exc:
            await self._await(msg, envelope, exc)
            return
        except Exception as exc:
            awaited = self.awaiting.get(msg.metadata.sequence.stream)
            failures = deliveries - (awaited.deliveries if awaited else 0)  # its awaiting tries do not count
            if failures >= self.sub.max_deliveries:
                self._forget(msg)
                await self.dead_letter(msg, f"failed {failures} times, last: {describe_error(exc)}")
                return
            log.warning("event failed, will retry", extra={
                "consumer": self.sub.durable, "event_id": envelope.event_id, "error": exc})
            await msg.nak(delay=self.sub.delay_after(failures))
            if awaited:
                awaited.still, awaited.last = False, time.monotonic()
                self.measure_awaiting()
            return
        self._forget(msg)
        await msg.ack()

    async def _await(self, msg: Msg, envelope: Envelope, exc: NotYetApplicable) -> None:
        """Retries an event whose prerequisite has not arrived, with the backoff of a failure
        but uncounted, until the horizon: then it is dead-lettered with that reason."""
        now = time.monotonic()
        seq = msg.metadata.sequence.stream
        awaited = self.awaiting.setdefault(seq, Awaiting(0, now, now))
        awaited.deliveries += 1
        awaited.last, awaited.still = now, True
        if now - awaited.since > self.await_seconds:
            self._forget(msg)
            await self.dead_letter(msg, f"awaited its prerequisite {now - awaited.since:.0f} s "
                                        f"({awaited.deliveries} tries), last: {describe_error(exc)}")
            return
        log.info("event awaits its prerequisite", extra={
            "consumer": self.sub.durable, "event_id": envelope.event_id, "error": exc})
        await msg.nak(delay=self.sub.delay_after(awaited.deliveries))
        self.measure_awaiting()

    def _forget(self, msg: Msg) -> None:
        if self.awaiting.pop(msg.metadata.sequence.stream, None):
            self.measure_awaiting()

    def measure_awaiting(self) -> None:
        now = time.monotonic()
        for seq in [s for s, a in self.awaiting.items() if now - a.last > FORGET_AWAITING_SECONDS]:
            del self.awaiting[seq]
        still = [a for a in self.awaiting.values() if a.still]
        oldest = min((a.since for a in still), default=now)
        telemetry.CONSUMER_AWAITING.labels(self.service, self.sub.durable).set(len(still))
        telemetry.CONSUMER_OLDEST_AWAITING.labels(self.service, self.sub.durable).set(now - oldest)

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
                self.measure_awaiting()
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
            await self.process_all(messages)

    async def measure_lag(self, subscription) -> None:
        try:
            info = await subscription.consumer_info()
        except (nats.errors.Error, asyncio.TimeoutError):
            return
        telemetry.CONSUMER_LAG.labels(self.service, self.sub.durable).set(info.num_pending)
