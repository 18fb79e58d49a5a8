"""The demo's supervision stage on the real stack: with a town's ProjectsAdopted published as
voting publishes it, the stage drives the year and leaves the last project delayed and carried
over; without it, the stage stops with one line saying why."""
import pytest

from minsheng.supervision.v1 import supervision_pb2 as pb
from services.stack.demo import supervision as stage
from services.stack.demo.common import DemoContext
from tests.events import publish_projects_adopted
from tests.supervision.client import Supervision, adopted

pytestmark = pytest.mark.integration


async def test_the_stage_drives_a_towns_year_and_leaves_one_carried_over(stack, channel_to, issuer, new_town,
                                                                        nats_client, capsys):
    projects = [adopted(new_town, rank, budget=100_000 * rank) for rank in range(1, 5)]
    await publish_projects_adopted(nats_client.jetstream(), new_town, 2024, projects)
    ctx = DemoContext(stack, year=2024, results={"adopted": {new_town: [p.candidate_id for p in projects]}})
    await stage.run(ctx)
    printed = capsys.readouterr().out
    assert "3 of 4 completed and verified; 4 starts reported in one sheet" in printed
    assert "carried into 2025" in printed and "district: 3 of 4" in printed
    town = Supervision(channel_to("supervision"), issuer, new_town)
    delayed = await town.get(town.project(4))
    assert (delayed.state, delayed.supervision_year, delayed.percent_complete) == (pb.IN_PROGRESS, 2025, 75)
    calendar = await town.stub.GetSupervisionCalendar(pb.GetSupervisionCalendarRequest(
        name=f"{town.parent}/supervisionCalendars/2024"), metadata=town.staff)
    assert len(calendar.inquiry.questions) == 2


async def test_without_the_vote_s_decision_the_stage_says_why_it_stops(stack, new_town, capsys, monkeypatch):
    monkeypatch.setattr(stage, "ARRIVAL_SECONDS", 1)
    await stage.run(DemoContext(stack, results={"adopted": {new_town: ["towns/x/reviews/2024/items/a"]}}))
    assert "skipped: no ProjectsAdopted event reached supervision" in capsys.readouterr().out
