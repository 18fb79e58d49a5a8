"""Rules of the supervisors' side: the roster, the year's supervision groups and calendar,
inspections, and feedback -> rectification -> verification. Pure: no gRPC, SQL or NATS here.

A rectification goes REQUESTED (a finding sent to the responsible unit with a deadline) ->
ANSWERED (the unit says what it did) -> ACCEPTED (the group verifies); an answer sent back
with a reason and a new deadline is REQUESTED again. Each step records who and when."""
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from services.platform.audit import AuditEntry
from services.platform.errors import FailedPrecondition, FieldViolation, InvalidArgument, Violations
from services.platform.names import NamePattern
from services.supervision.domain import PROJECT, check_attachments, check_date

SUPERVISOR = NamePattern("towns/{town}/supervisors/{supervisor}")
GROUP = NamePattern("towns/{town}/supervisionGroups/{group}")
CALENDAR = NamePattern("towns/{town}/supervisionCalendars/{year}")
INSPECTION = NamePattern("towns/{town}/inspections/{inspection}")
RECTIFICATION = NamePattern("towns/{town}/projects/{project}/rectifications/{rectification}")
NOTICE = NamePattern("towns/{town}/progressNotices/{year}")
# Ids that callers choose (supervisors, groups).
ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}", re.ASCII)
MAX_MEMBERS = 50
MAX_TOPICS = 20
MAX_QUESTIONS = 100
MAX_PROJECTS = 100
MAX_FINDINGS = 50


class Level(StrEnum):
    CITY = "CITY"
    DISTRICT = "DISTRICT"
    TOWN = "TOWN"


class InspectionKind(StrEnum):
    RESEARCH = "RESEARCH"
    SPECIAL_RESEARCH = "SPECIAL_RESEARCH"
    VISIT = "VISIT"
    HEARING_REPORT = "HEARING_REPORT"
    FOCUSED_INSPECTION = "FOCUSED_INSPECTION"


class RectificationState(StrEnum):
    REQUESTED = "REQUESTED"
    ANSWERED = "ANSWERED"
    ACCEPTED = "ACCEPTED"


def check_id(v: Violations, field_name: str, value: str) -> None:
    v.check(bool(ID.fullmatch(value)), field_name, "lowercase letters, digits and '-', up to 64")


def parse_rectification_id(field_name: str, value: str) -> int:
    if not re.fullmatch(r"[1-9]\d{0,3}", value, re.ASCII):
        raise InvalidArgument([FieldViolation(field_name, "a rectification's id is its number, e.g. 1")])
    return int(value)


def check_year(v: Violations, field_name: str, year: int) -> None:
    v.check(2000 <= year <= 2100, field_name, "a year between 2000 and 2100")


@dataclass
class Supervisor:
    town_id: str
    id: str
    display_name: str
    level: Level | None
    activity_group: str
    account: str
    history: list[AuditEntry] = field(default_factory=list)

    @property
    def name(self) -> str:
        return SUPERVISOR.format(town=self.town_id, supervisor=self.id)

    def validate(self) -> None:
        v = Violations()
        check_id(v, "supervisor_id", self.id)
        v.text("supervisor.display_name", self.display_name, max_len=50)
        v.check(self.level is not None, "supervisor.level", "required: CITY, DISTRICT or TOWN")
        v.text("supervisor.activity_group", self.activity_group, max_len=100)
        v.text("supervisor.account", self.account, max_len=100, required=False)
        v.raise_if_any()

    def same_as(self, other: "Supervisor") -> bool:
        return (self.display_name, self.level, self.activity_group, self.account) == (
            other.display_name, other.level, other.activity_group, other.account)


def members_by_account(roster: list[Supervisor], account: str) -> set[str]:
    """The supervisor ids a token's subject stands for."""
    return {s.id for s in roster if account and s.account == account}


@dataclass
class SupervisionGroup:
    town_id: str
    id: str
    year: int
    title: str
    members: tuple[str, ...]
    leader: str
    history: list[AuditEntry] = field(default_factory=list)

    @property
    def name(self) -> str:
        return GROUP.format(town=self.town_id, group=self.id)

    def validate(self, roster: set[str]) -> None:
        v = Violations()
        check_id(v, "group_id", self.id)
        check_year(v, "group.year", self.year)
        v.text("group.title", self.title, max_len=200)
        v.check(0 < len(self.members) <= MAX_MEMBERS, "group.members", f"name 1 to {MAX_MEMBERS} supervisors")
        v.check(len(set(self.members)) == len(self.members), "group.members", "names a supervisor twice")
        for i, member in enumerate(self.members[:MAX_MEMBERS]):
            v.check(member in roster, f"group.members[{i}]", "not a supervisor on the town's roster")
        v.check(self.leader in self.members, "group.leader", "one of the members")
        v.raise_if_any()

    def same_as(self, other: "SupervisionGroup") -> bool:
        return (self.year, self.title, self.members, self.leader) == (other.year, other.title, other.members,
                                                                      other.leader)

    def has_member(self, supervisor_ids: set[str]) -> bool:
        return bool(supervisor_ids.intersection(self.members))


@dataclass(frozen=True)
class Topic:
    title: str
    projects: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    project: str
    asked_by: str
    question: str
    answer: str
    answered_by: str


@dataclass(frozen=True)
class Inquiry:
    date: date | None
    questions: tuple[Question, ...]


@dataclass
class Calendar:
    """年初确定选题、年中督导进度、年终询问效果."""
    town_id: str
    year: int
    topics: tuple[Topic, ...]
    mid_year_date: date | None
    year_end_date: date | None
    inquiry: Inquiry | None = None
    history: list[AuditEntry] = field(default_factory=list)

    @property
    def name(self) -> str:
        return CALENDAR.format(town=self.town_id, year=self.year)

    def validate(self, projects: set[str]) -> None:
        v = Violations()
        v.check(0 < len(self.topics) <= MAX_TOPICS, "calendar.topics", f"name 1 to {MAX_TOPICS} topics")
        for i, topic in enumerate(self.topics[:MAX_TOPICS]):
            v.text(f"calendar.topics[{i}].title", topic.title, max_len=200)
            v.check(len(topic.projects) <= MAX_PROJECTS, f"calendar.topics[{i}].projects",
                    f"at most {MAX_PROJECTS}")
            for j, project in enumerate(topic.projects[:MAX_PROJECTS]):
                v.check(project in projects, f"calendar.topics[{i}].projects[{j}]",
                        f"not a project of {self.year}")
        first, last = date(self.year, 1, 1), date(self.year, 12, 31)
        check_date(v, "calendar.mid_year_supervision_date", self.mid_year_date, earliest=first, latest=last)
        check_date(v, "calendar.year_end_inquiry_date", self.year_end_date,
                   earliest=self.mid_year_date or first, latest=last)
        v.raise_if_any()

    def replace_plan(self, new: "Calendar", actor: str, now: datetime) -> None:
        if self.inquiry is not None:
            raise FailedPrecondition("the year-end inquiry is recorded: the calendar is history",
                                     reason="INQUIRY_RECORDED")
        self.topics, self.mid_year_date, self.year_end_date = new.topics, new.mid_year_date, new.year_end_date
        self.history.append(AuditEntry(actor, "calendar changed", now, f"{len(new.topics)} topics"))

    def record_inquiry(self, inquiry: Inquiry, projects: set[str], roster: set[str], actor: str, now: datetime,
                       today: date) -> None:
        """The year-end inquiry: once, not before the mid-year supervision, by the next year's end."""
        v = Violations()
        check_date(v, "inquiry.date", inquiry.date, earliest=self.mid_year_date or date(self.year, 1, 1),
                   latest=min(date(self.year + 1, 12, 31), today))
        v.check(0 < len(inquiry.questions) <= MAX_QUESTIONS, "inquiry.questions",
                f"name 1 to {MAX_QUESTIONS} questions")
        for i, q in enumerate(inquiry.questions[:MAX_QUESTIONS]):
            at = f"inquiry.questions[{i}]"
            v.check(not q.project or q.project in projects, f"{at}.project",
                    f"not a project of {self.year}")
            v.check(q.asked_by in roster, f"{at}.asked_by", "not a supervisor on the town's roster")
            v.text(f"{at}.question", q.question, max_len=2000)
            v.text(f"{at}.answer", q.answer, max_len=10000)
            v.text(f"{at}.answered_by", q.answered_by, max_len=100)
        v.raise_if_any()
        if self.inquiry is not None:
            raise FailedPrecondition("the year-end inquiry is recorded already", reason="INQUIRY_RECORDED")
        self.inquiry = inquiry
        self.history.append(AuditEntry(actor, "inquiry recorded", now, f"{len(inquiry.questions)} questions"))


@dataclass(frozen=True)
class Finding:
    project: str
    text: str
    internal: bool


@dataclass
class Inspection:
    town_id: str
    id: str
    group_id: str
    kind: InspectionKind | None
    date: date | None
    participants: tuple[str, ...]
    projects: tuple[str, ...]
    findings: tuple[Finding, ...]
    recorded_by: str = ""
    recorded_at: datetime | None = None

    @property
    def name(self) -> str:
        return INSPECTION.format(town=self.town_id, inspection=self.id)

    def validate(self, group: SupervisionGroup | None, projects: set[str], today: date) -> None:
        """Raises INVALID_ARGUMENT with every violated field. `projects`: the names of the
        town's projects of the group's year (adopted in it, or carried into it)."""
        v = Violations()
        v.check(group is not None, "inspection.supervision_group", "not a supervision group of the town")
        v.check(self.kind is not None, "inspection.kind", "required")
        year = group.year if group else today.year
        check_date(v, "inspection.date", self.date, earliest=date(year, 1, 1), latest=min(date(year, 12, 31), today))
        v.check(0 < len(self.participants) <= MAX_MEMBERS, "inspection.participants",
                f"name 1 to {MAX_MEMBERS} members of the group")
        for i, member in enumerate(self.participants[:MAX_MEMBERS]):
            v.check(group is None or member in group.members, f"inspection.participants[{i}]",
                    "not a member of the group")
        v.check(0 < len(self.projects) <= MAX_PROJECTS, "inspection.projects", f"name 1 to {MAX_PROJECTS}")
        for i, project in enumerate(self.projects[:MAX_PROJECTS]):
            v.check(project in projects, f"inspection.projects[{i}]", f"not a project of {year}")
        v.check(len(self.findings) <= MAX_FINDINGS, "inspection.findings", f"at most {MAX_FINDINGS}")
        for i, finding in enumerate(self.findings[:MAX_FINDINGS]):
            v.check(finding.project in self.projects, f"inspection.findings[{i}].project",
                    "not one of the inspected projects")
            v.text(f"inspection.findings[{i}].text", finding.text, max_len=5000)
        v.raise_if_any()

    def same_as(self, other: "Inspection") -> bool:
        return (self.group_id, self.kind, self.date, self.participants, self.projects, self.findings) == (
            other.group_id, other.kind, other.date, other.participants, other.projects, other.findings)


@dataclass(frozen=True)
class Answer:
    text: str
    attachments: tuple[str, ...]
    actor: str
    time: datetime


@dataclass(frozen=True)
class Check:
    accepted: bool
    reason: str
    new_deadline: date | None
    actor: str
    time: datetime


@dataclass
class Rectification:
    town_id: str
    project_id: str
    number: int
    inspection_id: str
    finding_index: int
    finding: str
    internal: bool
    responsible_unit: str
    deadline: date
    state: RectificationState = RectificationState.REQUESTED
    answers: list[Answer] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    history: list[AuditEntry] = field(default_factory=list)

    @property
    def name(self) -> str:
        return RECTIFICATION.format(town=self.town_id, project=self.project_id, rectification=self.number)

    @property
    def inspection(self) -> str:
        return INSPECTION.format(town=self.town_id, inspection=self.inspection_id)

    @property
    def project(self) -> str:
        return PROJECT.format(town=self.town_id, project=self.project_id)

    def _require(self, state: RectificationState, step: str) -> None:
        if self.state is not state:
            raise FailedPrecondition(f"cannot {step}: the rectification is {self.state}, not {state}",
                                     reason=f"RECTIFICATION_NOT_{state}")

    def answer(self, text: str, attachments: tuple[str, ...], actor: str, now: datetime) -> None:
        v = Violations()
        v.text("text", text, max_len=5000)
        check_attachments(v, "attachments", attachments)
        v.raise_if_any()
        self._require(RectificationState.REQUESTED, "answer")
        self.answers.append(Answer(text, attachments, actor, now))
        self.state = RectificationState.ANSWERED
        self.history.append(AuditEntry(actor, "answered", now, f"answer {len(self.answers)}"))

    def verify(self, accepted: bool, reason: str, new_deadline: date | None, actor: str, now: datetime,
               today: date) -> None:
        """Accepted, or sent back with a reason and a new deadline from today on."""
        v = Violations()
        v.text("reason", reason, max_len=2000, required=not accepted)
        if accepted:
            v.check(new_deadline is None, "new_deadline", "only an answer sent back gets a new deadline")
        else:
            check_date(v, "new_deadline", new_deadline, earliest=today, latest=date(today.year + 1, 12, 31))
        v.raise_if_any()
        self._require(RectificationState.ANSWERED, "verify")
        self.checks.append(Check(accepted, reason, new_deadline, actor, now))
        if accepted:
            self.state = RectificationState.ACCEPTED
        else:
            self.state, self.deadline = RectificationState.REQUESTED, new_deadline
        self.history.append(AuditEntry(actor, "accepted" if accepted else "sent back", now, reason))


def request_rectification(*, inspection: Inspection, finding_index: int, project_id: str, project_name: str,
                          responsible_unit: str, number: int, deadline: date | None, actor: str,
                          now: datetime) -> Rectification:
    """A finding of `inspection` about the project, sent to its responsible unit."""
    v = Violations()
    findings = inspection.findings
    in_range = 0 <= finding_index < len(findings)
    v.check(in_range, "rectification.finding_index", f"the inspection has {len(findings)} findings")
    v.check(not in_range or findings[finding_index].project == project_name, "rectification.finding_index",
            "the finding is about another project")
    check_date(v, "rectification.deadline", deadline, earliest=inspection.date,
               latest=date(inspection.date.year + 1, 12, 31))
    v.raise_if_any()
    finding = findings[finding_index]
    return Rectification(
        town_id=inspection.town_id, project_id=project_id, number=number, inspection_id=inspection.id,
        finding_index=finding_index, finding=finding.text, internal=finding.internal,
        responsible_unit=responsible_unit, deadline=deadline,
        history=[AuditEntry(actor, "requested", now, f"deadline {deadline}")])
