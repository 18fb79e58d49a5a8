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
from services.platform.memory import memory_context
from services.voting import domain, handlers
from services.voting.api import _paper_tally
from services.voting.consumers import SUBSCRIPTIONS

TOWNS = (Town("xihu", "西湖镇"), Town("chentuan", "陈疃镇"))


@dataclass(frozen=True)
class ListRow:
    town_id: str
    year: int
    review: str
    seats: int
    candidates: list
    approval_record: str


@dataclass
class Store:
    candidate_lists: dict[tuple[str, int], ListRow] = field(default_factory=dict)


class CandidateLists:
    """The candidate-list part of voting's repository, in memory."""

    def __init__(self, store: Store):
        self.store = store

    async def save_candidate_list(self, town_id: str, *, year: int, review: str, seats: int,
                                  candidates: list[domain.Candidate], approval_record: str) -> None:
        self.store.candidate_lists[town_id, year] = ListRow(
            town_id, year, review, seats, [c.as_dict() for c in candidates], approval_record)

    async def candidate_list(self, town_id: str, year: int) -> ListRow:
        if (town_id, year) not in self.store.candidate_lists:
            raise NotFound(f"no approved candidate list towns/{town_id}/candidateLists/{year}")
        return self.store.candidate_lists[town_id, year]


def approved(town: str = "xihu", count: int = 3, **changes) -> CandidateListApproved:
    review = f"towns/{town}/reviews/2024"
    fields = dict(review=review, year=2024, seats=2, candidates=[
        Candidate(candidate_id=f"{review}/items/c{i}", rank=i, title=f"项目{i}") for i in range(1, count + 1)])
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
    assert [c["rank"] for c in found.candidates] == [1, 2, 3] and found.seats == 2
    assert ctx.unit_of_work.events == []  # taking a list is no event of voting's own


def test_a_paper_tally_counting_a_candidate_twice_is_invalid():
    v = Violations()
    _paper_tally(v, pb.PaperTally(ballots_issued=3, ballots_returned=3, counts=[
        pb.PaperTally.Count(candidate_id="c1", for_votes=2), pb.PaperTally.Count(candidate_id="c1", for_votes=1)]))
    assert [x.field for x in v.items] == ["tally.counts"]
