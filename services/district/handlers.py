"""Use cases of the district: the consumers that receive filings and build the read models
(the only writers here), and the reads of them."""
from google.protobuf.message import Message

from minsheng.events.v1 import district_events_pb2 as ev
from minsheng.events.v1.envelope_pb2 import Envelope
from minsheng.events.v1.voting_events_pb2 import ResultFiled
from services.district import domain, projections
from services.district.domain import Filing, SignedDocument
from services.district.models import Repository
from services.platform import audit
from services.platform.auth import DISTRICT, STAFF, Caller
from services.platform.names import town_of
from services.platform.uow import Context, UnitOfWork


def _documents(filed: ResultFiled) -> list[SignedDocument]:
    """The deciding poll's result and every result its decision rests on."""
    final = SignedDocument(filed.poll, filed.document, filed.signature, filed.public_key)
    return [final] + [SignedDocument(s.poll, s.document, s.signature, s.public_key) for s in filed.chain]


async def receive_filing(ctx: Context, uow: UnitOfWork[Repository], filed: ResultFiled, envelope: Envelope) -> None:
    """Verifies a town's final vote result against its pinned key, recounts it, and records
    the receipt once per decision (the inbox drops a redelivery, the key a republished one)."""
    town_id = envelope.town_id
    if town_of(filed.poll) != town_id or town_of(filed.candidate_list) != town_id:
        raise ValueError(f"event of town {town_id!r} names another town's poll or list")
    year = domain.year_of_list(filed.candidate_list)
    if year is None:
        raise ValueError("the candidate list names no year")
    documents = _documents(filed)
    problems = domain.check_filing(town_id, documents, ctx.service_settings.pinned_key(town_id))
    filing = Filing(town_id=town_id, year=year, id=domain.filing_id(filed.poll), poll=filed.poll,
                    candidate_list=filed.candidate_list, adopted=list(filed.adopted), accepted=not problems,
                    problems=problems, filed_at=audit.now(), documents=len({d.poll for d in documents}))
    if not await uow.repo.add_filing(filing):
        return
    await uow.repo.add_to_town_year(town_id, projections.filing_change(year, filing.accepted))
    if problems:
        uow.record(filing.name, ev.FilingRefused(filing=filing.name, poll=filing.poll, year=year, problems=problems))
    else:
        uow.record(filing.name, ev.FilingAccepted(filing=filing.name, poll=filing.poll, year=year))


async def project(ctx: Context, uow: UnitOfWork[Repository], event: Message, envelope: Envelope) -> None:
    """Adds an event of collection, review or voting to its town's year, once (the inbox)."""
    change = projections.change_of(event)
    if change is not None:
        await uow.repo.add_to_town_year(envelope.town_id, change)
    await uow.repo.add_projects(projections.projects_of(envelope.town_id, event))


async def list_filings(ctx: Context, caller: Caller, town_id: str, year: int) -> list[Filing]:
    caller.require(town_id, STAFF, DISTRICT)
    async with ctx.unit_of_work(town_id) as uow:
        return await uow.repo.filings_of(town_id, year)


async def get_filing(ctx: Context, caller: Caller, town_id: str, year: int, filing_id: str) -> Filing:
    caller.require(town_id, STAFF, DISTRICT)
    async with ctx.unit_of_work(town_id) as uow:
        return await uow.repo.filing(town_id, year, filing_id)


async def town_year(ctx: Context, caller: Caller, town_id: str, year: int) -> projections.TownYear:
    caller.require(town_id, STAFF, DISTRICT)
    async with ctx.unit_of_work(town_id) as uow:
        return await uow.repo.town_year(town_id, year)


async def district_report(ctx: Context, caller: Caller, year: int) -> list[projections.TownYear]:
    """Every town's row of the year, for the district only (a town reads its own row)."""
    rows = []
    for town in ctx.settings.towns:
        caller.require(town.id, DISTRICT)
        async with ctx.unit_of_work(town.id) as uow:
            rows.append(await uow.repo.town_year(town.id, year))
    return rows


async def list_projects(ctx: Context, caller: Caller, town_id: str, year: int, *, status: str,
                        responsible_unit: str) -> list[projections.Project]:
    caller.require(town_id, STAFF, DISTRICT)
    async with ctx.unit_of_work(town_id) as uow:
        return await uow.repo.projects_of(town_id, year, status=status, responsible_unit=responsible_unit)
