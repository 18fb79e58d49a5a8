"""Review's use cases through in-memory units of work: the whole way from shortlisted
proposals to an approved list and a late proposal's answer, with no stack. The fake
repository keeps domain objects in a store."""
from dataclasses import dataclass, field
from datetime import date

import pytest

from minsheng.events.v1 import review_events_pb2 as ev
from minsheng.events.v1.collection_events_pb2 import ProposalScreened
from services.platform import events
from services.platform.auth import STAFF, Caller
from services.platform.config import Town
from services.platform.consumer import Consumer
from services.platform.errors import NotFound
from services.platform.memory import memory_context
from services.review import handlers
from services.review.consumers import SUBSCRIPTIONS
from services.review.domain import (Activity, ActivityKind, CompetitiveListRule, Member, MemberRole, Review,
                                    ReviewItem)
from tests.review.test_domain import assessment

TOWN, YEAR = "xihu", 2024
STAFF_CALLER = Caller("staff-xihu", TOWN, frozenset({STAFF}))


@dataclass
class Store:
    reviews: dict[tuple[str, int], Review] = field(default_factory=dict)
    items: dict[str, ReviewItem] = field(default_factory=dict)


class Reviews:
    """Review's repository, in memory."""

    def __init__(self, store: Store):
        self.store = store

    async def review(self, town_id: str, year: int, *, for_update: bool = False) -> Review | None:
        return self.store.reviews.get((town_id, year))

    async def add_review(self, review: Review) -> bool:
        return self.store.reviews.setdefault((review.town_id, review.year), review) is review

    async def save_review(self, review: Review) -> None:
        self.store.reviews[review.town_id, review.year] = review

    async def item(self, town_id: str, year: int, item_id: str, *, for_update: bool = False) -> ReviewItem:
        found = self.store.items.get(item_id)
        if found is None or (found.town_id, found.year) != (town_id, year):
            raise NotFound("no such item")
        return found

    async def items(self, town_id: str, year: int) -> list[ReviewItem]:
        return [i for i in self.store.items.values() if (i.town_id, i.year) == (town_id, year)]

    async def add_item(self, item: ReviewItem) -> bool:
        if any((i.town_id, i.year, i.proposal) == (item.town_id, item.year, item.proposal)
               for i in self.store.items.values()):
            return False
        self.store.items[item.id] = item
        return True

    async def save_item(self, item: ReviewItem) -> None:
        self.store.items[item.id] = item


@pytest.fixture
def review():
    ctx = memory_context(Store(), Reviews, towns=(Town(TOWN, "西湖镇"),))
    return ctx, Consumer(ctx, js=None, service="review", subscription=SUBSCRIPTIONS[0])


def screened(proposal: str, outcome=ProposalScreened.SHORTLISTED, town: str = TOWN, year: int = YEAR):
    return events.new_envelope(town_id=TOWN, source="collection", aggregate_id=proposal, aggregate_sequence=2,
                               payload=ProposalScreened(proposal=f"towns/{town}/proposals/{proposal}", year=year,
                                                        outcome=outcome, title=proposal, supporter_count=1))


async def test_shortlisted_proposals_become_items_once_and_others_never(review):
    ctx, consumer = review
    assert await consumer.apply(screened("p1"))
    assert await consumer.apply(screened("p1"))  # republished under a new event id: still one item
    assert await consumer.apply(screened("p2", outcome=ProposalScreened.NOT_SHORTLISTED))
    with pytest.raises(ValueError):
        await consumer.apply(screened("p3", town="chentuan"))
    assert [i.proposal for i in ctx.unit_of_work.store.items.values()] == ["towns/xihu/proposals/p1"]


async def test_a_proposal_carried_into_a_later_year_is_reviewed_again_that_year(review):
    ctx, consumer = review
    await consumer.apply(screened("p1"))
    await consumer.apply(screened("p1", year=YEAR + 1))  # kept in the reserve pool, carried, shortlisted again
    assert sorted(i.year for i in ctx.unit_of_work.store.items.values()) == [YEAR, YEAR + 1]


async def test_from_shortlisted_proposals_to_an_approved_list_each_aggregate_numbered(review):
    ctx, consumer = review
    for proposal in ("p1", "p2"):
        await consumer.apply(screened(proposal))
    rule = CompetitiveListRule()
    opened = await handlers.open_review(ctx, STAFF_CALLER, TOWN, year=YEAR, title="审查论证", rule=rule)
    again = await handlers.open_review(ctx, STAFF_CALLER, TOWN, year=YEAR, title="审查论证", rule=rule)
    assert again.review == opened.review  # a retry: no second review, no second event
    await handlers.form_work_group(ctx, STAFF_CALLER, TOWN, YEAR, [
        Member("", "王代表", MemberRole.DEPUTY, "综合"), Member("", "李工", MemberRole.SECTOR_EXPERT, "交通")])
    items = sorted(ctx.unit_of_work.store.items)
    for urgency, item_id in zip((5, 3), items):
        await handlers.assign_assessors(ctx, STAFF_CALLER, TOWN, YEAR, item_id, ["m1", "m2"])
        await handlers.record_activity(ctx, STAFF_CALLER, TOWN, YEAR, item_id, Activity(
            ActivityKind.SITE_INSPECTION, date(YEAR, 1, 10), ("王代表",), "属实"))
        await handlers.record_assessment(ctx, STAFF_CALLER, TOWN, YEAR, item_id, assessment(urgency=urgency))
    await handlers.propose_recommendations(ctx, STAFF_CALLER, TOWN, YEAR)
    await handlers.decide_presidium(ctx, STAFF_CALLER, TOWN, YEAR, record="纪要", removals=[], additions=[])
    approved = await handlers.approve_candidate_list(ctx, STAFF_CALLER, TOWN, YEAR, approval_record="审定", seats=1)
    assert len(approved.review.candidate_list.item_ids) == 2

    await consumer.apply(screened("late"))  # after the approval: answered at once
    units = ctx.unit_of_work
    assert [type(p) for p in units.of(opened.review.name)] == [
        ev.ReviewOpened, ev.RecommendationsProposed, ev.PresidiumDecided, ev.CandidateListApproved]
    late = next(i for i in units.store.items.values() if i.proposal.endswith("/late"))
    answer = units.of(late.name)
    assert len(answer) == 1 and isinstance(answer[0], ev.ItemNotRecommended) and "储备库" in answer[0].answer
    numbered = {}
    for event in units.events:
        numbered.setdefault(event.aggregate_id, []).append(event.aggregate_sequence)
    assert all(sequences == list(range(1, len(sequences) + 1)) for sequences in numbered.values())
