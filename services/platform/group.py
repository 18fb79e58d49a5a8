"""Group commit: concurrent calls of one use case for one town share one unit of work.

A hot use case that many callers run at once (submissions) is written for a list of items,
run in one unit of work: its reads, gate and commit are paid once for the whole group, its
writes are one statement per table. Calls arriving while a group's unit of work runs wait
for the next group (one group of a town at a time: two at once measured slower, they
contend in PostgreSQL), so nobody waits for a timer: alone, a call runs at once; under
load, groups grow with it. Each caller gets its own result or its own error: if a group's unit of
work fails, its items are run again one by one."""
import asyncio
import contextvars
from collections import deque
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Generic, Sequence, TypeVar

from opentelemetry import trace

from services.platform import telemetry

T = TypeVar("T")
R = TypeVar("R")

# A use case for many items: (context, unit of work, items) -> one result per item, in order.
GroupUseCase = Callable[[Any, Any, list[T]], Awaitable[Sequence[R]]]
# Items in one unit of work at most (a bulk call's items are split into such groups).
MAX_GROUP = 1000

tracer = trace.get_tracer(__name__)


@dataclass(frozen=True)
class _Waiting:
    item: Any
    future: asyncio.Future
    # The caller's span: a group's span continues its first caller's trace and links the others'.
    span: trace.SpanContext


class GroupCommit(Generic[T, R]):
    def __init__(self, ctx: Any, use_case: GroupUseCase, *, max_group: int = MAX_GROUP):
        self.ctx = ctx
        self.use_case = use_case
        self.max_group = max_group
        self._waiting: dict[str | None, deque[_Waiting]] = {}
        self._running: set[str | None] = set()

    async def run(self, town_id: str | None, item: T) -> R:
        """The item's result, or its error raised."""
        return await self._enqueue(town_id, [item])[0]

    async def run_all(self, town_id: str | None, items: list[T]) -> list[R | BaseException]:
        """Each item's result or error, in order."""
        return await asyncio.gather(*self._enqueue(town_id, items), return_exceptions=True)

    def _enqueue(self, town_id: str | None, items: list[T]) -> list[asyncio.Future]:
        loop = asyncio.get_running_loop()
        span = trace.get_current_span().get_span_context()
        waiting = [_Waiting(item, loop.create_future(), span) for item in items]
        self._waiting.setdefault(town_id, deque()).extend(waiting)
        if town_id not in self._running:
            self._running.add(town_id)
            # A context of its own: not the caller's who happened to start it.
            loop.create_task(self._work(town_id), context=contextvars.Context())
        return [w.future for w in waiting]

    async def _work(self, town_id: str | None) -> None:
        telemetry.current_town.set(town_id)
        waiting = self._waiting[town_id]
        try:
            while waiting:
                await self._traced(town_id, [waiting.popleft() for _ in range(min(len(waiting), self.max_group))])
        finally:
            self._running.discard(town_id)
            for w in waiting:  # only when cancelled (the process stops)
                w.future.cancel()
            waiting.clear()

    async def _traced(self, town_id: str | None, group: list[_Waiting]) -> None:
        """The group's span (its events carry it): a child of its first caller's, linked to the
        other callers' (OpenTelemetry's way for a batch of many callers' work)."""
        first = trace.set_span_in_context(trace.NonRecordingSpan(group[0].span))
        links = [trace.Link(w.span) for w in group[1:] if w.span.is_valid]
        with tracer.start_as_current_span(f"group of {self.use_case.__name__}", context=first, links=links):
            await self._run(town_id, group)

    async def _run(self, town_id: str | None, group: list[_Waiting]) -> None:
        try:
            async with self.ctx.unit_of_work(town_id) as uow:
                results = await self.use_case(self.ctx, uow, [w.item for w in group])
        except asyncio.CancelledError:
            for w in group:
                w.future.cancel()
            raise
        except Exception as error:
            if len(group) > 1:
                for one in group:  # each gets its own result or its own error
                    await self._run(town_id, [one])
            elif not group[0].future.done():
                group[0].future.set_exception(error)
            return
        for w, result in zip(group, results):
            if not w.future.done():  # a caller that gave up has a cancelled future
                w.future.set_result(result)
