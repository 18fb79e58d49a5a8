"""A town's year of supervision through the real gRPC API, NATS and PostgreSQL: projects from
voting's ProjectsAdopted (once however often delivered), plans, progress, an inspection with
a rectification, completion verified by the group, a carry-over, the calendar and inquiry,
the public notice, and the events each step publishes."""
from datetime import date, timedelta

import pytest

from minsheng.events.v1 import supervision_events_pb2 as ev
from minsheng.supervision.v1 import supervision_pb2 as pb
from services.platform import events
from tests.events import collect, envelopes, publish_envelope
from tests.helpers import wait_for
from tests.supervision.client import UNIT, Supervision, adopted, report_message

pytestmark = pytest.mark.integration


@pytest.fixture
async def town(channel_to, issuer, new_town) -> Supervision:
    return Supervision(channel_to("supervision"), issuer, new_town)


async def published(nats_client, town: str, expected: int) -> list:
    found = envelopes(await collect(nats_client.jetstream(), f"minsheng.{town}.supervision.>", expected=expected))
    return [(e.aggregate_id, e.aggregate_sequence, e.event_type) for e in found]


async def test_adopted_projects_are_registered_once_however_often_delivered(town, nats_client, sql):
    js = nats_client.jetstream()
    data = await town.adopt(js, [adopted(town.town, 1), adopted(town.town, 2, deadline="2024-09-30")])
    await publish_envelope(js, data, message_id="redelivered-1")  # the same event again
    again = await town.adopt(js, [adopted(town.town, 1), adopted(town.town, 2)])  # republished, a new event id
    assert again != data

    async def both_applied():  # the first event and the republished one; the copy adds no row
        return sql("SELECT count(*) FROM supervision.inbox WHERE town_id = %s", (town.town,))[0][0] == 2
    await wait_for(both_applied, what="the republished ProjectsAdopted applied")
    projects = await town.projects()
    assert [(p.name, p.state, p.completion_deadline, p.responsible_unit) for p in projects] == [
        (town.project(1), pb.REGISTERED, "2024-11-30", UNIT), (town.project(2), pb.REGISTERED, "2024-09-30", UNIT)]
    assert await published(nats_client, town.town, 2) == [(town.project(1), 1, "project_registered"),
                                                          (town.project(2), 1, "project_registered")]
    assert sql("SELECT count(*) FROM supervision.inbox WHERE town_id = %s", (town.town,))[0][0] == 2


async def test_a_project_goes_from_plan_to_verified_completion(town, nats_client):
    await town.adopt(nats_client.jetstream(), [adopted(town.town, 1)])
    name = town.project(1)
    await town.set_plan(name)
    project = await town.approve(name)
    assert project.state == pb.IN_PROGRESS and project.plan.approved_by == f"staff-{town.town}"
    changed = await town.set_plan(name, reason="材料到货推迟", metadata=town.staff)
    assert [c.reason for c in changed.plan_changes] == ["材料到货推迟"] and changed.plan.version == 2
    first = await town.report(name, request_id="r-1")
    assert await town.report(name, request_id="r-1") == first  # a retry
    done = report_message(report_date="2024-11-20", percent_complete=100, spent_yuan=290000, milestone_id="m3",
                          claims_completion=True, text="已完工。\n申请验收")  # texts may span lines
    await town.report(name, done)
    await town.form_group([name])
    project = await town.stub.VerifyCompletion(pb.VerifyCompletionRequest(name=name, accepted=True),
                                               metadata=town.supervisor)
    assert project.state == pb.COMPLETED and project.percent_complete == 100 and project.report_count == 2
    assert [m.reached_date for m in project.plan.milestones] == ["2024-05-02", "", "2024-11-20"]
    assert [v.verified_by for v in project.verifications] == [f"deputy-{town.town}-001"]
    assert [e.action for e in project.history] == [
        "registered", "plan set", "plan approved", "plan changed", "progress reported", "completion reported",
        "assigned", "completion verified"]
    types = [t for _, _, t in await published(nats_client, town.town, 8)]
    assert types == ["project_registered", "plan_set", "plan_approved", "plan_set", "progress_reported",
                     "progress_reported", "completion_reported", "project_completed"]


async def test_an_inspection_finding_is_rectified_and_verified(town, nats_client):
    await town.adopt(nats_client.jetstream(), [adopted(town.town, 1), adopted(town.town, 2)])
    p1, p2 = town.project(1), town.project(2)
    await town.form_group([p1, p2])
    inspection = await town.inspect([pb.Finding(project=p1, text="排水沟未同步施工\n影响排水"),
                                     pb.Finding(project=p2, text="资金拨付滞后", internal=True)])
    assert inspection.recorded_by == f"deputy-{town.town}-001"
    rectification = await town.rectify(p1, inspection.name)
    assert await town.rectify(p1, inspection.name) == rectification  # the same finding again
    assert (rectification.name, rectification.responsible_unit, rectification.finding) == (
        f"{p1}/rectifications/1", UNIT, "排水沟未同步施工\n影响排水")
    answered = await town.stub.AnswerRectification(pb.AnswerRectificationRequest(
        name=rectification.name, text="已补建排水沟", attachments=["doc:2024-88"]), metadata=town.unit)
    assert answered.state == pb.Rectification.ANSWERED
    new_deadline = (date.today() + timedelta(days=30)).isoformat()  # a deadline sent back lies ahead
    sent_back = await town.stub.VerifyRectification(pb.VerifyRectificationRequest(
        name=rectification.name, accepted=False, reason="坡度不够", new_deadline=new_deadline),
        metadata=town.supervisor)
    assert (sent_back.state, sent_back.deadline) == (pb.Rectification.REQUESTED, new_deadline)
    await town.stub.AnswerRectification(pb.AnswerRectificationRequest(name=rectification.name, text="已调整"),
                                        metadata=town.staff)
    accepted = await town.stub.VerifyRectification(pb.VerifyRectificationRequest(
        name=rectification.name, accepted=True), metadata=town.staff)
    assert accepted.state == pb.Rectification.ACCEPTED
    assert [e.action for e in accepted.history] == ["requested", "answered", "sent back", "answered", "accepted"]
    found = envelopes(await collect(nats_client.jetstream(), f"minsheng.{town.town}.supervision.>", expected=8))
    recorded = [events.unpack(e) for e in found if e.event_type == "inspection_recorded"]
    assert [(r.finding_count, r.internal_finding_count) for r in recorded] == [(2, 1)]
    assert [e.event_type for e in found if e.aggregate_id == rectification.name] == [
        "rectification_requested", "rectification_answered", "rectification_verified", "rectification_answered",
        "rectification_verified"]


async def test_the_calendar_the_inquiry_and_a_carry_over(town, nats_client):
    await town.adopt(nats_client.jetstream(), [adopted(town.town, 1)])
    name = town.project(1)
    await town.form_group([])
    calendar_name = f"{town.parent}/supervisionCalendars/2024"
    calendar = await town.stub.SetSupervisionCalendar(pb.SetSupervisionCalendarRequest(
        name=calendar_name, calendar=pb.SupervisionCalendar(
            topics=[pb.SupervisionCalendar.Topic(title="道路项目", projects=[name])],
            mid_year_supervision_date="2024-07-01", year_end_inquiry_date="2024-12-10")), metadata=town.staff)
    assert [e.action for e in calendar.history] == ["calendar set"]
    inquired = await town.stub.RecordInquiry(pb.RecordInquiryRequest(name=calendar_name, inquiry=pb.Inquiry(
        date="2024-12-10", questions=[pb.Inquiry.Question(project=name, asked_by="wang", question="何时完工？",
                                                          answer="明年6月底前", answered_by="副镇长")])),
        metadata=town.staff)
    assert inquired.inquiry.questions[0].answered_by == "副镇长"
    await town.under_way(name)
    carried = await town.stub.CarryOverProject(pb.CarryOverProjectRequest(
        name=name, explanation="因征地协调推迟。\n预计2025年6月完工", completion_deadline="2025-06-30"), metadata=town.staff)
    assert (carried.supervision_year, carried.current_deadline, carried.completion_deadline) == (
        2025, "2025-06-30", "2024-11-30")
    assert [p.name for p in await town.projects(2025)] == [name] and await town.projects(2024) == []
    found = envelopes(await collect(nats_client.jetstream(), f"minsheng.{town.town}.supervision.>", expected=5))
    carried_over = [events.unpack(e) for e in found if e.event_type == "project_carried_over"]
    assert [(c.into_year, c.cause, c.completion_deadline) for c in carried_over] == [
        (2025, ev.UNFINISHED, "2025-06-30")]
    assert [e.event_type for e in found if e.aggregate_id == calendar_name] == ["inquiry_recorded"]


async def test_the_public_reads_progress_without_personal_data_or_internal_findings(town, nats_client):
    await town.adopt(nats_client.jetstream(), [adopted(town.town, 1), adopted(town.town, 2)])
    p1 = town.project(1)
    await town.under_way(p1)
    await town.report(p1, report_message(text="村民张三反映施工扰民"))
    await town.form_group([p1])
    inspection = await town.inspect([pb.Finding(project=p1, text="施工围挡不足"),
                                     pb.Finding(project=p1, text="监理人员不到位", internal=True)])
    await town.rectify(p1, inspection.name, 0)
    await town.rectify(p1, inspection.name, 1)
    notice = await town.stub.GetProgressNotice(pb.GetProgressNoticeRequest(
        name=f"{town.parent}/progressNotices/2024"), metadata=town.public)
    assert notice.town_name.startswith("测试") and notice.completed_count == 0
    first, second = notice.projects
    assert (first.project, first.percent_complete, first.state) == (p1, 20, pb.IN_PROGRESS)
    assert [r.finding for r in first.rectifications] == ["施工围挡不足"]
    assert [m.reached_date for m in first.milestones] == ["2024-05-02", "", ""]
    assert (second.state, list(second.milestones)) == (pb.REGISTERED, [])
    shown = str(notice)
    for private in ("张工", "0633", "张三", "监理人员", f"unit-{town.town}", "王五", "wang"):
        assert private not in shown
