"""Group commit: concurrent calls of one use case for one town share one unit of work.

A hot use case that many callers run at once (submissions) is written for a list of items,
run in one unit of work: its reads, gate and commit are paid once for the whole group, its
writes are one statement per table. Calls arriving while a group's unit of work runs wait
for the next group (one group of a town at a time: two at once measured slower, they
contend in PostgreSQL), so nobody waits for a timer: alone, a call runs at once; under
load, groups grow with it. Each caller gets its own result or its own error: if a group's unit of
work fails, its items are run again one by one."""
import asyncio
from collections import deque
from typing import Any, Awaitable, Callable, Generic, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# A use case for many items: (context, unit of work, items) -> one result per item, in order.
GroupUseCase = Callable[[Any, Any, list[T]], Awaitable[Sequence[R]]]
# Items in one unit of work at most (a bulk call's items are split into such groups).
MAX_GROUP = 1000


class GroupCommit(Generic[T, R]):
    def __init__(self, ctx: Any, use_case: GroupUseCase, *, max_group: int = MAX_GROUP):
        self.ctx = ctx
        self.use_case = use_case
        self.max_group = max_group
        self._waiting: dict[str | None, deque[tuple[T, asyncio.Future]]] = {}
        self._running: set[str | None] = set()

    async def run(self, town_id: str | None, item: T) -> R:
        """The item's result, or its error raised."""
        return await self._enqueue(town_id, [item])[0]

    async def run_all(self, town_id: str | None, items: list[T]) -> list[R | BaseException]:
        """Each item's result or error, in order."""
        return await asyncio.gather(*self._enqueue(town_id, items), return_exceptions=True)

    def _enqueue(self, town_id: str | None, items: list[T]) -> list[asyncio.Future]:
        loop = asyncio.get_running_loop()
        futures = [loop.create_future() for _ in items]
        self._waiting.setdefault(town_id, deque()).extend(zip(items, futures))
        if town_id not in self._running:
            self._running.add(town_id)
            loop.create_task(self._work(town_id))
        return futures

    async def _work(self, town_id: str | None) -> None:
        waiting = self._waiting[town_id]
        try:
            while waiting:
                group = [waiting.popleft() for _ in range(min(len(waiting), self.max_group))]
                await self._run(town_id, group)
        finally:
            self._running.discard(town_id)
            for _, future in waiting:  # only when cancelled (the process stops)
                future.cancel()
            waiting.clear()

    async def _run(self, town_id: str | None, group: list[tuple[T, asyncio.Future]]) -> None:
        try:
            async with self.ctx.unit_of_work(town_id) as uow:
                results = await self.use_case(self.ctx, uow, [item for item, _ in group])
        except asyncio.CancelledError:
            for _, future in group:
                future.cancel()
            raise
        except Exception as error:
            if len(group) > 1:
                for one in group:  # each gets its own result or its own error
                    await self._run(town_id, [one])
            elif not group[0][1].done():
                group[0][1].set_exception(error)
            return
        for (_, future), result in zip(group, results):
            if not future.done():  # a caller that gave up has a cancelled future
                future.set_result(result)
