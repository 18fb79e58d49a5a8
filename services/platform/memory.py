"""In-memory units of work, for testing use cases without the stack.

A service's test gives a store (plain objects holding its state) and a fake repository over
it with the methods its use cases call. Each unit of work works on a copy of the store and
keeps it only if the block ends without an error, as a committed transaction would; a failing
use case changes nothing. Events are numbered per aggregate as the outbox numbers them."""
import copy
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, AsyncIterator, Callable, Generic, TypeVar

from google.protobuf import message

from services.platform.config import Town
from services.platform.towns import TownRegistry
from services.platform.uow import Context, Occurrence, once_each

R = TypeVar("R")


@dataclass(frozen=True)
class RecordedEvent:
    town_id: str
    aggregate_id: str
    aggregate_sequence: int
    payload: message.Message


class MemoryUnitOfWork(Generic[R]):
    def __init__(self, repo: R, town_id: str | None, inbox: set[tuple[str, str]],
                 occurrences: set[tuple[str, str | None, str, str]]):
        self.repo = repo
        self.town_id = town_id
        self.pending: list[tuple[str, message.Message, bool]] = []
        self._inbox = inbox
        self._occurrences = occurrences

    def record(self, aggregate_id: str, payload: message.Message, *, new_aggregate: bool = False) -> None:
        self.pending.append((aggregate_id, payload, new_aggregate))

    async def claim(self, consumer: str, event_id: str) -> bool:
        if (consumer, event_id) in self._inbox:
            return False
        self._inbox.add((consumer, event_id))
        return True

    async def raise_once(self, check: str, occurrences: list[Occurrence]) -> list[Occurrence]:
        raised = []
        for (aggregate, period), o in once_each(occurrences):
            if (check, self.town_id, aggregate, period) not in self._occurrences:
                self._occurrences.add((check, self.town_id, aggregate, period))
                self.record(aggregate, o.payload)
                raised.append(o)
        return raised


class MemoryUnits:
    """Opens units of work on `store` through `repository(store)`; keeps the committed events."""

    def __init__(self, store: Any, repository: Callable[[Any], Any]):
        self.store = store
        self.repository = repository
        self.inbox: set[tuple[str, str]] = set()
        self.occurrences: set[tuple[str, str | None, str, str]] = set()
        self.events: list[RecordedEvent] = []
        self._last: dict[tuple[str | None, str], int] = {}

    @asynccontextmanager
    async def __call__(self, town_id: str | None) -> AsyncIterator[MemoryUnitOfWork]:
        store, inbox, occurrences = copy.deepcopy(self.store), set(self.inbox), set(self.occurrences)
        uow = MemoryUnitOfWork(self.repository(store), town_id, inbox, occurrences)
        yield uow
        begun = {a for a, _, new_aggregate in uow.pending if new_aggregate and (town_id, a) in self._last}
        if begun:  # as the outbox's insert of a sequence row that exists fails the transaction
            raise ValueError(f"these histories have begun already: {sorted(begun)}")
        self.store, self.inbox, self.occurrences = store, inbox, occurrences
        for aggregate, payload, _ in uow.pending:
            sequence = self._last[town_id, aggregate] = self._last.get((town_id, aggregate), 0) + 1
            self.events.append(RecordedEvent(town_id, aggregate, sequence, payload))

    def of(self, aggregate_id: str) -> list[message.Message]:
        """The payloads of one aggregate's events, in order."""
        return [e.payload for e in self.events if e.aggregate_id == aggregate_id]


def memory_context(store: Any, repository: Callable[[Any], Any], *, towns: tuple[Town, ...],
                   service_settings: Any = None) -> Context:
    """A context whose units of work are in memory (ctx.unit_of_work is the MemoryUnits)."""
    return Context(towns=TownRegistry(towns), unit_of_work=MemoryUnits(store, repository),
                   service_settings=service_settings)
