"""Candidate lists from review's events: only a sound list of this town's own review is taken,
once however often it is delivered. Use cases through in-memory units of work, no stack."""
from dataclasses import dataclass, field

import pytest

from minsheng.events.v1.review_events_pb2 import Candidate, CandidateListApproved
from minsheng.voting.v1 import voting_pb2 as pb
from services.platform import events
from services.platform.auth import Caller, STAFF
from services.platform.config import Town
from services.platform.consumer import Consumer
from services.platform.errors import NotFound, Violations
from services.voting.decision import CandidateList
from services.platform.memory import memory_context
from services.voting import domain, handlers
from services.voting.api import _paper_tally
from services.voting.consumers import SUBSCRIPTIONS

TOWNS = (Town("xihu", "西湖镇"), Town("chentuan", "陈疃镇"))


@dataclass
class Store:
    candidate_lists: dict[tuple[str, int], CandidateList] = field(default_factory=dict)


class CandidateLists:
    """The candidate-list part of voting's repository, in memory."""

    def __init__(self, store: Store):
        self.store = store

    async def save_candidate_list(self, c: CandidateList) -> None:
        self.store.candidate_lists[c.town_id, c.year] = c

    async def candidate_list(self, town_id: str, year: int, *, for_update: bool = False) -> CandidateList | None:
        return self.store.candidate_lists.get((town_id, year))


def approved(town: str = "xihu", count: int = 3, **changes) -> CandidateListApproved:
    review = f"towns/{town}/reviews/2024"
    fields = dict(review=review, year=2024, seats=2, candidates=[
        Candidate(candidate_id=f"{review}/items/c{i}", proposal=f"towns/{town}/proposals/p{i}", rank=i,
                  title=f"项目{i}", budget_yuan=10_000 * i, responsible_unit="镇政府", completion_deadline="2024-11-30")
        for i in range(1, count + 1)])
    return CandidateListApproved(**(fields | changes))


def delivered(payload: CandidateListApproved, town: str = "xihu"):
    return events.new_envelope(town_id=town, source="review", aggregate_id=payload.review, aggregate_sequence=1,
                               payload=payload)


@pytest.fixture
def voting():
    """The voting context on an empty in-memory store, and its candidate-list consumer."""
    ctx = memory_context(Store(), CandidateLists, towns=TOWNS)
    return ctx, Consumer(ctx, js=None, service="voting", subscription=SUBSCRIPTIONS[0])


@pytest.mark.parametrize("bad", [
    approved(town="chentuan"),                                   # another town's review and items
    approved(review="towns/xihu/reviews/2023"),                  # another year's review
    approved(count=domain.MAX_CANDIDATES + 1),                   # more candidates than a ballot holds
    approved(candidates=[Candidate(candidate_id="towns/xihu/reviews/2024/items/c1", rank=1, title="")]),
])
async def test_unsound_or_foreign_lists_are_refused_and_change_nothing(voting, bad):
    ctx, consumer = voting
    with pytest.raises(ValueError):
        await consumer.apply(delivered(bad))
    assert ctx.unit_of_work.store == Store() and ctx.unit_of_work.inbox == set()  # not even the claim


async def test_a_sound_list_is_taken_once_and_read_back_in_rank_order(voting):
    ctx, consumer = voting
    shuffled = approved()
    shuffled.candidates.reverse()
    envelope = delivered(shuffled)
    assert await consumer.apply(envelope) is True
    assert await consumer.apply(envelope) is False  # redelivered: the inbox drops it
    staff = Caller("staff-xihu", "xihu", frozenset({STAFF}))
    found = await handlers.get_candidate_list(ctx, staff, "xihu", 2024)
    assert [p.rank for p in found.projects] == [1, 2, 3] and found.seats == 2
    assert found.projects[2].budget_yuan == 30_000 and found.projects[2].proposal == "towns/xihu/proposals/p3"
    assert found.decision.candidate_ids == tuple(p.candidate_id for p in found.projects)
    assert ctx.unit_of_work.events == []  # taking a list is no event of voting's own
    with pytest.raises(NotFound):
        await handlers.get_candidate_list(ctx, staff, "xihu", 2025)


async def test_a_list_voted_on_is_never_replaced_but_the_same_list_again_is_no_change(voting):
    ctx, consumer = voting
    await consumer.apply(delivered(approved()))
    listed = ctx.unit_of_work.store.candidate_lists["xihu", 2024]
    listed.decision.open("towns/xihu/sessions/s/polls/p")
    assert await consumer.apply(delivered(approved())) is True  # republished as it was: nothing to do
    with pytest.raises(ValueError):
        await consumer.apply(delivered(approved(seats=1)))
    assert ctx.unit_of_work.store.candidate_lists["xihu", 2024].decision.open_poll == "towns/xihu/sessions/s/polls/p"


async def test_a_list_not_voted_on_yet_is_replaced_by_a_new_approval(voting):
    ctx, consumer = voting
    await consumer.apply(delivered(approved()))
    await consumer.apply(delivered(approved(count=4, seats=3)))
    listed = ctx.unit_of_work.store.candidate_lists["xihu", 2024]
    assert (len(listed.projects), listed.seats, len(listed.decision.candidate_ids)) == (4, 3, 4)


def test_a_paper_tally_counting_a_candidate_twice_is_invalid():
    v = Violations()
    _paper_tally(v, pb.PaperTally(ballots_issued=3, ballots_returned=3, counts=[
        pb.PaperTally.Count(candidate_id="c1", for_votes=2), pb.PaperTally.Count(candidate_id="c1", for_votes=1)]))
    assert [x.field for x in v.items] == ["tally.counts"]
