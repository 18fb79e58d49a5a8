"""The district's views against the real stack, from events published to JetStream: the
supervision projections, the project search across towns, the exports, and a rebuild by
replay that gives the same views as live consumption while the queries go on."""
import asyncio
import csv
import io
import re
import subprocess
import sys

import grpc
import openpyxl
import pytest

from minsheng.district.v1 import district_pb2 as pb
from minsheng.district.v1.district_pb2_grpc import DistrictServiceStub
from minsheng.events.v1.collection_events_pb2 import ProposalSubmitted
from minsheng.events.v1.evaluation_events_pb2 import AssessmentClosed, ProjectGrade, RectificationRequired
from minsheng.events.v1.supervision_events_pb2 import (MilestoneOverdue, ProjectCarriedOver, ProjectCompleted,
                                                       ProjectOverdue, ProjectRegistered)
from minsheng.events.v1.voting_events_pb2 import AdoptedProject, ProjectsAdopted
from services.district import models
from services.district.rebuild import rebuild
from services.district import settings as district_settings
from services.evaluation import settings as evaluation_settings
from services.platform.db import Database
from services.stack.runner import ROOT
from tests.district.exports import exported
from tests.district.evaluation_filings import COUNTS, GRADE_NUMBERS, GRADES, filed
from tests.district.test_reports import publish
from tests.helpers import expect_error, field_violations, staff_of, wait_for

pytestmark = pytest.mark.integration
YEAR = 2102


async def a_supervised_year(js, town: str) -> None:
    """Three projects: one completed, one completed after its deadline passed, one carried over."""
    items = [(f"towns/{town}/reviews/{YEAR}/items/i{n}", f"towns/{town}/proposals/p{n}") for n in (1, 2, 3)]
    for n, (_, proposal) in enumerate(items, 1):
        await publish(js, town, "collection", ProposalSubmitted(proposal=proposal, year=YEAR,
                                                                category="交通" if n < 3 else "供水"), proposal)
    await publish(js, town, "voting", ProjectsAdopted(year=YEAR, adopted=[AdoptedProject(
        candidate_id=c, proposal=p, title=f"项目{n}", responsible_unit="交通办" if n < 3 else "水利站",
        budget_yuan=100_000, completion_deadline=f"{YEAR}-11-30") for n, (c, p) in enumerate(items, 1)]), "list")
    for n, (candidate, _) in enumerate(items, 1):
        project = f"towns/{town}/projects/{YEAR}-{n}"
        await publish(js, town, "supervision", ProjectRegistered(
            project=project, candidate_id=candidate, year=YEAR, title=f"项目{n}", budget_yuan=100_000,
            responsible_unit="交通办" if n < 3 else "水利站", completion_deadline=f"{YEAR}-11-30"), project)
    await publish(js, town, "supervision", MilestoneOverdue(project=f"towns/{town}/projects/{YEAR}-2",
                                                            milestone_id="m2", due_date=f"{YEAR}-07-31"), "m")
    await publish(js, town, "supervision", ProjectOverdue(project=f"towns/{town}/projects/{YEAR}-2",
                                                          deadline=f"{YEAR}-11-30"), "d")
    for n, spent in ((1, 90_000), (2, 100_000)):
        await publish(js, town, "supervision", ProjectCompleted(project=f"towns/{town}/projects/{YEAR}-{n}",
                                                                year=YEAR, supervision_year=YEAR, spent_yuan=spent),
                      "c")
    await publish(js, town, "supervision", ProjectCarriedOver(project=f"towns/{town}/projects/{YEAR}-3", year=YEAR,
                                                              into_year=YEAR + 1), "o")


async def an_evaluated_year(js, town: str, signer) -> None:
    """The deputies' grades of a_supervised_year's projects (满意, 基本满意, 不满意), the
    rectification of the third, and the written report filed, signed by `signer`."""
    evaluation = f"towns/{town}/evaluations/{YEAR}"
    await publish(js, town, "evaluation", AssessmentClosed(
        assessment=f"{evaluation}/assessments/1", evaluation=evaluation, year=YEAR, seated_count=50,
        present_count=40, ballots_cast=40, grades=[ProjectGrade(
            project=f"towns/{town}/projects/{YEAR}-{n}", grade=GRADE_NUMBERS[GRADES[n]], satisfied=COUNTS[n][0],
            basically_satisfied=COUNTS[n][1], unsatisfied=COUNTS[n][2]) for n in COUNTS]), "a")
    await publish(js, town, "evaluation", RectificationRequired(project=f"towns/{town}/projects/{YEAR}-3",
                                                                evaluation=evaluation, year=YEAR), "r")
    await publish(js, town, "evaluation", filed(signer, town, YEAR), "f")


async def views(stub, district, towns) -> dict:
    """Every view of the year as the district reads it."""
    found = {"report": await stub.GetDistrictReport(pb.GetDistrictReportRequest(year=YEAR), metadata=district)}
    for town in towns:
        found[town] = await stub.ListProjects(pb.ListProjectsRequest(parent=f"towns/{town}", year=YEAR),
                                              metadata=district)
    for view in ("proposals", "projects", "overdue_items", "filings"):
        found[view] = (await exported(stub, pb.ExportViewRequest(parent="towns/-", view=view, year=YEAR,
                                                                  format=pb.CSV), district))[1]
    return found


async def test_supervision_search_exports_and_a_rebuild_equal_to_live(stack, channel_to, issuer, new_town,
                                                                      other_town, nats_client):
    js = nats_client.jetstream()
    stub = DistrictServiceStub(channel_to("district"))
    district = issuer.metadata("district-standing-committee", None, "district")
    signer = evaluation_settings.read(stack.evaluation_keys, "api", []).signer
    for town in (new_town, other_town):
        await a_supervised_year(js, town)
        await an_evaluated_year(js, town, signer)

    def totals(t):
        return ((t.proposals_received, t.adopted, t.completed, t.completed_late, t.carried_over, t.spent_yuan,
                 t.overdue_items),
                (t.satisfied, t.basically_satisfied, t.unsatisfied, t.rectifications_required,
                 t.evaluation_filings_accepted, t.evaluation_filings_refused, t.towns_voted))
    expected = ((6, 6, 4, 2, 2, 380_000, 4), (2, 2, 2, 2, 2, 0, 0))

    async def supervised():  # every event of both towns applied (the streams' events come in any order)
        report = await stub.GetDistrictReport(pb.GetDistrictReportRequest(year=YEAR), metadata=district)
        return report if totals(report.totals) == expected else None
    try:
        await wait_for(supervised)
    except TimeoutError:
        report = await stub.GetDistrictReport(pb.GetDistrictReportRequest(year=YEAR), metadata=district)
        assert totals(report.totals) == expected

    # Search: by status, unit, category, across towns for the district only.
    async def listed(parent, metadata, **filters):
        return (await stub.ListProjects(pb.ListProjectsRequest(parent=parent, year=YEAR, **filters),
                                        metadata=metadata)).projects
    mine = staff_of(issuer, new_town)
    graded = await listed(f"towns/{new_town}", mine)
    assert [(p.grade, p.rectification_required) for p in graded] == [
        ("SATISFIED", False), ("BASICALLY_SATISFIED", False), ("UNSATISFIED", True)]
    own = await stub.GetTownYear(pb.GetTownYearRequest(name=f"towns/{new_town}/years/{YEAR}"), metadata=mine)
    assert (own.counts.satisfied, own.counts.unsatisfied, own.counts.evaluation_filings_accepted) == (1, 1, 1)
    # A town never sees another town's grades.
    await expect_error(stub.GetTownYear(pb.GetTownYearRequest(name=f"towns/{other_town}/years/{YEAR}"),
                                        metadata=mine), grpc.StatusCode.PERMISSION_DENIED)
    assert [p.title for p in await listed(f"towns/{new_town}", mine, status="COMPLETED")] == ["项目1", "项目2"]
    assert [p.title for p in await listed(f"towns/{new_town}", mine, category="供水")] == ["项目3"]
    assert len(await listed("towns/-", district, responsible_unit="水利站")) == 2
    await expect_error(listed("towns/-", mine), grpc.StatusCode.PERMISSION_DENIED)
    await expect_error(listed(f"towns/{other_town}", mine), grpc.StatusCode.PERMISSION_DENIED)

    # Exports: a town's own rows, the district's every town's with its totals; Chinese headers.
    _, own = await exported(stub, pb.ExportViewRequest(parent=f"towns/{new_town}", view="projects", year=YEAR,
                                                       format=pb.CSV), mine)
    lines = list(csv.reader(io.StringIO(own.decode("utf-8-sig"))))
    assert lines[0][:3] == ["镇", "年度", "候选项目"] and {line[0] for line in lines[1:]} == {new_town}
    assert len(lines) == 4
    columns = dict(zip(lines[0], zip(*lines[1:])))
    assert columns["满意度测评"] == ("满意", "基本满意", "不满意") and columns["须整改"] == ("否", "否", "是")
    named, book = await exported(stub, pb.ExportViewRequest(parent="towns/-", view="report", year=YEAR,
                                                            format=pb.XLSX), district)
    sheet = openpyxl.load_workbook(io.BytesIO(book)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("镇", "年度", "收到建议") and rows[-1][0] == "合计" and rows[-1][2] == 6
    totals = dict(zip(rows[0], rows[-1]))
    assert (totals["满意"], totals["基本满意"], totals["不满意"], totals["评议报告备案通过"]) == (2, 2, 2, 2)
    assert named.filename == f"district-{YEAR}-report.xlsx"
    await expect_error(exported(stub, pb.ExportViewRequest(parent="towns/-", view="report", year=YEAR,
                                                           format=pb.CSV), mine),
                       grpc.StatusCode.PERMISSION_DENIED)
    error = await expect_error(exported(stub, pb.ExportViewRequest(parent=f"towns/{new_town}", view="secrets",
                                                                   year=YEAR), mine),
                               grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"view", "format"}

    # A rebuild by replay gives the same views, and switches over without stopping the queries.
    live = await views(stub, district, (new_town, other_town))
    database = Database(stack.database_url("consumer"))
    keys = district_settings.read(stack.env("district", "consumer"), "consumer", [])
    try:
        async with database.transaction(models.EVERY_TOWN) as conn:
            before = await models.live_generation(conn)
        done = await rebuild(database, js, keys.pinned_key)
        assert done.generation == models.other(before) and done.events > 0
    finally:
        await database.close()
    assert await views(stub, district, (new_town, other_town)) == live



async def test_the_rebuild_command_replays_and_switches_over(stack, channel_to, issuer, new_town, nats_client):
    js = nats_client.jetstream()
    stub = DistrictServiceStub(channel_to("district"))
    await a_supervised_year(js, new_town)
    name = f"towns/{new_town}/years/{YEAR}"

    async def counted():
        row = await stub.GetTownYear(pb.GetTownYearRequest(name=name), metadata=staff_of(issuer, new_town))
        return row if row.counts.completed == 2 and row.counts.carried_over == 1 else None
    before = await wait_for(counted)
    env = stack.env("district", "consumer")
    done = await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "services.district", "rebuild"],
                                   env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert re.match(r"rebuilt generation [ab]: \d+ events in [\d.]+ s, now live", done.stdout)
    assert await stub.GetTownYear(pb.GetTownYearRequest(name=name), metadata=staff_of(issuer, new_town)) == before
