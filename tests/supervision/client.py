"""A small client of the supervision API for tests: a town's adopted projects (published as
voting's ProjectsAdopted), its callers, and the usual steps."""
from minsheng.events.v1.voting_events_pb2 import AdoptedProject
from minsheng.supervision.v1 import supervision_pb2 as pb
from minsheng.supervision.v1.supervision_pb2_grpc import SupervisionServiceStub
from tests.events import publish_projects_adopted
from tests.helpers import staff_of, wait_for

YEAR = 2024
UNIT = "镇建设办"
OTHER_UNIT = "镇水利站"


def adopted(town: str, rank: int, *, deadline: str = f"{YEAR}-11-30", unit: str = UNIT, budget: int = 300000,
            year: int = YEAR) -> AdoptedProject:
    return AdoptedProject(
        candidate_id=f"towns/{town}/reviews/{year}/items/item-{rank}", proposal=f"towns/{town}/proposals/{year}-{rank}",
        rank=rank, adoption_rank=rank, title=f"民生项目{rank}", description="实施内容", location="一村",
        budget_yuan=budget, funding_source="镇财政", responsible_unit=unit, completion_deadline=deadline)


def plan_message(*, due=("2024-04-30", "2024-07-31", "2024-11-15"), budget: int = 300000,
                 **changes) -> pb.ImplementationPlan:
    fields = dict(milestones=[pb.Milestone(title=f"节点{i}", due_date=d) for i, d in enumerate(due, start=1)],
                  budget=[pb.BudgetLine(item="工程", amount_yuan=budget)], contact_name="张工",
                  contact_phone="0633-1234567")
    return pb.ImplementationPlan(**(fields | changes))


def report_message(**changes) -> pb.ProgressReport:
    fields = dict(report_date="2024-05-02", percent_complete=20, spent_yuan=50000, milestone_id="m1", text="已开工",
                  attachments=["https://example.org/p1.jpg"])
    return pb.ProgressReport(**(fields | changes))


class Supervision:
    def __init__(self, channel, issuer, town: str):
        self.stub = SupervisionServiceStub(channel)
        self.issuer = issuer
        self.town = town
        self.parent = f"towns/{town}"
        self.staff = staff_of(issuer, town)
        self.unit = issuer.metadata(f"unit-{town}-1", town, "unit", unit=UNIT)
        self.other_unit = issuer.metadata(f"unit-{town}-2", town, "unit", unit=OTHER_UNIT)
        # The deputy on the roster as supervisor wang (see form_group).
        self.supervisor = issuer.metadata(f"deputy-{town}-001", town, "deputy")
        self.public = issuer.metadata(f"wechat-{town}", town, "public")

    def project(self, rank: int, year: int = YEAR) -> str:
        return f"towns/{self.town}/projects/{year}-{rank}"

    async def adopt(self, js, projects: list[AdoptedProject], year: int = YEAR) -> bytes:
        """Publishes the town's ProjectsAdopted and waits until every project is registered."""
        data = await publish_projects_adopted(js, self.town, year, projects)
        await self.wait_for_projects(len(projects), year)
        return data

    async def projects(self, year: int = YEAR) -> list[pb.Project]:
        response = await self.stub.ListProjects(pb.ListProjectsRequest(parent=self.parent, year=year),
                                                metadata=self.staff)
        return list(response.projects)

    async def wait_for_projects(self, count: int, year: int = YEAR) -> list[pb.Project]:
        async def arrived():
            found = await self.projects(year)
            return found if len(found) >= count else None
        return await wait_for(arrived, what=f"{count} projects registered")

    async def get(self, name: str) -> pb.Project:
        return await self.stub.GetProject(pb.GetProjectRequest(name=name), metadata=self.staff)

    async def set_plan(self, name: str, plan: pb.ImplementationPlan | None = None, *, reason: str = "",
                       metadata=None) -> pb.Project:
        return await self.stub.SetImplementationPlan(pb.SetImplementationPlanRequest(
            name=name, plan=plan or plan_message(), change_reason=reason), metadata=metadata or self.unit)

    async def approve(self, name: str) -> pb.Project:
        return await self.stub.ApproveImplementationPlan(pb.ApproveImplementationPlanRequest(name=name),
                                                         metadata=self.staff)

    async def under_way(self, name: str, plan: pb.ImplementationPlan | None = None) -> pb.Project:
        await self.set_plan(name, plan)
        return await self.approve(name)

    async def report(self, name: str, report: pb.ProgressReport | None = None, *, request_id: str = "",
                     metadata=None) -> pb.ProgressReport:
        return await self.stub.ReportProgress(pb.ReportProgressRequest(
            parent=name, report=report or report_message(), request_id=request_id), metadata=metadata or self.unit)

    async def form_group(self, projects: list[str], group_id: str = "group-1") -> pb.SupervisionGroup:
        """Supervisors wang (a city deputy with an account) and li (a town deputy without),
        in one group of the year, wang in charge of the projects."""
        for supervisor_id, name, level, account in (("wang", "王五", pb.Supervisor.CITY, f"deputy-{self.town}-001"),
                                                    ("li", "李四", pb.Supervisor.TOWN, "")):
            await self.stub.AddSupervisor(pb.AddSupervisorRequest(
                parent=self.parent, supervisor_id=supervisor_id, supervisor=pb.Supervisor(
                    display_name=name, level=level, activity_group="第一代表活动小组", account=account)),
                metadata=self.staff)
        await self.stub.FormSupervisionGroup(pb.FormSupervisionGroupRequest(
            parent=self.parent, group_id=group_id, group=pb.SupervisionGroup(
                year=YEAR, title="专项监督小组", members=["wang", "li"], leader="wang")), metadata=self.staff)
        name = f"{self.parent}/supervisionGroups/{group_id}"
        if not projects:
            return await self.stub.GetSupervisionGroup(pb.GetSupervisionGroupRequest(name=name), metadata=self.staff)
        return await self.stub.AssignProjects(pb.AssignProjectsRequest(name=name, assignments=[
            pb.SupervisionGroup.Assignment(project=p, supervisor="wang") for p in projects]), metadata=self.staff)

    async def inspect(self, findings: list[pb.Finding], *, date: str = "2024-06-20", request_id: str = "",
                      metadata=None) -> pb.Inspection:
        projects = sorted({f.project for f in findings})
        return await self.stub.RecordInspection(pb.RecordInspectionRequest(
            parent=self.parent, request_id=request_id, inspection=pb.Inspection(
                supervision_group=f"{self.parent}/supervisionGroups/group-1", kind=pb.Inspection.FOCUSED_INSPECTION,
                date=date, participants=["wang", "li"], projects=projects, findings=findings)),
            metadata=metadata or self.supervisor)

    async def rectify(self, project: str, inspection: str, finding_index: int = 0, *,
                      deadline: str = "2024-07-31") -> pb.Rectification:
        return await self.stub.RequestRectification(pb.RequestRectificationRequest(
            parent=project, rectification=pb.Rectification(inspection=inspection, finding_index=finding_index,
                                                           deadline=deadline)), metadata=self.supervisor)
