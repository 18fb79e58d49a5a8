"""Use cases of supervision about projects: registration from the vote, plans, progress (one
report or a sheet), completion, carry-over, the public notice, and the scheduled check of
deadlines. One unit of work each, the state change and its events together.

Every step on a project locks its row first, so two steps on one project never interleave.
An implementing unit acts only on its own unit's projects; town staff act for any."""
from dataclasses import dataclass
from datetime import date

from minsheng.events.v1 import supervision_events_pb2 as ev
from minsheng.events.v1.envelope_pb2 import Envelope
from minsheng.events.v1.evaluation_events_pb2 import RectificationRequired
from minsheng.events.v1.voting_events_pb2 import ProjectsAdopted
from services.platform import audit
from services.platform.auth import DEPUTY, DISTRICT, PUBLIC, STAFF, UNIT, Caller
from services.platform.errors import FieldViolation, InvalidArgument, PermissionDenied, Violations
from services.platform.names import town_of
from services.platform.uow import Context, Occurrence, UnitOfWork
from services.supervision import bulk, deadlines, domain, notice, sheet
from services.supervision.deadlines import Overdue, OverdueKind
from services.supervision.domain import CarryOverCause, Plan, ProgressDraft, ProgressReport, Project
from services.supervision.models import Repository

# The actor of steps taken on another service's event.
VOTING_ACTOR = "voting-service"
EVALUATION_ACTOR = "evaluation-service"
READERS = (STAFF, DEPUTY, DISTRICT, UNIT)
# The scheduled check's name: its occurrences are kept under it.
DEADLINE_CHECK = "supervision-deadlines"


def today(ctx: Context) -> date:
    return ctx.service_settings.today()


def as_unit(caller: Caller) -> str | None:
    """The unit a caller acts as; None for town staff, who act for any unit."""
    return None if caller.has(STAFF) else caller.unit


def may_read(caller: Caller, project: Project) -> None:
    unit = as_unit(caller)
    if unit is not None and unit != project.responsible_unit:
        raise PermissionDenied("an implementing unit reads its own projects")


async def register_adopted(ctx: Context, uow: UnitOfWork[Repository], adopted: ProjectsAdopted,
                           envelope: Envelope) -> None:
    """Each adopted project comes under supervision once: the inbox drops a redelivered
    event, and the project's key (town, year, adoption rank) and its candidate drop a
    republished one."""
    if not isinstance(adopted, ProjectsAdopted):
        return
    town_id, now = envelope.town_id, audit.now()
    if town_of(adopted.candidate_list) != town_id:
        raise ValueError(f"event of town {town_id!r} names another town's candidate list")
    for a in adopted.adopted:
        if a.adoption_rank < 1 or town_of(a.candidate_id) != town_id:
            raise ValueError("an adopted project without its rank, or of another town")
        project = domain.new_project(
            town_id=town_id, year=adopted.year, number=a.adoption_rank, candidate_id=a.candidate_id,
            proposal=a.proposal, title=a.title, description=a.description, location=a.location,
            budget_yuan=a.budget_yuan, funding_source=a.funding_source, responsible_unit=a.responsible_unit,
            completion_deadline=date.fromisoformat(a.completion_deadline), actor=VOTING_ACTOR, now=now)
        if await uow.repo.add_project(project):
            uow.record(project.name, ev.ProjectRegistered(
                project=project.name, candidate_id=a.candidate_id, proposal=a.proposal, year=adopted.year,
                adoption_rank=a.adoption_rank, title=a.title, budget_yuan=a.budget_yuan,
                funding_source=a.funding_source, responsible_unit=a.responsible_unit,
                completion_deadline=a.completion_deadline))


async def get_project(ctx: Context, caller: Caller, town_id: str, year: int, number: int) -> Project:
    caller.require(town_id, *READERS)
    async with ctx.unit_of_work(town_id) as uow:
        project = await uow.repo.project(town_id, year, number)
    may_read(caller, project)
    return project


async def list_projects(ctx: Context, caller: Caller, town_id: str, year: int) -> list[Project]:
    """The year's projects in order of adoption; a unit's own only."""
    caller.require(town_id, *READERS)
    async with ctx.unit_of_work(town_id) as uow:
        found = await uow.repo.projects(town_id, year)
    unit = as_unit(caller)
    return [p for p in found if unit is None or p.responsible_unit == unit]


async def _change_project(ctx: Context, caller: Caller, town_id: str, year: int, number: int, change) -> Project:
    """Runs `change(uow, project, now)` on the locked project and saves it."""
    async with ctx.unit_of_work(town_id) as uow:
        project = await uow.repo.project(town_id, year, number, for_update=True)
        change(uow, project, audit.now())
        await uow.repo.save_project(project)
    return project


def _plan_event(project: Project, change_reason: str) -> ev.PlanSet:
    plan = project.plan
    return ev.PlanSet(project=project.name, version=plan.version, change_reason=change_reason,
                      approved=plan.approved, milestones=[
                          ev.PlannedMilestone(milestone_id=m.id, title=m.title, due_date=m.due.isoformat())
                          for m in plan.milestones])


async def set_plan(ctx: Context, caller: Caller, town_id: str, year: int, number: int, plan: Plan,
                   change_reason: str, problems: Violations) -> Project:
    """`problems`: what the API could not read of the request, reported with the plan's own."""
    caller.require(town_id, STAFF, UNIT)

    def change(uow, project, now):
        project.set_plan(plan, change_reason, caller.subject, now, as_unit=as_unit(caller), problems=problems)
        uow.record(project.name, _plan_event(project, change_reason))
    return await _change_project(ctx, caller, town_id, year, number, change)


async def approve_plan(ctx: Context, caller: Caller, town_id: str, year: int, number: int) -> Project:
    caller.require(town_id, STAFF)

    def change(uow, project, now):
        project.approve_plan(caller.subject, now)
        uow.record(project.name, ev.PlanApproved(project=project.name, version=project.plan.version))
    return await _change_project(ctx, caller, town_id, year, number, change)


def _report_events(uow: UnitOfWork, project: Project, report: ProgressReport) -> None:
    name = project.report_name(report.number)
    uow.record(project.name, ev.ProgressReported(
        project=project.name, report=name, report_date=report.report_date.isoformat(),
        percent_complete=report.percent_complete, spent_yuan=report.spent_yuan, milestone_id=report.milestone_id,
        claims_completion=report.claims_completion))
    if report.claims_completion:
        uow.record(project.name, ev.CompletionReported(project=project.name, report=name,
                                                       report_date=report.report_date.isoformat(),
                                                       spent_yuan=report.spent_yuan))


async def report_progress(ctx: Context, caller: Caller, town_id: str, year: int, number: int, draft: ProgressDraft,
                          request_id: str, problems: Violations) -> tuple[Project, ProgressReport]:
    """A retry with the same request id returns the report the first call made. `problems`:
    what the API could not read of the request, reported with the report's own."""
    caller.require(town_id, STAFF, UNIT)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        project = await repo.project(town_id, year, number, for_update=True)
        earlier = await repo.report_by_request(town_id, request_id) if request_id and not problems.items else None
        if earlier:
            if earlier[0] != (year, number):
                raise InvalidArgument([FieldViolation("request_id", "made another project's report")])
            may_read(caller, project)
            return project, earlier[1]
        report = project.report(draft, caller.subject, audit.now(), today(ctx), as_unit=as_unit(caller),
                                problems=problems)
        await repo.add_report(project, report, request_id or None)
        await repo.save_project(project)
        _report_events(uow, project, report)
    return project, report


async def list_reports(ctx: Context, caller: Caller, town_id: str, year: int,
                       number: int) -> tuple[Project, list[ProgressReport]]:
    caller.require(town_id, *READERS)
    async with ctx.unit_of_work(town_id) as uow:
        project = await uow.repo.project(town_id, year, number)
        may_read(caller, project)
        return project, await uow.repo.reports(town_id, year, number)


async def verify_completion(ctx: Context, caller: Caller, town_id: str, year: int, number: int, accepted: bool,
                            reason: str) -> Project:
    """By the project's supervision group (a member's account) or town staff for it."""
    caller.require(town_id, STAFF, DEPUTY)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        project = await repo.project(town_id, year, number, for_update=True)
        if project.group_id:
            await require_group_member(repo, caller, town_id, project.group_id)
        elif not caller.has(STAFF):
            raise PermissionDenied("only the project's supervision group (or town staff for it) verifies")
        project.verify_completion(accepted, reason, caller.subject, audit.now())
        await repo.save_project(project)
        if accepted:
            uow.record(project.name, ev.ProjectCompleted(project=project.name, year=project.year,
                                                         supervision_year=project.supervision_year,
                                                         spent_yuan=project.progress.spent_yuan))
        else:
            uow.record(project.name, ev.CompletionSentBack(project=project.name, reason=reason))
    return project


async def require_group_member(repo: Repository, caller: Caller, town_id: str, group_id: str) -> None:
    """Town staff, or a member of the group by their token's subject."""
    if caller.has(STAFF):
        return
    group = await repo.group(town_id, group_id)
    if not any(s.account == caller.subject and s.id in group.members for s in await repo.supervisors(town_id)):
        raise PermissionDenied("only the supervision group's members (or town staff for them) may do this")


def carry_over(uow: UnitOfWork, project: Project, cause: CarryOverCause, explanation: str, deadline: date | None,
               actor: str, today_is: date) -> None:
    """The project into next year's follow-up supervision. The API's year-end carry-over
    runs it, and the evaluation's 不满意 from the consumer (carry_over_unsatisfactory)."""
    carried = project.carry_over(cause, explanation, deadline, actor, audit.now(), today_is)
    uow.record(project.name, ev.ProjectCarriedOver(
        project=project.name, year=project.year, into_year=carried.into_year, cause=cause.value,
        explanation=explanation, completion_deadline=deadline.isoformat(), state=project.state.value,
        percent_complete=project.progress.percent_complete))


async def carry_over_unsatisfactory(ctx: Context, uow: UnitOfWork[Repository], required: RectificationRequired,
                                    envelope: Envelope) -> None:
    """The evaluation's 不满意 (its rectification_required): a completed project goes back
    IN_PROGRESS under next year's follow-up supervision, the grade and counts in its public
    explanation. One not completed is under follow-up already; a republished event, whose
    carry-over is there, changes nothing."""
    if not isinstance(required, RectificationRequired):
        return
    if town_of(required.project) != envelope.town_id:
        raise ValueError(f"event of town {envelope.town_id!r} names another town's project")
    year, number = domain.parse_project_id("project", required.project.rsplit("/", 1)[-1])
    project = await uow.repo.project(envelope.town_id, year, number, for_update=True)
    deadline = date.fromisoformat(required.rectification_deadline)
    if project.state is not domain.ProjectState.COMPLETED or any(
            c.cause is CarryOverCause.UNSATISFACTORY_EVALUATION and c.into_year == deadline.year
            for c in project.carry_overs):
        return
    carry_over(uow, project, CarryOverCause.UNSATISFACTORY_EVALUATION, required.statement, deadline,
               EVALUATION_ACTOR, today(ctx))
    await uow.repo.save_project(project)


async def carry_over_unfinished(ctx: Context, caller: Caller, town_id: str, year: int, number: int,
                                explanation: str, deadline: date | None) -> Project:
    """Town staff record the government's written explanation at year end."""
    caller.require(town_id, STAFF)

    def change(uow, project, now):
        carry_over(uow, project, CarryOverCause.UNFINISHED, explanation, deadline, caller.subject, today(ctx))
    return await _change_project(ctx, caller, town_id, year, number, change)


async def export_sheet(ctx: Context, caller: Caller, town_id: str, year: int, fmt: sheet.Format) -> bytes:
    caller.require(town_id, STAFF, UNIT)
    async with ctx.unit_of_work(town_id) as uow:
        projects = await uow.repo.projects(town_id, year)
        last = await uow.repo.last_reports(town_id, year)
    unit = as_unit(caller)
    mine = [p for p in projects if unit is None or p.responsible_unit == unit]
    return sheet.write(fmt, bulk.HEADER, bulk.export_rows(mine, last))


async def import_sheet(ctx: Context, caller: Caller, town_id: str, year: int, fmt: sheet.Format,
                       content: bytes) -> tuple[list[bulk.Taken], int]:
    """Every row or none: the reports the rows made, and how many rows were left alone."""
    caller.require(town_id, STAFF, UNIT)
    header, rows = sheet.read(fmt, content)
    unit = as_unit(caller)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        projects = await repo.projects(town_id, year, for_update=True)
        mine = {p.name: p for p in projects if unit is None or p.responsible_unit == unit}
        taken, unchanged = bulk.take_rows(header, rows, mine, await repo.last_reports(town_id, year),
                                          actor=caller.subject, now=audit.now(), today=today(ctx), as_unit=unit)
        for made in taken:
            await repo.add_report(made.project, made.report, None)
            _report_events(uow, made.project, made.report)
        for project in {made.project.name: made.project for made in taken}.values():
            await repo.save_project(project)
    return taken, unchanged


@dataclass(frozen=True)
class Notice:
    town_name: str
    year: int
    entries: list[notice.NoticeEntry]


async def progress_notice(ctx: Context, caller: Caller, town_id: str, year: int) -> Notice:
    """公示: anyone of the town (and the district) reads it."""
    caller.require(town_id, PUBLIC, *READERS)
    async with ctx.unit_of_work(town_id) as uow:
        projects = await uow.repo.projects(town_id, year)
        found = await uow.repo.rectifications(town_id, [(p.year, p.number) for p in projects])
    return Notice(ctx.towns.name_of(town_id), year, notice.notice(projects, found))


def _overdue_event(o: Overdue, day: date):
    project = o.project
    if o.kind is OverdueKind.MILESTONE:
        return ev.MilestoneOverdue(project=project.name, milestone_id=o.milestone.id, title=o.milestone.title,
                                   due_date=o.due.isoformat(), detected_on=day.isoformat())
    if o.kind is OverdueKind.PROJECT:
        return ev.ProjectOverdue(project=project.name, deadline=o.due.isoformat(), state=project.state.value,
                                 percent_complete=project.progress.percent_complete, detected_on=day.isoformat())
    return ev.RectificationOverdue(rectification=o.aggregate, project=project.name,
                                   responsible_unit=o.rectification.responsible_unit, deadline=o.due.isoformat(),
                                   detected_on=day.isoformat())


async def check_deadlines(ctx: Context, town_id: str) -> dict[str, int]:
    """The scheduled check (services.platform.schedule): raises each missed milestone,
    project deadline and rectification deadline once; returns what is overdue now, by kind."""
    day = today(ctx)
    async with ctx.unit_of_work(town_id) as uow:
        projects = await uow.repo.projects_to_check(town_id)
        found = deadlines.overdue(projects, await uow.repo.awaiting_answers(town_id), day)
        await uow.raise_once(DEADLINE_CHECK, [Occurrence(o.aggregate, o.period, _overdue_event(o, day))
                                              for o in found])
    return {kind.value: sum(o.kind is kind for o in found) for kind in OverdueKind}
