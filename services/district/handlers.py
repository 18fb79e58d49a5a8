"""Use cases of the district: the consumers that receive filings and build the read models
(the only writers here), and the reads of them."""
from datetime import timezone
from typing import AsyncIterator

from google.protobuf.message import Message

from minsheng.events.v1 import district_events_pb2 as ev
from minsheng.events.v1.envelope_pb2 import Envelope
from services.district import projections
from services.district.domain import FILING, Filing
from services.district.models import EVERY_TOWN, Repository
from services.district.projections import FILINGS, Row, Source
from services.platform.auth import DISTRICT, STAFF, Caller
from services.platform.errors import NotFound
from services.platform.uow import Context, UnitOfWork


def source_of(ctx: Context, envelope: Envelope) -> Source:
    keys = ctx.service_settings.pinned_key if ctx.service_settings else (lambda town_id, service: None)
    return Source(envelope.town_id, envelope.occurred_at.ToDatetime(tzinfo=timezone.utc), keys)


def filing_of(town_id: str, row: Row) -> Filing:
    return Filing(town_id=town_id, year=row["year"], id=row["id"], poll=row["poll"],
                  candidate_list=row["candidate_list"], adopted=list(row["adopted"]), accepted=row["accepted"],
                  problems=list(row["problems"]), filed_at=row["filed_at"], documents=row["documents"],
                  kind=row["kind"])


async def project(ctx: Context, uow: UnitOfWork[Repository], event: Message, envelope: Envelope) -> None:
    """Applies an event to the read models (once per event: the inbox; and a row already holding
    its effect is not changed again). A filing received for the first time is answered with
    its receipt, accepted or refused with the reasons."""
    done = await uow.repo.apply(envelope.town_id, projections.steps_of(source_of(ctx, envelope), event))
    _answer_filings(uow, envelope.town_id, done)


async def project_all(ctx: Context, uow: UnitOfWork[Repository], received: list[tuple[Message, Envelope]]) -> None:
    """The same for several events of one town at once, in their order (a consumer's batch)."""
    town_id = received[0][1].town_id
    done = await uow.repo.apply_all(town_id, [projections.steps_of(source_of(ctx, envelope), event)
                                              for event, envelope in received])
    for event_done in done:
        _answer_filings(uow, town_id, event_done)


def _answer_filings(uow: UnitOfWork, town_id: str, done: list[tuple[projections.Step, Row | None, Row | None]]) -> None:
    for step, old, new in done:
        if step.view is FILINGS and old is None and new is not None:
            filing = filing_of(town_id, new)
            if filing.accepted:
                uow.record(filing.name, ev.FilingAccepted(filing=filing.name, poll=filing.poll, year=filing.year))
            else:
                uow.record(filing.name, ev.FilingRefused(filing=filing.name, poll=filing.poll, year=filing.year,
                                                         problems=filing.problems))


async def list_filings(ctx: Context, caller: Caller, town_id: str, year: int) -> list[Filing]:
    caller.require(town_id, STAFF, DISTRICT)
    async with ctx.unit_of_work(town_id) as uow:
        return [filing_of(town_id, row) for _, row in await uow.repo.rows("filings", year=year, town_id=town_id)]


async def get_filing(ctx: Context, caller: Caller, town_id: str, year: int, filing_id: str) -> Filing:
    caller.require(town_id, STAFF, DISTRICT)
    async with ctx.unit_of_work(town_id) as uow:
        found = [row for _, row in await uow.repo.rows("filings", year=year, town_id=town_id, id=filing_id)]
    if not found:
        raise NotFound(f"no filing {FILING.format(town=town_id, year=year, filing=filing_id)}")
    return filing_of(town_id, found[0])


async def town_year(ctx: Context, caller: Caller, town_id: str, year: int) -> projections.TownYear:
    caller.require(town_id, STAFF, DISTRICT)
    async with ctx.unit_of_work(town_id) as uow:
        return projections.TownYear(town_id, year, await uow.repo.town_year(town_id, year))


def require_district(caller: Caller) -> None:
    caller.require("", DISTRICT)


async def district_report(ctx: Context, caller: Caller, year: int, *, offset: int,
                          limit: int) -> tuple[dict[str, int], list[projections.TownYear]]:
    """The district's totals of the year (kept by the consumers: one row) and a page of the
    towns' rows: a few rows read, whatever the number of towns."""
    require_district(caller)
    async with ctx.unit_of_work(EVERY_TOWN) as uow:
        totals = await uow.repo.district_year(year)
        rows = await uow.repo.town_years(year, offset=offset, limit=limit)
    return totals, [projections.TownYear(town, year, counts) for town, counts in rows]


async def search(ctx: Context, caller: Caller, view: str, town_id: str, year: int, *, offset: int = 0,
                 limit: int | None = None, **filters) -> list[tuple[str, Row]]:
    """A view's rows of the year: a town's (its staff or the district), or every town's with
    town_id empty (the district only)."""
    if town_id:
        caller.require(town_id, STAFF, DISTRICT)
    else:
        require_district(caller)
    async with ctx.unit_of_work(town_id or EVERY_TOWN) as uow:
        return await uow.repo.rows(view, year=year, town_id=town_id, offset=offset, limit=limit, **filters)


DISTRICT_TOTAL = "合计"


async def export_pages(ctx: Context, caller: Caller, view: str, town_id: str, year: int,
                       size: int) -> AsyncIterator[list[Row]]:
    """A view's rows for a file, a page at a time, each row with its town: a town's (its staff
    or the district) or every town's (the district only), the caller checked before the first
    page. Each page is read in its own short transaction after the last row of the page
    before (keyset: never the whole view in memory, and no page costs more for coming late).
    The district's report ends with its totals."""
    if town_id:
        caller.require(town_id, STAFF, DISTRICT)
    else:
        require_district(caller)
    if view != "report":
        pages = _view_pages(ctx, view, town_id, year, size)
    elif town_id:
        pages = _town_report(ctx, caller, town_id, year)
    else:
        pages = _district_report_pages(ctx, year, size)
    async for page in pages:
        yield page


async def _view_pages(ctx: Context, view: str, town_id: str, year: int, size: int) -> AsyncIterator[list[Row]]:
    key, after = projections.VIEWS[view].key, None
    while True:
        async with ctx.unit_of_work(town_id or EVERY_TOWN) as uow:
            found = await uow.repo.rows(view, year=year, town_id=town_id, after=after, limit=size)
        if found:
            yield [{"town_id": town, **row} for town, row in found]
            last_town, last = found[-1]
            after = (last_town, *(last[c] for c in key))
        if len(found) < size:
            return


async def _town_report(ctx: Context, caller: Caller, town_id: str, year: int) -> AsyncIterator[list[Row]]:
    row = await town_year(ctx, caller, town_id, year)
    yield [{"town_id": town_id, "year": year, **row.counts}]


async def _district_report_pages(ctx: Context, year: int, size: int) -> AsyncIterator[list[Row]]:
    after = ""
    while True:
        async with ctx.unit_of_work(EVERY_TOWN) as uow:
            found = await uow.repo.town_years(year, after=after, limit=size)
            totals = await uow.repo.district_year(year) if len(found) < size else None
        page = [{"town_id": town, "year": year, **counts} for town, counts in found]
        if totals is not None:
            yield page + [{"town_id": DISTRICT_TOTAL, "year": year, **totals}]
            return
        yield page
        after = found[-1][0]
