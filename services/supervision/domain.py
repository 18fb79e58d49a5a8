"""Rules of supervision (监督) for a project: its plan, progress, completion and carry-over.
Pure: no gRPC, SQL or NATS here.

A project is registered from the vote and goes REGISTERED -> IN_PROGRESS (plan approved)
-> COMPLETION_REPORTED (a report claims completion) -> COMPLETED (the supervision group
verifies); a completion sent back returns it to IN_PROGRESS. At year end a project not
completed is carried over into the next year's follow-up supervision with the government's
explanation and a new deadline; one graded 不满意 at the evaluation is carried over too, and
goes back to IN_PROGRESS to be rectified."""
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from services.platform.audit import AuditEntry
from services.platform.errors import FailedPrecondition, FieldViolation, InvalidArgument, PermissionDenied, Violations
from services.platform.names import NamePattern

PROJECT = NamePattern("towns/{town}/projects/{project}")
REPORT = NamePattern("towns/{town}/projects/{project}/progressReports/{report}")
# A project's id: the year it was adopted and its place in the adoption order, e.g. 2024-3.
PROJECT_ID = re.compile(r"(\d{4})-([1-9]\d{0,2})", re.ASCII)
MAX_MILESTONES = 20
MAX_BUDGET_LINES = 50
MAX_ATTACHMENTS = 20
MAX_YUAN = 10**11
# An attachment is a reference: a web address, or a document id of the town's records system.
ATTACHMENT = re.compile(r"https?://\S{1,480}|[A-Za-z0-9][A-Za-z0-9._:-]{0,199}", re.ASCII)
PHONE = re.compile(r"\+?[0-9][0-9 -]{4,19}", re.ASCII)
# 年终: the month from which a year's unfinished projects are carried over.
YEAR_END_MONTH = 12


class ProjectState(StrEnum):
    REGISTERED = "REGISTERED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETION_REPORTED = "COMPLETION_REPORTED"
    COMPLETED = "COMPLETED"


class CarryOverCause(StrEnum):
    UNFINISHED = "UNFINISHED"
    UNSATISFACTORY_EVALUATION = "UNSATISFACTORY_EVALUATION"


def project_id(year: int, number: int) -> str:
    return f"{year}-{number}"


def parse_project_id(field_name: str, value: str) -> tuple[int, int]:
    """The year and adoption rank in a project id such as 2024-3."""
    found = PROJECT_ID.fullmatch(value)
    if found is None:
        raise InvalidArgument([FieldViolation(field_name, "a project id is its year and adoption rank, e.g. 2024-3")])
    return int(found.group(1)), int(found.group(2))


def check_attachments(v: Violations, prefix: str, attachments: tuple[str, ...]) -> None:
    v.check(len(attachments) <= MAX_ATTACHMENTS, prefix, f"at most {MAX_ATTACHMENTS} attachments")
    for i, reference in enumerate(attachments[:MAX_ATTACHMENTS]):
        v.check(bool(ATTACHMENT.fullmatch(reference)), f"{prefix}[{i}]",
                "a URL (http or https) or a document id (letters, digits, . _ : -)")


def check_date(v: Violations, field_name: str, value: date | None, *, earliest: date, latest: date) -> None:
    if value is None:
        v.add(field_name, "required: an ISO date such as 2024-06-30")
    elif not earliest <= value <= latest:
        v.add(field_name, f"must lie between {earliest} and {latest}")


def require_unit(project: "Project", as_unit: str | None) -> None:
    """`as_unit`: the implementing unit acting (None: town staff, who act for any)."""
    if as_unit is not None and as_unit != project.responsible_unit:
        raise PermissionDenied("an implementing unit acts only on its own projects")


@dataclass(frozen=True)
class Milestone:
    id: str
    title: str
    due: date | None


@dataclass(frozen=True)
class BudgetLine:
    item: str
    amount_yuan: int


@dataclass(frozen=True)
class Plan:
    milestones: tuple[Milestone, ...]
    budget: tuple[BudgetLine, ...]
    contact_name: str
    contact_phone: str
    version: int = 1
    approved_by: str = ""
    approved_at: datetime | None = None

    def validate(self, project: "Project", v: Violations | None = None) -> None:
        """Raises INVALID_ARGUMENT with every violated field (and those already in `v`)."""
        v = v or Violations()
        v.check(0 < len(self.milestones) <= MAX_MILESTONES, "plan.milestones", f"name 1 to {MAX_MILESTONES}")
        earliest = date(project.year, 1, 1)
        for i, m in enumerate(self.milestones[:MAX_MILESTONES]):
            v.text(f"plan.milestones[{i}].title", m.title, max_len=200)
            check_date(v, f"plan.milestones[{i}].due_date", m.due, earliest=earliest, latest=project.deadline)
        v.check(0 < len(self.budget) <= MAX_BUDGET_LINES, "plan.budget", f"name 1 to {MAX_BUDGET_LINES} lines")
        for i, line in enumerate(self.budget[:MAX_BUDGET_LINES]):
            v.text(f"plan.budget[{i}].item", line.item, max_len=200)
            v.check(0 <= line.amount_yuan <= MAX_YUAN, f"plan.budget[{i}].amount_yuan", "must be 0 or more")
        total = sum(line.amount_yuan for line in self.budget)
        v.check(total == project.budget_yuan or v.has("plan.budget"), "plan.budget",
                f"the lines add up to {total} yuan, not the project's budget of {project.budget_yuan}")
        v.text("plan.contact_name", self.contact_name, max_len=50)
        v.check(bool(PHONE.fullmatch(self.contact_phone)), "plan.contact_phone", "a phone number")
        v.raise_if_any()

    @property
    def approved(self) -> bool:
        return self.approved_at is not None


@dataclass(frozen=True)
class PlanChange:
    version: int
    reason: str
    actor: str
    time: datetime


@dataclass(frozen=True)
class ProgressDraft:
    """A report as a unit makes it, before the project takes it."""
    report_date: date | None
    percent_complete: int
    spent_yuan: int
    milestone_id: str
    text: str
    attachments: tuple[str, ...]
    claims_completion: bool

    def validate(self, project: "Project", today: date, v: Violations, prefix: str) -> None:
        """Adds every violated field, named under `prefix`."""
        last = project.progress
        check_date(v, f"{prefix}.report_date", self.report_date,
                   earliest=max(date(project.year, 1, 1), last.report_date or date.min), latest=today)
        v.check(0 <= self.percent_complete <= 100, f"{prefix}.percent_complete", "must be 0 to 100")
        v.check(self.percent_complete >= last.percent_complete or v.has(f"{prefix}.percent_complete"),
                f"{prefix}.percent_complete", f"below the last report's {last.percent_complete}")
        v.check(0 <= self.spent_yuan <= MAX_YUAN, f"{prefix}.spent_yuan", "must be 0 or more")
        v.check(self.spent_yuan >= last.spent_yuan or v.has(f"{prefix}.spent_yuan"), f"{prefix}.spent_yuan",
                f"below the {last.spent_yuan} yuan spent by the last report")
        milestones = {m.id for m in project.plan.milestones} if project.plan else set()
        v.check(not self.milestone_id or self.milestone_id in milestones, f"{prefix}.milestone_id",
                f"not a milestone of the plan ({', '.join(sorted(milestones)) or 'none'})")
        v.text(f"{prefix}.text", self.text, max_len=5000, required=False)
        check_attachments(v, f"{prefix}.attachments", self.attachments)
        v.check(not self.claims_completion or self.percent_complete == 100, f"{prefix}.claims_completion",
                "completion is claimed at 100 percent")


@dataclass(frozen=True)
class ProgressReport:
    number: int
    report_date: date
    percent_complete: int
    spent_yuan: int
    milestone_id: str
    text: str
    attachments: tuple[str, ...]
    claims_completion: bool
    reported_by: str
    reported_at: datetime

    def same_as(self, draft: ProgressDraft) -> bool:
        """The draft says nothing this report did not (a sheet row left as exported)."""
        return (self.report_date, self.percent_complete, self.spent_yuan, self.milestone_id, self.text,
                self.attachments, self.claims_completion) == (
            draft.report_date, draft.percent_complete, draft.spent_yuan, draft.milestone_id, draft.text,
            draft.attachments, draft.claims_completion)


@dataclass(frozen=True)
class Progress:
    """What the reports so far say, kept on the project."""
    percent_complete: int = 0
    spent_yuan: int = 0
    report_date: date | None = None
    reports: int = 0
    # Milestone id -> the date of the first report that reached it.
    reached: dict[str, date] = field(default_factory=dict)


@dataclass(frozen=True)
class Verification:
    accepted: bool
    reason: str
    actor: str
    time: datetime


@dataclass(frozen=True)
class CarryOver:
    into_year: int
    cause: CarryOverCause
    explanation: str
    deadline: date
    actor: str
    time: datetime


@dataclass
class Project:
    town_id: str
    year: int
    number: int
    candidate_id: str
    proposal: str
    title: str
    description: str
    location: str
    budget_yuan: int
    funding_source: str
    responsible_unit: str
    completion_deadline: date
    state: ProjectState = ProjectState.REGISTERED
    plan: Plan | None = None
    plan_changes: list[PlanChange] = field(default_factory=list)
    progress: Progress = field(default_factory=Progress)
    group_id: str = ""
    supervisor_id: str = ""
    verifications: list[Verification] = field(default_factory=list)
    carry_overs: list[CarryOver] = field(default_factory=list)
    version: int = 1
    history: list[AuditEntry] = field(default_factory=list)

    @property
    def id(self) -> str:
        return project_id(self.year, self.number)

    @property
    def name(self) -> str:
        return PROJECT.format(town=self.town_id, project=self.id)

    @property
    def deadline(self) -> date:
        """The deadline in force: the last carry-over's, else the one fixed at adoption."""
        return self.carry_overs[-1].deadline if self.carry_overs else self.completion_deadline

    @property
    def supervision_year(self) -> int:
        return self.carry_overs[-1].into_year if self.carry_overs else self.year

    @property
    def open(self) -> bool:
        """Still to be completed (or to have its completion verified)."""
        return self.state is not ProjectState.COMPLETED

    def report_name(self, number: int) -> str:
        return REPORT.format(town=self.town_id, project=self.id, report=number)

    def _record(self, actor: str, action: str, now: datetime, detail: str) -> None:
        self.version += 1
        self.history.append(AuditEntry(actor, action, now, detail))

    def _refuse_when_completed(self, step: str) -> None:
        if self.state is ProjectState.COMPLETED:
            raise FailedPrecondition(f"cannot {step}: the project is completed", reason="PROJECT_COMPLETED")

    def set_plan(self, plan: Plan, change_reason: str, actor: str, now: datetime, *, as_unit: str | None,
                 problems: Violations | None = None) -> None:
        """A plan not yet approved is replaced; an approved one is changed with a reason, stays
        approved, and the change is kept. `problems`: what the caller found already (a date
        it could not read), reported with the rest."""
        approved = self.plan is not None and self.plan.approved
        v = problems or Violations()
        if approved:
            v.text("change_reason", change_reason, max_len=2000)
        else:
            v.check(not change_reason, "change_reason", "only a change of an approved plan has a reason")
        plan.validate(self, v)
        require_unit(self, as_unit)
        self._refuse_when_completed("change the plan")
        if self.state is ProjectState.COMPLETION_REPORTED:
            raise FailedPrecondition("cannot change the plan while the completion is being verified",
                                     reason="COMPLETION_REPORTED")
        version = self.plan.version + 1 if self.plan else 1
        ids = tuple(replace(m, id=f"m{i}") for i, m in enumerate(plan.milestones, start=1))
        kept = (self.plan.approved_by, self.plan.approved_at) if approved else ("", None)
        self.plan = replace(plan, milestones=ids, version=version, approved_by=kept[0], approved_at=kept[1])
        if approved:
            self.plan_changes.append(PlanChange(version, change_reason, actor, now))
            self._record(actor, "plan changed", now, f"version {version}: {change_reason}")
        else:
            self._record(actor, "plan set", now, f"version {version}, {len(ids)} milestones")

    def approve_plan(self, actor: str, now: datetime) -> None:
        if self.plan is None:
            raise FailedPrecondition("set the implementation plan first", reason="NO_PLAN")
        if self.plan.approved:
            raise FailedPrecondition("the plan is approved already", reason="PLAN_APPROVED")
        self.plan = replace(self.plan, approved_by=actor, approved_at=now)
        self.state = ProjectState.IN_PROGRESS
        self._record(actor, "plan approved", now, f"version {self.plan.version}")

    def _require_reporting(self) -> None:
        self._refuse_when_completed("report progress")
        if self.state is ProjectState.REGISTERED:
            raise FailedPrecondition("report progress once the plan is approved", reason="PLAN_NOT_APPROVED")
        if self.state is ProjectState.COMPLETION_REPORTED:
            raise FailedPrecondition("the completion reported is being verified", reason="COMPLETION_REPORTED")

    def report(self, draft: ProgressDraft, actor: str, now: datetime, today: date, *, as_unit: str | None,
               prefix: str = "report", problems: Violations | None = None) -> ProgressReport:
        """Takes a progress report: its fields (named under `prefix`, with `problems` found
        already) first, then who may, then the state. A report claiming completion makes the
        project COMPLETION_REPORTED."""
        v = problems or Violations()
        draft.validate(self, today, v, prefix)
        v.raise_if_any()
        require_unit(self, as_unit)
        self._require_reporting()
        last = self.progress
        report = ProgressReport(last.reports + 1, draft.report_date, draft.percent_complete, draft.spent_yuan,
                                draft.milestone_id, draft.text, draft.attachments, draft.claims_completion, actor,
                                now)
        reached = dict(last.reached)
        if draft.milestone_id:
            reached.setdefault(draft.milestone_id, draft.report_date)
        self.progress = Progress(draft.percent_complete, draft.spent_yuan, draft.report_date, report.number, reached)
        if draft.claims_completion:
            self.state = ProjectState.COMPLETION_REPORTED
        self._record(actor, "completion reported" if draft.claims_completion else "progress reported", now,
                     f"report {report.number}: {draft.percent_complete}%")
        return report

    def assign(self, group_id: str, supervisor_id: str, actor: str, now: datetime) -> bool:
        """True if this changed the assignment (assigning it as it is, again, changes nothing)."""
        self._refuse_when_completed("assign it to a supervision group")
        if (self.group_id, self.supervisor_id) == (group_id, supervisor_id):
            return False
        self.group_id, self.supervisor_id = group_id, supervisor_id
        self._record(actor, "assigned", now, f"group {group_id}, supervisor {supervisor_id}")
        return True

    def verify_completion(self, accepted: bool, reason: str, actor: str, now: datetime) -> None:
        v = Violations()
        v.text("reason", reason, max_len=2000, required=not accepted)
        v.raise_if_any()
        if self.state is not ProjectState.COMPLETION_REPORTED:
            raise FailedPrecondition(f"no completion to verify: the project is {self.state}",
                                     reason="COMPLETION_NOT_REPORTED")
        if not self.group_id:
            raise FailedPrecondition("assign the project to a supervision group first",
                                     reason="NO_SUPERVISION_GROUP")
        self.verifications.append(Verification(accepted, reason, actor, now))
        self.state = ProjectState.COMPLETED if accepted else ProjectState.IN_PROGRESS
        self._record(actor, "completion verified" if accepted else "completion sent back", now, reason)

    def carry_over(self, cause: CarryOverCause, explanation: str, deadline: date | None, actor: str, now: datetime,
                   today: date) -> CarryOver:
        """Into the year after the one it is supervised in now, with a deadline in that year.
        An unfinished project is carried over from the last month of its year on; one graded
        不满意 must have been completed, and is back IN_PROGRESS to be rectified."""
        into = self.supervision_year + 1
        v = Violations()
        v.text("explanation", explanation, max_len=10000)
        check_date(v, "completion_deadline", deadline, earliest=date(into, 1, 1), latest=date(into, 12, 31))
        v.raise_if_any()
        if cause is CarryOverCause.UNFINISHED:
            self._refuse_when_completed("carry it over as unfinished")
            if today < date(self.supervision_year, YEAR_END_MONTH, 1):
                raise FailedPrecondition(f"an unfinished project is carried over at the end of "
                                         f"{self.supervision_year}, from {self.supervision_year}-12-01",
                                         reason="YEAR_NOT_ENDING")
        elif self.state is not ProjectState.COMPLETED:
            raise FailedPrecondition("only a completed project is evaluated", reason="PROJECT_NOT_COMPLETED")
        else:
            self.state = ProjectState.IN_PROGRESS
        carried = CarryOver(into, cause, explanation, deadline, actor, now)
        self.carry_overs.append(carried)
        self._record(actor, "carried over", now, f"into {into} ({cause}), new deadline {deadline}")
        return carried


def new_project(*, town_id: str, year: int, number: int, candidate_id: str, proposal: str, title: str,
                description: str, location: str, budget_yuan: int, funding_source: str, responsible_unit: str,
                completion_deadline: date, actor: str, now: datetime) -> Project:
    return Project(
        town_id=town_id, year=year, number=number, candidate_id=candidate_id, proposal=proposal, title=title,
        description=description, location=location, budget_yuan=budget_yuan, funding_source=funding_source,
        responsible_unit=responsible_unit, completion_deadline=completion_deadline,
        history=[AuditEntry(actor, "registered", now, f"adopted {year}, rank {number}")])
