"""Unit tests of a candidate list's decision across its polls (no stack)."""
from datetime import date

import pytest

from services.platform.errors import FailedPrecondition
from services.voting.decision import (CandidateListDecision, ListedProject, ListState, PollPlan, new_decision,
                                      projects_adopted)
from services.voting.domain import Decision, Outcome, VoidReason

LIST = ("c1", "c2", "c3", "c4")


def fresh(seats: int = 2, candidates: tuple[str, ...] = LIST) -> CandidateListDecision:
    return CandidateListDecision("xihu", 2024, seats, candidates)


def reason(call) -> str:
    with pytest.raises(FailedPrecondition) as caught:
        call()
    return caught.value.reason


DECIDED = Decision(Outcome.DECIDED, adopted=("c2", "c1"), passing=("c2", "c1"))
TIE = Decision(Outcome.TIE, adopted=("c1",), passing=("c1", "c2", "c3"), tied=("c2", "c3"), runoff_seats=1)


# --- One decision per list ---------------------------------------------------------------------

def test_a_decided_list_takes_no_further_poll_and_only_its_poll_is_filed():
    d = fresh()
    assert d.open("p1") == PollPlan(LIST, 2)
    assert d.close("p1", DECIDED) is True
    assert d.state is ListState.DECIDED and d.final_adoption() == ("c2", "c1") and d.results() == ("p1",)
    assert d.can_file("p1") and not d.can_file("p2")
    assert reason(lambda: d.open("p2")) == "LIST_DECIDED"
    assert reason(lambda: d.open("p2", runoff_of="p1")) == "LIST_DECIDED"


def test_a_second_poll_while_one_is_open_is_refused_and_nothing_is_filed_yet():
    d = fresh()
    d.open("p1")
    assert reason(lambda: d.open("p2")) == "POLL_ALREADY_OPEN"
    assert reason(lambda: d.require_filable("p1")) == "LIST_NOT_DECIDED"
    assert reason(lambda: d.final_adoption()) == "LIST_NOT_DECIDED"
    assert reason(lambda: d.close("p2", DECIDED)) == "NOT_THE_OPEN_POLL"


def test_a_tie_needs_a_runoff_among_exactly_the_tied_and_the_chain_decides():
    d = fresh()
    d.open("p1")
    assert d.close("p1", TIE) is False
    assert d.state is ListState.RUNOFF_NEEDED
    assert reason(lambda: d.open("p2")) == "RUNOFF_REQUIRED"
    assert reason(lambda: d.open("p2", runoff_of="elsewhere")) == "NOT_THE_TIED_POLL"
    assert reason(lambda: d.require_filable("p1")) == "LIST_NOT_DECIDED"
    assert d.open("r1", runoff_of="p1") == PollPlan(("c2", "c3"), 1, "p1")
    assert d.close("r1", Decision(Outcome.DECIDED, adopted=("c3",), passing=("c3", "c2"))) is True
    assert d.final_adoption() == ("c1", "c3") and d.results() == ("p1", "r1")
    assert d.can_file("r1") and not d.can_file("p1")
    assert reason(lambda: d.require_filable("p1")) == "NOT_THE_FINAL_DECISION"
    d.require_filable("r1")


def test_a_runoff_tied_again_needs_another_runoff_among_the_newly_tied():
    d = fresh(seats=3, candidates=("c1", "c2", "c3", "c4", "c5"))
    d.open("p1")
    d.close("p1", Decision(Outcome.TIE, adopted=("c1",), tied=("c2", "c3", "c4"), runoff_seats=2))
    d.open("r1", runoff_of="p1")
    d.close("r1", Decision(Outcome.TIE, adopted=("c4",), tied=("c2", "c3"), runoff_seats=1))
    assert reason(lambda: d.open("r2", runoff_of="p1")) == "NOT_THE_TIED_POLL"
    assert d.open("r2", runoff_of="r1") == PollPlan(("c2", "c3"), 1, "r1")
    d.close("r2", Decision(Outcome.DECIDED, adopted=("c2",)))
    assert d.final_adoption() == ("c1", "c4", "c2") and d.unfilled_seats == 0


@pytest.mark.parametrize("void", [Decision(Outcome.POLL_INVALID, void_reason=VoidReason.BALLOTS_EXCEED_ISSUED),
                                  Decision(Outcome.NO_VOTES)])
def test_a_void_poll_may_be_held_again_and_the_record_says_why(void):
    d = fresh()
    d.open("p1")
    assert d.close("p1", void) is False
    assert d.state is ListState.AWAITING_POLL and d.polls[0].void
    assert d.polls[0].void_reason in {"BALLOTS_EXCEED_ISSUED", "NO_VOTES"}
    d.open("p2")
    d.close("p2", TIE)
    d.open("r1", runoff_of="p2")
    d.close("r1", void)  # a void runoff: the same runoff is needed again
    assert d.state is ListState.RUNOFF_NEEDED
    assert d.open("r2", runoff_of="p2") == PollPlan(("c2", "c3"), 1, "p2")
    d.close("r2", Decision(Outcome.DECIDED, adopted=("c2",)))
    assert d.results() == ("p2", "r2") and d.final_adoption() == ("c1", "c2")


def test_closing_again_changes_nothing_and_an_impossible_decision_is_refused():
    d = fresh()
    d.open("p1")
    d.close("p1", DECIDED)
    version = d.version
    assert d.close("p1", DECIDED) is False and d.version == version
    other = fresh()
    other.open("p1")
    with pytest.raises(ValueError):
        other.close("p1", Decision(Outcome.DECIDED, adopted=("c1", "c2", "c3")))
    with pytest.raises(ValueError):
        other.close("p1", Decision(Outcome.DECIDED, adopted=("stranger",)))


def test_the_decision_survives_storage():
    d = fresh()
    d.open("p1")
    d.close("p1", TIE)
    d.open("r1", runoff_of="p1")
    again = CandidateListDecision.from_dict(d.as_dict())
    assert again == d
    assert again.close("r1", Decision(Outcome.DECIDED, adopted=("c2",))) is True


# --- The year's adopted projects -----------------------------------------------------------------

def project(candidate_id: str, rank: int) -> ListedProject:
    return ListedProject(candidate_id, f"towns/xihu/proposals/{candidate_id}", rank, f"项目{rank}", "内容", "西湖村",
                         100_000 * rank, "镇财政", "镇建设办", date(2024, 11, 30))


def test_projects_adopted_carry_the_full_details_in_adoption_order():
    projects = [project(c, i) for i, c in enumerate(LIST, start=1)]
    d = new_decision("xihu", 2024, 2, list(reversed(projects)))
    assert d.candidate_ids == LIST
    d.open("p1")
    d.close("p1", TIE)
    d.open("r1", runoff_of="p1")
    d.close("r1", Decision(Outcome.DECIDED, adopted=("c3",)))
    event = projects_adopted(d, projects)
    assert [(a.project.candidate_id, a.adoption_rank) for a in event.adopted] == [("c1", 1), ("c3", 2)]
    first = event.adopted[0].project
    assert (first.budget_yuan, first.responsible_unit, first.completion_deadline, first.rank) == \
        (100_000, "镇建设办", date(2024, 11, 30), 1)
    assert [p.candidate_id for p in event.not_adopted] == ["c2", "c4"]
    assert event.results == ("p1", "r1") and event.unfilled_seats == 0
    with pytest.raises(ValueError):
        projects_adopted(d, projects[:3])


def test_listed_projects_round_trip_and_old_rows_have_no_details():
    p = project("c1", 1)
    assert ListedProject.from_dict(p.as_dict()) == p
    old = ListedProject.from_dict({"candidate_id": "c1", "rank": 1, "title": "项目"})
    assert old.completion_deadline is None and old.budget_yuan == 0
