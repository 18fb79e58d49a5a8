"""Tables of the review schema and the repository that maps rows to the domain."""
from dataclasses import asdict
from datetime import date, datetime

from sqlalchemy import (BigInteger, Column, Identity, Index, Integer, MetaData, String, Table, Text, UniqueConstraint,
                        select, update)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.platform import audit
from services.platform.errors import NotFound
from services.platform.outbox import add_event_tables
from services.review.domain import (ITEM, Activity, ActivityKind, Assessment, CandidateList,
                                    CompetitiveListRule, Dimension, Member, MemberRole, Move, PresidiumChange,
                                    PresidiumDecision, Project, Ranked, Recommendation, Review, ReviewItem,
                                    ReviewState, Score)

metadata = MetaData(schema="review")
event_tables = add_event_tables(metadata)

reviews = Table(
    "reviews", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("rule", JSONB, nullable=False),
    Column("state", String(30), nullable=False),
    Column("members", JSONB, nullable=False),
    Column("moves", JSONB, nullable=False),
    Column("ranking", JSONB, nullable=False),
    Column("presidium", JSONB),
    Column("candidate_list", JSONB),
    Column("version", Integer, nullable=False),
    Column("history", JSONB, nullable=False),
)

items = Table(
    "review_items", metadata,
    Column("id", String(36), primary_key=True),
    Column("seq", BigInteger, Identity(), nullable=False, unique=True),
    Column("town_id", String(64), nullable=False),
    Column("year", Integer, nullable=False),
    Column("proposal", String(200), nullable=False),
    Column("title", String(100), nullable=False),
    Column("content", Text, nullable=False),
    Column("location", String(200), nullable=False),
    Column("category", String(50), nullable=False),
    Column("estimated_cost_yuan", BigInteger),
    Column("completion_time_frame", String(50), nullable=False),
    Column("suggested_implementer", String(100), nullable=False),
    Column("supporter_count", Integer, nullable=False),
    Column("assessors", JSONB, nullable=False),
    Column("activities", JSONB, nullable=False),
    Column("assessment", JSONB),
    Column("version", Integer, nullable=False),
    Column("history", JSONB, nullable=False),
    # A proposal carried from the reserve pool into a later year is reviewed again that year.
    UniqueConstraint("town_id", "year", "proposal", name="one_item_per_proposal_a_year"),
    Index("review_items_of_year", "town_id", "year", "seq"),
)


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def _project_json(p: Project | None) -> dict | None:
    return {**asdict(p), "completion_deadline": _iso(p.completion_deadline)} if p else None


def _project(data: dict | None) -> Project | None:
    return Project(**{**data, "completion_deadline": _date(data["completion_deadline"])}) if data else None


def _assessment_json(a: Assessment | None) -> dict | None:
    if a is None:
        return None
    return {"scores": {d.value: asdict(s) for d, s in a.scores.items()},
            "estimated_cost_yuan": a.estimated_cost_yuan, "funding_secured_yuan": a.funding_secured_yuan,
            "land_secured": a.land_secured, "design_ready": a.design_ready,
            "recommendation": a.recommendation.value, "reason": a.reason, "project": _project_json(a.project),
            "assessed_by": a.assessed_by, "time": _iso(a.time)}


def _assessment(data: dict | None) -> Assessment | None:
    if data is None:
        return None
    return Assessment(
        scores={Dimension(d): Score(**s) for d, s in data["scores"].items()},
        estimated_cost_yuan=data["estimated_cost_yuan"], funding_secured_yuan=data["funding_secured_yuan"],
        land_secured=data["land_secured"], design_ready=data["design_ready"],
        recommendation=Recommendation(data["recommendation"]), reason=data["reason"],
        project=_project(data["project"]), assessed_by=data["assessed_by"], time=_time(data["time"]))


def _activity_json(a: Activity) -> dict:
    return {"kind": a.kind.value, "date": _iso(a.date), "participants": list(a.participants),
            "findings": a.findings}


def _activity(data: dict) -> Activity:
    return Activity(ActivityKind(data["kind"]), _date(data["date"]), tuple(data["participants"]),
                    data["findings"])


def _item_values(i: ReviewItem) -> dict:
    return dict(
        id=i.id, town_id=i.town_id, year=i.year, proposal=i.proposal, title=i.title, content=i.content,
        location=i.location, category=i.category, estimated_cost_yuan=i.estimated_cost_yuan,
        completion_time_frame=i.completion_time_frame, suggested_implementer=i.suggested_implementer,
        supporter_count=i.supporter_count, assessors=list(i.assessors),
        activities=[_activity_json(a) for a in i.activities], assessment=_assessment_json(i.assessment),
        version=i.version, history=audit.to_json(i.history))


def _item(row) -> ReviewItem:
    return ReviewItem(
        id=row.id, town_id=row.town_id, year=row.year, proposal=row.proposal, title=row.title,
        content=row.content, location=row.location, category=row.category,
        estimated_cost_yuan=row.estimated_cost_yuan, completion_time_frame=row.completion_time_frame,
        suggested_implementer=row.suggested_implementer, supporter_count=row.supporter_count,
        assessors=tuple(row.assessors), activities=[_activity(a) for a in row.activities],
        assessment=_assessment(row.assessment), version=row.version, history=audit.from_json(row.history))


def _changes_json(changes) -> list[dict]:
    return [asdict(c) for c in changes]


def _review_values(r: Review) -> dict:
    presidium = r.presidium and {
        "record": r.presidium.record, "removals": _changes_json(r.presidium.removals),
        "additions": _changes_json(r.presidium.additions), "time": _iso(r.presidium.time)}
    candidate_list = r.candidate_list and {
        "seats": r.candidate_list.seats, "item_ids": list(r.candidate_list.item_ids),
        "approval_record": r.candidate_list.approval_record, "time": _iso(r.candidate_list.time)}
    return dict(
        town_id=r.town_id, year=r.year, title=r.title, rule=asdict(r.rule), state=r.state.value,
        members=[{**asdict(m), "role": m.role.value} for m in r.members],
        moves=[{**asdict(m), "time": _iso(m.time)} for m in r.moves], ranking=[asdict(x) for x in r.ranking],
        presidium=presidium, candidate_list=candidate_list, version=r.version, history=audit.to_json(r.history))


def _review(row) -> Review:
    p, c = row.presidium, row.candidate_list
    presidium = p and PresidiumDecision(
        p["record"], tuple(PresidiumChange(**x) for x in p["removals"]),
        tuple(PresidiumChange(**x) for x in p["additions"]), _time(p["time"]))
    candidate_list = c and CandidateList(c["seats"], tuple(c["item_ids"]), c["approval_record"], _time(c["time"]))
    return Review(
        town_id=row.town_id, year=row.year, title=row.title, rule=CompetitiveListRule(**row.rule),
        state=ReviewState(row.state), members=tuple(Member(**{**m, "role": MemberRole(m["role"])})
                                                    for m in row.members),
        moves=[Move(**{**m, "time": _time(m["time"])}) for m in row.moves],
        ranking=[Ranked(**x) for x in row.ranking], presidium=presidium, candidate_list=candidate_list,
        version=row.version, history=audit.from_json(row.history))


class Repository:
    """Reads and writes within one transaction; RLS already limits it to the transaction's town."""

    def __init__(self, conn: AsyncConnection):
        self.conn = conn

    async def review(self, town_id: str, year: int, *, for_update: bool = False) -> Review | None:
        query = select(reviews).where(reviews.c.town_id == town_id, reviews.c.year == year)
        row = (await self.conn.execute(query.with_for_update() if for_update else query)).first()
        return _review(row) if row else None

    async def add_review(self, review: Review) -> bool:
        """Inserts unless the year's review exists. True if inserted."""
        statement = (insert(reviews).values(**_review_values(review)).on_conflict_do_nothing()
                     .returning(reviews.c.year))
        return (await self.conn.execute(statement)).first() is not None

    async def save_review(self, review: Review) -> None:
        await self.conn.execute(update(reviews).where(reviews.c.town_id == review.town_id,
                                                      reviews.c.year == review.year)
                                .values(**_review_values(review)))

    async def item(self, town_id: str, year: int, item_id: str, *, for_update: bool = False) -> ReviewItem:
        query = select(items).where(items.c.town_id == town_id, items.c.year == year, items.c.id == item_id)
        row = (await self.conn.execute(query.with_for_update() if for_update else query)).first()
        if row is None:
            raise NotFound(f"no review item {ITEM.format(town=town_id, year=year, item=item_id)}")
        return _item(row)

    async def items(self, town_id: str, year: int) -> list[ReviewItem]:
        """The year's items in order of arrival."""
        query = select(items).where(items.c.town_id == town_id, items.c.year == year).order_by(items.c.seq)
        return [_item(row) for row in await self.conn.execute(query)]

    async def add_item(self, item: ReviewItem) -> bool:
        """Inserts unless the proposal has an item that year already. True if inserted."""
        statement = (insert(items).values(**_item_values(item))
                     .on_conflict_do_nothing(index_elements=["town_id", "year", "proposal"]).returning(items.c.id))
        return (await self.conn.execute(statement)).first() is not None

    async def save_item(self, item: ReviewItem) -> None:
        await self.conn.execute(update(items).where(items.c.id == item.id).values(**_item_values(item)))
