"""Supervision's use cases through in-memory units of work, with no stack: registration from
the vote once however often delivered, the deadline check raising each event once, and a
progress sheet taken whole or not at all. The fake repository keeps domain objects in a store."""
from dataclasses import dataclass, field
from datetime import date

import pytest

from minsheng.events.v1 import supervision_events_pb2 as ev
from minsheng.events.v1.voting_events_pb2 import ProjectsAdopted
from services.platform import events
from services.platform.auth import STAFF, Caller
from services.platform.config import Town
from services.platform.consumer import Consumer
from services.platform.errors import InvalidArgument, NotFound, Violations
from services.platform.memory import memory_context
from services.supervision import bulk, handlers, sheet
from services.supervision.consumers import SUBSCRIPTIONS
from services.supervision.domain import ProgressReport, Project
from services.supervision.oversight import Rectification, RectificationState
from services.supervision.settings import SupervisionSettings
from tests.supervision.client import adopted
from tests.supervision.test_domain import plan

TOWN = "xihu"
STAFF_CALLER = Caller("staff-xihu", TOWN, frozenset({STAFF}))
COLUMN = {c.key: i for i, c in enumerate(bulk.COLUMNS)}


@dataclass
class Store:
    projects: dict[tuple[int, int], Project] = field(default_factory=dict)
    reports: dict[tuple[int, int], list[ProgressReport]] = field(default_factory=dict)
    rectifications: list[Rectification] = field(default_factory=list)


class Repository:
    """Supervision's repository for these use cases, in memory (one town)."""

    def __init__(self, store: Store):
        self.store = store

    async def add_project(self, project: Project) -> bool:
        taken = any(p.candidate_id == project.candidate_id for p in self.store.projects.values())
        if taken or (project.year, project.number) in self.store.projects:
            return False
        self.store.projects[project.year, project.number] = project
        return True

    async def project(self, town_id: str, year: int, number: int, *, for_update: bool = False) -> Project:
        if (year, number) not in self.store.projects:
            raise NotFound("no such project")
        return self.store.projects[year, number]

    async def projects(self, town_id: str, supervision_year: int, *, for_update: bool = False) -> list[Project]:
        return sorted((p for p in self.store.projects.values() if p.supervision_year == supervision_year),
                      key=lambda p: (p.year, p.number))

    async def projects_to_check(self, town_id: str) -> list[Project]:
        return list(self.store.projects.values())

    async def awaiting_answers(self, town_id: str) -> list[Rectification]:
        return [r for r in self.store.rectifications if r.state is RectificationState.REQUESTED]

    async def save_project(self, project: Project) -> None:
        self.store.projects[project.year, project.number] = project

    async def add_report(self, project: Project, report: ProgressReport, request_id: str | None) -> bool:
        self.store.reports.setdefault((project.year, project.number), []).append(report)
        return True

    async def last_reports(self, town_id: str, supervision_year: int) -> dict[str, ProgressReport]:
        return {p.name: self.store.reports[p.year, p.number][-1] for p in await self.projects(town_id, supervision_year)
                if self.store.reports.get((p.year, p.number))}


@pytest.fixture
def ctx():
    return memory_context(Store(), Repository, towns=(Town(TOWN, "西湖镇"),), service_settings=SupervisionSettings())


def decision(ranks, *, town: str = TOWN, **changes):
    return events.new_envelope(
        town_id=TOWN, source="voting", aggregate_id=f"towns/{town}/candidateLists/2024", aggregate_sequence=1,
        payload=ProjectsAdopted(candidate_list=f"towns/{town}/candidateLists/2024", year=2024,
                                adopted=[adopted(town, rank, **changes) for rank in ranks]))


async def test_adopted_projects_are_registered_once_however_often_delivered(ctx):
    consumer = Consumer(ctx, js=None, service="supervision", subscription=SUBSCRIPTIONS[0])
    first = decision([1, 2])
    assert await consumer.apply(first) and not await consumer.apply(first)  # redelivered: the inbox
    assert await consumer.apply(decision([1, 2]))  # republished with a new id: the project's key
    registered = [e.payload for e in ctx.unit_of_work.events]
    assert [(p.project, p.completion_deadline) for p in registered] == [
        ("towns/xihu/projects/2024-1", "2024-11-30"), ("towns/xihu/projects/2024-2", "2024-11-30")]
    assert isinstance(registered[0], ev.ProjectRegistered)


async def test_a_decision_naming_another_town_or_a_bad_deadline_registers_nothing(ctx):
    consumer = Consumer(ctx, js=None, service="supervision", subscription=SUBSCRIPTIONS[0])
    for bad in (decision([1], town="chentuan"), decision([1, 2], deadline="年底")):
        with pytest.raises(ValueError):
            await consumer.apply(bad)
    assert ctx.unit_of_work.store.projects == {} and ctx.unit_of_work.events == []


async def test_the_deadline_check_raises_each_missed_date_once(ctx):
    consumer = Consumer(ctx, js=None, service="supervision", subscription=SUBSCRIPTIONS[0])
    await consumer.apply(decision([1, 2]))
    name = "towns/xihu/projects/2024-1"
    await handlers.set_plan(ctx, STAFF_CALLER, TOWN, 2024, 1, plan(), "", Violations())
    await handlers.approve_plan(ctx, STAFF_CALLER, TOWN, 2024, 1)
    first = await handlers.check_deadlines(ctx, TOWN)
    again = await handlers.check_deadlines(ctx, TOWN)
    assert first == again == {"milestone": 3, "project": 2, "rectification": 0}  # the year 2024 is over
    overdue = [(e.aggregate_id, type(e.payload).__name__) for e in ctx.unit_of_work.events
               if type(e.payload).__name__.endswith("Overdue")]
    assert sorted(overdue) == sorted([(name, "MilestoneOverdue")] * 3 + [(name, "ProjectOverdue"),
                                                                         ("towns/xihu/projects/2024-2", "ProjectOverdue")])


async def test_a_sheet_with_one_bad_row_changes_nothing_and_a_good_one_reports_all(ctx):
    consumer = Consumer(ctx, js=None, service="supervision", subscription=SUBSCRIPTIONS[0])
    await consumer.apply(decision([1, 2]))
    for number in (1, 2):
        await handlers.set_plan(ctx, STAFF_CALLER, TOWN, 2024, number, plan(), "", Violations())
        await handlers.approve_plan(ctx, STAFF_CALLER, TOWN, 2024, number)
    before = len(ctx.unit_of_work.events)
    exported = await handlers.export_sheet(ctx, STAFF_CALLER, TOWN, 2024, sheet.Format.CSV)
    header, rows = sheet.read(sheet.Format.CSV, exported)
    table = [header] + [values for _, values in rows]
    for values, percent in zip(table[1:], ("40", "101")):
        values[COLUMN["report_date"]], values[COLUMN["percent_complete"]] = "2024-06-01", percent
        values[COLUMN["spent_yuan"]] = "1000"
    bad = sheet.write(sheet.Format.CSV, table[0], table[1:])
    with pytest.raises(InvalidArgument) as caught:
        await handlers.import_sheet(ctx, STAFF_CALLER, TOWN, 2024, sheet.Format.CSV, bad)
    assert [v.field for v in caught.value.violations] == ["rows[3].percent_complete"]
    assert ctx.unit_of_work.store.reports == {} and len(ctx.unit_of_work.events) == before
    table[2][COLUMN["percent_complete"]] = "10"
    taken, unchanged = await handlers.import_sheet(ctx, STAFF_CALLER, TOWN, 2024, sheet.Format.CSV,
                                                   sheet.write(sheet.Format.CSV, table[0], table[1:]))
    assert [t.report.percent_complete for t in taken] == [40, 10] and unchanged == 0
    assert [type(e.payload).__name__ for e in ctx.unit_of_work.events[before:]] == ["ProgressReported"] * 2
    assert ctx.unit_of_work.store.projects[2024, 2].progress.report_date == date(2024, 6, 1)
