"""When something is overdue. Pure: no gRPC, SQL or NATS here, and no clock: the day to
judge by is given.

- A milestone of an approved plan is overdue once its due date has passed and no report
  reached it, while the project's completion is not reported or verified.
- A project is overdue once its deadline in force (the adoption's, or the last carry-over's)
  has passed without its completion reported.
- A rectification is overdue once its deadline has passed unanswered (an answer sent back
  gets a new deadline).

Each is one occurrence per period: the due date or deadline it missed. A later date (a
changed plan, a carry-over, a rectification sent back) is a new period, which may be missed again."""
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.supervision.domain import Milestone, Project, ProjectState
from services.supervision.oversight import Rectification, RectificationState


class OverdueKind(StrEnum):
    MILESTONE = "milestone"
    PROJECT = "project"
    RECTIFICATION = "rectification"


@dataclass(frozen=True)
class Overdue:
    kind: OverdueKind
    # The resource the event is about: the project, or the rectification.
    aggregate: str
    # What makes it once: the date missed (and the milestone).
    period: str
    due: date
    project: Project
    milestone: Milestone | None = None
    rectification: Rectification | None = None


def milestones_overdue(project: Project, today: date) -> list[Overdue]:
    plan = project.plan
    if plan is None or not plan.approved or project.state is not ProjectState.IN_PROGRESS:
        return []
    return [Overdue(OverdueKind.MILESTONE, project.name, f"{m.id}@{m.due}", m.due, project, milestone=m)
            for m in plan.milestones if m.due < today and m.id not in project.progress.reached]


def project_overdue(project: Project, today: date) -> list[Overdue]:
    late = project.state in (ProjectState.REGISTERED, ProjectState.IN_PROGRESS) and project.deadline < today
    return [Overdue(OverdueKind.PROJECT, project.name, project.deadline.isoformat(), project.deadline,
                    project)] if late else []


def rectification_overdue(rectification: Rectification, project: Project, today: date) -> list[Overdue]:
    late = rectification.state is RectificationState.REQUESTED and rectification.deadline < today
    return [Overdue(OverdueKind.RECTIFICATION, rectification.name, rectification.deadline.isoformat(),
                    rectification.deadline, project, rectification=rectification)] if late else []


def overdue(projects: list[Project], rectifications: list[Rectification], today: date) -> list[Overdue]:
    """Everything overdue on `today` among a town's projects and rectifications."""
    by_id = {p.id: p for p in projects}
    found = [o for p in projects for o in (*milestones_overdue(p, today), *project_overdue(p, today))]
    found += [o for r in rectifications if r.project_id in by_id
              for o in rectification_overdue(r, by_id[r.project_id], today)]
    return found
