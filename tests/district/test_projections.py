"""Each projection as a pure function, applied by an in-memory store of the read models (the
rebuild's): an event -> the rows it changes and what they add to their town's year. Applying
an event again, or a copy of it republished under another id, changes nothing."""
import hashlib
from datetime import datetime, timezone

from minsheng.events.v1.collection_events_pb2 import (ProposalAnswered, ProposalScreened, ProposalsMerged,
                                                      ProposalSubmitted)
from minsheng.events.v1.evaluation_events_pb2 import AssessmentClosed, ProjectGrade, RectificationRequired
from minsheng.events.v1.review_events_pb2 import Candidate, CandidateListApproved
from minsheng.events.v1.supervision_events_pb2 import (InquiryRecorded, MilestoneOverdue, ProgressReported, ProjectCarriedOver,
                                                       ProjectCompleted, ProjectOverdue, ProjectRegistered,
                                                       RectificationOverdue)
from minsheng.events.v1.voting_events_pb2 import AdoptedProject, ProjectsAdopted
from services.district import projections
from services.district.rebuild import Store
from tests.district.evaluation_filings import filed, new_signer, revised

NOW = datetime(2023, 12, 1, tzinfo=timezone.utc)
T = "towns/xihu"


def counted(*events, town="xihu", year=2023, keys=None) -> dict[str, int]:
    store = Store()
    for event in events:
        store.apply(projections.Source(town, NOW, keys or (lambda town_id, service: None)), event)
    return {k: v for k, v in store.town_years().get((town, year), {}).items() if v}


def adopted(*ids: str) -> ProjectsAdopted:
    return ProjectsAdopted(year=2023, adopted=[AdoptedProject(
        candidate_id=f"{T}/reviews/2023/items/{i}", proposal=f"{T}/proposals/{i}", title="修路",
        responsible_unit="交通办", budget_yuan=100, completion_deadline="2023-11-30") for i in ids],
        not_adopted=[AdoptedProject(candidate_id=f"{T}/reviews/2023/items/lost", budget_yuan=999)])


def registered(i: str, n: int) -> ProjectRegistered:
    return ProjectRegistered(project=f"{T}/projects/2023-{n}", candidate_id=f"{T}/reviews/2023/items/{i}",
                             year=2023, title="修路", budget_yuan=100, responsible_unit="交通办",
                             completion_deadline="2023-11-30")


def test_the_funnel_of_proposals_counts_each_proposal_once():
    submitted = [ProposalSubmitted(proposal=f"{T}/proposals/p{i}", year=2023, category="交通") for i in range(3)]
    merged = ProposalsMerged(proposal=f"{T}/proposals/p0", duplicates=[f"{T}/proposals/p2"])
    events = [*submitted, submitted[0], merged,
              ProposalScreened(proposal=f"{T}/proposals/p0", year=2023, outcome=ProposalScreened.SHORTLISTED),
              ProposalScreened(proposal=f"{T}/proposals/p1", year=2023, outcome=ProposalScreened.NOT_SHORTLISTED),
              ProposalAnswered(proposal=f"{T}/proposals/p1", year=2023)]
    assert counted(*events) == {"proposals_received": 3, "merged": 1, "shortlisted": 1, "answered": 1}
    assert counted(*events, *events) == counted(*events)


def test_an_approved_list_counts_its_candidates_and_a_second_approval_replaces_the_first():
    first = CandidateListApproved(review=f"{T}/reviews/2023", year=2023, candidates=[Candidate()] * 3)
    second = CandidateListApproved(review=f"{T}/reviews/2023", year=2023, candidates=[Candidate()] * 12)
    assert counted(first) == {"candidates": 3}
    assert counted(first, second, second) == {"candidates": 12}


def test_the_final_decision_counts_adopted_projects_and_budgets_once_however_often_it_comes():
    assert counted(adopted("a", "b")) == {"adopted": 2, "budget_adopted_yuan": 200}
    assert counted(adopted("a", "b"), adopted("a", "b"), registered("a", 1)) == {"adopted": 2,
                                                                                "budget_adopted_yuan": 200}


def test_supervision_counts_completed_late_carried_over_spent_and_overdue_items():
    events = [adopted("a", "b", "c"), registered("a", 1), registered("b", 2), registered("c", 3),
              ProgressReported(project=f"{T}/projects/2023-1", spent_yuan=40),
              ProjectCompleted(project=f"{T}/projects/2023-1", year=2023, supervision_year=2023, spent_yuan=95),
              ProgressReported(project=f"{T}/projects/2023-1", spent_yuan=40),
              ProjectOverdue(project=f"{T}/projects/2023-2", deadline="2023-11-30"),
              ProjectCompleted(project=f"{T}/projects/2023-2", year=2023, supervision_year=2023, spent_yuan=100),
              MilestoneOverdue(project=f"{T}/projects/2023-3", milestone_id="m2", due_date="2023-07-31"),
              RectificationOverdue(rectification=f"{T}/projects/2023-3/rectifications/r1",
                                   project=f"{T}/projects/2023-3", deadline="2023-08-15"),
              ProjectCarriedOver(project=f"{T}/projects/2023-3", year=2023, into_year=2024)]
    expected = {"adopted": 3, "budget_adopted_yuan": 300, "completed": 2, "completed_late": 1, "carried_over": 1,
                "spent_yuan": 195, "overdue_items": 3}
    assert counted(*events) == expected
    assert counted(*events, *events) == expected


def test_a_project_completed_in_a_later_year_was_carried_over_and_is_late():
    events = [adopted("a"), registered("a", 1),
              ProjectCompleted(project=f"{T}/projects/2023-1", year=2023, supervision_year=2024, spent_yuan=100)]
    assert counted(*events)["completed_late"] == 1


def test_events_the_district_does_not_project_change_nothing():
    reserve = ProposalScreened(proposal=f"{T}/proposals/p", outcome=ProposalScreened.RESERVE_POOL)
    assert projections.steps_of(projections.Source("xihu", NOW), reserve) == []
    assert counted(ProgressReported(project=f"{T}/projects/2023-9", spent_yuan=5)) == {}


def test_a_projection_is_one_registration():
    inquiry = InquiryRecorded(calendar=f"{T}/supervisionCalendars/2023", year=2023, question_count=2)
    assert projections.steps_of(projections.Source("xihu", NOW), inquiry) == []
    projections.register(InquiryRecorded, lambda src, e: [projections.Step(
        projections.CANDIDATE_LISTS, (e.calendar,), lambda old: {"year": e.year, "candidates": e.question_count})])
    try:
        assert counted(inquiry) == {"candidates": 2}
    finally:
        del projections.PROJECTIONS[InquiryRecorded]


def closed(round: int, *grades: tuple[int, int]) -> AssessmentClosed:
    """An assessment's grades: (project number, grade number)."""
    return AssessmentClosed(assessment=f"{T}/evaluations/2023/assessments/{round}", evaluation=f"{T}/evaluations/2023",
                            year=2023, grades=[ProjectGrade(project=f"{T}/projects/2023-{n}", grade=g, satisfied=1)
                                               for n, g in grades])


def test_grades_count_each_project_by_its_latest_assessment_and_rectifications_once():
    supervised = [adopted("a", "b", "c"), registered("a", 1), registered("b", 2), registered("c", 3)]
    required = RectificationRequired(project=f"{T}/projects/2023-3", year=2023)
    first = closed(1, (1, 1), (2, 2), (3, 3))
    expected = {"adopted": 3, "budget_adopted_yuan": 300, "satisfied": 1, "basically_satisfied": 1,
                "unsatisfied": 1, "rectifications_required": 1}
    assert counted(*supervised, first, required) == expected
    assert counted(*supervised, first, required, first, required) == expected
    # Re-assessed after rectification: 基本满意 now, still once required; an older round replayed changes nothing.
    again = closed(2, (3, 2))
    regraded = {**expected, "basically_satisfied": 2, "unsatisfied": 0}
    assert counted(*supervised, first, required, again) == {k: v for k, v in regraded.items() if v}
    assert counted(*supervised, again, first, required) == {k: v for k, v in regraded.items() if v}


def test_an_evaluation_filing_is_counted_apart_from_vote_filings_once_and_refused_when_tampered():
    signer = new_signer()
    keys = {("xihu", "evaluation"): signer.public_key}.get

    def pinned(town_id, service):
        return keys((town_id, service))
    genuine = filed(signer, "xihu", 2023)
    assert counted(genuine, genuine, keys=pinned) == {"evaluation_filings_accepted": 1}
    assert counted(filed(signer, "xihu", 2023, tamper=True), keys=pinned) == {"evaluation_filings_refused": 1}
    assert counted(genuine) == {"evaluation_filings_refused": 1}
    store = Store(pinned)
    store.apply(projections.Source("xihu", NOW, pinned), genuine)
    row, = store.rows.values()
    assert (row["id"], row["kind"], row["poll"], row["accepted"]) == ("evaluation", "EVALUATION",
                                                                       f"{T}/evaluations/2023", True)


def receipts(*events, keys) -> dict[str, tuple[bool, list[str]]]:
    """The filings' receipts after the events, by filing id."""
    store = Store(keys)
    for event in events:
        store.apply(projections.Source("xihu", NOW, keys), event)
    return {row["id"]: (row["accepted"], row["problems"]) for (view, _, _), row in store.rows.items()
            if view == "filings"}


def test_a_revision_is_received_after_the_one_it_supersedes_and_must_name_its_document():
    signer = new_signer()

    def pinned(town_id, service):
        return signer.public_key
    first = filed(signer, "xihu", 2023)
    second = revised(signer, first)
    linked = {"evaluation": (True, []), "evaluation-2": (True, [])}
    assert receipts(first, second, second, keys=pinned) == linked
    # Arrived before the one it supersedes (a replay, a retry): it waits, then links the same.
    assert receipts(second, keys=pinned) == {}
    assert receipts(second, first, keys=pinned) == linked
    third = revised(signer, second)
    assert receipts(third, second, first, keys=pinned) == {**linked, "evaluation-3": (True, [])}

    forged = revised(signer, first, supersedes="2" * 64)
    actual = hashlib.sha256(first.document.encode("utf-8")).hexdigest()
    assert receipts(first, forged, keys=pinned)["evaluation-2"] == (False, [
        f"it supersedes a document of SHA-256 {'2' * 64}, but revision 1 as filed has SHA-256 {actual}"])
    # The first verdict stands: the genuine revision 2 after the forged one changes nothing.
    assert receipts(first, forged, second, keys=pinned)["evaluation-2"][0] is False

    tampered = filed(signer, "xihu", 2023, tamper=True)
    assert receipts(tampered, revised(signer, tampered), keys=pinned) == {
        "evaluation": (False, ["the signature does not match the document"]),
        "evaluation-2": (False, ["revision 1, which it supersedes, was refused"])}
    assert counted(tampered, revised(signer, tampered), keys=pinned) == {"evaluation_filings_refused": 2}
