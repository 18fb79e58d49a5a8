"""A project graded 不满意 goes back to supervision: the evaluation's rectification_required,
consumed by the supervision service, carries it into next year's follow-up supervision once,
however often delivered, and the public notice shows its grade."""
import pytest

from minsheng.events.v1 import evaluation_events_pb2 as ev
from minsheng.supervision.v1 import supervision_pb2 as pb
from services.platform import events
from tests.events import publish_envelope
from tests.helpers import wait_for
from tests.supervision.client import YEAR, Supervision, adopted, report_message

pytestmark = pytest.mark.integration
STATEMENT = "满意度测评结果：不满意（满意10票、基本满意15票、不满意40票）"


async def completed(town: Supervision, js) -> str:
    await town.adopt(js, [adopted(town.town, 1)])
    name = town.project(1)
    await town.under_way(name)
    await town.report(name, report_message(report_date="2024-11-20", percent_complete=100, spent_yuan=290000,
                                           milestone_id="m3", claims_completion=True))
    await town.form_group([name])
    await town.stub.VerifyCompletion(pb.VerifyCompletionRequest(name=name, accepted=True), metadata=town.supervisor)
    return name


async def test_an_unsatisfactory_grade_carries_the_project_over_once(channel_to, issuer, new_town, nats_client, sql):
    town = Supervision(channel_to("supervision"), issuer, new_town)
    js = nats_client.jetstream()
    name = await completed(town, js)
    envelope = events.new_envelope(
        town_id=new_town, source="evaluation", aggregate_id=name, aggregate_sequence=1,
        payload=ev.RectificationRequired(
            project=name, evaluation=f"towns/{new_town}/evaluations/{YEAR}",
            assessment=f"towns/{new_town}/evaluations/{YEAR}/assessments/1", year=YEAR,
            grade=ev.ProjectGrade(project=name, grade=ev.UNSATISFIED, satisfied=10, basically_satisfied=15,
                                  unsatisfied=40), rectification_deadline=f"{YEAR + 1}-08-20", statement=STATEMENT))
    data = envelope.SerializeToString()
    await publish_envelope(js, data)

    async def carried():
        project = await town.get(name)
        return project if project.carry_overs else None
    project = await wait_for(carried, what="the carry-over")
    assert project.state == pb.IN_PROGRESS and project.supervision_year == YEAR + 1
    assert [(c.cause, c.explanation, c.completion_deadline) for c in project.carry_overs] == [
        (pb.CarryOver.UNSATISFACTORY_EVALUATION, STATEMENT, f"{YEAR + 1}-08-20")]
    await publish_envelope(js, data, message_id="redelivered")  # the same event again
    republished = events.new_envelope(town_id=new_town, source="evaluation", aggregate_id=name, aggregate_sequence=1,
                                      payload=ev.RectificationRequired())
    republished.payload.CopyFrom(envelope.payload)
    await publish_envelope(js, republished.SerializeToString())  # a new event id, the same rectification
    await wait_for(lambda: _claimed(sql, new_town, 2), what="both events handled")
    assert len((await town.get(name)).carry_overs) == 1
    notice = await town.stub.GetProgressNotice(pb.GetProgressNoticeRequest(
        name=f"towns/{new_town}/progressNotices/{YEAR + 1}"), metadata=town.public)
    assert [e.follow_up_explanation for e in notice.projects if e.project == name] == [STATEMENT]


async def _claimed(sql, town: str, count: int) -> bool:
    rows = sql("SELECT count(*) FROM supervision.inbox WHERE town_id = %s AND consumer = %s",
               (town, "supervision-unsatisfactory-evaluations"))
    return rows[0][0] == count
