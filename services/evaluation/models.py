"""Tables of the evaluation schema and the repository that maps rows to the domain.

Read models from other services' events (projects from supervision, sessions from voting)
beside this service's own: evaluations, assessments, and the assessment's ballots kept apart
from who cast: a ballot row names no deputy and no time."""
from dataclasses import asdict
from datetime import date

from sqlalchemy import (BigInteger, Boolean, Column, Date, DateTime, Index, Integer, LargeBinary, MetaData, String,
                        Table, Text, select, text, update)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.ballotbox.box import Box, CheckedBallot, Receipt
from services.evaluation.assessment import ASSESSMENT, Assessment
from services.evaluation.domain import (EVALUATION, Evaluation, EvaluationState, FinalStatus, Grade, GradingBase,
                                        ReportItem, SupervisedProject, Tally)
from services.platform import audit
from services.platform.errors import NotFound
from services.platform.outbox import add_event_tables

metadata = MetaData(schema="evaluation")
event_tables = add_event_tables(metadata)

projects = Table(
    "projects", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("project", String(200), primary_key=True),
    Column("year", Integer, nullable=False),
    Column("title", String(200), nullable=False),
    Column("responsible_unit", String(100), nullable=False),
    Column("budget_yuan", BigInteger, nullable=False),
    Column("completion_deadline", Date, nullable=False),
    Column("spent_yuan", BigInteger, nullable=False),
    Column("percent_complete", Integer, nullable=False),
    Column("completed", Boolean, nullable=False),
    Column("completion_reported_on", Date),
    Column("carried_over", Boolean, nullable=False),
    Column("explanation", Text, nullable=False),
    Index("projects_of_year", "town_id", "year"),
)

sessions = Table(
    "sessions", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("session", String(200), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("session_date", Date, nullable=False),
    Column("seated_count", Integer, nullable=False),
    Column("present_digests", JSONB, nullable=False),
    # The scrutineers' joint key record once the session's key ceremony is complete.
    Column("key_record", JSONB),
)

evaluations = Table(
    "evaluations", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("session", String(200), nullable=False),
    Column("session_date", Date, nullable=False),
    Column("grading_base", String(20), nullable=False),
    Column("state", String(30), nullable=False),
    Column("summary", Text, nullable=False),
    Column("items", JSONB, nullable=False),
    Column("assessments", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("history", JSONB, nullable=False),
)

reports = Table(
    "reports", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("revision", Integer, primary_key=True),
    Column("pdf", LargeBinary, nullable=False),
    Column("document", Text, nullable=False),
    Column("signature", LargeBinary, nullable=False),
    Column("public_key", LargeBinary, nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
)

assessments = Table(
    "assessments", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("round", Integer, primary_key=True),
    Column("request_id", String(64)),
    Column("projects", JSONB, nullable=False),
    Column("seated_count", Integer, nullable=False),
    Column("present_count", Integer, nullable=False),
    Column("eligible", JSONB, nullable=False),
    # The ballot box (services.ballotbox.box): its key record, running sums, partial decryptions, counts.
    Column("box", JSONB, nullable=False),
    Column("grades", JSONB, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("assessment_request_id", "town_id", "request_id", unique=True,
          postgresql_where=text("request_id IS NOT NULL")),
)

# What was cast: each ballot as the board lists it, under its tracking hash; no deputy, no time.
ballots = Table(
    "ballots", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("round", Integer, primary_key=True),
    Column("tracking_hash", String(64), primary_key=True),
    Column("ballot_id", String(64), nullable=False),
    Column("entry", JSONB, nullable=False),
    Index("one_ballot_id", "town_id", "year", "round", "ballot_id", unique=True),
)

# Who cast: a deputy (their attendance digest) once per assessment, with the receipt so that a
# retry gets the same tracking code back. The link to an encrypted ballot opens nothing.
voters = Table(
    "voters", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("round", Integer, primary_key=True),
    Column("deputy_digest", String(64), primary_key=True),
    Column("receipt", JSONB, nullable=False),
)


def _item_json(i: ReportItem) -> dict:
    d = asdict(i)
    d["completion_deadline"] = i.completion_deadline.isoformat()
    d["completed_on"] = i.completed_on.isoformat() if i.completed_on else None
    return d


def _item(d: dict) -> ReportItem:
    return ReportItem(**{**d, "status": FinalStatus(d["status"]),
                         "completion_deadline": date.fromisoformat(d["completion_deadline"]),
                         "completed_on": date.fromisoformat(d["completed_on"]) if d["completed_on"] else None,
                         "grade": Grade(d["grade"]) if d["grade"] else None,
                         "tally": Tally(**d["tally"]) if d["tally"] else None})


def _evaluation(row) -> Evaluation:
    return Evaluation(town_id=row.town_id, year=row.year, session=row.session, session_date=row.session_date,
                      grading_base=GradingBase(row.grading_base), state=EvaluationState(row.state),
                      summary=row.summary, items=[_item(d) for d in row.items], created_at=row.created_at,
                      assessments=row.assessments, history=audit.from_json(row.history))


def _evaluation_values(e: Evaluation) -> dict:
    return dict(session=e.session, session_date=e.session_date, grading_base=e.grading_base.value,
                state=e.state.value, summary=e.summary, items=[_item_json(i) for i in e.items],
                assessments=e.assessments, history=audit.to_json(e.history))


def _assessment(row) -> Assessment:
    return Assessment(town_id=row.town_id, year=row.year, round=row.round, projects=tuple(row.projects),
                      seated_count=row.seated_count, present_count=row.present_count,
                      eligible=frozenset(row.eligible), box=Box.from_json(row.box), created_at=row.created_at,
                      grades={p: (Grade(g["grade"]), Tally(**g["tally"])) for p, g in row.grades.items()})


def _assessment_values(a: Assessment) -> dict:
    return dict(box=a.box.to_json(),
                grades={p: {"grade": g.value, "tally": asdict(t)} for p, (g, t) in a.grades.items()})


def _project(row) -> SupervisedProject:
    return SupervisedProject(**{c: getattr(row, c) for c in SupervisedProject.__dataclass_fields__})


class Repository:
    """Reads and writes within one unit of work; RLS already limits it to its town."""

    def __init__(self, conn: AsyncConnection):
        self.conn = conn

    # --- read models from other services' events ---

    async def add_project(self, p: SupervisedProject) -> None:
        values = {c: getattr(p, c) for c in SupervisedProject.__dataclass_fields__}
        await self.conn.execute(insert(projects).values(**values).on_conflict_do_nothing())

    async def change_project(self, town_id: str, project: str, **values) -> None:
        """A project this service never heard of (registered before it subscribed) is left alone."""
        await self.conn.execute(update(projects).where(projects.c.town_id == town_id, projects.c.project == project)
                                .values(**values))

    async def projects_of(self, town_id: str, year: int) -> list[SupervisedProject]:
        rows = await self.conn.execute(select(projects).where(projects.c.town_id == town_id, projects.c.year == year))
        return [_project(r) for r in rows]

    async def session_opened(self, town_id: str, session: str, title: str, session_date: date,
                             seated_count: int) -> None:
        await self.conn.execute(insert(sessions).values(town_id=town_id, session=session, title=title,
                                                        session_date=session_date, seated_count=seated_count,
                                                        present_digests=[])
                                .on_conflict_do_nothing())

    async def change_session(self, town_id: str, session: str, **values) -> None:
        await self.conn.execute(update(sessions).where(sessions.c.town_id == town_id, sessions.c.session == session)
                                .values(**values))

    async def session(self, town_id: str, session: str):
        row = (await self.conn.execute(select(sessions).where(sessions.c.town_id == town_id,
                                                              sessions.c.session == session))).first()
        if row is None:
            raise NotFound(f"no session {session} is known to the evaluation service")
        return row

    # --- evaluations ---

    async def add_evaluation(self, e: Evaluation) -> bool:
        statement = (insert(evaluations).values(town_id=e.town_id, year=e.year, created_at=e.created_at,
                                                **_evaluation_values(e))
                     .on_conflict_do_nothing().returning(evaluations.c.year))
        return (await self.conn.execute(statement)).first() is not None

    async def evaluation(self, town_id: str, year: int, for_update: bool = False) -> Evaluation:
        query = select(evaluations).where(evaluations.c.town_id == town_id, evaluations.c.year == year)
        row = (await self.conn.execute(query.with_for_update() if for_update else query)).first()
        if row is None:
            raise NotFound(f"no evaluation {EVALUATION.format(town=town_id, year=str(year))}")
        return _evaluation(row)

    async def save_evaluation(self, e: Evaluation) -> None:
        await self.conn.execute(update(evaluations).where(evaluations.c.town_id == e.town_id,
                                                          evaluations.c.year == e.year)
                                .values(**_evaluation_values(e)))

    async def add_report(self, town_id: str, year: int, **values) -> None:
        await self.conn.execute(insert(reports).values(town_id=town_id, year=year, **values))

    async def latest_report(self, town_id: str, year: int):
        """The latest revision of the year's written report, or None before the first."""
        return (await self.conn.execute(select(reports).where(reports.c.town_id == town_id, reports.c.year == year)
                                        .order_by(reports.c.revision.desc()).limit(1))).first()

    async def report(self, town_id: str, year: int):
        row = await self.latest_report(town_id, year)
        if row is None:
            raise NotFound(f"the written report of {EVALUATION.format(town=town_id, year=str(year))} is not issued")
        return row

    # --- assessments ---

    async def add_assessment(self, a: Assessment, request_id: str | None) -> None:
        await self.conn.execute(insert(assessments).values(
            town_id=a.town_id, year=a.year, round=a.round, request_id=request_id, projects=list(a.projects),
            seated_count=a.seated_count, present_count=a.present_count, eligible=sorted(a.eligible),
            created_at=a.created_at, **_assessment_values(a)))

    async def assessment_by_request(self, town_id: str, request_id: str) -> Assessment | None:
        row = (await self.conn.execute(select(assessments).where(assessments.c.town_id == town_id,
                                                                 assessments.c.request_id == request_id))).first()
        return _assessment(row) if row else None

    async def assessment(self, town_id: str, year: int, round: int, for_update: bool = False) -> Assessment:
        query = select(assessments).where(assessments.c.town_id == town_id, assessments.c.year == year,
                                          assessments.c.round == round)
        row = (await self.conn.execute(query.with_for_update() if for_update else query)).first()
        if row is None:
            raise NotFound(f"no assessment {ASSESSMENT.format(town=town_id, year=str(year), assessment=str(round))}")
        return _assessment(row)

    async def save_assessment(self, a: Assessment) -> None:
        await self.conn.execute(update(assessments).where(assessments.c.town_id == a.town_id,
                                                          assessments.c.year == a.year,
                                                          assessments.c.round == a.round)
                                .values(**_assessment_values(a)))

    @staticmethod
    def _of(table: Table, a: Assessment) -> list:
        return [table.c.town_id == a.town_id, table.c.year == a.year, table.c.round == a.round]

    async def receipt(self, a: Assessment, digest: str) -> Receipt | None:
        row = (await self.conn.execute(select(voters.c.receipt).where(
            *self._of(voters, a), voters.c.deputy_digest == digest))).first()
        return Receipt.from_json(row.receipt) if row else None

    async def ballot_id_taken(self, a: Assessment, ballot_id: str) -> bool:
        return (await self.conn.execute(select(ballots.c.ballot_id).where(
            *self._of(ballots, a), ballots.c.ballot_id == ballot_id))).first() is not None

    async def add_cast(self, a: Assessment, digest: str, receipt: Receipt, checked: CheckedBallot) -> None:
        keys = dict(town_id=a.town_id, year=a.year, round=a.round)
        await self.conn.execute(insert(ballots).values(**keys, tracking_hash=checked.tracking_hash,
                                                       ballot_id=checked.ballot_id, entry=checked.entry))
        await self.conn.execute(insert(voters).values(**keys, deputy_digest=digest, receipt=receipt.to_json()))

    async def entries(self, a: Assessment) -> list[dict]:
        rows = await self.conn.execute(select(ballots.c.entry).where(*self._of(ballots, a)))
        return [r.entry for r in rows]
