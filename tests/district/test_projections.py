"""Each projection as a pure function: an event -> the change to its town's year."""
from minsheng.events.v1.collection_events_pb2 import ProposalAnswered, ProposalScreened, ProposalSubmitted
from minsheng.events.v1.review_events_pb2 import Candidate, CandidateListApproved
from minsheng.events.v1.voting_events_pb2 import AdoptedProject, ProjectsAdopted
from services.district import projections
from services.district.projections import RowChange, TownYear


def test_a_submitted_proposal_is_received_in_its_year():
    assert projections.change_of(ProposalSubmitted(proposal="towns/xihu/proposals/p", year=2023)) == RowChange(
        2023, {"proposals_received": 1})


def test_only_a_shortlisted_proposal_counts_as_shortlisted():
    assert projections.change_of(ProposalScreened(year=2023, outcome=ProposalScreened.SHORTLISTED)) == RowChange(
        2023, {"shortlisted": 1})
    assert projections.change_of(ProposalScreened(year=2023, outcome=ProposalScreened.NOT_SHORTLISTED)) is None
    assert projections.change_of(ProposalScreened(year=2023, outcome=ProposalScreened.RESERVE_POOL)) is None


def test_an_approved_list_counts_its_candidates():
    approved = CandidateListApproved(year=2023, candidates=[Candidate(), Candidate(), Candidate()])
    assert projections.change_of(approved) == RowChange(2023, {"candidates": 3})


def test_the_final_decision_counts_adopted_projects_and_their_budgets_not_the_others():
    adopted = ProjectsAdopted(year=2023, adopted=[AdoptedProject(budget_yuan=100), AdoptedProject(budget_yuan=250)],
                              not_adopted=[AdoptedProject(budget_yuan=999)])
    assert projections.change_of(adopted) == RowChange(2023, {"adopted": 2, "budget_adopted_yuan": 350})


def test_events_the_district_does_not_count_change_nothing():
    assert projections.change_of(ProposalAnswered(year=2023)) is None


def test_filings_count_accepted_and_refused_apart():
    assert projections.filing_change(2023, True) == RowChange(2023, {"filings_accepted": 1})
    assert projections.filing_change(2023, False) == RowChange(2023, {"filings_refused": 1})


def test_the_districts_totals_sum_every_towns_row():
    rows = [TownYear("xihu", 2023, {"adopted": 10, "proposals_received": 40}),
            TownYear("chentuan", 2023, {"adopted": 9})]
    totals = projections.totals(rows)
    assert totals["adopted"] == 19 and totals["proposals_received"] == 40 and totals["filings_refused"] == 0
    assert list(totals) == list(projections.COUNTS)


def test_the_adopted_projects_are_listed_with_their_unit_and_status_and_nothing_else_is():
    adopted = ProjectsAdopted(year=2023, adopted=[AdoptedProject(
        candidate_id="towns/xihu/reviews/2023/items/i1", title="修路", responsible_unit="交通办", budget_yuan=5,
        completion_deadline="2023-12-31")],
        not_adopted=[AdoptedProject(candidate_id="towns/xihu/reviews/2023/items/i2")])
    assert projections.projects_of("xihu", adopted) == [projections.Project(
        "xihu", 2023, "towns/xihu/reviews/2023/items/i1", "修路", "交通办", 5, "2023-12-31", projections.ADOPTED)]
    assert projections.projects_of("xihu", ProposalSubmitted(year=2023)) == []
