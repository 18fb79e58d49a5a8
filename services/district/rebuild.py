"""Rebuild by replay (`python -m services.district rebuild`): the streams from the beginning,
through the same projections as the live consumers, into the generation that is not live;
then, once caught up, the flip.

The replay folds events in memory (a Store) and writes each row once, which is what makes it
fast. The flip holds the consumers' gate exclusive: consumers wait (queries do not), the tail
of the streams that arrived meanwhile is folded and written, and the generation switches in
the same transaction. An event a consumer applies again after the flip changes nothing (a row
holding an event's effect is not changed by it again)."""
import asyncio
import time
import uuid
from collections import defaultdict
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timezone

import nats.errors
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from services.district import consumers, models, projections
from services.district.models import EVERY_TOWN, TOWNS_VOTED
from services.district.projections import COUNTS, VIEWS, Row, Source, Step
from services.platform import events
from services.platform.db import Database, gate

BATCH = 1000
REBUILDING = "district:rebuild"
WRITE_BATCH = 2000
# Columns by which a step may find a row other than its key (Step.by).
INDEXED = {"projects": ("project",)}


class Store:
    """The read models in memory: the projections applied as the live consumers apply them."""

    def __init__(self, pinned_key=lambda town_id, service: None):
        self.pinned_key = pinned_key
        self.rows: dict[tuple[str, str, tuple], Row] = {}
        self.index: dict[tuple[str, str, str, object], tuple] = {}
        self.dirty: set[tuple[str, str, tuple]] = set()
        # Steps whose earlier row (Step.after) has not come yet, by that row: applied when it
        # comes, as the live consumer retries them; still waiting at the end, they change nothing.
        self.waiting: dict[tuple[str, str, tuple], list[Step]] = defaultdict(list)

    def apply(self, src: Source, event) -> None:
        for step in projections.steps_of(src, event):
            self.step(src.town_id, step)

    def step(self, town_id: str, step: Step) -> None:
        view = step.view.name
        earlier = self.rows.get((view, town_id, step.after)) if step.after else None
        if step.after and earlier is None:
            self.waiting[(view, town_id, step.after)].append(step)
            return
        key = self.index.get((view, town_id, step.by, step.key[0])) if step.by else step.key
        old = self.rows.get((view, town_id, key)) if key is not None else None
        new = step.applied(old, earlier)
        if new is None or new == old:
            return
        row = {**new, **dict(zip(step.view.key, key))}
        self.rows[(view, town_id, key)] = row
        self.dirty.add((view, town_id, key))
        for column in INDEXED.get(view, ()):
            if row[column]:
                self.index[(view, town_id, column, row[column])] = key
        for waited in self.waiting.pop((view, town_id, key), []):
            self.step(town_id, waited)

    def town_years(self) -> dict[tuple[str, int], dict[str, int]]:
        found: dict[tuple[str, int], dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
        for (view, town_id, _), row in self.rows.items():
            counts = found[(town_id, row["year"])]
            for name, value in VIEWS[view].counts(row).items():
                counts[name] += value
        return dict(found)

    def district_years(self) -> dict[int, dict[str, int]]:
        found: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys((*COUNTS, TOWNS_VOTED), 0))
        for (_, year), counts in self.town_years().items():
            totals = found[year]
            for name, value in counts.items():
                totals[name] += value
            totals[TOWNS_VOTED] += int(counts["filings_accepted"] > 0)
        return dict(found)


@dataclass
class Replay:
    """A pass over the streams the district subscribes to, with no acknowledgements."""
    js: JetStreamContext
    store: Store
    events: int = 0

    async def open(self) -> None:
        self.name = f"district-rebuild-{uuid.uuid4().hex[:12]}"
        subjects = [s for sub in consumers.SUBSCRIPTIONS for s in sub.subjects]
        await self.js.add_consumer(events.STREAM, ConsumerConfig(
            durable_name=self.name, filter_subjects=subjects, ack_policy=AckPolicy.NONE,
            deliver_policy=DeliverPolicy.ALL, inactive_threshold=300, max_waiting=1))
        self.sub = await self.js.pull_subscribe_bind(self.name, stream=events.STREAM)

    async def close(self) -> None:
        await self.sub.unsubscribe()
        await self.js.delete_consumer(events.STREAM, self.name)

    async def catch_up(self) -> None:
        """Folds every event published until now."""
        while (await self.sub.consumer_info()).num_pending:
            try:
                messages = await self.sub.fetch(BATCH, timeout=1)
            except (nats.errors.TimeoutError, asyncio.TimeoutError):
                continue
            for msg in messages:
                self.fold(msg.data)

    def fold(self, data: bytes) -> None:
        envelope = events.Envelope.FromString(data)
        try:
            event = events.unpack(envelope)
        except (ValueError, KeyError):  # an event type this build does not know: the consumers skip it too
            return
        src = Source(envelope.town_id, envelope.occurred_at.ToDatetime(tzinfo=timezone.utc),
                     self.store.pinned_key)
        try:
            self.store.apply(src, event)
        except ValueError:  # the live consumer dead-letters it: it changes no view
            return
        self.events += 1


async def write(conn, g: str, store: Store, *, upsert: bool) -> None:
    """The store's changed rows into generation g, and its years (replaced whole)."""
    tables = models.TABLES[g]
    by_view: dict[str, list[dict]] = defaultdict(list)
    for view, town_id, key in sorted(store.dirty, key=str):
        by_view[view].append({"town_id": town_id, **store.rows[(view, town_id, key)]})
    for view, rows in by_view.items():
        table = tables[view]
        for i in range(0, len(rows), WRITE_BATCH):
            statement = insert(table)
            if upsert:
                keys = ["town_id", *VIEWS[view].key]
                statement = statement.on_conflict_do_update(
                    index_elements=keys, set_={c: statement.excluded[c] for c in table.c.keys() if c not in keys})
            await conn.execute(statement, rows[i:i + WRITE_BATCH])
    store.dirty.clear()
    for name, rows in (("town_years", [{"town_id": t, "year": y, **c} for (t, y), c in store.town_years().items()]),
                       ("district_years", [{"year": y, **c} for y, c in store.district_years().items()])):
        await conn.execute(tables[name].delete())
        for i in range(0, len(rows), WRITE_BATCH):
            await conn.execute(insert(tables[name]), rows[i:i + WRITE_BATCH])


@dataclass
class Rebuilt:
    generation: str
    events: int
    seconds: float


class RebuildRunning(RuntimeError):
    pass


@asynccontextmanager
async def alone(database: Database):
    """Held while a rebuild runs: a second one would fill the same generation."""
    async with database.engine.connect() as conn:
        key = func.hashtextextended(REBUILDING, 0)
        if not (await conn.execute(select(func.pg_try_advisory_lock(key)))).scalar_one():
            raise RebuildRunning("another rebuild is running")
        try:
            yield
        finally:
            await conn.execute(select(func.pg_advisory_unlock(key)))
            await conn.commit()


async def rebuild(database: Database, js: JetStreamContext, pinned_key=lambda town_id, service: None) -> Rebuilt:
    """Replays into the generation that is not live, then flips to it once caught up."""
    async with alone(database):
        return await _rebuild(database, js, pinned_key)


async def _rebuild(database: Database, js: JetStreamContext, pinned_key) -> Rebuilt:
    started = time.monotonic()
    async with database.transaction(EVERY_TOWN) as conn:
        target = models.other(await models.live_generation(conn))
        await models.clear(conn, target)
    replay = Replay(js, Store(pinned_key))
    await replay.open()
    try:
        await replay.catch_up()
        async with database.transaction(EVERY_TOWN) as conn:
            await write(conn, target, replay.store, upsert=False)
        async with database.transaction(EVERY_TOWN) as conn:
            await gate(conn, models.GATE, exclusive=True)
            await replay.catch_up()
            await write(conn, target, replay.store, upsert=True)
            await models.flip(conn, target)
    finally:
        await replay.close()
    return Rebuilt(target, replay.events, time.monotonic() - started)
