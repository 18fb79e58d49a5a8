"""Tables of the collection schema and the repository that maps rows to the domain."""
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import (BigInteger, Boolean, Column, DateTime, Identity, Index, Integer, MetaData, String,
                        Table, Text, and_, any_, bindparam, func, select, text, update)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, insert

from services.collection.domain import (PROPOSAL, Answer, Channel, CollectionCycle, CriterionResult,
                                        CycleState, Outcome, Proposal, ProposalDraft, ProposalState,
                                        Proposer, Round, Screening)
from services.collection.negative_list import NegativeList, NegativeMatch
from services.platform import audit, db
from services.platform.db import Statement, Transaction, insert_rows, json_value
from services.platform.errors import NotFound
from services.platform.outbox import add_event_tables

metadata = MetaData(schema="collection")
event_tables = add_event_tables(metadata)

cycles = Table(
    "collection_cycles", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("announcement", Text, nullable=False),
    Column("opens_at", DateTime(timezone=True), nullable=False),
    Column("closes_at", DateTime(timezone=True), nullable=False),
    Column("criteria", JSONB, nullable=False),
    Column("state", String(20), nullable=False),
    Column("version", Integer, nullable=False),
    Column("history", JSONB, nullable=False),
    Column("negative_list", JSONB, nullable=False),
    # At most one open cycle per town.
    Index("one_open_cycle_per_town", "town_id", unique=True, postgresql_where=text("state = 'OPEN'")),
)

proposals = Table(
    "proposals", metadata,
    Column("id", String(36), primary_key=True),
    Column("seq", BigInteger, Identity(), nullable=False, unique=True),
    Column("town_id", String(64), nullable=False),
    Column("request_id", String(64)),
    Column("receipt_code", String(9), nullable=False),
    Column("year", Integer),
    Column("title", String(100), nullable=False),
    Column("content", Text, nullable=False),
    Column("location", String(200), nullable=False),
    Column("category", String(50), nullable=False),
    Column("estimated_cost_yuan", BigInteger),
    Column("completion_time_frame", String(50), nullable=False),
    Column("suggested_implementer", String(100), nullable=False),
    Column("channel", String(30), nullable=False),
    Column("entered_by_deputy", String(100), nullable=False),
    Column("proposer_name", String(50), nullable=False),
    Column("proposer_phone", String(20), nullable=False),
    Column("proposer_unit", String(100), nullable=False),
    Column("state", String(20), nullable=False),
    Column("merged_into", String(36)),
    Column("supporter_count", Integer, nullable=False),
    Column("screening", JSONB),
    Column("answer_text", Text),
    Column("answer_time", DateTime(timezone=True)),
    Column("awaiting_answer", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Column("history", JSONB, nullable=False),
    # Earlier years' rounds (screening, answer) of a proposal carried from the reserve pool.
    Column("earlier", JSONB, nullable=False),
    Index("proposal_request_id", "town_id", "request_id", unique=True, postgresql_where=text("request_id IS NOT NULL")),
    Index("proposal_receipt_code", "town_id", "receipt_code", unique=True),
    Index("proposal_listing", "town_id", "seq"),
    Index("proposals_by_year", "town_id", "year", "state"),
)


def _cycle_values(c: CollectionCycle) -> dict:
    return dict(town_id=c.town_id, year=c.year, title=c.title, announcement=c.announcement,
                opens_at=c.opens_at, closes_at=c.closes_at, criteria=list(c.criteria), state=c.state.value,
                version=c.version, history=audit.to_json(c.history), negative_list=c.negative_list.as_list())


# Proposals received in a cycle: counted when read, never stored, so submissions need not
# update (and lock) the cycle row.
_received = (select(func.count()).where(proposals.c.town_id == cycles.c.town_id, proposals.c.year == cycles.c.year,
                                        proposals.c.state != "RESERVE_POOL")
             .correlate(cycles).scalar_subquery().label("proposal_count"))


def _cycle(row) -> CollectionCycle:
    return CollectionCycle(town_id=row.town_id, year=row.year, title=row.title, announcement=row.announcement,
                           opens_at=row.opens_at, closes_at=row.closes_at, criteria=tuple(row.criteria),
                           state=CycleState(row.state), proposal_count=getattr(row, "proposal_count", 0),
                           version=row.version, history=audit.from_json(row.history),
                           negative_list=NegativeList.from_list(row.negative_list))


def _screening_json(s: Screening | None) -> dict | None:
    if s is None:
        return None
    return {"results": [asdict(r) for r in s.results], "outcome": s.outcome.value,
            "explanation": s.explanation, "time": s.time.isoformat(), "criteria": list(s.criteria),
            "negative_matches": [asdict(m) for m in s.negative_matches], "override_reason": s.override_reason}


def _screening(data: dict | None) -> Screening | None:
    """Screenings stored before issue 9 have no criteria, negative matches or override."""
    if data is None:
        return None
    return Screening(tuple(CriterionResult(**r) for r in data["results"]), Outcome(data["outcome"]),
                     data["explanation"], datetime.fromisoformat(data["time"]), tuple(data.get("criteria", ())),
                     tuple(NegativeMatch(**m) for m in data.get("negative_matches", ())),
                     data.get("override_reason", ""))


def _answer_json(a: Answer | None) -> dict | None:
    return {"text": a.text, "time": a.time.isoformat()} if a else None


def _answer(data: dict | None) -> Answer | None:
    return Answer(data["text"], datetime.fromisoformat(data["time"])) if data else None


def _rounds_json(rounds: tuple[Round, ...]) -> list[dict]:
    return [{"year": r.year, "screening": _screening_json(r.screening), "answer": _answer_json(r.answer)}
            for r in rounds]


def _rounds(data: list[dict]) -> tuple[Round, ...]:
    return tuple(Round(r["year"], _screening(r["screening"]), _answer(r["answer"])) for r in data)


def _proposal_values(p: Proposal) -> dict:
    d = p.draft
    return dict(
        id=p.id, town_id=p.town_id, receipt_code=p.receipt_code, year=p.year, title=d.title, content=d.content,
        location=d.location, category=d.category, estimated_cost_yuan=d.estimated_cost_yuan,
        completion_time_frame=d.completion_time_frame, suggested_implementer=d.suggested_implementer,
        channel=d.channel.value, entered_by_deputy=p.entered_by_deputy, proposer_name=d.proposer.name,
        proposer_phone=d.proposer.phone, proposer_unit=d.proposer.unit, state=p.state.value,
        merged_into=p.merged_into, supporter_count=p.supporter_count, screening=_screening_json(p.screening),
        answer_text=p.answer.text if p.answer else None, answer_time=p.answer.time if p.answer else None,
        awaiting_answer=p.awaiting_answer, created_at=p.created_at, version=p.version,
        history=audit.to_json(p.history), earlier=_rounds_json(p.earlier))


def _new_proposal_values(p: Proposal, request_id: str | None) -> tuple:
    """A new proposal's values, in the order of _NEW_PROPOSAL."""
    d = p.draft
    return (p.id, request_id, p.receipt_code, p.year, d.title, d.content, d.location, d.category,
            d.estimated_cost_yuan, d.completion_time_frame, d.suggested_implementer, d.channel.value,
            p.entered_by_deputy, d.proposer.name, d.proposer.phone, d.proposer.unit, p.state.value,
            p.supporter_count, p.awaiting_answer, json_value(p.created_at), p.version, audit.to_json(p.history),
            _rounds_json(p.earlier))


def _proposal(row) -> Proposal:
    draft = ProposalDraft(
        title=row.title, content=row.content, location=row.location, category=row.category,
        estimated_cost_yuan=row.estimated_cost_yuan, completion_time_frame=row.completion_time_frame,
        suggested_implementer=row.suggested_implementer, channel=Channel(row.channel),
        proposer=Proposer(row.proposer_name, row.proposer_phone, row.proposer_unit))
    answer = Answer(row.answer_text, row.answer_time) if row.answer_text is not None else None
    return Proposal(id=row.id, town_id=row.town_id, draft=draft, receipt_code=row.receipt_code, year=row.year,
                    state=ProposalState(row.state), created_at=row.created_at,
                    entered_by_deputy=row.entered_by_deputy, merged_into=row.merged_into,
                    supporter_count=row.supporter_count, screening=_screening(row.screening), answer=answer,
                    version=row.version, history=audit.from_json(row.history), earlier=_rounds(row.earlier))


# The hot path's statements (submissions), compiled once.
_OPEN_CYCLE = Statement(select(cycles).where(cycles.c.town_id == bindparam("town_id"),
                                             cycles.c.state == CycleState.OPEN.value))
# A new proposal's columns; the others start empty.
_NEW_PROPOSAL = ("id", "request_id", "receipt_code", "year", "title", "content", "location", "category",
                 "estimated_cost_yuan", "completion_time_frame", "suggested_implementer", "channel",
                 "entered_by_deputy", "proposer_name", "proposer_phone", "proposer_unit", "state", "supporter_count",
                 "awaiting_answer", "created_at", "version", "history", "earlier")
_ADD_PROPOSALS = Statement(insert_rows(proposals, _NEW_PROPOSAL, shared=["town_id"])
                           .on_conflict_do_nothing(index_elements=["town_id", "request_id"],
                                                   index_where=proposals.c.request_id.isnot(None))
                           .returning(proposals.c.id))
_BY_REQUESTS = Statement(select(proposals).where(
    proposals.c.town_id == bindparam("town_id"),
    proposals.c.request_id == any_(bindparam("request_ids", type_=ARRAY(String)))))


class Repository:
    """Reads and writes within one transaction; RLS already limits it to the caller's town."""

    def __init__(self, conn: Transaction):
        self.conn = conn

    async def hold_cycles(self, town_id: str, *, exclusive: bool) -> None:
        """The town's cycle gate: submissions hold it shared, opening and closing exclusive,
        so no submission lands in a cycle that closed while it ran."""
        await db.gate(self.conn, f"collection/{town_id}/cycles", exclusive=exclusive)

    async def cycle(self, town_id: str, year: int) -> CollectionCycle | None:
        """The cycle with the count of proposals received in it."""
        query = select(cycles, _received).where(cycles.c.town_id == town_id, cycles.c.year == year)
        row = (await self.conn.execute(query)).first()
        return _cycle(row) if row else None

    async def open_cycle(self, town_id: str) -> CollectionCycle | None:
        """The town's open cycle, without counting its proposals (submissions ask this)."""
        rows = await self.conn.rows(_OPEN_CYCLE, {"town_id": town_id})
        return _cycle(rows[0]) if rows else None

    async def add_cycle(self, cycle: CollectionCycle) -> None:
        await self.conn.execute(insert(cycles).values(**_cycle_values(cycle)))

    async def save_cycle(self, cycle: CollectionCycle) -> None:
        await self.conn.execute(update(cycles).where(cycles.c.town_id == cycle.town_id, cycles.c.year == cycle.year)
                                .values(**_cycle_values(cycle)))

    async def proposal(self, town_id: str, proposal_id: str, *, for_update: bool = False) -> Proposal:
        query = select(proposals).where(proposals.c.town_id == town_id, proposals.c.id == proposal_id)
        row = (await self.conn.execute(query.with_for_update() if for_update else query)).first()
        if row is None:
            raise NotFound(f"no proposal {PROPOSAL.format(town=town_id, proposal=proposal_id)}")
        return _proposal(row)

    async def proposal_by_receipt(self, town_id: str, receipt_code: str) -> Proposal:
        query = select(proposals).where(proposals.c.town_id == town_id, proposals.c.receipt_code == receipt_code)
        row = (await self.conn.execute(query)).first()
        if row is None:
            raise NotFound("no proposal with this receipt code")
        return _proposal(row)

    async def proposals_by_requests(self, town_id: str, request_ids: list[str]) -> dict[str, Proposal]:
        """The proposals stored with these request ids, by request id."""
        rows = await self.conn.rows(_BY_REQUESTS, {"town_id": town_id, "request_ids": request_ids})
        return {row.request_id: _proposal(row) for row in rows}

    async def add_proposals(self, town_id: str, added: list[tuple[Proposal, str | None]]) -> set[str]:
        """Inserts new proposals (each with its request id, if any) in one statement, except
        those whose request id is stored already; returns the ids inserted."""
        rows = [dict(zip(_NEW_PROPOSAL, _new_proposal_values(p, request_id))) for p, request_id in added]
        return {row.id for row in await self.conn.rows(_ADD_PROPOSALS, {"town_id": town_id, "rows": rows})}

    async def save_proposal(self, proposal: Proposal) -> None:
        await self.conn.execute(update(proposals).where(proposals.c.id == proposal.id)
                                .values(**_proposal_values(proposal)))

    async def list_proposals(self, town_id: str, *, after_seq: int, limit: int, state: ProposalState | None,
                             channel: Channel | None, year: int | None,
                             awaiting_answer: bool) -> list[tuple[int, Proposal]]:
        conditions = [proposals.c.town_id == town_id, proposals.c.seq > after_seq]
        if state:
            conditions.append(proposals.c.state == state.value)
        if channel:
            conditions.append(proposals.c.channel == channel.value)
        if year:
            conditions.append(proposals.c.year == year)
        if awaiting_answer:
            conditions.append(proposals.c.awaiting_answer.is_(True))
        query = select(proposals).where(and_(*conditions)).order_by(proposals.c.seq).limit(limit)
        return [(row.seq, _proposal(row)) for row in await self.conn.execute(query)]
