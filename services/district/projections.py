"""The district's read models as pure functions. Pure: no gRPC, SQL or NATS here.

Each view is a set of rows keyed within a town (a proposal, a candidate list, a project, an
overdue item, a filing). An event becomes steps: which rows it changes and how, each change a
function old row -> new row. A row counts itself into its town's year (`View.counts`); the
live consumers add the difference a step makes to the year's counts and the district's, so a
report reads a few rows, never a scan. Applying an event whose effect a row already holds
changes nothing: redelivered, republished or replayed events count once.

PROJECTIONS maps each event type to its projection: adding a service's events (evaluation's)
is one `register` call."""
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from google.protobuf.message import Message

from minsheng.events.v1.collection_events_pb2 import (ProposalAnswered, ProposalScreened, ProposalsMerged,
                                                      ProposalSubmitted)
from minsheng.events.v1.evaluation_events_pb2 import AssessmentClosed, EvaluationFiled, RectificationRequired
from minsheng.events.v1.review_events_pb2 import CandidateListApproved
from minsheng.events.v1.supervision_events_pb2 import (CarryOverCause, CompletionReported, MilestoneOverdue,
                                                       ProgressReported, ProjectCarriedOver, ProjectCompleted,
                                                       ProjectOverdue, ProjectRegistered, RectificationOverdue)
from minsheng.events.v1.voting_events_pb2 import ProjectsAdopted, ResultFiled
from services.district import domain
from services.platform.names import town_of

Row = dict
# The counts of a town's year, in the order the report and the exports show them.
COUNTS = ("proposals_received", "merged", "shortlisted", "answered", "candidates", "adopted",
          "budget_adopted_yuan", "completed", "completed_late", "carried_over", "spent_yuan", "overdue_items",
          "filings_accepted", "filings_refused", "satisfied", "basically_satisfied", "unsatisfied",
          "rectifications_required", "evaluation_filings_accepted", "evaluation_filings_refused")

ADOPTED, IN_PROGRESS, COMPLETED = "ADOPTED", "IN_PROGRESS", "COMPLETED"
STATUSES = (ADOPTED, IN_PROGRESS, COMPLETED)
# A project's satisfaction grade (满意 / 基本满意 / 不满意), as evaluation's SatisfactionGrade numbers them.
GRADES = domain.GRADES
VOTE, EVALUATION = "VOTE", "EVALUATION"


@dataclass(frozen=True)
class View:
    name: str
    # The columns that name a row within its town.
    key: tuple[str, ...]
    # What a row adds to its town's year (its row's `year`).
    counts: Callable[[Row], dict[str, int]]


def _proposal_counts(row: Row) -> dict[str, int]:
    return {"proposals_received": int(row["received"]), "merged": int(row["merged"]),
            "shortlisted": int(row["shortlisted"]), "answered": int(row["answered"])}


def _project_counts(row: Row) -> dict[str, int]:
    completed = row["status"] == COMPLETED
    return {"adopted": 1, "budget_adopted_yuan": row["budget_yuan"], "completed": int(completed),
            "completed_late": int(completed and (row["overdue"] or row["carried_over"])),
            "carried_over": int(row["carried_over"]), "spent_yuan": row["spent_yuan"],
            **{grade.lower(): int(row["grade"] == grade) for grade in GRADES},
            "rectifications_required": int(row["rectification"])}


def _filing_counts(row: Row) -> dict[str, int]:
    prefix = "evaluation_" if row["kind"] == EVALUATION else ""
    return {prefix + ("filings_accepted" if row["accepted"] else "filings_refused"): 1}


PROPOSALS = View("proposals", ("proposal",), _proposal_counts)
CANDIDATE_LISTS = View("candidate_lists", ("review",), lambda row: {"candidates": row["candidates"]})
PROJECTS = View("projects", ("candidate_id",), _project_counts)
OVERDUE_ITEMS = View("overdue_items", ("item", "deadline"), lambda row: {"overdue_items": 1})
FILINGS = View("filings", ("year", "id"), _filing_counts)
VIEWS = {v.name: v for v in (PROPOSALS, CANDIDATE_LISTS, PROJECTS, OVERDUE_ITEMS, FILINGS)}


def counts_of(view: View, row: Row | None) -> dict[str, int]:
    return view.counts(row) if row is not None else {}


@dataclass(frozen=True)
class Step:
    """One row's change. `by` finds the row by another column than its key (supervision
    names projects by their own name); such a step changes a row that exists, or nothing.
    `after` is the key of a row of the same view that must be there first (a revision's filing
    follows the one it supersedes): then `change` takes that row too, change(old, earlier),
    and the step waits until it is there."""
    view: View
    key: tuple
    change: Callable[..., Row | None]
    by: str = ""
    after: tuple = ()

    def applied(self, old: Row | None, earlier: Row | None = None) -> Row | None:
        return self.change(old, earlier) if self.after else self.change(old)


@dataclass(frozen=True)
class Source:
    """Where an event came from, as its envelope says, and the keys a town's services sign what
    it files with: (town id, service) -> key."""
    town_id: str
    occurred_at: datetime
    pinned_key: Callable[[str, str], bytes | None] = lambda town_id, service: None


Projection = Callable[[Source, Message], list[Step]]
PROJECTIONS: dict[type[Message], Projection] = {}


def register(event_type: type[Message], projection: Projection) -> None:
    PROJECTIONS[event_type] = projection


def steps_of(src: Source, event: Message) -> list[Step]:
    """The steps of an event; none for an event the district does not project."""
    projection = PROJECTIONS.get(type(event))
    return projection(src, event) if projection else []


def _flag(column: str, **fields) -> Callable[[Row | None], Row | None]:
    def change(old: Row | None) -> Row | None:
        return None if old is None else {**old, column: True, **fields}
    return change


def _proposal(year: int, category: str = "", **flags) -> Callable[[Row | None], Row]:
    def change(old: Row | None) -> Row:
        base = old or {"year": year, "category": category, "received": False, "merged": False,
                       "shortlisted": False, "answered": False}
        return {**base, "category": base["category"] or category, **flags}
    return change


def _submitted(src: Source, e: ProposalSubmitted) -> list[Step]:
    return [Step(PROPOSALS, (e.proposal,), _proposal(e.year, e.category, received=True))]


def _merged_proposals(src: Source, e: ProposalsMerged) -> list[Step]:
    return [Step(PROPOSALS, (d,), _flag("merged")) for d in e.duplicates]


def _screened(src: Source, e: ProposalScreened) -> list[Step]:
    if e.outcome != ProposalScreened.SHORTLISTED:
        return []
    return [Step(PROPOSALS, (e.proposal,), _proposal(e.year, e.category, shortlisted=True))]


def _answered(src: Source, e: ProposalAnswered) -> list[Step]:
    return [Step(PROPOSALS, (e.proposal,), _proposal(e.year, answered=True))]


def _approved(src: Source, e: CandidateListApproved) -> list[Step]:
    row = {"year": e.year, "candidates": len(e.candidates)}
    return [Step(CANDIDATE_LISTS, (e.review,), lambda old: row)]


def _project(year: int, candidate_id: str, proposal: str, title: str, unit: str, budget: int, deadline: str,
             project: str = "") -> Callable[[Row | None], Row]:
    """The project as a decision or a registration describes it: what one leaves empty, the
    other may have said; the progress stays."""
    def change(old: Row | None) -> Row:
        described = {"year": year, "project": project, "proposal": proposal, "title": title,
                     "responsible_unit": unit, "budget_yuan": budget, "completion_deadline": deadline}
        if old is None:
            return {**described, "status": ADOPTED, "spent_yuan": 0, "overdue": False, "carried_over": False,
                    "grade": "", "graded_round": 0, "rectification": False}
        return {**old, **{k: v for k, v in described.items() if v}}
    return change


def _adopted(src: Source, e: ProjectsAdopted) -> list[Step]:
    return [Step(PROJECTS, (p.candidate_id,), _project(e.year, p.candidate_id, p.proposal, p.title,
                                                       p.responsible_unit, p.budget_yuan, p.completion_deadline))
            for p in e.adopted]


def _registered(src: Source, e: ProjectRegistered) -> list[Step]:
    return [Step(PROJECTS, (e.candidate_id,), _project(e.year, e.candidate_id, e.proposal, e.title,
                                                       e.responsible_unit, e.budget_yuan, e.completion_deadline,
                                                       project=e.project))]


def _spent(spent: int, status: str = IN_PROGRESS) -> Callable[[Row | None], Row | None]:
    """Spending is reported cumulatively: the largest figure stands, whatever the order."""
    def change(old: Row | None) -> Row | None:
        if old is None:
            return None
        keep = old["status"] if old["status"] == COMPLETED else status
        return {**old, "spent_yuan": max(old["spent_yuan"], spent), "status": keep}
    return change


def _progress(src: Source, e: ProgressReported | CompletionReported) -> list[Step]:
    return [Step(PROJECTS, (e.project,), _spent(e.spent_yuan), by="project")]


def _completed(src: Source, e: ProjectCompleted) -> list[Step]:
    def change(old: Row | None) -> Row | None:
        if old is None:
            return None
        late = e.supervision_year > e.year
        return {**_spent(e.spent_yuan)(old), "status": COMPLETED, "carried_over": old["carried_over"] or late}
    return [Step(PROJECTS, (e.project,), change, by="project")]


def _carried(src: Source, e: ProjectCarriedOver) -> list[Step]:
    """Carried over: not finished in its year. A completed project that the deputies graded
    不满意 goes back to supervision for rectification, but it was completed: not counted here."""
    if e.cause == CarryOverCause.UNSATISFACTORY_EVALUATION:
        return []
    return [Step(PROJECTS, (e.project,), _flag("carried_over"), by="project")]


YEAR_OF_PROJECT = re.compile(r"^towns/[^/]+/projects/(\d{4})-")


def _overdue(kind: str, item: str, project: str, deadline: str) -> Step:
    found = YEAR_OF_PROJECT.match(project)
    row = {"year": int(found.group(1)) if found else 0, "kind": kind, "project": project}
    return Step(OVERDUE_ITEMS, (item, deadline), lambda old: old or row)


def _project_overdue(src: Source, e: ProjectOverdue) -> list[Step]:
    return [_overdue("project", e.project, e.project, e.deadline),
            Step(PROJECTS, (e.project,), _flag("overdue"), by="project")]


def _milestone_overdue(src: Source, e: MilestoneOverdue) -> list[Step]:
    return [_overdue("milestone", f"{e.project}/milestones/{e.milestone_id}", e.project, e.due_date)]


def _rectification_overdue(src: Source, e: RectificationOverdue) -> list[Step]:
    return [_overdue("rectification", e.rectification, e.project, e.deadline)]


def filing_of(src: Source, filed: ResultFiled) -> Row:
    """The receipt of a filed result: verified against the town's pinned key and recounted.
    Raises ValueError for an event that names another town's poll or no year."""
    if town_of(filed.poll) != src.town_id or town_of(filed.candidate_list) != src.town_id:
        raise ValueError(f"event of town {src.town_id!r} names another town's poll or list")
    year = domain.year_of_list(filed.candidate_list)
    if year is None:
        raise ValueError("the candidate list names no year")
    documents = domain.documents_of(filed)
    problems = domain.check_filing(src.town_id, documents, src.pinned_key(src.town_id, "voting"))
    return {"year": year, "id": domain.filing_id(filed.poll), "kind": VOTE, "poll": filed.poll,
            "candidate_list": filed.candidate_list, "adopted": list(filed.adopted), "accepted": not problems,
            "problems": problems, "documents": len({d.poll for d in documents}), "filed_at": src.occurred_at,
            "document_sha256": ""}


def _filed(src: Source, filed: ResultFiled) -> list[Step]:
    """A filing's receipt, recorded once per decision (the first verdict stands)."""
    row = filing_of(src, filed)
    return [Step(FILINGS, (row["year"], row["id"]), lambda old: old or row)]


def evaluation_filing_of(src: Source, filed: EvaluationFiled) -> Row:
    """The receipt of a filed written evaluation report, checked against the town's pinned
    evaluation key and recounted (domain.check_evaluation_filing), with its document's hash
    for the next revision to name."""
    if town_of(filed.evaluation) != src.town_id:
        raise ValueError(f"event of town {src.town_id!r} names another town's evaluation")
    problems = domain.check_evaluation_filing(src.town_id, filed, src.pinned_key(src.town_id, "evaluation"))
    return {"year": filed.year, "id": domain.evaluation_filing_id(filed.revision), "kind": EVALUATION,
            "poll": filed.evaluation, "candidate_list": "", "adopted": [], "accepted": not problems,
            "problems": problems, "documents": 1, "filed_at": src.occurred_at,
            "document_sha256": domain.document_sha256(filed.document)}


def _evaluation_filed(src: Source, filed: EvaluationFiled) -> list[Step]:
    """A revision's receipt, recorded once (the first verdict stands); from revision 2 only
    after the revision it supersedes, whose filing it must link to (domain.supersession_problems)."""
    row = evaluation_filing_of(src, filed)
    key = (row["year"], row["id"])
    if filed.revision <= 1:
        return [Step(FILINGS, key, lambda old: old or row)]
    supersedes = domain.supersedes_of(filed.document)

    def linked(old: Row | None, earlier: Row) -> Row:
        if old:
            return old
        problems = row["problems"] + domain.supersession_problems(
            filed.revision, supersedes, earlier["document_sha256"], earlier["accepted"])
        return {**row, "accepted": not problems, "problems": problems}
    return [Step(FILINGS, key, linked, after=(row["year"], domain.evaluation_filing_id(filed.revision - 1)))]


ROUND_OF_ASSESSMENT = re.compile(r"/assessments/(\d+)$")


def _graded(round: int, grade: str) -> Callable[[Row | None], Row | None]:
    """A later assessment's grade replaces an earlier one's (a re-assessment after rectification)."""
    def change(old: Row | None) -> Row | None:
        if old is None or old["graded_round"] >= round:
            return old
        return {**old, "grade": grade, "graded_round": round}
    return change


def _assessed(src: Source, e: AssessmentClosed) -> list[Step]:
    found = ROUND_OF_ASSESSMENT.search(e.assessment)
    round = int(found.group(1)) if found else 1
    return [Step(PROJECTS, (g.project,), _graded(round, GRADES[g.grade - 1]), by="project")
            for g in e.grades if 1 <= g.grade <= len(GRADES)]


def _rectification_required(src: Source, e: RectificationRequired) -> list[Step]:
    return [Step(PROJECTS, (e.project,), _flag("rectification"), by="project")]


for _type, _projection in ((ProposalSubmitted, _submitted), (ProposalsMerged, _merged_proposals),
                           (ProposalScreened, _screened), (ProposalAnswered, _answered),
                           (CandidateListApproved, _approved), (ProjectsAdopted, _adopted),
                           (ProjectRegistered, _registered), (ProgressReported, _progress),
                           (CompletionReported, _progress), (ProjectCompleted, _completed),
                           (ProjectCarriedOver, _carried), (ProjectOverdue, _project_overdue),
                           (MilestoneOverdue, _milestone_overdue), (RectificationOverdue, _rectification_overdue),
                           (ResultFiled, _filed), (EvaluationFiled, _evaluation_filed), (AssessmentClosed, _assessed),
                           (RectificationRequired, _rectification_required)):
    register(_type, _projection)


def difference(view: View, old: Row | None, new: Row | None) -> dict[int, dict[str, int]]:
    """What replacing `old` by `new` adds to the counts, by year (a row keeps its year)."""
    added: dict[int, dict[str, int]] = {}
    for row, sign in ((old, -1), (new, 1)):
        for name, value in counts_of(view, row).items():
            year = added.setdefault(row["year"], {})
            year[name] = year.get(name, 0) + sign * value
    return {y: {n: v for n, v in c.items() if v} for y, c in added.items() if any(c.values())}


@dataclass(frozen=True)
class TownYear:
    town_id: str
    year: int
    counts: dict[str, int]
