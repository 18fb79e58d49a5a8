"""The unit of work every use case runs in, and the context that opens them.

A unit of work is one transaction of one town: the service's repository on its connection,
the consumer's inbox claim, and the events the use case records. The events go to the outbox
when the block ends without an error, numbered in their aggregates' histories in the same
transaction, so each aggregate's events are 1, 2, 3 ... with no gap and no repeat."""
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, AsyncContextManager, AsyncIterator, Callable, Generic, TypeVar

from google.protobuf import message
from sqlalchemy import bindparam
from sqlalchemy.dialects.postgresql import insert

from services.platform.config import Settings
from services.platform.db import Database, Statement, Transaction, insert_rows
from services.platform.group import GroupCommit, GroupUseCase
from services.platform.outbox import EventTables, Outbox
from services.platform.towns import TownRegistry

R = TypeVar("R")


@dataclass(frozen=True)
class Occurrence:
    """Something a scheduled check found (services.platform.schedule): an event about an
    aggregate, raised once per period, e.g. per deadline that passed."""
    aggregate_id: str
    period: str
    payload: message.Message


def once_each(occurrences: list[Occurrence]) -> list[tuple[tuple[str, str], Occurrence]]:
    """The occurrences by key (aggregate, period), each key once, in sorted order."""
    return sorted({(o.aggregate_id, o.period): o for o in occurrences}.items(), key=lambda item: item[0])


class UnitOfWork(Generic[R]):
    def __init__(self, conn: Transaction, repo: R, town_id: str | None, tables: EventTables,
                 claims: tuple[Statement, Statement]):
        self.conn = conn
        self.repo = repo
        self.town_id = town_id
        self._tables = tables
        self._claim, self._claim_all = claims
        self.pending: list[tuple[str, message.Message, bool]] = []

    def record(self, aggregate_id: str, payload: message.Message, *, new_aggregate: bool = False) -> None:
        """An event about `aggregate_id` (its resource name), written when the unit of work
        commits; nothing is written if it fails. `new_aggregate`: the first event of a
        resource this unit of work creates, numbered 1 without asking the database (the
        unit of work fails if that history had begun)."""
        self.pending.append((aggregate_id, payload, new_aggregate))

    async def claim(self, consumer: str, event_id: str) -> bool:
        """Marks the event as applied by `consumer`; False if it was already."""
        claimed = await self.conn.rows(self._claim, {"consumer": consumer, "event_id": event_id,
                                                     "town_id": self.town_id})
        return bool(claimed)

    async def claim_all(self, consumer: str, event_ids: list[str]) -> set[str]:
        """Marks the events as applied by `consumer`, in one statement; returns those that
        were not already."""
        claimed = await self.conn.rows(self._claim_all, {"consumer": consumer, "town_id": self.town_id,
                                                         "rows": [{"event_id": e} for e in event_ids]})
        return {row.event_id for row in claimed}

    async def raise_once(self, check: str, occurrences: list[Occurrence]) -> list[Occurrence]:
        """Records the event of each occurrence that `check` has not raised before in this town
        (for its aggregate and period); returns those raised now. The keys go in one statement
        in sorted order, so two replicas raising the same ones wait for each other, never deadlock."""
        table = self._tables.occurrences
        keyed = once_each(occurrences)
        if not keyed:
            return []
        statement = (insert(table).values([dict(check_name=check, town_id=self.town_id, aggregate_id=aggregate,
                                                period=period) for (aggregate, period), _ in keyed])
                     .on_conflict_do_nothing().returning(table.c.aggregate_id, table.c.period))
        new = {(row.aggregate_id, row.period) for row in await self.conn.execute(statement)}
        raised = [o for key, o in keyed if key in new]
        for o in raised:
            self.record(o.aggregate_id, o.payload)
        return raised


UnitsOfWork = Callable[[str | None], AsyncContextManager[Any]]


class DatabaseUnits:
    """Opens units of work on the service's database."""

    def __init__(self, database: Database, tables: EventTables, source: str,
                 repository: Callable[[Transaction], Any]):
        self.database = database
        self.tables = tables
        self.outbox = Outbox(tables, source)
        self.repository = repository
        inbox = tables.inbox
        self._claim = Statement(insert(inbox).values(
            consumer=bindparam("consumer"), event_id=bindparam("event_id"), town_id=bindparam("town_id"))
            .on_conflict_do_nothing().returning(inbox.c.event_id))
        self._claim_all = Statement(insert_rows(inbox, ["event_id"], shared=["consumer", "town_id"])
                                    .on_conflict_do_nothing().returning(inbox.c.event_id))

    @asynccontextmanager
    async def __call__(self, town_id: str | None) -> AsyncIterator[UnitOfWork]:
        async with self.database.transaction(town_id) as conn:
            uow = UnitOfWork(conn, self.repository(conn), town_id, self.tables, (self._claim, self._claim_all))
            yield uow
            # Last, so the aggregates' sequence rows stay locked only until the commit.
            await self.outbox.write(conn, town_id, uow.pending)


@dataclass
class Context:
    """What a use case may reach: the towns, units of work, and settings. Use-case tests
    without the stack give in-memory units of work (services.platform.memory) and no
    platform settings."""
    towns: TownRegistry
    unit_of_work: UnitsOfWork
    # The service's own settings (ServiceSpec.settings), read and checked with the platform's.
    service_settings: Any = None
    settings: Settings | None = None
    _groups: dict[GroupUseCase, GroupCommit] = field(default_factory=dict, repr=False)

    def _group(self, use_case: GroupUseCase) -> GroupCommit:
        if use_case not in self._groups:
            self._groups[use_case] = GroupCommit(self, use_case)
        return self._groups[use_case]

    async def together(self, use_case: GroupUseCase, town_id: str | None, item: Any) -> Any:
        """Runs `use_case(ctx, uow, items)` for this item in one unit of work with the items
        other callers give it for the same town at the same time (services.platform.group);
        returns this item's result, or raises its error."""
        return await self._group(use_case).run(town_id, item)

    async def together_all(self, use_case: GroupUseCase, town_id: str | None, items: list) -> list:
        """The same for many items at once: each one's result or error (an exception), in order."""
        return await self._group(use_case).run_all(town_id, items)
