"""Collection's use cases through in-memory units of work: no stack, the same handlers the
API and the consumer run. The fake repository keeps domain objects in a store."""
import copy
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from minsheng.events.v1 import collection_events_pb2 as ev
from minsheng.events.v1.review_events_pb2 import ItemNotRecommended
from services.collection import handlers
from services.collection.consumers import SUBSCRIPTIONS
from services.collection.domain import CollectionCycle, CycleState, Outcome, Proposal, ProposalState
from services.platform import audit, events
from services.platform.auth import STAFF, Caller
from services.platform.config import Town
from services.platform.consumer import Consumer
from services.platform.errors import InvalidArgument, NotFound
from services.platform.memory import memory_context
from tests.collection.test_domain import all_pass, draft

TOWN = "xihu"
STAFF_CALLER = Caller("staff-xihu", TOWN, frozenset({STAFF}))


@dataclass
class Store:
    cycles: dict[tuple[str, int], CollectionCycle] = field(default_factory=dict)
    proposals: dict[str, Proposal] = field(default_factory=dict)
    requests: dict[tuple[str, str], str] = field(default_factory=dict)


class Proposals:
    """Collection's repository, in memory: the methods these use cases call."""

    def __init__(self, store: Store):
        self.store = store

    async def hold_cycles(self, town_id: str, *, exclusive: bool) -> None:
        """One unit of work at a time in memory: nothing to hold."""

    async def cycle(self, town_id: str, year: int) -> CollectionCycle | None:
        return self.store.cycles.get((town_id, year))

    async def open_cycle(self, town_id: str) -> CollectionCycle | None:
        return next((c for (t, _), c in self.store.cycles.items() if t == town_id and c.state is CycleState.OPEN),
                    None)

    async def add_cycle(self, cycle: CollectionCycle) -> None:
        self.store.cycles[cycle.town_id, cycle.year] = cycle

    async def proposal(self, town_id: str, proposal_id: str, *, for_update: bool = False) -> Proposal:
        found = self.store.proposals.get(proposal_id)
        if found is None or found.town_id != town_id:
            raise NotFound("no such proposal")
        return found

    async def proposals_by_requests(self, town_id: str, request_ids: list[str]) -> dict[str, Proposal]:
        stored = {r: self.store.requests.get((town_id, r)) for r in request_ids}
        return {r: self.store.proposals[p] for r, p in stored.items() if p}

    async def add_proposals(self, town_id: str, added: list[tuple[Proposal, str | None]]) -> set[str]:
        inserted = set()
        for proposal, request_id in added:
            if request_id and (town_id, request_id) in self.store.requests:
                continue
            if request_id:
                self.store.requests[town_id, request_id] = proposal.id
            self.store.proposals[proposal.id] = proposal
            inserted.add(proposal.id)
        return inserted

    async def save_proposal(self, proposal: Proposal) -> None:
        self.store.proposals[proposal.id] = proposal


@pytest.fixture
def collection():
    return memory_context(Store(), Proposals, towns=(Town(TOWN, "西湖镇"),))


async def open_cycle(ctx, **changes) -> CollectionCycle:
    now = audit.now()
    fields = dict(year=2024, title="征集公告", announcement="公告正文", opens_at=now - timedelta(days=1),
                  closes_at=now + timedelta(days=30), additional_criteria=[])
    return await handlers.open_cycle(ctx, STAFF_CALLER, TOWN, **(fields | changes))


async def test_a_proposal_is_submitted_once_per_request_and_screened_in_its_history(collection):
    ctx = collection
    await open_cycle(ctx)
    first = await handlers.submit_proposal(ctx, STAFF_CALLER, TOWN, draft(), "request-1")
    again = await handlers.submit_proposal(ctx, STAFF_CALLER, TOWN, draft(), "request-1")
    assert again.id == first.id and first.year == 2024 and first.state is ProposalState.SUBMITTED
    before = copy.deepcopy((ctx.unit_of_work.store, ctx.unit_of_work.events))
    with pytest.raises(InvalidArgument):  # not shortlisted needs an explanation: nothing changes
        await handlers.screen_proposal(ctx, STAFF_CALLER, TOWN, first.id, results=all_pass(群众有需求="no"),
                                       outcome=Outcome.NOT_SHORTLISTED, explanation="", cycle_year=None)
    assert (ctx.unit_of_work.store, ctx.unit_of_work.events) == before
    screened = await handlers.screen_proposal(ctx, STAFF_CALLER, TOWN, first.id, results=all_pass(),
                                              outcome=Outcome.SHORTLISTED, explanation="", cycle_year=None)
    assert screened.state is ProposalState.SHORTLISTED
    history = [e for e in ctx.unit_of_work.events if e.aggregate_id == first.name]
    assert [type(e.payload) for e in history] == [ev.ProposalSubmitted, ev.ProposalScreened]
    assert [e.aggregate_sequence for e in history] == [1, 2]
    assert history[1].payload.outcome == ev.ProposalScreened.SHORTLISTED


async def test_outside_an_open_cycle_a_proposal_goes_to_the_reserve_pool(collection):
    proposal = await handlers.submit_proposal(collection, STAFF_CALLER, TOWN, draft(), "")
    assert proposal.state is ProposalState.RESERVE_POOL and proposal.year is None
    assert collection.unit_of_work.of(proposal.name) == [ev.ProposalSubmitted(
        proposal=proposal.name, channel="WEB", category="交通", in_reserve_pool=True)]


async def test_the_reviews_answer_is_recorded_once_and_an_earlier_answer_stands(collection):
    ctx = collection
    await open_cycle(ctx)
    proposal = await handlers.submit_proposal(ctx, STAFF_CALLER, TOWN, draft(), "")
    await handlers.screen_proposal(ctx, STAFF_CALLER, TOWN, proposal.id, results=all_pass(),
                                   outcome=Outcome.SHORTLISTED, explanation="", cycle_year=None)
    consumer = Consumer(ctx, js=None, service="collection", subscription=SUBSCRIPTIONS[0])

    def decided(answer: str):
        return events.new_envelope(town_id=TOWN, source="review", aggregate_id="towns/xihu/reviews/2024/items/i",
                                   aggregate_sequence=1, payload=ItemNotRecommended(proposal=proposal.name,
                                                                                    answer=answer))
    first = decided("资金未落实，列入储备库")
    assert await consumer.apply(first) and not await consumer.apply(first)
    assert await consumer.apply(decided("another answer"))  # a second decision: applied, but changes nothing
    answered = await handlers.get_proposal(ctx, STAFF_CALLER, TOWN, proposal.id)
    assert answered.answer.text == "资金未落实，列入储备库"
    assert [type(p) for p in ctx.unit_of_work.of(proposal.name)] == [
        ev.ProposalSubmitted, ev.ProposalScreened, ev.ProposalAnswered]
