"""Watches a role's workers (the relay, each consumer). A worker that fails is restarted after
a growing delay, and readiness is NOT_SERVING from its failure until it runs again. After too
many failures in a row the process stops with a non-zero status, so Kubernetes restarts it.

A failure while the database or NATS does not answer is that outage's doing: the worker is
restarted, but the failure does not count towards the limit (readiness already says why)."""
import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Awaitable, Callable

from services.platform import telemetry

log = logging.getLogger(__name__)

FIRST_DELAY_SECONDS = 0.5
MAX_DELAY_SECONDS = 30.0
# A worker that ran this long before it failed starts counting (and waiting) afresh.
STABLE_SECONDS = 60.0
CHECK_SECONDS = 2.0

Check = Callable[[], Awaitable[None]]
# A worker's run(stop, up): works until `stop` is set, calls `up` once it is working
# (bound, or its first batch done), raises if it cannot go on.
Run = Callable[[asyncio.Event, Callable[[], None]], Awaitable[None]]


class WorkerDown(Exception):
    pass


@dataclass
class Worker:
    name: str
    run: Run
    up_since: float | None = None


class Supervisor:
    def __init__(self, service: str, stop: asyncio.Event, *, max_failures: int, dependencies: list[Check],
                 on_change: Callable[[], None]):
        self.service = service
        self.stop = stop
        self.max_failures = max_failures
        self.dependencies = dependencies
        self.on_change = on_change  # readiness looks again
        self.workers: list[Worker] = []
        self.gave_up = False

    def add(self, name: str, run: Run) -> None:
        self.workers.append(Worker(name, run))

    async def check(self) -> None:
        """A readiness check: every worker is working."""
        down = [w.name for w in self.workers if w.up_since is None]
        if down:
            raise WorkerDown(f"workers not running: {', '.join(down)}")

    async def run(self) -> None:
        await asyncio.gather(*(self._supervise(w) for w in self.workers))

    def _up(self, worker: Worker) -> None:
        worker.up_since = time.monotonic()
        self.on_change()

    async def _supervise(self, worker: Worker) -> None:
        failures, delay = 0, FIRST_DELAY_SECONDS
        while not self.stop.is_set():
            try:
                await worker.run(self.stop, lambda: self._up(worker))
                failed: Exception = WorkerDown("the worker stopped by itself")
            except Exception as exc:
                failed = exc
            if self.stop.is_set():  # stopping: whatever failed on the way out is no news
                return
            if worker.up_since is not None and time.monotonic() - worker.up_since >= STABLE_SECONDS:
                failures, delay = 0, FIRST_DELAY_SECONDS
            worker.up_since = None
            self.on_change()
            if await self._dependencies_answer():
                failures += 1
            if failures >= self.max_failures:
                log.critical("worker failed too often in a row, stopping the process",
                             extra={"worker": worker.name, "error": failed}, exc_info=failed)
                self.gave_up = True
                self.stop.set()
                return
            log.error("worker failed, restarting", extra={"worker": worker.name, "error": failed},
                      exc_info=failed)
            telemetry.WORKER_RESTARTS.labels(self.service, worker.name).inc()
            try:
                await asyncio.wait_for(self.stop.wait(), delay)
            except asyncio.TimeoutError:
                pass
            delay = min(delay * 2, MAX_DELAY_SECONDS)

    async def _dependencies_answer(self) -> bool:
        try:
            for check in self.dependencies:
                await asyncio.wait_for(check(), CHECK_SECONDS)
        except Exception:
            return False
        return True
