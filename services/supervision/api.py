"""Thin gRPC layer: requests to use cases, domain objects to messages. Errors are
mapped by the platform's edge interceptor."""
import re

from minsheng.supervision.v1 import supervision_pb2 as pb
from minsheng.supervision.v1 import supervision_pb2_grpc
from services.platform import paging, protomap
from services.platform.auth import caller
from services.platform.errors import FieldViolation, InvalidArgument, Violations
from services.platform.names import TOWN
from services.platform.server import Server
from services.platform.uow import Context
from services.supervision import handlers, messages, oversight_handlers as oh, sheet
from services.supervision.domain import PROJECT, ProjectState, parse_project_id
from services.supervision.oversight import (CALENDAR, GROUP, ID, INSPECTION, NOTICE, RECTIFICATION, SupervisionGroup,
                                            check_year, parse_rectification_id)

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
INSPECTION_ID = re.compile(r"[0-9a-f-]{36}", re.ASCII)
FORMATS = {pb.XLSX: sheet.Format.XLSX, pb.CSV: sheet.Format.CSV}
EXTENSIONS = {sheet.Format.XLSX: "xlsx", sheet.Format.CSV: "csv"}


def _refuse(field: str, description: str) -> InvalidArgument:
    return InvalidArgument([FieldViolation(field, description)])


class Page:
    """A page of a list read whole (a town's year holds tens of these, not thousands)."""

    def __init__(self, request, filters: dict):
        v = Violations()
        v.check(request.page_size >= 0, "page_size", "must not be negative")
        v.raise_if_any()
        self.filters = filters
        self.start = paging.decode(request.page_token, filters)
        self.end = self.start + min(request.page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)

    def of(self, items: list) -> tuple[list, str]:
        more = self.end < len(items)
        return items[self.start:self.end], paging.encode(self.end, self.filters) if more else ""


def _year(field: str, year: int) -> int:
    v = Violations()
    check_year(v, field, year)
    v.raise_if_any()
    return year


def _format(value: int) -> sheet.Format:
    if value not in FORMATS:
        raise _refuse("format", "XLSX or CSV")
    return FORMATS[value]


class SupervisionServicer(supervision_pb2_grpc.SupervisionServiceServicer):
    def __init__(self, ctx: Context):
        self.ctx = ctx

    # Names

    def _town(self, field: str, name: str) -> str:
        return TOWN.parse(field, name, self.ctx.towns)[0]

    def _project(self, field: str, name: str) -> tuple[str, int, int]:
        town, project = PROJECT.parse(field, name, self.ctx.towns)
        return (town, *parse_project_id(field, project))

    def _project_in(self, field: str, name: str, town: str) -> tuple[int, int]:
        found_town, year, number = self._project(field, name)
        if found_town != town:
            raise _refuse(field, "a project of another town")
        return year, number

    def _rectification(self, field: str, name: str) -> tuple[str, int, int, int]:
        town, project, rectification = RECTIFICATION.parse(field, name, self.ctx.towns)
        return (town, *parse_project_id(field, project), parse_rectification_id(field, rectification))

    def _group(self, field: str, name: str) -> tuple[str, str]:
        town, group = GROUP.parse(field, name, self.ctx.towns)
        if not ID.fullmatch(group):
            raise _refuse(field, "a group's id is lowercase letters, digits and '-', up to 64")
        return town, group

    def _yearly(self, pattern, field: str, name: str) -> tuple[str, int]:
        town, year = pattern.parse(field, name, self.ctx.towns)
        return town, _year(field, year)

    def _inspection(self, field: str, name: str) -> tuple[str, str]:
        town, inspection = INSPECTION.parse(field, name, self.ctx.towns)
        if not INSPECTION_ID.fullmatch(inspection):
            raise _refuse(field, "not an inspection's id")
        return town, inspection

    # Projects

    async def GetProject(self, request, context):
        return messages.project_message(await handlers.get_project(self.ctx, caller(),
                                                                   *self._project("name", request.name)))

    async def ListProjects(self, request, context):
        town = self._town("parent", request.parent)
        year = _year("year", request.year)
        v = Violations()
        state = protomap.enum_of(v, "state", request.state, pb.ProjectState, ProjectState)
        v.raise_if_any()
        page = Page(request, {"parent": request.parent, "year": year, "state": request.state})
        found = [p for p in await handlers.list_projects(self.ctx, caller(), town, year)
                 if state is None or p.state is state]
        shown, token = page.of(found)
        return pb.ListProjectsResponse(projects=[messages.project_message(p) for p in shown], next_page_token=token)

    async def SetImplementationPlan(self, request, context):
        town, year, number = self._project("name", request.name)
        v = Violations()
        plan = messages.plan_of(v, request.plan)
        return messages.project_message(await handlers.set_plan(self.ctx, caller(), town, year, number, plan,
                                                                request.change_reason, v))

    async def ApproveImplementationPlan(self, request, context):
        return messages.project_message(await handlers.approve_plan(self.ctx, caller(),
                                                                    *self._project("name", request.name)))

    async def ReportProgress(self, request, context):
        town, year, number = self._project("parent", request.parent)
        v = Violations()
        draft = messages.draft_of(v, request.report)
        v.check(len(request.request_id) <= 64, "request_id", "longer than 64 characters")
        project, report = await handlers.report_progress(self.ctx, caller(), town, year, number, draft,
                                                         request.request_id, v)
        return messages.report_message(project, report)

    async def ListProgressReports(self, request, context):
        town, year, number = self._project("parent", request.parent)
        page = Page(request, {"parent": request.parent})
        project, reports = await handlers.list_reports(self.ctx, caller(), town, year, number)
        shown, token = page.of(reports)
        return pb.ListProgressReportsResponse(reports=[messages.report_message(project, r) for r in shown],
                                              next_page_token=token)

    async def VerifyCompletion(self, request, context):
        town, year, number = self._project("name", request.name)
        return messages.project_message(await handlers.verify_completion(
            self.ctx, caller(), town, year, number, request.accepted, request.reason))

    async def CarryOverProject(self, request, context):
        town, year, number = self._project("name", request.name)
        v = Violations()
        deadline = protomap.date_of(v, "completion_deadline", request.completion_deadline, required=True)
        v.raise_if_any()
        return messages.project_message(await handlers.carry_over_unfinished(
            self.ctx, caller(), town, year, number, request.explanation, deadline))

    async def ExportProgressSheet(self, request, context):
        town = self._town("parent", request.parent)
        year, fmt = _year("year", request.year), _format(request.format)
        content = await handlers.export_sheet(self.ctx, caller(), town, year, fmt)
        return pb.ProgressSheet(format=request.format, content=content, content_type=sheet.CONTENT_TYPES[fmt],
                                filename=f"progress-{town}-{year}.{EXTENSIONS[fmt]}")

    async def ImportProgressSheet(self, request, context):
        town = self._town("parent", request.parent)
        year, fmt = _year("year", request.year), _format(request.format)
        taken, unchanged = await handlers.import_sheet(self.ctx, caller(), town, year, fmt, request.content)
        return pb.ImportProgressSheetResponse(
            reports=[messages.report_message(t.project, t.report) for t in taken], unchanged_rows=unchanged)

    # The roster, groups and the calendar

    async def AddSupervisor(self, request, context):
        town = self._town("parent", request.parent)
        v = Violations()
        supervisor = messages.supervisor_of(v, town, request.supervisor_id, request.supervisor)
        v.raise_if_any()
        return messages.supervisor_message(await oh.add_supervisor(self.ctx, caller(), town, supervisor))

    async def ListSupervisors(self, request, context):
        town = self._town("parent", request.parent)
        page = Page(request, {"parent": request.parent})
        shown, token = page.of(await oh.list_supervisors(self.ctx, caller(), town))
        return pb.ListSupervisorsResponse(supervisors=[messages.supervisor_message(s) for s in shown],
                                          next_page_token=token)

    async def FormSupervisionGroup(self, request, context):
        town = self._town("parent", request.parent)
        g = request.group
        group = SupervisionGroup(town, request.group_id, g.year, g.title, tuple(g.members), g.leader)
        return messages.group_message(await oh.form_group(self.ctx, caller(), town, group))

    async def GetSupervisionGroup(self, request, context):
        return messages.group_message(await oh.get_group(self.ctx, caller(), *self._group("name", request.name)))

    async def ListSupervisionGroups(self, request, context):
        town = self._town("parent", request.parent)
        year = _year("year", request.year)
        page = Page(request, {"parent": request.parent, "year": year})
        shown, token = page.of(await oh.list_groups(self.ctx, caller(), town, year))
        return pb.ListSupervisionGroupsResponse(groups=[messages.group_message(g) for g in shown],
                                                next_page_token=token)

    async def AssignProjects(self, request, context):
        town, group = self._group("name", request.name)
        assignments = [(self._project_in(f"assignments[{i}].project", a.project, town), a.supervisor)
                       for i, a in enumerate(request.assignments)]
        return messages.group_message(await oh.assign_projects(self.ctx, caller(), town, group, assignments))

    async def SetSupervisionCalendar(self, request, context):
        town, year = self._yearly(CALENDAR, "name", request.name)
        v = Violations()
        calendar = messages.calendar_of(v, town, year, request.calendar)
        v.raise_if_any()
        return messages.calendar_message(await oh.set_calendar(self.ctx, caller(), town, calendar))

    async def GetSupervisionCalendar(self, request, context):
        return messages.calendar_message(await oh.get_calendar(self.ctx, caller(),
                                                               *self._yearly(CALENDAR, "name", request.name)))

    async def RecordInquiry(self, request, context):
        town, year = self._yearly(CALENDAR, "name", request.name)
        v = Violations()
        inquiry = messages.inquiry_of(v, request.inquiry)
        v.raise_if_any()
        return messages.calendar_message(await oh.record_inquiry(self.ctx, caller(), town, year, inquiry))

    # Inspections and rectifications

    async def RecordInspection(self, request, context):
        town = self._town("parent", request.parent)
        group_town, group = self._group("inspection.supervision_group", request.inspection.supervision_group)
        v = Violations()
        v.check(group_town == town, "inspection.supervision_group", "a group of another town")
        v.check(len(request.request_id) <= 64, "request_id", "longer than 64 characters")
        inspection = messages.inspection_of(v, town, group, request.inspection)
        v.raise_if_any()
        return messages.inspection_message(await oh.record_inspection(self.ctx, caller(), town, inspection,
                                                                      request.request_id))

    async def GetInspection(self, request, context):
        return messages.inspection_message(await oh.get_inspection(self.ctx, caller(),
                                                                   *self._inspection("name", request.name)))

    async def ListInspections(self, request, context):
        town = self._town("parent", request.parent)
        year = _year("year", request.year)
        page = Page(request, {"parent": request.parent, "year": year})
        shown, token = page.of(await oh.list_inspections(self.ctx, caller(), town, year))
        return pb.ListInspectionsResponse(inspections=[messages.inspection_message(i) for i in shown],
                                          next_page_token=token)

    async def RequestRectification(self, request, context):
        town, year, number = self._project("parent", request.parent)
        r = request.rectification
        inspection_town, inspection = self._inspection("rectification.inspection", r.inspection)
        v = Violations()
        v.check(inspection_town == town, "rectification.inspection", "an inspection of another town")
        deadline = protomap.date_of(v, "rectification.deadline", r.deadline, required=True)
        v.raise_if_any()
        return messages.rectification_message(await oh.send_finding(
            self.ctx, caller(), town, year, number, inspection, r.finding_index, deadline))

    async def GetRectification(self, request, context):
        return messages.rectification_message(await oh.get_rectification(
            self.ctx, caller(), *self._rectification("name", request.name)))

    async def ListRectifications(self, request, context):
        town, year, number = self._project("parent", request.parent)
        page = Page(request, {"parent": request.parent})
        shown, token = page.of(await oh.list_rectifications(self.ctx, caller(), town, year, number))
        return pb.ListRectificationsResponse(rectifications=[messages.rectification_message(r) for r in shown],
                                             next_page_token=token)

    async def AnswerRectification(self, request, context):
        found = await oh.answer_rectification(self.ctx, caller(), *self._rectification("name", request.name),
                                              request.text, tuple(request.attachments))
        return messages.rectification_message(found)

    async def VerifyRectification(self, request, context):
        name = self._rectification("name", request.name)
        v = Violations()
        new_deadline = protomap.date_of(v, "new_deadline", request.new_deadline)
        v.raise_if_any()
        return messages.rectification_message(await oh.verify_rectification(
            self.ctx, caller(), *name, request.accepted, request.reason, new_deadline))

    async def GetProgressNotice(self, request, context):
        town, year = self._yearly(NOTICE, "name", request.name)
        found = await handlers.progress_notice(self.ctx, caller(), town, year)
        return pb.ProgressNotice(
            name=request.name, town_name=found.town_name, year=year,
            projects=[messages.notice_entry_message(e) for e in found.entries],
            completed_count=sum(e.state is ProjectState.COMPLETED for e in found.entries))


def register(server: Server, ctx: Context) -> None:
    server.add(supervision_pb2_grpc.add_SupervisionServiceServicer_to_server, SupervisionServicer(ctx),
               pb.DESCRIPTOR.services_by_name["SupervisionService"].full_name)
