"""The supervision API through the real gRPC server, PostgreSQL and NATS: every RPC refused
to other towns' callers and to roles it is not for, bad names and fields refused with every
field named, steps out of order refused with the reason, and nothing stored by a refused call."""
from datetime import date

import grpc
import pytest

from minsheng.supervision.v1 import supervision_pb2 as pb
from tests.helpers import expect_error, field_violations, reason, staff_of
from tests.supervision.client import OTHER_UNIT, YEAR, Supervision, adopted, plan_message, report_message

pytestmark = pytest.mark.integration


@pytest.fixture
async def town(channel_to, issuer, new_town) -> Supervision:
    return Supervision(channel_to("supervision"), issuer, new_town)


def rows(sql, town: str) -> int:
    """The town's rows in every table of the schema."""
    tables = [t for (t,) in sql("SELECT table_name FROM information_schema.columns WHERE table_schema = "
                                "'supervision' AND column_name = 'town_id'")]
    return sum(sql(f'SELECT count(*) FROM supervision."{t}" WHERE town_id = %s', (town,))[0][0] for t in tables)


def every_call(town: Supervision) -> dict[str, object]:
    """One plausible request for every RPC of the service, about the town's things."""
    t, project = town.parent, town.project(1)
    rectification, inspection = f"{project}/rectifications/1", f"{t}/inspections/{'0' * 8}-0000-0000-0000-{'0' * 12}"
    group, calendar = f"{t}/supervisionGroups/group-1", f"{t}/supervisionCalendars/{YEAR}"
    return {
        "GetProject": pb.GetProjectRequest(name=project),
        "ListProjects": pb.ListProjectsRequest(parent=t, year=YEAR),
        "SetImplementationPlan": pb.SetImplementationPlanRequest(name=project, plan=plan_message()),
        "ApproveImplementationPlan": pb.ApproveImplementationPlanRequest(name=project),
        "ReportProgress": pb.ReportProgressRequest(parent=project, report=report_message()),
        "ListProgressReports": pb.ListProgressReportsRequest(parent=project),
        "VerifyCompletion": pb.VerifyCompletionRequest(name=project, accepted=True),
        "CarryOverProject": pb.CarryOverProjectRequest(name=project, explanation="说明",
                                                       completion_deadline=f"{YEAR + 1}-06-30"),
        "ExportProgressSheet": pb.ExportProgressSheetRequest(parent=t, year=YEAR, format=pb.CSV),
        "ImportProgressSheet": pb.ImportProgressSheetRequest(parent=t, year=YEAR, format=pb.CSV, content=b"a"),
        "AddSupervisor": pb.AddSupervisorRequest(parent=t, supervisor_id="zhao", supervisor=pb.Supervisor(
            display_name="赵六", level=pb.Supervisor.DISTRICT, activity_group="第二组")),
        "ListSupervisors": pb.ListSupervisorsRequest(parent=t),
        "FormSupervisionGroup": pb.FormSupervisionGroupRequest(parent=t, group_id="group-2", group=pb.SupervisionGroup(
            year=YEAR, title="小组", members=["wang"], leader="wang")),
        "GetSupervisionGroup": pb.GetSupervisionGroupRequest(name=group),
        "ListSupervisionGroups": pb.ListSupervisionGroupsRequest(parent=t, year=YEAR),
        "AssignProjects": pb.AssignProjectsRequest(name=group, assignments=[
            pb.SupervisionGroup.Assignment(project=project, supervisor="wang")]),
        "SetSupervisionCalendar": pb.SetSupervisionCalendarRequest(name=calendar, calendar=pb.SupervisionCalendar(
            topics=[pb.SupervisionCalendar.Topic(title="道路")], mid_year_supervision_date=f"{YEAR}-07-01",
            year_end_inquiry_date=f"{YEAR}-12-10")),
        "GetSupervisionCalendar": pb.GetSupervisionCalendarRequest(name=calendar),
        "RecordInquiry": pb.RecordInquiryRequest(name=calendar, inquiry=pb.Inquiry(date=f"{YEAR}-12-10")),
        "RecordInspection": pb.RecordInspectionRequest(parent=t, inspection=pb.Inspection(
            supervision_group=group, kind=pb.Inspection.VISIT, date=f"{YEAR}-06-01", participants=["wang"],
            projects=[project])),
        "GetInspection": pb.GetInspectionRequest(name=inspection),
        "ListInspections": pb.ListInspectionsRequest(parent=t, year=YEAR),
        "RequestRectification": pb.RequestRectificationRequest(parent=project, rectification=pb.Rectification(
            inspection=inspection, deadline=f"{YEAR}-07-31")),
        "GetRectification": pb.GetRectificationRequest(name=rectification),
        "ListRectifications": pb.ListRectificationsRequest(parent=project),
        "AnswerRectification": pb.AnswerRectificationRequest(name=rectification, text="已整改"),
        "VerifyRectification": pb.VerifyRectificationRequest(name=rectification, accepted=True),
        "GetProgressNotice": pb.GetProgressNoticeRequest(name=f"{t}/progressNotices/{YEAR}"),
    }


async def call(town: Supervision, method: str, request, metadata):
    return await getattr(town.stub, method)(request, metadata=metadata)


async def test_every_rpc_is_covered_and_refused_to_another_towns_callers(town, issuer, other_town, sql):
    calls = every_call(town)
    assert set(calls) == set(pb.DESCRIPTOR.services_by_name["SupervisionService"].methods_by_name)
    outsiders = [staff_of(issuer, other_town), issuer.metadata("u", other_town, "unit", unit="镇建设办"),
                 issuer.metadata("d", other_town, "deputy"), issuer.metadata("p", other_town, "public")]
    for method, request in calls.items():
        for outsider in outsiders:
            await expect_error(call(town, method, request, outsider), grpc.StatusCode.PERMISSION_DENIED)
    for method, request in calls.items():
        await expect_error(call(town, method, request, ()), grpc.StatusCode.UNAUTHENTICATED)
    assert rows(sql, town.town) == 0


async def test_the_public_reads_the_notice_only_and_the_district_reads_but_changes_nothing(town, issuer, sql):
    district = issuer.metadata("district-standing-committee", None, "district")
    reads = {"GetProject", "ListProjects", "ListProgressReports", "ListSupervisors", "GetSupervisionGroup",
             "ListSupervisionGroups", "GetSupervisionCalendar", "GetInspection", "ListInspections",
             "GetRectification", "ListRectifications", "GetProgressNotice"}
    for method, request in every_call(town).items():
        if method != "GetProgressNotice":
            await expect_error(call(town, method, request, town.public), grpc.StatusCode.PERMISSION_DENIED)
        if method not in reads:
            await expect_error(call(town, method, request, district), grpc.StatusCode.PERMISSION_DENIED)
    assert (await call(town, "ListProjects", every_call(town)["ListProjects"], district)).projects == []
    assert rows(sql, town.town) == 0


async def test_bad_names_and_years_are_invalid_arguments(town):
    t = town.parent
    for name in ("towns/atlantis/projects/2024-1", f"{t}/projects/2024", f"{t}/projects/²０２４-1",
                 f"{t}/projects/2024-01", f"{t}/projects/2024-1/x", f"{t}/reviews/2024"):
        error = await expect_error(town.stub.GetProject(pb.GetProjectRequest(name=name), metadata=town.staff),
                                   grpc.StatusCode.INVALID_ARGUMENT)
        assert field_violations(error) == {"name"}
    for name in (f"{t}/supervisionCalendars/²", f"{t}/supervisionCalendars/99999999999",
                 f"{t}/supervisionCalendars/1999"):
        error = await expect_error(town.stub.GetSupervisionCalendar(pb.GetSupervisionCalendarRequest(name=name),
                                                                    metadata=town.staff),
                                   grpc.StatusCode.INVALID_ARGUMENT)
        assert field_violations(error) == {"name"}
    for name in (f"{t}/projects/2024-1/rectifications/0", f"{t}/projects/2024-1/rectifications/01"):
        error = await expect_error(town.stub.GetRectification(pb.GetRectificationRequest(name=name),
                                                              metadata=town.staff), grpc.StatusCode.INVALID_ARGUMENT)
        assert field_violations(error) == {"name"}
    for request in (pb.GetSupervisionGroupRequest(name=f"{t}/supervisionGroups/Group 1"),
                    pb.GetInspectionRequest(name=f"{t}/inspections/x")):
        method = type(request).__name__.removesuffix("Request")
        error = await expect_error(call(town, method, request, town.staff), grpc.StatusCode.INVALID_ARGUMENT)
        assert field_violations(error) == {"name"}
    error = await expect_error(town.stub.ListProjects(pb.ListProjectsRequest(
        parent=t, page_size=-1), metadata=town.staff), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"year"}
    error = await expect_error(town.stub.ListProjects(pb.ListProjectsRequest(
        parent=t, year=YEAR, state=999), metadata=town.staff), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"state"}
    error = await expect_error(town.stub.ListProjects(pb.ListProjectsRequest(
        parent=t, year=YEAR, page_token="garbage!"), metadata=town.staff), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"page_token"}


async def test_projects_page_and_units_see_their_own(town, nats_client):
    await town.adopt(nats_client.jetstream(), [adopted(town.town, n, unit=OTHER_UNIT if n == 2 else "镇建设办")
                                               for n in range(1, 4)])
    first = await town.stub.ListProjects(pb.ListProjectsRequest(parent=town.parent, year=YEAR, page_size=2),
                                         metadata=town.staff)
    rest = await town.stub.ListProjects(pb.ListProjectsRequest(parent=town.parent, year=YEAR, page_size=2,
                                                               page_token=first.next_page_token), metadata=town.staff)
    assert [p.name for p in (*first.projects, *rest.projects)] == [town.project(n) for n in (1, 2, 3)]
    assert not rest.next_page_token
    mine = await town.stub.ListProjects(pb.ListProjectsRequest(parent=town.parent, year=YEAR), metadata=town.unit)
    assert [p.name for p in mine.projects] == [town.project(1), town.project(3)]
    await expect_error(town.stub.GetProject(pb.GetProjectRequest(name=town.project(2)), metadata=town.unit),
                       grpc.StatusCode.PERMISSION_DENIED)
    await expect_error(town.set_plan(town.project(2)), grpc.StatusCode.PERMISSION_DENIED)
    await expect_error(town.stub.GetProject(pb.GetProjectRequest(name=town.project(9)), metadata=town.staff),
                       grpc.StatusCode.NOT_FOUND)


async def test_a_bad_plan_or_report_names_every_field_and_changes_nothing(town, nats_client, sql):
    await town.adopt(nats_client.jetstream(), [adopted(town.town, 1)])
    name = town.project(1)
    stored = rows(sql, town.town)
    bad = plan_message(due=("2024-13-01", "2025-01-01"), budget=1, contact_name="", contact_phone="?")
    error = await expect_error(town.set_plan(name, bad), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"plan.milestones[0].due_date", "plan.milestones[1].due_date", "plan.budget",
                                       "plan.contact_name", "plan.contact_phone"}
    await town.under_way(name)
    error = await expect_error(town.report(name, report_message(
        report_date="someday", percent_complete=120, spent_yuan=-3, milestone_id="m7", attachments=["a b"],
        claims_completion=True), request_id="r" * 65), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"report.report_date", "request_id", "report.percent_complete",
                                       "report.spent_yuan", "report.milestone_id", "report.attachments[0]",
                                       "report.claims_completion"}
    future = date.fromordinal(date.today().toordinal() + 2).isoformat()
    error = await expect_error(town.report(name, report_message(report_date=future)), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"report.report_date"}
    project = await town.get(name)
    assert (project.report_count, project.plan.version) == (0, 1)
    assert rows(sql, town.town) == stored + 2  # the plan's two events and their aggregate's sequence: no report
    await expect_error(town.report(name, metadata=town.other_unit), grpc.StatusCode.PERMISSION_DENIED)


async def test_steps_out_of_order_fail_with_the_reason(town, nats_client):
    next_year = date.today().year + 1  # a project whose year has not ended cannot be carried over yet
    await town.adopt(nats_client.jetstream(), [adopted(town.town, 1)])
    await town.adopt(nats_client.jetstream(), [adopted(town.town, 1, deadline=f"{next_year}-11-30", year=next_year)],
                     next_year)
    name = town.project(1)
    error = await expect_error(town.approve(name), grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "NO_PLAN"
    await town.set_plan(name)
    error = await expect_error(town.report(name), grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "PLAN_NOT_APPROVED"
    await town.approve(name)
    error = await expect_error(town.approve(name), grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "PLAN_APPROVED"
    error = await expect_error(town.set_plan(name), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"change_reason"}
    verify = pb.VerifyCompletionRequest(name=name, accepted=True)
    error = await expect_error(town.stub.VerifyCompletion(verify, metadata=town.staff),
                               grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "COMPLETION_NOT_REPORTED"
    await town.report(name, report_message(percent_complete=100, spent_yuan=300000, claims_completion=True))
    error = await expect_error(town.stub.VerifyCompletion(verify, metadata=town.staff),
                               grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "NO_SUPERVISION_GROUP"
    await town.form_group([name])
    outsider = town.issuer.metadata(f"deputy-{town.town}-050", town.town, "deputy")
    await expect_error(town.stub.VerifyCompletion(verify, metadata=outsider), grpc.StatusCode.PERMISSION_DENIED)
    error = await expect_error(town.stub.VerifyCompletion(pb.VerifyCompletionRequest(name=name), metadata=town.staff),
                               grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"reason"}
    await town.stub.VerifyCompletion(verify, metadata=town.supervisor)
    error = await expect_error(town.report(name, report_message(percent_complete=100, spent_yuan=300000)),
                               grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "PROJECT_COMPLETED"
    carry = pb.CarryOverProjectRequest(name=name, explanation="未完成", completion_deadline=f"{YEAR + 1}-06-30")
    error = await expect_error(town.stub.CarryOverProject(carry, metadata=town.staff),
                               grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "PROJECT_COMPLETED"
    error = await expect_error(town.stub.CarryOverProject(pb.CarryOverProjectRequest(
        name=town.project(1, next_year), explanation="未完成", completion_deadline=f"{next_year + 1}-06-30"),
        metadata=town.staff), grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "YEAR_NOT_ENDING"
    error = await expect_error(town.stub.CarryOverProject(pb.CarryOverProjectRequest(name=name), metadata=town.staff),
                               grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"completion_deadline"}


async def test_the_roster_and_groups_are_retried_safely_and_refused_when_they_differ(town, nats_client):
    await town.adopt(nats_client.jetstream(), [adopted(town.town, 1)])
    group = await town.form_group([town.project(1)])
    assert await town.form_group([town.project(1)]) == group  # every step again: the same
    add = pb.AddSupervisorRequest(parent=town.parent, supervisor_id="wang", supervisor=pb.Supervisor(
        display_name="王六", level=pb.Supervisor.CITY, activity_group="第一代表活动小组"))
    error = await expect_error(town.stub.AddSupervisor(add, metadata=town.staff), grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "SUPERVISOR_EXISTS"
    error = await expect_error(town.stub.AddSupervisor(pb.AddSupervisorRequest(
        parent=town.parent, supervisor_id="Wang!", supervisor=pb.Supervisor(level=7)), metadata=town.staff),
        grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"supervisor.level"}
    error = await expect_error(town.stub.AddSupervisor(pb.AddSupervisorRequest(
        parent=town.parent, supervisor_id="Wang!", supervisor=pb.Supervisor()), metadata=town.staff),
        grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"supervisor_id", "supervisor.display_name", "supervisor.level",
                                       "supervisor.activity_group"}
    form = pb.FormSupervisionGroupRequest(parent=town.parent, group_id="group-1", group=pb.SupervisionGroup(
        year=YEAR, title="另一个小组", members=["wang"], leader="wang"))
    error = await expect_error(town.stub.FormSupervisionGroup(form, metadata=town.staff),
                               grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "GROUP_EXISTS"
    error = await expect_error(town.stub.FormSupervisionGroup(pb.FormSupervisionGroupRequest(
        parent=town.parent, group_id="g", group=pb.SupervisionGroup(year=YEAR, members=["nobody"], leader="li")),
        metadata=town.staff), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"group.title", "group.members[0]", "group.leader"}
    assign = pb.AssignProjectsRequest(name=group.name, assignments=[
        pb.SupervisionGroup.Assignment(project=town.project(2), supervisor="zhao"),
        pb.SupervisionGroup.Assignment(project="towns/xihu/projects/2024-1", supervisor="wang")])
    error = await expect_error(town.stub.AssignProjects(assign, metadata=town.staff), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"assignments[1].project"}
    del assign.assignments[1]
    error = await expect_error(town.stub.AssignProjects(assign, metadata=town.staff), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"assignments[0].project", "assignments[0].supervisor"}
    assert [a.project for a in (await town.form_group([town.project(1)])).assignments] == [town.project(1)]


async def test_the_calendar_and_inquiry_refuse_bad_fields_and_steps_out_of_order(town, nats_client):
    await town.adopt(nats_client.jetstream(), [adopted(town.town, 1)])
    await town.form_group([])
    name = f"{town.parent}/supervisionCalendars/{YEAR}"
    question = pb.Inquiry.Question(asked_by="wang", question="何时完工？", answer="年底", answered_by="副镇长")
    inquiry = pb.RecordInquiryRequest(name=name, inquiry=pb.Inquiry(date=f"{YEAR}-12-10", questions=[question]))
    error = await expect_error(town.stub.RecordInquiry(inquiry, metadata=town.staff),
                               grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "NO_CALENDAR"
    error = await expect_error(town.stub.SetSupervisionCalendar(pb.SetSupervisionCalendarRequest(
        name=name, calendar=pb.SupervisionCalendar(topics=[pb.SupervisionCalendar.Topic(
            title="", projects=["towns/xihu/projects/2024-1"])], mid_year_supervision_date="2024-07-01",
            year_end_inquiry_date="2024-02-01")), metadata=town.staff), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"calendar.topics[0].title", "calendar.topics[0].projects[0]",
                                       "calendar.year_end_inquiry_date"}
    calendar = every_call(town)["SetSupervisionCalendar"]
    await town.stub.SetSupervisionCalendar(calendar, metadata=town.staff)
    bad = pb.RecordInquiryRequest(name=name, inquiry=pb.Inquiry(date="2024-03-01", questions=[
        pb.Inquiry.Question(project=town.project(7), asked_by="nobody")]))
    error = await expect_error(town.stub.RecordInquiry(bad, metadata=town.staff), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"inquiry.date", "inquiry.questions[0].project", "inquiry.questions[0].asked_by",
                                       "inquiry.questions[0].question", "inquiry.questions[0].answer",
                                       "inquiry.questions[0].answered_by"}
    await town.stub.RecordInquiry(inquiry, metadata=town.staff)
    for again in (town.stub.RecordInquiry(inquiry, metadata=town.staff),
                  town.stub.SetSupervisionCalendar(calendar, metadata=town.staff)):
        error = await expect_error(again, grpc.StatusCode.FAILED_PRECONDITION)
        assert reason(error) == "INQUIRY_RECORDED"


async def test_inspections_and_rectifications_refuse_outsiders_bad_fields_and_steps_out_of_order(town, nats_client):
    await town.adopt(nats_client.jetstream(), [adopted(town.town, 1), adopted(town.town, 2)])
    p1, p2 = town.project(1), town.project(2)
    await town.form_group([p1])
    finding = [pb.Finding(project=p1, text="围挡不足")]
    outsider = town.issuer.metadata(f"deputy-{town.town}-050", town.town, "deputy")
    await expect_error(town.inspect(finding, metadata=outsider), grpc.StatusCode.PERMISSION_DENIED)
    error = await expect_error(town.stub.RecordInspection(pb.RecordInspectionRequest(
        parent=town.parent, inspection=pb.Inspection(
            supervision_group=f"{town.parent}/supervisionGroups/group-1", date="2099-01-01", participants=["zhao"],
            projects=[p1], findings=[pb.Finding(project=p2)])), metadata=town.staff), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"inspection.kind", "inspection.date", "inspection.participants[0]",
                                       "inspection.findings[0].project", "inspection.findings[0].text"}
    error = await expect_error(town.stub.RecordInspection(pb.RecordInspectionRequest(
        parent=town.parent, inspection=pb.Inspection(supervision_group="towns/xihu/supervisionGroups/group-1")),
        metadata=town.staff), grpc.StatusCode.INVALID_ARGUMENT)
    assert "inspection.supervision_group" in field_violations(error)
    inspection = await town.inspect(finding, request_id="visit-1")
    assert await town.inspect(finding, request_id="visit-1") == inspection  # a retry
    error = await expect_error(town.rectify(p2, inspection.name), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"rectification.finding_index"}
    error = await expect_error(town.rectify(p1, inspection.name, deadline="2024-06-01"),
                               grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"rectification.deadline"}
    missing = inspection.name[:-12] + "0" * 12
    await expect_error(town.rectify(p1, missing), grpc.StatusCode.NOT_FOUND)
    rectification = await town.rectify(p1, inspection.name)
    verify = pb.VerifyRectificationRequest(name=rectification.name, accepted=True)
    error = await expect_error(town.stub.VerifyRectification(verify, metadata=town.staff),
                               grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "RECTIFICATION_NOT_ANSWERED"
    answer = pb.AnswerRectificationRequest(name=rectification.name, text="已整改")
    await expect_error(town.stub.AnswerRectification(answer, metadata=town.other_unit),
                       grpc.StatusCode.PERMISSION_DENIED)
    await expect_error(town.stub.GetRectification(pb.GetRectificationRequest(name=rectification.name),
                                                  metadata=town.other_unit), grpc.StatusCode.PERMISSION_DENIED)
    await town.stub.AnswerRectification(answer, metadata=town.unit)
    error = await expect_error(town.stub.AnswerRectification(answer, metadata=town.unit),
                               grpc.StatusCode.FAILED_PRECONDITION)
    assert reason(error) == "RECTIFICATION_NOT_REQUESTED"
    await expect_error(town.stub.VerifyRectification(verify, metadata=outsider), grpc.StatusCode.PERMISSION_DENIED)
    error = await expect_error(town.stub.VerifyRectification(pb.VerifyRectificationRequest(
        name=rectification.name, new_deadline="2024-01-01"), metadata=town.staff), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(error) == {"reason", "new_deadline"}
    await town.stub.VerifyRectification(verify, metadata=town.supervisor)
    listed = await town.stub.ListRectifications(pb.ListRectificationsRequest(parent=p1), metadata=town.unit)
    assert [(r.name, r.state) for r in listed.rectifications] == [(rectification.name, pb.Rectification.ACCEPTED)]
    inspections = await town.stub.ListInspections(pb.ListInspectionsRequest(parent=town.parent, year=YEAR),
                                                  metadata=town.staff)
    assert [i.name for i in inspections.inspections] == [inspection.name]


async def test_lists_and_the_notice_refuse_bad_parents_years_and_pages(town):
    t, staff = town.parent, town.staff
    for method, request, fields in (
            ("ListProgressReports", pb.ListProgressReportsRequest(parent=f"{t}/projects/x"), {"parent"}),
            ("ListRectifications", pb.ListRectificationsRequest(parent=t), {"parent"}),
            ("ListSupervisors", pb.ListSupervisorsRequest(parent=t, page_size=-1), {"page_size"}),
            ("ListSupervisionGroups", pb.ListSupervisionGroupsRequest(parent=t), {"year"}),
            ("ListInspections", pb.ListInspectionsRequest(parent=t, year=3000), {"year"}),
            ("ListInspections", pb.ListInspectionsRequest(parent=t, year=YEAR, page_token="x"), {"page_token"}),
            ("GetProgressNotice", pb.GetProgressNoticeRequest(name=f"{t}/progressNotices/1999"), {"name"}),
            ("ExportProgressSheet", pb.ExportProgressSheetRequest(parent=t, year=YEAR, format=9), {"format"}),
            ("AddSupervisor", pb.AddSupervisorRequest(parent="towns/atlantis"), {"parent"})):
        error = await expect_error(call(town, method, request, staff), grpc.StatusCode.INVALID_ARGUMENT)
        assert field_violations(error) == fields, method
    for method, request in (("GetSupervisionGroup", pb.GetSupervisionGroupRequest(name=f"{t}/supervisionGroups/none")),
                            ("GetSupervisionCalendar", pb.GetSupervisionCalendarRequest(
                                name=f"{t}/supervisionCalendars/{YEAR}")),
                            ("ListProgressReports", pb.ListProgressReportsRequest(parent=town.project(1)))):
        await expect_error(call(town, method, request, staff), grpc.StatusCode.NOT_FOUND)
