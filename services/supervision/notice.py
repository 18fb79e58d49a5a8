"""The public progress notice (公示): what the public may read of a project. Pure.

Only the project as adopted, its state and figures, the milestones, the government's
explanation of a carry-over, and the findings not marked internal with their rectification's
state. Never the plan's contact, report texts, attachments, who reported or verified, the
supervisors, or internal findings."""
from dataclasses import dataclass
from datetime import date

from services.supervision.domain import Project, ProjectState
from services.supervision.oversight import Rectification, RectificationState


@dataclass(frozen=True)
class MilestoneStatus:
    title: str
    due: date
    reached: date | None


@dataclass(frozen=True)
class PublicRectification:
    finding: str
    deadline: date
    state: RectificationState


@dataclass(frozen=True)
class NoticeEntry:
    project: str
    title: str
    location: str
    budget_yuan: int
    funding_source: str
    responsible_unit: str
    deadline: date
    state: ProjectState
    percent_complete: int
    spent_yuan: int
    last_report_date: date | None
    milestones: tuple[MilestoneStatus, ...]
    follow_up_explanation: str | None
    rectifications: tuple[PublicRectification, ...]


def entry(project: Project, rectifications: list[Rectification]) -> NoticeEntry:
    plan = project.plan if project.plan and project.plan.approved else None
    milestones = tuple(MilestoneStatus(m.title, m.due, project.progress.reached.get(m.id))
                       for m in (plan.milestones if plan else ()))
    public = tuple(PublicRectification(r.finding, r.deadline, r.state) for r in rectifications
                   if r.project_id == project.id and not r.internal)
    return NoticeEntry(
        project=project.name, title=project.title, location=project.location, budget_yuan=project.budget_yuan,
        funding_source=project.funding_source, responsible_unit=project.responsible_unit, deadline=project.deadline,
        state=project.state, percent_complete=project.progress.percent_complete,
        spent_yuan=project.progress.spent_yuan, last_report_date=project.progress.report_date,
        milestones=milestones,
        follow_up_explanation=project.carry_overs[-1].explanation if project.carry_overs else None,
        rectifications=public)


def notice(projects: list[Project], rectifications: list[Rectification]) -> list[NoticeEntry]:
    return [entry(p, rectifications) for p in projects]
