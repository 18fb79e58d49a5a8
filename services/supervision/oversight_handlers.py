"""Use cases of the supervisors' side: the roster, groups and assignments, the calendar and
its year-end inquiry, inspections, and rectifications. One unit of work each, the state
change and its events together."""
import uuid
from dataclasses import dataclass, replace
from datetime import date

from minsheng.events.v1 import supervision_events_pb2 as ev
from services.platform import audit
from services.platform.auth import DEPUTY, DISTRICT, STAFF, UNIT, Caller
from services.platform.audit import AuditEntry
from services.platform.errors import FailedPrecondition, NotFound, PermissionDenied, Violations
from services.platform.uow import Context
from services.supervision import oversight
from services.supervision.domain import Project
from services.supervision.handlers import READERS, as_unit, may_read, require_group_member, today
from services.supervision.oversight import (CALENDAR, Calendar, Inquiry, Inspection, Rectification, Supervisor,
                                            SupervisionGroup)

# Who reads the supervisors' side: not the implementing units, whose part is their own
# projects and rectifications.
OVERSEERS = (STAFF, DEPUTY, DISTRICT)


async def add_supervisor(ctx: Context, caller: Caller, town_id: str, supervisor: Supervisor) -> Supervisor:
    """Adding the same supervisor again is a safe retry; another with the same id is refused."""
    caller.require(town_id, STAFF)
    supervisor.validate()
    now = audit.now()
    supervisor = replace(supervisor, history=[AuditEntry(caller.subject, "added", now, supervisor.activity_group)])
    async with ctx.unit_of_work(town_id) as uow:
        if await uow.repo.add_supervisor(supervisor):
            return supervisor
        existing = await uow.repo.supervisor(town_id, supervisor.id)
    if not existing.same_as(supervisor):
        raise FailedPrecondition(f"the roster has another supervisor {supervisor.id!r}", reason="SUPERVISOR_EXISTS")
    return existing


async def list_supervisors(ctx: Context, caller: Caller, town_id: str) -> list[Supervisor]:
    caller.require(town_id, *OVERSEERS)
    async with ctx.unit_of_work(town_id) as uow:
        return await uow.repo.supervisors(town_id)


@dataclass(frozen=True)
class GroupView:
    group: SupervisionGroup
    assigned: list[Project]


async def form_group(ctx: Context, caller: Caller, town_id: str, group: SupervisionGroup) -> GroupView:
    """Forming the same group again is a safe retry; another with the same id is refused."""
    caller.require(town_id, STAFF)
    now = audit.now()
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        group.validate({s.id for s in await repo.supervisors(town_id)})
        group = replace(group, history=[AuditEntry(caller.subject, "formed", now, f"{len(group.members)} members")])
        if await repo.add_group(group):
            return GroupView(group, [])
        existing = await repo.group(town_id, group.id)
        if not existing.same_as(group):
            raise FailedPrecondition(f"the town has another group {group.id!r}", reason="GROUP_EXISTS")
        return GroupView(existing, await repo.assigned(town_id, group.id))


async def get_group(ctx: Context, caller: Caller, town_id: str, group_id: str) -> GroupView:
    caller.require(town_id, *OVERSEERS)
    async with ctx.unit_of_work(town_id) as uow:
        return GroupView(await uow.repo.group(town_id, group_id), await uow.repo.assigned(town_id, group_id))


async def list_groups(ctx: Context, caller: Caller, town_id: str, year: int) -> list[GroupView]:
    caller.require(town_id, *OVERSEERS)
    async with ctx.unit_of_work(town_id) as uow:
        found = await uow.repo.groups(town_id, year)
        return [GroupView(g, await uow.repo.assigned(town_id, g.id)) for g in found]


async def assign_projects(ctx: Context, caller: Caller, town_id: str, group_id: str,
                          assignments: list[tuple[tuple[int, int], str]]) -> GroupView:
    """Each ((year, number), supervisor id): the project to the group, that member in charge."""
    caller.require(town_id, STAFF)
    now = audit.now()
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        group = await repo.group(town_id, group_id)
        under = {(p.year, p.number): p for p in await repo.projects(town_id, group.year, for_update=True)}
        v = Violations()
        v.check(0 < len(assignments) <= 200, "assignments", "name 1 to 200 projects")
        for i, (key, supervisor) in enumerate(assignments):
            v.check(key in under, f"assignments[{i}].project", f"not a project under supervision in {group.year}")
            v.check(supervisor in group.members, f"assignments[{i}].supervisor", "not a member of the group")
        keys = [key for key, _ in assignments]
        v.check(len(set(keys)) == len(keys), "assignments", "names a project twice")
        v.raise_if_any()
        changed = [key for key, supervisor in assignments if under[key].assign(group_id, supervisor, caller.subject,
                                                                               now)]
        for key in changed:
            await repo.save_project(under[key])
        if changed:
            group.history.append(AuditEntry(caller.subject, "projects assigned", now, f"{len(changed)} projects"))
            await repo.save_group_history(group)
        return GroupView(group, await repo.assigned(town_id, group_id))


async def set_calendar(ctx: Context, caller: Caller, town_id: str, calendar: Calendar) -> Calendar:
    caller.require(town_id, STAFF)
    now = audit.now()
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        calendar.validate(await repo.project_names(town_id, calendar.year))
        existing = await repo.calendar(town_id, calendar.year, for_update=True)
        if existing is None:
            existing = replace(calendar, history=[AuditEntry(caller.subject, "calendar set", now,
                                                             f"{len(calendar.topics)} topics")])
        else:
            existing.replace_plan(calendar, caller.subject, now)
        await repo.save_calendar(existing)
    return existing


async def get_calendar(ctx: Context, caller: Caller, town_id: str, year: int) -> Calendar:
    caller.require(town_id, *OVERSEERS)
    async with ctx.unit_of_work(town_id) as uow:
        found = await uow.repo.calendar(town_id, year)
    if found is None:
        raise NotFound(f"no supervision calendar {CALENDAR.format(town=town_id, year=year)}")
    return found


async def record_inquiry(ctx: Context, caller: Caller, town_id: str, year: int, inquiry: Inquiry) -> Calendar:
    """The year-end inquiry as the town's staff minute it."""
    caller.require(town_id, STAFF)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        calendar = await repo.calendar(town_id, year, for_update=True)
        if calendar is None:
            raise FailedPrecondition(f"set the {year} supervision calendar first", reason="NO_CALENDAR")
        calendar.record_inquiry(inquiry, await repo.project_names(town_id, year),
                                {s.id for s in await repo.supervisors(town_id)}, caller.subject, audit.now(),
                                today(ctx))
        await repo.save_calendar(calendar)
        uow.record(calendar.name, ev.InquiryRecorded(calendar=calendar.name, year=year,
                                                     date=inquiry.date.isoformat(),
                                                     question_count=len(inquiry.questions)))
    return calendar


async def record_inspection(ctx: Context, caller: Caller, town_id: str, inspection: Inspection,
                            request_id: str) -> Inspection:
    """By a member of the group (their account) or town staff for it. A retry with the same
    request id returns the inspection the first call recorded."""
    caller.require(town_id, STAFF, DEPUTY)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        if request_id and (earlier := await repo.inspection_by_request(town_id, request_id)):
            return earlier
        group = await repo.find_group(town_id, inspection.group_id)
        inspection.validate(group, await repo.project_names(town_id, group.year) if group else set(), today(ctx))
        await require_group_member(repo, caller, town_id, group.id)
        inspection = replace(inspection, id=str(uuid.uuid4()), recorded_by=caller.subject, recorded_at=audit.now())
        await repo.add_inspection(inspection, request_id or None)
        internal = sum(f.internal for f in inspection.findings)
        uow.record(inspection.name, ev.InspectionRecorded(
            inspection=inspection.name, supervision_group=group.name, kind=inspection.kind.value,
            date=inspection.date.isoformat(), projects=inspection.projects,
            finding_count=len(inspection.findings), internal_finding_count=internal))
    return inspection


async def get_inspection(ctx: Context, caller: Caller, town_id: str, inspection_id: str) -> Inspection:
    caller.require(town_id, *OVERSEERS)
    async with ctx.unit_of_work(town_id) as uow:
        return await uow.repo.inspection(town_id, inspection_id)


async def list_inspections(ctx: Context, caller: Caller, town_id: str, year: int) -> list[Inspection]:
    caller.require(town_id, *OVERSEERS)
    async with ctx.unit_of_work(town_id) as uow:
        return await uow.repo.inspections(town_id, year)


async def send_finding(ctx: Context, caller: Caller, town_id: str, year: int, number: int, inspection_id: str,
                  finding_index: int, deadline: date | None) -> Rectification:
    """A finding to the project's unit, by the inspection's group or town staff. Sending the
    same finding again returns the rectification it made."""
    caller.require(town_id, STAFF, DEPUTY)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        project = await repo.project(town_id, year, number, for_update=True)
        inspection = await repo.inspection(town_id, inspection_id)
        await require_group_member(repo, caller, town_id, inspection.group_id)
        made = await repo.rectifications(town_id, [(year, number)])
        earlier = next((r for r in made if (r.inspection_id, r.finding_index) == (inspection_id, finding_index)), None)
        if earlier:
            return earlier
        rectification = oversight.request_rectification(
            inspection=inspection, finding_index=finding_index, project_id=project.id, project_name=project.name,
            responsible_unit=project.responsible_unit, number=len(made) + 1, deadline=deadline,
            actor=caller.subject, now=audit.now())
        await repo.add_rectification(rectification)
        uow.record(rectification.name, ev.RectificationRequested(
            rectification=rectification.name, project=project.name, inspection=inspection.name,
            responsible_unit=project.responsible_unit, deadline=deadline.isoformat(),
            internal=rectification.internal))
    return rectification


def _may_read(caller: Caller, rectification: Rectification) -> None:
    unit = as_unit(caller)
    if unit is not None and unit != rectification.responsible_unit:
        raise PermissionDenied("an implementing unit reads its own rectifications")


async def get_rectification(ctx: Context, caller: Caller, town_id: str, year: int, number: int,
                            rectification: int) -> Rectification:
    caller.require(town_id, *READERS)
    async with ctx.unit_of_work(town_id) as uow:
        found = await uow.repo.rectification(town_id, year, number, rectification)
    _may_read(caller, found)
    return found


async def list_rectifications(ctx: Context, caller: Caller, town_id: str, year: int,
                              number: int) -> list[Rectification]:
    caller.require(town_id, *READERS)
    async with ctx.unit_of_work(town_id) as uow:
        may_read(caller, await uow.repo.project(town_id, year, number))
        return await uow.repo.rectifications(town_id, [(year, number)])


async def answer_rectification(ctx: Context, caller: Caller, town_id: str, year: int, number: int, rectification: int,
                 text: str, attachments: tuple[str, ...]) -> Rectification:
    """By the responsible unit, or town staff for it."""
    caller.require(town_id, STAFF, UNIT)
    async with ctx.unit_of_work(town_id) as uow:
        found = await uow.repo.rectification(town_id, year, number, rectification, for_update=True)
        _may_read(caller, found)
        found.answer(text, attachments, caller.subject, audit.now())
        await uow.repo.save_rectification(found)
        uow.record(found.name, ev.RectificationAnswered(
            rectification=found.name, project=found.project))
    return found


async def verify_rectification(ctx: Context, caller: Caller, town_id: str, year: int, number: int, rectification: int,
                 accepted: bool, reason: str, new_deadline: date | None) -> Rectification:
    """By the inspection's group, or town staff for it."""
    caller.require(town_id, STAFF, DEPUTY)
    async with ctx.unit_of_work(town_id) as uow:
        repo = uow.repo
        found = await repo.rectification(town_id, year, number, rectification, for_update=True)
        inspection = await repo.inspection(town_id, found.inspection_id)
        await require_group_member(repo, caller, town_id, inspection.group_id)
        found.verify(accepted, reason, new_deadline, caller.subject, audit.now(), today(ctx))
        await repo.save_rectification(found)
        uow.record(found.name, ev.RectificationVerified(
            rectification=found.name, project=found.project, accepted=accepted,
            new_deadline=new_deadline.isoformat() if new_deadline else ""))
    return found
