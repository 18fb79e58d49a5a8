"""Tables of the voting schema and the repository that maps rows to the domain.

Secrecy by cryptography: `ballots` holds encrypted ballots (by ballot id, with their tracking
hash) under the scrutineers' joint key, which no one here can decrypt; `ballots_cast` says who
voted, with the voter's receipt so a retry gets the same tracking code. Linking the two is
harmless (as in Helios): only the sums are ever decrypted, by a quorum of scrutineers."""
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import (Boolean, Column, Date, DateTime, Index, Integer, LargeBinary, MetaData, String, Table, Text,
                        any_, bindparam, delete, func, select, text, update)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.ballotbox.box import Box, Receipt
from services.voting.attendance import Attendance, AttendanceCorrection
from services.voting.decision import CandidateList, CandidateListDecision, ListedProject
from services.voting.key_ceremony import KeyCeremony, TrusteeRecord, ceremony_of
from services.voting.domain import (DEPUTY, POLL, SESSION, Candidate, Deputy, PaperTally, Poll, PollState,
                                    ResultState, Session, VotingMethod, VotingRules)
from services.platform import db
from services.platform.errors import NotFound
from services.platform.outbox import add_event_tables

metadata = MetaData(schema="voting")
event_tables = add_event_tables(metadata)

voting_rules = Table(
    "voting_rules", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("rules", JSONB, nullable=False),
)

deputies = Table(
    "deputies", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("term", String(100), primary_key=True),
    Column("deputy_id", String(100), primary_key=True),
    Column("display_name", String(50), nullable=False),
    Column("took_office", Date, nullable=False),
    Column("left_office", Date),
)

candidate_lists = Table(
    "candidate_lists", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("review", String(200), nullable=False),
    Column("seats", Integer, nullable=False),
    Column("candidates", JSONB, nullable=False),
    Column("approval_record", Text, nullable=False),
    # The list's CandidateListDecision: its polls, runoffs and state.
    Column("decision", JSONB, nullable=False),
)

sessions = Table(
    "sessions", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("session_id", String(36), primary_key=True),
    Column("request_id", String(64)),
    Column("term", String(100), nullable=False),
    Column("title", String(200), nullable=False),
    Column("session_date", Date, nullable=False),
    Column("chief_scrutineer", String(100), nullable=False),
    Column("scrutineers", JSONB, nullable=False),
    Column("seated", JSONB, nullable=False),
    # When the session's first poll opened: deputies no longer check themselves in.
    Column("check_in_closed_at", DateTime(timezone=True)),
    Index("session_request_id", "town_id", "request_id", unique=True, postgresql_where=text("request_id IS NOT NULL")),
)

attendance = Table(
    "attendance", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("session_id", String(36), primary_key=True),
    Column("deputy_id", String(100), primary_key=True),
)

# Staff corrections of attendance, with the reason: appended, never changed.
attendance_corrections = Table(
    "attendance_corrections", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("session_id", String(36), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("deputy_id", String(100), nullable=False),
    Column("present", Boolean, nullable=False),
    Column("reason", Text, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("time", DateTime(timezone=True), nullable=False),
)

polls = Table(
    "polls", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("session_id", String(36), primary_key=True),
    Column("poll_id", String(36), primary_key=True),
    Column("request_id", String(64)),
    Column("candidate_list_year", Integer, nullable=False),
    Column("title", String(200), nullable=False),
    Column("seats", Integer, nullable=False),
    Column("candidates", JSONB, nullable=False),
    Column("method", String(20), nullable=False),
    Column("rules", JSONB, nullable=False),
    Column("state", String(20), nullable=False),
    Column("runoff_of", String(300), nullable=False),
    Column("paper_tally", JSONB),
    Column("confirmed_by", JSONB, nullable=False),
    Column("version", Integer, nullable=False),
    Index("poll_request_id", "town_id", "session_id", "request_id", unique=True,
          postgresql_where=text("request_id IS NOT NULL")),
)

ballots_cast = Table(
    "ballots_cast", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("poll_id", String(36), primary_key=True),
    Column("deputy_id", String(100), primary_key=True),
    Column("receipt", JSONB),
)

# Encrypted ballots as the bulletin board lists them; the primary key takes a ballot id once.
ballots = Table(
    "ballots", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("poll_id", String(36), primary_key=True),
    Column("ballot_id", String(32), primary_key=True),
    Column("entry", JSONB, nullable=False),
)

# An electronic poll's ballot box (services.ballotbox.box) and what its close found.
ballot_boxes = Table(
    "ballot_boxes", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("poll_id", String(36), primary_key=True),
    Column("box", JSONB, nullable=False),
    Column("close_facts", JSONB),
)

# The published board: its text exactly as served, and the hash the result and events carry.
bulletin_boards = Table(
    "bulletin_boards", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("poll_id", String(36), primary_key=True),
    Column("stage", String(20), nullable=False),
    Column("document", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
)

# A session's key ceremony: per trustee its public part, the shares it dealt (sealed to their
# recipients) and whether it confirmed the joint key. Nothing here decrypts.
key_ceremonies = Table(
    "key_ceremonies", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("session_id", String(36), primary_key=True),
    Column("trustee_index", Integer, primary_key=True),
    Column("public", JSONB, nullable=False),
    Column("shares", JSONB),
    Column("confirmed", Boolean, nullable=False),
)

results = Table(
    "results", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("poll_id", String(36), primary_key=True),
    Column("document", Text, nullable=False),
    Column("signature", LargeBinary, nullable=False),
    Column("public_key", LargeBinary, nullable=False),
    Column("state", String(20), nullable=False),
)

# The cast's statements, compiled once and run on the raw driver (services.platform.db.Statement).
_RECEIPTS = db.Statement(select(ballots_cast.c.deputy_id, ballots_cast.c.receipt).where(
    ballots_cast.c.town_id == bindparam("town_id"), ballots_cast.c.poll_id == bindparam("poll_id"),
    ballots_cast.c.deputy_id == any_(bindparam("deputy_ids", type_=ARRAY(String)))))
_OF_POLL = dict(town_id=bindparam("town_id"), poll_id=bindparam("poll_id"))
_BOX = db.Statement(select(ballot_boxes.c.box).filter_by(**_OF_POLL))
_OF_SESSION = dict(town_id=bindparam("town_id"), session_id=bindparam("session_id"))
_POLL = db.Statement(select(polls).filter_by(**_OF_POLL, session_id=bindparam("session_id")))
_SESSION = db.Statement(select(sessions).filter_by(**_OF_SESSION))
_PRESENT = db.Statement(select(attendance.c.deputy_id).filter_by(**_OF_SESSION))
_CORRECTIONS = db.Statement(select(attendance_corrections).filter_by(**_OF_SESSION)
                            .order_by(attendance_corrections.c.position))
_TERM_DEPUTIES = db.Statement(select(deputies).where(
    deputies.c.town_id == bindparam("town_id"),
    deputies.c.term == select(sessions.c.term).filter_by(**_OF_SESSION).scalar_subquery()))
# Compiled once with parameters: a statement built with the board as a value would stay, with
# its 3.6 MB, in SQLAlchemy's cache of compiled statements until another board replaced it.
_BOARD_INSERT = insert(bulletin_boards).values({c: bindparam(c) for c in bulletin_boards.c.keys()})
_SAVE_BOARD = db.Statement(_BOARD_INSERT.on_conflict_do_update(
    index_elements=["town_id", "poll_id"], set_={c: _BOARD_INSERT.excluded[c] for c in ("stage", "document", "sha256")}))
_ADD_VOTERS = db.Statement(db.insert_rows(ballots_cast, ["deputy_id", "receipt"], shared=["town_id", "poll_id"])
                           .on_conflict_do_nothing().returning(ballots_cast.c.deputy_id))
_ADD_BALLOTS = db.Statement(db.insert_rows(ballots, ["ballot_id", "entry"], shared=["town_id", "poll_id"])
                            .on_conflict_do_nothing().returning(ballots.c.ballot_id))


def _rules(data: dict | None) -> VotingRules:
    return VotingRules.from_dict(data) if data else VotingRules()


def _deputy(row) -> Deputy:
    return Deputy(row.town_id, row.term, row.deputy_id, row.display_name, row.took_office, row.left_office)


def _session(row) -> Session:
    return Session(town_id=row.town_id, session_id=row.session_id, term=row.term, title=row.title,
                   session_date=row.session_date, chief_scrutineer=row.chief_scrutineer,
                   scrutineers=tuple(row.scrutineers), seated=frozenset(row.seated))


def _candidate_list(row) -> CandidateList:
    return CandidateList(row.town_id, row.year, row.review, row.seats,
                         tuple(ListedProject.from_dict(c) for c in row.candidates), row.approval_record,
                         CandidateListDecision.from_dict(row.decision))


def _poll(row) -> Poll:
    return Poll(town_id=row.town_id, session_id=row.session_id, poll_id=row.poll_id,
                candidate_list_year=row.candidate_list_year, title=row.title, seats=row.seats,
                candidates=tuple(Candidate(**c) for c in row.candidates), method=VotingMethod(row.method),
                rules=_rules(row.rules), state=PollState(row.state),
                runoff_of=row.runoff_of,
                paper_tally=PaperTally.from_dict(row.paper_tally) if row.paper_tally else None,
                confirmed_by=tuple(row.confirmed_by), version=row.version)


def _poll_values(p: Poll) -> dict:
    return dict(town_id=p.town_id, session_id=p.session_id, poll_id=p.poll_id,
                candidate_list_year=p.candidate_list_year, title=p.title, seats=p.seats,
                candidates=[c.as_dict() for c in p.candidates], method=p.method.value, rules=p.rules.as_dict(),
                state=p.state.value, runoff_of=p.runoff_of,
                paper_tally=p.paper_tally.as_dict() if p.paper_tally else None,
                confirmed_by=list(p.confirmed_by), version=p.version)


@dataclass(frozen=True)
class CastFacts:
    poll: Poll
    session: Session
    receipts: dict[str, Receipt]
    attendance: Attendance
    roster: list[Deputy]


# The boxes casts check ballots with, by (town, poll), parsed once per process: a box's
# manifest and key record never change once its poll opened. The last polls' only: a session
# holds a few polls at a time.
_CASTING_BOXES: OrderedDict[tuple[str, str], Box] = OrderedDict()
_CASTING_BOXES_KEPT = 32


class Repository:
    """Reads and writes within one transaction; RLS already limits it to the caller's town."""

    def __init__(self, conn: AsyncConnection):
        self.conn = conn

    async def rules(self, town_id: str) -> VotingRules:
        row = (await self.conn.execute(select(voting_rules.c.rules).where(voting_rules.c.town_id == town_id))).first()
        return _rules(row.rules if row else None)

    async def save_rules(self, town_id: str, rules: VotingRules) -> None:
        statement = insert(voting_rules).values(town_id=town_id, rules=rules.as_dict())
        await self.conn.execute(statement.on_conflict_do_update(index_elements=["town_id"],
                                                                set_={"rules": statement.excluded.rules}))

    async def add_deputy(self, d: Deputy) -> bool:
        statement = insert(deputies).values(town_id=d.town_id, term=d.term, deputy_id=d.deputy_id,
                                            display_name=d.display_name, took_office=d.took_office,
                                            left_office=d.left_office)
        return (await self.conn.execute(statement.on_conflict_do_nothing().returning(deputies.c.deputy_id))
                ).first() is not None

    async def deputy(self, town_id: str, term: str, deputy_id: str, *, for_update: bool = False) -> Deputy:
        query = select(deputies).where(deputies.c.town_id == town_id, deputies.c.term == term,
                                       deputies.c.deputy_id == deputy_id)
        row = (await self.conn.execute(query.with_for_update() if for_update else query)).first()
        if row is None:
            raise NotFound(f"no deputy {DEPUTY.format(town=town_id, term=term, deputy=deputy_id)}")
        return _deputy(row)

    async def save_deputy_leaving(self, d: Deputy) -> None:
        await self.conn.execute(update(deputies).where(
            deputies.c.town_id == d.town_id, deputies.c.term == d.term, deputies.c.deputy_id == d.deputy_id)
            .values(left_office=d.left_office))

    async def deputies(self, town_id: str, term: str, in_office_on: date | None) -> list[Deputy]:
        query = select(deputies).where(deputies.c.town_id == town_id, deputies.c.term == term)
        if in_office_on:
            query = query.where(deputies.c.took_office <= in_office_on,
                                (deputies.c.left_office.is_(None)) | (deputies.c.left_office > in_office_on))
        return [_deputy(row) for row in await self.conn.execute(query.order_by(deputies.c.deputy_id))]

    async def save_candidate_list(self, c: CandidateList) -> None:
        """The list, approved again (CandidateList.replaces says when), with a fresh decision."""
        values = dict(review=c.review, seats=c.seats, candidates=[p.as_dict() for p in c.projects],
                      approval_record=c.approval_record, decision=c.decision.as_dict())
        statement = insert(candidate_lists).values(town_id=c.town_id, year=c.year, **values)
        await self.conn.execute(statement.on_conflict_do_update(index_elements=["town_id", "year"], set_=values))

    async def candidate_list(self, town_id: str, year: int, *, for_update: bool = False) -> CandidateList | None:
        query = select(candidate_lists).where(candidate_lists.c.town_id == town_id, candidate_lists.c.year == year)
        row = (await self.conn.execute(query.with_for_update() if for_update else query)).first()
        return _candidate_list(row) if row else None

    async def candidate_lists(self, town_id: str) -> list[CandidateList]:
        query = select(candidate_lists).where(candidate_lists.c.town_id == town_id)
        return [_candidate_list(row) for row in await self.conn.execute(query.order_by(candidate_lists.c.year))]

    async def save_decision(self, d: CandidateListDecision) -> None:
        await self.conn.execute(update(candidate_lists).where(
            candidate_lists.c.town_id == d.town_id, candidate_lists.c.year == d.year).values(decision=d.as_dict()))

    async def session_by_request(self, town_id: str, request_id: str) -> Session | None:
        query = select(sessions.c.session_id).where(sessions.c.town_id == town_id,
                                                    sessions.c.request_id == request_id)
        row = (await self.conn.execute(query)).first()
        return await self.session(town_id, row.session_id) if row else None

    async def add_session(self, s: Session, request_id: str | None) -> bool:
        statement = insert(sessions).values(
            town_id=s.town_id, session_id=s.session_id, request_id=request_id, term=s.term, title=s.title,
            session_date=s.session_date, chief_scrutineer=s.chief_scrutineer, scrutineers=list(s.scrutineers),
            seated=sorted(s.seated))
        statement = statement.on_conflict_do_nothing(index_elements=["town_id", "request_id"],
                                                     index_where=sessions.c.request_id.isnot(None))
        return (await self.conn.execute(statement.returning(sessions.c.session_id))).first() is not None

    async def session(self, town_id: str, session_id: str, *, for_update: bool = False) -> Session:
        query = select(sessions).where(sessions.c.town_id == town_id, sessions.c.session_id == session_id)
        row = (await self.conn.execute(query.with_for_update() if for_update else query)).first()
        if row is None:
            raise NotFound(f"no session {SESSION.format(town=town_id, session=session_id)}")
        return _session(row)

    async def key_ceremony(self, session: Session) -> KeyCeremony:
        found = KeyCeremony(ceremony_of(session))
        query = select(key_ceremonies).where(key_ceremonies.c.town_id == session.town_id,
                                             key_ceremonies.c.session_id == session.session_id)
        for row in await self.conn.execute(query):
            found.trustees[row.trustee_index] = TrusteeRecord(row.public, row.shares, row.confirmed)
        return found

    async def save_trustee(self, session: Session, index: int, t: TrusteeRecord) -> None:
        statement = insert(key_ceremonies).values(town_id=session.town_id, session_id=session.session_id,
                                                  trustee_index=index, public=t.public, shares=t.shares,
                                                  confirmed=t.confirmed)
        await self.conn.execute(statement.on_conflict_do_update(
            index_elements=["town_id", "session_id", "trustee_index"],
            set_={"shares": statement.excluded.shares, "confirmed": statement.excluded.confirmed}))

    async def attendance(self, town_id: str, session_id: str) -> Attendance:
        closed = select(sessions.c.check_in_closed_at).where(sessions.c.town_id == town_id,
                                                             sessions.c.session_id == session_id)
        present = select(attendance.c.deputy_id).where(attendance.c.town_id == town_id,
                                                       attendance.c.session_id == session_id)
        corrections = (select(attendance_corrections)
                       .where(attendance_corrections.c.town_id == town_id,
                              attendance_corrections.c.session_id == session_id)
                       .order_by(attendance_corrections.c.position))
        return Attendance(
            present=set((await self.conn.execute(present)).scalars()),
            check_in_closed_at=(await self.conn.execute(closed)).scalar_one(),
            corrections=[AttendanceCorrection(r.deputy_id, r.present, r.reason, r.actor, r.time)
                         for r in await self.conn.execute(corrections)])

    async def save_attendance(self, town_id: str, session_id: str, a: Attendance) -> None:
        """Who is present now, when check-in closed, and the corrections not yet stored (the
        record is append-only: a correction's position is its place in the list)."""
        of_session = (attendance.c.town_id == town_id) & (attendance.c.session_id == session_id)
        await self.conn.execute(delete(attendance).where(of_session, attendance.c.deputy_id.notin_(a.present)))
        if a.present:
            rows = [dict(town_id=town_id, session_id=session_id, deputy_id=d) for d in sorted(a.present)]
            await self.conn.execute(insert(attendance).values(rows).on_conflict_do_nothing())
        await self.conn.execute(update(sessions).where(sessions.c.town_id == town_id,
                                                       sessions.c.session_id == session_id)
                                .values(check_in_closed_at=a.check_in_closed_at))
        if a.corrections:
            rows = [dict(town_id=town_id, session_id=session_id, position=i, deputy_id=c.deputy_id,
                         present=c.present, reason=c.reason, actor=c.actor, time=c.time)
                    for i, c in enumerate(a.corrections)]
            await self.conn.execute(insert(attendance_corrections).values(rows).on_conflict_do_nothing())

    async def poll_by_request(self, town_id: str, session_id: str, request_id: str) -> Poll | None:
        query = select(polls).where(polls.c.town_id == town_id, polls.c.session_id == session_id,
                                    polls.c.request_id == request_id)
        row = (await self.conn.execute(query)).first()
        return _poll(row) if row else None

    async def add_poll(self, p: Poll, box: Box | None, request_id: str | None) -> bool:
        statement = (insert(polls).values(**_poll_values(p), request_id=request_id)
                     .on_conflict_do_nothing(index_elements=["town_id", "session_id", "request_id"],
                                             index_where=polls.c.request_id.isnot(None))
                     .returning(polls.c.poll_id))
        if (await self.conn.execute(statement)).first() is None:
            return False
        if box is not None:
            await self.conn.execute(insert(ballot_boxes).values(town_id=p.town_id, poll_id=p.poll_id,
                                                                box=box.to_json()))
        return True

    async def gate(self, town_id: str, poll_id: str, *, exclusive: bool) -> None:
        """The poll's ballot box: casts hold it shared, closing holds it exclusive."""
        await db.gate(self.conn, f"voting/{town_id}/{poll_id}", exclusive=exclusive)

    async def poll(self, town_id: str, session_id: str, poll_id: str, *, for_update: bool = False) -> Poll:
        query = select(polls).where(polls.c.town_id == town_id, polls.c.session_id == session_id,
                                    polls.c.poll_id == poll_id)
        row = (await self.conn.execute(query.with_for_update() if for_update else query)).first()
        if row is None:
            raise NotFound(f"no poll {POLL.format(town=town_id, session=session_id, poll=poll_id)}")
        return _poll(row)

    async def save_poll(self, p: Poll) -> None:
        await self.conn.execute(update(polls).where(polls.c.town_id == p.town_id, polls.c.poll_id == p.poll_id)
                                .values(**_poll_values(p)))

    async def ballot_box(self, town_id: str, poll_id: str, *, for_update: bool = False) -> tuple[Box, dict | None]:
        """The poll's box and its close facts. Casts only check ballots with it (before_cast);
        the close sums the stored ballots into it."""
        query = select(ballot_boxes).where(ballot_boxes.c.town_id == town_id, ballot_boxes.c.poll_id == poll_id)
        row = (await self.conn.execute(query.with_for_update() if for_update else query)).first()
        if row is None:
            raise NotFound("this poll has no ballot box: it is a paper poll")
        return Box.from_json(row.box), row.close_facts

    async def before_cast(self, town_id: str, session_id: str, poll_id: str, deputy_id: str
                          ) -> tuple[Poll, Receipt | None, Box | None]:
        """What a cast looks at before its ballot's proofs are checked, in one round trip:
        the poll, the deputy's earlier receipt and the poll's box (None for a paper poll), the
        box read and parsed once per process. The box is for checking and casting only: its
        state and sums are those of its first reading."""
        key = (town_id, poll_id)
        keys = {"town_id": town_id, "session_id": session_id, "poll_id": poll_id}
        polls_found = await self.conn.query(_POLL, keys)
        receipts = await self.conn.query(_RECEIPTS, keys | {"deputy_ids": [deputy_id]})
        boxes = None if key in _CASTING_BOXES else await self.conn.query(_BOX, keys)
        poll = await polls_found.fetchall()
        if not poll:
            raise NotFound(f"no poll {POLL.format(town=town_id, session=session_id, poll=poll_id)}")
        earlier = [Receipt.from_json(row.receipt) for row in await receipts.fetchall()]
        if boxes is not None:
            for row in await boxes.fetchall():
                _CASTING_BOXES[key] = Box.from_json(row.box)
                if len(_CASTING_BOXES) > _CASTING_BOXES_KEPT:
                    _CASTING_BOXES.popitem(last=False)
        return _poll(poll[0]), (earlier[0] if earlier else None), _CASTING_BOXES.get(key)

    async def save_ballot_box(self, town_id: str, poll_id: str, box: Box, close_facts: dict | None = None) -> None:
        values = {"box": box.to_json()} | ({"close_facts": close_facts} if close_facts is not None else {})
        await self.conn.execute(update(ballot_boxes).where(ballot_boxes.c.town_id == town_id,
                                                           ballot_boxes.c.poll_id == poll_id).values(**values))

    async def receipts(self, town_id: str, poll_id: str, deputy_ids: list[str]) -> dict[str, Receipt]:
        """The receipts of those of these deputies who voted in the poll."""
        rows = await self.conn.rows(_RECEIPTS, {"town_id": town_id, "poll_id": poll_id, "deputy_ids": deputy_ids})
        return {row.deputy_id: Receipt.from_json(row.receipt) for row in rows}

    async def cast_facts(self, town_id: str, session_id: str, poll_id: str, deputy_ids: list[str]) -> CastFacts:
        """What storing casts reads, in one round trip: the poll, the earlier receipts of these
        deputies, the session, its attendance and its term's roster. Nothing is locked but
        the poll's gate (shared): casts into one poll wait on no common row."""
        keys = {"town_id": town_id, "session_id": session_id, "poll_id": poll_id}
        sent = [await self.conn.query(statement, keys) for statement in (_POLL, _SESSION, _PRESENT, _CORRECTIONS,
                                                                          _TERM_DEPUTIES)]
        receipts = await self.conn.query(_RECEIPTS, keys | {"deputy_ids": deputy_ids})
        poll, session, present, corrections, roster = [await rows.fetchall() for rows in sent]
        if not poll:
            raise NotFound(f"no poll {POLL.format(town=town_id, session=session_id, poll=poll_id)}")
        return CastFacts(
            poll=_poll(poll[0]), session=_session(session[0]),
            receipts={row.deputy_id: Receipt.from_json(row.receipt) for row in await receipts.fetchall()},
            attendance=Attendance(present={row.deputy_id for row in present},
                                  check_in_closed_at=session[0].check_in_closed_at,
                                  corrections=[AttendanceCorrection(r.deputy_id, r.present, r.reason, r.actor, r.time)
                                               for r in corrections]),
            roster=[_deputy(row) for row in roster])

    async def add_casts(self, town_id: str, poll_id: str, casts: list[tuple[str, Receipt, str, dict]]
                        ) -> tuple[set[str], set[str]]:
        """Who voted (deputy, with the receipt) and the encrypted ballots (ballot id, entry), in
        two statements sent together. Returns the deputies and the ballot ids written: a deputy
        missing had a ballot already (its other cast committed meanwhile), a ballot id missing
        was taken (the caller refuses, rolling back)."""
        shared = {"town_id": town_id, "poll_id": poll_id}
        voters = await self.conn.query(_ADD_VOTERS, shared | {"rows": [
            {"deputy_id": deputy, "receipt": receipt.to_json()} for deputy, receipt, _, _ in casts]})
        added = await self.conn.query(_ADD_BALLOTS, shared | {"rows": [
            {"ballot_id": ballot_id, "entry": entry} for _, _, ballot_id, entry in casts]})
        return ({row.deputy_id for row in await voters.fetchall()},
                {row.ballot_id for row in await added.fetchall()})

    async def ballot_entries(self, town_id: str, poll_id: str) -> list[dict]:
        query = select(ballots.c.entry).where(ballots.c.town_id == town_id, ballots.c.poll_id == poll_id)
        return list((await self.conn.execute(query)).scalars())

    async def save_board(self, town_id: str, poll_id: str, stage: str, document: str, sha256: str) -> None:
        self.conn.carries_large_value()
        await self.conn.send(_SAVE_BOARD, {"town_id": town_id, "poll_id": poll_id, "stage": stage,
                                           "document": document, "sha256": sha256})

    async def board(self, town_id: str, poll_id: str):
        self.conn.carries_large_value()
        query = select(bulletin_boards).where(bulletin_boards.c.town_id == town_id,
                                              bulletin_boards.c.poll_id == poll_id)
        return (await self.conn.execute(query)).first()

    async def board_sha256(self, town_id: str, poll_id: str) -> str:
        """The board's hash alone: without its megabytes."""
        query = select(bulletin_boards.c.sha256).where(bulletin_boards.c.town_id == town_id,
                                                       bulletin_boards.c.poll_id == poll_id)
        return (await self.conn.execute(query)).scalar_one()

    async def voters(self, town_id: str, poll_id: str) -> frozenset[str]:
        """Who voted in the poll (from ballots_cast: never joined with the ballots)."""
        query = select(ballots_cast.c.deputy_id).where(ballots_cast.c.town_id == town_id,
                                                       ballots_cast.c.poll_id == poll_id)
        return frozenset((await self.conn.execute(query)).scalars())

    async def deputies_voted(self, town_id: str, poll_id: str) -> int:
        query = select(func.count()).select_from(ballots_cast).where(ballots_cast.c.town_id == town_id,
                                                                    ballots_cast.c.poll_id == poll_id)
        return (await self.conn.execute(query)).scalar_one()

    async def add_result(self, town_id: str, poll_id: str, document: str, signature: bytes,
                         public_key: bytes) -> None:
        await self.conn.execute(insert(results).values(town_id=town_id, poll_id=poll_id, document=document,
                                                       signature=signature, public_key=public_key,
                                                       state=ResultState.ANNOUNCED.value))

    async def result(self, town_id: str, poll_id: str, *, for_update: bool = False):
        query = select(results).where(results.c.town_id == town_id, results.c.poll_id == poll_id)
        return (await self.conn.execute(query.with_for_update() if for_update else query)).first()

    async def mark_filed(self, town_id: str, poll_id: str) -> None:
        await self.conn.execute(update(results).where(results.c.town_id == town_id, results.c.poll_id == poll_id)
                                .values(state=ResultState.FILED.value))

