"""Rules of evaluation (评议). Pure: no gRPC, SQL or NATS here.

The evaluation of a town's year is opened at a session of the next year from supervision's
record of each project; the government's completion report is drafted from it, edited by
town staff and frozen at submission; the deputies' satisfaction assessment grades each project
by the town's rule; the written report is issued once every project has a grade."""
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from services.platform.audit import AuditEntry
from services.platform.errors import FailedPrecondition, Violations
from services.platform.names import NamePattern

EVALUATION = NamePattern("towns/{town}/evaluations/{year}")
REPORT = NamePattern("towns/{town}/evaluations/{year}/report")
SESSION = NamePattern("towns/{town}/sessions/{session}")
MAX_TEXT = 10000


class GradingBase(StrEnum):
    SEATED = "SEATED"
    PRESENT = "PRESENT"


class Grade(StrEnum):
    SATISFIED = "SATISFIED"
    BASICALLY_SATISFIED = "BASICALLY_SATISFIED"
    UNSATISFIED = "UNSATISFIED"


# The ballot's options, in the ballot box's order, and what each grade is called.
GRADE_LABELS = {Grade.SATISFIED: "满意", Grade.BASICALLY_SATISFIED: "基本满意", Grade.UNSATISFIED: "不满意"}


class FinalStatus(StrEnum):
    COMPLETED = "COMPLETED"
    COMPLETED_LATE = "COMPLETED_LATE"
    UNFINISHED = "UNFINISHED"
    CARRIED_OVER = "CARRIED_OVER"


STATUS_LABELS = {FinalStatus.COMPLETED: "按期完成", FinalStatus.COMPLETED_LATE: "逾期完成",
                 FinalStatus.UNFINISHED: "未完成", FinalStatus.CARRIED_OVER: "未完成，结转下年跟踪监督"}


@dataclass(frozen=True)
class Tally:
    """One project's counts in a closed assessment."""
    satisfied: int
    basically_satisfied: int
    unsatisfied: int
    blank: int = 0


def majority_base(base: GradingBase, seated: int, present: int) -> int:
    return seated if base is GradingBase.SEATED else present


def grade(tally: Tally, base_count: int) -> Grade:
    """满意 if 满意 votes exceed half of the base; otherwise 基本满意 if 满意 and 基本满意 together
    exceed half; otherwise 不满意. Exactly half is not more than half."""
    if 2 * tally.satisfied > base_count:
        return Grade.SATISFIED
    if 2 * (tally.satisfied + tally.basically_satisfied) > base_count:
        return Grade.BASICALLY_SATISFIED
    return Grade.UNSATISFIED


@dataclass
class SupervisedProject:
    """What supervision's events say of a project (a read model of this service)."""
    town_id: str
    project: str
    year: int
    title: str
    responsible_unit: str
    budget_yuan: int
    completion_deadline: date
    spent_yuan: int = 0
    percent_complete: int = 0
    completed: bool = False
    completion_reported_on: date | None = None
    carried_over: bool = False
    explanation: str = ""

    def final_status(self) -> FinalStatus:
        if self.completed:
            late = self.completion_reported_on and self.completion_reported_on > self.completion_deadline
            return FinalStatus.COMPLETED_LATE if late else FinalStatus.COMPLETED
        return FinalStatus.CARRIED_OVER if self.carried_over else FinalStatus.UNFINISHED


@dataclass
class ReportItem:
    """One project in the government's completion report (完成情况报告)."""
    project: str
    title: str
    responsible_unit: str
    budget_yuan: int
    spent_yuan: int
    status: FinalStatus
    completion_deadline: date
    completed_on: date | None
    percent_complete: int
    work_done: str
    explanation: str
    grade: Grade | None = None
    tally: Tally | None = None

    @property
    def completed(self) -> bool:
        return self.status in (FinalStatus.COMPLETED, FinalStatus.COMPLETED_LATE)


def draft_item(p: SupervisedProject) -> ReportItem:
    status = p.final_status()
    done = (f"已完成，完成进度{p.percent_complete}%" if status in (FinalStatus.COMPLETED, FinalStatus.COMPLETED_LATE)
            else f"完成进度{p.percent_complete}%")
    return ReportItem(project=p.project, title=p.title, responsible_unit=p.responsible_unit,
                      budget_yuan=p.budget_yuan, spent_yuan=p.spent_yuan, status=status,
                      completion_deadline=p.completion_deadline,
                      completed_on=p.completion_reported_on if p.completed else None,
                      percent_complete=p.percent_complete, work_done=done, explanation=p.explanation)


class EvaluationState(StrEnum):
    DRAFTING = "DRAFTING"
    REPORT_SUBMITTED = "REPORT_SUBMITTED"
    ASSESSED = "ASSESSED"
    REPORT_ISSUED = "REPORT_ISSUED"


@dataclass(frozen=True)
class ItemEdit:
    project: str
    work_done: str
    explanation: str


@dataclass
class Evaluation:
    town_id: str
    year: int
    session: str
    session_date: date
    grading_base: GradingBase
    state: EvaluationState
    summary: str
    items: list[ReportItem]
    created_at: datetime
    assessments: int = 0
    history: list[AuditEntry] = field(default_factory=list)

    @property
    def name(self) -> str:
        return EVALUATION.format(town=self.town_id, year=str(self.year))

    def _record(self, actor: str, action: str, now: datetime, detail: str = "") -> None:
        self.history.append(AuditEntry(actor, action, now, detail))

    def _require(self, *states: EvaluationState, doing: str) -> None:
        if self.state not in states:
            raise FailedPrecondition(f"cannot {doing}: the evaluation is {self.state}", reason=f"EVALUATION_{self.state}")

    def item(self, project: str) -> ReportItem | None:
        return next((i for i in self.items if i.project == project), None)

    def edit_report(self, summary: str | None, edits: list[ItemEdit], actor: str, now: datetime) -> None:
        """Only the projects named change; an empty summary leaves it as it is."""
        self._require(EvaluationState.DRAFTING, doing="edit a submitted completion report")
        v = Violations()
        v.text("summary", summary or "", max_len=MAX_TEXT, required=False)
        seen = set()
        for i, e in enumerate(edits):
            v.check(self.item(e.project) is not None and e.project not in seen, f"items[{i}].project",
                    "not a project of this evaluation, or named twice")
            seen.add(e.project)
            v.text(f"items[{i}].work_done", e.work_done, max_len=MAX_TEXT, required=False)
            v.text(f"items[{i}].explanation", e.explanation, max_len=MAX_TEXT, required=False)
        v.raise_if_any()
        if summary:
            self.summary = summary
        for e in edits:
            item = self.item(e.project)
            item.work_done = e.work_done or item.work_done
            item.explanation = e.explanation or item.explanation
        self._record(actor, "completion report edited", now, f"{len(edits)} projects")

    def submit_report(self, actor: str, now: datetime) -> None:
        """Frozen from now on. A project not completed needs the government's explanation."""
        self._require(EvaluationState.DRAFTING, doing="submit the completion report again")
        missing = [i.project for i in self.items if not i.completed and not i.explanation.strip()]
        if missing:
            raise FailedPrecondition(f"the government's explanation is missing for {', '.join(missing)}",
                                     reason="EXPLANATION_MISSING")
        self.state = EvaluationState.REPORT_SUBMITTED
        self._record(actor, "completion report submitted", now)

    def projects_to_assess(self) -> list[str]:
        """Every project first; afterwards, a re-assessment of those graded 不满意."""
        if self.assessments == 0:
            self._require(EvaluationState.REPORT_SUBMITTED, doing="assess before the completion report is submitted")
            return [i.project for i in self.items]
        self._require(EvaluationState.ASSESSED, EvaluationState.REPORT_ISSUED, doing="assess again")
        again = [i.project for i in self.items if i.grade is Grade.UNSATISFIED]
        if not again:
            raise FailedPrecondition("no project is graded 不满意: nothing to assess again", reason="NOTHING_TO_REASSESS")
        return again

    def assessment_opened(self, actor: str, now: datetime) -> int:
        self.assessments += 1
        self._record(actor, "assessment opened", now, f"round {self.assessments}")
        return self.assessments

    def graded(self, grades: dict[str, tuple[Grade, Tally]], actor: str, now: datetime) -> None:
        for project, (g, tally) in grades.items():
            item = self.item(project)
            item.grade, item.tally = g, tally
        # A re-assessment's grades are not in the issued report: the next revision is owed.
        if self.state in (EvaluationState.REPORT_SUBMITTED, EvaluationState.REPORT_ISSUED):
            self.state = EvaluationState.ASSESSED
        self._record(actor, "graded", now, ", ".join(f"{p}: {g}" for p, (g, _) in grades.items()))

    def issue_report(self, actor: str, now: datetime) -> None:
        self._require(EvaluationState.ASSESSED, doing="issue the written report")
        self.state = EvaluationState.REPORT_ISSUED
        self._record(actor, "written report issued", now)


def adoption_order(p: SupervisedProject) -> int:
    """A project's place in the adoption order: its name ends with {year}-{n}."""
    return int(p.project.rsplit("-", 1)[1])


def open_evaluation(*, town_id: str, year: int, session: str, session_date: date, grading_base: GradingBase,
                    projects: list[SupervisedProject], actor: str, now: datetime) -> Evaluation:
    """At a session of the year after: raises INVALID_ARGUMENT or FAILED_PRECONDITION."""
    if session_date.year != year + 1:
        raise FailedPrecondition(f"the year {year} is evaluated at a session of {year + 1}, "
                                 f"not of {session_date.year}", reason="SESSION_OF_ANOTHER_YEAR")
    if not projects:
        raise FailedPrecondition(f"no project of {year} is under supervision", reason="NO_PROJECTS")
    items = [draft_item(p) for p in sorted(projects, key=adoption_order)]
    evaluation = Evaluation(town_id=town_id, year=year, session=session, session_date=session_date,
                            grading_base=grading_base, state=EvaluationState.DRAFTING, summary="",
                            items=items, created_at=now)
    evaluation._record(actor, "opened", now, f"at {session}, {len(items)} projects")
    return evaluation


def rectification_deadline(session_date: date) -> date:
    """Rectified within half a year of the session, and within its year: then assessed again."""
    return min(date.fromordinal(session_date.toordinal() + 182), date(session_date.year, 12, 31))


def grade_statement(g: Grade, tally: Tally) -> str:
    return (f"满意度测评结果：{GRADE_LABELS[g]}（满意{tally.satisfied}票、基本满意{tally.basically_satisfied}票、"
            f"不满意{tally.unsatisfied}票）")
