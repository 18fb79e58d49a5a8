"""Transactional outbox: an event is a row written in the same transaction as the state
change it reports, so a committed change always has its event. The relay publishes
the rows to JetStream with Nats-Msg-Id = event id (JetStream drops a re-publish) and
marks them published."""
import asyncio
import itertools
import logging
import time
from collections import Counter
from dataclasses import dataclass
from typing import Callable

import nats.errors
import psycopg
from nats.js import JetStreamContext
from google.protobuf import message
from sqlalchemy import (BigInteger, Column, DateTime, Index, Integer, LargeBinary, MetaData, String, Table, any_,
                        bindparam, func, select, text, update)
from sqlalchemy.dialects.postgresql import ARRAY, JSON
from sqlalchemy.exc import InterfaceError, OperationalError

from minsheng.events.v1.envelope_pb2 import Envelope
from services.platform import events, telemetry
from services.platform.db import Database, Statement, Transaction, insert_rows, json_value

log = logging.getLogger(__name__)


def outbox_channel(schema: str) -> str:
    """The PostgreSQL NOTIFY channel that says a service's outbox has new rows."""
    return f"{schema}_outbox"


@dataclass(frozen=True)
class EventTables:
    """The tables every service schema has for its events."""
    outbox: Table
    inbox: Table
    # The last sequence number given to each aggregate's events.
    sequences: Table
    # What the service's scheduled checks raised (services.platform.schedule), if it has any.
    occurrences: Table | None = None


def add_event_tables(metadata: MetaData, *, scheduled_checks: bool = False) -> EventTables:
    """The event tables of a service's schema (metadata.schema), as its models declare them;
    with `scheduled_checks`, also the table of what its checks raised."""
    outbox = Table(
        "outbox", metadata,
        Column("seq", BigInteger, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("town_id", String(64), nullable=False),
        Column("aggregate_id", String(200), nullable=False),
        Column("event_type", String(100), nullable=False),
        Column("subject", String(300), nullable=False),
        Column("envelope", LargeBinary, nullable=False),
        Column("traceparent", String(100), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("published_at", DateTime(timezone=True)),
        Index("outbox_unpublished", "seq", postgresql_where=text("published_at IS NULL")),
    )
    inbox = Table(
        "inbox", metadata,
        Column("consumer", String(100), primary_key=True),
        Column("event_id", String(36), primary_key=True),
        Column("town_id", String(64), nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )
    sequences = Table(
        "aggregate_sequences", metadata,
        Column("town_id", String(64), primary_key=True),
        Column("aggregate_id", String(200), primary_key=True),
        Column("last_sequence", BigInteger, nullable=False),
    )
    occurrences = Table(
        "check_occurrences", metadata,
        Column("check_name", String(100), primary_key=True),
        Column("town_id", String(64), primary_key=True),
        Column("aggregate_id", String(200), primary_key=True),
        Column("period", String(100), primary_key=True),
        Column("raised_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    ) if scheduled_checks else None
    return EventTables(outbox, inbox, sequences, occurrences)


# The outbox row's columns that differ per event (town_id is one per unit of work).
_EVENT_COLUMNS = ("event_id", "aggregate_id", "event_type", "subject", "envelope", "traceparent")


# The envelope's aggregate_sequence as protobuf writes it: its field's key (varint type), then
# the number in base-128 groups, least significant first, each but the last with its high bit.
_SEQUENCE_KEY = Envelope.DESCRIPTOR.fields_by_name["aggregate_sequence"].number << 3


def _sequence_field(number: str) -> str:
    """SQL of the bytes of the envelope's aggregate_sequence field holding `number` (a bigint
    expression, at least 1). Protobuf reads a field wherever it stands in a message, so these
    bytes appended to an envelope serialized without its sequence give the envelope with it."""
    group = f"set_byte(decode('00', 'hex'), 0, ((({number}) >> (7 * k)) & 127 " \
            f"| CASE WHEN ({number}) >> (7 * (k + 1)) > 0 THEN 128 ELSE 0 END)::int)"
    return (f"(SELECT decode('{_SEQUENCE_KEY:02x}', 'hex') || string_agg({group}, ''::bytea ORDER BY k) "
            f"FROM generate_series(0, 9) AS k WHERE k = 0 OR ({number}) >> (7 * k) > 0)")


class Outbox:
    """Writes a unit of work's events, numbering each in its aggregate's history."""

    def __init__(self, tables: EventTables, source: str):
        self.tables = tables
        self.source = source
        sequences, outbox = tables.sequences, tables.outbox
        start = insert_rows(sequences, ["aggregate_id", "last_sequence"], shared=["town_id"])
        # New aggregates' histories start at 1: their sequence rows are inserted (a second
        # start of one history fails on the primary key), and no result is waited for.
        self._start = Statement(start)
        self._insert = Statement(insert_rows(outbox, _EVENT_COLUMNS, shared=["town_id"]))
        # Events of aggregates whose histories go on: the database moves each aggregate's last
        # sequence on by its count of new events and numbers the events from it, in one
        # statement sent with the commit (no round trip waits while the sequence rows are locked).
        # `later`: how many events of its aggregate follow an event in this unit of work.
        self._continue = Statement(text(f"""
            WITH advanced AS (
                INSERT INTO {sequences.fullname} (town_id, aggregate_id, last_sequence)
                SELECT :town_id, c.aggregate_id, c.count
                FROM json_to_recordset(:counts) AS c(aggregate_id text, count bigint) ORDER BY c.aggregate_id
                ON CONFLICT (town_id, aggregate_id)
                DO UPDATE SET last_sequence = {sequences.fullname}.last_sequence + excluded.last_sequence
                RETURNING aggregate_id, last_sequence)
            INSERT INTO {outbox.fullname} (town_id, {", ".join(_EVENT_COLUMNS)})
            SELECT :town_id, e.event_id, e.aggregate_id, e.event_type, e.subject,
                   e.envelope || {_sequence_field("a.last_sequence - e.later")}, e.traceparent
            FROM json_to_recordset(:rows) AS e(i int, event_id text, aggregate_id text, event_type text,
                                               subject text, envelope bytea, traceparent text, later bigint)
            JOIN advanced AS a USING (aggregate_id)
            ORDER BY e.i""").bindparams(bindparam("counts", type_=JSON), bindparam("rows", type_=JSON)))

    async def write(self, tx: Transaction, town_id: str, pending: list[tuple[str, message.Message, bool]]) -> None:
        """Queues the events (aggregate id, payload, whether it starts a new aggregate's
        history), in this order, in the current transaction: they go out with its commit,
        and nothing waits for their round trip. Meant as its last statements: the aggregates'
        sequence rows are then locked only while the commit that follows them is sent."""
        if not pending:
            return
        new = {aggregate for aggregate, _, starts in pending if starts}
        if new:
            await self._write_new(tx, town_id, [p for p in pending if p[0] in new])
        if continuing := [p for p in pending if p[0] not in new]:
            await self._write_continuing(tx, town_id, continuing)

    def _row(self, town_id: str, aggregate: str, payload: message.Message, sequence: int) -> dict:
        e = events.new_envelope(town_id=town_id, source=self.source, aggregate_id=aggregate,
                                aggregate_sequence=sequence, payload=payload)
        return {"event_id": e.event_id, "aggregate_id": aggregate, "event_type": e.event_type,
                "subject": events.subject(town_id, self.source, e.event_type),
                "envelope": json_value(e.SerializeToString()), "traceparent": e.traceparent}

    async def _write_new(self, tx: Transaction, town_id: str, pending: list) -> None:
        counts = Counter(aggregate for aggregate, _, _ in pending)
        await tx.send(self._start, {"town_id": town_id, "rows": [
            {"aggregate_id": a, "last_sequence": counts[a]} for a in sorted(counts)]})
        following = dict.fromkeys(counts, 1)
        rows = []
        for aggregate, payload, _ in pending:
            rows.append(self._row(town_id, aggregate, payload, following[aggregate]))
            following[aggregate] += 1
        await tx.send(self._insert, {"town_id": town_id, "rows": rows})

    async def _write_continuing(self, tx: Transaction, town_id: str, pending: list) -> None:
        counts = Counter(aggregate for aggregate, _, _ in pending)
        later = dict(counts)
        rows = []
        for i, (aggregate, payload, _) in enumerate(pending):
            later[aggregate] -= 1
            rows.append({**self._row(town_id, aggregate, payload, 0), "i": i, "later": later[aggregate]})
        await tx.send(self._continue, {"town_id": town_id, "counts": [
            {"aggregate_id": a, "count": n} for a, n in counts.items()], "rows": rows})


class OutboxSignal:
    """Waits for the outbox trigger's NOTIFY on a connection of its own, so the relay
    publishes as soon as a transaction commits rather than at its next poll. If the
    connection fails, waiting degrades to sleeping and the relay keeps polling."""

    def __init__(self, database: Database, channel: str):
        self.dsn = database.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.channel = channel
        self.conn: psycopg.AsyncConnection | None = None

    async def wait(self, timeout: float, debounce: float = 0.0) -> None:
        """Returns at the next commit with events (or after `timeout`), `debounce` seconds
        later: the commits of those seconds then go out in the same batch."""
        try:
            if self.conn is None:
                self.conn = await psycopg.AsyncConnection.connect(self.dsn, autocommit=True)
                await self.conn.execute(f'LISTEN "{self.channel}"')
            async for _ in self.conn.notifies(timeout=timeout, stop_after=1):
                pass
            if debounce:
                await asyncio.sleep(debounce)
            async for _ in self.conn.notifies(timeout=0):
                pass  # the commits meanwhile: the coming batch takes their events too
        except (psycopg.Error, OSError) as exc:
            log.warning("outbox notifications unavailable, polling", extra={"error": exc})
            await self.close()
            await asyncio.sleep(timeout)

    async def close(self) -> None:
        if self.conn is not None:
            await self.conn.close()
            self.conn = None


# How long the relay waits for JetStream to acknowledge a round of publishes.
ACK_SECONDS = 5.0


def _headers(row) -> dict[str, str]:
    headers = {"Nats-Msg-Id": row.event_id}  # JetStream drops a copy re-sent within its duplicate window
    if row.traceparent:
        headers["traceparent"] = row.traceparent
    return headers


class Relay:
    """Publishes unpublished outbox rows in order. Several relays may run at once:
    rows are claimed FOR UPDATE SKIP LOCKED, and a transaction-scoped advisory lock per
    aggregate keeps one aggregate's events with one relay at a time, in sequence order.

    A batch is published at once (JetStream's asynchronous publishes): each aggregate's
    events one after another (the next only once JetStream acknowledged the one before, so a
    failure cannot put them out of order), all aggregates together; then the batch is marked
    published in one statement. After a
    quiet spell the first commit is published at once; while events keep coming, the relay
    waits `debounce_seconds` after a wake-up, so one batch takes a burst's commits."""

    def __init__(self, database: Database, table: Table, js: JetStreamContext, *, batch_size: int = 500,
                 idle_seconds: float = 0.5, debounce_seconds: float = 0.005):
        self.database = database
        self.table = table
        self.js = js
        self.batch_size = batch_size
        self.idle_seconds = idle_seconds
        self.debounce_seconds = debounce_seconds
        self._claim = Statement(
            select(table.c.seq, table.c.event_id, table.c.aggregate_id, table.c.subject, table.c.envelope,
                   table.c.traceparent, table.c.event_type, table.c.town_id)
            .where(table.c.published_at.is_(None))
            .where(func.pg_try_advisory_xact_lock(func.hashtextextended(table.c.aggregate_id, 0)))
            .order_by(table.c.seq).limit(bindparam("limit", type_=Integer)).with_for_update(skip_locked=True))
        self._mark = Statement(update(table).where(table.c.seq == any_(bindparam("seqs", type_=ARRAY(BigInteger))))
                               .values(published_at=func.now()))

    async def publish_batch(self) -> int:
        async with self.database.transaction(None) as tx:
            rows = await tx.rows(self._claim, {"limit": self.batch_size})
            if rows:
                await self._publish(rows)
                await tx.send(self._mark, {"seqs": [row.seq for row in rows]})
        return len(rows)

    async def _publish(self, rows: list) -> None:
        """In rounds: the first unpublished event of every aggregate at once, then, once all
        are acknowledged, the next of each; a failure (an error, or no acknowledgement in time)
        fails the batch."""
        chains: dict[str, list] = {}
        for row in rows:
            chains.setdefault(row.aggregate_id, []).append(row)
        stored: Counter = Counter()
        for round_ in itertools.zip_longest(*chains.values()):
            sent = [(row, await self.js.publish_async(row.subject, row.envelope, headers=_headers(row),
                                                      stream=events.STREAM)) for row in round_ if row is not None]
            done, waiting = await asyncio.wait([ack for _, ack in sent], timeout=ACK_SECONDS)
            for ack in waiting:
                ack.cancel()
            if waiting:
                raise asyncio.TimeoutError(f"{len(waiting)} events not acknowledged by JetStream")
            stored.update((row.town_id, row.event_type) for row, ack in sent if not ack.result().duplicate)
        for (town_id, event_type), count in stored.items():
            telemetry.EVENTS_PUBLISHED.labels(self.table.schema, event_type).inc(count)
            telemetry.BUSINESS_EVENTS.labels(self.table.schema, town_id, event_type).inc(count)

    async def measure_backlog(self) -> None:
        query = select(func.count(), func.min(self.table.c.created_at)).where(self.table.c.published_at.is_(None))
        async with self.database.transaction(None) as conn:
            count, oldest = (await conn.execute(query)).one()
            now = (await conn.execute(text("SELECT now()"))).scalar_one()
        telemetry.OUTBOX_BACKLOG.labels(self.table.schema).set(count)
        telemetry.OUTBOX_OLDEST_AGE.labels(self.table.schema).set((now - oldest).total_seconds() if oldest else 0)

    async def run(self, stop: asyncio.Event, up: Callable[[], None] = lambda: None) -> None:
        """Publishes until `stop` is set, calling `up` after its first batch. While NATS or the
        database cannot be reached, backs off and retries (nothing is marked published unless
        JetStream acknowledged it); any other error (a revoked grant, a bug) is raised."""
        committed = OutboxSignal(self.database, outbox_channel(self.table.schema))
        try:
            await self.publish(stop, up, committed)
        finally:
            await committed.close()

    async def publish(self, stop: asyncio.Event, up: Callable[[], None], committed: OutboxSignal) -> None:
        failures = 0
        last_measure = 0.0
        working = False
        while not stop.is_set():
            try:
                if time.monotonic() - last_measure > 2:
                    await self.measure_backlog()
                    last_measure = time.monotonic()
                published = await self.publish_batch()
                failures = 0
            except (nats.errors.Error, OperationalError, InterfaceError, OSError, asyncio.TimeoutError) as exc:
                failures += 1
                log.warning("outbox relay cannot publish, will retry", extra={"error": exc})
                published = 0
            if not (working or failures):
                working = True
                up()
            if published < self.batch_size and failures == 0:
                await committed.wait(self.idle_seconds, self.debounce_seconds if published > 1 else 0.0)
            elif failures:
                try:
                    await asyncio.wait_for(stop.wait(), min(0.2 * 2 ** failures, 5.0))
                except asyncio.TimeoutError:
                    pass
