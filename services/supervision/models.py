"""Tables of the supervision schema and the repository that maps rows to the domain."""
from dataclasses import asdict
from datetime import date, datetime

from sqlalchemy import (BigInteger, Boolean, Column, Date, DateTime, Index, Integer, MetaData, String, Table, Text,
                        UniqueConstraint, and_, func, or_, select, text, tuple_, update)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.platform import audit
from services.platform.errors import NotFound
from services.platform.outbox import add_event_tables
from services.supervision.domain import (PROJECT, BudgetLine, CarryOver, CarryOverCause, Milestone, Plan, PlanChange,
                                         Progress, ProgressReport, Project, ProjectState, Verification, project_id)
from services.supervision.oversight import (GROUP, INSPECTION, RECTIFICATION, SUPERVISOR, Answer, Calendar, Check,
                                            Finding, Inquiry, Inspection, InspectionKind, Level, Question,
                                            Rectification, RectificationState, Supervisor, SupervisionGroup, Topic)

metadata = MetaData(schema="supervision")
event_tables = add_event_tables(metadata, scheduled_checks=True)

projects = Table(
    "projects", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("candidate_id", String(200), nullable=False),
    Column("proposal", String(200), nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("location", String(200), nullable=False),
    Column("budget_yuan", BigInteger, nullable=False),
    Column("funding_source", String(200), nullable=False),
    Column("responsible_unit", String(100), nullable=False),
    Column("completion_deadline", Date, nullable=False),
    # Derived from the carry-overs, kept for lists and checks: the year and deadline in force.
    Column("supervision_year", Integer, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("state", String(30), nullable=False),
    Column("plan", JSONB),
    Column("plan_changes", JSONB, nullable=False),
    Column("progress", JSONB, nullable=False),
    Column("group_id", String(64), nullable=False),
    Column("supervisor_id", String(64), nullable=False),
    Column("verifications", JSONB, nullable=False),
    Column("carry_overs", JSONB, nullable=False),
    Column("version", Integer, nullable=False),
    Column("history", JSONB, nullable=False),
    # A candidate becomes one project, however often its adoption is delivered.
    UniqueConstraint("town_id", "candidate_id", name="one_project_per_candidate"),
    Index("projects_of_supervision_year", "town_id", "supervision_year"),
)

progress_reports = Table(
    "progress_reports", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("report", Integer, primary_key=True),
    Column("request_id", String(64)),
    Column("report_date", Date, nullable=False),
    Column("percent_complete", Integer, nullable=False),
    Column("spent_yuan", BigInteger, nullable=False),
    Column("milestone_id", String(10), nullable=False),
    Column("text", Text, nullable=False),
    Column("attachments", JSONB, nullable=False),
    Column("claims_completion", Boolean, nullable=False),
    Column("reported_by", String(100), nullable=False),
    Column("reported_at", DateTime(timezone=True), nullable=False),
    Index("progress_report_request_id", "town_id", "request_id", unique=True,
          postgresql_where=text("request_id IS NOT NULL")),
)

supervisors = Table(
    "supervisors", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("id", String(64), primary_key=True),
    Column("display_name", String(50), nullable=False),
    Column("level", String(20), nullable=False),
    Column("activity_group", String(100), nullable=False),
    Column("account", String(100), nullable=False),
    Column("history", JSONB, nullable=False),
)

groups = Table(
    "supervision_groups", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("id", String(64), primary_key=True),
    Column("year", Integer, nullable=False),
    Column("title", String(200), nullable=False),
    Column("members", JSONB, nullable=False),
    Column("leader", String(64), nullable=False),
    Column("history", JSONB, nullable=False),
)

calendars = Table(
    "calendars", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("topics", JSONB, nullable=False),
    Column("mid_year_date", Date, nullable=False),
    Column("year_end_date", Date, nullable=False),
    Column("inquiry", JSONB),
    Column("history", JSONB, nullable=False),
)

inspections = Table(
    "inspections", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("id", String(36), primary_key=True),
    Column("request_id", String(64)),
    Column("group_id", String(64), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("date", Date, nullable=False),
    Column("participants", JSONB, nullable=False),
    Column("projects", JSONB, nullable=False),
    Column("findings", JSONB, nullable=False),
    Column("recorded_by", String(100), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("inspection_request_id", "town_id", "request_id", unique=True,
          postgresql_where=text("request_id IS NOT NULL")),
    Index("inspections_by_date", "town_id", "date"),
)

rectifications = Table(
    "rectifications", metadata,
    Column("town_id", String(64), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("rectification", Integer, primary_key=True),
    Column("inspection_id", String(36), nullable=False),
    Column("finding_index", Integer, nullable=False),
    Column("finding", Text, nullable=False),
    Column("internal", Boolean, nullable=False),
    Column("responsible_unit", String(100), nullable=False),
    Column("deadline", Date, nullable=False),
    Column("state", String(20), nullable=False),
    Column("answers", JSONB, nullable=False),
    Column("checks", JSONB, nullable=False),
    Column("history", JSONB, nullable=False),
    # A finding is sent once: sending it again finds the rectification it made.
    UniqueConstraint("town_id", "inspection_id", "finding_index", name="one_rectification_per_finding"),
    Index("rectifications_by_state", "town_id", "state"),
)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _plan_json(plan: Plan | None) -> dict | None:
    if plan is None:
        return None
    return {"milestones": [{"id": m.id, "title": m.title, "due": _iso(m.due)} for m in plan.milestones],
            "budget": [asdict(line) for line in plan.budget], "contact_name": plan.contact_name,
            "contact_phone": plan.contact_phone, "version": plan.version, "approved_by": plan.approved_by,
            "approved_at": _iso(plan.approved_at)}


def _plan(data: dict | None) -> Plan | None:
    if data is None:
        return None
    return Plan(tuple(Milestone(m["id"], m["title"], _date(m["due"])) for m in data["milestones"]),
                tuple(BudgetLine(**line) for line in data["budget"]), data["contact_name"], data["contact_phone"],
                data["version"], data["approved_by"], _time(data["approved_at"]))


def _progress_json(p: Progress) -> dict:
    return {"percent_complete": p.percent_complete, "spent_yuan": p.spent_yuan, "report_date": _iso(p.report_date),
            "reports": p.reports, "reached": {m: _iso(d) for m, d in p.reached.items()}}


def _progress(data: dict) -> Progress:
    return Progress(data["percent_complete"], data["spent_yuan"], _date(data["report_date"]), data["reports"],
                    {m: _date(d) for m, d in data["reached"].items()})


def _stamped(items) -> list[dict]:
    """Dataclasses with dates and times, as JSON."""
    return [{k: _iso(v) if isinstance(v, (date, datetime)) else v for k, v in asdict(i).items()} for i in items]


def _project_values(p: Project) -> dict:
    return dict(
        town_id=p.town_id, year=p.year, number=p.number, candidate_id=p.candidate_id, proposal=p.proposal,
        title=p.title, description=p.description, location=p.location, budget_yuan=p.budget_yuan,
        funding_source=p.funding_source, responsible_unit=p.responsible_unit,
        completion_deadline=p.completion_deadline, supervision_year=p.supervision_year, deadline=p.deadline,
        state=p.state.value, plan=_plan_json(p.plan), plan_changes=_stamped(p.plan_changes),
        progress=_progress_json(p.progress), group_id=p.group_id, supervisor_id=p.supervisor_id,
        verifications=_stamped(p.verifications), carry_overs=_stamped(p.carry_overs), version=p.version,
        history=audit.to_json(p.history))


def _project(row) -> Project:
    return Project(
        town_id=row.town_id, year=row.year, number=row.number, candidate_id=row.candidate_id, proposal=row.proposal,
        title=row.title, description=row.description, location=row.location, budget_yuan=row.budget_yuan,
        funding_source=row.funding_source, responsible_unit=row.responsible_unit,
        completion_deadline=row.completion_deadline, state=ProjectState(row.state), plan=_plan(row.plan),
        plan_changes=[PlanChange(c["version"], c["reason"], c["actor"], _time(c["time"])) for c in row.plan_changes],
        progress=_progress(row.progress), group_id=row.group_id, supervisor_id=row.supervisor_id,
        verifications=[Verification(x["accepted"], x["reason"], x["actor"], _time(x["time"]))
                       for x in row.verifications],
        carry_overs=[CarryOver(c["into_year"], CarryOverCause(c["cause"]), c["explanation"], _date(c["deadline"]),
                               c["actor"], _time(c["time"])) for c in row.carry_overs],
        version=row.version, history=audit.from_json(row.history))


def _report(row) -> ProgressReport:
    return ProgressReport(row.report, row.report_date, row.percent_complete, row.spent_yuan, row.milestone_id,
                          row.text, tuple(row.attachments), row.claims_completion, row.reported_by, row.reported_at)


def _supervisor(row) -> Supervisor:
    return Supervisor(row.town_id, row.id, row.display_name, Level(row.level), row.activity_group, row.account,
                      audit.from_json(row.history))


def _group(row) -> SupervisionGroup:
    return SupervisionGroup(row.town_id, row.id, row.year, row.title, tuple(row.members), row.leader,
                            audit.from_json(row.history))


def _inquiry_json(i: Inquiry | None) -> dict | None:
    return i and {"date": _iso(i.date), "questions": [asdict(q) for q in i.questions]}


def _calendar_values(c: Calendar) -> dict:
    return dict(town_id=c.town_id, year=c.year, topics=[{"title": t.title, "projects": list(t.projects)}
                                                        for t in c.topics],
                mid_year_date=c.mid_year_date, year_end_date=c.year_end_date, inquiry=_inquiry_json(c.inquiry),
                history=audit.to_json(c.history))


def _calendar(row) -> Calendar:
    i = row.inquiry
    inquiry = i and Inquiry(_date(i["date"]), tuple(Question(**q) for q in i["questions"]))
    return Calendar(row.town_id, row.year, tuple(Topic(t["title"], tuple(t["projects"])) for t in row.topics),
                    row.mid_year_date, row.year_end_date, inquiry, audit.from_json(row.history))


def _inspection(row) -> Inspection:
    return Inspection(row.town_id, row.id, row.group_id, InspectionKind(row.kind), row.date, tuple(row.participants),
                      tuple(row.projects), tuple(Finding(**f) for f in row.findings), row.recorded_by,
                      row.recorded_at)


def _rectification_values(r: Rectification) -> dict:
    year, number = map(int, r.project_id.split("-"))
    return dict(town_id=r.town_id, year=year, number=number, rectification=r.number, inspection_id=r.inspection_id,
                finding_index=r.finding_index, finding=r.finding, internal=r.internal,
                responsible_unit=r.responsible_unit, deadline=r.deadline, state=r.state.value,
                answers=_stamped(r.answers),
                checks=_stamped(r.checks), history=audit.to_json(r.history))


def _rectification(row) -> Rectification:
    return Rectification(
        town_id=row.town_id, project_id=project_id(row.year, row.number), number=row.rectification,
        inspection_id=row.inspection_id, finding_index=row.finding_index, finding=row.finding, internal=row.internal,
        responsible_unit=row.responsible_unit, deadline=row.deadline, state=RectificationState(row.state),
        answers=[Answer(a["text"], tuple(a["attachments"]), a["actor"], _time(a["time"])) for a in row.answers],
        checks=[Check(c["accepted"], c["reason"], _date(c["new_deadline"]), c["actor"], _time(c["time"]))
                for c in row.checks],
        history=audit.from_json(row.history))


def _locked(query, for_update: bool):
    return query.with_for_update() if for_update else query


class Repository:
    """Reads and writes within one unit of work; RLS already limits it to its town."""

    def __init__(self, conn: AsyncConnection):
        self.conn = conn

    async def _one(self, query, convert, missing: str):
        row = (await self.conn.execute(query)).first()
        if row is None:
            raise NotFound(f"no {missing}")
        return convert(row)

    # Projects and their reports

    async def add_project(self, project: Project) -> bool:
        """Inserts unless the project (or its candidate) is registered already. True if inserted."""
        statement = insert(projects).values(**_project_values(project)).on_conflict_do_nothing()
        return (await self.conn.execute(statement.returning(projects.c.number))).first() is not None

    async def project(self, town_id: str, year: int, number: int, *, for_update: bool = False) -> Project:
        query = select(projects).where(projects.c.town_id == town_id, projects.c.year == year,
                                       projects.c.number == number)
        return await self._one(_locked(query, for_update), _project,
                               f"project {PROJECT.format(town=town_id, project=project_id(year, number))}")

    async def projects(self, town_id: str, supervision_year: int, *, for_update: bool = False) -> list[Project]:
        """The projects under supervision in a year, in order of adoption."""
        query = (select(projects).where(projects.c.town_id == town_id, projects.c.supervision_year == supervision_year)
                 .order_by(projects.c.year, projects.c.number))
        return [_project(row) for row in await self.conn.execute(_locked(query, for_update))]

    async def project_names(self, town_id: str, year: int) -> set[str]:
        """The names of the projects of a year: adopted in it, or supervised in it after a carry-over."""
        query = select(projects.c.year, projects.c.number).where(
            projects.c.town_id == town_id, or_(projects.c.year == year, projects.c.supervision_year == year))
        return {PROJECT.format(town=town_id, project=project_id(row.year, row.number))
                for row in await self.conn.execute(query)}

    async def projects_to_check(self, town_id: str) -> list[Project]:
        """The projects whose deadlines the scheduled check watches: open ones, and those with
        a rectification awaiting its answer."""
        waiting = select(rectifications.c.year, rectifications.c.number).where(
            rectifications.c.town_id == town_id, rectifications.c.state == RectificationState.REQUESTED.value)
        query = select(projects).where(projects.c.town_id == town_id, or_(
            projects.c.state != ProjectState.COMPLETED.value, tuple_(projects.c.year, projects.c.number).in_(waiting)))
        return [_project(row) for row in await self.conn.execute(query)]

    async def assigned(self, town_id: str, group_id: str) -> list[Project]:
        """The projects assigned to a supervision group, in order of adoption."""
        query = (select(projects).where(projects.c.town_id == town_id, projects.c.group_id == group_id)
                 .order_by(projects.c.year, projects.c.number))
        return [_project(row) for row in await self.conn.execute(query)]

    async def save_project(self, project: Project) -> None:
        await self.conn.execute(update(projects).where(
            projects.c.town_id == project.town_id, projects.c.year == project.year,
            projects.c.number == project.number).values(**_project_values(project)))

    async def add_report(self, project: Project, report: ProgressReport, request_id: str | None) -> bool:
        """Inserts unless a report with this request id exists. True if inserted."""
        statement = insert(progress_reports).values(
            town_id=project.town_id, year=project.year, number=project.number, report=report.number,
            request_id=request_id, report_date=report.report_date, percent_complete=report.percent_complete,
            spent_yuan=report.spent_yuan, milestone_id=report.milestone_id, text=report.text,
            attachments=list(report.attachments), claims_completion=report.claims_completion,
            reported_by=report.reported_by, reported_at=report.reported_at)
        statement = statement.on_conflict_do_nothing(index_elements=["town_id", "request_id"],
                                                     index_where=progress_reports.c.request_id.isnot(None))
        return (await self.conn.execute(statement.returning(progress_reports.c.report))).first() is not None

    async def report_by_request(self, town_id: str,
                                request_id: str) -> tuple[tuple[int, int], ProgressReport] | None:
        """The project (year, number) and report a request id made, if any."""
        row = (await self.conn.execute(select(progress_reports).where(
            progress_reports.c.town_id == town_id, progress_reports.c.request_id == request_id))).first()
        return ((row.year, row.number), _report(row)) if row else None

    async def reports(self, town_id: str, year: int, number: int) -> list[ProgressReport]:
        query = (select(progress_reports).where(progress_reports.c.town_id == town_id,
                                                progress_reports.c.year == year, progress_reports.c.number == number)
                 .order_by(progress_reports.c.report))
        return [_report(row) for row in await self.conn.execute(query)]

    async def last_reports(self, town_id: str, supervision_year: int) -> dict[str, ProgressReport]:
        """The last report of each project under supervision in a year, by project name."""
        last = (select(progress_reports.c.year, progress_reports.c.number,
                       func.max(progress_reports.c.report).label("report"))
                .join(projects, and_(projects.c.town_id == progress_reports.c.town_id,
                                     projects.c.year == progress_reports.c.year,
                                     projects.c.number == progress_reports.c.number))
                .where(projects.c.town_id == town_id, projects.c.supervision_year == supervision_year)
                .group_by(progress_reports.c.year, progress_reports.c.number))
        query = select(progress_reports).where(
            progress_reports.c.town_id == town_id,
            tuple_(progress_reports.c.year, progress_reports.c.number, progress_reports.c.report).in_(last))
        return {PROJECT.format(town=town_id, project=project_id(row.year, row.number)): _report(row)
                for row in await self.conn.execute(query)}

    # The roster, groups and the calendar

    async def add_supervisor(self, s: Supervisor) -> bool:
        statement = insert(supervisors).values(
            town_id=s.town_id, id=s.id, display_name=s.display_name, level=s.level.value,
            activity_group=s.activity_group, account=s.account, history=audit.to_json(s.history))
        return (await self.conn.execute(statement.on_conflict_do_nothing().returning(supervisors.c.id))).first() \
            is not None

    async def supervisor(self, town_id: str, supervisor_id: str) -> Supervisor:
        query = select(supervisors).where(supervisors.c.town_id == town_id, supervisors.c.id == supervisor_id)
        return await self._one(query, _supervisor,
                               f"supervisor {SUPERVISOR.format(town=town_id, supervisor=supervisor_id)}")

    async def supervisors(self, town_id: str) -> list[Supervisor]:
        query = select(supervisors).where(supervisors.c.town_id == town_id).order_by(supervisors.c.id)
        return [_supervisor(row) for row in await self.conn.execute(query)]

    async def add_group(self, g: SupervisionGroup) -> bool:
        statement = insert(groups).values(town_id=g.town_id, id=g.id, year=g.year, title=g.title,
                                          members=list(g.members), leader=g.leader, history=audit.to_json(g.history))
        return (await self.conn.execute(statement.on_conflict_do_nothing().returning(groups.c.id))).first() \
            is not None

    async def find_group(self, town_id: str, group_id: str) -> SupervisionGroup | None:
        row = (await self.conn.execute(select(groups).where(groups.c.town_id == town_id,
                                                            groups.c.id == group_id))).first()
        return _group(row) if row else None

    async def group(self, town_id: str, group_id: str) -> SupervisionGroup:
        found = await self.find_group(town_id, group_id)
        if found is None:
            raise NotFound(f"no supervision group {GROUP.format(town=town_id, group=group_id)}")
        return found

    async def groups(self, town_id: str, year: int) -> list[SupervisionGroup]:
        query = select(groups).where(groups.c.town_id == town_id, groups.c.year == year).order_by(groups.c.id)
        return [_group(row) for row in await self.conn.execute(query)]

    async def save_group_history(self, g: SupervisionGroup) -> None:
        await self.conn.execute(update(groups).where(groups.c.town_id == g.town_id, groups.c.id == g.id)
                                .values(history=audit.to_json(g.history)))

    async def calendar(self, town_id: str, year: int, *, for_update: bool = False) -> Calendar | None:
        query = select(calendars).where(calendars.c.town_id == town_id, calendars.c.year == year)
        row = (await self.conn.execute(_locked(query, for_update))).first()
        return _calendar(row) if row else None

    async def save_calendar(self, c: Calendar) -> None:
        statement = insert(calendars).values(**_calendar_values(c))
        await self.conn.execute(statement.on_conflict_do_update(
            index_elements=[calendars.c.town_id, calendars.c.year],
            set_={k: statement.excluded[k] for k in ("topics", "mid_year_date", "year_end_date", "inquiry",
                                                     "history")}))

    # Inspections and rectifications

    async def add_inspection(self, i: Inspection, request_id: str | None) -> bool:
        statement = insert(inspections).values(
            town_id=i.town_id, id=i.id, request_id=request_id, group_id=i.group_id, kind=i.kind.value, date=i.date,
            participants=list(i.participants), projects=list(i.projects), findings=[asdict(f) for f in i.findings],
            recorded_by=i.recorded_by, recorded_at=i.recorded_at)
        statement = statement.on_conflict_do_nothing(index_elements=["town_id", "request_id"],
                                                     index_where=inspections.c.request_id.isnot(None))
        return (await self.conn.execute(statement.returning(inspections.c.id))).first() is not None

    async def inspection(self, town_id: str, inspection_id: str) -> Inspection:
        query = select(inspections).where(inspections.c.town_id == town_id, inspections.c.id == inspection_id)
        return await self._one(query, _inspection,
                               f"inspection {INSPECTION.format(town=town_id, inspection=inspection_id)}")

    async def inspection_by_request(self, town_id: str, request_id: str) -> Inspection | None:
        query = select(inspections).where(inspections.c.town_id == town_id, inspections.c.request_id == request_id)
        row = (await self.conn.execute(query)).first()
        return _inspection(row) if row else None

    async def inspections(self, town_id: str, year: int) -> list[Inspection]:
        query = (select(inspections).where(inspections.c.town_id == town_id, inspections.c.date >= date(year, 1, 1),
                                           inspections.c.date <= date(year, 12, 31))
                 .order_by(inspections.c.date, inspections.c.recorded_at))
        return [_inspection(row) for row in await self.conn.execute(query)]

    async def add_rectification(self, r: Rectification) -> bool:
        statement = insert(rectifications).values(**_rectification_values(r)).on_conflict_do_nothing()
        return (await self.conn.execute(statement.returning(rectifications.c.rectification))).first() is not None

    async def rectification(self, town_id: str, year: int, number: int, rectification: int, *,
                            for_update: bool = False) -> Rectification:
        query = select(rectifications).where(
            rectifications.c.town_id == town_id, rectifications.c.year == year, rectifications.c.number == number,
            rectifications.c.rectification == rectification)
        name = RECTIFICATION.format(town=town_id, project=project_id(year, number), rectification=rectification)
        return await self._one(_locked(query, for_update), _rectification, f"rectification {name}")

    async def rectifications(self, town_id: str, projects_of: list[tuple[int, int]]) -> list[Rectification]:
        """The rectifications of these projects (year, number), in order."""
        if not projects_of:
            return []
        query = (select(rectifications).where(rectifications.c.town_id == town_id,
                                              tuple_(rectifications.c.year, rectifications.c.number).in_(projects_of))
                 .order_by(rectifications.c.year, rectifications.c.number, rectifications.c.rectification))
        return [_rectification(row) for row in await self.conn.execute(query)]

    async def awaiting_answers(self, town_id: str) -> list[Rectification]:
        query = select(rectifications).where(rectifications.c.town_id == town_id,
                                             rectifications.c.state == RectificationState.REQUESTED.value)
        return [_rectification(row) for row in await self.conn.execute(query)]

    async def save_rectification(self, r: Rectification) -> None:
        values = _rectification_values(r)
        await self.conn.execute(update(rectifications).where(
            rectifications.c.town_id == r.town_id, rectifications.c.year == values["year"],
            rectifications.c.number == values["number"], rectifications.c.rectification == r.number).values(**values))
