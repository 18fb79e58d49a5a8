"""Scheduled checks: work a service does because time passed rather than because an event
came (a deadline went by), run by its consumer role every MINSHENG_CHECK_INTERVAL_SECONDS.

A round runs the check once per town, in units of work of that town (row-level security
stays on: no town's rows are read with it off). The check raises what it finds through
`uow.raise_once(check, occurrences)`, which writes each occurrence's key (check, town,
aggregate, period) to the schema's `check_occurrences` table and records its event only if
the key is new: so an event is raised once whatever the number of rounds and replicas (a
second replica inserting the same key waits for the first's commit, then inserts nothing).
The check also says how many overdue items it saw in the town, by kind: the gauge
`minsheng_overdue_items`, current after every round on every replica."""
import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Awaitable, Callable, Mapping

from opentelemetry import trace
from sqlalchemy.exc import InterfaceError, OperationalError

from services.platform import telemetry
from services.platform.uow import Context

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

# A check's work in one town: raises what is due there and returns the number of overdue
# items it found, for every kind it knows (0 included, so a gauge falls back when they are dealt with).
Run = Callable[[Context, str], Awaitable[Mapping[str, int]]]
# The database is unreachable: the supervisor restarts the worker (not counted as its failure).
OUTAGES = (OperationalError, InterfaceError)


@dataclass(frozen=True)
class ScheduledCheck:
    # Also the worker's name, and the `check` of its occurrences: keep it once released.
    name: str
    run: Run


class Scheduler:
    """Runs one check in rounds over every town until stopped: a worker under the platform's supervisor."""

    def __init__(self, ctx: Context, service: str, check: ScheduledCheck, interval_seconds: float):
        self.ctx = ctx
        self.service = service
        self.check = check
        self.interval = interval_seconds

    async def round(self) -> None:
        """Checks every town. A town whose check fails (a bug, bad data) is logged and counted,
        and the others are still checked; a database outage ends the round."""
        for town_id in self.ctx.towns:
            town = telemetry.current_town.set(town_id)
            try:
                with tracer.start_as_current_span(f"check {self.check.name}"):
                    found = await self.check.run(self.ctx, town_id)
            except OUTAGES:
                raise
            except Exception as exc:
                log.error("scheduled check failed in a town", extra={"worker": self.check.name, "error": exc},
                          exc_info=exc)
                telemetry.CHECK_FAILURES.labels(self.service, self.check.name).inc()
                continue
            finally:
                telemetry.current_town.reset(town)
            for kind, count in found.items():
                telemetry.OVERDUE_ITEMS.labels(self.service, town_id, kind).set(count)
        telemetry.CHECK_LAST_ROUND.labels(self.service, self.check.name).set(time.time())

    async def run(self, stop: asyncio.Event, up: Callable[[], None] = lambda: None) -> None:
        """A round at once, then one every interval, until `stop` is set; `up` after the first."""
        await self.round()
        up()
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), self.interval)
            except asyncio.TimeoutError:
                await self.round()
