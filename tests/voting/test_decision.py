"""Unit and property tests of a candidate list's decision across its polls, and of runoffs
(no stack)."""
from datetime import date

import pytest
from hypothesis import event, given, settings, strategies as st

from services.platform.errors import FailedPrecondition
from services.voting import domain
from services.voting.decision import (CandidateListDecision, ListedProject, ListState, PollPlan, decide_poll,
                                      decide_runoff, new_decision, projects_adopted)
from services.voting.domain import (CandidateCount, Decision, Outcome, RunoffRule, VoidReason, VotingRules)

LIST = ("c1", "c2", "c3", "c4")
RANKS = {c: i for i, c in enumerate(LIST + ("c5", "c6", "c7", "c8"), start=1)}


def fresh(seats: int = 2, candidates: tuple[str, ...] = LIST) -> CandidateListDecision:
    return CandidateListDecision("xihu", 2024, seats, candidates)


def counts(**for_votes: int) -> tuple[CandidateCount, ...]:
    return tuple(CandidateCount(c, v) for c, v in for_votes.items())


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


# --- Runoffs decide ----------------------------------------------------------------------------

def test_the_probe_runoff_fills_the_seat_by_most_votes():
    """6 seated; two tied for one seat; 3 for one, 2 for the other, 1 abstains."""
    runoff = counts(c2=3, c3=2)
    rules = VotingRules()
    decision, required = decide_poll(rules, runoff, RANKS, seats=1, seated=6, present=6, runoff=True)
    assert (decision.outcome, decision.adopted, decision.unfilled_seats, required) == (Outcome.DECIDED, ("c2",), 0, 0)


def test_a_town_may_keep_the_absolute_majority_in_runoffs_and_the_empty_seat_is_stated():
    rules = VotingRules(runoff_rule=RunoffRule.ABSOLUTE_MAJORITY)
    decision, required = decide_poll(rules, counts(c2=3, c3=2), RANKS, seats=1, seated=6, present=6, runoff=True)
    assert (decision.outcome, decision.adopted, decision.unfilled_seats, required) == (Outcome.DECIDED, (), 1, 4)
    d = fresh(seats=2)
    d.open("p1")
    d.close("p1", TIE)
    d.open("r1", runoff_of="p1")
    d.close("r1", decision)
    assert d.final_adoption() == ("c1",) and d.unfilled_seats == 1


def test_a_runoff_tied_again_at_the_cut_names_the_tied():
    decision = decide_runoff(counts(c2=4, c3=2, c4=2), RANKS, 2, RunoffRule.MOST_VOTES, 36)
    assert (decision.outcome, decision.adopted, decision.tied, decision.runoff_seats) == \
        (Outcome.TIE, ("c2",), ("c3", "c4"), 1)


def test_a_runoff_needs_more_candidates_than_seats():
    with pytest.raises(ValueError):
        decide_runoff(counts(c2=4), RANKS, 1, RunoffRule.MOST_VOTES, 1)


@settings(max_examples=300)
@given(votes=st.lists(st.integers(0, 70), min_size=2, max_size=8), data=st.data())
def test_a_most_votes_runoff_never_loses_a_seat(votes, data):
    seats = data.draw(st.integers(1, len(votes) - 1))
    ids = [f"c{i}" for i in range(1, len(votes) + 1)]
    runoff = tuple(CandidateCount(c, v) for c, v in zip(ids, votes))
    decision, _ = decide_poll(VotingRules(), runoff, RANKS, seats=seats, seated=70, present=70, runoff=True)
    if not any(votes):
        assert decision.outcome is Outcome.NO_VOTES
    elif decision.outcome is Outcome.DECIDED:
        assert len(decision.adopted) == seats and decision.unfilled_seats == 0
        cut = min(votes[ids.index(c)] for c in decision.adopted)
        assert cut > 0 and all(votes[ids.index(c)] < cut for c in ids if c not in decision.adopted)
    else:
        assert decision.outcome is Outcome.TIE
        assert len(decision.adopted) + decision.runoff_seats == seats
        assert len(decision.tied) > decision.runoff_seats > 0


@settings(max_examples=150, deadline=None)
@given(data=st.data(), seats=st.integers(1, 4), rule=st.sampled_from(list(RunoffRule)))
def test_any_chain_of_polls_ends_with_one_answer_within_the_seats(data, seats, rule):
    ids = tuple(f"c{i}" for i in range(1, 8))
    rules = VotingRules(runoff_rule=rule)
    d = CandidateListDecision("xihu", 2024, seats, ids)
    for n in range(12):
        if d.state is ListState.DECIDED:
            break
        plan = d.open(f"p{n}", runoff_of=d.chain[-1].poll if d.state is ListState.RUNOFF_NEEDED else "")
        # Eight deputies vote; few distinct counts make ties at the cut common.
        values = data.draw(st.sampled_from([(0, 3, 5, 6), (5, 6), tuple(range(9))]))
        votes = data.draw(st.lists(st.sampled_from(values), min_size=len(plan.candidate_ids),
                                   max_size=len(plan.candidate_ids)))
        decision, _ = decide_poll(rules, tuple(CandidateCount(c, v) for c, v in zip(plan.candidate_ids, votes)),
                                  RANKS, seats=plan.seats, seated=8, present=8, runoff=bool(plan.runoff_of))
        d.close(f"p{n}", decision)
    event(f"{d.state} after {len(d.polls)} polls")
    if d.state is ListState.DECIDED:
        adopted = d.final_adoption()
        assert len(set(adopted)) == len(adopted) and set(adopted) <= set(ids)
        assert len(adopted) + d.unfilled_seats == seats
        assert d.can_file(d.results()[-1]) and sum(d.can_file(p.poll) for p in d.polls) == 1
        if rule is RunoffRule.MOST_VOTES and len(d.chain) > 1:
            assert d.chain[-1].unfilled_seats == 0  # a runoff under MOST_VOTES fills every seat


def test_a_poll_without_quorum_at_the_close_or_without_votes_decides_nothing():
    rules = VotingRules()
    some = counts(c1=5, c2=1)
    decision, _ = decide_poll(rules, some, RANKS, seats=1, seated=9, present=5, runoff=False)
    assert (decision.outcome, decision.void_reason) == (Outcome.POLL_INVALID, VoidReason.NO_QUORUM_AT_CLOSE)
    decision, _ = decide_poll(rules, counts(c1=0, c2=0), RANKS, seats=1, seated=9, present=9, runoff=False)
    assert decision.outcome is Outcome.NO_VOTES
    decision, _ = decide_poll(rules, some, RANKS, seats=1, seated=9, present=9, runoff=False,
                              ballots_exceed_issued=True)
    assert decision.void_reason is VoidReason.BALLOTS_EXCEED_ISSUED
    decision, _ = decide_poll(rules, some, RANKS, seats=1, seated=8, present=6, runoff=False, deputies_voted=7)
    assert (decision.outcome, decision.void_reason) == (Outcome.POLL_INVALID, VoidReason.BALLOTS_EXCEED_PRESENT)
    # A deputy voted, then a departure dated before the session unseated them: their secret
    # ballot cannot be taken out, though the counts alone (5 voted, 7 present) look sound.
    decision, _ = decide_poll(rules, some, RANKS, seats=1, seated=8, present=7, runoff=False, deputies_voted=5,
                              unseated_voters=1)
    assert (decision.outcome, decision.void_reason) == (Outcome.POLL_INVALID, VoidReason.UNSEATED_VOTER)


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


# --- What is announced ---------------------------------------------------------------------------

def facts(decision: Decision, tally: domain.Tally, *, runoff_of: str = "", votes_required: int = 4,
          rules: VotingRules = VotingRules()) -> domain.ResultFacts:
    return domain.ResultFacts(
        town_id="xihu", town_name="西湖镇", poll_name="p", session_name="s", session_title="第一次会议",
        session_date=date(2024, 1, 15), candidate_list="l", runoff_of=runoff_of,
        method=domain.VotingMethod.ELECTRONIC, rules=rules, seats=1,
        candidates=(domain.Candidate("c2", 2, "村道"), domain.Candidate("c3", 3, "路灯")), seated=6, present=6,
        deputies_voted=tally.ballots, tally=tally, votes_required=votes_required, decision=decision, closed_at="t")


def test_no_votes_is_announced_as_such():
    empty = domain.Tally(0, 0, 0, counts(c2=0, c3=0))
    text = domain.announcement(facts(Decision(Outcome.NO_VOTES), empty))
    assert "未收到选票" in text and "应重新投票" in text and "当选" not in text
    blank = domain.Tally(6, 6, 0, counts(c2=0, c3=0))
    assert "没有候选项目获得赞成票" in domain.announcement(facts(Decision(Outcome.NO_VOTES), blank))


def test_runoff_and_unfilled_seats_are_announced():
    tally = domain.Tally(6, 6, 0, counts(c2=3, c3=2))
    text = domain.announcement(facts(Decision(Outcome.DECIDED, adopted=("c2",)), tally, runoff_of="p1",
                                     votes_required=0))
    assert "再次投票，以得票多的当选" in text and "村道（赞成3票）" in text
    text = domain.announcement(facts(Decision(Outcome.DECIDED, unfilled_seats=1), tally, runoff_of="p1",
                                     rules=VotingRules(runoff_rule=RunoffRule.ABSOLUTE_MAJORITY)))
    assert "以得票多的当选" not in text and "其余1项无候选项目获得4票以上赞成票，空缺" in text
    void = Decision(Outcome.POLL_INVALID, void_reason=VoidReason.NO_QUORUM_AT_CLOSE)
    assert "出席代表不足法定人数" in domain.announcement(facts(void, tally))
