"""Demo stage 4, supervision (监督): each town's adopted projects, as the voting service's
ProjectsAdopted brought them in, go through the year: the roster and a special supervision
group, the calendar, implementation plans, progress in bulk (a sheet) and by report, a
mid-year inspection whose finding is rectified and verified, completion verified by the group,
and the year-end inquiry. The towns' delayed projects (services.stack.demo.towns) are carried
over into next year's follow-up supervision with the government's explanation."""
import io

import openpyxl

from minsheng.supervision.v1 import supervision_pb2 as pb
from minsheng.supervision.v1.supervision_pb2_grpc import SupervisionServiceStub
from services.stack.demo.common import DemoContext, say, wait_for
from services.stack.demo.towns import plan_of
from services.supervision import bulk

# How long the first town's projects may take to arrive before the stage says why it stops.
ARRIVAL_SECONDS = 20
SUPERVISORS = (("city-1", "市人大代表", pb.Supervisor.CITY, ""), ("district-1", "区人大代表", pb.Supervisor.DISTRICT, ""),
               ("town-1", "镇人大代表", pb.Supervisor.TOWN, "001"), ("town-2", "镇人大代表", pb.Supervisor.TOWN, "002"))
COLUMN = {c.key: i for i, c in enumerate(bulk.COLUMNS)}


class Town:
    """One town's supervision year, through the API as its staff, units and supervisors call it."""

    def __init__(self, ctx: DemoContext, stub: SupervisionServiceStub, index: int, town: dict,
                 projects: list[pb.Project]):
        self.ctx, self.stub, self.index, self.town, self.projects = ctx, stub, index, town, projects
        self.id, self.year = town["id"], ctx.year
        self.parent = f"towns/{self.id}"
        self.staff = ctx.staff(self.id)
        self.supervisor = ctx.deputy(self.id, 1)
        self.group = f"{self.parent}/supervisionGroups/group-{self.year}"
        delayed = [len(projects) + 1 - back for back in plan_of(self.id).delayed]
        self.delayed = {p.name for p in projects if p.adoption_rank in delayed}

    def unit(self, project: pb.Project):
        return self.ctx.unit(self.id, project.responsible_unit)

    async def organise(self) -> None:
        """The roster, the year's group with every project assigned, and the calendar."""
        for supervisor_id, level_name, level, deputy in SUPERVISORS:
            account = f"deputy-{self.id}-{deputy}" if deputy else ""
            await self.stub.AddSupervisor(pb.AddSupervisorRequest(
                parent=self.parent, supervisor_id=supervisor_id, supervisor=pb.Supervisor(
                    display_name=f"{level_name}{supervisor_id[-1]}", level=level,
                    activity_group=f"{self.town['name']}第一代表活动小组", account=account)), metadata=self.staff)
        members = [s[0] for s in SUPERVISORS]
        await self.stub.FormSupervisionGroup(pb.FormSupervisionGroupRequest(
            parent=self.parent, group_id=f"group-{self.year}", group=pb.SupervisionGroup(
                year=self.year, title=f"{self.town['name']}民生实事项目专项监督小组", members=members,
                leader=members[0])), metadata=self.staff)
        await self.stub.AssignProjects(pb.AssignProjectsRequest(name=self.group, assignments=[
            pb.SupervisionGroup.Assignment(project=p.name, supervisor="town-1" if p.adoption_rank % 2 else "town-2")
            for p in self.projects]), metadata=self.staff)
        await self.stub.SetSupervisionCalendar(pb.SetSupervisionCalendarRequest(
            name=f"{self.parent}/supervisionCalendars/{self.year}", calendar=pb.SupervisionCalendar(
                topics=[pb.SupervisionCalendar.Topic(title="年度民生实事项目推进", projects=[p.name for p in self.projects])],
                mid_year_supervision_date=f"{self.year}-07-15", year_end_inquiry_date=f"{self.year}-12-10")),
            metadata=self.staff)

    async def plan(self) -> None:
        for p in self.projects:
            milestones = [pb.Milestone(title=t, due_date=f"{self.year}-{d}")
                          for t, d in (("开工", "03-31"), ("主体完工", "07-31"), ("竣工验收", "11-15"))]
            works = p.budget_yuan * 9 // 10
            budget = [pb.BudgetLine(item="工程费用", amount_yuan=works),
                      pb.BudgetLine(item="其他费用", amount_yuan=p.budget_yuan - works)]
            await self.stub.SetImplementationPlan(pb.SetImplementationPlanRequest(name=p.name, plan=pb.ImplementationPlan(
                milestones=milestones, budget=budget, contact_name="项目负责人", contact_phone="0633-8000000")),
                metadata=self.unit(p))
            await self.stub.ApproveImplementationPlan(pb.ApproveImplementationPlanRequest(name=p.name),
                                                      metadata=self.staff)

    async def start_in_bulk(self) -> int:
        """Every project's start, in one sheet: the export, filled in and uploaded."""
        sheet = await self.stub.ExportProgressSheet(pb.ExportProgressSheetRequest(
            parent=self.parent, year=self.year, format=pb.XLSX), metadata=self.staff)
        book = openpyxl.load_workbook(io.BytesIO(sheet.content))
        for row, p in zip(book.active.iter_rows(min_row=2), self.projects):
            for key, value in (("report_date", f"{self.year}-04-10"), ("percent_complete", 25),
                               ("spent_yuan", p.budget_yuan // 5), ("milestone_id", "m1"), ("text", "已开工建设")):
                row[COLUMN[key]].value = value
        out = io.BytesIO()
        book.save(out)
        result = await self.stub.ImportProgressSheet(pb.ImportProgressSheetRequest(
            parent=self.parent, year=self.year, format=pb.XLSX, content=out.getvalue()), metadata=self.staff)
        return len(result.reports)

    async def report(self, p: pb.Project, date: str, percent: int, milestone: str, *, done: bool = False) -> None:
        await self.stub.ReportProgress(pb.ReportProgressRequest(parent=p.name, report=pb.ProgressReport(
            report_date=f"{self.year}-{date}", percent_complete=percent, spent_yuan=p.budget_yuan * percent // 100,
            milestone_id=milestone, text="按计划推进" if not done else "已完工，申请验收", claims_completion=done,
            attachments=[f"doc:{self.id}-{p.adoption_rank}-{date}"]), request_id=f"demo-{p.name}-{date}"),
            metadata=self.unit(p))

    async def inspect_and_rectify(self) -> None:
        """The mid-year focused inspection: a finding to the first project's unit, rectified and verified."""
        first = self.projects[0]
        inspection = await self.stub.RecordInspection(pb.RecordInspectionRequest(
            parent=self.parent, request_id=f"demo-mid-year-{self.year}", inspection=pb.Inspection(
                supervision_group=self.group, kind=pb.Inspection.FOCUSED_INSPECTION, date=f"{self.year}-07-15",
                participants=[s[0] for s in SUPERVISORS], projects=[p.name for p in self.projects],
                findings=[pb.Finding(project=first.name, text="施工现场安全围挡不到位，群众出行不便"),
                          pb.Finding(project=first.name, text="监理日志记录不全", internal=True)])),
            metadata=self.supervisor)
        rectification = await self.stub.RequestRectification(pb.RequestRectificationRequest(
            parent=first.name, rectification=pb.Rectification(inspection=inspection.name, finding_index=0,
                                                              deadline=f"{self.year}-08-15")), metadata=self.supervisor)
        await self.stub.AnswerRectification(pb.AnswerRectificationRequest(
            name=rectification.name, text="已增设围挡并开辟临时便道", attachments=[f"doc:{self.id}-rectify-1"]),
            metadata=self.unit(first))
        await self.stub.VerifyRectification(pb.VerifyRectificationRequest(name=rectification.name, accepted=True),
                                            metadata=self.supervisor)

    async def complete(self) -> None:
        """Completion reported and verified, but for the delayed."""
        for p in self.projects:
            if p.name in self.delayed:
                continue
            await self.report(p, "11-20", 100, "m3", done=True)
            await self.stub.VerifyCompletion(pb.VerifyCompletionRequest(name=p.name, accepted=True),
                                             metadata=self.supervisor)

    async def carry_over(self) -> list[pb.Project]:
        """At year end the delayed projects are carried over, with the government's explanation."""
        for name in sorted(self.delayed):
            await self.stub.CarryOverProject(pb.CarryOverProjectRequest(
                name=name, explanation="因征地协调时间较长，项目主体已完成，附属工程预计次年6月底前完工",
                completion_deadline=f"{self.year + 1}-06-30"), metadata=self.staff)
        return [await self.stub.GetProject(pb.GetProjectRequest(name=p.name), metadata=self.staff)
                for p in self.projects]

    async def inquire(self) -> None:
        questions = [pb.Inquiry.Question(project=p.name, asked_by="district-1", question=f"«{p.title}»为何未按期完工？",
                                         answer="已书面说明原因，将加快推进", answered_by="副镇长")
                     for p in self.projects if p.name in self.delayed]
        questions.append(pb.Inquiry.Question(asked_by="city-1", question="明年如何提高项目完成质量？",
                                             answer="建立周调度、月通报制度", answered_by="镇长"))
        await self.stub.RecordInquiry(pb.RecordInquiryRequest(
            name=f"{self.parent}/supervisionCalendars/{self.year}",
            inquiry=pb.Inquiry(date=f"{self.year}-12-10", questions=questions)), metadata=self.staff)

    async def run(self) -> list[pb.Project]:
        await self.organise()
        await self.plan()
        bulk_reports = await self.start_in_bulk()
        for p in self.projects:
            await self.report(p, "07-20", 75 if p.name in self.delayed else 60, "" if p.name in self.delayed else "m2")
        await self.inspect_and_rectify()
        await self.complete()
        await self.inquire()
        final = await self.carry_over()
        completed = [p for p in final if p.state == pb.COMPLETED]
        self.ctx.results["completed"][self.id] = len(completed)
        say(f"  {self.town['name']}: {len(completed)} of {len(final)} completed and verified; "
            f"{bulk_reports} starts reported in one sheet; 1 finding rectified")
        for p in final:
            if p.state != pb.COMPLETED:
                follow = (f", carried into {p.supervision_year}: {p.carry_overs[-1].explanation}"
                          if p.carry_overs else "")
                say(f"    delayed: {p.title} ({p.percent_complete}%, due {p.completion_deadline}){follow}")
        return final


async def _arrived(ctx: DemoContext, stub: SupervisionServiceStub, town_id: str, count: int, timeout: float):
    async def registered():
        found = await stub.ListProjects(pb.ListProjectsRequest(parent=f"towns/{town_id}", year=ctx.year),
                                        metadata=ctx.staff(town_id))
        return list(found.projects) if len(found.projects) >= count else None
    return await wait_for(registered, timeout=timeout, what=f"{town_id}'s adopted projects reaching supervision")


async def run(ctx: DemoContext) -> None:
    say(f"\n== Supervision (监督), {ctx.year}")
    adopted = ctx.results.get("adopted")
    if not adopted:
        say("  skipped: no adopted projects (the voting stage has not run)")
        return
    towns = [t for t in ctx.towns if adopted.get(t["id"])]
    ctx.results["completed"] = {}
    async with ctx.channel("supervision") as channel:
        stub = SupervisionServiceStub(channel)
        try:
            first = await _arrived(ctx, stub, towns[0]["id"], len(adopted[towns[0]["id"]]), ARRIVAL_SECONDS)
        except TimeoutError:
            say(f"  skipped: no ProjectsAdopted event reached supervision within {ARRIVAL_SECONDS} s: the voting "
                "service does not publish the year's final decision yet (the decision issue wires it)")
            return
        final = []
        for index, town in enumerate(towns):
            projects = first if index == 0 else await _arrived(ctx, stub, town["id"], len(adopted[town["id"]]), 30)
            final += await Town(ctx, stub, index, town, projects).run()
    completed = sum(p.state == pb.COMPLETED for p in final)
    say(f"  district: {completed} of {len(final)} adopted projects completed; the delayed stay under follow-up "
        "supervision, and the consumer's scheduled check (every 5 minutes) raises each missed deadline once")
