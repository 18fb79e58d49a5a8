"""Unit and property tests of the voting rules and the verifier's rules (no stack). Ballots
here are plain marks counted by the test ('F' for, 'A' against, '-' abstain): the
encrypted ballots and their board are tested in test_verify.py and tests/ballotbox."""
import base64
import copy
import json
from datetime import date

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings, strategies as st

from services.platform import pseudonyms
from services.platform.errors import FailedPrecondition, InvalidArgument
from services.voting import domain, verify
from services.voting import settings as voting_settings
from services.voting.decision import decide_poll
from services.voting.domain import (BallotForm, Candidate, CandidateCount, Fraction, MajorityBase, Outcome,
                                    Poll, RunoffRule, VotingMethod, VotingRules)
from services.platform.signing import Signer

BOARD_SHA256 = "0" * 64  # the verifier checks a board only when it is given one


def fresh_keys() -> Signer:
    return voting_settings.read(voting_settings.generate(), "api", []).keys


def poll(n: int = 4, seats: int = 2, form: BallotForm = BallotForm.FOR_AGAINST_ABSTAIN) -> Poll:
    return Poll(town_id="xihu", session_id="s", poll_id="p", candidate_list_year=2024, title="票决", seats=seats,
                candidates=tuple(Candidate(f"c{i}", i, f"项目{i}") for i in range(1, n + 1)),
                method=VotingMethod.ELECTRONIC, rules=VotingRules(ballot_form=form))


def plain_recount(ids: list[str], ballots: list[str], form: BallotForm, seats: int) -> dict:
    """The obvious count, written independently of domain.tally."""
    counts = {c: [0, 0, 0] for c in ids}
    invalid = 0
    for b in ballots:
        if form is BallotForm.APPROVE_UP_TO_SEATS and b.count("F") > seats:
            invalid += 1
            continue
        for c, mark in zip(ids, b):
            counts[c]["FA-".index(mark)] += 1
    return {"counts": counts, "invalid": invalid, "valid": len(ballots) - invalid}


def tally(ids: list[str], ballots: list[str], form: BallotForm, seats: int) -> domain.Tally:
    """The decrypted counts of these ballots, as the scrutineers' decryption would give them."""
    found = plain_recount(ids, ballots, form, seats)
    by_option = {c: dict(zip(("for", "against", "abstain"), n)) for c, n in found["counts"].items()}
    return domain.electronic_tally(by_option, len(ballots))


def test_electronic_counts_are_the_decrypted_sums_and_every_ballot_is_valid():
    counted = domain.electronic_tally({"a": {"approve": 2}, "b": {"approve": 0}}, 3)
    assert counted.counts == (CandidateCount("a", 2, 0, 0), CandidateCount("b", 0, 0, 0))
    assert (counted.ballots, counted.valid, counted.invalid) == (3, 3, 0)
    counted = domain.electronic_tally({"a": {"for": 1, "against": 1, "abstain": 1}}, 3)
    assert counted.counts == (CandidateCount("a", 1, 1, 1),)


def test_the_ballot_manifest_follows_the_poll_and_its_rules():
    assert domain.ballot_manifest(poll(n=2)).to_json() == {
        "poll": "towns/xihu/sessions/s/polls/p",
        "form": {"kind": "choice", "candidates": ["c1", "c2"], "options": ["for", "against", "abstain"],
                 "blank_allowed": False}}
    approve = domain.ballot_manifest(poll(n=3, seats=2, form=BallotForm.APPROVE_UP_TO_SEATS))
    assert approve.form.to_json() == {"kind": "approval", "candidates": ["c1", "c2", "c3"], "max_approvals": 2}


@given(seated=st.integers(1, 400))
def test_majority_of_all_seated_deputies_with_odd_and_even_numbers(seated):
    required = VotingRules().votes_required(seated, present=1)
    assert 2 * required > seated and 2 * (required - 1) <= seated  # the least number above half
    assert required == (seated // 2 + 1)


@pytest.mark.parametrize("seated, required", [(70, 36), (71, 36), (69, 35), (2, 2), (1, 1), (160, 81)])
def test_majority_examples(seated, required):
    assert VotingRules().votes_required(seated, present=seated) == required


def test_majority_base_present_and_other_fractions():
    rules = VotingRules(majority_base=MajorityBase.PRESENT, majority=Fraction(2, 3))
    assert rules.votes_required(seated=70, present=60) == 41  # more than 40


@given(seated=st.integers(1, 400))
def test_quorum_is_at_least_two_thirds(seated):
    needed = VotingRules().quorum_required(seated)
    assert 3 * needed >= 2 * seated and 3 * (needed - 1) < 2 * seated


def counts(*for_votes: int) -> tuple[CandidateCount, ...]:
    return tuple(CandidateCount(f"c{i}", v) for i, v in enumerate(for_votes))


RANKS = {f"c{i}": i for i in range(20)}


@settings(max_examples=200)
@given(votes=st.lists(st.integers(0, 60), min_size=1, max_size=15), data=st.data())
def test_adoption_never_exceeds_seats_and_ties_at_the_cut_are_explicit(votes, data):
    seats = data.draw(st.integers(1, len(votes)))
    required = data.draw(st.integers(1, 61))
    decision = domain.decide(counts(*votes), RANKS, seats, required)
    passing = sorted((v for v in votes if v >= required), reverse=True)
    assert len(decision.adopted) <= seats
    assert all(votes[int(c[1:])] >= required for c in decision.adopted)
    tie_at_cut = len(passing) > seats and passing[seats - 1] == passing[seats]
    assert (decision.outcome is Outcome.TIE) == tie_at_cut
    if tie_at_cut:
        cut = passing[seats - 1]
        assert sorted(votes[int(c[1:])] for c in decision.tied) == [cut] * passing.count(cut)
        assert decision.runoff_seats == seats - len(decision.adopted) > 0
        assert all(votes[int(c[1:])] > cut for c in decision.adopted)
    else:
        assert sorted((votes[int(c[1:])] for c in decision.adopted), reverse=True) == passing[:seats]


def test_tie_exactly_at_the_cut_names_the_tied_and_adopts_those_above():
    decision = domain.decide(counts(50, 40, 40, 40, 30), RANKS, seats=2, votes_required=36)
    assert decision.outcome is Outcome.TIE
    assert decision.adopted == ("c0",) and decision.tied == ("c1", "c2", "c3") and decision.runoff_seats == 1


def test_tie_below_the_cut_or_among_the_adopted_is_no_tie():
    assert domain.decide(counts(50, 50, 40, 40), RANKS, 2, 36).outcome is Outcome.DECIDED
    # Tied candidates that all fit within the seats are all adopted.
    assert domain.decide(counts(50, 40, 40), RANKS, 3, 36).adopted == ("c0", "c1", "c2")
    # A tie among candidates below the majority is not at the cut.
    assert domain.decide(counts(50, 30, 30), RANKS, 2, 36).adopted == ("c0",)


def test_keys_are_checked_at_start_only_for_the_api_and_accept_pem():
    problems: list[str] = []
    assert voting_settings.read({}, "api", problems).keys is None
    assert [p.split(":")[0] for p in problems] == [pseudonyms.KEY_ENV, voting_settings.SIGNING_ENV]
    assert voting_settings.read({}, "relay", problems) == voting_settings.VotingSettings(keys=None) and len(problems) == 2
    pem = Ed25519PrivateKey.generate().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                     serialization.NoEncryption()).decode()
    env = voting_settings.generate() | {voting_settings.SIGNING_ENV: pem, pseudonyms.KEY_ENV: pseudonyms.new_key()}
    assert isinstance(voting_settings.read(env, "api", problems).keys, Signer) and len(problems) == 2


def test_paper_tally_reconciliation():
    p = poll(n=2, seats=1)
    p.method = VotingMethod.PAPER
    good = domain.PaperTally(60, 60, 2, {"c1": (40, 10, 8), "c2": (30, 20, 8)})
    p.record_paper_tally(good, present=62)
    with pytest.raises(InvalidArgument) as error:
        p.record_paper_tally(domain.PaperTally(63, 60, 61, {"c1": (1, 1, 1)}), present=62)
    assert {v.field for v in error.value.violations} == {"tally.ballots_issued", "tally.invalid_ballots",
                                                         "tally.counts", "tally.counts[c1]"}
    # Returned > issued is recorded: it voids the poll rather than being refused.
    p.record_paper_tally(domain.PaperTally(60, 61, 1, {"c1": (40, 10, 10), "c2": (30, 20, 10)}), present=62)


def test_paper_tally_needs_chief_and_a_second_scrutineer():
    p = poll(n=1, seats=1)
    p.method = VotingMethod.PAPER
    session = domain.Session("xihu", "s", "19", "会议", date(2024, 1, 15), "chief", ("second", "third"),
                             frozenset({"chief", "second", "third"}))
    with pytest.raises(FailedPrecondition):
        p.confirm_paper_tally("chief", session)  # nothing to confirm yet
    p.record_paper_tally(domain.PaperTally(3, 3, 0, {"c1": (3, 0, 0)}), present=3)
    with pytest.raises(FailedPrecondition):
        p.confirm_paper_tally("someone", session)
    p.confirm_paper_tally("second", session)
    p.confirm_paper_tally("third", session)
    assert not p.tally_confirmed(session)
    p.confirm_paper_tally("chief", session)
    assert p.tally_confirmed(session)


# --- The verifier -----------------------------------------------------------------------------

def signed_result(ballots: list[str]) -> dict:
    p = poll(n=3, seats=2)
    counted = tally(p.candidate_ids(), ballots, p.rules.ballot_form, p.seats)
    required = p.rules.votes_required(10, 8)
    facts = domain.ResultFacts(
        town_id="xihu", town_name="西湖镇", poll_name="towns/xihu/sessions/s/polls/p", session_name="towns/xihu/sessions/s",
        session_title="第一次会议", session_date=date(2024, 1, 15), candidate_list="towns/xihu/candidateLists/2024",
        runoff_of="", method=VotingMethod.ELECTRONIC, rules=p.rules, seats=p.seats, candidates=p.candidates, seated=10,
        present=8, deputies_voted=len(ballots), tally=counted, votes_required=required,
        decision=domain.decide(counted.counts, {c.candidate_id: c.rank for c in p.candidates}, p.seats, required),
        closed_at="2024-01-15T10:00:00+08:00", board_sha256=BOARD_SHA256)
    keys = fresh_keys()
    document = domain.result_document(facts)
    return verify.bundle(json.dumps(document, ensure_ascii=False), keys.sign(document), keys.public_key)


BALLOTS = ["FF-", "FFA", "FAF", "FF-", "F-A", "FFF", "AF-"]


def test_verifier_accepts_a_real_result():
    result = signed_result(BALLOTS)
    assert verify.check(result) == []
    assert verify.check(result, base64.b64decode(result["public_key"])) == []


def tampered(change) -> list[str]:
    result = signed_result(BALLOTS)
    changed = copy.deepcopy(result)
    change(changed["document"])
    return verify.check(changed)


def test_verifier_rejects_a_ballot_added_or_counts_changed():
    def add(d):
        d["ballots"] += 1
        d["valid_ballots"] += 1
    problems = tampered(add)
    assert "the signature does not match the document" in problems
    assert any("ballots added or removed" in p for p in problems)

    def change(d):
        d["counts"]["c1"] = [0, 7, 0]
    problems = tampered(change)
    assert "the signature does not match the document" in problems
    assert "the adopted projects do not follow from the counts and the rules" in problems


def test_verifier_rejects_a_bad_signature_or_another_key(tmp_path):
    result = signed_result(BALLOTS)
    result["signature"] = base64.b64encode(b"\0" * 64).decode()
    assert verify.check(result) == ["the signature does not match the document"]
    good = signed_result(BALLOTS)
    other_key = fresh_keys().public_key
    assert verify.check(good, other_key) == ["signed by another key than the trusted one"]
    path = tmp_path / "result.json"
    path.write_text(json.dumps(result), encoding="utf-8")
    assert verify.main([str(path)]) == 1
    path.write_text(json.dumps(good), encoding="utf-8")
    assert verify.main([str(path), "--public-key", good["public_key"]]) == 0


def test_verifier_rejects_adopted_projects_that_do_not_follow_from_the_counts():
    def adopt_another(d):
        d["adopted"] = ["c3"]
    problems = tampered(adopt_another)
    assert "the signature does not match the document" in problems
    assert "the adopted projects do not follow from the counts and the rules" in problems


# --- Rules that make adoption possible; the runoff rule ----------------------------------------

@pytest.mark.parametrize("numerator, denominator", [(1, 1), (2, 2), (1000, 1000)])
def test_a_majority_of_the_whole_base_is_refused(numerator, denominator):
    with pytest.raises(InvalidArgument) as error:
        VotingRules(majority=Fraction(numerator, denominator)).validate()
    assert [v.field for v in error.value.violations] == ["voting_rules.majority.numerator"]


@given(numerator=st.integers(1, 1000), denominator=st.integers(1, 1000), seated=st.integers(1, 400),
       base=st.sampled_from(list(MajorityBase)))
def test_valid_rules_always_let_a_unanimous_vote_adopt(numerator, denominator, seated, base):
    rules = VotingRules(majority_base=base, majority=Fraction(numerator, denominator))
    try:
        rules.validate()
    except InvalidArgument:
        assert numerator >= denominator
        return
    assert rules.votes_required(seated, present=seated) <= seated


def test_rules_stored_before_the_runoff_rule_take_the_default():
    stored = VotingRules().as_dict()
    del stored["runoff_rule"]
    assert VotingRules.from_dict(stored).runoff_rule is RunoffRule.MOST_VOTES
    rules = VotingRules(runoff_rule=RunoffRule.ABSOLUTE_MAJORITY)
    assert VotingRules.from_dict(rules.as_dict()) == rules


def test_seated_on_the_day_follows_departures_recorded_later():
    session_day = date(2024, 1, 15)
    roster = [domain.Deputy("xihu", "19", "stays", "甲", date(2021, 10, 1)),
              domain.Deputy("xihu", "19", "left-before", "乙", date(2021, 10, 1), left_office=date(2024, 1, 10)),
              domain.Deputy("xihu", "19", "left-that-day", "丙", date(2021, 10, 1), left_office=session_day),
              domain.Deputy("xihu", "19", "left-after", "丁", date(2021, 10, 1), left_office=date(2024, 1, 16)),
              domain.Deputy("xihu", "19", "not-yet", "戊", date(2024, 1, 16))]
    assert domain.seated_on(roster, session_day) == {"stays", "left-after"}


def test_no_quorum_no_poll():
    domain.require_quorum(VotingRules(), seated=9, present=6)
    with pytest.raises(FailedPrecondition) as error:
        domain.require_quorum(VotingRules(), seated=9, present=5)
    assert error.value.reason == "NO_QUORUM"


def runoff_result(rule: RunoffRule, decided_by: RunoffRule) -> dict:
    """A signed runoff result (2 tied for 1 seat, 3 for c1, 2 for c2, 6 seated) decided by `decided_by`."""
    p = poll(n=2, seats=1)
    p.rules = VotingRules(runoff_rule=rule)
    ballots = ["F-", "F-", "F-", "-F", "-F", "--"]
    counted = tally(p.candidate_ids(), ballots, p.rules.ballot_form, p.seats)
    ranks = {c.candidate_id: c.rank for c in p.candidates}
    decision, required = decide_poll(VotingRules(runoff_rule=decided_by), counted.counts, ranks, seats=1,
                                     seated=6, present=6, runoff=True)
    facts = domain.ResultFacts(
        town_id="xihu", town_name="西湖镇", poll_name="towns/xihu/sessions/s/polls/r", session_name="s",
        session_title="第一次会议", session_date=date(2024, 1, 15), candidate_list="towns/xihu/candidateLists/2024",
        runoff_of="towns/xihu/sessions/s/polls/p", method=VotingMethod.ELECTRONIC, rules=p.rules, seats=1,
        candidates=p.candidates, seated=6, present=6, deputies_voted=6, tally=counted, votes_required=required,
        decision=decision, closed_at="2024-01-15T10:00:00+08:00", board_sha256=BOARD_SHA256)
    keys = fresh_keys()
    document = domain.result_document(facts)
    return verify.bundle(json.dumps(document, ensure_ascii=False), keys.sign(document), keys.public_key)


def test_verifier_checks_a_runoff_by_the_towns_runoff_rule():
    good = runoff_result(RunoffRule.MOST_VOTES, decided_by=RunoffRule.MOST_VOTES)
    assert verify.check(good) == [] and good["document"]["adopted"] == ["c1"]
    strict = runoff_result(RunoffRule.ABSOLUTE_MAJORITY, decided_by=RunoffRule.ABSOLUTE_MAJORITY)
    assert verify.check(strict) == [] and strict["document"]["unfilled_seats"] == 1
    lost_seat = runoff_result(RunoffRule.MOST_VOTES, decided_by=RunoffRule.ABSOLUTE_MAJORITY)
    assert "the adopted projects do not follow from the counts and the rules" in verify.check(lost_seat)


def test_verifier_reads_version_1_documents_by_the_old_rules():
    """Before version 2 a runoff applied the first poll's threshold, and the rules had no runoff rule."""
    d = runoff_result(RunoffRule.ABSOLUTE_MAJORITY, decided_by=RunoffRule.ABSOLUTE_MAJORITY)["document"]
    for key in ("unfilled_seats", "void_reason", "unseated_voters"):
        del d[key]
    del d["rules"]["runoff_rule"]
    d["version"] = 1
    assert verify.check_decision(d) == []


THREE_BALLOTS = ["F-", "F-", "-F"]


def closed_with(decision: domain.Decision, *, seated: int, present: int, unseated_voters: int = 0) -> dict:
    """A signed result of three ballots on two candidates for one seat, closed with `decision`."""
    p = poll(n=2, seats=1)
    counted = tally(p.candidate_ids(), THREE_BALLOTS, p.rules.ballot_form, p.seats)
    facts = domain.ResultFacts(
        town_id="xihu", town_name="西湖镇", poll_name="towns/xihu/sessions/s/polls/p", session_name="s",
        session_title="第一次会议", session_date=date(2024, 1, 15), candidate_list="l", runoff_of="",
        method=VotingMethod.ELECTRONIC, rules=p.rules, seats=1, candidates=p.candidates, seated=seated,
        present=present, deputies_voted=3, tally=counted, votes_required=p.rules.votes_required(seated, present),
        decision=decision, closed_at="t", board_sha256=BOARD_SHA256, unseated_voters=unseated_voters)
    keys = fresh_keys()
    document = domain.result_document(facts)
    return verify.bundle(json.dumps(document, ensure_ascii=False), keys.sign(document), keys.public_key)


def decided_by_counts(seated: int, present: int) -> domain.Decision:
    p = poll(n=2, seats=1)
    counted = tally(p.candidate_ids(), THREE_BALLOTS, p.rules.ballot_form, p.seats)
    return domain.decide(counted.counts, {c.candidate_id: c.rank for c in p.candidates}, 1,
                         p.rules.votes_required(seated, present))


def test_verifier_accepts_more_voters_than_present_only_in_a_poll_void_for_it():
    void = domain.Decision(Outcome.POLL_INVALID, void_reason=domain.VoidReason.BALLOTS_EXCEED_PRESENT)
    result = closed_with(void, seated=3, present=2)
    assert "投票人数多于出席代表人数" in result["document"]["announcement"]
    assert verify.check(result) == []
    problems = verify.check(closed_with(decided_by_counts(3, 2), seated=3, present=2))
    assert "deputies who voted <= present <= seated does not hold" in problems


def test_verifier_requires_a_poll_with_a_voter_no_longer_seated_to_be_void():
    """3 of 4 present voted; then a departure dated before the session unseated one voter."""
    counts = tally(["c1", "c2"], THREE_BALLOTS, BallotForm.FOR_AGAINST_ABSTAIN, 1).counts
    void, _ = decide_poll(VotingRules(), counts, {"c1": 1, "c2": 2}, seats=1, seated=4, present=4, runoff=False,
                          deputies_voted=3, unseated_voters=1)
    result = closed_with(void, seated=4, present=4, unseated_voters=1)
    assert "投票人中有不属于本次会议实有代表的" in result["document"]["announcement"]
    assert verify.check(result) == []
    problems = verify.check(closed_with(decided_by_counts(4, 4), seated=4, present=4, unseated_voters=1))
    assert "the adopted projects do not follow from the counts and the rules" in problems
