"""Tables of the district schema and the repository that maps rows to the domain. Only
the consumers write here."""
from sqlalchemy import BigInteger, Boolean, Column, DateTime, Index, Integer, MetaData, String, Table, select
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.district.domain import FILING, Filing
from services.district.projections import COUNTS, Project, RowChange, TownYear
from services.platform.errors import NotFound
from services.platform.outbox import add_event_tables

metadata = MetaData(schema="district")
event_tables = add_event_tables(metadata)

filings = Table(
    "filings", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("id", String(64), primary_key=True),
    Column("poll", String(300), nullable=False),
    Column("candidate_list", String(300), nullable=False),
    Column("adopted", JSONB, nullable=False),
    Column("accepted", Boolean, nullable=False),
    Column("problems", JSONB, nullable=False),
    Column("documents", Integer, nullable=False),
    Column("filed_at", DateTime(timezone=True), nullable=False),
)

# Each town's year of the funnel, money and filings (projections.COUNTS), one row per year.
town_years = Table(
    "town_years", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("year", Integer, primary_key=True),
    *(Column(name, BigInteger, nullable=False, server_default="0") for name in COUNTS),
)

projects = Table(
    "projects", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("candidate_id", String(300), primary_key=True),
    Column("year", Integer, nullable=False),
    Column("title", String(500), nullable=False),
    Column("responsible_unit", String(200), nullable=False),
    Column("budget_yuan", BigInteger, nullable=False),
    Column("completion_deadline", String(10), nullable=False),
    Column("status", String(32), nullable=False),
    Index("project_search", "town_id", "year", "status", "responsible_unit"),
)


def _filing(row) -> Filing:
    return Filing(town_id=row.town_id, year=row.year, id=row.id, poll=row.poll, candidate_list=row.candidate_list,
                  adopted=list(row.adopted), accepted=row.accepted, problems=list(row.problems),
                  filed_at=row.filed_at, documents=row.documents)


class Repository:
    """Reads and writes within one unit of work; RLS already limits it to its town."""

    def __init__(self, conn: AsyncConnection):
        self.conn = conn

    async def add_filing(self, f: Filing) -> bool:
        """Records the receipt unless this decision was filed already. True if recorded."""
        statement = (insert(filings).values(town_id=f.town_id, year=f.year, id=f.id, poll=f.poll,
                                            candidate_list=f.candidate_list, adopted=f.adopted, accepted=f.accepted,
                                            problems=f.problems, documents=f.documents, filed_at=f.filed_at)
                     .on_conflict_do_nothing().returning(filings.c.id))
        return (await self.conn.execute(statement)).first() is not None

    async def filing(self, town_id: str, year: int, filing_id: str) -> Filing:
        query = select(filings).where(filings.c.town_id == town_id, filings.c.year == year, filings.c.id == filing_id)
        row = (await self.conn.execute(query)).first()
        if row is None:
            raise NotFound(f"no filing {FILING.format(town=town_id, year=year, filing=filing_id)}")
        return _filing(row)

    async def filings_of(self, town_id: str, year: int) -> list[Filing]:
        query = (select(filings).where(filings.c.town_id == town_id, filings.c.year == year)
                 .order_by(filings.c.filed_at, filings.c.id))
        return [_filing(row) for row in await self.conn.execute(query)]

    async def add_to_town_year(self, town_id: str, change: RowChange) -> None:
        """Adds the change to the town's row of the year, making the row on its first event."""
        statement = insert(town_years).values(town_id=town_id, year=change.year, **change.added)
        await self.conn.execute(statement.on_conflict_do_update(
            index_elements=["town_id", "year"],
            set_={name: town_years.c[name] + statement.excluded[name] for name in change.added}))

    async def town_year(self, town_id: str, year: int) -> TownYear:
        """The town's row of the year; all zero before its first event."""
        query = select(town_years).where(town_years.c.town_id == town_id, town_years.c.year == year)
        row = (await self.conn.execute(query)).first()
        return TownYear(town_id, year, {name: getattr(row, name) if row else 0 for name in COUNTS})

    async def add_projects(self, found: list[Project]) -> None:
        """Lists the projects, each once (a republished decision adds nothing)."""
        if found:
            rows = [{name: getattr(p, name) for name in projects.c.keys()} for p in found]
            await self.conn.execute(insert(projects).values(rows).on_conflict_do_nothing())

    async def projects_of(self, town_id: str, year: int, *, status: str = "",
                          responsible_unit: str = "") -> list[Project]:
        """The town's projects of the year, by the filters given (empty: any)."""
        query = select(projects).where(projects.c.town_id == town_id, projects.c.year == year)
        if status:
            query = query.where(projects.c.status == status)
        if responsible_unit:
            query = query.where(projects.c.responsible_unit == responsible_unit)
        rows = await self.conn.execute(query.order_by(projects.c.candidate_id))
        return [Project(**{name: getattr(row, name) for name in projects.c.keys()}) for row in rows]
